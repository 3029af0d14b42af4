"""Moving in from abroad on the kiosk: the 前住所 screen offers a country in place of a
Japanese address (on a 転入 only), then asks the address there; a foreign family's
在留カード facts are asked person by person and printed on the 別紙."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk.scenario import Scenario, Step, load_scenario
from tests.clock import TEST_DAY
from tests.support.scenarios import to_question
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.screens.inputs.places import CountryPage

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
FAMILY = load_scenario(SCENARIOS / "foreign_family_from_abroad.yaml")
CERTIFICATES = load_scenario(SCENARIOS / "event_certificates_no_card.yaml")


def up_to(scenario: Scenario, key: str, locale: str) -> Scenario:
    steps = [Step.model_validate(s) for s in to_question(scenario, key)]
    return scenario.model_copy(update={"steps": steps, "locale": locale, "today": TEST_DAY})


def click(qtbot, screen, name: str) -> None:  # type: ignore[no-untyped-def]
    buttons = [b for b in screen.findChildren(QAbstractButton, name) if b.isVisible()]
    assert buttons, f"no visible {name}"
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)


def test_the_previous_address_screen_offers_the_country_abroad(
    qapp, qtbot, kiosk_config, artifact_dir
) -> None:
    with scenario_kiosk(up_to(FAMILY, "applicant.address", "ja"), artifact_dir,
                        kiosk_config) as run:  # fmt: skip
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert screen.instead.isVisible()
        assert screen.instead.text() == "外国から引っ越してきた方：住んでいた国・地域を選ぶ"
        click(qtbot, screen, "answer_instead")
        assert screen.inputs.currentWidget() is screen.pages[CountryPage]
        screen.grab().save(str(artifact_dir / "abroad_countries.png"))
        click(qtbot, screen, "country_VN")
        data = run.kiosk.controller.session.data
        assert data["previous_address"]["country"] == "VN"
        assert data["applicant"]["address"] == ""
        assert run.kiosk.controller.session.screen_id == "question:previous_address.abroad"
        assert run.kiosk.controller.display_value("applicant.address") == "ベトナム"


def test_other_events_ask_the_address_without_the_country(
    qapp, kiosk_config, artifact_dir
) -> None:
    with scenario_kiosk(up_to(CERTIFICATES, "applicant.address", "ja"), artifact_dir,
                        kiosk_config) as run:  # fmt: skip
        summary = run.runner.run()
        assert summary.completed, summary.errors
        assert not run.kiosk.window.current_screen().instead.isVisible()


def test_a_foreign_family_from_abroad_reaches_the_end_with_its_sheet(
    qapp, kiosk_config, artifact_dir
) -> None:
    with scenario_kiosk(FAMILY, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        asked = [s.removeprefix("question:") for s in summary.screens]
        for key in ("residence.card_number", "household.members[0].residence_card_number",
                    "children[0].residence_expiry", "previous_address.abroad"):  # fmt: skip
            assert key in asked, key
        assert "registry.head" not in asked and "applicant.address" in asked
    text = subprocess.run(["pdftotext", "-layout", str(artifact_dir / summary.pdf), "-"],
                          check=True, capture_output=True, text=True).stdout  # fmt: skip
    assert "住民異動届 別紙（外国人住民）" in text
    for card in ("AB12345678CD", "CD87654321EF", "GH11223344IJ"):
        assert card in text
    assert "12 NGUYEN TRAI THANH XUAN HA NOI" in text  # the Latin keys are capitals


def test_a_family_member_s_card_question_names_the_member(
    qapp, kiosk_config, artifact_dir
) -> None:
    """Under 「ご家族（1人目）」 "この方" did not say whose card: the member's name as
    entered stands in its place, in every language (kiosk.question.person)."""
    key = "household.members[0].has_card"
    said = {"ja": "{name}さんはマイナンバーカードを持っていますか",
            "en": "Does {name} have a My Number Card",
            "ko": "{name} 님께서는 마이넘버카드를"}  # fmt: skip
    unnamed = {"ja": "この方はマイナンバーカード", "en": "Does this person have",
               "ko": "이분께서는"}  # fmt: skip
    for locale, words in said.items():
        with scenario_kiosk(up_to(FAMILY, key, locale), artifact_dir, kiosk_config) as run:
            summary = run.runner.run()
            assert summary.completed, summary.errors
            screen = run.kiosk.window.current_screen()
            member = run.kiosk.controller.session.data["household"]["members"][0]
            assert member["name"]
            assert words.format(name=member["name"]) in screen.title.text(), locale
            screen.grab().save(str(artifact_dir / f"member_card_{locale}.png"))
            # A member not named (yet): "this person", never the placeholder.
            member["name"] = ""
            screen.refresh()
            assert unnamed[locale] in screen.title.text(), screen.title.text()
