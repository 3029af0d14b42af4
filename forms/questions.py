"""Which facts to ask, in which order: a pure function of (event, data).

The kiosk's flow engine calls `questions_for` after every answer (also after "back" and
"change"), so nothing here keeps state. The order:

1. the event's screening questions (their answers decide the procedures);
2. every fact the chosen procedures' forms need, directly or through a computed value,
   in the dictionary's global order; a repeat group comes at its count question's place:
   the count, then each member's fields (``children[0].name``, ``children[1].name``...).

Facts that are computed, sensitive (個人番号: only from the card) or have no question are
never asked; `ask_if` conditions are honoured (for members, with ``item`` = that member).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from forms.data import get_value, is_answered
from forms.expressions import compile_expression

if TYPE_CHECKING:
    from forms.catalogue import Catalogue
    from forms.schema import FormFile


def needed_keys(catalogue: Catalogue, form_ids: list[str]) -> set[str]:
    """Dictionary keys the forms read, including what their computed values read."""
    keys: set[str] = set()
    for form_id in form_ids:
        keys |= form_keys(catalogue.form(form_id))
    todo = list(keys)
    while todo:
        key = todo.pop()
        spec = catalogue.dictionary.get(key)
        if spec is not None and spec.computed is not None:
            for dep in spec.computed.keys:
                if dep not in keys:
                    keys.add(dep)
                    todo.append(dep)
    return keys


def form_keys(form: FormFile) -> set[str]:
    keys: set[str] = set()

    def add_expr(source: Any, groups: list[str]) -> None:
        if isinstance(source, str):
            expr = compile_expression(source, allow_item=bool(groups))
            keys.update(expr.keys)
            keys.update(f"{g}[].{m}" for g in groups for m in expr.item_fields)

    for spec in form.fields:
        if spec.key:
            keys.add(spec.key)
        add_expr(spec.value, [])
        add_expr(spec.show_if, [])
        add_expr(spec.required, [])
    for repeat in form.repeats:
        add_expr(repeat.where, repeat.over)
        for spec in repeat.fields:
            if spec.key and spec.key.startswith("item."):
                keys.update(f"{g}[].{spec.key[5:]}" for g in repeat.over)
            add_expr(spec.value, repeat.over)
            add_expr(spec.show_if, repeat.over)
    return keys


def questions_for(
    catalogue: Catalogue,
    event_id: str,
    data: dict[str, Any],
    today: date | None = None,
    include_answered: bool = False,
) -> list[str]:
    event = catalogue.event(event_id)
    data = data if data.get("event") == event_id else {**data, "event": event_id}
    context = catalogue.context(data, today)
    out: list[str] = []

    def offer(path: str, item: str | None = None) -> None:
        spec = catalogue.dictionary.get(_key(path))
        if spec is None or not spec.askable or path in out:
            return
        if spec.ask_if is not None and not spec.ask_if.holds(context.with_item(item)):
            return
        if include_answered or not is_answered(get_value(data, path)):
            out.append(path)

    for key in event.screening:
        offer(key)

    needed = needed_keys(catalogue, catalogue.forms_for(event_id, data, today))
    counts = {g.count: g for g in catalogue.groups.values()}
    used_groups = {g for g in catalogue.groups if any(k.startswith(g + "[].") for k in needed)}
    plain: list[tuple[int, str, str]] = []
    for key in needed:
        spec = catalogue.dictionary.get(key)
        if spec is None or spec.group is not None:
            continue
        if key in counts:
            used_groups.add(counts[key].name)
            continue
        plain.append((spec.order, key, "key"))
    for name in used_groups:
        count_spec = catalogue.dictionary[catalogue.groups[name].count]
        plain.append((count_spec.order, name, "group"))

    for _, name, kind in sorted(plain):
        if kind == "key":
            offer(name)
            continue
        group = catalogue.groups[name]
        if group.ask_if is not None and not group.ask_if.holds(context):
            continue
        offer(group.count)
        count = catalogue.value(data, group.count, today)
        if not isinstance(count, int):
            continue
        members = sorted(
            (s.order, s.key)
            for s in catalogue.dictionary.values()
            if s.group == name and s.key in needed
        )
        for index in range(min(count, group.max)):
            item = f"{name}[{index}]"
            for _, key in members:
                offer(f"{item}.{catalogue.dictionary[key].member}", item)
    return out


def _key(path: str) -> str:
    from forms.data import dictionary_key

    return dictionary_key(path)
