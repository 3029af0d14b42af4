"""Message catalogs: Babel `.po` files under `i18n/locales/<locale>/LC_MESSAGES/<domain>.po`.

Every resident- or staff-facing string is looked up by a stable key (e.g.
``card.pin_blocked``), which is the msgid; the catalogs hold the words. Each layer
keeps its own domain file (card.po, forms.po, kiosk.po, staff.po...) so they can be
edited independently; a locale's translator merges them all.

`.po` files are read with Babel at start-up (no compiled `.mo` files to keep in step).
"""

from __future__ import annotations

import json
import os
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from i18n.po_messages import Unsupported, po_messages
from i18n.ruby import bracketed

LOCALES_DIR = Path(__file__).parent / "locales"
#: The language a resident sees first, and the one staff screens use.
DEFAULT_LOCALE = "ja"
#: Where a key missing from a language falls back to, before the key itself.
FALLBACK_LOCALE = "en"
#: The header in which a variety CLDR has no name for (a gettext modifier such as
#: ``ja@easy``, やさしい日本語) names itself, in its catalogs (Babel drops X- headers on
#: reading, so the header block is read as text).
SELF_NAME_HEADER = "X-Language-Name"


def base_language(locale: str) -> str:
    """The language a locale is a variety of: ``ja@easy`` → ``ja``, ``pt_BR`` → ``pt``."""
    return Locale.parse(locale).language


def is_variety(locale: str) -> bool:
    """A variety of a language written as a gettext modifier (``ja@easy``, like
    ``sr@latin``): it falls back to its own language before English."""
    return Locale.parse(locale).modifier is not None


def fallbacks(locale: str) -> tuple[str, ...]:
    """Where a text missing in `locale` is looked for, in order: a variety's own
    language first (やさしい日本語 → Japanese, never English first), then English."""
    chain: list[str] = []
    if is_variety(locale):
        chain.append(str(Locale.parse(locale).language))
    if locale != FALLBACK_LOCALE:
        chain.append(FALLBACK_LOCALE)
    return tuple(dict.fromkeys(loc for loc in chain if loc != locale))


def locale_dirs() -> list[Path]:
    """The packaged catalogs, then a city's own (MADOGUCHI_LOCALE_DIRS, separated like
    PATH): a city adds a language, or its own wording, without touching the package."""
    extra = [Path(p) for p in os.environ.get("MADOGUCHI_LOCALE_DIRS", "").split(os.pathsep) if p]
    return [LOCALES_DIR, *extra]


def available_locales() -> list[str]:
    """Locales with at least one catalog, Japanese first."""
    found = {
        p.name
        for root in locale_dirs()
        if root.is_dir()
        for p in root.iterdir()
        if p.is_dir() and any((p / "LC_MESSAGES").glob("*.po"))
    }
    return sorted(found, key=lambda loc: (loc != DEFAULT_LOCALE, loc))


def locales_with(domain: str) -> list[str]:
    """Locales that ship `domain` (the staff desk offers the languages of staff.po)."""
    return [
        loc for loc in available_locales()
        if any((root / loc / "LC_MESSAGES" / f"{domain}.po").is_file() for root in locale_dirs())
    ]


def shipped_locale(tag: str | None, offered: list[str] | None = None) -> str | None:
    """The offered locale (default: every available one) that speaks a POSIX or BCP 47
    language tag: ``ja_JP.UTF-8`` → ja, ``zh_TW`` → zh_Hant, ``pt_PT`` → pt_BR, ``tl`` →
    fil. None for C/POSIX, an empty or unknown tag, or a language nobody ships."""
    name = (tag or "").split(".")[0].split("@")[0].replace("-", "_")
    if name in ("", "C", "POSIX"):
        return None
    try:
        parsed = Locale.parse(name)
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    offered = available_locales() if offered is None else offered
    lang, script, territory = parsed.language, parsed.script, parsed.territory
    if script is None and lang == "zh":  # zh alone: the script its region usually writes
        script = Locale.parse(f"zh_{territory or 'CN'}").script
    for candidate in (
        f"{lang}_{script}_{territory}", f"{lang}_{script}", f"{lang}_{territory}", lang,
    ):
        if candidate in offered:
            return candidate
    return next((loc for loc in offered if loc.split("_")[0] == lang), None)


@cache
def load_catalogs(locale: str) -> dict[str, Catalog]:
    """Every domain's catalog for one locale, by domain name (a city's own catalog of a
    domain, in a later directory, wins over the packaged one)."""
    catalogs: dict[str, Catalog] = {}
    for root in locale_dirs():
        for po in sorted((root / locale / "LC_MESSAGES").glob("*.po")):
            with po.open("rb") as fh:
                catalogs[po.stem] = read_po(fh, locale=locale, domain=po.stem)
    return catalogs


@cache
def _messages(locale: str) -> dict[str, str]:
    """Every domain's translated messages for `locale`, merged as `load_catalogs`
    orders them; each file read by `po_messages` (Babel only for what it does not read)."""
    files: dict[str, Path] = {}
    for root in locale_dirs():
        for po in sorted((root / locale / "LC_MESSAGES").glob("*.po")):
            files[po.stem] = po
    merged: dict[str, str] = {}
    for domain, po in files.items():
        try:
            merged.update(po_messages(po.read_text(encoding="utf-8")))
        except (Unsupported, UnicodeDecodeError):
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=locale, domain=domain)
            for message in catalog:
                if message.id and isinstance(message.id, str) and message.string:
                    merged[message.id] = str(message.string)
    return merged


class _Missing(dict[str, object]):
    """Leaves unknown `{placeholders}` visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Translator:
    """Looks up keys for one locale, falling back along `fallbacks` (English; for a
    variety such as やさしい日本語 its own language first), then to the key."""

    locale: str
    _chain: tuple[dict[str, str], ...] = field(repr=False, default=())
    #: The locales after this one, in the order `text` and `gettext` try them.
    fallback_locales: tuple[str, ...] = (FALLBACK_LOCALE, DEFAULT_LOCALE)

    def gettext(self, key: str, /, **params: object) -> str:
        for messages in self._chain:
            text = messages.get(key)
            if text is not None:
                return string.Formatter().vformat(text, (), _Missing(params)) if params else text
        return key

    __call__ = gettext

    def has(self, key: str) -> bool:
        return any(key in messages for messages in self._chain)

    def text(self, texts: object) -> str:
        """A catalogue text (``{ja: ..., en: ...}``) in this language: the catalogue's
        own words, else the `catalogue` domain's translation of the Japanese (msgid =
        the Japanese text, msgctxt = where it is used), else English, else Japanese
        (for a variety of Japanese, やさしい日本語: else Japanese, else English).
        The one rule for "this language, else ..." wherever a catalogue text is shown."""
        if texts is None:
            return ""
        if not isinstance(texts, Mapping):  # a plain text, or a value shown as it is
            return str(texts)
        own = texts.get(self.locale)
        if own:
            return str(own)
        japanese = texts.get(DEFAULT_LOCALE)
        if japanese and self.locale != DEFAULT_LOCALE and japanese in self._chain[0]:
            return self._chain[0][japanese]
        for loc in (*self.fallback_locales, DEFAULT_LOCALE):
            if texts.get(loc):
                return str(texts[loc])
        return next((str(v) for v in texts.values() if v), "")

    @property
    def language_name(self) -> str:
        """The language's own name for itself (日本語, English, Português...)."""
        return language_name(self.locale)


#: CLDR's name of each packaged language in itself, as Babel gives it
#: (tests/i18n/test_language_names.py checks they agree): Babel loads a language's
#: whole CLDR data to name it, 40 ms for the first screen's twelve at every start.
CLDR_NAMES_FILE = Path(__file__).parent / "language_names.json"


@cache
def _cldr_names() -> dict[str, str]:
    names = json.loads(CLDR_NAMES_FILE.read_text(encoding="utf-8"))
    return names if isinstance(names, dict) else {}


@cache
def language_name(locale: str) -> str:
    """A language's own name for itself, from CLDR (Babel; for the packaged languages
    kept in `CLDR_NAMES_FILE`): no catalog is read, so a language grid at start-up
    does not parse every language's .po files. A variety CLDR does not know
    (``ja@easy``) is named in its own catalogs' header (`SELF_NAME_HEADER`)."""
    known = _cldr_names().get(locale)
    if known:
        return str(known)
    if is_variety(locale):
        for root in reversed(locale_dirs()):
            for po in sorted((root / locale / "LC_MESSAGES").glob("*.po")):
                header = po.read_text(encoding="utf-8").split("\n\n", 1)[0]
                for line in header.splitlines():
                    prefix = f'"{SELF_NAME_HEADER}:'
                    if line.startswith(prefix):
                        return line[len(prefix) :].strip().removesuffix('"').removesuffix("\\n").strip()
    return Locale.parse(locale).get_display_name(locale) or locale


@cache
def translator(locale: str = DEFAULT_LOCALE) -> Translator:
    after = fallbacks(locale)
    chain = [_messages(locale), *(_messages(loc) for loc in after)]
    return Translator(locale, tuple(chain), tuple(dict.fromkeys((*after, DEFAULT_LOCALE))))


class PaperTranslator(Translator):
    """The same words for paper (cover sheet, ticket): furigana written as
    `漢字《かんじ》` (やさしい日本語) printed as `漢字（かんじ）`, since neither reportlab's
    text nor a receipt printer draws ruby."""

    def gettext(self, key: str, /, **params: object) -> str:
        return bracketed(super().gettext(key, **params))

    __call__ = gettext

    def text(self, texts: object) -> str:
        return bracketed(super().text(texts))


@cache
def paper_translator(locale: str = DEFAULT_LOCALE) -> Translator:
    on_screen = translator(locale)
    return PaperTranslator(on_screen.locale, on_screen._chain, on_screen.fallback_locales)


def text_of(texts: object, locale: str) -> str:
    """A catalogue text in `locale` by the one rule (`Translator.text`), for code that
    has a locale rather than a translator."""
    return translator(locale).text(texts)


def reload() -> None:
    """Forget loaded catalogs (after an admin edits a .po file, or the locale
    directories change)."""
    load_catalogs.cache_clear()
    _messages.cache_clear()
    translator.cache_clear()
    paper_translator.cache_clear()
    language_name.cache_clear()
    _cldr_names.cache_clear()
