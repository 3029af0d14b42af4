"""A question whose condition reads facts not yet answered waits for them, unless the
condition holds whatever those answers will be."""

from __future__ import annotations

from forms.catalogue import load_catalogue
from forms.questions import questions_for
from tests.forms.samples import TODAY


def test_a_birth_asks_about_the_children_without_asking_whether_there_are_any() -> None:
    # household.child_count asks if "household.has_children or event == 'birth'":
    # for a birth that holds whatever has_children would be, so it does not wait.
    catalogue = load_catalogue()
    asked = questions_for(catalogue, "birth", {"insurance": {"kind": "kokuho"}}, TODAY)
    assert "household.child_count" in asked
    assert "household.has_children" not in asked


def test_a_question_still_waits_when_the_unanswered_fact_decides() -> None:
    catalogue = load_catalogue()
    asked = questions_for(catalogue, "moving_in", {}, TODAY)
    # "the head's name" only after "are you the head?" has an answer
    assert "household.head_name" not in asked
    answered = questions_for(
        catalogue, "moving_in", {"household": {"applicant_is_head": False}}, TODAY
    )
    assert "household.head_name" in answered
