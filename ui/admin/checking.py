"""Check a draft as the admin types: copy it with the unsaved texts to a temporary
directory and load it the way a kiosk will (`forms.catalogue.load_catalogue`).

`check_draft(workspace, overrides)` returns every located problem (file relative to the
catalogue, line, YAML path, stable code and the forms.po key of its message), the
loaded `Catalogue` when there is none (for previews), and the tables the editor shows
(facts, events → procedures) read from the texts themselves, so they follow the text
even while another file is broken. Runs in a worker thread; no Qt here.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forms.catalogue import Catalogue, load_catalogue
from forms.errors import FormDefinitionError
from forms.yamlsource import load_yaml
from i18n import Translator
from ui.admin.workspace import Workspace, relative_names

#: The message key of a problem that is not a located definition error (a bug).
UNEXPECTED = "admin.check.unexpected"


@dataclass(frozen=True)
class Problem:
    """One problem of the draft, located in one of its files."""

    file: str  # relative to the catalogue: forms/juminido.yaml
    line: int | None
    path: str  # YAML path: fields[3].show_if
    code: str  # EXPR_004
    key: str  # forms.error.EXPR_004 (the message's msgid)
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, tr: Translator) -> str:
        return tr(self.key, **self.params)


@dataclass(frozen=True)
class FactRow:
    """One fact of dictionary.yaml, as the facts table shows it."""

    key: str
    type: str
    question_ja: str
    question_en: str
    order: str
    ask_if: str
    computed: str
    line: int | None


@dataclass(frozen=True)
class EventRow:
    """One procedure of a life event (or a suggestion), as the events table shows it."""

    event: str
    event_title: str
    kind: str  # "procedure" or "suggest"
    procedure: str
    procedure_title: str
    when: str
    line: int | None
    index: int = 0  # its place in the event's list


@dataclass
class CheckResult:
    problems: list[Problem]
    catalogue: Catalogue | None
    facts: list[FactRow]
    events: list[EventRow]

    @property
    def ok(self) -> bool:
        return not self.problems and self.catalogue is not None

    def count_by_file(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for problem in self.problems:
            counts[problem.file] = counts.get(problem.file, 0) + 1
        return counts


def check_draft(workspace: Workspace, overrides: Mapping[str, str | None]) -> CheckResult:
    """Load the draft with `overrides` (unsaved texts) applied, and read its tables."""
    with tempfile.TemporaryDirectory(prefix="madoguchi-admin-") as tmp:
        root = workspace.snapshot(Path(tmp) / "catalogue", overrides)
        problems: list[Problem] = []
        catalogue: Catalogue | None = None
        try:
            catalogue = load_catalogue(root)
        except FormDefinitionError as exc:
            names = relative_names({e.file for e in exc.errors}, root)
            problems = [
                Problem(names[e.file], e.line, e.path, e.code.code, e.code.key, dict(e.params))
                for e in exc.errors
            ]
        except Exception as exc:  # a bug in a check must not take the editor down
            problems = [Problem("", None, "", "", UNEXPECTED, {"detail": repr(exc)})]
        texts = {
            name: (root / name).read_text(encoding="utf-8") if (root / name).exists() else ""
            for name in ("dictionary.yaml", "events.yaml", "procedures.yaml")
        }
    return CheckResult(
        problems=problems,
        catalogue=catalogue,
        facts=fact_rows(texts["dictionary.yaml"]),
        events=event_rows(texts["events.yaml"], texts["procedures.yaml"]),
    )


# ---------------------------------------------------------------------------- tables


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _as_written(value: Any, locale: str) -> str:
    """What the file itself says for `locale`, no fallback: this table shows a missing
    translation as empty (Translator.text would fill in the Japanese and hide it)."""
    if isinstance(value, dict):
        return str(value.get(locale) or "")
    return "" if value is None else str(value)


def fact_rows(text: str) -> list[FactRow]:
    """Facts of dictionary.yaml, in file order; whatever parses is shown."""
    data, lines, _ = load_yaml(text, "dictionary.yaml")
    rows: list[FactRow] = []
    for key, spec in _mapping(_mapping(data).get("fields")).items():
        spec = _mapping(spec)
        rows.append(
            FactRow(
                key=str(key),
                type=_as_written(spec.get("type"), "ja"),
                question_ja=_as_written(spec.get("question"), "ja"),
                question_en=_as_written(spec.get("question"), "en"),
                order=_as_written(spec.get("order"), "ja"),
                ask_if=_as_written(spec.get("ask_if"), "ja"),
                computed=_as_written(spec.get("computed"), "ja"),
                line=lines.line(("fields", str(key))),
            )
        )
    return rows


def event_rows(events_text: str, procedures_text: str) -> list[EventRow]:
    """Each event's procedures, then its suggestions, in file order."""
    events, lines, _ = load_yaml(events_text, "events.yaml")
    procedures, _, _ = load_yaml(procedures_text, "procedures.yaml")
    titles = {
        str(pid): _as_written(_mapping(spec).get("title"), "ja")
        for pid, spec in _mapping(_mapping(procedures).get("procedures")).items()
    }
    rows: list[EventRow] = []
    for eid, spec in _mapping(_mapping(events).get("events")).items():
        spec = _mapping(spec)
        title = _as_written(spec.get("title"), "ja")
        for kind, section in (("procedure", "procedures"), ("suggest", "suggest")):
            entries = spec.get(section)
            for index, entry in enumerate(entries if isinstance(entries, list) else []):
                entry = _mapping(entry)
                pid = _as_written(entry.get("procedure"), "ja")
                rows.append(
                    EventRow(
                        event=str(eid),
                        event_title=title,
                        kind=kind,
                        procedure=pid,
                        procedure_title=titles.get(pid, ""),
                        when=_as_written(entry.get("when"), "ja"),
                        line=lines.line(("events", str(eid), section, index)),
                        index=index,
                    )
                )
    return rows
