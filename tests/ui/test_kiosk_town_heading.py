"""The town list's heading says what its screen asks (issue 12: 「新しい住所の郵便番号を
教えてください」 stood over a list of towns); the postal code keypad, a tap away, has
the question's own words — through the real widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from kiosk.scenario import Scenario, Step, load_scenario
from tests.clock import TEST_DAY
from tests.support.scenarios import to_question
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.screens.questions import QuestionScreen

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def to_postal_code(locale: str) -> Scenario:
    moving_in = load_scenario(SCENARIOS / "event_moving_in_no_card.yaml")
    steps = [Step.model_validate(s) for s in to_question(moving_in, "new_address.postal_code")]
    return Scenario(today=TEST_DAY, name="to the town list", locale=locale, steps=steps)


def test_the_town_list_is_headed_by_towns_and_the_keypad_by_the_postal_code(
    qapp, kiosk_config, artifact_dir
) -> None:
    locale = "ja"
    with scenario_kiosk(to_postal_code(locale), artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen)
        controller = run.kiosk.controller
        tr, field = controller.translator, screen.field("new_address.postal_code")
        address = controller.text_of(screen.field("new_address.address").label)
        assert screen.title.text() == tr("kiosk.postal.town_question", address=address)
        assert screen.help.text().startswith(tr("kiosk.postal.town_help"))
        assert controller.text_of(field.question) not in screen.title.text()
        screen.grab().save(str(artifact_dir / f"towns_{locale}.png"))
        keypad = [b for b in screen.findChildren(QAbstractButton, "postal_keypad")
                  if b.isVisible()]  # fmt: skip
        QTest.mouseClick(keypad[0], Qt.MouseButton.LeftButton)
        run.runner._settle()
        assert screen.title.text() == controller.text_of(field.question)
        assert screen.help.text().startswith(controller.text_of(field.help))
        screen.grab().save(str(artifact_dir / f"postal_keypad_{locale}.png"))


def test_the_city_s_towns_are_drawn_once_for_every_resident(
    qapp, kiosk_config, artifact_dir
) -> None:
    """The same towns in the same row are the same buttons on the next question (they
    were built again for each resident); another row draws its own."""
    from ui.kiosk.screens.inputs.places import TownsPage

    with scenario_kiosk(to_postal_code("ja"), artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen)
        page = screen.pages[TownsPage]
        assert isinstance(page, TownsPage)

        def buttons() -> list[QAbstractButton]:
            layout = page.town_layout
            return [layout.itemAt(i).widget() for i in range(layout.count())]

        first = buttons()
        assert first and page.build(page.question)
        assert buttons() == first
        rows = sorted({b.objectName() for b in page.town_rows.items} - {f"town_row_{page.town_row}"})
        other = next(b for b in page.town_rows.items if b.objectName() == rows[0])
        other.click()
        assert buttons() and set(buttons()).isdisjoint(first)
