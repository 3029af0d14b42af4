"""The editor's tables pass Qt's model checks (pytest-qt's qtmodeltester runs
QAbstractItemModelTester over them) while their rows change the way an edit changes
them, and show what the catalogue's text says."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from ui.admin.checking import check_draft, event_rows, fact_rows
from ui.admin.models import events_model, facts_model, problems_model
from ui.admin.workspace import Workspace
from ui.models.table import RecordRole


def test_facts_model(qtmodeltester: Any, workspace: Workspace) -> None:
    workspace.open()
    rows = fact_rows(workspace.read("dictionary.yaml"))
    model = facts_model("ja")
    model.set_records(rows)
    qtmodeltester.check(model, force_py=True)
    phone = model.row_of("applicant.phone")
    assert [model.index(phone, c).data() for c in range(6)] == [
        "applicant.phone",
        "phone",
        "日中に連絡がつく電話番号を教えてください",
        "Which phone number can we call you on during the day?",
        "150",
        "",
    ]
    # The line of the key in the file, for "go to" from the table.
    text = workspace.read("dictionary.yaml").splitlines()
    assert model.index(phone, 0).data(RecordRole).line == text.index("  applicant.phone:") + 1
    # Computed facts show their formula and are muted; ask_if is shown as written.
    event_date = model.row_of("application.event_date")
    assert model.index(event_date, 2).data().startswith("move.date if event in")
    assert model.index(event_date, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    grade = model.row_of("children[].school_grade")
    assert "age(item.birth_date)" in model.index(grade, 5).data()
    # An edit removes one fact and adds another: rows move, the tester watches.
    model.set_records([r for r in rows if r.key != "applicant.phone"])
    assert model.row_of("applicant.phone") == -1
    model.set_records(rows)
    model.set_locale("en")
    assert model.headerData(5, Qt.Orientation.Horizontal) == "Ask if"


def test_events_model(qtmodeltester: Any, workspace: Workspace) -> None:
    workspace.open()
    rows = event_rows(workspace.read("events.yaml"), workspace.read("procedures.yaml"))
    model = events_model("ja")
    model.set_records(rows)
    qtmodeltester.check(model, force_py=True)
    first = [model.index(0, c).data() for c in range(4)]
    assert first == ["引っ越してきた（転入） (moving_in)", "手続", "転入届 (juminido_tennyu)", ""]
    suggested = [r for r in rows if r.event == "moving_in" and r.kind == "suggest"]
    assert [r.procedure for r in suggested] == [
        "kaigo_join",
        "dog_change",
        "school_transfer",
        "inkan_register",
    ]
    row = rows.index(suggested[1])
    assert model.index(row, 1).data() == "おすすめ"
    assert model.index(row, 3).data() == "pets.has_dog"
    model.set_records(rows[5:])
    model.set_records(rows)


def test_problems_model(qtmodeltester: Any, workspace: Workspace) -> None:
    workspace.open()
    text = workspace.read("procedures.yaml")
    broken = text.replace("department: shimin", "department: shimn")
    problems = check_draft(workspace, {"procedures.yaml": broken}).problems
    assert len(problems) == text.count("department: shimin") > 3
    assert {p.code for p in problems} == {"REF_001"}
    model = problems_model("ja")
    model.set_records(list(enumerate(problems)))
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, 0).data() == "procedures.yaml"
    assert model.index(0, 1).data() == "7"
    assert (
        model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
        == "procedures.juminido_tennyu.department"
    )
    assert (
        model.index(0, 3).data().startswith("department 'shimn' はありません。あるもの: shimin, ")
    )
    # Fixed one by one: the rows go, the tester watches.
    model.set_records(list(enumerate(problems[:3])))
    model.set_records([])
    assert model.rowCount() == 0
