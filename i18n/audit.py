"""What a translator still has to do: untranslated, fuzzy, wrong placeholders, obsolete.

Two kinds of catalog are checked the same way:
- keyed domains (kiosk.po, card.po ...): msgid = a stable key; the Japanese catalog of
  the same domain is the reference;
- the catalogue domain (catalogue.po): msgid = the Japanese text, msgctxt = where it is
  used; the template made from the catalogue (`forms.texts.template`) is the reference.
Both are compared by (msgid, msgctxt), which for keyed domains is (key, None).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Literal

from babel.messages.catalog import Catalog, Message

Kind = Literal["untranslated", "english", "fuzzy", "placeholders", "obsolete"]

#: Domains a resident can see: every resident language must have them complete. Staff,
#: admin and doctor texts are checked only in languages that ship them.
RESIDENT_DOMAINS = ("kiosk", "card", "forms", "printing", "common", "names", "store", "catalogue")


@dataclass(frozen=True)
class Finding:
    locale: str
    domain: str
    kind: Kind
    key: str  # the message key, or "<msgctxt> | <Japanese>"
    detail: str = ""

    def __str__(self) -> str:
        tail = f": {self.detail}" if self.detail else ""
        return f"{self.locale}/{self.domain}: {self.kind} {self.key}{tail}"


def placeholders(text: str) -> set[tuple[str, str | None]]:
    """The `{name!conversion}` fields of a text (format specs may differ by language)."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:  # a stray brace: never equal to a well-formed text's fields
        return {("<unbalanced braces>", None)}
    return {(name, conv) for _, name, _, conv in parsed if name is not None}


def _entries(catalog: Catalog) -> dict[tuple[str, str | None], Message]:
    return {(str(m.id), m.context): m for m in catalog if m.id and isinstance(m.id, str)}


def _name(key: tuple[str, str | None]) -> str:
    msgid, context = key
    return msgid if context is None else f"{context} | {msgid}"


def check(
    reference: Catalog,
    catalog: Catalog | None,
    locale: str,
    domain: str,
    *,
    source_is_msgid: bool = False,
    english: dict[tuple[str, str | None], str] | None = None,
) -> list[Finding]:
    """Every finding of one locale's catalog against its reference. `source_is_msgid`:
    the original text is the msgid itself (catalogue.po), not the reference's msgstr.
    `english`: the English of each entry; a sentence left in English in another
    language is a copy waiting for its translator, not a translation."""
    wanted = _entries(reference)
    have = _entries(catalog) if catalog is not None else {}
    findings: list[Finding] = []
    for key, ref in wanted.items():
        source = key[0] if source_is_msgid else str(ref.string or "")
        own = have.get(key)
        if own is None or not str(own.string or "").strip():
            findings.append(Finding(locale, domain, "untranslated", _name(key), source))
        elif english and _copied(str(own.string), english.get(key)):
            findings.append(Finding(locale, domain, "english", _name(key), str(own.string)))
        elif own.fuzzy:
            findings.append(Finding(locale, domain, "fuzzy", _name(key), str(own.string)))
        elif source and placeholders(source) != placeholders(str(own.string)):
            findings.append(Finding(locale, domain, "placeholders", _name(key),
                                    f"{source!r} vs {str(own.string)!r}"))  # fmt: skip
    for key in have.keys() - wanted.keys():
        findings.append(Finding(locale, domain, "obsolete", _name(key)))
    return findings


def _copied(text: str, english: str | None) -> bool:
    """The same English sentence (names, codes and short labels such as "PDF" or "OK"
    may rightly stay the same; so may a pattern of placeholders and marks alone,
    "• {procedure} → {counter}")."""
    words = [w for w in _FIELD.sub("", text).split() if any(ch.isalpha() for ch in w)]
    return bool(english) and text.strip() == str(english).strip() and len(words) >= 4


#: A `{placeholder}` of a text: not a word of any language.
_FIELD = re.compile(r"\{[^{}]*\}")


def english_of(catalog: Catalog | None) -> dict[tuple[str, str | None], str]:
    """Each entry's English: a keyed catalog's msgstr, or the `#. en:` note of a template."""
    found: dict[tuple[str, str | None], str] = {}
    for key, message in _entries(catalog).items() if catalog is not None else []:
        notes = [c[4:] for c in message.auto_comments if c.startswith("en: ")]
        text = notes[0] if notes else str(message.string or "")
        if text:
            found[key] = text
    return found


def updated(template: Catalog, catalog: Catalog) -> Catalog:
    """`catalog` brought up to `template`, by place (msgctxt): a place whose Japanese was
    reworded keeps its old translation marked fuzzy (with the old Japanese as
    `#| msgid`) for the translator to review; new places come untranslated; places gone
    from the catalogue are dropped (git keeps them). Babel's own fuzzy matching is not
    used: it matches across places by similar Japanese and picks another text's words."""
    by_place: dict[str | None, Message] = {m.context: m for m in catalog if m.id and m.context}
    merged: list[Message] = []
    for ref in template:
        if not ref.id:
            continue
        old = catalog.get(ref.id, context=ref.context)
        if old is not None:
            merged.append(Message(ref.id, old.string, context=ref.context, flags=old.flags,
                                  auto_comments=ref.auto_comments,
                                  user_comments=old.user_comments))  # fmt: skip
            continue
        moved = by_place.get(ref.context)
        if moved is not None and moved.string:
            merged.append(Message(ref.id, moved.string, context=ref.context, flags={"fuzzy"},
                                  auto_comments=ref.auto_comments, previous_id=moved.id,
                                  user_comments=moved.user_comments))  # fmt: skip
        else:
            merged.append(Message(ref.id, "", context=ref.context,
                                  auto_comments=ref.auto_comments))  # fmt: skip
    for message in [m for m in catalog if m.id]:
        catalog.delete(message.id, context=message.context)
    for message in merged:
        catalog[message.id] = message
    return catalog
