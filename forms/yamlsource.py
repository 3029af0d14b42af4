"""Read YAML while remembering the line of every key, so errors can say where they are.

`load_yaml(text, file)` returns the plain Python value and a `Lines` map from YAML path
(``("fields", 3, "show_if")``) to the 1-based line. Duplicate keys are errors, not
silently overwritten (PyYAML would keep the last one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from forms.errors import ErrorCode, LocatedError

if TYPE_CHECKING:
    import yaml

PathT = tuple[str | int, ...]


def format_path(path: Sequence[str | int]) -> str:
    """``("fields", 3, "show_if")`` → ``fields[3].show_if``; dotted keys go in brackets."""
    text = ""
    for part in path:
        if isinstance(part, int) or "." in part or "[" in part:
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass
class Lines:
    """Line numbers of a parsed YAML document, by path."""

    file: str
    by_path: dict[PathT, int] = field(default_factory=dict)

    def line(self, path: Sequence[str | int]) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        parts = tuple(path)
        while parts:
            if parts in self.by_path:
                return self.by_path[parts]
            parts = parts[:-1]
        return self.by_path.get((), 1)

    def error(self, code: ErrorCode, path: Sequence[str | int], **params: Any) -> LocatedError:
        return LocatedError(code, self.file, format_path(path), self.line(path), params)


@cache
def _loader() -> type[yaml.SafeLoader] | type[yaml.CSafeLoader]:
    """libyaml's parser when PyYAML was built with it (about 6x faster on the catalogue);
    its nodes carry the same start marks, so the lines are the same. PyYAML is imported
    on first use: a kiosk restart with a verified catalogue (forms.verified) parses none."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, file: str) -> tuple[Any, Lines, list[LocatedError]]:
    """Parse `text`; returns (value, lines, errors). On a syntax error the value is None."""
    import yaml

    _Loader = _loader()
    lines = Lines(file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        error = LocatedError(
            ErrorCode.YAML_001, file, "", mark.line + 1 if mark else None, {"problem": problem}
        )
        return None, lines, [error]
    if node is None:
        return None, lines, []
    errors: list[LocatedError] = []
    constructor = _Loader("")
    value = _convert(node, (), lines, errors, constructor)
    return value, lines, errors


def _convert(node: yaml.Node, path: PathT, lines: Lines, errors: list[LocatedError], c: Any) -> Any:
    lines.by_path.setdefault(path, node.start_mark.line + 1)
    kind = getattr(node, "id", "")  # "mapping" for a yaml.MappingNode: yaml not imported here
    if kind == "mapping":
        c.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = c.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | bool | float) and key is not None:
                key = str(key)
            child = (*path, str(key))
            lines.by_path[child] = key_node.start_mark.line + 1
            if key in result:
                errors.append(lines.error(ErrorCode.YAML_002, child, name=key))
            result[key] = _convert(value_node, child, lines, errors, c)
        return result
    if kind == "sequence":
        return [
            _convert(item, (*path, index), lines, errors, c)
            for index, item in enumerate(node.value)
        ]
    return c.construct_object(node, deep=True)
