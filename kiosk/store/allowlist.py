"""What application data may hold: the one rule for 個人番号 and unknown keys.

A stored application's `data` may only have keys of the data dictionary (with group
members as `children[].name`) or the few keys the kiosk itself adds (`event`,
`procedures.extra[]`, ...). Facts the dictionary marks `sensitive` (the individual
number) are never stored, edited, exported or put in flags, and no text anywhere may
carry a 12-digit number (a 個人番号 typed into a free-text answer or a note). Every
place that takes or hands out data asks this module: submit, staff edits, flags,
export, and the logging filter (`mask`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forms.data import dictionary_key, leaves, set_value
from forms.errors import DataKeyError
from kiosk.personal import has_individual_number, mask
from kiosk.store.errors import InvalidDraft

#: Keys the kiosk adds to the dictionary's facts (kiosk.session.submission_data).
#: `catalogue` is the version label of the catalogue that made it (forms.version).
APPLICATION_KEYS = frozenset({"event", "catalogue", "procedures.extra[]", "procedures.declined[]"})


@dataclass(frozen=True)
class DataKeys:
    """The keys an application may hold, and the ones it never may (sensitive)."""

    allowed: frozenset[str]
    sensitive: frozenset[str]
    #: What the staff desk uses answers for (the dictionary's `staff:`): the queue's
    #: name (first answered, in asking order), the search box, 外字 checks.
    queue_names: tuple[str, ...] = ()
    search: frozenset[str] = frozenset()
    glyph_check: frozenset[str] = frozenset()

    @classmethod
    def from_catalogue(cls, catalogue: Any) -> DataKeys:
        fields = sorted(catalogue.dictionary.values(), key=lambda f: f.order)
        sensitive = frozenset(f.key for f in fields if f.sensitive)
        allowed = frozenset(f.key for f in fields if not f.sensitive) | APPLICATION_KEYS
        # A multi_choice answer is a list: its items are `key[]` (as procedures.extra[]).
        allowed |= {f"{f.key}[]" for f in fields if f.type == "multi_choice" and not f.sensitive}

        def used_for(use: str) -> list[str]:
            return [f.key for f in fields if use in f.staff and not f.sensitive]

        return cls(allowed, sensitive, tuple(used_for("queue_name")),
                   frozenset(used_for("search")), frozenset(used_for("glyph_check")))  # fmt: skip

    @classmethod
    def load(cls, catalogue_dir: str | Path | None = None) -> DataKeys:
        """From the published catalogue (catalogue_dir), or the packaged one."""
        from forms.catalogue import load_catalogue

        return cls.from_catalogue(load_catalogue(Path(catalogue_dir) if catalogue_dir else None))

    # -- the rule ---------------------------------------------------------------

    def problems(self, data: Any, where: str = "data") -> Iterator[str]:
        """Each leaf that may not be stored, as `where.path: why`."""
        if not isinstance(data, dict):
            yield f"{where}: must be a mapping keyed by the data dictionary"
            return
        for path, value in leaves(data):
            yield from self.value_problems(path, value, where)

    def value_problems(self, path: str, value: Any, where: str = "data") -> Iterator[str]:
        key = dictionary_key(path)
        if key in self.sensitive:
            yield f"{where}.{path}: a sensitive fact (個人番号) is never stored"
        elif key not in self.allowed:
            yield f"{where}.{path}: not a fact of the data dictionary"
        yield from text_problems(value, f"{where}.{path}")

    def check(self, data: Any, flags: Iterable[Any] = ()) -> None:
        """InvalidDraft naming every offending path, or nothing."""
        found = list(self.problems(data))
        found += list(text_problems(list(flags), "flags"))
        if found:
            raise InvalidDraft("; ".join(found[:10]), paths=", ".join(found[:10]))

    def check_edit(self, path: str, value: Any) -> None:
        """A staff correction of one path (a value, or a whole group member)."""
        found = [p for leaf, v in leaves(value, path) for p in self.value_problems(leaf, v)]
        if found:
            raise InvalidDraft("; ".join(found), paths=", ".join(found))

    def scrub(self, data: Any) -> Any:
        """A copy of `data` without sensitive or unknown keys and with 12-digit numbers
        masked: what an export may hand on even from rows stored before this rule."""
        out: dict[str, Any] = {}
        for path, value in leaves(data if isinstance(data, dict) else {}):
            if dictionary_key(path) not in self.allowed:
                continue
            # A gap in a list (a member dropped before it) cannot be set: left out.
            with contextlib.suppress(DataKeyError):
                set_value(out, path, mask(value) if isinstance(value, str) else value, strict=True)
        return out

    # -- what the staff desk uses answers for (the dictionary's `staff:`) ----------

    def display_name(self, data: Any) -> str | None:
        """The queue's name: the first answered `queue_name` fact, in asking order."""
        for key in self.queue_names:
            for _, value in _texts(data, (key,)):
                return value
        return None

    def search_text(self, data: Any) -> str:
        """What the queue's search box finds an application by (the `search` facts)."""
        return " ".join(value.casefold() for _, value in _texts(data, self.search))

    def glyph_paths(self, data: Any) -> list[str]:
        """Paths of the `glyph_check` facts holding a character outside JIS X 0208."""
        return [p for p, v in _texts(data, self.glyph_check) if needs_glyph_check(v)]


def _texts(data: Any, keys: Collection[str]) -> Iterator[tuple[str, str]]:
    """Answered text leaves whose dictionary key is one of `keys`."""
    for path, value in leaves(data):
        if isinstance(value, str) and value and dictionary_key(path) in keys:
            yield path, value


def needs_glyph_check(text: str) -> bool:
    """True if `text` has a character outside JIS X 0208 (Shift_JIS): 𠮷, 髙 and other
    外字 that the card or a form font may show differently from the family register."""
    try:
        text.encode("shift_jis")
    except UnicodeEncodeError:
        return True
    return False


def text_problems(value: Any, where: str) -> Iterator[str]:
    """Any text in `value` (nested lists and mappings, keys too) with a 12-digit number."""
    if isinstance(value, str):
        if has_individual_number(value):
            yield f"{where}: holds a 12-digit number (個人番号 are never stored)"
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from text_problems(str(k), f"{where}.{k}")
            yield from text_problems(v, f"{where}.{k}")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from text_problems(v, f"{where}[{i}]")
    elif isinstance(value, int) and not isinstance(value, bool):
        yield from text_problems(str(value), where)


def redact(value: Any) -> Any:
    """`value` with 12-digit numbers masked in every text (the kiosk, before sending)."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {k: redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value
