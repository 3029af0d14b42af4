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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.personal import has_individual_number, mask
from kiosk.store import datapath
from kiosk.store.datapath import generic
from kiosk.store.errors import InvalidDraft, InvalidPath

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
        for path, value in datapath.leaves(data):
            yield from self.value_problems(path, value, where)

    def value_problems(self, path: str, value: Any, where: str = "data") -> Iterator[str]:
        key = generic(path)
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
        found = [
            p for leaf, v in datapath.leaves(value, path) for p in self.value_problems(leaf, v)
        ]
        if found:
            raise InvalidDraft("; ".join(found), paths=", ".join(found))

    def scrub(self, data: Any) -> Any:
        """A copy of `data` without sensitive or unknown keys and with 12-digit numbers
        masked: what an export may hand on even from rows stored before this rule."""
        out: dict[str, Any] = {}
        for path, value in datapath.leaves(data if isinstance(data, dict) else {}):
            if generic(path) not in self.allowed:
                continue
            # A gap in a list (a member dropped before it) cannot be set: left out.
            with contextlib.suppress(InvalidPath):
                datapath.set_value(out, path, mask(value) if isinstance(value, str) else value)
        return out


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
