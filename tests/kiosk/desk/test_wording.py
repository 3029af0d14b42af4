"""What a staff desk says: error texts, procedure titles, the call-next message, the
actions' messages, the corrections' refusals (no Qt; real catalogue, real checks)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from forms.catalogue import load_catalogue
from forms.checks import Issue
from i18n import translator
from kiosk.desk import files, wording
from kiosk.desk.actions import ACTIONS
from kiosk.desk.editing import refusal
from kiosk.store import (
    DatabaseUnavailable,
    ProceduresPending,
    StaleApplication,
    Store,
    ValidationFailed,
)
from tests.clock import pinned_clock
from tests.kiosk.desk.helpers import detail, row
from tests.ui.staff.seed import family

JA, EN = translator("ja"), translator("en")


def titles(pid: str) -> str:
    return {"juminhyo": "住民異動届", "kokuho": "国民健康保険"}.get(pid, pid)


def test_error_texts() -> None:
    pending = ProceduresPending(pending=["juminhyo", "kokuho"])
    assert wording.error_text(pending, JA, titles) == (
        "まだ終わっていない手続があります：住民異動届、国民健康保険"
    )
    assert "juminhyo" not in wording.error_text(pending, EN, titles)  # titles, never ids
    assert wording.error_text(DatabaseUnavailable(), JA, titles) == JA("store.unavailable")
    assert wording.error_text(StaleApplication(), JA, titles) == JA(StaleApplication.key)
    issues = [
        Issue("applicant.birth_date", "date_in_future", "forms.check.date_in_future"),
        Issue("move.date", "date_in_future", "forms.check.date_in_future"),
    ]
    text = wording.error_text(ValidationFailed(issues), JA, titles)
    assert text.splitlines() == [JA("forms.check.date_in_future")] * 2
    assert text != "forms.check.date_in_future\nforms.check.date_in_future"  # translated


def test_an_unexpected_error_names_its_kind_and_is_logged(caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="kiosk.desk.wording"):
        text = wording.error_text(KeyError("x"), EN, titles)
    assert "KeyError" in text and text == EN("staff.error.unexpected", detail="KeyError")
    assert caplog.records


def test_procedure_titles_in_the_desk_language() -> None:
    catalogue = load_catalogue()
    pid, known = next(iter(catalogue.procedures.items()))
    assert wording.procedure_title(catalogue, "en", EN, pid, "") == known.title["en"]
    assert wording.procedure_title(catalogue, "ja", JA, pid, "別") == known.title["ja"]
    # Begun under an older catalogue: the stored Japanese title, else "unknown".
    assert wording.procedure_title(catalogue, "en", EN, "gone", "旧手続") == "旧手続"
    assert wording.procedure_title(catalogue, "ja", JA, "gone", "") == JA("staff.procedure.unknown")


def test_call_next_says_the_numbers_already_held() -> None:
    assert wording.called(JA, "A-3", "2番窓口", []) == "A-3 を 2番窓口 に呼び出しました。"
    text = wording.called(JA, "A-3", "2番窓口", ["A-1", "A-2"])
    assert text.splitlines()[1] == "ほかにも対応中の受付があります：A-1、A-2"


def test_procedure_messages_differ_for_done_and_undone() -> None:
    assert wording.procedure_refused(JA, "住民異動届", True, "x") != wording.procedure_refused(
        JA, "住民異動届", False, "x"
    )
    assert "住民異動届" in wording.handoff_done(JA, "住民異動届", True)
    assert wording.handoff_done(JA, "t", True) != wording.handoff_done(JA, "t", False)


def test_every_action_is_a_store_method_with_translated_messages() -> None:
    for name, action in ACTIONS.items():
        assert callable(getattr(Store, name)), name
        if action.done_key:
            for tr in (JA, EN):
                assert tr(action.done_key, number="A-1") != action.done_key
    assert ACTIONS["start_review"].done_key is None  # the state shows it
    assert {a.focus for a in ACTIONS.values()} == {"called", "review", "closed"}


def test_account_lock_changes() -> None:
    assert files.lock_change(True) == ({"active": False}, "staff.accounts.locked")
    assert files.lock_change(False) == (
        {"active": True, "unlock": True},
        "staff.accounts.unlocked",
    )
    assert files.pdf_name(row("0123456789abcdef")) == "A-0123456789abcdef_01234567.pdf"


def test_statistics_csv_has_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "stats.csv"
    assert files.write_stats([], path) == str(path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.fixture(scope="module")
def moving_in():
    catalogue = load_catalogue()
    clock = pinned_clock()
    data = family()
    del data["move"]["date"]  # an error the application already has
    form_ids = tuple(catalogue.forms_for(data["event"], data, clock.today()))
    summary = row(submitted_at=clock.now())
    return catalogue, clock, detail(summary, data, form_ids=form_ids)


def test_an_edit_is_refused_with_the_checks_words(moving_in) -> None:
    catalogue, clock, app = moving_in
    refused = refusal(catalogue, app, {"applicant.birth_date": "1988-02-30"}, clock, JA)
    assert len(refused) == 1 and "生年月日" in refused[0]
    # The error already there (no move date) does not block correcting something else.
    assert refusal(catalogue, app, {"applicant.name": "吉田 花子"}, clock, JA) == []
    # Editing that field itself must leave it without error.
    assert refusal(catalogue, app, {"move.date": ""}, clock, JA)
