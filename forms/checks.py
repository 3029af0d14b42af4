"""Entry checks (記入内容のチェック): what staff would otherwise catch at the counter.

    issues = check(catalogue, ["juminido"], data)

Three kinds, all data-driven:
- required: a form field marked `required` (or whose `required` expression holds) is empty;
- rules: each answered fact against its dictionary type and `rule` (pattern, length, range,
  choice list, real date);
- cross-field checks of the forms (`checks:`), evaluated when all their keys have values.

Each `Issue` has the data path, a stable code, a forms.po message key and its parameters
(`label` is the fact's Japanese label; the kiosk can look up other languages by key).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from forms.catalogue import Catalogue
from forms.countries import is_code
from forms.data import dictionary_key, get_value
from forms.expressions import compile_expression
from forms.kana import to_katakana
from forms.model import Field
from forms.questions import needed_keys
from forms.schema import FormField

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    key: str  # data path: applicant.name, children[1].birth_date
    code: str  # required, pattern, too_long, ..., or the form check's id
    message: str  # forms.po msgid
    params: dict[str, Any] = field(default_factory=dict)
    severity: Severity = "error"
    form_id: str | None = None


def check(
    catalogue: Catalogue,
    form_ids: list[str],
    data: dict[str, Any],
    today: date,
) -> list[Issue]:
    """Every problem of `data` for the given forms, errors and warnings, in a stable order."""
    issues: list[Issue] = []
    seen: set[tuple[str, str]] = set()

    def add(issue: Issue) -> None:
        if (issue.key, issue.code) not in seen:
            seen.add((issue.key, issue.code))
            issues.append(issue)

    context = catalogue.context(data, today)
    for form_id in catalogue.batch_order(form_ids):
        form = catalogue.form(form_id)
        for spec in form.fields:
            for issue in _required(catalogue, spec, None, data, context, form_id):
                add(issue)
        for repeat in form.repeats:
            if repeat.show_if and not compile_expression(repeat.show_if).holds(context):
                continue
            for group in repeat.over:
                members = get_value(data, group)
                for index in range(len(members) if isinstance(members, list) else 0):
                    item = f"{group}[{index}]"
                    for spec in repeat.fields:
                        for issue in _required(catalogue, spec, item, data, context, form_id):
                            add(issue)
    for key in sorted(needed_keys(catalogue, form_ids, data, today)):
        fact = catalogue.dictionary.get(key)
        if fact is None or fact.computed is not None:
            continue
        for path in _paths(key, fact, data):
            for issue in _rule(catalogue, fact, path, get_value(data, path)):
                add(issue)
    for form_id in catalogue.batch_order(form_ids):
        for chk in catalogue.form(form_id).checks:
            if any(i.key == k or i.key.startswith(k + "[") for i in issues for k in chk.keys):
                continue  # one message per problem: the value itself is already wrong
            values = [context.value(k) for k in chk.keys]
            if any(v is None or v == "" or v == [] for v in values):
                continue
            if not compile_expression(chk.rule).holds(context):
                label = _label(catalogue, chk.keys[0])
                add(
                    Issue(chk.keys[0], chk.id, chk.message, {"label": label}, chk.severity, form_id)
                )
    return issues


def check_answer(catalogue: Catalogue, path: str, value: Any) -> list[Issue]:
    """The problems of one answer as the resident gives it (the kiosk, before taking
    it): empty where the fact is not optional, and the fact's own rule."""
    spec = catalogue.dictionary.get(dictionary_key(path))
    if spec is None or spec.computed is not None:
        return []
    if value is None or value == "" or value == []:
        if spec.optional or spec.type in ("yes_no", "choice", "multi_choice"):
            return []
        return [Issue(path, "required", "forms.check.required", {"label": spec.label["ja"]})]
    return list(_rule(catalogue, spec, path, value))


def errors_only(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == "error"]


def _label(catalogue: Catalogue, path: str) -> str:
    spec = catalogue.dictionary.get(dictionary_key(path))
    return spec.label["ja"] if spec else path


def _paths(key: str, spec: Field, data: dict[str, Any]) -> Iterator[str]:
    if spec.group is None:
        yield key
        return
    members = get_value(data, spec.group)
    for index in range(len(members) if isinstance(members, list) else 0):
        yield f"{spec.group}[{index}].{spec.member}"


def _required(
    catalogue: Catalogue,
    spec: FormField,
    item: str | None,
    data: dict[str, Any],
    context: Any,
    form_id: str,
) -> Iterator[Issue]:
    if spec.required is False or spec.key is None:
        return
    local = context.with_item(item)
    if isinstance(spec.required, str) and not compile_expression(
        spec.required, allow_item=True
    ).holds(local):
        return
    if spec.show_if and not compile_expression(spec.show_if, allow_item=True).holds(local):
        return
    path = spec.key if not spec.key.startswith("item.") else f"{item}{spec.key[4:]}"
    value = catalogue._resolve(local, path)
    if value is None or value == "" or value == []:
        yield Issue(path, "required", "forms.check.required", {"label": _label(catalogue, path)},
                    "error", form_id)  # fmt: skip


def _rule(catalogue: Catalogue, spec: Field, path: str, value: Any) -> Iterator[Issue]:
    if value is None or (value == "" and spec.optional):
        return
    label = spec.label["ja"]

    def issue(code: str, message: str, **params: Any) -> Issue:
        return Issue(path, code, message, {"label": label, **params})

    if spec.type == "date":
        try:
            date.fromisoformat(str(value))
        except ValueError:
            yield issue("not_a_date", "forms.check.not_a_date")
        return
    if spec.type == "integer":
        try:
            number = int(value)
        except (TypeError, ValueError):
            yield issue("not_a_number", "forms.check.not_a_number")
            return
        rule = spec.rule
        if rule and (
            (rule.min is not None and number < rule.min)
            or (rule.max is not None and number > rule.max)
        ):
            yield issue("out_of_range", "forms.check.out_of_range", min=rule.min, max=rule.max)
        return
    if spec.type == "yes_no":
        if not isinstance(value, bool):
            yield issue("not_in_choices", "forms.check.not_in_choices")
        return
    if spec.type == "country":
        if not is_code(value):
            yield issue("not_in_choices", "forms.check.not_in_choices")
        return
    if spec.type in ("choice", "multi_choice"):
        allowed = {c.value for c in catalogue.choices.get(spec.choices or "", [])}
        values = value if isinstance(value, list) else [value]
        if spec.type == "choice" and isinstance(value, list):
            values = [object()]
        if any(str(v) not in allowed for v in values):
            yield issue("not_in_choices", "forms.check.not_in_choices")
        return
    text = str(value)
    if spec.type == "kana":
        text = to_katakana(text)
    elif spec.type in ("digits", "postal_code", "phone"):
        text = unicodedata.normalize("NFKC", text)
    rule = spec.rule
    if rule is None:
        return
    if rule.max_length is not None and len(text) > rule.max_length:
        yield issue("too_long", "forms.check.too_long", max=rule.max_length)
    if rule.min_length is not None and len(text) < rule.min_length:
        yield issue("too_short", "forms.check.too_short", min=rule.min_length)
    if rule.pattern and text and not re.fullmatch(rule.pattern, text):
        yield issue("pattern", rule.message or "forms.check.pattern")
