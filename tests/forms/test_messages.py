"""Every message key the forms layer uses is in forms.po, in Japanese and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from forms.catalogue import load_catalogue
from forms.errors import ErrorCode, FontNotFoundError, FormDefinitionError, UnknownIdError
from forms.wareki import WarekiError

LOCALES = Path(__file__).resolve().parents[2] / "i18n" / "locales"
FORMS = Path(__file__).resolve().parents[2] / "forms"


def messages(locale: str) -> dict[str, str]:
    with (LOCALES / locale / "LC_MESSAGES" / "forms.po").open("rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh) if m.id and m.string}


def used_keys() -> set[str]:
    keys = {code.key for code in ErrorCode}
    keys |= {
        cls.key for cls in (FormDefinitionError, FontNotFoundError, UnknownIdError, WarekiError)
    }
    catalogue = load_catalogue()
    for form in catalogue.forms.values():
        keys |= {c.message for c in form.checks}
    for spec in catalogue.dictionary.values():
        if spec.rule and spec.rule.message:
            keys.add(spec.rule.message)
    source = "\n".join(p.read_text(encoding="utf-8") for p in FORMS.glob("*.py"))
    keys |= set(re.findall(r'"(forms\.check\.[a-z_]+)"', source))
    keys |= {
        f"forms.flag.{r}" for r in ("overflow", "glyph_missing", "too_many_rows", "too_many_digits")
    }
    return keys


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_every_key_is_translated(locale: str) -> None:
    missing = sorted(used_keys() - set(messages(locale)))
    assert missing == []


def test_english_error_templates_equal_the_code() -> None:
    english = messages("en")
    for code in ErrorCode:
        assert english[code.key] == code.template


def test_japanese_templates_take_the_same_parameters() -> None:
    japanese, english = messages("ja"), messages("en")
    for key, text in english.items():
        params = set(re.findall(r"{(\w+)", text))
        assert set(re.findall(r"{(\w+)", japanese[key])) == params, key
