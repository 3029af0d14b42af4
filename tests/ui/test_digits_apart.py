"""At the larger text sizes a keyboard's digits (with 丁目 番 号) and its letters are a
key apart, the digits first (KanaKeyboardWidget.set_digits_apart): one under the other
they ran below the fold on a 番地's screen. Addresses are typed with the keys on screen,
and the scripted taps go between the two as a resident would."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_latin_keyboard import tap_all
from ui.widgets.kana_keyboard import KanaKeyboardWidget, text_taps

ADDRESSES = ["1丁目3番20号", "2-5\u3000ハイツ302", "ホンゴウ1234", "ドリームタワー\u3000ヒガシ1203", "3-2-1"]


@pytest.mark.parametrize("address", ADDRESSES)
def test_an_address_is_typed_across_the_digits_and_the_letters(address, qtbot) -> None:
    keyboard = KanaKeyboardWidget()
    qtbot.addWidget(keyboard)
    keyboard.set_digits_apart(True)
    keyboard.show()
    assert keyboard.digits_view() == "shown"
    assert keyboard.number_row.isVisible() and not keyboard.pages.isVisible()
    taps = text_taps(address, alphabet=False, digits=keyboard.digits_view())
    tap_all(qtbot, keyboard, taps)
    assert keyboard.text == address
    # Only where the text goes from digits to letters or back: one tap each time (the
    # space is a control, in sight with either).
    sides = ["digits", *(_side(ch) for ch in address if ch != "\u3000")]
    assert taps.count("kb_digits") == sum(1 for a, b in itertools.pairwise(sides) if a != b)


def _side(ch: str) -> str:
    return "digits" if ch.isdigit() or ch in "-丁目番号" else "letters"


def test_the_letters_a_tap_away_and_back(qtbot) -> None:
    keyboard = KanaKeyboardWidget()
    qtbot.addWidget(keyboard)
    keyboard.set_digits_apart(True)
    keyboard.show()
    key = keyboard.digits_key
    assert key.isVisible() and key.text() == "カナ"
    for mark in (keyboard.dakuten, keyboard.small, keyboard.mode):
        assert not mark.isVisible()  # nothing to mark on the digits
    qtbot.mouseClick(key, Qt.MouseButton.LeftButton)
    assert keyboard.digits_view() == "hidden"
    assert keyboard.pages.isVisible() and not keyboard.number_row.isVisible()
    assert key.text() == "123" and keyboard.dakuten.isVisible()
    qtbot.mouseClick(key, Qt.MouseButton.LeftButton)
    assert keyboard.digits_view() == "shown"


def test_together_there_is_no_key_between_them(qtbot) -> None:
    keyboard = KanaKeyboardWidget()
    qtbot.addWidget(keyboard)
    keyboard.show()
    assert keyboard.digits_view() == "row" and not keyboard.digits_key.isVisible()
    assert "kb_digits" not in text_taps("2-5\u3000ハイツ302", alphabet=False)
    # No digits at all (a reading): apart or not, nothing to go between.
    keyboard.show_digits(False)
    keyboard.set_digits_apart(True)
    assert keyboard.digits_view() == "row" and keyboard.pages.isVisible()
