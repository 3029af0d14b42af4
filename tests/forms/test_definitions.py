"""Broken definitions give located errors: file, line, YAML path and a stable code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from forms.catalogue import load_catalogue, validate_form_text
from forms.errors import ErrorCode, FormDefinitionError, LocatedError

# A small valid form; tests change one line of it. Line numbers matter below.
GOOD = """
id: test_form
version: "1"
title: {ja: 試験様式, en: Test form}
code: T-1
department: shimin
procedures: [juminido_tennyu]
fields:
  - {key: applicant.name, label: 氏名, box: [20, 50, 100, 12]}
  - {key: applicant.birth_date, label: 生年月日, box: [120, 50, 78, 12], format: wareki}
  - {key: move.date, box: [20, 62, 100, 10], format: wareki, show_if: "household.has_children"}
"""


def errors_of(
    write_form: Callable[[str, str], Path], catalogue_copy: Path, text: str
) -> tuple[Path, list[LocatedError]]:
    path = write_form("test_form", text)
    with pytest.raises(FormDefinitionError) as info:
        load_catalogue(catalogue_copy)
    return path, info.value.errors


def test_good_form_loads(write_form: Callable[[str, str], Path], catalogue_copy: Path) -> None:
    write_form("test_form", GOOD)
    catalogue = load_catalogue(catalogue_copy)
    assert "test_form" in catalogue.forms
    assert "test_form" in catalogue.procedures["juminido_tennyu"].forms


def test_unknown_dictionary_key(
    write_form: Callable[[str, str], Path], catalogue_copy: Path
) -> None:
    text = GOOD.replace("key: applicant.name,", "key: applicant.nmae,")
    path, errors = errors_of(write_form, catalogue_copy, text)
    assert [(e.code, e.file, e.line, e.path) for e in errors] == [
        (ErrorCode.KEY_001, str(path), 8, "fields[0].key")
    ]
    assert "applicant.nmae" in errors[0].message


def test_unknown_setting(write_form: Callable[[str, str], Path], catalogue_copy: Path) -> None:
    text = GOOD.replace("format: wareki}", "formt: wareki}", 1)
    _path, errors = errors_of(write_form, catalogue_copy, text)
    assert [(e.code, e.line, e.path) for e in errors] == [
        (ErrorCode.SCHEMA_001, 9, "fields[1].formt")
    ]
    assert "show_if" in errors[0].params["allowed"]  # the message lists what is allowed


def test_missing_required_setting(
    write_form: Callable[[str, str], Path], catalogue_copy: Path
) -> None:
    text = GOOD.replace("code: T-1\n", "")
    _path, errors = errors_of(write_form, catalogue_copy, text)
    assert [(e.code, e.path, e.params["name"]) for e in errors] == [
        (ErrorCode.SCHEMA_002, "code", "code")
    ]
    assert errors[0].line == 1


def test_field_without_box(write_form: Callable[[str, str], Path], catalogue_copy: Path) -> None:
    text = GOOD.replace(", box: [20, 62, 100, 10]", "")
    _, errors = errors_of(write_form, catalogue_copy, text)
    assert [(e.code, e.line, e.path) for e in errors] == [
        (ErrorCode.SCHEMA_002, 10, "fields[2].box")
    ]


def test_box_off_the_page(write_form: Callable[[str, str], Path], catalogue_copy: Path) -> None:
    text = GOOD.replace("box: [120, 50, 78, 12]", "box: [150, 50, 78, 12]")
    _, errors = errors_of(write_form, catalogue_copy, text)
    assert [(e.code, e.line, e.path) for e in errors] == [(ErrorCode.POS_001, 9, "fields[1].box")]


def test_box_with_no_size(write_form: Callable[[str, str], Path], catalogue_copy: Path) -> None:
    text = GOOD.replace("box: [20, 62, 100, 10]", "box: [20, 62, 0, 10]")
    _, errors = errors_of(write_form, catalogue_copy, text)
    assert [(e.code, e.path) for e in errors] == [(ErrorCode.POS_002, "fields[2].box")]


def test_box_with_three_numbers(
    write_form: Callable[[str, str], Path], catalogue_copy: Path
) -> None:
    text = GOOD.replace("box: [20, 62, 100, 10]", "box: [20, 62, 100]")
    _, errors = errors_of(write_form, catalogue_copy, text)
    assert errors[0].code == ErrorCode.SCHEMA_003
    assert errors[0].path.startswith("fields[2].box") and errors[0].line == 10


@pytest.mark.parametrize(
    ("condition", "code"),
    [
        ('"household.has_children and"', ErrorCode.EXPR_001),
        ("\"__import__('os')\"", ErrorCode.EXPR_003),
        ("\"__import__('os').system('true')\"", ErrorCode.EXPR_002),
        ('"household.has_childern"', ErrorCode.EXPR_004),
        ('"household.has_children.__class__"', ErrorCode.EXPR_004),
        ('"[x for x in children]"', ErrorCode.EXPR_002),
        ('"age()"', ErrorCode.EXPR_005),
        ("\"item.name == 'a'\"", ErrorCode.EXPR_006),
    ],
)
def test_bad_condition(
    write_form: Callable[[str, str], Path], catalogue_copy: Path, condition: str, code: ErrorCode
) -> None:
    text = GOOD.replace('show_if: "household.has_children"', f"show_if: {condition}")
    _, errors = errors_of(write_form, catalogue_copy, text)
    assert [(e.code, e.line, e.path) for e in errors] == [(code, 10, "fields[2].show_if")]


def test_format_that_does_not_suit_the_type(
    write_form: Callable[[str, str], Path], catalogue_copy: Path
) -> None:
    text = GOOD.replace("format: wareki}", "format: digits, cells: 8}", 1)
    _, errors = errors_of(write_form, catalogue_copy, text)
    assert [(e.code, e.path) for e in errors] == [(ErrorCode.FIELD_002, "fields[1].format")]


def test_several_problems_are_all_reported(
    write_form: Callable[[str, str], Path], catalogue_copy: Path
) -> None:
    text = GOOD.replace("department: shimin", "department: nowhere").replace(
        "[juminido_tennyu]", "[no_such_procedure]"
    )
    _, errors = errors_of(write_form, catalogue_copy, text)
    assert {(e.code, e.path) for e in errors} == {
        (ErrorCode.REF_001, "department"),
        (ErrorCode.REF_001, "procedures[0]"),
    }


def test_yaml_syntax_error_has_a_line(
    write_form: Callable[[str, str], Path], catalogue_copy: Path
) -> None:
    text = GOOD.replace("box: [20, 62, 100, 10]", "box: [20, 62, 100, 10")
    _, errors = errors_of(write_form, catalogue_copy, text)
    assert errors[0].code == ErrorCode.YAML_001 and errors[0].line in (10, 11)


def test_duplicate_yaml_key(write_form: Callable[[str, str], Path], catalogue_copy: Path) -> None:
    text = GOOD.replace('version: "1"\n', 'version: "1"\nversion: "2"\n')
    _, errors = errors_of(write_form, catalogue_copy, text)
    assert [(e.code, e.line, e.path) for e in errors] == [(ErrorCode.YAML_002, 3, "version")]


def test_broken_dictionary_is_located(catalogue_copy: Path) -> None:
    path = catalogue_copy / "dictionary.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("  move.date:"))
    lines.insert(number + 1, "    ask_if: move.dat > today")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FormDefinitionError) as info:
        load_catalogue(catalogue_copy)
    errors = info.value.errors
    assert [(e.code, e.line, e.path) for e in errors] == [
        (ErrorCode.EXPR_004, number + 2, "fields[move.date].ask_if")
    ]


def test_name_reading_must_be_a_kana_field(catalogue_copy: Path) -> None:
    path = catalogue_copy / "dictionary.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line == "    reading: applicant.name_kana")
    lines[number] = "    reading: applicant.phone"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FormDefinitionError) as info:
        load_catalogue(catalogue_copy)
    assert [(e.code, e.line, e.path) for e in info.value.errors] == [
        (ErrorCode.KEY_004, number + 1, "fields[applicant.name].reading")
    ]


def test_era_is_only_for_dates(catalogue_copy: Path) -> None:
    path = catalogue_copy / "dictionary.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("  applicant.phone:"))
    lines.insert(number + 1, "    era: 昭和")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FormDefinitionError) as info:
        load_catalogue(catalogue_copy)
    assert [(e.code, e.line, e.path) for e in info.value.errors] == [
        (ErrorCode.SCHEMA_003, number + 2, "fields[applicant.phone].era")
    ]
    # An era that is not one of the four is a schema error, located too.
    lines[number + 1] = "    era: 明治"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FormDefinitionError) as info:
        load_catalogue(catalogue_copy)
    assert [e.line for e in info.value.errors] == [number + 2]


def test_missing_catalogue_file(catalogue_copy: Path) -> None:
    (catalogue_copy / "events.yaml").unlink()
    with pytest.raises(FormDefinitionError) as info:
        load_catalogue(catalogue_copy)
    assert [e.code for e in info.value.errors] == [ErrorCode.FILE_001]


def test_validate_form_text_against_default_catalogue() -> None:
    assert validate_form_text(GOOD.lstrip("\n"), "inline.yaml") == []
    errors = validate_form_text(
        GOOD.lstrip("\n").replace("applicant.name,", "applicant.x,"), "inline.yaml"
    )
    assert [(e.code, e.file, e.line) for e in errors] == [(ErrorCode.KEY_001, "inline.yaml", 8)]


def test_error_text_reads_location_rule_fix(
    write_form: Callable[[str, str], Path], catalogue_copy: Path
) -> None:
    path, errors = errors_of(
        write_form, catalogue_copy, GOOD.replace("applicant.name,", "applicant.x,")
    )
    text = str(errors[0])
    assert text.startswith(f"{path}:8: fields[0].key: KEY_001 ")
    assert "dictionary.yaml" in text  # the fix names where to add the key


@pytest.mark.parametrize(
    ("field", "setting", "wrong"),
    [
        ("bank.name", "code", "bank.nowhere"),  # no such fact
        ("bank.branch", "within", "bank.name"),  # a text, not the bank's code
        ("bank.holder_kana", "same_as", "applicant.name"),  # a text, the holder is kana
        ("deceased.name", "surname_from", "applicant.name_kana"),  # kana, not a name
        ("deceased.name", "surname_from", "applicant.address"),  # no name widget
        ("deceased.name", "surname_from", "deceased.nowhere"),  # no such fact
        ("new_address.banchi", "then_none", "move.date"),  # not optional
        ("new_address.banchi", "then_none", "applicant.phone"),  # no words for its OK
        ("household.applicant_is_head", "then_yes", "move.date"),  # not a yes/no
        ("household.applicant_is_head", "then_yes", "pets.has_dog"),  # no words for its yes
    ],
)
def test_list_codes_and_same_as_name_facts_that_fit(
    catalogue_copy: Path, field: str, setting: str, wrong: str
) -> None:
    """`code`, `within`, `same_as`, `surname_from`, `then_none` and `then_yes` are
    checked where the dictionary says them."""
    path = catalogue_copy / "dictionary.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  {field}:")
    number = next(i for i in range(start, len(lines)) if lines[i].startswith(f"    {setting}: "))
    lines[number] = f"    {setting}: {wrong}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FormDefinitionError) as info:
        load_catalogue(catalogue_copy)
    assert [(e.code, e.line, e.path) for e in info.value.errors] == [
        (ErrorCode.SCHEMA_003, number + 1, f"fields[{field}].{setting}")
    ]


def test_quick_dates_are_for_a_date(catalogue_copy: Path) -> None:
    path = catalogue_copy / "dictionary.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = lines.index("  applicant.phone:")
    lines.insert(number + 1, "    quick_dates: [0, -1]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FormDefinitionError) as info:
        load_catalogue(catalogue_copy)
    assert [(e.code, e.line, e.path) for e in info.value.errors] == [
        (ErrorCode.SCHEMA_003, number + 2, "fields[applicant.phone].quick_dates")
    ]


def _edit_dictionary(catalogue_copy: Path, old: str, new: str) -> int:
    """Replace the line `old` of dictionary.yaml by `new`; its line number (1-based)."""
    path = catalogue_copy / "dictionary.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = lines.index(old)
    lines[number] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


def test_a_shortlist_holds_only_iso_codes_of_nationalities(catalogue_copy: Path) -> None:
    old = "    shortlist: [CN, VN, KR, PH, BR, NP, ID, MM, TW, US, TH, LK, IN, PE]"
    line = _edit_dictionary(catalogue_copy, old, "    shortlist: [CN, BRAZIL, EU]")
    with pytest.raises(FormDefinitionError) as info:
        load_catalogue(catalogue_copy)
    assert [e.line for e in info.value.errors] == [line]
    assert "BRAZIL" in str(info.value) and "EU" in str(info.value)


def test_instead_names_a_fact_with_a_question(catalogue_copy: Path) -> None:
    line = _edit_dictionary(
        catalogue_copy, "    instead: registry.nationality", "    instead: application.date"
    )
    with pytest.raises(FormDefinitionError) as info:
        load_catalogue(catalogue_copy)
    assert [(e.code, e.line, e.path) for e in info.value.errors] == [
        (ErrorCode.SCHEMA_003, line, "fields[registry.domicile].instead")
    ]


def test_a_country_prints_only_as_a_country(catalogue_copy: Path) -> None:
    """Printed as text, a nationality would print its code (BR), never the 国名."""
    path = catalogue_copy / "forms" / "juminido.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("label_width: 18, format: country", "label_width: 18"))
    with pytest.raises(FormDefinitionError) as info:
        load_catalogue(catalogue_copy)
    assert [e.code for e in info.value.errors] == [ErrorCode.FIELD_002]
    assert "'country'" in str(info.value.errors[0])


#: Each widget on a fact of a type it does not fit (forms.schema.WIDGET_TYPES).
_WRONG_WIDGETS = {
    "applicant.phone": "calendar",
    "applicant.card_read": "town_list",
    "application.date": "person_name",
    "household.member_count": "bank",
    "registry.nationality": "bank_branch",
}


def test_a_widget_on_a_type_it_does_not_fit_is_a_located_error(catalogue_copy: Path) -> None:
    """The kiosk has no input for such a pair: the catalogue refuses it where it is
    written, instead of the kiosk failing on the question."""
    path = catalogue_copy / "dictionary.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    for field, widget in _WRONG_WIDGETS.items():
        lines.insert(lines.index(f"  {field}:") + 1, f"    widget: {widget}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FormDefinitionError) as info:
        load_catalogue(catalogue_copy)
    found = {
        (e.code, e.line, e.path, e.params["value"])
        for e in info.value.errors
        if "is for a" in e.message
    }
    assert found == {
        (ErrorCode.SCHEMA_003, lines.index(f"  {f}:") + 2, f"fields[{f}].widget", w)
        for f, w in _WRONG_WIDGETS.items()
    }
    assert {e.path for e in info.value.errors} == {f"fields[{f}].widget" for f in _WRONG_WIDGETS}


def test_a_newborns_birth_date_is_asked_with_the_calendar_an_older_childs_with_the_keypad() -> None:
    """After a birth the baby was born days ago (one tap on a calendar, not seven on
    the era keypad); a child's birth date on a move is years ago."""
    from datetime import date

    catalogue = load_catalogue()
    today = date(2026, 11, 25)
    assert catalogue.widget_for("children[0].birth_date", {"event": "birth"}, today) == "calendar"
    assert catalogue.widget_for("children[1].birth_date", {"event": "birth"}, today) == "calendar"
    assert catalogue.widget_for("children[0].birth_date", {"event": "moving_in"}, today) is None
    assert catalogue.dictionary["children[].birth_date"].quick_dates
