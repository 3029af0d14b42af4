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

import copy
from datetime import date
from itertools import product
from math import prod
from typing import TYPE_CHECKING, Any

from forms.data import dictionary_key, get_value, is_answered, set_value
from forms.expressions import Expression, compile_expression

if TYPE_CHECKING:
    from forms.catalogue import Catalogue


def needed_keys(
    catalogue: Catalogue, form_ids: list[str], data: dict[str, Any], today: date
) -> set[str]:
    """Dictionary keys the forms read for this data.

    Computed values and field values are traced (the keys their evaluation actually
    reads), so ``deceased.name if event == 'death' else applicant.name`` needs only
    ``applicant.name`` when the event is not a death. A field whose `show_if` does not
    hold needs only the keys of its condition.
    """
    context = catalogue.context(data, today)
    keys: set[str] = set()

    def traced(source: str | bool | None, item: str | None) -> None:
        # Only what evaluating the condition reads on this data: "event == 'marriage'
        # and marriage.moving" needs marriage.moving for a marriage only.
        if isinstance(source, str):
            keys.update(
                catalogue.trace(compile_expression(source, allow_item=True), data, today, item)
            )

    def use_key(path: str, item: str | None) -> None:
        keys.add(dictionary_key(path))
        spec = catalogue.dictionary.get(dictionary_key(path))
        if spec is not None and spec.computed is not None:
            keys.update(catalogue.trace(spec.computed, data, today, item))

    for form_id in form_ids:
        form = catalogue.form(form_id)
        for static in form.static:
            traced(static.value, None)  # the form's own words naming a fact
        for spec in form.fields:
            traced(spec.show_if, None)
            traced(spec.required, None)
            if spec.show_if and not compile_expression(spec.show_if).holds(context):
                continue
            if spec.key:
                use_key(spec.key, None)
            if spec.value:
                traced(spec.value, None)
        for repeat in form.repeats:
            traced(repeat.show_if, None)
            if repeat.show_if and not compile_expression(repeat.show_if).holds(context):
                continue
            for group in repeat.over:
                keys.add(group)
                members = get_value(data, group)
                count = len(members) if isinstance(members, list) else 0
                for index in range(count):
                    traced(repeat.where, f"{group}[{index}]")
                for spec in repeat.fields:
                    for index in range(count):
                        traced(spec.show_if, f"{group}[{index}]")
                    if spec.show_if and not any(
                        compile_expression(spec.show_if, allow_item=True).holds(
                            context.with_item(f"{group}[{index}]")
                        )
                        for index in range(count)
                    ):
                        continue  # a row's box hidden for every member: nothing to ask
                    if spec.key and spec.key.startswith("item."):
                        keys.add(f"{group}[].{dictionary_key(spec.key[5:])}")
                        for index in range(count):
                            use_key(f"{group}[{index}]{spec.key[4:]}", f"{group}[{index}]")
                    if spec.value:
                        for index in range(count):
                            traced(spec.value, f"{group}[{index}]")
    for name, repeat_group in catalogue.groups.items():
        if name in keys or any(k.startswith(name + "[].") for k in keys):
            keys.add(repeat_group.count)
    return keys


def questions_for(
    catalogue: Catalogue,
    event_id: str,
    data: dict[str, Any],
    today: date,
    include_answered: bool = False,
) -> list[str]:
    event = catalogue.event(event_id)
    data = data if data.get("event") == event_id else {**data, "event": event_id}
    out: list[str] = []

    def offer(path: str, item: str | None = None) -> None:
        spec = catalogue.dictionary.get(dictionary_key(path))
        if spec is None or not spec.askable or path in out:
            return
        if catalogue.given_instead(dictionary_key(path)):
            return
        if spec.ask_if is not None and not _decided(catalogue, spec.ask_if, data, today, item):
            return
        if include_answered or not is_answered(get_value(data, path)):
            out.append(path)

    for key in event.screening:
        offer(key)

    needed = needed_keys(catalogue, catalogue.forms_for(event_id, data, today), data, today)
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
        if group.ask_if is not None and not _decided(catalogue, group.ask_if, data, today, None):
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


def instead_offered(
    catalogue: Catalogue, path: str, data: dict[str, Any], today: date
) -> str | None:
    """The fact a resident may give on `path`'s screen in its place (`instead`), when
    that fact's own ask_if holds: a country for the 前住所 only on a 転入."""
    spec = catalogue.dictionary.get(dictionary_key(path))
    return _where_asked(catalogue, spec.instead if spec else None, data, today)


def then_none_offered(
    catalogue: Catalogue, path: str, data: dict[str, Any], today: date
) -> str | None:
    """The optional fact `path`'s screen may leave empty with its answer (`then_none`),
    when that fact's ask_if holds: it would be the question next."""
    spec = catalogue.dictionary.get(dictionary_key(path))
    return _where_asked(catalogue, spec.then_none if spec else None, data, today)


def then_yes_offered(
    catalogue: Catalogue, event_id: str, path: str, data: dict[str, Any], today: date
) -> str | None:
    """The yes/no fact `path`'s screen may answer yes with its own yes (`then_yes`),
    when a yes here makes it a question still to ask (not on an event whose forms
    do not need it)."""
    spec = catalogue.dictionary.get(dictionary_key(path))
    target = spec.then_yes if spec else None
    if target is None:
        return None
    after = copy.deepcopy(data)
    set_value(after, path, True)
    set_value(after, target, None)
    return target if target in questions_for(catalogue, event_id, after, today) else None


def _where_asked(
    catalogue: Catalogue, key: str | None, data: dict[str, Any], today: date
) -> str | None:
    """`key`, if it names a fact whose ask_if holds (or has none)."""
    other = catalogue.dictionary.get(key) if key else None
    if other is None:
        return None
    if other.ask_if is not None and not _decided(catalogue, other.ask_if, data, today, None):
        return None
    return other.key


def _decided(
    catalogue: Catalogue,
    condition: Expression,
    data: dict[str, Any],
    today: date,
    item: str | None,
) -> bool:
    """An ask_if holds, and every fact it reads has been answered: a question waits for
    the answers it depends on (so "the head's name" comes only after "are you the head?")."""
    context = catalogue.context(data, today).with_item(item)
    if not condition.holds(context):
        return False
    unanswered: list[str] = []
    for key in catalogue.trace(condition, data, today, item):
        spec = catalogue.dictionary.get(key)
        if spec is None or spec.computed is not None or spec.group is not None:
            continue
        if not spec.askable:
            continue  # never asked (only the card gives it): waiting would never end
        if not is_answered(get_value(data, key)):
            unanswered.append(key)
    if not unanswered:
        return True
    # Decided anyway if it holds whatever those facts turn out to be
    # ("household.has_children or event == 'birth'" holds for a birth).
    options = [_possible_answers(catalogue, key) for key in unanswered]
    if any(not o for o in options) or prod(len(o) for o in options) > _MAX_TRIALS:
        return False
    for values in product(*options):
        trial = copy.deepcopy(data)
        for key, value in zip(unanswered, values, strict=True):
            set_value(trial, key, value)
        if not condition.holds(catalogue.context(trial, today).with_item(item)):
            return False
    return True


#: How many combinations of unanswered facts `_decided` may try before it waits.
_MAX_TRIALS = 64


def _possible_answers(catalogue: Catalogue, key: str) -> list[Any]:
    """Every answer a yes/no or choice fact can get; [] for open-ended facts."""
    spec = catalogue.dictionary[key]
    if spec.type == "yes_no":
        return [True, False]
    if spec.type == "choice" and spec.choices:
        return [c.value for c in catalogue.choices.get(spec.choices, [])]
    return []
