"""The catalogue: dictionary, choices, departments, procedures, events and forms, loaded
from YAML and validated as a whole.

    catalogue = load_catalogue()              # packaged default (forms/data/), cached
    catalogue = load_catalogue(Path("/srv/city-forms"))   # an admin-edited copy
    catalogue.procedures_for("moving_in", data)
    forms.questions.questions_for(catalogue, "moving_in", data, today)

Broken files raise `FormDefinitionError` listing every located problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from forms.data import dictionary_key, get_value
from forms.errors import ErrorCode, FormDefinitionError, LocatedError, UnknownIdError
from forms.expressions import Context, Expression, coerce, compile_expression
from forms.model import (
    Department,
    Event,
    Field,
    Group,
    OtherEventRule,
    Procedure,
    Reason,
    SuggestionRule,
)
from forms.overlaps import overlap_errors
from forms.schema import (
    FILE_MODELS,
    Choice,
    ChoicesFile,
    DepartmentsFile,
    DictionaryFile,
    EventsFile,
    FormFile,
    ProceduresFile,
    ReasonsFile,
)
from forms.validation import Loaded, Validator, schema_errors
from forms.verified import VerifiedCatalogues, fingerprint
from forms.version import catalogue_version
from forms.yamlsource import Lines, load_yaml

DEFAULT_DIR = Path(__file__).parent / "data"
FILES = ("dictionary", "choices", "departments", "procedures", "events")
#: Files a catalogue may leave out (a city's copy made before they existed): read
#: when present, else empty.
OPTIONAL_FILES = ("reasons",)


@dataclass
class Catalogue:
    """Everything the kiosk, the checks and the renderer read, keyed by id."""

    root: Path
    dictionary: dict[str, Field]
    groups: dict[str, Group]
    choices: dict[str, list[Choice]]
    departments: dict[str, Department]
    procedures: dict[str, Procedure]
    events: dict[str, Event]
    forms: dict[str, FormFile]
    #: form id → the file it came from (for located errors at render time)
    form_files: dict[str, str] = field(default_factory=dict)
    #: Preset reasons for returning / cancelling, in their order (reasons.yaml).
    reasons: dict[str, Reason] = field(default_factory=dict)
    #: Which catalogue this is (forms.version.version_label of its files' content):
    #: printed in every form's footer and stored with each application.
    version: str = ""
    #: 続柄 composition (choices.yaml `seen_from`), read by the expression `seen_from`.
    seen_from: dict[str, dict[str, Any]] = field(default_factory=dict)

    def reasons_for(self, action: str) -> list[Reason]:
        """The preset reasons staff are offered for `action` ("return", "cancel")."""
        return [r for r in self.reasons.values() if action in r.actions]

    # ------------------------------------------------------------------ values

    def context(self, data: dict[str, Any], today: date, item: str | None = None, *,
                memo: dict[Any, Any] | None = None) -> Context:  # fmt: skip
        """An expression context over `data` that knows computed fields and value types;
        `memo` keeps what it read (Context.memo) while `data` does not change."""
        return Context(data, today, item, self._resolve, seen_from=self.seen_from, memo=memo)

    def _resolve(self, context: Context, path: str) -> Any:
        spec = self.dictionary.get(dictionary_key(path))
        if spec is not None and spec.computed is not None:
            item = path[: path.rindex("]") + 1] if spec.group else context.item
            return spec.computed.evaluate(context.with_item(item))
        return typed_value(spec, get_value(context.data, path))

    def trace(
        self,
        expr: Expression,
        data: dict[str, Any],
        today: date,
        item: str | None = None,
    ) -> set[str]:
        """The dictionary keys evaluating `expr` on `data` actually reads (computed
        values followed through), e.g. to know which facts a form needs."""
        read: set[str] = set()

        def resolver(context: Context, path: str) -> Any:
            read.add(dictionary_key(path))
            return self._resolve(context, path)

        def members(context: Context, path: str) -> Any:
            read.add(dictionary_key(path))
            return get_value(context.data, path)

        context = Context(data, today, item, resolver, members, self.seen_from)
        expr.evaluate(context)
        return read

    def value(self, data: dict[str, Any], path: str, today: date) -> Any:
        """The typed value of a fact (computed ones computed), e.g. a `date` for dates."""
        return self._resolve(self.context(data, today), path)

    def holds(self, expr: Expression | None, data: dict[str, Any], today: date) -> bool:
        return expr is None or expr.holds(self.context(data, today))

    def widget_for(self, key: str, data: dict[str, Any], today: date) -> str | None:
        """The kiosk widget for fact `key` with these answers (its `widget_if` holds)."""
        spec = self.dictionary[dictionary_key(key)]
        if spec.widget is None or not self.holds(spec.widget_if, data, today):
            return None
        return spec.widget

    def given_instead(self, key: str) -> bool:
        """Fact `key` is given on another fact's screen (its `instead`), never asked
        on one of its own (国籍・地域 on the 本籍 screen)."""
        return any(spec.instead == key for spec in self.dictionary.values())

    def reading_of(self, key: str) -> str | None:
        """The name whose フリガナ `key` is (children[].name for children[].name_kana)."""
        for spec in self.dictionary.values():
            if spec.reading == key:
                return spec.key
        return None

    def choice_texts(self, list_name: str | None, value: Any) -> dict[str, str] | str:
        """A choice's label in every language it has (the value itself if it is not in
        the list); shown through `Translator.text`."""
        for choice in self.choices.get(list_name or "", []):
            if choice.value == str(value):
                return choice.label
        return "" if value is None else str(value)

    # ------------------------------------------------------------------ events and procedures

    def event(self, event_id: str) -> Event:
        try:
            return self.events[event_id]
        except KeyError:
            raise UnknownIdError("event", event_id, list(self.events)) from None

    def form(self, form_id: str) -> FormFile:
        try:
            return self.forms[form_id]
        except KeyError:
            raise UnknownIdError("form", form_id, list(self.forms)) from None

    def _with_event(self, event_id: str, data: dict[str, Any]) -> dict[str, Any]:
        return data if data.get("event") == event_id else {**data, "event": event_id}

    def procedures_for(self, event_id: str, data: dict[str, Any], today: date) -> list[Procedure]:
        """The event's procedures whose conditions hold, plus the extras the resident chose
        (``data["procedures"]["extra"]``), in counter order."""
        event = self.event(event_id)
        data = self._with_event(event_id, data)
        chosen: list[str] = []
        for pid, when in event.procedures:
            procedure = self.procedures[pid]
            if self.holds(when, data, today) and self.holds(procedure.when, data, today):
                chosen.append(pid)
        for pid in _chosen(data, "extra"):
            if pid in self.procedures and pid not in chosen:
                chosen.append(pid)
        return self.in_counter_order(self.procedures[p] for p in chosen)

    def suggestions(self, event_id: str, data: dict[str, Any], today: date) -> list[Procedure]:
        """Related procedures to offer: rule holds, not already part of the application,
        not declined (``data["procedures"]["declined"]``)."""
        event = self.event(event_id)
        data = self._with_event(event_id, data)
        taken = {p.id for p in self.procedures_for(event_id, data, today)}
        declined = set(_chosen(data, "declined"))
        offered: list[Procedure] = []
        for rule in event.suggest:
            if rule.procedure in taken or rule.procedure in declined:
                continue
            if any(p.id == rule.procedure for p in offered):
                continue
            if self.holds(rule.when, data, today):
                offered.append(self.procedures[rule.procedure])
        return offered

    def other_event(
        self, event_id: str, data: dict[str, Any], today: date
    ) -> OtherEventRule | None:
        """The first `other_event` rule of the event that holds for these answers (the
        resident chose 転居 but the new address is in another city), or None. A rule is
        tried only once every fact it reads has an answer: a half-answered address
        never sends anyone elsewhere."""
        data = self._with_event(event_id, data)
        for rule in self.event(event_id).other_event:
            if any(self._unanswered(key, data) for key in rule.when.keys):
                continue
            if self.holds(rule.when, data, today):
                return rule
        return None

    def _unanswered(self, key: str, data: dict[str, Any]) -> bool:
        spec = self.dictionary.get(key)
        if spec is not None and spec.computed is not None:
            return any(self._unanswered(k, data) for k in spec.computed.keys)
        return get_value(data, key) in (None, "")

    def suggestion_reason(self, event_id: str, procedure_id: str) -> dict[str, str] | None:
        for rule in self.event(event_id).suggest:
            if rule.procedure == procedure_id:
                return rule.reason
        return None

    def in_counter_order(self, procedures: Iterable[Procedure]) -> list[Procedure]:
        return sorted(procedures, key=lambda p: (p.department.order, p.order, p.id))

    def forms_for(self, event_id: str, data: dict[str, Any], today: date) -> list[str]:
        """Form ids for the event's procedures, each once, in the fixed batch order."""
        ids = [f for p in self.procedures_for(event_id, data, today) for f in p.forms]
        return self.batch_order(ids)

    def batch_order(self, form_ids: Iterable[str]) -> list[str]:
        """The fixed order of a batch: by counter (department order), then form order."""
        unique = list(dict.fromkeys(form_ids))
        for form_id in unique:
            self.form(form_id)
        return sorted(
            unique,
            key=lambda f: (
                self.departments[self.forms[f].department].order,
                self.forms[f].order,
                f,
            ),
        )


def typed_value(spec: Field | None, raw: Any) -> Any:
    """A stored value as the dictionary type says: dates as `date`, integers as `int`."""
    if raw is None or spec is None:
        return coerce(raw)
    if spec.type == "date":
        value = coerce(raw)
        return value if isinstance(value, date) else None
    if spec.type == "integer":
        try:
            return int(raw)
        except (TypeError, ValueError):
            return None
    if spec.type == "yes_no" and isinstance(raw, str):
        return raw.lower() in ("true", "yes", "1")
    return raw


def _chosen(data: dict[str, Any], which: str) -> list[str]:
    value = get_value(data, f"procedures.{which}")
    return [str(v) for v in value] if isinstance(value, list) else []


# ---------------------------------------------------------------------------- loading


def load_catalogue(
    path: Path | None = None, verified: VerifiedCatalogues | None = None
) -> Catalogue:
    """Load and validate a catalogue directory; the default one is kept once loaded.

    With `verified` (the kiosk's), a catalogue whose files and checking code are those
    of the last one that passed every check is not checked again (forms.verified)."""
    if path is None:
        return _default_catalogue(verified)
    return _load(Path(path), verified)


_DEFAULT: list[Catalogue] = []


def _default_catalogue(verified: VerifiedCatalogues | None = None) -> Catalogue:
    if not _DEFAULT:
        _DEFAULT.append(_load(DEFAULT_DIR, verified))
    return _DEFAULT[0]


def _read(
    kind: str,
    file: Path,
    errors: list[LocatedError],
    sources: dict[str, Any] | None = None,
    parsed: dict[str, Any] | None = None,
) -> Loaded | None:
    """One file, parsed and schema-checked. `sources` collects its bytes (for the
    fingerprint) and, with `parsed`, what it parsed to (for forms.verified); `parsed`
    holding its data already (a verified catalogue) skips the YAML parser."""
    name = _name(kind, file)
    lines = Lines(str(file))
    data = parsed.get(name) if parsed is not None else None
    if data is None:
        raw = file.read_bytes()
        if sources is not None:
            sources[name] = raw
        data, lines, found = load_yaml(raw.decode("utf-8"), str(file))
        errors.extend(found)
        if found and data is None:
            return None
        if parsed is not None:
            parsed[name] = data
    model_cls = FILE_MODELS[kind]
    try:
        model = model_cls.model_validate(data if data is not None else {})
    except ValidationError as exc:
        errors.extend(schema_errors(exc, lines, data, model_cls))
        return None
    return Loaded(kind, str(file), lines, model)


def validate_form_text(
    text: str, file: str, catalogue: Catalogue | None = None
) -> list[LocatedError]:
    """Problems of one form file's text against a catalogue (the default one if None)."""
    catalogue = catalogue or load_catalogue()
    errors: list[LocatedError] = []
    data, lines, found = load_yaml(text, file)
    errors.extend(found)
    if data is None:
        return errors
    try:
        form = FormFile.model_validate(data)
    except ValidationError as exc:
        return errors + schema_errors(exc, lines, data, FormFile)
    validator = _validator_for(catalogue.root)
    validator.errors = []
    validator.check_form(form, lines)
    if validator.errors:
        return errors + validator.errors
    return errors + overlap_errors(catalogue, form, lines)


@cache
def _validator_for(root: Path) -> Validator:
    loaded = {kind: _read(kind, root / f"{kind}.yaml", []) for kind in FILES}
    models = {k: v.model for k, v in loaded.items() if v is not None}
    lines = loaded["dictionary"].lines if loaded["dictionary"] else Lines("dictionary.yaml")
    return Validator(
        models["dictionary"], lines, models["choices"], models["departments"],
        models["procedures"], models["events"],
    )  # fmt: skip


def _files(root: Path) -> tuple[list[tuple[str, Path]], list[LocatedError]]:
    """(kind, file) of everything a catalogue is read from, and the missing ones."""
    missing: list[LocatedError] = []
    files: list[tuple[str, Path]] = []
    for kind in FILES:
        file = root / f"{kind}.yaml"
        if file.exists():
            files.append((kind, file))
        else:
            missing.append(
                LocatedError(
                    ErrorCode.FILE_001,
                    str(file),
                    "",
                    None,
                    {"name": file.name, "directory": str(root)},
                )
            )
    files += [(k, root / f"{k}.yaml") for k in OPTIONAL_FILES if (root / f"{k}.yaml").exists()]
    files += [("form", p) for p in sorted((root / "forms").glob("*.yaml"))]
    return files, missing


def _load(root: Path, verified: VerifiedCatalogues | None = None) -> Catalogue:
    files, errors = _files(root)
    parsed: dict[str, Any] | None = None
    key = ""
    if verified is not None:
        key = fingerprint({_name(kind, file): file.read_bytes() for kind, file in files})
        parsed = verified.parsed(key)
    if parsed is not None and not errors:
        loaded = {k: _read(k, f, errors, parsed=parsed) for k, f in files if k != "form"}
        forms = [_read("form", f, errors, parsed=parsed) for k, f in files if k == "form"]
        if not errors and all(v is not None for v in [*loaded.values(), *forms]):
            models = {k: v.model for k, v in loaded.items() if v is not None}
            return _build(root, models, [f for f in forms if f is not None])
        errors = []  # not what was checked (a schema changed?): check it all
    return _check(root, files, errors, verified, key)


def _name(kind: str, file: Path) -> str:
    """A file's path in its catalogue (the fingerprint's and the cache's key)."""
    return f"forms/{file.name}" if kind == "form" else file.name


def _check(
    root: Path,
    files: list[tuple[str, Path]],
    errors: list[LocatedError],
    verified: VerifiedCatalogues | None,
    key: str,
) -> Catalogue:
    """Read and check the catalogue as a whole; remembered in `verified` if it passes."""
    sources: dict[str, bytes] = {}
    parsed: dict[str, Any] = {}
    loaded: dict[str, Loaded | None] = {k: None for k in FILES}
    forms: list[Loaded] = []
    for kind, file in files:
        one = _read(kind, file, errors, sources, parsed)
        if kind == "form":
            forms += [one] if one is not None else []
        else:
            loaded[kind] = one
    if errors or any(loaded[k] is None for k in FILES):
        raise FormDefinitionError(errors)
    models = {k: v.model for k, v in loaded.items() if v is not None}
    dictionary_src = loaded["dictionary"]
    assert dictionary_src is not None
    validator = Validator(
        models["dictionary"], dictionary_src.lines, models["choices"], models["departments"],
        models["procedures"], models["events"],
    )  # fmt: skip
    validator.check_dictionary()
    validator.check_choices(_lines(loaded, "choices"))
    validator.check_procedures(_lines(loaded, "procedures"))
    validator.check_events(_lines(loaded, "events"))
    validator.check_forms(forms)
    _check_cycles(models["dictionary"], dictionary_src.lines, validator.errors)
    _check_self_waits(models["dictionary"], dictionary_src.lines, validator.errors)
    if validator.errors:
        raise FormDefinitionError(validator.errors)
    catalogue = _build(root, models, forms)
    verdicts: dict[tuple[str, ...], bool] = {}
    overlaps = [e for f in forms for e in overlap_errors(catalogue, f.model, f.lines, verdicts)]
    if overlaps:
        raise FormDefinitionError(overlaps)
    # Remembered only if what was checked is what was hashed (no file changed between).
    if verified is not None and fingerprint(sources) == key:
        verified.remember(key, parsed)
    return catalogue


def _lines(loaded: dict[str, Loaded | None], kind: str) -> Lines:
    source = loaded[kind]
    assert source is not None
    return source.lines


def _check_cycles(dictionary: DictionaryFile, lines: Lines, errors: list[LocatedError]) -> None:
    """A computed field may not depend on itself, however indirectly."""
    depends: dict[str, set[str]] = {}
    for key, spec in dictionary.fields.items():
        if spec.computed:
            try:
                depends[key] = set(compile_expression(spec.computed, allow_item=True).keys)
            except ValueError:
                continue
    for start in depends:
        seen: set[str] = set()
        todo = list(depends[start])
        while todo:
            key = todo.pop()
            if key == start:
                errors.append(
                    lines.error(
                        ErrorCode.SCHEMA_003,
                        ("fields", start, "computed"),
                        problem="the computed value depends on itself",
                        value=dictionary.fields[start].computed,
                    )
                )
                break
            if key not in seen:
                seen.add(key)
                todo.extend(depends.get(key, ()))


def _check_self_waits(dictionary: DictionaryFile, lines: Lines, errors: list[LocatedError]) -> None:
    """An ask_if may not read the fact it guards (directly or through computed facts):
    a question waits for the facts its condition reads, so it would wait for its own
    answer and silently never be asked. Likewise a group's ask_if and its members."""

    def reads(source: str, group: str | None) -> set[str]:
        expr = compile_expression(source, allow_item=group is not None)
        found = set(expr.keys) | {f"{group}[].{m}" for m in expr.item_fields if group}
        todo, seen = list(found), set(found)
        while todo:
            fact = todo.pop()
            spec = dictionary.fields.get(fact)
            if spec is None or not spec.computed:
                continue
            owner = fact.rsplit("[]", 1)[0] if "[]" in fact else None
            for key in reads_once(spec.computed, owner):
                if key not in seen:
                    seen.add(key)
                    todo.append(key)
        return seen

    def reads_once(source: str, group: str | None) -> set[str]:
        expr = compile_expression(source, allow_item=True)
        return set(expr.keys) | {f"{group}[].{m}" for m in expr.item_fields if group}

    def report(path: tuple[str | int, ...], source: str, fact: str) -> None:
        errors.append(
            lines.error(
                ErrorCode.SCHEMA_003,
                path,
                problem=f"the condition reads {fact}, the fact it decides on: the question "
                "would wait for its own answer and never be asked",
                value=source,
            )
        )

    for key, spec in dictionary.fields.items():
        if not spec.ask_if:
            continue
        group = key.rsplit("[]", 1)[0] if "[]" in key else None
        try:
            if key in reads(spec.ask_if, group):
                report(("fields", key, "ask_if"), spec.ask_if, key)
        except ValueError:
            continue  # a broken expression is reported where it is compiled
    for name, group_spec in dictionary.groups.items():
        if not group_spec.ask_if:
            continue
        try:
            read = reads(group_spec.ask_if, None)
        except ValueError:
            continue
        own = [k for k in sorted(read) if k == name or k.startswith(f"{name}[]")]
        if own:
            report(("groups", name, "ask_if"), group_spec.ask_if, own[0])


def _compiled(source: str | None, allow_item: bool = False) -> Expression | None:
    return None if source is None else compile_expression(source, allow_item=allow_item)


def _build(root: Path, models: dict[str, Any], forms: list[Loaded]) -> Catalogue:
    dictionary_file: DictionaryFile = models["dictionary"]
    choices_file: ChoicesFile = models["choices"]
    departments_file: DepartmentsFile = models["departments"]
    procedures_file: ProceduresFile = models["procedures"]
    events_file: EventsFile = models["events"]

    dictionary: dict[str, Field] = {}
    for key, spec in dictionary_file.fields.items():
        group, member = key.rsplit("[].", 1) if "[]." in key else (None, None)
        dictionary[key] = Field(
            key=key, type=spec.type, label=spec.label, question=spec.question, help=spec.help,
            choices=spec.choices, rule=spec.rule, source=spec.source,
            ask_if=_compiled(spec.ask_if, group is not None), order=spec.order,
            optional=spec.optional, sensitive=spec.sensitive,
            computed=_compiled(spec.computed, group is not None), group=group, member=member,
            widget=spec.widget, reading=spec.reading,
            widget_if=_compiled(spec.widget_if, group is not None), era=spec.era,
            staff=frozenset(spec.staff), code=spec.code, within=spec.within,
            quick_dates=tuple(spec.quick_dates), same_as=spec.same_as,
            surname_from=spec.surname_from,
            instead=spec.instead, shortlist=tuple(spec.shortlist),
            then_none=spec.then_none, none=spec.none, digits_first=spec.digits_first,
            then_yes=spec.then_yes, yes_too=spec.yes_too,
        )  # fmt: skip
    groups = {
        name: Group(name, g.label, g.count, g.max, _compiled(g.ask_if))
        for name, g in dictionary_file.groups.items()
    }
    departments = {
        did: Department(did, d.name, d.counter, d.order)
        for did, d in departments_file.departments.items()
    }
    form_models: dict[str, FormFile] = {f.model.id: f.model for f in forms}
    serving: dict[str, list[str]] = {}
    for form in sorted(
        form_models.values(), key=lambda f: (departments[f.department].order, f.order, f.id)
    ):
        for pid in form.procedures:
            serving.setdefault(pid, []).append(form.id)
    procedures = {
        pid: Procedure(
            pid,
            p.title,
            departments[p.department],
            tuple(serving.get(pid, ())),
            _compiled(p.when),
            p.note,
            p.order,
            _compiled(p.persons),
        )
        for pid, p in procedures_file.procedures.items()
    }
    events = {
        eid: Event(
            eid,
            e.title,
            e.description,
            e.pictogram,
            e.order,
            tuple(e.screening),
            tuple((r.procedure, _compiled(r.when)) for r in e.procedures),
            tuple(SuggestionRule(s.procedure, _compiled(s.when), s.reason) for s in e.suggest),
            tuple(
                OtherEventRule(compile_expression(o.when), o.event, o.message)
                for o in e.other_event
            ),
        )
        for eid, e in sorted(events_file.events.items(), key=lambda kv: kv[1].order)
    }
    return Catalogue(
        root=root,
        dictionary=dictionary,
        groups=groups,
        choices={name: list(items) for name, items in choices_file.choices.items()},
        departments=departments,
        procedures=procedures,
        events=events,
        forms=form_models,
        form_files={f.model.id: f.file for f in forms},
        reasons=_reasons(models.get("reasons")),
        version=catalogue_version(root),
        seen_from={k: dict(v) for k, v in choices_file.seen_from.items()},
    )


def _reasons(file: ReasonsFile | None) -> dict[str, Reason]:
    if file is None:
        return {}
    ordered = sorted(file.reasons.items(), key=lambda kv: (kv[1].order, kv[0]))
    return {rid: Reason(rid, r.text, tuple(r.actions), r.order) for rid, r in ordered}
