"""Structured editing of facts, written into the catalogue's own YAML text: a fact's
settings in dictionary.yaml, a choice list in choices.yaml, an event's screening
questions in events.yaml. Only the lines of what changed are rewritten; comments,
order and layout of everything else are kept, so the YAML view and the fact editor are
always the same thing.

    text = set_entry(text, ("fields", "pets.has_cat"), {"type": "yes_no", "label": {...}})
    text = set_entry(text, ("fields", "applicant.phone"), {"optional": None})  # removed
    text = set_choices(text, "cat_kind", [{"value": "a", "label": {"ja": "…"}}])
    text = set_screening(text, "moving_in", "pets.has_cat", True)

A setting whose value does not change is not touched (its text stays byte for byte);
a changed one is written as one line in flow style (`label: {ja: 猫, en: Cat}`), in its
old place (a comment after it on the same line stays); a new one goes after the
entry's last setting; None removes it. A new entry goes after the section's last one
(or after `after`). Positions come from the YAML parser's node marks (as for the event
ticks, `ui.admin.structured`). No Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from ui.admin.structured import NotEditable, _child, _end_line, _last_line

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: A key written as it is (`children[].name:` is valid plain YAML; PyYAML would quote it).
_PLAIN_KEY = re.compile(r"[a-z][a-z0-9_]*(\[\])?(\.[a-z][a-z0-9_]*(\[\])?)*")


def flow(value: Any) -> str:
    """A value as one line of YAML in flow style (quoted only where YAML needs it)."""
    text = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=2**31 - 1
    ).strip()
    return text.removesuffix("...").strip()


def _key_text(key: str) -> str:
    return key if _PLAIN_KEY.fullmatch(key) else flow(key)


def _compose(text: str) -> Any:
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise NotEditable("YAML") from exc


def _value(node: Any) -> Any:
    """The Python value of a node (to compare with what the editor wants)."""
    return yaml.load(yaml.serialize(node), Loader=_Loader)  # nosec B506 - a safe loader


def _block_mapping(node: Any, part: str) -> Any:
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise NotEditable(part)
    return node


def _find(text: str, path: Sequence[str]) -> tuple[Any, Any, Any]:
    """(section node, key node, value node) of the entry at `path`; key and value are
    None when the section has no such entry yet."""
    node = _compose(text)
    for name in path[:-1]:
        _key, node = _child(node, name)
        node = _block_mapping(node, name)
    for key, value in node.value:
        if key.value == path[-1]:
            return node, key, value
    return node, None, None


def entry_of(text: str, path: Sequence[str]) -> dict[str, Any] | None:
    """The entry at `path` as the text says now (None if absent or unparsable)."""
    try:
        data = yaml.load(text, Loader=_Loader)  # nosec B506 - a safe loader
    except yaml.YAMLError:
        return None
    for name in path:
        data = data.get(name) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else None


def set_entry(
    text: str,
    path: Sequence[str],
    settings: Mapping[str, Any],
    *,
    after: str | None = None,
) -> str:
    """`text` with the entry at `path` (("fields", "pets.has_cat")) having `settings`:
    each one set (None: removed); settings not named are kept as written."""
    section, key, _value_node = _find(text, path)
    if key is None:
        return _new_entry(text, section, path[-1], settings, after)
    for name, wanted in settings.items():
        text = _set_one(text, path, name, wanted)
    return text


def _set_one(text: str, path: Sequence[str], name: str, wanted: Any) -> str:
    _section, _key, entry = _find(text, path)
    entry = _block_mapping(entry, path[-1])
    lines = text.splitlines(keepends=True)
    prop_key, prop = _child(entry, name)
    if prop_key is None:
        if wanted is None:
            return text
        indent = " " * entry.value[0][0].start_mark.column
        at = _last_line(_end_line(entry, lines), lines) + 1
        if at > 0 and not lines[at - 1].endswith("\n"):
            lines[at - 1] += "\n"
        lines[at:at] = [f"{indent}{name}: {flow(wanted)}\n"]
        return "".join(lines)
    if wanted is not None and _value(prop) == wanted:
        return text  # unchanged: keep it as written
    first, last = prop_key.start_mark.line, _end_line(prop, lines)
    if wanted is None:
        del lines[first : last + 1]
        return "".join(lines)
    new = f"{name}: {flow(wanted)}"
    if first == last and (prop.end_mark.line == first):
        # One line: replace the setting's own span, keep what follows (a comment).
        line = lines[first]
        lines[first] = line[: prop_key.start_mark.column] + new + line[prop.end_mark.column :]
    else:
        indent = " " * prop_key.start_mark.column
        lines[first : last + 1] = [f"{indent}{new}\n"]
    return "".join(lines)


def _new_entry(
    text: str, section: Any, name: str, settings: Mapping[str, Any], after: str | None
) -> str:
    lines = text.splitlines(keepends=True)
    block = [f"{_key_text(name)}:"] + [
        f"  {k}: {flow(v)}" for k, v in settings.items() if v is not None
    ]
    if not section.value:
        raise NotEditable(name)  # an empty section: the text is the place for the first
    indent = " " * section.value[0][0].start_mark.column
    anchor = section.value[-1][1]
    for key, value in section.value:
        if key.value == after:
            anchor = value
    at = _last_line(_end_line(anchor, lines), lines) + 1
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    lines[at:at] = [indent + line + "\n" for line in block]
    return "".join(lines)


# -- an event's screening questions ----------------------------------------------------------


def screening_of(text: str) -> dict[str, list[str]]:
    """Each event's screening questions as the text says now ({} if it does not parse)."""
    events = entry_of(text, ("events",)) or {}
    out: dict[str, list[str]] = {}
    for eid, spec in events.items():
        keys = spec.get("screening") if isinstance(spec, dict) else None
        out[str(eid)] = [str(k) for k in keys] if isinstance(keys, list) else []
    return out


def set_screening(text: str, event_id: str, key: str, on: bool) -> str:
    """`text` with `key` at the end of (on) or out of (off) the event's screening."""
    keys = screening_of(text).get(event_id)
    if keys is None:
        raise NotEditable(event_id)
    if (key in keys) == on:
        return text
    wanted = [*keys, key] if on else [k for k in keys if k != key]
    _section, _key, event = _find(text, ("events", event_id))
    _prop_key, prop = _child(_block_mapping(event, event_id), "screening")
    if prop is not None and not prop.flow_style:
        raise NotEditable(f"{event_id}.screening")  # a block list: the text is the place
    return _set_one(text, ("events", event_id), "screening", wanted or None)


# -- choice lists -----------------------------------------------------------------------------


def choice_lists(text: str) -> dict[str, list[dict[str, Any]]]:
    """Every choice list as the text says now ({} if it does not parse)."""
    lists = entry_of(text, ("choices",)) or {}
    return {
        str(name): [dict(c) for c in items if isinstance(c, dict)]
        for name, items in lists.items()
        if isinstance(items, list)
    }


def set_choices(text: str, name: str, rows: Sequence[Mapping[str, Any]]) -> str:
    """`text` with the choice list `name` holding `rows` in this order: a row equal to
    one already written keeps its lines (and the comment lines above it); a new or
    changed one is one line `- {value: …, label: {…}}`. A new list goes at the end."""
    section, key, seq = _find(text, ("choices", name))
    lines = text.splitlines(keepends=True)
    wanted = [{k: v for k, v in row.items() if v not in (None, "", {})} for row in rows]
    if key is None:
        block = [f"{name}:"] + [f"  - {flow(row)}" for row in wanted]
        indent = " " * section.value[0][0].start_mark.column
        at = _last_line(_end_line(section.value[-1][1], lines), lines) + 1
        if at > 0 and not lines[at - 1].endswith("\n"):
            lines[at - 1] += "\n"
        lines[at:at] = [indent + line + "\n" for line in block]
        return "".join(lines)
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style or not seq.value:
        raise NotEditable(name)
    items = list(seq.value)
    # Each written item: its lines, from the comments above it to its own last line.
    starts = [item.start_mark.line for item in items]
    first = _first_line(starts[0], key.start_mark.line, lines)
    written: list[tuple[Any, list[str]]] = []
    begin = first
    for index, item in enumerate(items):
        end = _last_line(
            starts[index + 1] - 1 if index + 1 < len(items) else _end_line(item, lines), lines
        )
        written.append((_value(item), lines[begin : end + 1]))
        begin = end + 1
    indent = " " * (items[0].start_mark.column - 2)
    out: list[str] = []
    for row in wanted:
        same = next((i for i, (old, _) in enumerate(written) if old == row), None)
        if same is not None:
            out.extend(written.pop(same)[1])
        else:
            out.append(f"{indent}- {flow(row)}\n")
    lines[first:begin] = out
    return "".join(lines)


def _first_line(line: int, floor: int, lines: list[str]) -> int:
    """`line`, moved up over the comment lines directly above it (not past `floor`)."""
    while line - 1 > floor and lines[line - 1].lstrip().startswith("#"):
        line -= 1
    return line
