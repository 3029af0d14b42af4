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


def set_value(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Set `path` to `value`, creating dicts and list members on the way; returns `data`."""
    parts = parse_path(path)
    current: Any = data
    for position, (name, index) in enumerate(parts):
        last = position == len(parts) - 1
        if index is None:
            if last:
                current[name] = value
            else:
                if not isinstance(current.get(name), dict):
                    current[name] = {}
                current = current[name]
            continue
        if index < 0:
            raise DataKeyError(f"{path!r}: give a member index, e.g. [0], to set a value")
        members = current.get(name)
        if not isinstance(members, list):
            members = current[name] = []
        while len(members) <= index:
            members.append({})
        if last:
            members[index] = value
        else:
            if not isinstance(members[index], dict):
                members[index] = {}
            current = members[index]
    return data


def is_answered(value: Any) -> bool:
    """None means "not asked yet"; an empty string is an answer ("none")."""
    return value is not None


def member_count(data: dict[str, Any], group: str) -> int:
    members = get_value(data, group)
    return len(members) if isinstance(members, list) else 0
