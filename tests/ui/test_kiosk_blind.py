"""A blind resident moves in with a card, by keyboard/keypad and ears alone.

The script presses real keys (pytest-qt key events to whatever has the focus: Tab,
Enter, digits, letters, the * key) and never clicks, never looks at a widget: what it
knows of the kiosk is what the speech recorder heard. It waits to hear each screen's
heading, Tabs until it hears the control it wants named, and presses Enter. What it
is told beforehand is what a resident would be: the * key turns read-aloud on (the
kiosk's tactile sign), the answers to give, and the questions' wording (from the
catalogue, in the resident's language). The card is put on and taken off the reader
as hands would.

Checked on the way: every screen is announced heading first; every control the focus
lands on is named (no silent stops); a chosen choice says that it is chosen; PIN
digits are never said; the reception number is said at the end.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from forms.data import dictionary_key
from kiosk.scenario import load_scenario
from ui.kiosk.run_script import scenario_kiosk

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = load_scenario(ROOT / "tests" / "scenarios" / "moving_in_card.yaml")
#: A bound for a saturated machine; the script waits for what it hears, not for time.
HEAR_MS = 60_000
#: More Tabs than any screen has controls: a phrase not heard by then is not there.
MAX_TABS = 80
PIN = "1234"
PHONE = "090-1234-5678"


@dataclass
class Ears:
    """The speech engine as a recorder: what was said, in order."""

    said: list[str] = field(default_factory=list)
    locale: str = ""

    def say(self, text: str, locale: str, *, queue: bool = False) -> None:
        self.said.append(text)
        self.locale = locale

    def stop(self) -> None:
        pass


class BlindResident:
    """Keys in, speech out: the only way this resident uses the kiosk."""

    def __init__(self, qtbot: Any, window: Any, ears: Ears) -> None:
        self.qtbot, self.window, self.ears = qtbot, window, ears
        self.heard_from = 0  # what was said before the last action is old news
        self.headings: list[str] = []
        self.silent_stops: list[str] = []

    # -- hands -------------------------------------------------------------------------
    def key(self, key: Qt.Key, text: str = "") -> None:
        target = QApplication.focusWidget() or self.window
        self.heard_from = len(self.ears.said)
        if text:
            self.qtbot.keyClicks(target, text)
        else:
            self.qtbot.keyClick(target, key)

    def type(self, text: str) -> None:
        """Characters typed on the physical keyboard or keypad."""
        for ch in text:
            self.key(Qt.Key.Key_unknown, ch)

    # -- ears --------------------------------------------------------------------------
    def new(self) -> list[str]:
        return self.ears.said[self.heard_from :]

    def hear(self, phrase: str) -> str:
        """Wait until the kiosk says something with `phrase` in it; that utterance."""

        def said() -> bool:
            return any(phrase in t for t in self.new())

        try:
            self.qtbot.waitUntil(said, timeout=HEAR_MS)
        except AssertionError:
            raise AssertionError(f"never heard {phrase!r}; heard {self.new()}") from None
        return next(t for t in self.new() if phrase in t)

    def screen(self, heading: str) -> str:
        """A new screen: its heading must be the first thing said of it."""
        text = self.hear(heading)
        assert text.startswith(heading), f"heading not first: {text[:80]!r}"
        self.headings.append(heading)
        return text

    def tab_to(self, name: str) -> None:
        """Tab until the control named `name` has the focus (by what is said)."""
        heard: list[str] = []
        for _ in range(MAX_TABS):
            before = len(self.ears.said)
            self.key(Qt.Key.Key_Tab)
            said = self.ears.said[before:]
            if not said:
                focused = QApplication.focusWidget()  # only to report the defect
                self.silent_stops.append(focused.objectName() if focused else "?")
                continue
            heard.append(said[-1])
            if said[-1] == name or said[-1].split("、")[0] == name:
                return
        raise AssertionError(f"no control {name!r} in the Tab order; heard {heard}")

    def choose(self, name: str) -> None:
        self.tab_to(name)
        self.key(Qt.Key.Key_Return)


def _question(controller: Any, key: str) -> str:
    spec = controller.catalogue.dictionary[dictionary_key(key)]
    if spec.widget == "town_list":  # the screen's words are its town list's
        address = controller.catalogue.dictionary[dictionary_key(key).rsplit(".", 1)[0] + ".address"]
        return controller.translator("kiosk.postal.town_question",
                                     address=controller.text_of(address.label))  # fmt: skip
    return controller.text_of(spec.question or spec.label)


def test_a_blind_resident_moves_in_with_keys_and_speech_alone(
    qapp, qtbot, kiosk_config, artifact_dir
) -> None:
    # The platform the run asked for (offscreen, or xcb on Xvfb below) is the one used.
    assert qapp.platformName() == os.environ.get("QT_QPA_PLATFORM", "offscreen")
    scenario = SCENARIO.model_copy(update={"steps": []})
    with scenario_kiosk(scenario, artifact_dir, kiosk_config, screenshots=False) as run:
        window, controller = run.kiosk.window, run.kiosk.controller
        ears = Ears()
        window.speaker.engine = ears
        tr = controller.translator
        you = BlindResident(qtbot, window, ears)
        # The kiosk's window has the keyboard, as the only window of its session (cage).
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=HEAR_MS)

        you.key(Qt.Key.Key_Asterisk)  # the tactile sign: ＊ reads aloud
        welcome = you.screen(tr("kiosk.attract.title"))
        assert tr("kiosk.attract.welcome").rstrip("。") in welcome
        you.choose("引っ越してきた（転入）")

        you.screen(tr("kiosk.card_choice.title"))
        you.choose(tr("kiosk.card_choice.use"))
        you.screen(tr("kiosk.card_insert.title"))
        run.runner.hooks.insert_card()  # hands put the card on the reader

        pin_screen = you.screen(tr("kiosk.pin.title"))
        assert tr("kiosk.speech.keypad").rstrip("。") in pin_screen
        pin_from = len(ears.said)
        you.type(PIN)
        confirm = you.screen(tr("kiosk.card_confirm.title"))
        # The name's reading is said with the card's data: confirmed with it.
        assert "ミホン　ハナコ" in confirm, confirm
        during_pin = ears.said[pin_from:]
        for digit in PIN:  # not one PIN digit said, alone or as a key's name
            assert not [t for t in during_pin if t.strip() == digit], during_pin
        for count in range(1, len(PIN)):  # how many digits are in, each time, never which
            assert tr("kiosk.pin.entered", count=count) in during_pin, during_pin
        you.choose(tr("kiosk.card_confirm.ok"))

        # The questions: the resident hears one, answers it, and waits for the next.
        ok, skip = tr("kiosk.question.ok"), tr("kiosk.question.skip")
        echoed: dict[str, list[str]] = {}
        for key, *actions in (
            ("household.has_children", ("choose", tr("common.no"))),
            ("insurance.kind", ("choose", "勤め先の健康保険（社会保険）")),
            ("pets.has_dog", ("choose", tr("common.no"))),
            # With its hyphens: - types on the phone's keypad (it does not move back).
            ("applicant.phone", ("type", PHONE), ("choose", ok)),
            ("move.date", ("choose", "11/20")),
            (
                "new_address.postal_code",
                ("choose", tr("kiosk.postal.by_code")),
                ("type", "1000001"),
                ("choose", ok),
            ),
            (
                "new_address.banchi",
                ("tab_to", tr("kiosk.speech.keyboard")),
                ("type", "1-1"),
                ("choose", ok),
            ),
            ("new_address.building", ("choose", skip)),  # a house: no building
            ("registry.domicile", ("choose", "大阪府大阪市北区中之島1丁目3番20号")),
            ("registry.head", ("choose", skip)),
            ("household.applicant_is_head", ("choose", tr("common.yes"))),
            ("previous_head.same", ("choose", tr("common.yes"))),
            ("household.member_count", ("choose", "0")),
        ):
            heard = you.screen(_question(controller, key))
            if key == "move.date":
                # The calendar is said once with how to move in it, not its 30 days.
                assert tr("kiosk.speech.calendar").rstrip("。.") in heard, heard
                assert "11/2、" not in heard and "11/30" not in heard, heard
            for verb, what in actions:
                start = len(ears.said)
                getattr(you, verb)(what)
                if verb == "type":
                    echoed[key] = ears.said[start:]

        review = you.screen(tr("kiosk.review.title"))
        # What was typed blind is read back before sending.
        for typed in (PHONE, "〒100-0001", "1-1", "ミホン　ハナコ", "令和8年11月20日"):
            assert typed in review, (typed, review[200:])
        you.choose(tr("kiosk.review.submit"))
        you.screen(tr("kiosk.take_card.title"))
        run.runner.hooks.remove_card()
        done = you.screen(tr("kiosk.done.title"))
        (artifact_dir / "heard.txt").write_text("\n".join(ears.said), encoding="utf-8")
    assert "A-001" in done, done  # the reception number is said
    # Each character typed was said back as it went in (PIN digits never: above).
    assert echoed["applicant.phone"] == list(PHONE), echoed
    assert echoed["new_address.banchi"] == list("1-1"), echoed
    assert you.silent_stops == [], you.silent_stops


def test_the_blind_run_passes_on_a_real_x_display(xvfb, tmp_path: Path) -> None:
    """The same run through Qt's xcb plugin on Xvfb (focus and activation as a real
    display does them), in a fresh interpreter: this process is offscreen."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.update(xvfb.env())
    test = "test_a_blind_resident_moves_in_with_keys_and_speech_alone"
    node = f"{Path(__file__).relative_to(ROOT)}::{test}"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", node, "-q", "-p", "no:cacheprovider",
         "--basetemp", str(tmp_path / "inner")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout


def test_the_calendar_moves_by_arrow_and_page_keys(qtbot) -> None:
    """A blind resident moves the focus day by day (←→), week by week (↑↓) and month
    by month (Page Up / Down); never onto a day that cannot be chosen."""
    from datetime import date

    from ui.widgets.calendar import CalendarWidget

    cal = CalendarWidget(date(2026, 11, 25))
    qtbot.addWidget(cal)
    cal.reset(None, latest=date(2026, 11, 25))
    cal.show()
    cal.activateWindow()
    qtbot.waitUntil(cal.isActiveWindow, timeout=HEAR_MS)

    def focused_day() -> date | None:
        focused = QApplication.focusWidget()
        return next((d for d, b in cal.days.items() if b is focused), None)

    def press(key: Qt.Key, expected: date) -> None:
        qtbot.keyClick(cal.days[focused_day()], key)  # type: ignore[index]
        qtbot.waitUntil(lambda: focused_day() == expected, timeout=HEAR_MS)

    cal.days[date(2026, 11, 20)].setFocus()
    qtbot.waitUntil(lambda: focused_day() == date(2026, 11, 20), timeout=HEAR_MS)
    press(Qt.Key.Key_Right, date(2026, 11, 21))
    press(Qt.Key.Key_Left, date(2026, 11, 20))
    press(Qt.Key.Key_Up, date(2026, 11, 13))
    press(Qt.Key.Key_Down, date(2026, 11, 20))
    press(Qt.Key.Key_PageUp, date(2026, 10, 20))  # October now shows
    assert cal.month == date(2026, 10, 1)
    press(Qt.Key.Key_Right, date(2026, 10, 21))
    cal.days[date(2026, 10, 31)].setFocus()
    press(Qt.Key.Key_Right, date(2026, 11, 1))  # over the month's end
    press(Qt.Key.Key_PageDown, date(2026, 11, 1))  # 12/1 is after the latest day: stays
    press(Qt.Key.Key_Down, date(2026, 11, 8))
