"""Application data: one nested JSON-able dict keyed by the data dictionary.

``{"applicant": {"name": "山田 太郎"}, "children": [{"name": "山田 花子"}]}``. Dates are ISO
strings ``YYYY-MM-DD``; repeat groups are lists of dicts. Paths read like the dictionary:
``applicant.name``, ``children[0].name``. A dictionary key with ``[]``
(``children[].name``) names the field of every member; data paths carry an index.

Reserved top-level entries (not dictionary facts): ``event`` (the life-event id the
application is for) and ``procedures`` (``{"extra": [...], "declined": [...]}``: related
procedures the resident chose or turned down).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from forms.errors import DataKeyError

_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d*)\])?$")

Part = tuple[str, int | None]  # (name, index or None); index -1 means "[]" (any member)


def parse_path(path: str) -> list[Part]:
    """``children[0].name`` → ``[("children", 0), ("name", None)]``."""
    parts: list[Part] = []
    for chunk in path.split("."):
        match = _PART.match(chunk)
        if not match:
            raise DataKeyError(f"malformed data path {path!r} at {chunk!r}")
        index = match.group(2)
        parts.append((match.group(1), None if index is None else (int(index) if index else -1)))
    return parts


def dictionary_key(path: str) -> str:
    """The dictionary key a data path belongs to: ``children[1].name`` → ``children[].name``."""
    return re.sub(r"\[\d+\]", "[]", path)


def member_number(path: str) -> int | None:
    """Which member a data path is about, counted from 1 (``children[1].name`` → 2)."""
    index = re.search(r"\[(\d+)\]", path)
    return int(index.group(1)) + 1 if index else None


def get_value(data: dict[str, Any] | None, path: str, default: Any = None) -> Any:
    """The value at `path`, or `default` when any step is missing."""
    current: Any = data
    for name, index in parse_path(path):
        if not isinstance(current, dict) or name not in current:
            return default
        current = current[name]
        if index is not None:
            if index < 0:
                raise DataKeyError(f"{path!r}: give a member index, e.g. [0], to read a value")
            if not isinstance(current, list) or index >= len(current):
                return default
            current = current[index]
    return default if current is None else current


def set_value(
    data: dict[str, Any], path: str, value: Any, *, strict: bool = False
) -> dict[str, Any]:
    """Set `path` to `value`, creating dicts and list members on the way; returns `data`.

    `strict` (a staff correction): a path that would replace an answer with a group or
    leave a gap in a list (a member two past the end: it would invent empty people) is
    refused with DataKeyError instead of made room for.
    """
    parts = parse_path(path)
    current: Any = data
    for position, (name, index) in enumerate(parts):
        last = position == len(parts) - 1
        if index is None:
            if last:
                current[name] = value
            else:
                current = _group(current, name, path, strict=strict)
            continue
        if index < 0:
            raise DataKeyError(f"{path!r}: give a member index, e.g. [0], to set a value")
        members = current.get(name)
        if not isinstance(members, list):
            if strict and members is not None:
                raise DataKeyError(f"{path!r}: {name!r} is not a list")
            members = current[name] = []
        if strict and index > len(members):
            raise DataKeyError(f"{path!r}: there is no member {index} to add after")
        while len(members) <= index:
            members.append({})
        if last:
            members[index] = value
        else:
            if strict and members[index] is not None and not isinstance(members[index], dict):
                raise DataKeyError(f"{path!r}: member {index} of {name!r} is not a group")
            if not isinstance(members[index], dict):
                members[index] = {}
            current = members[index]
    return data


def _group(current: dict[str, Any], name: str, path: str, *, strict: bool) -> dict[str, Any]:
    """The dict under `name`, made if missing (or, not `strict`, if something else)."""
    found = current.get(name)
    if isinstance(found, dict):
        return found
    if strict and found is not None:
        raise DataKeyError(f"{path!r}: {name!r} is an answer, not a group")
    current[name] = {}
    return current[name]


def leaves(data: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every scalar leaf with its data path, in a stable (key, then index) order:
    ``{"children": [{"name": "花子"}]}`` → ``("children[0].name", "花子")``."""
    if isinstance(data, dict):
        for key in data:
            yield from leaves(data[key], f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from leaves(item, f"{prefix}[{i}]")
    else:
        yield prefix, data


def flatten(data: Any) -> dict[str, Any]:
    """``{path: value}`` for every leaf (`leaves`)."""
    return dict(leaves(data))


def natural_key(path: str) -> tuple[tuple[str, int], ...]:
    """A sort key that puts ``children[10]`` after ``children[2]``."""
    return tuple((name, -1 if index is None else index) for name, index in parse_path(path))


def is_answered(value: Any) -> bool:
    """None means "not asked yet"; an empty string is an answer ("none")."""
    return value is not None


def member_count(data: dict[str, Any], group: str) -> int:
    members = get_value(data, group)
    return len(members) if isinstance(members, list) else 0
