"""The other languages of one catalogue text, as the admin sees them beside the
Japanese and English they edit.

The catalogue holds ja and en itself; the other resident languages come from each
language's `catalogue.po` (docs/translating.md: msgctxt = the place, msgid = the
Japanese), filled by translators through `madoguchi i18n pot/update`. The admin does not
edit those here; they see, per language, what a resident will read:

    translated  the place has a translation of this very Japanese
    fuzzy       a translation waiting for the translator's review (marked fuzzy)
    outdated    the place was translated from an earlier Japanese text (the admin
                reworded it): `i18n update` keeps it, marked fuzzy, for the translator
    shared      not translated at this place, but the same Japanese is elsewhere: the
                kiosk shows that translation
    missing     nothing yet: the kiosk shows the English (for ja@easy the Japanese)

No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel.messages.catalog import Message

from forms.texts import DOMAIN
from i18n.catalog import DEFAULT_LOCALE, FALLBACK_LOCALE, load_catalogs, locales_with


@dataclass(frozen=True)
class Translation:
    locale: str
    state: str  # translated, fuzzy, outdated, shared, missing
    text: str  # what the translation says ("" when missing)


def other_locales() -> list[str]:
    """The resident languages with a catalogue.po, beyond the two the YAML holds."""
    return [loc for loc in locales_with(DOMAIN) if loc not in (DEFAULT_LOCALE, FALLBACK_LOCALE)]


@cache
def _by_place(locale: str) -> tuple[dict[str, Message], dict[str, Message]]:
    """(place → entry, Japanese → a translated entry) of a language's catalogue.po."""
    catalog = load_catalogs(locale).get(DOMAIN)
    places: dict[str, Message] = {}
    japanese: dict[str, Message] = {}
    for message in catalog or ():
        if not message.id or not isinstance(message.id, str):
            continue
        if message.context:
            places[str(message.context)] = message
        if message.string and not message.fuzzy:
            japanese.setdefault(message.id, message)
    return places, japanese


def translations(where: str, japanese: str) -> list[Translation]:
    """Each other language's state for the text at `where` whose Japanese is `japanese`."""
    out = []
    for locale in other_locales():
        places, by_japanese = _by_place(locale)
        entry = places.get(where)
        if entry is not None and entry.id == japanese and entry.string:
            state = "fuzzy" if entry.fuzzy else "translated"
            out.append(Translation(locale, state, str(entry.string)))
        elif entry is not None and entry.string:
            out.append(Translation(locale, "outdated", str(entry.string)))
        elif japanese and japanese in by_japanese:
            out.append(Translation(locale, "shared", str(by_japanese[japanese].string)))
        else:
            out.append(Translation(locale, "missing", ""))
    return out


def forget() -> None:
    """Read the catalogs again (after a translator's update)."""
    _by_place.cache_clear()
