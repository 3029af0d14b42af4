"""The default catalogue: events → procedures → forms, suggestions, and the questions."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from forms.catalogue import load_catalogue
from forms.data import get_value, set_value
from forms.expressions import Context, compile_expression
from forms.jsonschema import SCHEMA_DIR, schema_texts
from forms.questions import questions_for
from tests.forms.samples import FULL, TODAY, with_event

CATALOGUE = load_catalogue()


def test_default_catalogue_is_cached_and_complete() -> None:
    assert load_catalogue() is CATALOGUE
    assert len(CATALOGUE.forms) >= 12
    for event in ("moving_in", "moving_within", "moving_out", "birth", "death", "marriage",
                  "certificates", "seal"):  # fmt: skip
        assert event in CATALOGUE.events
    assert "juminido" in CATALOGUE.forms
    covered = {p for f in CATALOGUE.forms.values() for p in f.procedures}
    for procedure in ("juminido_tennyu", "juminido_tenkyo", "juminido_tenshutsu",
                      "child_allowance_claim", "child_medical", "kokuho_leave", "kokuho_funeral",
                      "kaigo_leave", "setainushi_henko", "inkan_register", "juminhyo",
                      "inkan_certificate"):  # fmt: skip
        assert procedure in covered


def test_card_facts_and_thin_path_keys() -> None:
    d = CATALOGUE.dictionary
    assert d["applicant.name"].source == "card.name"
    assert d["applicant.address"].source == "card.address"
    assert d["applicant.birth_date"].source == "card.birth_date"
    assert d["applicant.sex"].source == "card.sex"
    for key in ("applicant.name_kana", "move.date", "new_address.postal_code",
                "new_address.address", "new_address.banchi", "new_address.building"):  # fmt: skip
        assert d[key].askable and d[key].question and {"ja", "en"} <= set(d[key].question)
    assert (
        d["applicant.individual_number"].sensitive and not d["applicant.individual_number"].askable
    )
    assert d["children[].name"].group == "children"


def test_every_askable_fact_has_a_question_in_both_languages() -> None:
    for spec in CATALOGUE.dictionary.values():
        if spec.question is not None:
            assert spec.question.get("ja") and spec.question.get("en"), spec.key
        if spec.type in ("choice", "multi_choice"):
            assert spec.choices in CATALOGUE.choices, spec.key


def test_json_schemas_are_up_to_date() -> None:
    for name, text in schema_texts().items():
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run `madoguchi forms schema`"
        )


def test_data_paths() -> None:
    data: dict[str, Any] = {}
    set_value(data, "children[1].name", "花子")
    set_value(data, "applicant.name", "太郎")
    assert data == {"children": [{}, {"name": "花子"}], "applicant": {"name": "太郎"}}
    assert get_value(data, "children[1].name") == "花子"
    assert get_value(data, "children[0].name") is None
    assert get_value(data, "children[5].name", "none") == "none"


def ids(procedures: list[Any]) -> list[str]:
    return [p.id for p in procedures]


def test_procedures_follow_the_answers() -> None:
    data: dict[str, Any] = {"applicant": {"birth_date": "1990-01-01", "card_read": True}, "insurance": {"kind": "employee"},
                            "household": {"has_children": False}}  # fmt: skip
    assert ids(CATALOGUE.procedures_for("moving_in", data, TODAY)) == [
        "juminido_tennyu",
        "mynumber_card_update",
    ]
    data["insurance"]["kind"] = "kokuho"
    data["household"]["has_children"] = True
    found = ids(CATALOGUE.procedures_for("moving_in", data, TODAY))
    assert found == ["juminido_tennyu", "mynumber_card_update", "kokuho_join",
                     "child_allowance_claim", "child_medical"]  # fmt: skip
    assert CATALOGUE.forms_for("moving_in", data, TODAY) == [
        "juminido", "kokuho_ido", "jidoteate_nintei", "kodomo_iryo"
    ]  # fmt: skip


def test_suggestions_dog_and_65_plus() -> None:
    young: dict[str, Any] = {"applicant": {"birth_date": "1990-01-01"}, "pets": {"has_dog": False}}
    assert ids(CATALOGUE.suggestions("moving_in", young, TODAY)) == ["inkan_register"]
    old_with_dog = {"applicant": {"birth_date": "1955-01-01"}, "pets": {"has_dog": True}}
    assert ids(CATALOGUE.suggestions("moving_in", old_with_dog, TODAY)) == [
        "kaigo_join", "dog_change", "inkan_register"
    ]  # fmt: skip
    # accepting one moves it into the application; declining one stops the offer
    chosen = {
        **old_with_dog,
        "procedures": {"extra": ["dog_change"], "declined": ["inkan_register"]},
    }
    assert ids(CATALOGUE.suggestions("moving_in", chosen, TODAY)) == ["kaigo_join"]
    assert "dog_change" in ids(CATALOGUE.procedures_for("moving_in", chosen, TODAY))
    assert "inu_henko" in CATALOGUE.forms_for("moving_in", chosen, TODAY)
    reason = CATALOGUE.suggestion_reason("moving_in", "dog_change")
    assert reason is not None and "犬" in reason["ja"]


def test_death_of_the_head_needs_a_new_head_only_with_two_left() -> None:
    data: dict[str, Any] = {"deceased": {"kokuho": True, "was_head": True, "birth_date": "1955-01-01"},
                            "household": {"remaining_count": 1}}  # fmt: skip
    assert "setainushi_henko" not in ids(CATALOGUE.procedures_for("death", data, TODAY))
    data["household"]["remaining_count"] = 2
    found = ids(CATALOGUE.procedures_for("death", data, TODAY))
    assert {"setainushi_henko", "kokuho_leave", "kokuho_funeral", "kaigo_leave"} <= set(found)
    data["deceased"]["birth_date"] = "1930-01-01"  # 75 and over: 後期高齢者医療, not 国保
    found = ids(CATALOGUE.procedures_for("death", data, TODAY))
    assert {"setainushi_henko", "kouki_leave", "kouki_funeral", "kaigo_leave"} <= set(found)
    assert "kokuho_funeral" not in found


def test_questions_start_with_screening_then_facts_in_order() -> None:
    questions = questions_for(CATALOGUE, "moving_in", {}, TODAY)
    screening = list(CATALOGUE.events["moving_in"].screening)
    asked_first = [q for q in screening if q in questions]
    assert questions[: len(asked_first)] == asked_first
    # allowance.receiving waits for "do you have children?"
    assert "allowance.receiving" not in questions
    rest = questions[len(asked_first) :]
    orders = [CATALOGUE.dictionary[k].order for k in rest]
    assert orders == sorted(orders)
    assert "move.date" in rest and "new_address.postal_code" in rest


def test_questions_expand_repeat_groups_after_the_count() -> None:
    data: dict[str, Any] = {
        "applicant": {"name": "a", "name_kana": "ア", "birth_date": "1980-01-01", "sex": "1",
                      "address": "x", "phone": "0312345678"},
        "household": {"has_children": True, "applicant_is_head": True, "member_count": 0},
        "insurance": {"kind": "employee"},
        "pets": {"has_dog": False},
        "allowance": {"receiving": False},
    }  # fmt: skip
    questions = questions_for(CATALOGUE, "moving_in", data, TODAY)
    assert "household.child_count" in questions and "children[0].name" not in questions
    set_value(data, "household.child_count", 2)
    questions = questions_for(CATALOGUE, "moving_in", data, TODAY)
    members = [q for q in questions if q.startswith("children[")]
    assert members[:4] == ["children[0].name", "children[0].name_kana", "children[0].birth_date",
                           "children[0].sex"]  # fmt: skip
    assert "children[1].name" in members
    # a school-age child gets the school questions once the school transfer is chosen
    set_value(data, "children[0].birth_date", "2016-05-01")
    set_value(data, "children[1].birth_date", "2023-05-01")
    data["procedures"] = {"extra": ["school_transfer"]}
    questions = questions_for(CATALOGUE, "moving_in", data, TODAY)
    assert "children[0].school_grade" in questions
    assert "children[1].school_grade" not in questions  # too young: ask_if with item


def test_questions_skip_answers_and_cover_every_needed_fact() -> None:
    data = with_event(FULL, "moving_in")
    before = copy.deepcopy(data)
    assert questions_for(CATALOGUE, "moving_in", data, TODAY) == []
    assert data == before  # pure: data untouched
    full_list = questions_for(CATALOGUE, "moving_in", data, TODAY, include_answered=True)
    assert "applicant.name" in full_list and "children[1].name" in full_list
    assert "applicant.individual_number" not in full_list  # sensitive: only from the card
    assert "deceased.name" not in full_list  # traced: a moving-in never reads it


def test_questions_for_death_do_not_ask_moving_facts() -> None:
    data: dict[str, Any] = {
        "deceased": {"kokuho": True, "was_head": False, "birth_date": "1930-01-01"}
    }
    questions = questions_for(CATALOGUE, "death", data, TODAY)
    assert "deceased.name" in questions and "funeral.date" in questions
    assert "move.date" not in questions and "new_address.postal_code" not in questions


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("age(applicant.birth_date) >= 65", True),
        ("len(children) == 2", True),
        ("any(children, age(item.birth_date) < 1)", True),
        ("count(children, age(item.birth_date) >= 6)", 1),
        ("first(children, item.sex == '2').name", "髙𠮷 花子"),
        ("days_between(move.date, today)", 4),
        ("move.date + 14 >= today", True),
        ("'juminhyo' in certificate.kinds", True),
        ("certificate.juminhyo_copies * 300", 600),
        ("new_address.address + new_address.banchi", "東京都千代田区千代田1番1号"),
        ("postal_matches(new_address.postal_code, new_address.address)", True),
        ("postal_matches('100-0001', '大阪府大阪市北区')", False),
        ("spouse.display_name", "髙𠮷 健一"),
        ("names(children, item.sex == '1')", "髙𠮷 太郎"),
        ("names(children, age(item.birth_date) < 18)", "髙𠮷 太郎、髙𠮷 花子"),
        ("names(household.members, item.sex == '2')", ""),
        ("join(applicant.name, None, '', names(household.members, item.has_card))",
         "髙𠮷 﨑子、髙𠮷 健一"),
        ("household.card_holder_names", "髙𠮷 﨑子、髙𠮷 健一"),  # the card read, the husband's
        ("unknown.key > 3", False),
        ("not unknown.key", True),
    ],
)
def test_expressions_on_data(source: str, expected: Any) -> None:
    context = CATALOGUE.context(with_event(FULL, "moving_in"), TODAY)
    assert compile_expression(source).evaluate(context) == expected


def test_expressions_without_a_catalogue() -> None:
    context = Context({"a": {"b": "2020-01-02"}}, TODAY)
    assert compile_expression("a.b < '2021-01-01'").evaluate(context) is True
    assert compile_expression("a.b").keys == frozenset({"a.b"})
