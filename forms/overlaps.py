"""Boxes that overlap and can be printed together: one label drawn over another.

Two fields may share a box when their `show_if` exclude each other (住民異動届's 異動日
and, for a 転出, 転出予定日). Whether two conditions can hold together is decided by
trying the answers the facts they read can take: every event, yes and no, each choice,
a few ages and counts. A pair is reported only with a witness (answers under which both
are shown), so a report is never a guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice, product
from typing import TYPE_CHECKING, Any

from forms.data import dictionary_key, set_value
from forms.errors import ErrorCode, LocatedError
from forms.expressions import Expression, compile_expression
from forms.schema import FormFile

if TYPE_CHECKING:
    from forms.catalogue import Catalogue
    from forms.yamlsource import Lines

#: Overlaps thinner than this (mm) are shared borders, not overlaps.
TOLERANCE_MM = 0.3
#: How many combinations of answers are tried for one pair at most.
MAX_TRIALS = 4096
#: A fixed day for ages: the result must not depend on when validation runs.
AS_OF = date(2025, 4, 1)


@dataclass(frozen=True)
class Placed:
    """A field's box on a page, with the conditions under which it is printed."""

    path: tuple[str | int, ...]
    page: int
    box: tuple[float, float, float, float]
    conditions: tuple[str, ...]
    repeat: int | None  # which repeat, and which row of it
    row: int = 0


def _placed(form: FormFile) -> Iterator[Placed]:
    for index, spec in enumerate(form.fields):
        yield Placed(("fields", index), spec.page, spec.box,
                     tuple(c for c in (spec.show_if,) if c), None)  # fmt: skip
    for r_index, repeat in enumerate(form.repeats):
        for index, spec in enumerate(repeat.fields):
            if spec.show_if and compile_expression(spec.show_if, allow_item=True).item_fields:
                continue  # depends on the member: not decidable per form
            x, y, w, h = spec.box
            for row in range(repeat.rows):
                box = (x + repeat.step[0] * row, y + repeat.step[1] * row, w, h)
                conditions = tuple(c for c in (repeat.show_if, spec.show_if) if c)
                yield Placed(("repeats", r_index, "fields", index), spec.page, box,
                             conditions, r_index, row)  # fmt: skip


def _overlap(a: Placed, b: Placed) -> bool:
    ax, ay, aw, ah = a.box
    bx, by, bw, bh = b.box
    wide = min(ax + aw, bx + bw) - max(ax, bx)
    high = min(ay + ah, by + bh) - max(ay, by)
    return a.page == b.page and wide > TOLERANCE_MM and high > TOLERANCE_MM


def _facts(catalogue: Catalogue, exprs: list[Expression]) -> list[str]:
    """The answered facts the conditions depend on (computed facts followed through)."""
    found: list[str] = ["event"]  # `event` is no dictionary key, and most conditions read it
    todo = [k for e in exprs for k in sorted(e.keys)]
    while todo:
        key = dictionary_key(todo.pop(0))
        if key in found:
            continue
        spec = catalogue.dictionary.get(key)
        if spec is not None and spec.computed is not None:
            todo.extend(sorted(spec.computed.keys))
            continue
        found.append(key)
    return found


def _answers(catalogue: Catalogue, key: str) -> list[Any]:
    if key == "event":
        return [*catalogue.events, None]
    spec = catalogue.dictionary.get(key)
    if spec is None:
        return [None]
    if spec.type == "yes_no":
        return [True, False, None]
    if spec.type in ("choice", "multi_choice") and spec.choices:
        values = [c.value for c in catalogue.choices.get(spec.choices, [])]
        return [*values, None] if spec.type == "choice" else [[v] for v in values] + [[]]
    if spec.type == "date":
        return [f"{AS_OF.year - years}-01-01" for years in (0, 10, 30, 66, 80)] + [None]
    if spec.type == "integer":
        return [0, 1, 2, 5, None]
    return ["x", "", None]


def can_show_together(catalogue: Catalogue, conditions: tuple[str, ...]) -> bool:
    """Whether some answers make every condition hold at once."""
    exprs = [compile_expression(c) for c in conditions]
    if not exprs:
        return True
    facts = _facts(catalogue, exprs)
    options = [_answers(catalogue, key) for key in facts]
    for values in islice(product(*options), MAX_TRIALS):
        data: dict[str, Any] = {}
        for key, value in zip(facts, values, strict=True):
            if key == "event":
                data["event"] = value
            elif value is not None:
                set_value(data, key, value)
        context = catalogue.context(data, AS_OF)
        if all(e.holds(context) for e in exprs):
            return True
    return False


def overlap_errors(
    catalogue: Catalogue,
    form: FormFile,
    lines: Lines,
    verdicts: dict[tuple[str, ...], bool] | None = None,
) -> list[LocatedError]:
    """Every pair of boxes of `form` that overlap and can be printed together.
    `verdicts` keeps what `can_show_together` found per set of conditions across the
    forms of one catalogue: the same few pairs of conditions (an age on either side of
    65, in 後期高齢者 or not) recur in many forms, and each costs thousands of trials."""
    verdicts = {} if verdicts is None else verdicts
    placed = list(_placed(form))
    errors: list[LocatedError] = []
    reported: set[tuple[tuple[str | int, ...], tuple[str | int, ...]]] = set()
    for number, first in enumerate(placed):
        for second in placed[number + 1 :]:
            if first.path == second.path or (first.path, second.path) in reported:
                continue
            same_repeat = first.repeat is not None and first.repeat == second.repeat
            if same_repeat and first.row != second.row:
                continue  # one repeat's rows are laid out by its step
            if not _overlap(first, second):
                continue
            conditions = first.conditions + second.conditions
            if conditions not in verdicts:
                verdicts[conditions] = can_show_together(catalogue, conditions)
            if verdicts[conditions]:
                reported.add((first.path, second.path))
                errors.append(
                    lines.error(
                        ErrorCode.POS_004,
                        (*second.path, "box"),
                        box=list(second.box),
                        other=_name(first.path),
                    )
                )
    return errors


def _name(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
