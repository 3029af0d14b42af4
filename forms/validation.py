"""Checks across definition files, after each file passed its schema.

Each check appends `LocatedError`s (file, line, YAML path, code) instead of stopping at
the first problem, so an administrator sees every problem of an edit at once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from forms.data import dictionary_key
from forms.errors import ErrorCode, LocatedError
from forms.expressions import Expression, ExpressionError, compile_expression
from forms.schema import (
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    WIDGET_TYPES,
    Box,
    ChoicesFile,
    DepartmentsFile,
    DictionaryFile,
    EventsFile,
    FormField,
    FormFile,
    ProceduresFile,
)
from forms.yamlsource import Lines

#: The choice list whose values the 続柄 composition table (choices.yaml `seen_from`) combines.
SEEN_FROM_LIST = "relationship"
_SEX_KEYS = {"1", "2"}
_AGE_KEYS = {"older", "younger"}

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\[\])?(\.[a-z][a-z0-9_]*(\[\])?)*$")
#: Top-level data entries that are not dictionary facts (see forms.data).
RESERVED_DATA = {"event", "procedures"}

#: Which print formats suit which dictionary types.
FORMATS_BY_TYPE: dict[str, set[str]] = {
    "text": {"text", "multiline"},
    "address": {"text", "multiline"},
    "kana": {"kana", "text"},
    "date": {"wareki", "date"},
    "integer": {"integer", "text", "digits"},
    "yes_no": {"checkbox", "choice", "text"},
    # a choice printed as "text" would print its code (employee), never its label
    "choice": {"choice", "checkbox"},
    "multi_choice": {"checkbox", "choice"},
    "postal_code": {"postal_code", "digits", "text"},
    "phone": {"phone", "text", "digits"},
    "digits": {"digits", "text"},
    # a code (BR) printed as text would print the code, never the 国名
    "country": {"country"},
}


#: Dictionary settings that name another fact, and the type that fact must have (None: any).
_REFERENCES: dict[str, str | None] = {
    "code": "digits",
    "within": "digits",
    "same_as": None,
    "surname_from": "text",
}


@dataclass
class Loaded:
    """One definition file after its schema check."""

    kind: str
    file: str
    lines: Lines
    model: Any


def schema_errors(
    exc: ValidationError, lines: Lines, data: Any, model: type[BaseModel]
) -> list[LocatedError]:
    """Pydantic's errors as located errors, with the YAML line of each."""
    found: list[LocatedError] = []
    seen: set[tuple[str, str]] = set()
    for err in exc.errors():
        path, complete = _data_path(data, err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            code, params = (
                ErrorCode.SCHEMA_001,
                {"name": path[-1], "allowed": ", ".join(_allowed(model, path[:-1]))},
            )
        elif kind == "missing" and isinstance(err["loc"][-1], int):
            # a tuple such as a box with too few numbers
            code = ErrorCode.SCHEMA_003
            params = {"problem": f"needs more items (item {err['loc'][-1] + 1} is missing)",
                      "value": _short(_at(data, path))}  # fmt: skip
        elif kind == "missing":
            if complete:
                path = (*path, err["loc"][-1])
            code, params = ErrorCode.SCHEMA_002, {"name": err["loc"][-1]}
        else:
            code = ErrorCode.SCHEMA_003
            params = {"problem": err["msg"], "value": _short(err.get("input"))}
        error = lines.error(code, path, **params)
        if (error.path, code.code) not in seen:
            seen.add((error.path, code.code))
            found.append(error)
    return found


def _short(value: Any) -> Any:
    text = repr(value)
    return value if len(text) < 60 else text[:57] + "..."


def _at(data: Any, path: Sequence[str | int]) -> Any:
    for part in path:
        data = data[part]
    return data


def _data_path(data: Any, loc: Sequence[Any]) -> tuple[tuple[str | int, ...], bool]:
    """The part of pydantic's `loc` that exists in the data (drops union-member tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and part < len(node)
        ):
            node = node[part]
        else:
            return tuple(path), isinstance(node, dict)
        path.append(part)
    return tuple(path), False


def _allowed(model: type[BaseModel], path: Sequence[str | int]) -> list[str]:
    """The setting names allowed at `path` in `model` (for "unknown setting" errors)."""
    current: Any = model
    for part in path:
        while get_origin(current) in (list, dict, tuple) or (
            get_origin(current) is not None and not _is_model(current)
        ):
            args = [a for a in get_args(current) if a is not type(None)]
            current = args[-1] if args else Any
        if isinstance(part, int):
            continue
        if _is_model(current) and part in current.model_fields:
            current = current.model_fields[part].annotation
        # else: a free mapping key (dict[str, X]): the annotation was already unwrapped
    while get_origin(current) is not None and not _is_model(current):
        args = [a for a in get_args(current) if a is not type(None)]
        current = args[-1] if args else Any
    return list(current.model_fields) if _is_model(current) else []


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


@dataclass
class Validator:
    """Cross-file checks. `errors` collects every problem found."""

    dictionary: DictionaryFile
    dictionary_lines: Lines
    choices: ChoicesFile
    departments: DepartmentsFile
    procedures: ProceduresFile
    events: EventsFile
    errors: list[LocatedError] = field(default_factory=list)
    compiled: dict[tuple[str, tuple[str | int, ...]], Expression] = field(default_factory=dict)

    # ------------------------------------------------------------------ helpers

    def known_key(self, key: str) -> bool:
        return (
            key in self.dictionary.fields
            or key in self.dictionary.groups
            or key.split(".")[0] in RESERVED_DATA
        )

    def _check_references(self, key: str, spec: Any, lines: Lines, path: tuple[Any, ...]) -> None:
        """A fact named by `code`, `within`, `same_as` or `surname_from` exists with the type it is used
        as; `code`/`within` belong to the list widgets, `quick_dates` to a date; a widget
        fits the field's type (forms.schema.WIDGET_TYPES)."""
        fields = self.dictionary.fields
        problems: list[tuple[str, str, str]] = []
        for setting, wanted in _REFERENCES.items():
            other = getattr(spec, setting)
            if other is None:
                continue
            if other not in fields:
                problems.append((setting, f"{other!r} is not a fact of the dictionary", other))
            elif wanted and fields[other].type != wanted:
                problems.append(
                    (setting, f"{other!r} is a {fields[other].type}, not {wanted}", other)
                )
            elif setting == "same_as" and fields[other].type != spec.type:
                problem = f"{other!r} is a {fields[other].type} and {key} a {spec.type}"
                problems.append((setting, problem, other))
            elif setting in ("code", "within") and spec.widget not in ("bank", "bank_branch"):
                problems.append((setting, f"`{setting}` is for the bank lists", other))
            elif setting == "surname_from" and {spec.widget, fields[other].widget} != {
                "person_name"
            }:
                problems.append((setting, "`surname_from` is from a name to a name", other))
        if spec.widget is not None and spec.type not in WIDGET_TYPES[spec.widget]:
            fits = " or ".join(WIDGET_TYPES[spec.widget])
            problem = f"a {spec.widget} is for a {fits}, and {key} is a {spec.type}"
            problems.append(("widget", problem, spec.widget))
        if spec.widget == "bank_branch" and not spec.within:
            problem = "a bank_branch list needs `within` (the fact with the bank's code)"
            problems.append(("widget", problem, spec.widget))
        if spec.quick_dates and spec.type != "date":
            problems.append(("quick_dates", "quick dates are for a date", str(spec.quick_dates)))
        for setting, problem, value in problems:
            self.errors.append(
                lines.error(ErrorCode.SCHEMA_003, (*path, setting), problem=problem, value=value)
            )

    def expression(
        self,
        source: str | None,
        lines: Lines,
        path: tuple[str | int, ...],
        item_groups: Sequence[str] = (),
    ) -> Expression | None:
        if source is None:
            return None
        try:
            expr = compile_expression(source, allow_item=bool(item_groups))
        except ExpressionError as exc:
            self.errors.append(lines.error(exc.code, path, **exc.params))
            return None
        for key in sorted(expr.keys):
            if not self.known_key(key):
                self.errors.append(lines.error(ErrorCode.EXPR_004, path, expr=source, key=key))
        for member in sorted(expr.item_fields):
            for group in item_groups:
                if f"{group}[].{member}" not in self.dictionary.fields:
                    self.errors.append(
                        lines.error(ErrorCode.EXPR_004, path, expr=source, key=f"item.{member}")
                    )
        self.compiled[(lines.file, path)] = expr
        return expr

    def reference(
        self, kind: str, name: str, known: Iterable[str], lines: Lines, path: tuple[str | int, ...]
    ) -> bool:
        names = list(known)
        if name in names:
            return True
        self.errors.append(
            lines.error(ErrorCode.REF_001, path, kind=kind, name=name, known=", ".join(names))
        )
        return False

    def message_key(self, key: str, lines: Lines, path: tuple[str | int, ...]) -> None:
        if not key.startswith("forms."):
            self.errors.append(lines.error(ErrorCode.MSG_001, path, key=key))

    # ------------------------------------------------------------------ dictionary

    def check_dictionary(self) -> None:
        lines = self.dictionary_lines
        groups = self.dictionary.groups
        for name, group in groups.items():
            path: tuple[str | int, ...] = ("groups", name)
            if not KEY_PATTERN.match(name) or "[]" in name:
                self.errors.append(lines.error(ErrorCode.KEY_003, path, key=name))
            count = self.dictionary.fields.get(group.count)
            if count is None or count.type != "integer":
                self.errors.append(
                    lines.error(ErrorCode.KEY_001, (*path, "count"), key=group.count)
                )
            self.expression(group.ask_if, lines, (*path, "ask_if"))
        for key, spec in self.dictionary.fields.items():
            path = ("fields", key)
            if not KEY_PATTERN.match(key):
                self.errors.append(lines.error(ErrorCode.KEY_003, path, key=key))
                continue
            owner = key.rsplit("[]", 1)[0] if "[]" in key else None
            if owner is not None and owner not in groups:
                self.errors.append(
                    lines.error(
                        ErrorCode.REF_001,
                        path,
                        kind="repeat group",
                        name=owner,
                        known=", ".join(groups),
                    )
                )
            item_groups = (owner,) if owner else ()
            if spec.type in ("choice", "multi_choice") or spec.choices:
                if spec.choices is None:
                    self.errors.append(lines.error(ErrorCode.SCHEMA_002, path, name="choices"))
                elif spec.choices not in self.choices.choices:
                    self.errors.append(
                        lines.error(
                            ErrorCode.CHOICE_001,
                            (*path, "choices"),
                            name=spec.choices,
                            known=", ".join(self.choices.choices),
                        )
                    )
            if spec.reading is not None:
                target = self.dictionary.fields.get(spec.reading)
                if target is None or target.type != "kana":
                    self.errors.append(
                        lines.error(ErrorCode.KEY_004, (*path, "reading"), key=spec.reading)
                    )
            # Settings naming another fact that must suit them (the button's words).
            fields = self.dictionary.fields
            for setting, other, fits, problem in (
                (
                    "instead", spec.instead,
                    lambda t: t.question is not None and t.instead is None,
                    "`instead` names a fact with a question of its own (the button's "
                    "words) that has no `instead` itself",
                ),
                (
                    "then_none", spec.then_none,
                    lambda t: t.optional and t.none is not None,
                    "`then_none` names an optional fact with the words of the OK that "
                    "leaves it empty (its `none`)",
                ),
                (
                    "then_yes", spec.then_yes,
                    lambda t, own=spec.type: own == "yes_no" and t.type == "yes_no"
                    and t.yes_too is not None,
                    "`then_yes` on a yes/no fact names a yes/no fact with the words of the "
                    "yes that answers both (its `yes_too`)",
                ),
            ):  # fmt: skip
                target = fields.get(other) if other is not None else None
                if other is not None and (target is None or not fits(target)):
                    self.errors.append(
                        lines.error(
                            ErrorCode.SCHEMA_003, (*path, setting), problem=problem, value=other
                        )
                    )
            if spec.shortlist and spec.type != "country":
                self.errors.append(
                    lines.error(
                        ErrorCode.SCHEMA_003,
                        (*path, "shortlist"),
                        problem=f"`shortlist` is for a country, and {key} is a {spec.type}",
                        value=spec.shortlist,
                    )
                )
            if spec.era is not None and spec.type != "date":
                self.errors.append(
                    lines.error(
                        ErrorCode.SCHEMA_003,
                        (*path, "era"),
                        problem=f"`era` is for a date, and {key} is a {spec.type}",
                        value=spec.era,
                    )
                )
            self._check_references(key, spec, lines, path)
            self.expression(spec.ask_if, lines, (*path, "ask_if"), item_groups)
            self.expression(spec.computed, lines, (*path, "computed"), item_groups)
            self.expression(spec.widget_if, lines, (*path, "widget_if"), item_groups)
            if spec.rule and spec.rule.pattern:
                try:
                    re.compile(spec.rule.pattern)
                except re.error as exc:
                    self.errors.append(
                        lines.error(
                            ErrorCode.SCHEMA_003,
                            (*path, "rule", "pattern"),
                            problem=f"not a regular expression ({exc})",
                            value=spec.rule.pattern,
                        )
                    )
            if spec.rule and spec.rule.message:
                self.message_key(spec.rule.message, lines, (*path, "rule", "message"))

    def check_choices(self, lines: Lines) -> None:
        self.check_seen_from(lines)
        for name, items in self.choices.choices.items():
            counts = Counter(c.value for c in items)
            for index, item in enumerate(items):
                if counts[item.value] > 1:
                    self.errors.append(
                        lines.error(
                            ErrorCode.REF_002,
                            ("choices", name, index, "value"),
                            kind="choice",
                            name=item.value,
                            other=name,
                        )
                    )

    def check_seen_from(self, lines: Lines) -> None:
        """Every value of the 続柄 composition table is a value of the relationship list;
        a result keyed by anything is keyed by sex codes or older/younger."""
        known = {c.value for c in self.choices.choices.get(SEEN_FROM_LIST, [])}

        def check(value: object, path: tuple[str | int, ...], keys: set[str]) -> None:
            if isinstance(value, dict):
                for key, inner in value.items():
                    if key not in keys:
                        self.errors.append(lines.error(ErrorCode.SCHEMA_003, (*path, key),
                                                       problem=f"not one of {sorted(keys)}", value=key))  # fmt: skip
                    check(inner, (*path, key), _SEX_KEYS)
            elif value not in known:
                self.errors.append(self.unknown_relationship(lines, path, str(value), known))

        for viewer, row in self.choices.seen_from.items():
            if viewer not in known:
                self.errors.append(self.unknown_relationship(lines, ("seen_from", viewer), viewer, known))
            for person, result in row.items():
                path: tuple[str | int, ...] = ("seen_from", viewer, person)
                if person not in known:
                    self.errors.append(self.unknown_relationship(lines, path, person, known))
                check(result, path, _SEX_KEYS | _AGE_KEYS)

    @staticmethod
    def unknown_relationship(
        lines: Lines, path: tuple[str | int, ...], name: str, known: set[str]
    ) -> LocatedError:
        return lines.error(ErrorCode.REF_001, path, kind="relationship", name=name,
                           known=", ".join(sorted(known)))  # fmt: skip

    # ------------------------------------------------------------------ procedures, events

    def check_procedures(self, lines: Lines) -> None:
        for pid, proc in self.procedures.procedures.items():
            path: tuple[str | int, ...] = ("procedures", pid)
            self.reference(
                "department",
                proc.department,
                self.departments.departments,
                lines,
                (*path, "department"),
            )
            self.expression(proc.when, lines, (*path, "when"))
            self.expression(proc.persons, lines, (*path, "persons"))

    def check_events(self, lines: Lines) -> None:
        procs = self.procedures.procedures
        for eid, event in self.events.events.items():
            path: tuple[str | int, ...] = ("events", eid)
            for index, key in enumerate(event.screening):
                if key not in self.dictionary.fields:
                    self.errors.append(
                        lines.error(ErrorCode.KEY_001, (*path, "screening", index), key=key)
                    )
            for index, ref in enumerate(event.procedures):
                where = (*path, "procedures", index)
                self.reference("procedure", ref.procedure, procs, lines, (*where, "procedure"))
                self.expression(ref.when, lines, (*where, "when"))
            for index, sug in enumerate(event.suggest):
                where = (*path, "suggest", index)
                self.reference("procedure", sug.procedure, procs, lines, (*where, "procedure"))
                self.expression(sug.when, lines, (*where, "when"))
            for index, other in enumerate(event.other_event):
                where = (*path, "other_event", index)
                self.reference("event", other.event, self.events.events, lines, (*where, "event"))
                self.expression(other.when, lines, (*where, "when"))

    # ------------------------------------------------------------------ forms

    def check_forms(self, forms: list[Loaded]) -> None:
        first_file: dict[str, str] = {}
        for loaded in forms:
            form: FormFile = loaded.model
            lines = loaded.lines
            if form.id in first_file:
                self.errors.append(
                    lines.error(
                        ErrorCode.REF_002,
                        ("id",),
                        kind="form",
                        name=form.id,
                        other=first_file[form.id],
                    )
                )
            first_file.setdefault(form.id, loaded.file)
            self.check_form(form, lines)

    def check_form(self, form: FormFile, lines: Lines) -> None:
        self.reference(
            "department", form.department, self.departments.departments, lines, ("department",)
        )
        for index, pid in enumerate(form.procedures):
            self.reference(
                "procedure", pid, self.procedures.procedures, lines, ("procedures", index)
            )
        names: Counter[str] = Counter()
        for index, spec in enumerate(form.fields):
            self.check_field(form, spec, lines, ("fields", index), ())
            names[spec.name or spec.key or f"fields[{index}]"] += 1
        for r_index, repeat in enumerate(form.repeats):
            path: tuple[str | int, ...] = ("repeats", r_index)
            groups = [g for g in repeat.over if self.reference(
                "repeat group", g, self.dictionary.groups, lines, (*path, "over"))]  # fmt: skip
            self.expression(repeat.where, lines, (*path, "where"), groups or ["?"])
            self.expression(repeat.show_if, lines, (*path, "show_if"))
            for index, spec in enumerate(repeat.fields):
                self.check_field(form, spec, lines, (*path, "fields", index), groups)
                last = _shift(spec.box, repeat.step, repeat.rows - 1)
                self.check_box(last, lines, (*path, "fields", index, "box"))
        for index, spec in enumerate(form.fields):
            name = spec.name or spec.key or f"fields[{index}]"
            if names[name] > 1:
                self.errors.append(lines.error(ErrorCode.FIELD_003, ("fields", index), name=name))
        for index, item in enumerate(form.static):
            self.check_box(item.box, lines, ("static", index, "box"))
            self.check_page(item.page, form.pages, lines, ("static", index, "page"))
            self.expression(item.show_if, lines, ("static", index, "show_if"))
            self.expression(item.value, lines, ("static", index, "value"))
        for index, chk in enumerate(form.checks):
            path = ("checks", index)
            self.expression(chk.rule, lines, (*path, "rule"))
            for k_index, key in enumerate(chk.keys):
                if not self.known_key(key):
                    self.errors.append(
                        lines.error(ErrorCode.KEY_001, (*path, "keys", k_index), key=key)
                    )
            self.message_key(chk.message, lines, (*path, "message"))

    def check_field(
        self,
        form: FormFile,
        spec: FormField,
        lines: Lines,
        path: tuple[str | int, ...],
        groups: Sequence[str],
    ) -> None:
        got = [n for n in ("key", "value") if getattr(spec, n) is not None]
        if len(got) != 1:
            self.errors.append(
                lines.error(ErrorCode.FIELD_001, path, got=" and ".join(got) or "neither")
            )
        value_type: str | None = None
        choices: str | None = None
        if spec.key is not None:
            value_type, choices = self.field_key(spec.key, lines, (*path, "key"), groups)
        self.expression(spec.value, lines, (*path, "value"), groups)
        self.expression(spec.show_if, lines, (*path, "show_if"), groups)
        if isinstance(spec.required, str):
            self.expression(spec.required, lines, (*path, "required"), groups)
        if value_type is not None and spec.format not in FORMATS_BY_TYPE[value_type]:
            self.errors.append(
                lines.error(
                    ErrorCode.FIELD_002,
                    (*path, "format"),
                    format=spec.format,
                    type=value_type,
                    allowed=", ".join(sorted(FORMATS_BY_TYPE[value_type])),
                )
            )
        if spec.format == "digits" and spec.cells is None:
            self.errors.append(
                lines.error(ErrorCode.FIELD_004, path, format="digits", setting="cells")
            )
        if spec.options is not None:
            known = [c.value for c in self.choices.choices.get(choices or "", [])]
            for index, option in enumerate(spec.options):
                if option not in known:
                    self.errors.append(
                        lines.error(
                            ErrorCode.FIELD_005,
                            (*path, "options", index),
                            option=option,
                            choices=choices,
                            allowed=", ".join(known),
                        )
                    )
        self.check_box(spec.box, lines, (*path, "box"))
        self.check_page(spec.page, form.pages, lines, (*path, "page"))

    def field_key(
        self, key: str, lines: Lines, path: tuple[str | int, ...], groups: Sequence[str]
    ) -> tuple[str | None, str | None]:
        """Check a form field's key; returns the value's type and choice list, if known."""
        if key.startswith("item."):
            member = key[len("item.") :]
            found = None
            for group in groups:
                spec = self.dictionary.fields.get(f"{group}[].{member}")
                if spec is None:
                    self.errors.append(
                        lines.error(ErrorCode.KEY_001, path, key=f"{group}[].{member}")
                    )
                else:
                    found = found or spec
            if not groups:
                self.errors.append(lines.error(ErrorCode.EXPR_006, path, expr=key))
            return (found.type, found.choices) if found else (None, None)
        spec = self.dictionary.fields.get(dictionary_key(key))
        if spec is None:
            self.errors.append(lines.error(ErrorCode.KEY_001, path, key=key))
            return None, None
        if "[]" in key:
            member = key.rsplit("[].", 1)[-1]
            self.errors.append(lines.error(ErrorCode.KEY_002, path, key=key, member=member))
        return spec.type, spec.choices

    def check_box(self, box: Box, lines: Lines, path: tuple[str | int, ...]) -> None:
        x, y, w, h = box
        if w <= 0 or h <= 0:
            self.errors.append(lines.error(ErrorCode.POS_002, path, box=list(box)))
        elif x < 0 or y < 0 or x + w > PAGE_WIDTH_MM + 0.01 or y + h > PAGE_HEIGHT_MM + 0.01:
            self.errors.append(
                lines.error(
                    ErrorCode.POS_001,
                    path,
                    box=list(box),
                    width=PAGE_WIDTH_MM,
                    height=PAGE_HEIGHT_MM,
                )
            )

    def check_page(self, page: int, pages: int, lines: Lines, path: tuple[str | int, ...]) -> None:
        if page > pages:
            self.errors.append(lines.error(ErrorCode.POS_003, path, page=page, pages=pages))


def _shift(box: Box, step: tuple[float, float], times: int) -> Box:
    x, y, w, h = box
    return (x + step[0] * times, y + step[1] * times, w, h)
