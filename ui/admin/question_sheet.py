"""The data dictionary's questions and the choice lists as a spreadsheet, XLSForm-like:
a city edits them offline in Excel and brings them back.

    data = export_questions(texts)          # .xlsx bytes: sheets "questions", "choices"
    sheet = read_questions(texts, data)     # the rows, or SheetErrors (every problem, located)
    new = apply_questions(texts, sheet)     # {file: text} of the files that change
    located, elsewhere = locate(problems, sheet)  # a check's problems, as sheet cells

`texts` are dictionary.yaml, choices.yaml and events.yaml. Sheet "questions": one row
per fact (key, type, choices, label/question/help per language as `label::ja`,
required, ask_if, screening: the events that ask it first, order, source, computed);
sheet "choices": one row per choice (list_name, value, label per language, print).
Reading back writes through the fact editor's own rewriting (`ui.admin.fact_text`:
set_entry, set_choices, set_screening), so a sheet writes exactly the YAML the form
would: only what changed, in place; a new fact after the last, a new list at the end.
A fact or a list with no row stays as it is (facts are not removed here: other files
name them); a language or a setting with no column stays as written. Only the columns
key and type (questions), list_name and value (choices) must be there. No Qt here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from openpyxl import Workbook, load_workbook

from forms.schema import FieldType
from forms.sheet import SheetError, SheetErrors
from ui.admin.checking import Problem
from ui.admin.fact_text import (
    _PLAIN_KEY,
    choice_lists,
    entry_of,
    screening_of,
    set_choices,
    set_entry,
    set_screening,
)
from ui.admin.structured import NotEditable

DICTIONARY, CHOICES, EVENTS = "dictionary.yaml", "choices.yaml", "events.yaml"
QUESTIONS_SHEET, CHOICES_SHEET = "questions", "choices"
TYPES: tuple[str, ...] = get_args(FieldType)
CHOICE_TYPES = ("choice", "multi_choice")
#: Wording of a fact, one column per language (`label::ja`).
PARTS = ("label", "question", "help")
#: The languages the YAML itself holds first; any other one found in the texts after.
LANGUAGES = ("ja", "en")
#: Plain settings of a fact, one column each, in the order the fact editor writes them.
SETTINGS = ("type", "choices", "required", "ask_if", "screening", "order", "source", "computed")
YES, NO = "yes", "no"
_YES = {"yes", "y", "true", "1", "はい"}
_NO = {"no", "n", "false", "0", "いいえ"}


@dataclass
class QuestionRow:
    number: int
    key: str
    cells: dict[str, Any]  # column name -> value (None: empty); only the sheet's columns


@dataclass
class ChoiceRow:
    number: int
    list_name: str
    cells: dict[str, Any]


@dataclass
class QuestionSheet:
    """What a sheet says, checked: its rows and which columns it has."""

    questions: list[QuestionRow] = field(default_factory=list)
    choices: list[ChoiceRow] = field(default_factory=list)
    question_columns: list[str] = field(default_factory=list)
    choice_columns: list[str] = field(default_factory=list)

    def question_row(self, key: str) -> QuestionRow | None:
        return next((r for r in self.questions if r.key == key), None)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _facts(texts: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    return {
        str(k): _mapping(v) for k, v in (entry_of(texts[DICTIONARY], ("fields",)) or {}).items()
    }


def _languages(specs: Sequence[Mapping[str, Any]], parts: Sequence[str]) -> list[str]:
    found = {str(loc) for spec in specs for part in parts for loc in _mapping(spec.get(part))}
    return [*LANGUAGES, *sorted(found - set(LANGUAGES))]


def question_columns(texts: Mapping[str, str]) -> list[str]:
    langs = _languages(list(_facts(texts).values()), PARTS)
    words = [f"{part}::{loc}" for part in PARTS for loc in langs]
    return ["key", "type", "choices", *words, *SETTINGS[2:]]


def choice_columns(texts: Mapping[str, str]) -> list[str]:
    items = [c for items in choice_lists(texts[CHOICES]).values() for c in items]
    return ["list_name", "value", *(f"label::{loc}" for loc in _languages(items, ["label"])),
            "print"]  # fmt: skip


# -- export ---------------------------------------------------------------------------------


def _question_cells(
    key: str, spec: Mapping[str, Any], screening: dict[str, list[str]]
) -> dict[str, Any]:
    cells: dict[str, Any] = {"key": key, "type": spec.get("type"), "choices": spec.get("choices")}
    for part in PARTS:
        for loc, words in _mapping(spec.get(part)).items():
            cells[f"{part}::{loc}"] = words
    cells["required"] = NO if spec.get("optional") else YES
    cells["ask_if"] = spec.get("ask_if")
    cells["screening"] = " ".join(e for e, keys in screening.items() if key in keys) or None
    for name in ("order", "source", "computed"):
        cells[name] = spec.get(name)
    return cells


def export_questions(texts: Mapping[str, str]) -> bytes:
    """Every fact and every choice list of the texts as one .xlsx workbook."""
    book = Workbook()
    questions = book.active
    assert questions is not None
    questions.title = QUESTIONS_SHEET
    columns = question_columns(texts)
    questions.append(columns)
    screening = screening_of(texts[EVENTS])
    for key, spec in _facts(texts).items():
        cells = _question_cells(key, spec, screening)
        questions.append([cells.get(c) for c in columns])
    choices = book.create_sheet(CHOICES_SHEET)
    columns = choice_columns(texts)
    choices.append(columns)
    for name, items in choice_lists(texts[CHOICES]).items():
        for item in items:
            cells = {"list_name": name, "value": item.get("value"), "print": item.get("print")}
            cells |= {f"label::{k}": v for k, v in _mapping(item.get("label")).items()}
            choices.append([cells.get(c) for c in columns])
    for sheet in (questions, choices):
        sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- reading a sheet ------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _rows(
    book: Any, name: str, needed: Sequence[str], errors: list[SheetError]
) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """(the header's column names, [(row number, {column: cell})]) of one sheet."""
    if name not in book.sheetnames:
        errors.append(SheetError(name, 0, None, "SHEET_002", {"sheet": name}))
        return [], []
    rows = list(book[name].iter_rows(values_only=True))
    header = [str(c).strip() if c is not None else "" for c in (rows[0] if rows else ())]
    missing = [c for c in needed if c not in header]
    errors.extend(SheetError(name, 1, c, "SHEET_003", {"column": c}) for c in missing)
    if missing:
        return header, []
    out = []
    for number, values in enumerate(rows[1:], start=2):
        cells = {h: _cell(v) for h, v in zip(header, values, strict=False) if h}
        if any(v is not None for v in cells.values()):
            out.append((number, cells))
    return header, out


def read_questions(texts: Mapping[str, str], data: bytes) -> QuestionSheet:
    """The sheet's rows, checked against the texts (SheetErrors: each problem located)."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise SheetErrors([SheetError(QUESTIONS_SHEET, 0, None, "SHEET_001",
                                      {"detail": str(exc)})]) from exc  # fmt: skip
    errors: list[SheetError] = []
    q_header, q_rows = _rows(book, QUESTIONS_SHEET, ("key", "type"), errors)
    c_header, c_rows = _rows(book, CHOICES_SHEET, ("list_name", "value"), errors)
    if errors:
        raise SheetErrors(errors)
    sheet = QuestionSheet(question_columns=q_header, choice_columns=c_header)
    lists = set(choice_lists(texts[CHOICES]))
    seen: set[tuple[str, str]] = set()
    for number, cells in c_rows:
        fail = _failing(errors, CHOICES_SHEET, number)
        name, value = cells.get("list_name"), cells.get("value")
        if name is None:
            fail("list_name", "SHEET_008")
        if value is None:
            fail("value", "SHEET_008")
        elif name is not None and (str(name), str(value)) in seen:
            fail("value", "SHEET_005", path=f"{name} {value}")
        if "label::ja" in cells and cells["label::ja"] is None:
            fail("label::ja", "SHEET_008")
        if name is not None and value is not None:
            seen.add((str(name), str(value)))
            sheet.choices.append(ChoiceRow(number, str(name), cells))
    lists |= {row.list_name for row in sheet.choices}
    events = set(screening_of(texts[EVENTS]))
    facts = _facts(texts)
    keys: set[str] = set()
    for number, cells in q_rows:
        fail = _failing(errors, QUESTIONS_SHEET, number)
        key = cells.get("key")
        if key is None:
            fail("key", "SHEET_008")
        elif not _PLAIN_KEY.fullmatch(str(key)):
            fail("key", "SHEET_009", key=str(key))
        elif str(key) in keys:
            fail("key", "SHEET_005", path=str(key))
        kind = cells.get("type")
        if kind is None or str(kind) not in TYPES:
            fail("type", "SHEET_010", value="" if kind is None else str(kind),
                 types=", ".join(TYPES))  # fmt: skip
        listed = cells.get("choices")
        if listed is not None and str(listed) not in lists:
            fail("choices", "SHEET_011", name=str(listed))
        elif listed is None and "choices" in cells and kind in CHOICE_TYPES:
            fail("choices", "SHEET_012", type=str(kind))
        required = cells.get("required")
        if required is not None and str(required).lower() not in _YES | _NO:
            fail("required", "SHEET_013", value=str(required))
        order = cells.get("order")
        if order is not None and (not isinstance(order, int) or isinstance(order, bool)):
            fail("order", "SHEET_006", value=str(order))
        for event in str(cells.get("screening") or "").replace(",", " ").split():
            if event not in events:
                fail("screening", "SHEET_014", event=event)
        old = facts.get(str(key), {})
        if not (_words(cells, "label", old) or _words(cells, "question", old)):
            fail("label::ja", "SHEET_008")
        if key is not None:
            keys.add(str(key))
            sheet.questions.append(QuestionRow(number, str(key), cells))
    if errors:
        raise SheetErrors(errors)
    return sheet


def _failing(errors: list[SheetError], sheet: str, number: int) -> Any:
    def fail(column: str, code: str, **params: Any) -> None:
        errors.append(SheetError(sheet, number, column, code, params))

    return fail


def _words(cells: Mapping[str, Any], part: str, old: Mapping[str, Any]) -> dict[str, str] | None:
    """A part's wording: the sheet's languages over the ones written (a column left out
    keeps its language); None without Japanese (the fact editor does the same)."""
    texts = {str(k): str(v) for k, v in _mapping(old.get(part)).items()}
    for column, value in cells.items():
        name, _, loc = column.partition("::")
        if name == part and loc:
            if value is None:
                texts.pop(loc, None)
            else:
                texts[loc] = str(value)
    return texts if texts.get("ja") else None


# -- writing the texts ------------------------------------------------------------------------


def _settings(row: QuestionRow, old: Mapping[str, Any]) -> dict[str, Any]:
    """The fact's settings as the row says, in the fact editor's order; a setting with no
    column is left out (kept as written)."""
    cells = row.cells
    label = _words(cells, "label", old)
    question = _words(cells, "question", old)
    if label is None:
        label = question  # every fact has a name; the question says it
    out: dict[str, Any] = {"type": cells["type"]}
    if "choices" in cells:
        out["choices"] = cells["choices"]
    out |= {"label": label, "question": question, "help": _words(cells, "help", old)}
    if "required" in cells:
        required = cells["required"]
        no = required is not None and str(required).lower() in _NO
        # `optional: false` written out stays: it says the same as nothing
        out["optional"] = True if no else (False if old.get("optional") is False else None)
    for name in ("ask_if", "order", "source", "computed"):
        if name in cells:
            out[name] = cells[name]
    return out


def _choice(row: ChoiceRow, old: Mapping[str, Any]) -> dict[str, Any]:
    labels = {str(k): str(v) for k, v in _mapping(old.get("label")).items()}
    for column, value in row.cells.items():
        if column.startswith("label::"):
            loc = column.removeprefix("label::")
            if value is None:
                labels.pop(loc, None)
            else:
                labels[loc] = str(value)
    out = {"value": str(row.cells["value"]), "label": labels}
    printed = row.cells.get("print") if "print" in row.cells else old.get("print")
    if printed is not None:
        out["print"] = str(printed)
    return out


def _normal(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if v not in (None, "", {})}


def apply_questions(texts: Mapping[str, str], sheet: QuestionSheet) -> dict[str, str]:
    """The texts the sheet makes, only those that change (SheetErrors when a part is
    written in a way the rewriting cannot change: the text is the place for it)."""
    new = {rel: texts[rel] for rel in (DICTIONARY, CHOICES, EVENTS)}
    lists = choice_lists(new[CHOICES])
    by_list: dict[str, list[ChoiceRow]] = {}
    for row in sheet.choices:
        by_list.setdefault(row.list_name, []).append(row)
    for name, rows in by_list.items():
        written = {str(c.get("value")): c for c in lists.get(name, [])}
        wanted = [_choice(row, written.get(str(row.cells["value"]), {})) for row in rows]
        if [_normal(c) for c in wanted] != [_normal(c) for c in lists.get(name, [])]:
            new[CHOICES] = _rewrite(
                set_choices, new[CHOICES], (name, wanted), CHOICES_SHEET, rows[0]
            )
    facts = _facts(new)
    screening = screening_of(new[EVENTS])
    for qrow in sheet.questions:
        old = facts.get(qrow.key)
        settings = _settings(qrow, old or {})
        if old is not None:  # only what differs: each rewrite parses the whole file
            settings = {k: v for k, v in settings.items() if old.get(k) != v}
        if settings or old is None:
            new[DICTIONARY] = _rewrite(set_entry, new[DICTIONARY], (("fields", qrow.key),
                                       settings), QUESTIONS_SHEET, qrow)  # fmt: skip
        if "screening" in qrow.cells:
            asked = set(str(qrow.cells["screening"] or "").replace(",", " ").split())
            for event, keys in screening.items():
                if (qrow.key in keys) != (event in asked):
                    new[EVENTS] = _rewrite(set_screening, new[EVENTS],
                                           (event, qrow.key, event in asked),
                                           QUESTIONS_SHEET, qrow, "screening")  # fmt: skip
    return {rel: text for rel, text in new.items() if text != texts[rel]}


def _rewrite(edit: Any, text: str, args: tuple[Any, ...], sheet: str, row: Any,
             column: str | None = None) -> str:  # fmt: skip
    try:
        return str(edit(text, *args))
    except NotEditable as exc:
        raise SheetErrors([SheetError(sheet, row.number, column, "SHEET_015",
                                      {"part": str(exc)})]) from exc  # fmt: skip


def import_questions(texts: Mapping[str, str], data: bytes) -> dict[str, str]:
    """read_questions, then apply_questions."""
    return apply_questions(texts, read_questions(texts, data))


# -- a check's problems, located in the sheet ----------------------------------------------


#: A fact's YAML setting -> the sheet column that holds it.
_COLUMN_OF = {"label": "label::ja", "question": "question::ja", "help": "help::ja",
              "optional": "required"}  # fmt: skip
_CHOICE = re.compile(r"choices\.(?P<list>[^\[\].]+)\[(?P<index>\d+)\](?:\.(?P<part>\w+))?")
_SCREENING = re.compile(r"events\.(?P<event>[^\[\].]+)\.screening\[(?P<index>\d+)\]")


def _fact_path(path: str, keys: Sequence[str]) -> tuple[str, str | None] | None:
    """(fact key, its setting) of a dictionary.yaml path such as `fields[a.b].ask_if`."""
    best: tuple[str, str | None] | None = None
    for key in keys:
        for head in (f"fields[{key}]", f"fields.{key}"):
            if path == head or path.startswith(head + ".") or path.startswith(head + "["):
                rest = path[len(head) :].lstrip(".")
                setting = re.split(r"[.\[]", rest, maxsplit=1)[0] or None
                if best is None or len(key) > len(best[0]):
                    best = (key, setting)
    return best


def locate(
    problems: Sequence[Problem], sheet: QuestionSheet, texts: Mapping[str, str]
) -> tuple[list[SheetError], list[Problem]]:
    """A check's problems as sheet cells (sheet, row, column; the problem's own message
    key and params), and those that are not in a row of the sheet (another file)."""
    located: list[SheetError] = []
    elsewhere: list[Problem] = []
    keys = [row.key for row in sheet.questions]
    screening = screening_of(texts.get(EVENTS, ""))

    def at(name: str, row: Any, column: str | None, problem: Problem) -> None:
        located.append(SheetError(name, row.number, column, problem.code, dict(problem.params),
                                  key=problem.key))  # fmt: skip

    for problem in problems:
        if problem.file == DICTIONARY and (found := _fact_path(problem.path, keys)):
            row = sheet.question_row(found[0])
            setting = found[1]
            column = _COLUMN_OF.get(setting or "", setting)
            at(QUESTIONS_SHEET, row, column if column in sheet.question_columns else None,
               problem)  # fmt: skip
            continue
        if problem.file == CHOICES and (match := _CHOICE.fullmatch(problem.path)):
            rows = [r for r in sheet.choices if r.list_name == match["list"]]
            index = int(match["index"])
            if index < len(rows):
                part = match["part"]
                column = "label::ja" if part == "label" else part
                at(CHOICES_SHEET, rows[index], column if column in sheet.choice_columns else None,
                   problem)  # fmt: skip
                continue
        if problem.file == EVENTS and (match := _SCREENING.match(problem.path)):
            listed = screening.get(match["event"], [])
            index = int(match["index"])
            row = sheet.question_row(listed[index]) if index < len(listed) else None
            if row is not None:
                at(QUESTIONS_SHEET, row, "screening", problem)
                continue
        elsewhere.append(problem)
    return located, elsewhere
