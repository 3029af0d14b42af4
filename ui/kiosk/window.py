"""The kiosk window: a stack of screens over the session, the idle timeout, touch count."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import memory
from kiosk.session import Screen
from ui.kiosk.controller import KioskController
from ui.kiosk.language import LanguageOverlay
from ui.kiosk.pictograms import refresh_label, set_pictogram_color
from ui.kiosk.screens.base import ScreenWidget
from ui.kiosk.speech import PIN_SCREENS, Speaker, Words
from ui.kiosk.timeout import TimeoutOverlay
from ui.theme import PALETTES, style_sheet
from ui.widgets.kana_keyboard import KanaKeyboardWidget
from ui.widgets.keypad import KeypadWidget
from ui.widgets.typing import typing_relay

#: Which widget shows which session screen ("module:class"), imported when first built:
#: the kiosk's start imports only the first screen's module (the review's brings
#: pypdfium2, the questions' every input widget).
SCREENS: dict[Screen, str] = {
    Screen.ATTRACT: "ui.kiosk.screens.start:AttractScreen",
    Screen.CARD_CHOICE: "ui.kiosk.screens.card:CardChoiceScreen",
    Screen.CARD_INSERT: "ui.kiosk.screens.card:CardInsertScreen",
    Screen.PIN: "ui.kiosk.screens.card:PinScreen",
    Screen.CARD_READING: "ui.kiosk.screens.card:CardReadingScreen",
    Screen.CARD_CONFIRM: "ui.kiosk.screens.card:CardConfirmScreen",
    Screen.CARD_PROBLEM: "ui.kiosk.screens.card:CardProblemScreen",
    Screen.QUESTION: "ui.kiosk.screens.questions:QuestionScreen",
    Screen.OTHER_EVENT: "ui.kiosk.screens.other_event:OtherEventScreen",
    Screen.REVIEW: "ui.kiosk.screens.review:ReviewScreen",
    Screen.SUBMITTING: "ui.kiosk.screens.finish:SubmittingScreen",
    Screen.TAKE_CARD: "ui.kiosk.screens.card:TakeCardScreen",
    Screen.DONE: "ui.kiosk.screens.finish:DoneScreen",
    Screen.STAFF_PIN: "ui.kiosk.screens.card:StaffPinScreen",
}


def screen_class(screen: Screen) -> type[ScreenWidget]:
    module, name = SCREENS[screen].split(":")
    cls = getattr(importlib.import_module(module), name)
    assert issubclass(cls, ScreenWidget) and cls.shows is screen, SCREENS[screen]
    return cls


class LazyScreens(dict[Screen, ScreenWidget]):
    """The screens, each built the first time it is asked for: the kiosk's start builds
    only the first screen (14 constructors up front held its first paint back); the
    rest are built in idle turns of the event loop after it (`build_rest`). Iterating
    gives the screens built so far (a screen never built holds nothing to clear)."""

    def __init__(self, stack: QStackedWidget, controller: KioskController) -> None:
        super().__init__()
        self._stack = stack
        self._controller = controller

    def __missing__(self, screen: Screen) -> ScreenWidget:
        widget = screen_class(screen)(self._controller)
        self[screen] = widget
        self._stack.addWidget(widget)
        return widget

    def unbuilt(self) -> list[Screen]:
        return [screen for screen in SCREENS if screen not in self]


class TouchCounter(QObject):
    """Counts what a resident does: button taps and key presses inside the kiosk."""

    touched = Signal()

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self.root = root
        self.count = 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonRelease and isinstance(obj, QAbstractButton):
            if obj.window() is self.root and obj.isEnabled():
                self.count += 1
                self.touched.emit()
        elif (
            kind == QEvent.Type.KeyPress and isinstance(obj, QWidget) and obj.window() is self.root
        ):
            if not event.isAutoRepeat():  # type: ignore[attr-defined]
                self.count += 1
                self.touched.emit()
        elif (
            kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
            and isinstance(obj, QWidget)
            and obj.window() is self.root
        ):
            self.touched.emit()  # any touch counts as activity for the idle timer
        return False


class KioskWindow(QWidget):
    screen_shown = Signal(str)  # screen id, after it is drawn

    def __init__(self, controller: KioskController) -> None:
        super().__init__()
        self.controller = controller
        self.setObjectName("kiosk_window")
        self.setWindowTitle("madoguchi")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.stack = QStackedWidget()
        row.addWidget(self.stack)
        outer.addLayout(row, 1)
        self.screens = LazyScreens(self.stack, controller)
        self.stack.setCurrentWidget(self.screens[controller.session.screen])
        self.visited: list[str] = []
        self.timeout = TimeoutOverlay(self, controller)
        self.languages = LanguageOverlay(self, controller)
        controller.languages_requested.connect(self.languages.open)
        #: Read-aloud (the resident turns it on on the first screen).
        self.speaker = Speaker()
        self._spoken: str | None = None  # the screen last read aloud
        self._screen_due = False  # ...and still to be said (on the next turn of the loop)
        self._live = ""  # the screen's live phrase last said (PIN: digits entered)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        typing_relay().typed.connect(self._echo)
        self.touches = TouchCounter(self)
        self.touches.touched.connect(self.timeout.activity)
        controller.session_changed.connect(self.show_current)
        controller.session.wiped.connect(self.clear_screens)
        controller.appearance_changed.connect(self.apply_appearance)
        controller.catalogue_switched.connect(self._catalogue_switched)
        self.apply_appearance()
        self.show_current()

    def build_rest(self) -> None:
        """Build the screens not built yet, one per turn of the event loop (a touch in
        between is handled first), styled like the rest; called after the first paint,
        so the first resident's screens come without a constructor's delay."""
        unbuilt = self.screens.unbuilt()
        if not unbuilt:
            return
        self.screens[unbuilt[0]]  # built on first access
        if len(unbuilt) > 1:
            QTimer.singleShot(0, self, self.build_rest)

    def _catalogue_switched(self) -> None:
        """A new publication between residents: every screen built again from it (the
        first screen's life events, the questions' widgets), the first one now."""
        old = list(self.screens.values())
        self.screens.clear()
        self.stack.setCurrentWidget(self.screens[self.controller.session.screen])
        for widget in old:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.apply_appearance()
        self.show_current()
        QTimer.singleShot(0, self, self.build_rest)

    def install_touch_counter(self) -> None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.touches)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Shown, Qt gives the focus to the first control of the window: the language
        # button at the top. The first screen starts at its first tile, as every screen
        # starts at its first answer (show_current); after the show, when Qt has chosen.
        QTimer.singleShot(0, self, lambda: self._focus_first(self.current_screen()))

    def current_screen(self) -> ScreenWidget:
        widget = self.stack.currentWidget()
        assert isinstance(widget, ScreenWidget)
        return widget

    def show_current(self) -> None:
        session = self.controller.session
        widget = self.screens[session.screen]
        if self.stack.currentWidget() is not widget:
            widget.body_scroll.verticalScrollBar().setValue(0)
        self.stack.setCurrentWidget(widget)
        widget.redraw()
        self._focus_first(widget)
        screen_id = session.screen_id
        if not self.visited or self.visited[-1] != screen_id:
            self.visited.append(screen_id)
        self.timeout.session_screen(session.screen)
        self.speak_screen()
        self.screen_shown.emit(screen_id)

    def speak_screen(self, *, again: bool = False) -> None:
        """Read-aloud on: a screen when it comes (not again on every change while it
        shows, e.g. each PIN digit), in the resident's language. Said once the event
        loop has shown what the screen just added (rows of a list are shown after the
        layout runs), so nothing drawn is left out."""
        c = self.controller
        screen_id = c.session.screen_id
        if not c.read_aloud:
            self._spoken = None
            return
        if screen_id == self._spoken and not again:
            live = self.current_screen().live_phrase()
            if live and live != self._live and not self._screen_due:
                self.speaker.say_change(live, c.session.locale)
            self._live = live
            return
        self._spoken = screen_id
        self._live = self.current_screen().live_phrase()
        if not self._screen_due:
            self._screen_due = True
            QTimer.singleShot(0, self, self._say_screen_now)  # not after the window is gone

    def _say_screen_now(self) -> None:
        self._screen_due = False
        c = self.controller
        if not c.read_aloud:
            return
        words = Words.of(c.translator, c.session.locale)
        self.speaker.say_screen(self.current_screen(), c.session.locale, words)
        focused = QApplication.focusWidget()
        if focused is not None and focused.window() is self:
            # Where the resident is, after what the screen says (not over it).
            self.speaker.say_control(focused, c.session.locale, queue=True, words=words)

    def _focus_first(self, screen: ScreenWidget) -> None:
        """A new screen starts at its first answer, not at the language button or on a
        control of the screen before (keyboard users: Tab walks on from there)."""
        focused = QApplication.focusWidget()
        if (
            focused is not None
            and screen.isAncestorOf(focused)
            and focused is not screen.language_button
        ):
            return  # the screen chose (the keypad, a preselected day, 決定)
        first = screen.first_control()
        if first is not None:
            first.setFocus(Qt.FocusReason.TabFocusReason)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        c = self.controller
        if c.read_aloud and new is not None and new.window() is self:
            if c.session.screen_id != self._spoken or self._screen_due:
                return  # the screen is yet to be said, and this control after it
            self.speaker.say_control(
                new, c.session.locale, words=Words.of(c.translator, c.session.locale)
            )

    def _echo(self, source: QObject, chars: str) -> None:
        """Read-aloud on: each character typed is said back (a blind resident hears what
        went in); never on a PIN pad."""
        c = self.controller
        if not c.read_aloud or not isinstance(source, QWidget) or source.window() is not self:
            return
        # The screen the keys are on, not the one shown now: a PIN's last digit moves
        # the kiosk on to reading the card before this is said.
        screen = source.parentWidget()
        while screen is not None and not isinstance(screen, ScreenWidget):
            screen = screen.parentWidget()
        if screen is not None and screen.shows not in PIN_SCREENS:
            self.speaker.say_change(chars.strip(), c.session.locale)

    def clear_screens(self) -> None:
        """The session ended: no screen, shown or hidden, keeps anything of it."""
        self.languages.hide()
        self.speaker.stop()  # nothing of the resident's is still being said
        for screen in self.screens.values():
            screen.clear()
        # Once the widgets the session deleted are gone (deleteLater: the next turn).
        QTimer.singleShot(0, memory.give_back)

    def apply_appearance(self) -> None:
        c = self.controller
        self.setStyleSheet(style_sheet(c.theme, c.text_size))
        palette = PALETTES[c.theme]
        set_pictogram_color(palette.primary if c.high_contrast else palette.secondary_text)
        for label in self.findChildren(QWidget):
            if label.property("pictogram"):
                refresh_label(label)  # type: ignore[arg-type]
        # The low layout (within reach from a wheelchair) is each screen's own: the
        # room it does not need goes above it (ScreenWidget.place_low).
        self.current_screen().redraw()
        if c.read_aloud and self._spoken is None:
            self.speak_screen()  # just turned on: the screen the resident is on
        elif not c.read_aloud and self._spoken is not None:
            self._spoken = None  # turned off: silent now
            self.speaker.stop()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.timeout.setGeometry(self.rect())
        self.languages.setGeometry(self.rect())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keyboard and numeric-keypad use, for residents who cannot use the screen:
        Tab / + move to the next control, Shift+Tab / - to the previous one (where a
        keypad with a hyphen key or a keyboard shows, - types a hyphen), Enter or
        Space presses it, Escape goes back; digits go to the keypad on screen; * turns
        read-aloud on or off."""
        key = event.key()
        focused = QApplication.focusWidget()
        if key == Qt.Key.Key_Escape:
            self.controller.back()
        elif key == Qt.Key.Key_Asterisk:
            # Read-aloud on or off from any screen: the key a blind resident is told of
            # (the kiosk's tactile sign; the 読み上げ button's tooltip), not a PIN digit.
            self.controller.toggle_read_aloud()
        elif key == Qt.Key.Key_Plus:
            self.focusNextChild()
        elif key == Qt.Key.Key_Minus and (typing := self._typing_minus()) is not None:
            typing("-")  # a phone number's hyphen (03-1234-5678), not a move back
        elif key == Qt.Key.Key_Minus:
            self.focusPreviousChild()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(focused, QAbstractButton):
            if focused.isEnabled() and focused.isVisible():
                focused.click()
        elif (event.text().isdigit() or key == Qt.Key.Key_Backspace) and self._keypad():
            keypad = self._keypad()
            assert keypad is not None
            if key == Qt.Key.Key_Backspace:
                keypad.delete.emit()
            else:
                keypad.press(event.text())
        else:
            super().keyPressEvent(event)

    def _typing_minus(self) -> Callable[[str], None] | None:
        """Where `-` types on this screen: a keypad with a hyphen key, or a keyboard."""
        keypad = self._keypad()
        if keypad is not None and keypad.extra_key == "-":
            return keypad.press
        for keyboard in self.current_screen().findChildren(KanaKeyboardWidget):
            if keyboard.isVisible():
                return keyboard.type_text
        return None

    def _keypad(self) -> KeypadWidget | None:
        """The on-screen keypad of the current screen, if it shows one."""
        for keypad in self.current_screen().findChildren(KeypadWidget):
            if keypad.isVisible():
                return keypad
        return None
