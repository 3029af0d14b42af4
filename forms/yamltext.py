"""Rewrite parts of a YAML text in place, by the parser's node marks, so that comments,
order and layout of everything else are kept (the structured editors write the same
text an expert edits by hand).

    root = compose(text)                      # nodes with their start/end marks
    key, value = child(root, "fields")
    text = replace(text, value.value[0], "[1, 2, 3, 4]")

Marks of the pure-Python parser are character offsets into the text (`index`), exact
for scalars and flow collections; a block collection's end is found through its last
child (`end_line`). No Qt here.
"""

from __future__ import annotations

import json
from typing import Any

import yaml


class NotEditable(Exception):
    """This part of the text is not in the shape a structured edit can rewrite."""


def compose(text: str) -> Any:
    """The node tree of `text` (pure-Python parser: its marks index characters)."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise NotEditable("yaml") from exc


def child(node: Any, name: str) -> tuple[Any, Any]:
    """(key node, value node) of `name` in a mapping node, or (None, None)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == name:
                return key, value
    return None, None


def at_path(root: Any, path: tuple[str | int, ...]) -> Any:
    """The node at a YAML path (`("fields", 3)`), or NotEditable."""
    node = root
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, yaml.SequenceNode) or part >= len(node.value):
                raise NotEditable(str(path))
            node = node.value[part]
        else:
            _key, node = child(node, part)
            if node is None:
                raise NotEditable(str(path))
    return node


def replace(text: str, node: Any, new: str) -> str:
    """`text` with a scalar's (or a flow collection's) own characters replaced."""
    return text[: node.start_mark.index] + new + text[node.end_mark.index :]


def end_line(node: Any, lines: list[str]) -> int:
    """The last line a node's own text is on. A block collection's end mark is where
    the next token starts (often the next key's line), so it is found through its last
    child; a scalar's or a flow collection's end mark is exact (column 0 of the next
    line after a block scalar)."""
    while (
        isinstance(node, yaml.MappingNode | yaml.SequenceNode)
        and not node.flow_style
        and node.value
    ):
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = node.end_mark
    line = end.line if end.column > 0 else end.line - 1
    return min(line, len(lines) - 1)


def last_line(line: int, lines: list[str]) -> int:
    """`line`, moved up over blank lines and comment-only lines that follow the node
    (they belong to what comes next)."""
    while line > 0 and (not lines[line].strip() or lines[line].lstrip().startswith("#")):
        line -= 1
    return line


#: Characters that would end or change a plain scalar inside `{...}` / `[...]`.
_FLOW_SPECIAL = set(",[]{}:#&*!|>'\"%@`")


def scalar(value: str | float | bool) -> str:
    """A value as YAML text that reads back as the same value inside a flow mapping:
    numbers without a needless `.0`, strings plain when that is safe, else quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        number = round(float(value), 2)
        return str(int(number)) if number.is_integer() else f"{number:g}"
    plain = (
        value
        and value.strip() == value
        and not (set(value) & _FLOW_SPECIAL)
        and yaml.safe_load(value) == value
    )
    return value if plain else json.dumps(value, ensure_ascii=False)
