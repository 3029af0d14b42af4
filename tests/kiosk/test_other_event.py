"""The answers show another life event is the right one (issue 10, item 10): a 転居 whose
new address is in another city is a 転出, a 転入 from an address already in this city is a
転居. The session says so (Screen.OTHER_EVENT) and goes on as the right event, keeping
the answers; the rule is the catalogue's (events.yaml `other_event`)."""

from __future__ import annotations

from typing import Any

import pytest

from forms.catalogue import load_catalogue
from kiosk.session import ResidentSession, Screen
from tests.clock import pinned_clock

CITY = {"municipality": "東京都千代田区"}
IN_THE_CITY = "東京都千代田区霞が関二丁目1番2号"


@pytest.fixture
def catalogue():  # type: ignore[no-untyped-def]
    return load_catalogue()


def without_card(catalogue, event: str, until: str, **answers: Any) -> ResidentSession:  # type: ignore[no-untyped-def]
    """A session of `event` without a card, answered (BASE, the resident living in the
    city, and `answers`) until the question `until`."""
    session = ResidentSession(catalogue, clock=pinned_clock(), settings=CITY)
    session.choose_event(event)
    session.continue_without_card()
    answer_until(session, {**BASE, "applicant.address": IN_THE_CITY, **answers}, until)
    return session


def answer_until(session: ResidentSession, answers: dict[str, Any], stop: str) -> None:
    """Answer the questions in the order asked until `stop` has been answered."""
    while session.screen == Screen.QUESTION:
        assert session.flow is not None
        key = session.flow.current
        assert key in answers, f"no answer for {key}"
        session.answer(answers[key])
        if key == stop:
            return


BASE: dict[str, Any] = {
    "applicant.birth_date": "1985-04-12",
    "applicant.has_card": True,
    "filer.kind": "self",
    "household.has_children": False,
    "allowance.receiving": False,
    "insurance.kind": "employee",
    "pets.has_dog": True,
    "applicant.name": "見本　花子",
    "applicant.name_kana": "ミホン　ハナコ",
    "applicant.sex": "2",
    "applicant.phone": "",
    "move.date": "2026-11-20",
    "new_address.banchi": "1-1",
}


def test_a_move_within_to_another_city_is_offered_as_moving_out(catalogue) -> None:
    session = without_card(
        catalogue,
        "moving_within",
        "new_address.postal_code",
        **{"new_address.postal_code": "530-0005"},
    )
    assert session.screen == Screen.QUESTION  # the address up to the town comes next
    session.answer("大阪府大阪市北区中之島")
    assert session.screen == Screen.OTHER_EVENT
    assert session.other_event.event == "moving_out"
    assert "転出" in session.other_event.message["ja"]
    assert session.answer_to_fix() == "new_address.address"
    session.switch_event()
    assert session.event_id == "moving_out"
    assert session.screen == Screen.QUESTION
    data = session.submission_data()
    assert data["event"] == "moving_out"
    # every answer the moving-out forms use is kept; the dog (not a 転出 question) is not sent
    assert data["new_address"]["address"] == "大阪府大阪市北区中之島"
    assert data["move"]["date"] == "2026-11-20"
    assert data["pets"]["has_dog"] is None
    assert "juminido_tenshutsu" in [p.id for p in session.procedures()]


def test_correcting_the_address_stays_within(catalogue) -> None:
    osaka = {"new_address.postal_code": "530-0005", "new_address.address": "大阪府大阪市北区中之島"}
    session = without_card(catalogue, "moving_within", "new_address.address", **osaka)
    assert session.screen == Screen.OTHER_EVENT
    session.fix_answer()
    assert session.screen == Screen.QUESTION
    assert session.flow is not None and session.flow.current == "new_address.address"
    session.answer("東京都千代田区千代田")
    assert session.screen == Screen.QUESTION and session.event_id == "moving_within"
    assert session.flow.current == "new_address.banchi"


def test_moving_in_from_inside_the_city_with_a_card_is_offered_as_moving_within(
    catalogue,
) -> None:
    """The card's address is already in the city: said before the first question, and
    no answer to correct (the card gave it), so back goes to the card choice."""
    from datetime import date

    from card_reader.model import BasicFour, Integrity

    session = ResidentSession(catalogue, clock=pinned_clock(), settings=CITY)
    session.choose_event("moving_in")
    session.use_card()
    card = BasicFour(
        name="見本　花子",
        address="東京都千代田区霞が関二丁目1番2号",
        birth_date=date(1985, 4, 12),
        birth_date_raw="19850412",
        sex="2",
        sex_label="女",
        integrity=Integrity.OK,
    )
    session.card_read_succeeded(card)
    session.confirm_card(True)
    assert session.screen == Screen.OTHER_EVENT
    assert session.other_event.event == "moving_within"
    assert session.answer_to_fix() is None
    session.switch_event()
    assert session.event_id == "moving_within"
    assert session.screen == Screen.QUESTION
    assert session.submission_data()["applicant"]["address"] == "東京都千代田区霞が関二丁目1番2号"


def test_moving_out_to_an_address_in_the_city_is_moving_within(catalogue) -> None:
    chiyoda = {"new_address.postal_code": "100-0001", "new_address.address": "東京都千代田区千代田"}
    session = without_card(catalogue, "moving_out", "new_address.address", **chiyoda)
    assert session.screen == Screen.OTHER_EVENT
    assert session.other_event.event == "moving_within"


@pytest.mark.parametrize(
    ("event", "address", "new_address"),
    [
        ("moving_in", "大阪府大阪市北区中之島1丁目3番20号", "東京都千代田区千代田"),
        ("moving_within", "東京都千代田区霞が関二丁目1番2号", "東京都千代田区千代田"),
        ("moving_out", "東京都千代田区霞が関二丁目1番2号", "大阪府大阪市北区中之島"),
    ],
)
def test_the_right_event_goes_on_without_a_word(catalogue, event, address, new_address) -> None:
    rule = catalogue.other_event(
        event,
        {
            "office": {"municipality": CITY["municipality"]},
            "applicant": {"address": address},
            "new_address": {"address": new_address},
        },
        pinned_clock().today(),
    )
    assert rule is None


def test_without_the_setting_nothing_is_redirected(catalogue) -> None:
    """No municipality configured (forms CLI, a session without settings): no rule."""
    data = {"applicant": {"address": "大阪府大阪市北区中之島1丁目3番20号"}}
    assert catalogue.other_event("moving_within", data, pinned_clock().today()) is None


def test_a_half_answered_address_sends_nobody_elsewhere(catalogue) -> None:
    """moving_out → 転入 needs both addresses: with only the new one answered it waits."""
    data = {"office": CITY, "new_address": {"address": "東京都千代田区千代田"}}
    assert catalogue.other_event("moving_out", data, pinned_clock().today()) is None


def test_an_other_event_rule_naming_an_unknown_event_is_located(tmp_path) -> None:
    import shutil

    from forms.errors import ErrorCode, FormDefinitionError

    root = tmp_path / "catalogue"
    shutil.copytree(catalogue_root(), root)
    events = root / "events.yaml"
    events.write_text(events.read_text().replace("event: moving_out\n", "event: moving_away\n"))
    with pytest.raises(FormDefinitionError) as err:
        load_catalogue(root)
    assert any(e.code == ErrorCode.REF_001 and "other_event" in e.path for e in err.value.errors), (
        err.value
    )


def catalogue_root():  # type: ignore[no-untyped-def]
    from pathlib import Path

    import forms

    return Path(forms.__file__).parent / "data"
