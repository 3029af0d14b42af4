"""A form's boxes as the visual layout editor sees them, and its edits written into the
form's own YAML text (numbers and keys replaced where they stand; comments, order and
layout of the rest kept), so the editor and the YAML view are the same thing.

    for b in boxes(text): b.path, b.box, b.key, b.label   # ("fields", 3), (20, 50, 60, 8)
    box = dragged((20, 50, 60, 8), MOVE, dx=5.2, dy=0, grid=0.5)   # (25, 50, 60, 8)
    text = set_box(text, ("fields", 3), box)
    text = set_setting(text, ("fields", 3), "label", "住所")       # None removes it
    text = add_field(text, {"key": "applicant.name", "box": [20, 20, 60, 8]})
    text = remove_field(text, ("fields", 3))

Everything is in millimetres from the top-left of the A4 page, as in the YAML; the
view converts to its own units. Fields of a repeat (`repeats[r].fields[i]`) are shown
at their first row, and moving one moves its first row (the step places the others).
No Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from forms.schema import PAGE_HEIGHT_MM, PAGE_WIDTH_MM, Box
from forms.yamltext import (
    NotEditable,
    at_path,
    child,
    compose,
    end_line,
    last_line,
    replace,
    scalar,
)

PT_PER_MM = 72 / 25.4
#: The grids the editor snaps to (mm).
GRIDS = (1.0, 0.5)
#: The smallest width or height a resize leaves (mm).
MIN_SIZE_MM = 2.0
#: Which edges a drag moves: all four (the box moves), or the ones grabbed (resize).
MOVE = frozenset({"left", "top", "right", "bottom"})
PathT = tuple[str | int, ...]


def mm_to_pt(mm: float) -> float:
    return mm * PT_PER_MM


def pt_to_mm(pt: float) -> float:
    return pt / PT_PER_MM


@dataclass(frozen=True)
class LayoutBox:
    """One field's box as the text says now."""

    path: PathT  # ("fields", 3) or ("repeats", 0, "fields", 1)
    box: Box
    page: int
    key: str | None
    value: str | None
    label: str | None
    size: float | None
    format: str | None
    line: int  # 1-based, of the field's entry

    @property
    def title(self) -> str:
        """What the box is, in a few characters: its label, else its fact."""
        return self.label or self.key or self.value or ""


def boxes(text: str) -> list[LayoutBox]:
    """Every field box of a form's text with a readable box ([] if it does not parse)."""
    try:
        data = yaml.safe_load(text)
        root = compose(text)
    except (yaml.YAMLError, NotEditable):
        return []
    if not isinstance(data, dict):
        return []
    found: list[LayoutBox] = []
    places: list[tuple[PathT, Any]] = [
        (("fields", i), f) for i, f in enumerate(_list(data, "fields"))
    ]
    for r, repeat in enumerate(_list(data, "repeats")):
        if isinstance(repeat, dict):
            places += [
                (("repeats", r, "fields", i), f) for i, f in enumerate(_list(repeat, "fields"))
            ]
    for path, spec in places:
        box = _box(spec.get("box")) if isinstance(spec, dict) else None
        if box is None:
            continue
        size = spec.get("size")
        found.append(
            LayoutBox(
                path,
                box,
                int(spec.get("page") or 1),
                _str(spec.get("key")),
                _str(spec.get("value")),
                _str(spec.get("label")),
                float(size) if isinstance(size, int | float) else None,
                _str(spec.get("format")),
                at_path(root, path).start_mark.line + 1,
            )
        )
    return found


def _list(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name)
    return value if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _box(value: Any) -> Box | None:
    numbers = isinstance(value, list) and len(value) == 4
    if numbers and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        x, y, w, h = (float(v) for v in value)
        return (x, y, w, h)
    return None


# -- geometry ----------------------------------------------------------------------------


def snap(value: float, grid: float) -> float:
    """`value` on the nearest grid line (mm), without float noise (25.000000001)."""
    return round(round(value / grid) * grid, 2)


def dragged(box: Box, edges: frozenset[str], dx: float, dy: float, grid: float) -> Box:
    """`box` after a drag of (dx, dy) mm that moves `edges` (MOVE: the whole box), each
    moved edge on the grid; a resize never makes it smaller than MIN_SIZE_MM."""
    x, y, w, h = box
    left, top, right, bottom = x, y, x + w, y + h
    if edges == MOVE:
        left, top = snap(x + dx, grid), snap(y + dy, grid)
        return (left, top, w, h)
    least = max(MIN_SIZE_MM, grid)
    if "left" in edges:
        left = min(snap(left + dx, grid), right - least)
    if "right" in edges:
        right = max(snap(right + dx, grid), left + least)
    if "top" in edges:
        top = min(snap(top + dy, grid), bottom - least)
    if "bottom" in edges:
        bottom = max(snap(bottom + dy, grid), top + least)
    return (round(left, 2), round(top, 2), round(right - left, 2), round(bottom - top, 2))


def off_page(box: Box) -> bool:
    """Whether any part of the box is outside the A4 page (the validator's POS_001)."""
    x, y, w, h = box
    return x < 0 or y < 0 or x + w > PAGE_WIDTH_MM + 0.01 or y + h > PAGE_HEIGHT_MM + 0.01


_PATH_PART = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]")


def box_path(problem_path: str) -> PathT | None:
    """The field a problem's YAML path is about (`repeats[0].fields[2].box` →
    `("repeats", 0, "fields", 2)`), or None when it is not about a field."""
    parts: list[str | int] = [
        int(number) if number else name for name, number in _PATH_PART.findall(problem_path)
    ]
    for end in (4, 2):
        head = tuple(parts[:end])
        if end == 2 and len(head) == 2 and head[0] == "fields" and isinstance(head[1], int):
            return head
        if end == 4 and len(head) == 4 and head[0] == "repeats" and head[2] == "fields":
            return head
    return None


# -- writing the text ----------------------------------------------------------------------


def set_box(text: str, path: PathT, box: Box) -> str:
    """`text` with the four numbers of the field's `box` replaced where they stand."""
    _key, seq = child(at_path(compose(text), path), "box")
    if not isinstance(seq, yaml.SequenceNode) or len(seq.value) != 4:
        raise NotEditable(f"{path}.box")
    for node, number in reversed(list(zip(seq.value, box, strict=True))):
        text = replace(text, node, scalar(number))
    return text


def set_setting(text: str, path: PathT, name: str, value: str | float | None) -> str:
    """`text` with the field's `name: value` set (replaced where it stands, or added at
    the end of the field's entry), or removed when `value` is None."""
    field = at_path(compose(text), path)
    if not isinstance(field, yaml.MappingNode):
        raise NotEditable(str(path))
    pairs = field.value
    index = next((i for i, (k, _v) in enumerate(pairs) if k.value == name), None)
    if index is not None and not isinstance(pairs[index][1], yaml.ScalarNode):
        raise NotEditable(f"{path}.{name}")
    if value is None:
        return text if index is None else _remove_pair(text, field, index)
    written = scalar(value)
    if index is not None:
        return replace(text, pairs[index][1], written)
    if field.flow_style:
        at = pairs[-1][1].end_mark.index if pairs else field.start_mark.index + 1
        sep = ", " if pairs else ""
        return text[:at] + f"{sep}{name}: {written}" + text[at:]
    lines = text.splitlines(keepends=True)
    after = last_line(end_line(field, lines), lines) + 1
    indent = " " * pairs[0][0].start_mark.column
    lines.insert(after, f"{indent}{name}: {written}\n")
    return "".join(lines)


def _remove_pair(text: str, field: Any, index: int) -> str:
    pairs = field.value
    key, value = pairs[index]
    if field.flow_style:
        if index > 0:  # from the end of the previous value: ", name: value"
            start, end = pairs[index - 1][1].end_mark.index, value.end_mark.index
        elif len(pairs) > 1:  # the first: "name: value, "
            start, end = key.start_mark.index, pairs[1][0].start_mark.index
        else:
            start, end = key.start_mark.index, value.end_mark.index
        return text[:start] + text[end:]
    if len(pairs) == 1:
        raise NotEditable(key.value)  # an entry needs its box: never emptied
    lines = text.splitlines(keepends=True)
    first = key.start_mark.line
    if index == 0:  # `- key: v` holds the dash: the next key takes its place
        nxt = pairs[1][0]
        return text[: key.start_mark.index] + text[nxt.start_mark.index :]
    del lines[first : end_line(value, lines) + 1]
    return "".join(lines)


def add_field(text: str, settings: Mapping[str, Any]) -> str:
    """`text` with a new field (one line, `- {key: …, box: […]}`) at the end of the
    form's `fields:` list (which is made when there is none)."""
    entry = "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in settings.items()) + "}"
    root = compose(text)
    key, seq = child(root, "fields")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if isinstance(seq, yaml.SequenceNode) and seq.value and not seq.flow_style:
        indent = " " * max(seq.value[0].start_mark.column - 2, 0)
        after = last_line(end_line(seq.value[-1], lines), lines) + 1
        lines.insert(after, f"{indent}- {entry}\n")
        return "".join(lines)
    if isinstance(seq, yaml.SequenceNode) and seq.value:
        raise NotEditable("fields")  # `fields: [{...}, ...]` on one line: the text's
    block = ["fields:\n", f"  - {entry}\n"]
    if key is not None:  # `fields: []` (or empty): the block takes that line's place
        row = key.start_mark.line
        lines[row : row + 1] = block
    else:
        lines += block
    return "".join(lines)


def _flow(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    return scalar(value)


def remove_field(text: str, path: PathT) -> str:
    """`text` without the field's entry (its lines; comments before it stay)."""
    root = compose(text)
    seq = at_path(root, path[:-1])
    index = path[-1]
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style or not isinstance(index, int):
        raise NotEditable(str(path))
    lines = text.splitlines(keepends=True)
    items = seq.value
    item = items[index]
    first = item.start_mark.line
    stop = items[index + 1].start_mark.line - 1 if index + 1 < len(items) else end_line(item, lines)
    del lines[first : last_line(stop, lines) + 1]
    if len(items) == 1:  # the list is empty now
        key = next(k for k, v in _pairs_of(root, path[:-2]) if v is seq)
        row = key.start_mark.line
        lines[row] = lines[row].rstrip("\r\n") + " []\n"
    return "".join(lines)


def _pairs_of(root: Any, path: PathT) -> list[tuple[Any, Any]]:
    node = at_path(root, path) if path else root
    return list(node.value) if isinstance(node, yaml.MappingNode) else []


#: The format a new box of a fact's type gets (the first that prints it well).
DEFAULT_FORMAT = {
    "date": "wareki", "yes_no": "checkbox", "choice": "choice", "multi_choice": "checkbox",
    "postal_code": "postal_code", "phone": "phone", "kana": "kana", "country": "country",
    "integer": "integer",
}  # fmt: skip
#: A new box's size (mm) and how far apart the places tried for it are.
NEW_BOX = (60.0, 8.0)
_NEW_STEP = 10.0


def free_place(taken: list[Box], size: tuple[float, float] = NEW_BOX) -> Box:
    """A place on the page for a new box that overlaps none of `taken`: the first one
    found from the top-left, row by row (the bottom-left corner when the page is full)."""
    w, h = size
    y = 20.0
    while y + h <= PAGE_HEIGHT_MM - 10:
        x = 20.0
        while x + w <= PAGE_WIDTH_MM - 10:
            box = (x, y, w, h)
            if not any(intersection(box, other) for other in taken):
                return box
            x += _NEW_STEP
        y += _NEW_STEP
    return (20.0, PAGE_HEIGHT_MM - 10 - h, w, h)


def intersection(a: Box, b: Box) -> Box | None:
    """Where two boxes overlap (the validator's POS_004 draws it red), or None."""
    left, top = max(a[0], b[0]), max(a[1], b[1])
    right, bottom = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    return (left, top, right - left, bottom - top) if right > left and bottom > top else None


def taken(text: str, page: int) -> list[Box]:
    """Every box on a page, printed fields and static parts (titles, frames) alike: a
    new box is placed clear of all of them."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    found = [b.box for b in boxes(text) if b.page == page]
    for part in _list(data, "static") if isinstance(data, dict) else []:
        box = _box(part.get("box")) if isinstance(part, dict) else None
        if box is not None and int(part.get("page") or 1) == page:
            found.append(box)
    return found


#: What a blank form keeps of the form it is made from: what it is for and where it goes.
BLANK_KEEPS = ("version", "code", "department", "procedures", "order", "pages")


def blank_form(text: str, form_id: str, title: str) -> str:
    """A new form's text: `form_id`, `title` (also printed at the top), the procedures,
    department and code of the form `text` is, and no boxes yet."""
    root = compose(text)
    lines = text.splitlines(keepends=True)
    out = [f"id: {form_id}\n", f"title: {{ja: {scalar(title)}}}\n"]
    for name in BLANK_KEEPS:
        key, value = child(root, name)
        if key is not None:
            last = end_line(value, lines)
            out += [line if line.endswith("\n") else line + "\n"
                    for line in lines[key.start_mark.line : last + 1]]  # fmt: skip
    out += [
        "static:\n",
        f"  - {{kind: title, text: {scalar(title)}, box: [40, 12, 130, 12], size: 20, "
        "align: center}\n",
        "fields: []\n",
    ]
    return "".join(out)
