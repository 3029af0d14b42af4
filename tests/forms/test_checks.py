"""Entry checks: required values, dictionary rules and the forms' cross-field checks."""

from __future__ import annotations

import copy
from typing import Any

from forms.catalogue import load_catalogue
from forms.checks import check, errors_only
from tests.forms.samples import FULL, MOVING_IN_FAMILY, TODAY, with_event

CATALOGUE = load_catalogue()


def codes(data: dict[str, Any], forms: list[str]) -> set[tuple[str, str]]:
    return {(i.key, i.code) for i in check(CATALOGUE, forms, data, TODAY)}


def test_complete_data_has_no_issues() -> None:
    forms = CATALOGUE.forms_for("moving_in", MOVING_IN_FAMILY, TODAY)
    assert check(CATALOGUE, forms, MOVING_IN_FAMILY, TODAY) == []
    everything = sorted(CATALOGUE.forms)
    for event in ("moving_in", "death", "certificates"):
        data = with_event(FULL, event)
        if event != "moving_in":
            del data["procedures"]  # the extras in FULL are a moving-in's
        assert (
            errors_only(check(CATALOGUE, CATALOGUE.forms_for(event, data, TODAY), data, TODAY))
            == []
        )
    assert {i.code for i in check(CATALOGUE, everything, with_event(FULL, "moving_in"), TODAY)} <= {
        "move_date_late"
    }


def test_required_values() -> None:
    data = copy.deepcopy(MOVING_IN_FAMILY)
    del data["move"]
    data["applicant"]["name"] = ""
    issues = check(CATALOGUE, ["juminido"], data, TODAY)
    required = {(i.key, i.message) for i in issues if i.code == "required"}
    assert ("move.date", "forms.check.required") in required
    assert ("applicant.name", "forms.check.required") in required
    label = next(i.params["label"] for i in issues if i.key == "move.date")
    assert label == CATALOGUE.dictionary["move.date"].label["ja"]


def test_dictionary_rules() -> None:
    data = copy.deepcopy(MOVING_IN_FAMILY)
    data["applicant"]["name_kana"] = "やまだ はなこ"  # hiragana is accepted: printed in katakana
    data["applicant"]["phone"] = "phone me"
    data["new_address"]["postal_code"] = "12-34"
    data["household"]["child_count"] = 20
    data["children"][0]["birth_date"] = "2017-02-30"
    data["children"][0]["sex"] = "7"
    data["bank"]["account_number"] = "１２３"
    found = codes(data, ["juminido", "jidoteate_nintei"])
    assert ("applicant.name_kana", "pattern") not in found
    assert {
        ("applicant.phone", "pattern"),
        ("new_address.postal_code", "pattern"),
        ("household.child_count", "out_of_range"),
        ("children[0].birth_date", "not_a_date"),
        ("children[0].sex", "not_in_choices"),
        ("bank.account_number", "pattern"),
    } <= found
    messages = {i.key: i.message for i in check(CATALOGUE, ["juminido"], data, TODAY)}
    assert messages["new_address.postal_code"] == "forms.check.postal_code"


def test_move_date_not_more_than_14_days_ahead() -> None:
    data = copy.deepcopy(MOVING_IN_FAMILY)
    data["move"]["date"] = "2025-04-15"  # TODAY + 14
    assert ("move.date", "move_date_not_far_future") not in codes(data, ["juminido"])
    data["move"]["date"] = "2025-04-16"
    issue = next(
        i
        for i in check(CATALOGUE, ["juminido"], data, TODAY)
        if i.code == "move_date_not_far_future"
    )
    assert (issue.key, issue.severity, issue.message, issue.form_id) == (
        "move.date", "error", "forms.check.move_date_future", "juminido"
    )  # fmt: skip


def test_late_move_is_only_a_warning() -> None:
    data = copy.deepcopy(MOVING_IN_FAMILY)
    data["move"]["date"] = "2025-02-01"
    issues = [
        i for i in check(CATALOGUE, ["juminido"], data, TODAY) if i.code == "move_date_recent"
    ]
    assert [i.severity for i in issues] == ["warning"]
    assert errors_only(issues) == []


def test_postal_code_must_match_the_address() -> None:
    data = copy.deepcopy(MOVING_IN_FAMILY)
    assert ("new_address.postal_code", "postal_code_matches_address") not in codes(
        data, ["juminido"]
    )
    data["new_address"]["postal_code"] = "530-0001"  # 大阪市北区梅田
    assert ("new_address.postal_code", "postal_code_matches_address") in codes(data, ["juminido"])
    data["new_address"]["address"] = "大阪府大阪市北区梅田"
    assert ("new_address.postal_code", "postal_code_matches_address") not in codes(
        data, ["juminido"]
    )


def test_child_born_after_parent() -> None:
    data = copy.deepcopy(MOVING_IN_FAMILY)
    data["children"][0]["birth_date"] = "1980-01-01"
    found = codes(data, ["juminido", "jidoteate_nintei"])
    assert ("children", "children_born_after_parent") in found


def test_checks_skip_unanswered_values() -> None:
    data = {"event": "moving_in", "applicant": {"name": "山田"}}
    found = codes(data, ["juminido"])
    assert not any(code == "postal_code_matches_address" for _, code in found)
    assert ("move.date", "required") in found


def test_funeral_cannot_precede_death() -> None:
    data = with_event(FULL, "death")
    data["funeral"]["date"] = "2025-03-01"
    assert ("funeral.date", "funeral_after_death") in codes(data, ["kokuho_sosaihi"])
