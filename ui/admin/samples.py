"""Sample answers for previews, made from the draft's own data dictionary.

`sample_data(catalogue, "full")` answers every fact: from `data/sample.yaml` (a fictional
family) where it has the key, otherwise a value made from the fact's type, so a fact the
admin just added appears in the preview at once. `"card"` holds only what a My Number
Card gives. `question_flow(catalogue, event, yes=True)` walks the kiosk's questions for
a life event the way a resident answering "yes" (or "no") to every yes/no question
would, and says which procedures and forms that leads to. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from forms.catalogue import Catalogue
from forms.data import dictionary_key, get_value, set_value
from forms.model import Field
from forms.questions import questions_for
from forms.values import answer_text
from i18n import Translator

SAMPLE_FILE = Path(__file__).parent / "data" / "sample.yaml"
#: Previews are rendered "as of" this day, so ages and 和暦 do not drift with the clock.
SAMPLE_TODAY = date(2025, 4, 1)
#: The sample sets the preview offers (admin.po: admin.sample.<name>).
SAMPLE_SETS = ("full", "card")
#: Members per repeat group in the full set (children[0], children[1], ...).
MEMBERS = 2
#: A question flow longer than this is cut off (a condition that never settles).
MAX_STEPS = 300

_BY_TYPE: dict[str, Any] = {
    "kana": "ミホン",
    "date": "1985-04-12",
    "postal_code": "100-0001",
    "address": "東京都千代田区千代田1番1号",
    "phone": "03-1234-5678",
    "digits": "1234567",
}


@cache
def _shipped() -> dict[str, Any]:
    data = yaml.safe_load(SAMPLE_FILE.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _by_type(catalogue: Catalogue, spec: Field, yes: bool) -> Any:
    if spec.type == "yes_no":
        return yes
    if spec.type in ("choice", "multi_choice"):
        values = [c.value for c in catalogue.choices.get(spec.choices or "", [])]
        first = values[0] if values else ""
        return [first] if spec.type == "multi_choice" else first
    if spec.type == "integer":
        rule = spec.rule
        low = rule.min if rule and rule.min is not None else 1
        high = rule.max if rule and rule.max is not None else max(low, 1)
        return min(max(low, 1), high)
    if spec.type == "text":
        return spec.label.get("ja", spec.key)
    return _BY_TYPE.get(spec.type, "")


def sample_value(catalogue: Catalogue, spec: Field, yes: bool = True, member: int = 0) -> Any:
    """The sample answer for one fact (the `member`-th value of a repeat-group fact)."""
    if spec.type == "yes_no":
        return yes
    shipped = _shipped().get(spec.key)
    if isinstance(shipped, list) and spec.group is not None:
        shipped = shipped[member % len(shipped)] if shipped else None
    return shipped if shipped is not None else _by_type(catalogue, spec, yes)


def sample_data(
    catalogue: Catalogue, which: str = "full", event: str | None = None
) -> dict[str, Any]:
    """Application data for a preview: `full` (every fact) or `card` (the card's four)."""
    data: dict[str, Any] = {"event": event} if event else {}
    plain = [s for s in catalogue.dictionary.values() if s.computed is None and s.group is None]
    if which == "card":
        for spec in plain:
            if spec.source and spec.source not in ("card.individual_number", "card.held"):
                set_value(data, spec.key, sample_value(catalogue, spec))
        return data
    counts = {g.count: g for g in catalogue.groups.values()}
    for spec in plain:
        group = counts.get(spec.key)
        value = min(MEMBERS, group.max) if group else sample_value(catalogue, spec)
        set_value(data, spec.key, value)
    for group in catalogue.groups.values():
        members = [
            s for s in catalogue.dictionary.values() if s.group == group.name and s.computed is None
        ]
        for index in range(min(MEMBERS, group.max)):
            for spec in members:
                value = sample_value(catalogue, spec, member=index)
                set_value(data, f"{group.name}[{index}].{spec.member}", value)
    return data


def event_for_form(catalogue: Catalogue, form_id: str) -> str | None:
    """A life event whose procedures this form serves (computed facts depend on it)."""
    served = set(catalogue.form(form_id).procedures)
    for event in catalogue.events.values():
        ids = {pid for pid, _ in event.procedures} | {r.procedure for r in event.suggest}
        if ids & served:
            return event.id
    return next(iter(catalogue.events), None)


# ---------------------------------------------------------------------------- question flow


@dataclass(frozen=True)
class FlowStep:
    path: str  # children[0].name
    question: str
    answer: str


@dataclass
class FlowPreview:
    event: str
    steps: list[FlowStep] = field(default_factory=list)
    #: (procedure id, title) in counter order
    procedures: list[tuple[str, str]] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    suggestions: list[tuple[str, str]] = field(default_factory=list)
    #: Stopped at MAX_STEPS, or a question that stays unanswered after its answer.
    stuck: str | None = None


def question_flow(
    catalogue: Catalogue,
    event_id: str,
    tr: Translator,
    *,
    yes: bool = True,
    card: bool = True,
    today: date = SAMPLE_TODAY,
) -> FlowPreview:
    """The questions a resident would be asked, one answer at a time, as the kiosk does
    (`questions_for` after every answer). Counts of repeat groups are answered with
    `MEMBERS` ("yes") or their smallest allowed value ("no")."""
    data = sample_data(catalogue, "card", event_id) if card else {"event": event_id}
    preview = FlowPreview(event_id)
    while True:
        pending = questions_for(catalogue, event_id, data, today)
        if not pending:
            break
        path = pending[0]
        if len(preview.steps) >= MAX_STEPS or any(s.path == path for s in preview.steps):
            preview.stuck = path
            break
        spec = catalogue.dictionary[dictionary_key(path)]
        member = int(path.split("[", 1)[1].split("]", 1)[0]) if "[" in path else 0
        if any(g.count == spec.key for g in catalogue.groups.values()):
            group = next(g for g in catalogue.groups.values() if g.count == spec.key)
            low = spec.rule.min if spec.rule and spec.rule.min is not None else 0
            value: Any = max(low, min(MEMBERS, group.max)) if yes else low
        else:
            value = sample_value(catalogue, spec, yes, member)
        set_value(data, path, value)
        question = tr.text(spec.question or spec.label)
        answer = answer_text(catalogue, spec, get_value(data, path), tr)
        preview.steps.append(FlowStep(path, question, answer))
    for procedure in catalogue.procedures_for(event_id, data, today):
        title = tr.text(procedure.title)
        preview.procedures.append((procedure.id, title))
    preview.forms = catalogue.forms_for(event_id, data, today)
    for procedure in catalogue.suggestions(event_id, data, today):
        title = tr.text(procedure.title)
        preview.suggestions.append((procedure.id, title))
    return preview
