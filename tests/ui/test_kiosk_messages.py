"""Humane messages: the wrong-PIN and blocked-card messages (and every other notice)
fit their box at every text size in every language, measured with the font's own
metrics on the real screens; the tries left are said once, not twice in two styles."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel

from i18n import available_locales
from kiosk.scenario import Scenario, Step
from kiosk.session import Notice, Screen
from tests.clock import TEST_DAY
from ui.kiosk.run_script import scenario_kiosk
from ui.theme import TextSize

CARD = {"name": "見本　次郎", "address": "東京都千代田区千代田1番1号", "birth_date": "19700101"}
TO_PIN = [Step(tap="event_moving_in"), Step(insert_card=True), Step(wait="pin")]
#: Every message the resident can be shown on a screen, with parameters to fill in.
NOTICES = [
    ("card.pin_incorrect", "error"),
    ("card.pin_incorrect", "warning"),
    ("card.pin_blocked", "error"),
    ("card.not_my_number_card", "error"),
    ("card.no_reader", "error"),
    ("card.service_unavailable", "error"),
    ("card.removed", "error"),
    ("card.communication_error", "error"),
    ("card.timeout", "error"),
    ("kiosk.pin.last_try", "warning"),
    ("kiosk.take_card.staff_called", "warning"),
    ("kiosk.done.spooled", "warning"),
    ("kiosk.done.print_failed", "warning"),
]
PARAMS = {"tries_left": 2, "reference": "S-20261125-0001"}


def fits(label: QLabel) -> str | None:
    """None when the label's whole text shows inside its box; else what is cut."""
    box = label.contentsRect()
    margin = label.margin()
    box = box.adjusted(margin, margin, -margin, -margin)
    metrics = QFontMetrics(label.font())
    flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
    needed = metrics.boundingRect(0, 0, box.width(), 100000, flags, label.text())
    if needed.height() > box.height() or needed.width() > box.width():
        return f"text {needed.width()}x{needed.height()} in a box of {box.width()}x{box.height()}"
    if label.height() < label.heightForWidth(label.width()):
        return (
            f"label {label.height()} px high, its text needs {label.heightForWidth(label.width())}"
        )
    return None


@pytest.mark.parametrize("low", [False, True], ids=["standard_layout", "low_layout"])
@pytest.mark.parametrize("screen_id", ["pin", "card_problem", "card_insert"])
def test_every_notice_fits_its_box_at_every_size_and_language(
    screen_id, low, qapp, kiosk_config, artifact_dir
) -> None:
    card = {**CARD, "pin": "1234", "blocked": screen_id == "card_problem"}
    steps = [Step(tap="event_moving_in"), Step(insert_card=True), Step(wait=screen_id)]
    if screen_id == "card_insert":  # "place your card": where a card pulled mid-read lands
        card = None
        steps = [Step(tap="event_moving_in"), Step(tap="card_use"), Step(wait=screen_id)]
    scenario = Scenario(today=TEST_DAY, name=f"notices on {screen_id}", card=card, steps=steps)
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        controller, window = run.kiosk.controller, run.kiosk.window
        session = controller.session
        if low:
            controller.toggle_low_layout()
        problems = []
        for size in TextSize:
            controller.set_text_size(size)
            for locale in available_locales():
                session.set_locale(locale)
                for key, severity in NOTICES:
                    session.tell_once(Notice(key, PARAMS, severity))
                    for _ in range(3):
                        QApplication.processEvents()
                    label = window.current_screen().notice
                    assert label.isVisible() and label.text()
                    cut = fits(label)
                    if cut:
                        problems.append(f"{size.value} {locale} {key}: {cut}")
                        if len(problems) == 1:
                            window.grab().save(str(artifact_dir / "first_cut_notice.png"))
        assert session.screen == Screen(screen_id)
        assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_the_tries_left_are_said_once(locale, qapp, kiosk_config, artifact_dir) -> None:
    scenario = Scenario(
        today=TEST_DAY,
        name="wrong PIN",
        locale=locale,
        card={**CARD, "pin": "4321"},
        steps=[
            *TO_PIN,
            Step(type="1234"),
            Step(wait="pin"),
            Step(expect_notice="card.pin_incorrect"),
        ],
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        saying = [
            label.text()
            for label in screen.findChildren(QLabel)
            if label.isVisible() and re.search(r"(?<!\d)2(?!\d)", label.text())
        ]
        assert len(saying) == 1, saying
        # Exactly one try was used by the wrong PIN.
        assert run.kiosk.controller.session.pin_tries_left == 2


def test_a_notice_arriving_with_its_screen_fits_inside_its_padding(
    qapp, kiosk_config, artifact_dir
) -> None:
    """The card pulled out mid-read: the resident is sent back to "place your card"
    with the notice set as that screen appears (before, the box kept one line's height
    and no padding, and the second line ran over the border)."""
    from kiosk.scenario import load_scenario
    from tests.ui.test_kiosk_reach import SCENARIOS

    scenario = load_scenario(SCENARIOS / "card_removed_mid_read.yaml")
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        label = run.kiosk.window.current_screen().notice
        assert label.isVisible() and label.text()
        assert fits(label) is None, fits(label)
        inset = label.contentsRect()
        assert inset.left() >= 14 and label.width() - inset.right() >= 14  # border + padding
