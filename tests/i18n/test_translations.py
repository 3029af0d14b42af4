"""Every shipped resident language translates every resident-facing message: the same
keys as the Japanese original, no empty text, the same `{placeholders}`, a proper
header (language, plural forms, UTF-8, review status), and Babel reads each file
without a syntax error."""

from __future__ import annotations

import string

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from i18n import available_locales, translator
from i18n.catalog import LOCALES_DIR

#: The resident languages the kiosk ships (issue 15), beside Japanese.
RESIDENT_LOCALES = ["en", "zh_Hans", "zh_Hant", "ko", "pt_BR", "es", "vi", "fil", "ne", "id",
                    "ja@easy"]
#: Catalogs a resident can see (store.po: the spool and error notices of the kiosk).
RESIDENT_DOMAINS = ["kiosk", "card", "forms", "printing", "common", "names", "store"]
#: Languages translated by the project, waiting for a city's native-speaking reviewer.
DRAFTS = [loc for loc in RESIDENT_LOCALES if loc != "en"]


def read(locale: str, domain: str) -> Catalog:
    path = LOCALES_DIR / locale / "LC_MESSAGES" / f"{domain}.po"
    assert path.is_file(), f"{locale}: no {domain}.po"
    with path.open("rb") as fh:
        # abort_invalid: a syntax error fails here instead of dropping the entry.
        return read_po(fh, locale=locale, domain=domain, abort_invalid=True)


def fields(text: str) -> set[tuple[str, str | None]]:
    """The `{name!conversion}` fields of a text (format specs may differ by language)."""
    return {
        (name, conversion)
        for _, name, _, conversion in string.Formatter().parse(text)
        if name is not None
    }


def messages(catalog: Catalog) -> dict[str, str]:
    return {str(m.id): str(m.string) for m in catalog if m.id}


def test_every_resident_language_is_available() -> None:
    locales = available_locales()
    assert locales[0] == "ja"
    assert set(RESIDENT_LOCALES) <= set(locales)


@pytest.mark.parametrize("domain", RESIDENT_DOMAINS)
@pytest.mark.parametrize("locale", RESIDENT_LOCALES)
def test_catalog_translates_every_message(locale: str, domain: str) -> None:
    ja = messages(read("ja", domain))
    catalog = read(locale, domain)
    own = messages(catalog)
    assert sorted(set(ja) - set(own)) == [], f"{locale}/{domain}: keys missing"
    assert sorted(set(own) - set(ja)) == [], f"{locale}/{domain}: keys Japanese lacks"
    assert [k for k, text in own.items() if not text.strip()] == [], "empty texts"
    assert not catalog.fuzzy, f"{locale}/{domain}: the header is fuzzy"
    assert [str(m.id) for m in catalog if m.id and m.fuzzy] == [], "fuzzy entries"
    wrong = {k: (ja[k], own[k]) for k in ja if fields(ja[k]) != fields(own[k])}
    assert wrong == {}, f"{locale}/{domain}: placeholders differ from Japanese"
    # Every text formats with its placeholders filled (no stray braces).
    for text in own.values():
        names = {name for name, _ in fields(text)}
        string.Formatter().vformat(text, (), {name: "x" for name in names})


@pytest.mark.parametrize("domain", RESIDENT_DOMAINS)
@pytest.mark.parametrize("locale", DRAFTS)
def test_catalog_header_names_language_and_review_status(locale: str, domain: str) -> None:
    catalog = read(locale, domain)
    assert str(catalog.locale) == locale
    path = LOCALES_DIR / locale / "LC_MESSAGES" / f"{domain}.po"
    header = dict(
        line.strip('"').removesuffix("\\n").split(": ", 1)
        for line in path.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines()
        if line.startswith('"') and ": " in line
    )
    assert header["Language"] == locale
    assert header["Plural-Forms"].startswith("nplurals=")
    assert "charset=UTF-8" in header["Content-Type"]
    assert header["X-Review-Status"].startswith("draft")


@pytest.mark.parametrize("locale", DRAFTS)
def test_a_resident_sees_the_language_not_the_fallback(locale: str) -> None:
    """The translator chain finds the language's own words, not English or the key."""
    tr = translator(locale)
    text = tr("card.pin_incorrect", tries_left=2)
    assert text != translator("en")("card.pin_incorrect", tries_left=2)
    assert "2" in text and "{" not in text
    assert tr.language_name and tr.language_name != locale


def test_the_draft_translations_are_distinct_languages() -> None:
    """A copy-paste of one language over another would pass the checks above."""
    welcome = {loc: translator(loc)("kiosk.attract.welcome") for loc in ["ja", *RESIDENT_LOCALES]}
    assert len(set(welcome.values())) == len(welcome), welcome
