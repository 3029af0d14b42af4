"""The data dictionary's questions and choice lists as an Excel workbook and back (real
.xlsx files written and edited with openpyxl, no Qt): exported and read back unchanged
it changes nothing; a label changed in English, a choice added and a question added
(asked first when moving in) come back as exactly those lines of YAML, the lines the
fact editor writes, and load as a catalogue; broken sheets (an unknown type, a missing
key, a choice list that does not exist, a repeated key, a choice without its list,
required neither yes nor no, an unknown event) are refused with each problem
at its sheet, row and column; a problem the catalogue's own check finds in the result
is located at the cell it came from."""

from __future__ import annotations

import difflib
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from forms.catalogue import DEFAULT_DIR, load_catalogue
from forms.sheet import SheetError, SheetErrors
from ui.admin.checking import check_draft
from ui.admin.fact_text import choice_lists, entry_of, screening_of, set_choices, set_entry
from ui.admin.question_sheet import (
    CHOICES,
    DICTIONARY,
    EVENTS,
    apply_questions,
    export_questions,
    import_questions,
    locate,
    read_questions,
)
from ui.admin.workspace import Workspace

TEXTS = {
    rel: (DEFAULT_DIR / rel).read_text(encoding="utf-8") for rel in (DICTIONARY, CHOICES, EVENTS)
}


def edited(data: bytes, change: Callable[[Any], None]) -> bytes:
    """The workbook after `change(book)`, saved again as Excel would."""
    book = load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def column(sheet: Any, name: str) -> int:
    return [c.value for c in sheet[1]].index(name) + 1


def row_where(sheet: Any, **wanted: str) -> int:
    names = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        values = {n: c.value for n, c in zip(names, row, strict=False)}
        if all(values.get(k) == v for k, v in wanted.items()):
            return int(row[0].row)
    raise AssertionError(wanted)


def put(sheet: Any, **cells: object) -> None:
    """A new last row with these cells (the other columns empty)."""
    row = sheet.max_row + 1
    for name, value in cells.items():
        sheet.cell(row=row, column=column(sheet, name)).value = value


def changed_lines(old: str, new: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def loads(tmp_path: Path, texts: dict[str, str]) -> Any:
    root = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIR, root, dirs_exist_ok=True)
    for rel, text in texts.items():
        (root / rel).write_text(text, encoding="utf-8")
    return load_catalogue(root)


def test_every_fact_and_choice_is_a_row_and_an_unchanged_sheet_changes_nothing() -> None:
    data = export_questions(TEXTS)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["questions", "choices"]
    questions, choices = book["questions"], book["choices"]
    header = [c.value for c in questions[1]]
    assert header[:9] == ["key", "type", "choices", "label::ja", "label::en", "question::ja",
                          "question::en", "help::ja", "help::en"]  # fmt: skip
    facts = entry_of(TEXTS[DICTIONARY], ("fields",)) or {}
    assert questions.max_row - 1 == len(facts)
    kind = row_where(questions, key="insurance.kind")
    assert questions.cell(kind, column(questions, "choices")).value == "insurance_kind"
    assert questions.cell(kind, column(questions, "label::en")).value == "Health insurance"
    assert questions.cell(kind, column(questions, "required")).value == "yes"
    assert questions.cell(kind, column(questions, "order")).value == 50
    dog = row_where(questions, key="pets.has_dog")
    assert "moving_in" in questions.cell(dog, column(questions, "screening")).value.split()
    lists = choice_lists(TEXTS[CHOICES])
    assert choices.max_row - 1 == sum(len(items) for items in lists.values())
    assert [c.value for c in choices[1]][:2] == ["list_name", "value"]
    employee = row_where(choices, list_name="insurance_kind", value="employee")
    assert choices.cell(employee, column(choices, "print")).value == "社会保険"
    assert import_questions(TEXTS, data) == {}
    # As saved again by a spreadsheet program: still nothing.
    assert import_questions(TEXTS, edited(data, lambda book: None)) == {}


def test_a_label_in_english_a_new_choice_and_a_new_question_come_back_as_yaml(
    tmp_path: Path,
) -> None:
    def change(book: Any) -> None:
        questions, choices = book["questions"], book["choices"]
        row = row_where(questions, key="insurance.kind")
        questions.cell(row, column(questions, "label::en")).value = "Health insurance you are in"
        put(choices, list_name="insurance_kind", value="mutual", **{"label::ja": "共済組合",
            "label::en": "Mutual aid association"}, print="共済")  # fmt: skip
        put(questions, key="pets.has_cat", type="yes_no", required="yes",
            screening="moving_in", **{"label::ja": "猫を飼っている", "label::en": "Has a cat",
            "question::ja": "猫を飼っていますか", "question::en": "Do you have a cat?",
            "ask_if": "event == 'moving_in' and pets.has_dog"})  # fmt: skip

    new = import_questions(TEXTS, edited(export_questions(TEXTS), change))
    assert sorted(new) == [CHOICES, DICTIONARY, EVENTS]
    # The label: one line changed where it stands.
    assert changed_lines(TEXTS[DICTIONARY], new[DICTIONARY])[:2] == [
        "-    label: {ja: 健康保険の種類, en: Health insurance}",
        "+    label: {ja: 健康保険の種類, en: Health insurance you are in}",
    ]
    # The question: the same lines the fact editor writes for it, after the last fact.
    settings = {
        "type": "yes_no",
        "label": {"ja": "猫を飼っている", "en": "Has a cat"},
        "question": {"ja": "猫を飼っていますか", "en": "Do you have a cat?"},
        "ask_if": "event == 'moving_in' and pets.has_dog",
    }
    by_hand = set_entry(TEXTS[DICTIONARY], ("fields", "pets.has_cat"), settings)
    by_hand = set_entry(by_hand, ("fields", "insurance.kind"),
                        {"label": {"ja": "健康保険の種類", "en": "Health insurance you are in"}})  # fmt: skip
    assert new[DICTIONARY] == by_hand
    assert changed_lines(TEXTS[CHOICES], new[CHOICES]) == [
        "+    - {value: mutual, label: {ja: 共済組合, en: Mutual aid association}, print: 共済}"
    ]
    rows = [*choice_lists(TEXTS[CHOICES])["insurance_kind"],
            {"value": "mutual", "label": {"ja": "共済組合", "en": "Mutual aid association"},
             "print": "共済"}]  # fmt: skip
    assert new[CHOICES] == set_choices(TEXTS[CHOICES], "insurance_kind", rows)
    assert screening_of(new[EVENTS])["moving_in"][-1] == "pets.has_cat"
    assert len(changed_lines(TEXTS[EVENTS], new[EVENTS])) == 2  # the one screening line
    catalogue = loads(tmp_path, new)
    assert catalogue.dictionary["insurance.kind"].label["en"] == "Health insurance you are in"
    assert [c.value for c in catalogue.choices["insurance_kind"]][-1] == "mutual"
    assert catalogue.dictionary["pets.has_cat"].question["ja"] == "猫を飼っていますか"
    assert catalogue.events["moving_in"].screening[-1] == "pets.has_cat"


def test_optional_and_a_removed_help_and_a_language_column_left_out() -> None:
    def change(book: Any) -> None:
        questions = book["questions"]
        row = row_where(questions, key="insurance.kind")
        questions.cell(row, column(questions, "required")).value = "no"
        questions.cell(row, column(questions, "help::en")).value = None
        questions.delete_cols(column(questions, "label::en"))  # English labels: as written

    new = import_questions(TEXTS, edited(export_questions(TEXTS), change))
    spec = entry_of(new[DICTIONARY], ("fields", "insurance.kind"))
    assert spec is not None
    assert spec["optional"] is True and spec["help"] == {"ja": TEXTS_HELP_JA}
    assert spec["label"] == {"ja": "健康保険の種類", "en": "Health insurance"}
    assert list(new) == [DICTIONARY]


TEXTS_HELP_JA = "勤め先の保険証をお持ちなら「勤め先の健康保険」です"


def errors_of(change: Callable[[Any], None]) -> list[SheetError]:
    with pytest.raises(SheetErrors) as caught:
        import_questions(TEXTS, edited(export_questions(TEXTS), change))
    return caught.value.errors


def test_a_broken_sheet_is_refused_with_every_problem_located() -> None:
    rows: dict[str, int] = {}

    def change(book: Any) -> None:
        questions, choices = book["questions"], book["choices"]
        row = row_where(questions, key="insurance.kind")
        rows["type"] = row
        questions.cell(row, column(questions, "type")).value = "colour"
        rows["list"] = row_where(questions, key="applicant.sex")
        questions.cell(rows["list"], column(questions, "choices")).value = "sexes"
        put(questions, type="yes_no", **{"label::ja": "鍵のない質問"})
        rows["no_key"] = questions.max_row
        put(questions, key="pets.has_dog", type="yes_no", **{"label::ja": "二度目"})
        rows["twice"] = questions.max_row
        put(choices, list_name="sex", value="1", **{"label::ja": "男性（二度目）"})
        rows["choice_twice"] = choices.max_row
        put(questions, key="pets.has_cow", type="choice", required="maybe",
            screening="moving_in moving_on", **{"label::ja": "牛"})  # fmt: skip
        rows["cow"] = questions.max_row

    found = {(e.sheet, e.row, e.column, e.code) for e in errors_of(change)}
    assert found == {
        ("questions", rows["type"], "type", "SHEET_010"),
        ("questions", rows["list"], "choices", "SHEET_011"),
        ("questions", rows["no_key"], "key", "SHEET_008"),
        ("questions", rows["twice"], "key", "SHEET_005"),
        ("choices", rows["choice_twice"], "value", "SHEET_005"),
        ("questions", rows["cow"], "choices", "SHEET_012"),  # a choice needs its list
        ("questions", rows["cow"], "required", "SHEET_013"),
        ("questions", rows["cow"], "screening", "SHEET_014"),  # moving_on: no such event
    }


def test_a_sheet_without_its_parts_says_which() -> None:
    def no_choices(book: Any) -> None:
        del book["choices"]
        book["questions"].delete_cols(1)  # no key column

    assert {(e.sheet, e.row, e.column, e.code) for e in errors_of(no_choices)} == {
        ("choices", 0, None, "SHEET_002"),
        ("questions", 1, "key", "SHEET_003"),
    }
    with pytest.raises(SheetErrors) as caught:
        read_questions(TEXTS, b"not a workbook")
    assert caught.value.errors[0].code == "SHEET_001"


def test_the_catalogue_checks_problem_is_located_in_the_sheet(tmp_path: Path) -> None:
    """A sheet that reads but makes a catalogue with problems: each one at its cell."""

    def change(book: Any) -> None:
        questions = book["questions"]
        row = row_where(questions, key="pets.has_dog")
        questions.cell(row, column(questions, "ask_if")).value = "pets.has_cow"

    data = edited(export_questions(TEXTS), change)
    sheet = read_questions(TEXTS, data)
    new = apply_questions(TEXTS, sheet)
    workspace = Workspace(tmp_path / "draft", None)
    workspace.open()
    result = check_draft(workspace, new)
    located, elsewhere = locate(result.problems, sheet, {**TEXTS, **new})
    assert elsewhere == []
    [error] = located
    row = sheet.question_row("pets.has_dog")
    assert row is not None
    assert (error.sheet, error.row, error.column, error.code) == (
        "questions", row.number, "ask_if", "EXPR_004")  # fmt: skip
    assert error.message_key == "forms.error.EXPR_004"
