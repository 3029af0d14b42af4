"""`madoguchi i18n` pot / update / check: the translator's workflow, on real Babel
catalogs copied to a temporary folder (the packaged ones are never written)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from forms.catalogue import load_catalogue
from forms.texts import catalogue_texts
from i18n.catalog import LOCALES_DIR
from kiosk.i18n_cli import i18n

PACKAGED_CATALOGUE = Path(load_catalogue().root)
NAME_QUESTION = "dictionary.yaml fields.applicant.name.question"


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    copy = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, copy)
    return copy


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    copy = tmp_path / "catalogue"
    shutil.copytree(PACKAGED_CATALOGUE, copy)
    return copy


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(i18n, list(args))
    return result.exit_code, result.stdout, result.stderr


def entry(path: Path, context: str) -> tuple[str, str, bool]:
    with path.open("rb") as fh:
        catalog = read_po(fh)
    for message in catalog:
        if message.context == context:
            return str(message.id), str(message.string), message.fuzzy
    raise AssertionError(f"no entry {context}")


def test_every_shipped_language_is_complete() -> None:
    code, out, err = run("check")
    assert code == 0, err
    assert "pt_BR    catalogue  complete" in out and "ne       kiosk      complete" in out
    # やさしい日本語 is a resident language of its own, checked like the others.
    assert "ja@easy  catalogue  complete" in out and "ja@easy  printing   complete" in out
    assert "to do" not in out


def test_check_names_an_untranslated_key_and_a_wrong_placeholder(locales: Path) -> None:
    kiosk = locales / "pt_BR" / "LC_MESSAGES" / "kiosk.po"
    text = kiosk.read_text(encoding="utf-8")
    # one entry dropped, one with its placeholder renamed
    start = text.index('msgid "kiosk.address.up"')
    end = text.index("\n\n", start)
    text = text[:start] + text[end + 2 :]
    assert "{reference}" in (locales / "pt_BR/LC_MESSAGES/store.po").read_text(encoding="utf-8")
    store = locales / "pt_BR" / "LC_MESSAGES" / "store.po"
    store.write_text(store.read_text(encoding="utf-8").replace("{reference}", "{referencia}"),
                     encoding="utf-8")  # fmt: skip
    # and one sentence left in English (copied over from the English catalog)
    with (LOCALES_DIR / "en" / "LC_MESSAGES" / "store.po").open("rb") as fh:
        english = str(read_po(fh).get("store.not_signed_in").string)
    store_text = store.read_text(encoding="utf-8")
    start = store_text.index('msgid "store.not_signed_in"')
    end = store_text.index("\n\n", start)
    store.write_text(store_text[:start] + f'msgid "store.not_signed_in"\nmsgstr "{english}"'
                     + store_text[end:], encoding="utf-8")  # fmt: skip
    kiosk.write_text(text, encoding="utf-8")
    code, out, err = run("check", "--locale", "pt_BR", "--locales-dir", str(locales))
    assert code == 1
    assert "pt_BR/store: english store.not_signed_in" in err
    assert "pt_BR/kiosk: untranslated kiosk.address.up" in err
    assert "pt_BR/store: placeholders spool.saved" in err
    assert "pt_BR    catalogue  complete" in out


def test_a_reworded_question_keeps_its_translation_marked_fuzzy(
    locales: Path, catalogue: Path
) -> None:
    po = locales / "ko" / "LC_MESSAGES" / "catalogue.po"
    old_ja, old_ko, _ = entry(po, NAME_QUESTION)
    dictionary = catalogue / "dictionary.yaml"
    dictionary.write_text(
        dictionary.read_text(encoding="utf-8").replace(
            f"{{ja: {old_ja}, en:", "{ja: あなたのお名前を教えてください, en:", 1),
        encoding="utf-8",
    )  # fmt: skip
    code, _, err = run("update", "--catalogue", str(catalogue), "--locales-dir", str(locales))
    assert code == 0, err
    new_ja, ko, fuzzy = entry(po, NAME_QUESTION)
    assert (new_ja, ko, fuzzy) == ("あなたのお名前を教えてください", old_ko, True)
    # The translator's header stays (review status), and English gets no catalogue.po
    # (the catalogue has its English itself).
    assert "X-Review-Status: draft" in po.read_text(encoding="utf-8")
    assert "FULL NAME" not in po.read_text(encoding="utf-8")
    assert not (locales / "en" / "LC_MESSAGES" / "catalogue.po").exists()
    code, _, err = run("check", "--catalogue", str(catalogue), "--locale", "ko",
                       "--locales-dir", str(locales))  # fmt: skip
    assert code == 1
    assert f"ko/catalogue: fuzzy {NAME_QUESTION} | あなたのお名前を教えてください" in err


def test_pot_writes_one_template_per_domain_with_places_and_originals(tmp_path: Path) -> None:
    code, _, err = run("pot", "--out-dir", str(tmp_path))
    assert code == 0, err
    names = {p.stem for p in tmp_path.glob("*.pot")}
    assert {"kiosk", "card", "store", "staff", "catalogue"} <= names
    with (tmp_path / "catalogue.pot").open("rb") as fh:
        pot = read_po(fh)
    places = {(str(m.id), m.context) for m in pot if m.id}
    assert places == set(catalogue_texts(load_catalogue()))
    with (tmp_path / "kiosk.pot").open("rb") as fh:
        kiosk = read_po(fh)
    up = kiosk.get("kiosk.address.up")
    assert up is not None and not up.string and any(c.startswith("ja: ") for c in up.auto_comments)


def test_an_unknown_locale_is_a_usage_error() -> None:
    code, _, err = run("check", "--locale", "xx")
    assert code == 2 and "available:" in err
