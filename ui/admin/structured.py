"""Structured editing of life events: which procedures an event needs or suggests, by
ticking, written into events.yaml's own text (comments, order and layout of the rest
kept), so the YAML view and the ticks are always the same thing.

    links = event_links(text)                  # {"moving_in": Links(needs=[...], ...)}
    text = set_link(text, "moving_in", "suggests", "dog_change", True, reason="…")
    text = set_link(text, "moving_within", "needs", "kaigo_change", False)

A procedure ticked as needed is added without a condition (`- procedure: x`); the
condition of one already there is kept and shown, and edited in the text. A suggestion
carries the reason the resident reads (`reason: {ja: …}`). Positions come from the
YAML parser's node marks; a section written in flow style (`[a, b]`) other than `[]`
is not rewritten (`NotEditable`: the text is the place for it). No Qt here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import yaml

from forms.yamltext import child as _child
from forms.yamltext import end_line as _end_line
from forms.yamltext import last_line as _last_line

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: The two kinds of link and their section in an event.
SECTIONS = {"needs": "procedures", "suggests": "suggest"}


class NotEditable(Exception):
    """This part of the text is not in the shape the ticks can rewrite."""


@dataclass
class Links:
    needs: list[str] = field(default_factory=list)
    suggests: list[str] = field(default_factory=list)
    #: procedure id → its condition (`when`), for either kind.
    when: dict[tuple[str, str], str] = field(default_factory=dict)


def event_links(text: str) -> dict[str, Links]:
    """Each event's needed and suggested procedures as the text says now ({} if it does
    not parse)."""
    try:
        data = yaml.load(text, Loader=_Loader)  # nosec B506 - a safe loader (CSafeLoader)
    except yaml.YAMLError:
        return {}
    events = data.get("events") if isinstance(data, dict) else None
    out: dict[str, Links] = {}
    for eid, spec in (events or {}).items() if isinstance(events, dict) else ():
        links = Links()
        for kind, section in SECTIONS.items():
            rules = spec.get(section) if isinstance(spec, dict) else None
            for rule in rules if isinstance(rules, list) else []:
                if isinstance(rule, dict) and "procedure" in rule:
                    pid = str(rule["procedure"])
                    getattr(links, kind).append(pid)
                    if rule.get("when"):
                        links.when[(kind, pid)] = str(rule["when"])
        out[str(eid)] = links
    return out


def set_link(
    text: str, event_id: str, kind: str, procedure_id: str, on: bool, *, reason: str = ""
) -> str:
    """`text` with `procedure_id` in (on) or out of (off) the event's list of `kind`."""
    section = SECTIONS[kind]
    lines = text.splitlines(keepends=True)
    event_key, event = _event_node(text, event_id)
    key, seq = _child(event, section)
    items = list(seq.value) if isinstance(seq, yaml.SequenceNode) else []
    present = [i for i, item in enumerate(items) if _procedure_of(item) == procedure_id]
    flow = isinstance(seq, yaml.SequenceNode) and seq.flow_style and items
    if flow and bool(present) != on:  # `[{procedure: a}, ...]` on one line: the text's
        raise NotEditable(section)
    if not on:
        if not present:
            return text
        index = present[0]
        item = items[index]
        first = item.start_mark.line
        last = _last_line(items[index + 1].start_mark.line - 1 if index + 1 < len(items)
                          else _end_line(item, lines), lines)  # fmt: skip
        del lines[first : last + 1]
        if len(items) == 1 and key is not None:  # the list is empty now
            row = key.start_mark.line
            head = lines[row].rstrip("\r\n")
            if section == "suggest":
                del lines[row]  # suggest defaults to none
            else:
                lines[row] = head + " []\n"
        return "".join(lines)
    if present:
        return text
    entry = [f"- procedure: {procedure_id}"]
    if kind == "suggests":
        entry.append(f"  reason: {{ja: {json.dumps(reason, ensure_ascii=False)}}}")
    if items:
        indent = " " * max(items[0].start_mark.column - 2, 0)
        after = _last_line(_end_line(items[-1], lines), lines) + 1
        lines[after:after] = [indent + e + "\n" for e in entry]
        return "".join(lines)
    indent = " " * (event_key.start_mark.column + 2)
    inner = indent + "  "
    block = [f"{indent}{section}:\n", *(inner + e + "\n" for e in entry)]
    if key is not None:  # `procedures: []` (or empty): the block takes that line's place
        row = key.start_mark.line
        lines[row : row + 1] = block
        return "".join(lines)
    after = _last_line(_end_line(event, lines), lines) + 1
    if after > 0 and not lines[after - 1].endswith("\n"):
        lines[after - 1] += "\n"
    lines[after:after] = block
    return "".join(lines)


# -- nodes ------------------------------------------------------------------------------


def _event_node(text: str, event_id: str) -> tuple[yaml.Node, yaml.MappingNode]:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise NotEditable("events.yaml") from exc
    _key, events = _child(root, "events")
    if not isinstance(events, yaml.MappingNode):
        raise NotEditable("events")
    for key, value in events.value:
        if key.value == event_id and isinstance(value, yaml.MappingNode):
            if value.flow_style:
                raise NotEditable(event_id)
            return key, value
    raise NotEditable(event_id)


def _procedure_of(item: Any) -> str | None:
    _key, value = _child(item, "procedure")
    return str(value.value) if isinstance(value, yaml.ScalarNode) else None
