"""The golden households (issue 10): for each household and its event, the procedures,
the forms, and the value every box prints — read from the PDF at the box's position —
as a counter clerk checked them against the PNGs (tests/golden/*.yaml, golden.py).

A box not listed must print nothing; a form not listed must not be in the batch."""

from __future__ import annotations

import pytest

from forms.catalogue import load_catalogue
from forms.checks import check
from forms.questions import questions_for
from tests.golden.golden import Household, households, printed_boxes

CATALOGUE = load_catalogue()
HOUSEHOLDS = households()


def test_the_suite_covers_the_households_a_clerk_sees() -> None:
    names = {h.name for h in HOUSEHOLDS}
    assert len(names) >= 12
    events = {h.event for h in HOUSEHOLDS}
    assert {"moving_in", "moving_within", "moving_out", "death", "birth", "marriage"} <= events


@pytest.mark.parametrize("home", HOUSEHOLDS, ids=lambda h: h.name)
def test_the_answers_are_what_the_kiosk_would_send(home: Household) -> None:
    """Every question the kiosk asks for these answers has one, and no form check fails."""
    data = home.data(CATALOGUE)
    assert questions_for(CATALOGUE, home.event, data, home.today) == []
    form_ids = CATALOGUE.forms_for(home.event, data, home.today)
    errors = [i for i in check(CATALOGUE, form_ids, data, home.today) if i.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("home", HOUSEHOLDS, ids=lambda h: h.name)
def test_procedures_and_forms(home: Household) -> None:
    data = home.data(CATALOGUE)
    procedures = [p.id for p in CATALOGUE.procedures_for(home.event, data, home.today)]
    assert procedures == home.raw["procedures"]
    assert CATALOGUE.forms_for(home.event, data, home.today) == list(home.raw.get("forms") or {})


GOLDEN_FORMS = [(home, form_id) for home in HOUSEHOLDS for form_id in (home.raw.get("forms") or {})]


@pytest.mark.parametrize(
    ("home", "form_id"), GOLDEN_FORMS, ids=[f"{h.name}-{f}" for h, f in GOLDEN_FORMS]
)
def test_every_box_prints_its_golden_value(home: Household, form_id: str) -> None:
    expected = home.raw["forms"][form_id]
    pages, boxes = printed_boxes(CATALOGUE, home.data(CATALOGUE), form_id, home.today)
    assert pages == expected["pages"]
    wrong = {
        name: (boxes.get(name), expected["boxes"].get(name))
        for name in set(boxes) | set(expected["boxes"])
        if boxes.get(name) != expected["boxes"].get(name)
    }
    assert wrong == {}, "box: (printed, golden)"
