"""Read-aloud: what each screen says, in reading order, for residents who cannot see it.

`screen_speech()` turns the screen as drawn into phrases: its texts and then its
controls by their accessible names, top to bottom, left to right. The digit keys of a
PIN pad are never spoken one by one (only that there is a keypad): a bystander must
not hear which key is where being read out as the resident presses it. `Speaker` says
the phrases through an `Engine`: `PlayingEngine` (our offline voices, kiosk/voices.py,
played by Qt Multimedia) in the kiosk, a recorder in tests.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from i18n.ruby import spoken
from kiosk.session import Screen
from kiosk.voices import Voice, Wave, voice_for
from ui.widgets.calendar import CalendarWidget
from ui.widgets.kana_keyboard import KanaKeyboardWidget as KanaKeyboard
from ui.widgets.keypad import KeypadWidget

log = logging.getLogger(__name__)

#: Screens whose keypad takes a PIN: its keys are not spoken.
PIN_SCREENS = frozenset({Screen.PIN, Screen.STAFF_PIN})


class Engine(Protocol):
    def say(self, text: str, locale: str, *, queue: bool = False) -> None:
        """Say `text` now, cutting off what is being said; with `queue`, after it."""

    def stop(self) -> None: ...


@dataclass(frozen=True)
class Words:
    """The kiosk's own words in read-aloud, in the resident's language."""

    keypad: str = "数字のボタンがあります"
    keyboard: str = "文字のボタンがあります"
    #: A month calendar: said once, not day by day, with how to move in it.
    calendar: str = "カレンダーです。矢印キーで日を、ページキーで月を動かせます"
    selected: str = "選択中"
    comma: str = "、"

    @classmethod
    def of(cls, tr: Callable[[str], str], locale: str) -> Words:
        return cls(
            keypad=tr("kiosk.speech.keypad"),
            keyboard=tr("kiosk.speech.keyboard"),
            calendar=tr("kiosk.speech.calendar"),
            selected=tr("kiosk.speech.selected"),
            comma="、" if locale.split("_")[0] in ("ja", "zh") else ", ",
        )


def _key_group(widget: QWidget, screen: QWidget) -> QWidget | None:
    """The keypad or keyboard a key belongs to (keys that never take the focus), the
    calendar a day or weekday belongs to (30 days read out are no help: the focused day
    is said as the arrow keys move)."""
    if widget.property("speech_grouped"):
        return calendar_of(widget)
    if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
        return None
    parent = widget.parentWidget()
    while parent is not None and parent is not screen:
        if isinstance(parent, KeypadWidget | KanaKeyboard):
            return parent
        parent = parent.parentWidget()
    return None


def screen_speech(screen: Any, words: Words | str) -> list[str]:
    """The phrases of `screen` (a ScreenWidget) as a resident would hear them: the
    heading first, then its texts and controls in reading order. The keys of a keypad
    or a keyboard are one phrase each (that the keys are there and the physical keys
    work too), never key by key; a PIN pad's keys are never named."""
    if isinstance(words, str):
        words = Words(keypad=words)
    found: list[tuple[int, int, int, str]] = []
    pin_pad = screen.shows in PIN_SCREENS
    groups_said: set[int] = set()
    for widget in screen.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QLabel | QAbstractButton):
            continue
        if isinstance(widget, QLabel) and isinstance(widget.parentWidget(), QAbstractButton):
            continue  # a label drawn inside a button: the button says it
        where = widget.mapTo(screen, QPoint(0, 0))
        first = 0 if widget is getattr(screen, "title", None) else 1
        grouped = isinstance(widget, QAbstractButton) or widget.property("speech_grouped")
        group = _key_group(widget, screen) if grouped else None
        if (
            pin_pad
            and isinstance(widget, QAbstractButton)
            and widget.objectName().removeprefix("key_").isdigit()
        ):
            group = group or widget.parentWidget()  # a PIN digit: never by its name
        if group is not None:
            if id(group) not in groups_said:
                groups_said.add(id(group))
                phrase = group_phrase(group, words)
                found.append((first, where.y(), where.x(), phrase))
            continue
        if isinstance(widget, QAbstractButton):
            if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                continue  # a touch-only aid (a list's ▲/▼): keys scroll to the focus
            phrase = control_phrase(widget, words)
        elif hasattr(widget, "source_text"):  # furigana: say the translator's readings
            phrase = widget.accessibleName().strip() or spoken(widget.source_text()).strip()
        else:
            phrase = widget.accessibleName().strip() or widget.text().strip()
        if phrase and not phrase.strip("●○　 "):
            continue  # PIN dots drawn as symbols: their accessible name says the count
        if phrase:
            found.append((first, where.y(), where.x(), phrase))
    found.sort()
    phrases: list[str] = []
    for *_, marked in found:
        phrase = spoken(marked)  # 漢字《かんじ》 in a name or our own words: the reading
        if phrase not in phrases:
            phrases.append(phrase)
    return phrases


def calendar_of(widget: QWidget) -> CalendarWidget | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, CalendarWidget):
        parent = parent.parentWidget()
    return parent


def group_phrase(group: QWidget, words: Words) -> str:
    """One phrase for a group of keys or days."""
    if isinstance(group, CalendarWidget):
        chosen = group.days.get(group.selected) if group.selected else None
        if chosen is not None:  # the day already chosen, then how to move
            return f"{chosen.accessibleName()}{words.comma}{words.selected}{words.comma}{words.calendar}"
        return words.calendar
    return words.keyboard if isinstance(group, KanaKeyboard) else words.keypad


def phrase_separator(locale: str) -> str:
    """A pause between phrases, as the language writes it."""
    # The language without territory, script or variety (pt_BR, zh_Hans, ja@easy).
    return "。" if locale.split("_")[0].split("@")[0] in ("ja", "zh") else ". "


class PlayingEngine(QObject):
    """Our own offline voices (kiosk/voices.py), played through Qt Multimedia.

    Synthesis runs on a worker thread (Open JTalk takes about a second for a long
    screen), the samples come back to the GUI thread and play from memory (no file of a
    resident's words on disk). A newer phrase replaces one still being made or played.
    Where a language has no voice, Qt's platform engine (QtTextToSpeech: SAPI or WinRT
    on Windows) speaks it if it can; otherwise the kiosk stays silent in it, and says so
    once in the log (and `madoguchi doctor` shows it to staff).
    """

    _ready = Signal(int, object)

    def __init__(self, voices: Callable[[str], Voice | None] = voice_for) -> None:
        super().__init__()
        self._voices = voices
        self._generation = 0
        self._sink: Any = None
        self._buffer: QBuffer | None = None
        self._pending: list[Wave] = []
        self._platform: Any = None
        self._said_missing: set[str] = set()
        self._ready.connect(self._play)

    def say(self, text: str, locale: str, *, queue: bool = False) -> None:
        if not queue:
            self.stop()
        generation = self._generation
        voice = self._voices(locale)
        if voice is None:
            self._say_by_platform(text, locale)
            return
        worker = threading.Thread(
            target=self._make, args=(generation, voice, text), name="speech", daemon=True
        )
        worker.start()

    def stop(self) -> None:
        """Silence now and forget the phrase (a session's end wipes what was said)."""
        self._generation += 1
        self._pending.clear()
        if self._sink is not None:
            self._sink.stop()
            self._sink = None
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.setData(QByteArray())
            self._buffer = None
        if self._platform:
            self._platform.stop()

    def _make(self, generation: int, voice: Voice, text: str) -> None:
        try:
            wave = voice.synthesize(text)
        except Exception as exc:  # a broken voice must not stop the kiosk
            log.warning("read-aloud: %s could not synthesise: %s", voice.engine, type(exc).__name__)
            return
        self._ready.emit(generation, wave)

    def _play(self, generation: int, wave: Wave) -> None:
        if generation != self._generation:
            return  # a newer phrase came meanwhile
        from PySide6.QtMultimedia import QAudio, QAudioFormat, QAudioSink, QMediaDevices

        if self._sink is not None and self._sink.state() == QAudio.State.ActiveState:
            self._pending.append(wave)  # queued behind what is being said
            return

        device = QMediaDevices.defaultAudioOutput()
        if device.isNull():
            self._missing("audio", "read-aloud: no audio output device; speech is silent")
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(wave.rate)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self._buffer = QBuffer()
        self._buffer.setData(QByteArray(wave.samples))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._sink = QAudioSink(device, fmt)
        self._sink.stateChanged.connect(self._next)
        self._sink.start(self._buffer)

    def _next(self, state: Any) -> None:
        from PySide6.QtMultimedia import QAudio

        if state == QAudio.State.IdleState and self._pending:
            wave = self._pending.pop(0)
            if self._sink is not None:
                self._sink.stop()
                self._sink = None
            self._play(self._generation, wave)

    def _say_by_platform(self, text: str, locale: str) -> None:
        tts = self._platform_engine()
        if tts is not None:
            from PySide6.QtCore import QLocale

            wanted = QLocale(locale.replace("_", "-"))
            if any(v.language() == wanted.language() for v in tts.availableVoices()) or any(
                loc.language() == wanted.language() for loc in tts.availableLocales()
            ):
                tts.setLocale(wanted)
                tts.say(text)
                return
        self._missing(locale, f"read-aloud: no voice for {locale}; speech is silent in it")

    def _platform_engine(self) -> Any:
        if sys.platform.startswith("linux"):
            # Linux's platform engine is speech-dispatcher, whose voices are espeak-ng's:
            # the same we use directly, minus a daemon per user and a way to test them.
            return None
        if self._platform is None:
            try:
                from PySide6.QtTextToSpeech import QTextToSpeech
            except ImportError:
                self._platform = False
                return None
            engines = [e for e in QTextToSpeech.availableEngines() if e != "mock"]
            tts = QTextToSpeech(engines[0]) if engines else None
            ok = tts is not None and tts.state() != QTextToSpeech.State.Error
            self._platform = tts if ok else False
        return self._platform or None

    def _missing(self, what: str, message: str) -> None:
        if what not in self._said_missing:
            self._said_missing.add(what)
            log.warning(message)


class Speaker:
    """Says each screen when it shows and each control when it gets the focus."""

    def __init__(self, engine: Engine | None = None) -> None:
        self.engine: Engine = engine or PlayingEngine()

    def stop(self) -> None:
        self.engine.stop()

    def say_screen(self, screen: Any, locale: str, words: Words | str) -> None:
        phrases = [p.rstrip("。.") for p in screen_speech(screen, words)]
        self.engine.say(phrase_separator(locale).join(phrases), locale)

    def say_change(self, text: str, locale: str) -> None:
        """What changed on the screen in place (a PIN pad's count of digits)."""
        if text:
            self.engine.say(spoken(text), locale)

    def say_control(
        self, widget: QWidget, locale: str, *, queue: bool = False, words: Words | None = None
    ) -> None:
        """The focused control; with `queue`, after the screen being said."""
        if widget.objectName().removeprefix("key_").isdigit():
            return  # a digit key pressed or focused is never named aloud (a PIN's)
        name = spoken(control_phrase(widget, words))
        if name:
            self.engine.say(name, locale, queue=queue)


def control_phrase(widget: QWidget, words: Words | None = None) -> str:
    """What a control is called aloud: its accessible name, else its text; a chosen
    choice (a checked button) says so."""
    name = widget.accessibleName().strip()
    if isinstance(widget, QAbstractButton):
        if not name:
            name = widget.text().replace("&", "").replace("\n", " ").strip()
        if name and words is not None and widget.isCheckable() and widget.isChecked():
            name += words.comma + words.selected
    return name
