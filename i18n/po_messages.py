"""The messages of a `.po` file (msgid → msgstr), read without building Babel's catalog.

A translator needs only the translated singular messages. Babel's `read_po` builds a
whole `Catalog` (a `Message` per entry, the locale's CLDR plural rules): 0.04 s for
Japanese and English at every kiosk start. This reads the plain subset the packaged
files use; anything else (a plural message, a line it does not know) is `Unsupported`,
and the caller reads that file with Babel instead. tests/i18n/test_po_messages.py
checks that every shipped file gives what Babel gives.
"""

from __future__ import annotations

from babel.messages.pofile import unescape


class Unsupported(ValueError):
    """Not the plain subset: read this file with Babel."""


def _string(rest: str) -> str:
    rest = rest.strip()
    if len(rest) < 2 or not (rest.startswith('"') and rest.endswith('"')):
        raise Unsupported(rest[:40])
    return str(unescape(rest))


def po_messages(text: str) -> dict[str, str]:
    """msgid → msgstr of every translated message in `text`, as Babel reads them (the
    header, untranslated and obsolete entries left out; a message's context ignored)."""
    messages: dict[str, str] = {}
    parts: dict[str, list[str]] = {}
    current: list[str] | None = None

    def flush() -> None:
        if "msgid" in parts:
            if "msgstr" not in parts:
                raise Unsupported("msgid without msgstr")
            msgid, msgstr = "".join(parts["msgid"]), "".join(parts["msgstr"])
            if msgid and msgstr:
                messages[msgid] = msgstr
        elif parts:
            raise Unsupported("msgstr without msgid")
        parts.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#~"):
                continue  # obsolete: Babel keeps it apart, never translates with it
            if "msgstr" in parts:
                flush()  # comments and flags open the next entry
            current = None
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None:
                raise Unsupported(line[:40])
            current.append(_string(line))
            continue
        if keyword not in ("msgctxt", "msgid", "msgstr"):
            raise Unsupported(keyword)  # msgid_plural, msgstr[n], ...
        if keyword in parts or (keyword != "msgstr" and "msgid" in parts):
            flush()
        current = parts[keyword] = [_string(rest)]
    flush()
    return messages
