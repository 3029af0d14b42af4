"""Read-aloud: what each screen says, in reading order, for residents who cannot see it.

`screen_speech()` turns the screen as drawn into phrases: its texts and then its
controls by their accessible names, top to bottom, left to right. The digit keys of a
PIN pad are never spoken one by one (only that there is a keypad): a bystander must
not hear which key is where being read out as the resident presses it. `Speaker` says
the phrases through Qt's offline text-to-speech (QtTextToSpeech, from PySide6-Addons:
speech-dispatcher on Linux, SAPI on Windows) where it is installed; tests give a
recorder instead.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from i18n.ruby import plain
from kiosk.session import Screen

log = logging.getLogger(__name__)

#: Screens whose keypad takes a PIN: its keys are not spoken.
PIN_SCREENS = frozenset({Screen.PIN, Screen.STAFF_PIN})


class Engine(Protocol):
    def say(self, text: str, locale: str) -> None: ...


def screen_speech(screen: Any, keypad_phrase: str) -> list[str]:
    """The phrases of `screen` (a ScreenWidget) as a resident would hear them."""
    found: list[tuple[int, int, str]] = []
    pin_pad = screen.screen in PIN_SCREENS
    said_keypad = False
    for widget in screen.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QLabel | QAbstractButton):
            continue
        if isinstance(widget, QLabel) and isinstance(widget.parentWidget(), QAbstractButton):
            continue  # a label drawn inside a button: the button says it
        where = widget.mapTo(screen, QPoint(0, 0))
        if (
            pin_pad
            and isinstance(widget, QAbstractButton)
            and widget.objectName().startswith("key_")
        ):
            if not said_keypad:
                found.append((where.y(), where.x(), keypad_phrase))
                said_keypad = True
            continue
        phrase = widget.accessibleName().strip() or (
            widget.text().strip() if isinstance(widget, QLabel) else ""
        )
        if phrase and not phrase.strip("●○　 "):
            continue  # PIN dots drawn as symbols: their accessible name says the count
        if phrase:
            found.append((where.y(), where.x(), phrase))
    found.sort()
    phrases: list[str] = []
    for _, _, phrase in found:
        if phrase not in phrases:
            phrases.append(phrase)
    return phrases


def phrase_separator(locale: str) -> str:
    """A pause between phrases, as the language writes it."""
    # The language without territory, script or variety (pt_BR, zh_Hans, ja@easy).
    return "。" if locale.split("_")[0].split("@")[0] in ("ja", "zh") else ". "


class QtSpeechEngine:
    """QtTextToSpeech where installed; otherwise says once that it cannot speak."""

    def __init__(self) -> None:
        self._tts: Any = None
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech  # type: ignore[import-not-found]
        except ImportError:
            log.warning("read-aloud: no speech engine (install PySide6-Addons)")
            return
        self._tts = QTextToSpeech()

    @property
    def available(self) -> bool:
        return self._tts is not None

    def say(self, text: str, locale: str) -> None:
        if self._tts is None:
            return
        from PySide6.QtCore import QLocale

        self._tts.setLocale(QLocale(locale.replace("_", "-")))
        self._tts.say(text)


class Speaker:
    """Says each screen when it shows and each control when it gets the focus."""

    def __init__(self, engine: Engine | None = None) -> None:
        self.engine: Engine = engine or QtSpeechEngine()

    def say_screen(self, screen: Any, locale: str, keypad_phrase: str) -> None:
        # Texts written with readings (やさしい日本語) are said as they read: plain text.
        phrases = [p.rstrip("。.") for p in screen_speech(screen, plain(keypad_phrase))]
        self.engine.say(phrase_separator(locale).join(phrases), locale)

    def say_control(self, widget: QWidget, locale: str) -> None:
        if widget.objectName().startswith("key_"):
            return  # a PIN key pressed or focused is never named aloud
        name = plain(widget.accessibleName().strip())
        if name:
            self.engine.say(name, locale)
