"""Bank and branch from the full Japanese bank list (zengin-code), through the real
widgets: the city's usual banks first, every other bank by kana row and first kana,
its branches the same way; the codes (金融機関コード 4 digits, 支店コード 3) printed
beside the names on the forms that pay into an account (read back with pdftotext
-bbox); a bank not in the list is typed and prints no code; a new bank asks the branch
again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from forms.catalogue import load_catalogue
from kiosk import banks
from kiosk.scenario import Scenario, Step, load_scenario
from tests.forms.pdfbox import text_in, value_box, words
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.screens.inputs.banks import BankListPage
from ui.kiosk.screens.inputs.typed import KeyboardPage
from ui.kiosk.screens.questions import QuestionScreen

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
FROM_THE_LIST = load_scenario(SCENARIOS / "bank_account_from_the_list.yaml")
CATALOGUE = load_catalogue()
#: The forms that ask for an account: every form printing the bank's name.
ACCOUNT_FORMS = sorted(
    f.id for f in CATALOGUE.forms.values() if any(x.key == "bank.name" for x in f.fields)
)


def until(question: str) -> list[Step]:
    """The bank scenario's steps up to the question `question`."""
    steps: list[Step] = []
    for step in FROM_THE_LIST.steps:
        if step.action == ("expect", f"question:{question}"):
            return [*steps, step]
        steps.append(step)
    raise AssertionError(question)


def scenario(name: str, steps: list[Step]) -> Scenario:
    return FROM_THE_LIST.model_copy(update={"name": name, "steps": steps})


def tap(screen: QuestionScreen, name: str) -> None:
    found = [b for b in screen.findChildren(QAbstractButton, name) if b.isVisible()]
    assert len(found) == 1, name
    QTest.mouseClick(found[0], Qt.MouseButton.LeftButton)


def settle(qapp) -> None:  # type: ignore[no-untyped-def]
    """Let the layout take the new buttons before a picture is taken."""
    for _ in range(5):
        qapp.processEvents()


def printed_boxes(pdf: bytes, form_id: str, keys: list[str]) -> dict[str, str]:
    """The values in `keys`' boxes on the batch page that holds `form_id` (found by the
    bank's name in its box: the batch has a cover and other forms before it)."""
    fields = {f.key: f for f in CATALOGUE.forms[form_id].fields if f.key in keys}
    found = words(pdf)
    pages = sorted({w.page for w in found})
    name = fields["bank.name"]
    for page in pages:
        if text_in(found, page, value_box(name.box, name.label_width)):
            return {
                k: text_in(found, page, value_box(f.box, f.label_width)) for k, f in fields.items()
            }
    raise AssertionError(f"{form_id}: no page shows a bank name")


def test_the_account_forms_have_boxes_for_both_codes() -> None:
    assert ACCOUNT_FORMS == ["jidoteate_nintei", "kokuho_sosaihi", "kouki_sosaihi"]
    for form_id in ACCOUNT_FORMS:
        keys = {f.key for f in CATALOGUE.forms[form_id].fields}
        assert {"bank.code", "bank.branch_code"} <= keys, form_id


def test_a_bank_and_branch_from_the_list_print_with_their_codes(
    qapp, kiosk_config, artifact_dir
) -> None:
    """The scenario: 静岡銀行 (さ → シ), 葵町 (ア), holder same as the applicant."""
    with scenario_kiosk(FROM_THE_LIST, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        assert summary.unreachable == []
    pdf = (artifact_dir / "application.pdf").read_bytes()
    keys = ["bank.name", "bank.code", "bank.branch", "bank.branch_code", "bank.holder_kana"]
    # A 86-year-old's funeral: 後期高齢者医療 pays it (kouki_sosaihi).
    boxes = printed_boxes(pdf, "kouki_sosaihi", keys)
    assert boxes == {
        "bank.name": "静岡銀行",
        "bank.code": "0149",
        "bank.branch": "葵町",
        "bank.branch_code": "388",
        "bank.holder_kana": "ミホンハナコ",  # "same as you": the card's 見本　花子
    }


def test_the_usual_banks_come_first_and_every_bank_is_found_by_kana(
    qapp, kiosk_config, artifact_dir
) -> None:
    from dataclasses import replace

    # A city puts its own regional bank first.
    config = replace(kiosk_config, banks_first="0149,0001,9900")
    with scenario_kiosk(scenario("to the bank", until("bank.name")), artifact_dir, config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen)
        assert isinstance(screen.page, BankListPage)
        listed = screen.page.code_list
        assert [b.text() for b in listed.buttons.values()] == [
            "静岡銀行",
            "みずほ銀行",
            "ゆうちょ銀行",
        ]
        settle(qapp)
        screen.grab().save(str(artifact_dir / "banks_first.png"))
        # The rows of the 50-on table, then a row's first kana: each letter lists its banks.
        tap(screen, "list_row_か")
        assert listed.initial == "カ"
        tap(screen, "list_initial_キ")
        names = [b.text() for b in listed.buttons.values()]
        expected = [e.name for e in banks.banks() if e.initial == "キ"]
        assert names == expected and "京都銀行" in names
        settle(qapp)
        screen.grab().save(str(artifact_dir / "banks_row_ka_ki.png"))
        # Every one of the 1,000-odd banks is three taps away at most.
        for entry in banks.banks()[::97]:
            assert len(listed.taps_for(entry)) <= 3, entry
        tap(screen, "list_0158")  # 京都銀行
        session = run.kiosk.controller.session
        assert session.data["bank"]["name"] == "京都銀行"
        assert session.data["bank"]["code"] == "0158"
        assert session.flow is not None and session.flow.current == "bank.branch"
        # Its branches, by kana too; a branch of another bank is not there.
        shown = {e.code for e in banks.branches("0158")}
        assert {e.code for e in listed.entries} == shown
        settle(qapp)
        screen.grab().save(str(artifact_dir / "branches.png"))


def test_a_bank_not_in_the_list_is_typed_and_prints_no_code(
    qapp, kiosk_config, artifact_dir
) -> None:
    steps = [
        *until("bank.name"),
        Step(tap="list_type"),
        Step(answer="ミドリギンコウ"),
        Step(expect="question:bank.branch"),
    ]
    with scenario_kiosk(scenario("typed bank", steps), artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen)
        session = run.kiosk.controller.session
        assert session.data["bank"]["name"] == "ミドリギンコウ"
        assert session.data["bank"].get("code") is None
        # Its branches cannot be listed: the branch is typed.
        assert type(screen.page) is KeyboardPage


def test_choosing_another_bank_asks_the_branch_again(qapp, kiosk_config, artifact_dir) -> None:
    steps = [
        *until("bank.name"),
        Step(tap="list_first"),
        Step(tap="list_0001"),  # みずほ銀行
        Step(tap="list_row_さ"),
        Step(tap="list_initial_シ"),
        Step(tap="list_240"),  # 新宿
        Step(expect="question:bank.account_type"),
        Step(tap="back"),
        Step(tap="back"),
        Step(expect="question:bank.name"),
        Step(tap="list_9900"),  # ゆうちょ銀行: its own branches
    ]
    with scenario_kiosk(scenario("another bank", steps), artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        session = run.kiosk.controller.session
        assert session.data["bank"]["code"] == "9900"
        assert session.data["bank"].get("branch") is None
        assert session.data["bank"].get("branch_code") is None
        assert session.flow is not None and session.flow.current == "bank.branch"
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen)
        assert isinstance(screen.page, BankListPage)
        assert {e.code for e in screen.page.code_list.entries} == {
            e.code for e in banks.branches("9900")
        }


@pytest.mark.parametrize("form_id", ["jidoteate_nintei", "kokuho_sosaihi", "kouki_sosaihi"])
def test_each_account_form_prints_the_codes_in_their_cells(form_id) -> None:
    from forms.render import render_form
    from tests.forms.samples import FULL, TODAY

    data = {**FULL, "bank": {**FULL["bank"], "name": "静岡銀行", "code": "0149",
                             "branch": "葵町", "branch_code": "388"}}  # fmt: skip
    pdf = render_form(CATALOGUE, data, form_id, today=TODAY).pdf
    fields = {f.key: f for f in CATALOGUE.forms[form_id].fields}
    found = words(pdf)
    for key, value in [("bank.name", "静岡銀行"), ("bank.code", "0149"),
                       ("bank.branch", "葵町"), ("bank.branch_code", "388")]:  # fmt: skip
        f = fields[key]
        assert text_in(found, f.page, value_box(f.box, f.label_width)) == value, (form_id, key)
