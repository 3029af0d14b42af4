"""世帯主変更届: each member's 続柄 seen from the new head, derived from the 続柄 seen from
the old head through the composition table (choices.yaml `seen_from`), asked only where
the two relationships do not determine it. Read back at each row's 続柄 box."""

from __future__ import annotations

import copy
from typing import Any

from forms.catalogue import load_catalogue
from forms.expressions import compile_expression
from forms.questions import questions_for
from forms.render import render_form
from tests.forms.pdfbox import text_in, words
from tests.forms.samples import TODAY

CATALOGUE = load_catalogue()
FORM = CATALOGUE.forms["setainushi_henko"]


def _member(name: str, born: str, sex: str, relationship: str) -> dict[str, Any]:
    return {"name": name, "name_kana": "ヤマグチ", "birth_date": born, "sex": sex,
            "relationship": relationship}  # fmt: skip


def _death(applicant_is: str, members: list[dict[str, Any]], new_head: dict[str, Any]) -> dict[str, Any]:
    """The head (山口 武) died; the applicant was his `applicant_is` (seen from him)."""
    return {
        "event": "death",
        "applicant": {"name": "山口 芳子", "name_kana": "ヤマグチ ヨシコ", "birth_date": "1950-07-07",
                      "sex": "2", "address": "東京都千代田区九段南二丁目3番14号", "card_read": True},
        "deceased": {"name": "山口 武", "birth_date": "1944-03-30", "death_date": "2025-03-20",
                     "sex": "1", "was_head": True, "relationship": applicant_is, "kokuho": False},
        "household": {"applicant_is_head": False, "remaining_count": len(members) + 1,
                      "member_count": len(members), "members": members, "has_children": False},
        "new_head": new_head,
    }  # fmt: skip


def _printed_relationships(data: dict[str, Any]) -> list[str]:
    """The 新世帯主との続柄 column, row by row (the applicant's row first when someone
    else is the new head), as printed."""
    pdf = words(render_form(CATALOGUE, data, "setainushi_henko", today=TODAY).pdf)
    context = CATALOGUE.context(data, TODAY)
    rows: list[str] = []
    for field in FORM.fields:
        if field.name == "applicant_row_rel" and compile_expression(str(field.show_if)).holds(context):
            rows.append(text_in(pdf, 1, tuple(field.box)))  # type: ignore[arg-type]
    repeat = next(r for r in FORM.repeats if compile_expression(str(r.show_if)).holds(context))
    x, y, w, h = next(f.box for f in repeat.fields if f.key == "item.new_head_relationship")
    for row in range(len(data["household"]["members"])):
        rows.append(text_in(pdf, 1, (x, y + repeat.step[1] * row, w, h)))
    return rows


def _asked(data: dict[str, Any]) -> list[str]:
    return [q for q in questions_for(CATALOGUE, "death", data, TODAY) if "new_head" in q]


def test_the_wife_becomes_the_head_and_every_relationship_follows() -> None:
    members = [
        _member("山口 隆", "1975-01-15", "1", "child"),
        _member("山口 ミツ", "1921-05-05", "2", "mother"),  # the old head's mother
        _member("山口 由美", "1977-02-02", "2", "child_wife"),
        _member("山口 翔", "2005-08-08", "1", "grandchild"),
    ]
    data = _death("wife", members, {"is_applicant": True})
    assert _asked(data) == []  # all four are determined
    assert _printed_relationships(data) == ["子", "夫の母", "子の妻", "孫"]


def test_the_eldest_son_becomes_the_head() -> None:
    members = [
        _member("山口 隆", "1975-01-15", "1", "child"),  # the new head
        _member("山口 恵", "1972-04-04", "2", "child"),  # his elder sister
        _member("山口 誠", "1979-09-09", "1", "child"),  # his younger brother
    ]
    new_head = {"is_applicant": False, "name": "山口 隆", "birth_date": "1975-01-15"}
    data = _death("wife", members, new_head)
    assert _asked(data) == []
    # the applicant (the old head's wife) is his mother, printed in the first row
    assert _printed_relationships(data) == ["母", "世帯主", "姉", "弟"]
    # a son's wife: his own, or his brother's? asked, the others still derived
    data["household"]["members"][2] = _member("山口 由美", "1977-02-02", "2", "child_wife")
    assert _asked(data) == ["household.members[2].relationship_to_new_head"]
    data["household"]["members"][2]["relationship_to_new_head"] = "wife"
    assert _printed_relationships(data) == ["母", "世帯主", "姉", "妻"]


def test_the_younger_brother_becomes_the_head() -> None:
    members = [
        _member("山口 健", "1980-03-03", "1", "child"),
        _member("山口 愛", "1983-06-06", "2", "child"),
        _member("山口 ミツ", "1921-05-05", "2", "mother"),
        _member("佐藤 一", "1960-01-01", "1", "lodger"),  # not a relative: asked
    ]
    data = _death("younger_brother", members, {"is_applicant": True})
    data["applicant"].update(name="山口 次郎", sex="1", birth_date="1948-01-01")
    assert _asked(data) == ["household.members[3].relationship_to_new_head"]
    data["household"]["members"][3]["relationship_to_new_head"] = "lodger"
    assert _printed_relationships(data) == ["甥", "姪", "母", "同居人"]


def test_twins_are_asked_who_is_the_elder() -> None:
    members = [_member("山口 隆", "1975-01-15", "1", "child"), _member("山口 豊", "1975-01-15", "1", "child")]
    data = _death("wife", members, {"is_applicant": False, "name": "山口 隆", "birth_date": "1975-01-15"})
    assert _asked(data) == ["household.members[1].relationship_to_new_head"]


def test_a_table_entry_that_names_no_relationship_is_an_error(tmp_path: Any) -> None:
    import shutil

    from forms.catalogue import load_catalogue as load
    from forms.errors import FormDefinitionError

    root = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE.root, root)
    choices = root / "choices.yaml"
    choices.write_text(choices.read_text(encoding="utf-8").replace(
        "    wife: mother\n", "    wife: mom\n", 1), encoding="utf-8")  # fmt: skip
    try:
        load(root)
    except FormDefinitionError as exc:
        assert any(e.code.name == "REF_001" and "mom" in str(e) for e in exc.errors)
    else:
        raise AssertionError("an unknown relationship in seen_from was accepted")


def test_the_same_rows_through_a_copy_of_the_data_stay_unchanged() -> None:
    """Deriving never writes into the answers (the kiosk stores them as given)."""
    members = [_member("山口 隆", "1975-01-15", "1", "child")]
    data = _death("wife", members, {"is_applicant": True})
    before = copy.deepcopy(data)
    _printed_relationships(data)
    assert data == before
