"""The editor's tables as Qt item models: problems, facts, events → procedures.

All three are read-only `RecordTableModel`s (`ui.models.table`): the YAML text is where
the admin changes things, the tables are a friendlier view of it. Each record carries
the line it came from, so a double click opens the file there.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from i18n import Translator
from ui.admin.checking import EventRow, FactRow, Problem
from ui.models.table import Column, RecordTableModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _line(line: int | None) -> str:
    return "" if line is None else str(line)


KIND_KEYS = {"procedure": "admin.events.kind_procedure", "suggest": "admin.events.kind_suggest"}

#: A problem and its place in the list (two identical problems are still two rows).
NumberedProblem = tuple[int, Problem]


def problems_model(locale: str = "ja", parent: Any = None) -> RecordTableModel[NumberedProblem]:
    def message(p: NumberedProblem, tr: Translator) -> str:
        return p[1].message(tr)

    columns: list[Column[NumberedProblem]] = [
        Column("admin.problems.file", lambda p, tr: p[1].file),
        Column("admin.problems.line", lambda p, tr: _line(p[1].line), align=RIGHT),
        Column("admin.problems.code", lambda p, tr: p[1].code, tooltip=lambda p, tr: p[1].path),
        Column("admin.problems.message", message, tooltip=message),
    ]
    return RecordTableModel(
        columns,
        key=lambda p: (p[0], p[1].file, p[1].line, p[1].code, p[1].path),
        tone=lambda p: "attention",
        locale=locale,
        parent=parent,
    )


def facts_model(locale: str = "ja", parent: Any = None) -> RecordTableModel[FactRow]:
    columns: list[Column[FactRow]] = [
        Column("admin.facts.key", lambda f, tr: f.key),
        Column("admin.facts.type", lambda f, tr: f.type),
        Column("admin.facts.question_ja", lambda f, tr: f.question_ja or f.computed),
        Column("admin.facts.question_en", lambda f, tr: f.question_en),
        Column("admin.facts.order", lambda f, tr: f.order, align=RIGHT),
        Column("admin.facts.ask_if", lambda f, tr: f.ask_if, tooltip=lambda f, tr: f.ask_if),
    ]
    return RecordTableModel(
        columns,
        key=lambda f: f.key,
        # computed facts are never asked: shown muted, their formula as the question
        tone=lambda f: "muted" if f.computed else None,
        locale=locale,
        parent=parent,
    )


def events_model(locale: str = "ja", parent: Any = None) -> RecordTableModel[EventRow]:
    columns: list[Column[EventRow]] = [
        Column("admin.events.event", lambda e, tr: f"{e.event_title} ({e.event})"),
        Column("admin.events.kind", lambda e, tr: tr(KIND_KEYS[e.kind])),
        Column("admin.events.procedure", lambda e, tr: f"{e.procedure_title} ({e.procedure})"),
        Column("admin.events.when", lambda e, tr: e.when, tooltip=lambda e, tr: e.when),
    ]
    return RecordTableModel(
        columns,
        key=lambda e: (e.event, e.kind, e.index),
        tone=lambda e: "active" if e.kind == "suggest" else None,
        locale=locale,
        parent=parent,
    )
