"""The resident's session without Qt: card path, questions, back/change, submit, wipe."""

from __future__ import annotations

from typing import Any

import pytest

from card_reader.api import card_status, read_basic_four
from card_reader.errors import CardError
from card_reader.simulator import DEFAULT_READER, SimulatedBackend, SimulatedCard
from forms.catalogue import load_catalogue
from kiosk.application import prepare_application, submit_or_spool
from kiosk.config import Config
from kiosk.session import ResidentSession, Screen
from kiosk.spool import Spool
from kiosk.store import QueueFilter, Store
from tests.clock import pinned_clock
from tests.support.accounts import admin_principal

CARD = {
    "name": "見本　花子",
    "address": "大阪府大阪市北区中之島1丁目3番20号",
    "birth_date": "19850412",
    "sex": "2",
    "pin": "1234",
}

#: Answers for the moving-in questions (every one the default catalogue can ask).
ANSWERS: dict[str, Any] = {
    "household.has_children": False,
    "insurance.kind": "employee",
    "pets.has_dog": False,
    "applicant.name_kana": "ミホン　ハナコ",
    "applicant.phone": "090-1234-5678",
    "move.date": "2026-11-20",
    "new_address.postal_code": "1000001",
    "new_address.address": "東京都千代田区千代田",
    "new_address.banchi": "1-1",
    "new_address.building": "",
    "registry.domicile": "大阪府大阪市北区中之島1丁目3番20号",
    "registry.head": "",
    "household.applicant_is_head": True,
    "previous_head.same": True,
    "applicant.has_card": True,
    "filer.kind": "self",
    "household.member_count": 0,
}


@pytest.fixture
def catalogue():  # type: ignore[no-untyped-def]
    return load_catalogue()


@pytest.fixture
def card() -> SimulatedCard:
    return SimulatedCard.from_dict(CARD)


@pytest.fixture
def backend(card: SimulatedCard) -> SimulatedBackend:
    return SimulatedBackend({DEFAULT_READER: card})


def read_card(session: ResidentSession, backend: SimulatedBackend, pin: str) -> None:
    """What the kiosk's workers do, synchronously."""
    status = card_status(backend)
    session.card_inserted()
    session.card_status_known(status.is_my_number, status.pin_tries_left)
    for digit in pin:
        session.pin_digit(digit)
    typed = session.take_pin()
    try:
        session.card_read_succeeded(read_basic_four(backend, typed))
    except CardError as exc:
        session.card_read_failed(exc)


def answer_all(session: ResidentSession, answers: dict[str, Any]) -> list[str]:
    asked = []
    while session.screen == Screen.QUESTION:
        assert session.flow is not None
        key = session.flow.current
        assert key is not None
        asked.append(key)
        session.answer(answers[key])
    return asked


def test_card_path_fills_the_applicant_from_the_card(catalogue, backend) -> None:
    session = ResidentSession(catalogue, clock=pinned_clock())
    session.choose_event("moving_in")
    session.use_card()
    read_card(session, backend, "1234")
    assert session.screen == Screen.CARD_CONFIRM
    assert session.data["applicant"] == {
        "name": "見本　花子",
        "address": "大阪府大阪市北区中之島1丁目3番20号",
        "birth_date": "1985-04-12",
        "sex": "2",
        "card_read": True,  # source card.present: the card itself was read
    }
    session.confirm_card(True)
    asked = answer_all(session, ANSWERS)
    # Card facts are never asked again; the move date and new address are.
    assert not {"applicant.name", "applicant.address", "applicant.birth_date"} & set(asked)
    assert {"move.date", "new_address.postal_code"} <= set(asked)
    assert session.screen == Screen.REVIEW
    assert "juminido" in session.form_ids()


@pytest.mark.parametrize(
    ("card_fields", "flag"),
    [
        ({"with_integrity": False}, "card.integrity_absent"),
        ({"integrity_mismatch": True}, "card.integrity_mismatch"),
        ({"signature_read_status": 0x6981}, "card.integrity_mismatch"),
        ({}, None),
    ],
)
def test_an_integrity_check_that_did_not_pass_is_flagged_to_staff(
    catalogue, card, backend, card_fields, flag
) -> None:
    """Every real card has EF 0003: `absent` means something went wrong, as `mismatch`."""
    for name, value in card_fields.items():
        setattr(card, name, value)
    session = at_card_insert(catalogue)
    read_card(session, backend, "1234")
    assert session.screen == Screen.CARD_CONFIRM  # the basic four are kept
    assert session.staff_flags == ([flag] if flag else [])


def at_card_insert(catalogue) -> ResidentSession:  # type: ignore[no-untyped-def]
    session = ResidentSession(catalogue, clock=pinned_clock())
    session.choose_event("moving_in")
    session.use_card()
    return session


def test_wrong_pin_returns_to_the_pin_screen_with_tries_left(catalogue, backend, card) -> None:
    session = at_card_insert(catalogue)
    read_card(session, backend, "9999")
    assert session.screen == Screen.PIN
    assert session.notice is not None and session.notice.key == "card.pin_incorrect"
    assert session.notice.params == {"tries_left": 2}
    assert session.pin_tries_left == 2 == card.tries_left
    assert session.pin_length == 0  # the wrong PIN is gone


def test_one_try_left_warns_before_the_pin_is_typed(catalogue, card, backend) -> None:
    card.tries_left = 1
    session = at_card_insert(catalogue)
    status = card_status(backend)
    session.card_status_known(status.is_my_number, status.pin_tries_left)
    assert session.screen == Screen.PIN
    assert session.notice is not None and session.notice.key == "kiosk.pin.last_try"
    assert card.tries_left == 1  # asking used no try


def test_blocked_card_goes_to_guidance_and_never_gets_a_pin(catalogue, card, backend) -> None:
    card.tries_left = 0
    session = at_card_insert(catalogue)
    status = card_status(backend)
    session.card_status_known(status.is_my_number, status.pin_tries_left)
    assert session.screen == Screen.CARD_PROBLEM
    assert session.notice is not None and session.notice.key == "card.pin_blocked"
    assert card.pin_verifications() == 0
    session.continue_without_card()
    assert session.screen == Screen.QUESTION
    # Without a card the resident is asked for their name.
    assert session.flow is not None
    assert "applicant.name" in session.flow.pending()


def auto_answer(catalogue, key: str) -> Any:  # type: ignore[no-untyped-def]
    """A valid answer of the field's type, for walking through any question list."""
    from forms.data import dictionary_key

    spec = catalogue.dictionary[dictionary_key(key)]
    if key in ANSWERS:
        return ANSWERS[key]
    return {
        "yes_no": False,
        "choice": catalogue.choices[spec.choices][0].value if spec.choices else "",
        "multi_choice": [],
        "date": "2020-04-01",
        "integer": 1,
        "postal_code": "1000001",
        "address": "東京都千代田区千代田",
        "phone": "090-1111-2222",
        "digits": "1",
    }.get(spec.type, "テスト")


def started(catalogue, backend) -> ResidentSession:  # type: ignore[no-untyped-def]
    session = at_card_insert(catalogue)
    read_card(session, backend, "1234")
    session.confirm_card(True)
    return session


def test_back_and_change_keep_other_answers(catalogue, backend) -> None:
    session = started(catalogue, backend)
    flow = session.flow
    assert flow is not None
    first = flow.current
    assert first == "household.has_children"
    session.answer(False)
    second = flow.current
    assert second is not None
    session.answer(auto_answer(catalogue, second))
    third = flow.current
    session.back()
    session.back()
    assert flow.current == first and flow.current_value() is False
    session.answer(False)  # the same answer again: on to the next question, answer kept
    assert flow.current == second
    assert flow.current_value() == auto_answer(catalogue, second)
    session.answer(auto_answer(catalogue, second))
    assert flow.current == third


def test_changed_answer_sets_aside_and_restores_dependent_answers(catalogue, backend) -> None:
    session = started(catalogue, backend)
    flow = session.flow
    assert flow is not None
    session.answer(True)  # has children: the children's questions join the flow
    child_key = None
    while flow.current is not None:
        key = flow.current
        value = 1 if key.endswith("_count") and "child" in key else auto_answer(catalogue, key)
        session.answer(value)
        if key.startswith("children[0]."):
            child_key = key
            break
    assert child_key is not None, "answering yes to children should ask about the child"
    answered = flow.history.copy()
    flow.go_to("household.has_children")
    session.answer(False)
    assert child_key not in flow.history  # no longer relevant: set aside
    assert not any(k.startswith("children[") for k in flow.history)
    flow.go_to("household.has_children")
    session.answer(True)
    assert child_key in flow.history  # the set-aside answer came back, not asked again
    assert set(answered) <= set(flow.history) | set(flow.pending())


def test_a_suggestion_added_at_the_review_asks_its_questions_then_returns(
    catalogue, backend
) -> None:
    session = started(catalogue, backend)
    answer_all(session, ANSWERS)
    assert session.screen == Screen.REVIEW
    offered = [p.id for p in session.suggestions()]
    assert offered, "moving in should suggest a related procedure"
    choice = offered[0]
    before = set(session.form_ids())
    session.toggle_suggestion(choice)
    assert choice in [p.id for p in session.procedures()]
    # Its forms may need more facts: they are asked now, then back to the review.
    while session.screen == Screen.QUESTION:
        assert session.flow is not None and session.flow.current is not None
        session.answer(auto_answer(catalogue, session.flow.current))
    assert session.screen == Screen.REVIEW
    assert set(session.form_ids()) >= before
    assert session.submission_data()["procedures"]["extra"] == [choice]
    # Still offered, so the resident can take it back off.
    assert choice in [p.id for p in session.suggestions()]
    session.toggle_suggestion(choice)
    assert choice not in [p.id for p in session.procedures()]
    assert choice in session.submission_data()["procedures"]["declined"]


def test_submit_stores_the_application_with_a_reception_number(
    catalogue, backend, tmp_path, sqlite_url
) -> None:
    session = started(catalogue, backend)
    answer_all(session, ANSWERS)
    prepared = prepare_application(catalogue, session)
    assert prepared.pdf.startswith(b"%PDF")
    session.submit_started(consent=True)
    store = Store(sqlite_url)
    store.upgrade()
    config = Config(database_url=sqlite_url, terminal_id="k1", counter_group="A")
    receipt = submit_or_spool(prepared, session, config, store, Spool(tmp_path / "spool"))
    assert receipt.reception_number and receipt.spooled_reference is None
    queued = store.list_queue(admin_principal(store), QueueFilter())
    assert [q.reception_number for q in queued] == [receipt.reception_number]
    assert not list((tmp_path / "spool").glob("*"))


def test_dead_database_spools_and_nothing_is_lost(catalogue, backend, tmp_path, sqlite_url) -> None:
    session = started(catalogue, backend)
    answer_all(session, ANSWERS)
    prepared = prepare_application(catalogue, session)
    dead = Store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    spool = Spool(tmp_path / "spool")
    receipt = submit_or_spool(prepared, session, Config(), dead, spool)
    assert receipt.reception_number is None and receipt.spooled_reference
    # The database comes back: the spool hands the application over, once.
    live = Store(sqlite_url)
    live.upgrade()
    report = spool.flush(live)
    assert len(report.submitted) == 1
    spool.flush(live)
    items = live.list_queue(admin_principal(live), QueueFilter())
    assert len(items) == 1


def test_wipe_forgets_everything(catalogue, backend) -> None:
    session = ResidentSession(catalogue, clock=pinned_clock())
    session.choose_event("moving_in")
    session.use_card()
    read_card(session, backend, "1234")
    data = session.data
    session.confirm_card(True)
    session.answer(False)
    session.pin_digit("1")
    session.wipe()
    # The card is still on the reader: "take your card" before anything else.
    assert session.screen == Screen.TAKE_CARD and session.card_present
    session.choose_event("moving_in")  # nothing starts for the next resident
    assert session.screen == Screen.TAKE_CARD and session.event_id is None
    session.card_removed()
    assert session.screen == Screen.ATTRACT
    assert data == {}  # the old dict was emptied in place, not just dropped
    assert session.card is None and session.data == {} and session.pin_length == 0
    assert session.flow is None and session.event_id is None


def test_what_the_card_fills_is_what_the_dictionary_says(tmp_path, backend) -> None:
    """`source: card.*` decides: a fact newly sourced from the card is filled, a fact
    whose source is taken away is left to ask, the 個人番号 is never taken."""
    import shutil

    from forms.catalogue import DEFAULT_DIR

    root = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIR, root, ignore=shutil.ignore_patterns("schema"))
    path = root / "dictionary.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    source: card.sex\n" in text
    text = text.replace("    source: card.sex\n", "")
    # The 届出人's address on the forms comes from the card too (a new setting).
    text = text.replace(
        "  applicant.phone:\n",
        "  filer.card_address:\n    type: address\n    label: {ja: 届出人住所}\n"
        "    source: card.address\n  applicant.phone:\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    session = ResidentSession(load_catalogue(root), clock=pinned_clock())
    session.choose_event("moving_in")
    session.card_read_succeeded(read_basic_four(backend, "1234"))
    assert session.data["applicant"]["name"] == CARD["name"]
    assert session.data["applicant"]["birth_date"] == "1985-04-12"
    assert session.data["filer"]["card_address"] == CARD["address"]
    assert "sex" not in session.data["applicant"]
    assert "individual_number" not in str(session.data)


def test_printed_forms_carry_the_reception_number(catalogue, backend, tmp_path, sqlite_url) -> None:
    """Rendered before numbering, printed after: the paper shows the number (cover, every
    page's footer and QR)."""
    import subprocess

    from forms.qr import parse_qr_payload
    from kiosk.application import print_after_submit

    session = started(catalogue, backend)
    answer_all(session, ANSWERS)
    prepared = prepare_application(catalogue, session)
    session.submit_started(consent=True)
    store = Store(sqlite_url, clock=session.clock)
    store.upgrade()
    config = Config(database_url=sqlite_url, terminal_id="k1", counter_group="A",
                    print_forms=True)  # fmt: skip
    receipt = submit_or_spool(prepared, session, config, store, Spool(tmp_path / "spool"))
    number = receipt.reception_number
    assert number
    printed: list[bytes] = []
    errors = print_after_submit(receipt, prepared, session, config, None, store,
                                page_print=printed.append)  # fmt: skip
    assert errors == [] and len(printed) == 1
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(printed[0])
    pages = prepared.pages
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        assert f"受付番号 {number}" in text, page
    # 300 dpi: at 150 zbar missed a page's QR now and then (the payload holds a random
    # application id, so each run draws another pattern).
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(tmp_path / "p")], check=True)
    from PIL import Image
    from pyzbar.pyzbar import decode

    payloads = [
        parse_qr_payload(decode(Image.open(png))[0].data.decode("utf-8"))
        for png in sorted(tmp_path.glob("p-*.png"))
    ]
    assert len(payloads) == pages and all(p["r"] == number for p in payloads)


def test_the_card_s_name_reading_is_confirmed_with_the_card(catalogue, backend) -> None:
    """The likeliest フリガナ of the card's name shows with the card's data: confirmed in
    the same tap, its question is not asked, yet back (and the review) still reach it."""
    session = at_card_insert(catalogue)
    read_card(session, backend, "1234")
    readings = session.card_readings
    assert readings == {"applicant.name_kana": "ミホン　ハナコ"}
    session.confirm_card(True, readings)
    assert session.data["applicant"]["name_kana"] == "ミホン　ハナコ"
    assert session.flow is not None and session.flow.history == ["applicant.name_kana"]
    first = session.flow.current
    session.back()
    assert session.flow.current == "applicant.name_kana"
    session.answer("ミホン　ハナコ")
    assert session.flow.current == first
    asked = answer_all(session, ANSWERS)
    assert "applicant.name_kana" not in asked and session.screen == Screen.REVIEW


def test_the_card_s_reading_is_looked_up_once_and_forgotten_with_the_session(
    catalogue, backend, monkeypatch
) -> None:
    """The name index is asked at the read, not at every redraw of the card screen
    (a language change redraws it), and the reading goes with the session."""
    from kiosk import names

    asked: list[str] = []
    lookup = names.name_reading_candidates

    def counted(name: str, **kwargs: Any) -> list[str]:
        asked.append(name)
        return lookup(name, **kwargs)

    monkeypatch.setattr(names, "name_reading_candidates", counted)
    session = at_card_insert(catalogue)
    read_card(session, backend, "1234")
    assert len(asked) == 1 and session.card_readings
    session.set_locale("en")
    assert session.card_readings and len(asked) == 1
    session.wipe()
    assert session.card_readings == {}


@pytest.mark.parametrize("correct", [True, False], ids=["change_reading", "card_wrong"])
def test_the_reading_is_asked_when_the_resident_does_not_confirm_it(
    catalogue, backend, correct
) -> None:
    """「フリガナを直す」 (confirmed without the reading) and 「ちがうところがある」 (the card's
    data disputed, the reading with it) both leave the reading to its question."""
    session = at_card_insert(catalogue)
    read_card(session, backend, "1234")
    session.confirm_card(correct, None if correct else session.card_readings)
    asked = answer_all(session, ANSWERS)
    assert "applicant.name_kana" in asked
    assert session.data["applicant"]["name_kana"] == ANSWERS["applicant.name_kana"]


def test_a_name_without_a_known_reading_offers_none(catalogue, card, backend) -> None:
    card.name = "SMITH JOHN"
    session = at_card_insert(catalogue)
    read_card(session, backend, "1234")
    assert session.card_readings == {}


def test_the_flow_works_out_what_is_pending_once_per_set_of_answers(
    catalogue, monkeypatch
) -> None:
    """Asked again over the same answers, the flow does not evaluate every question's
    conditions again; an answer set by any path (the flow's own, or straight into its
    data) is seen at once."""
    from kiosk import flow as flow_module

    worked_out: list[int] = []
    real = flow_module.questions_for

    def counted(*args: Any, **kwargs: Any) -> Any:
        worked_out.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(flow_module, "questions_for", counted)
    session = ResidentSession(catalogue, clock=pinned_clock())
    session.choose_event("moving_in")
    session.continue_without_card()
    flow = session.flow
    assert flow is not None
    first = flow.current
    for _ in range(5):
        assert flow.current == first and flow.total_estimate > 0
    assert len(worked_out) == 1
    session.answer(ANSWERS.get(first, "x") if first else "x")
    assert flow.current != first and len(worked_out) == 2
    # straight into the data, as a setting or a second answer's fact is set
    from forms.data import set_value

    now = flow.current
    assert now is not None
    set_value(flow.data, now, ANSWERS.get(now, "x"))
    assert flow.current != now
    session.wipe()
    assert flow._pending is None
