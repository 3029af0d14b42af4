"""Dotted paths into application data (`applicant.name`, `children[0].name`).

The forms layer owns the data dictionary; the store only needs to read, write and
flatten paths of that shape for edits, search and the CSV export, so it keeps this
small, dependency-free version of the same notation.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterator, Sequence
from typing import Any

from kiosk.store.errors import InvalidPath

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")
_INDEX = re.compile(r"\[(\d+)\]")

Step = str | int


def parse(path: str) -> list[Step]:
    steps: list[Step] = []
    for part in path.split("."):
        match = _STEP.fullmatch(part)
        if not match:
            raise InvalidPath(path)
        steps.append(match.group(1))
        steps.extend(int(i) for i in _INDEX.findall(match.group(2)))
    return steps


def get_value(data: Any, path: str, default: Any = None) -> Any:
    node = data
    for step in parse(path):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return default
    return node


def set_value(data: dict[str, Any], path: str, value: Any) -> None:
    """Set a leaf, creating dicts and growing lists on the way."""
    steps = parse(path)
    node: Any = data
    for step, following in itertools.pairwise(steps):
        empty: Any = [] if isinstance(following, int) else {}
        node = _child(node, step, empty, path)
    last = steps[-1]
    if isinstance(last, int):
        _grow(node, last, path)
        node[last] = value
    elif isinstance(node, dict):
        node[last] = value
    else:
        raise InvalidPath(path)


def _child(node: Any, step: Step, empty: Any, path: str) -> Any:
    if isinstance(step, int):
        if not isinstance(node, list):
            raise InvalidPath(path)
        _grow(node, step, path)
        if node[step] is None:
            node[step] = empty
        return node[step]
    if not isinstance(node, dict):
        raise InvalidPath(path)
    if node.get(step) is None:
        node[step] = empty
    return node[step]


def _grow(node: Any, index: int, path: str) -> None:
    if not isinstance(node, list) or index > len(node):
        # Only appending one past the end: a gap would invent empty people.
        raise InvalidPath(path)
    if index == len(node):
        node.append(None)


def leaves(data: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every scalar leaf with its path, in a stable (dictionary, then index) order."""
    if isinstance(data, dict):
        for key in data:
            yield from leaves(data[key], f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from leaves(item, f"{prefix}[{i}]")
    else:
        yield prefix, data


def flatten(data: Any) -> dict[str, Any]:
    return dict(leaves(data))


def generic(path: str) -> str:
    """`children[2].name` -> `children[].name` (the dictionary's spelling)."""
    return re.sub(r"\[\d+\]", "[]", path)


def matching_leaves(data: Any, keys: Collection[str]) -> Iterator[tuple[str, str]]:
    """Text leaves whose dictionary key (generic path) is one of `keys`."""
    for path, value in leaves(data):
        if isinstance(value, str) and value and generic(path) in keys:
            yield path, value


def search_text(data: Any, keys: Collection[str]) -> str:
    """What the queue's search box finds an application by (the `search` facts)."""
    return " ".join(value.casefold() for _, value in matching_leaves(data, keys))


def first_text(data: Any, keys: Sequence[str]) -> str | None:
    """The first answered text among `keys`, in their order (the queue's name)."""
    for key in keys:
        for _, value in matching_leaves(data, (key,)):
            return value
    return None


def needs_glyph_check(text: str) -> bool:
    """True if `text` has a character outside JIS X 0208 (Shift_JIS): 𠮷, 髙 and other
    外字 that the card or a form font may show differently from the family register."""
    try:
        text.encode("shift_jis")
    except UnicodeEncodeError:
        return True
    return False


def glyph_paths(data: Any, keys: Collection[str]) -> list[str]:
    """Paths of the `glyph_check` facts holding a character outside JIS X 0208."""
    return [p for p, v in matching_leaves(data, keys) if needs_glyph_check(v)]


def natural_key(path: str) -> tuple[tuple[int, str | int], ...]:
    """Sort `children[10]` after `children[2]`."""
    return tuple((1, s) if isinstance(s, int) else (0, s) for s in parse(path))
