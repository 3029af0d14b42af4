"""The first screen names every language in itself without loading each language's
CLDR data: the packaged languages' names are kept in a file, which must say what
CLDR (Babel) says."""

from __future__ import annotations

import json

import pytest
from babel import Locale

from i18n import catalog
from i18n.catalog import CLDR_NAMES_FILE, available_locales, is_variety, language_name

REGENERATE = (
    "regenerate i18n/language_names.json: {loc: Locale.parse(loc).get_display_name(loc)} "
    "for every packaged locale that is not a variety"
)


def test_the_kept_names_are_cldrs_for_every_packaged_language() -> None:
    kept = json.loads(CLDR_NAMES_FILE.read_text(encoding="utf-8"))
    cldr = {
        loc: Locale.parse(loc).get_display_name(loc)
        for loc in available_locales()
        if not is_variety(loc)
    }
    assert kept == cldr, REGENERATE


def test_a_kept_name_needs_no_cldr_data(monkeypatch: pytest.MonkeyPatch) -> None:
    catalog.language_name.cache_clear()
    monkeypatch.setattr(Locale, "get_display_name", lambda *_: "from CLDR")
    assert language_name("pt_BR") == "português (Brasil)"
    assert language_name("ja@easy") == "やさしい にほんご"  # a variety: its own header
    catalog.language_name.cache_clear()
