"""Run a scenario through the real kiosk widgets, headless, and record what happened.

Every tap is a real mouse click on the named button (QTest), so the touch counter,
focus, worker threads and screen changes are the ones a resident would get. Output
in DIR: one PNG per screen visited, the application PDF, and summary.json.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QWidget

from forms.data import get_value, set_value
from kiosk.scenario import Scenario, Step
from ui.kiosk.screens.questions import QuestionScreen
from ui.kiosk.window import KioskWindow
from ui.widgets.paged_row import PagedRow
from ui.widgets.paged_scroll import MIN_TARGET_MM, pager_of


class ScriptError(RuntimeError):
    """A step could not be performed (no such button, wrong screen, timeout)."""


@dataclass
class Summary:
    scenario: str
    screens: list[str] = field(default_factory=list)
    touches: int = 0
    reception_number: str | None = None
    spooled_reference: str | None = None
    forms: list[str] = field(default_factory=list)
    procedures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    screenshots: list[str] = field(default_factory=list)
    pdf: str | None = None
    wall_seconds: float = 0.0
    #: From the action that led to a screen (a tap, a card inserted) to its showing.
    screen_change_ms: list[float] = field(default_factory=list)
    #: The screen each of screen_change_ms arrived at.
    screen_change_to: list[str] = field(default_factory=list)
    #: (screen, ms) from a screen's showing until its workers were done (the review's
    #: PDF render and previews), for screens that had any.
    settle_ms: list[tuple[str, float]] = field(default_factory=list)
    completed: bool = False
    #: Controls on a visited screen that a screen reader could not name (should be none).
    unnamed_controls: list[str] = field(default_factory=list)
    #: Controls smaller than 15 mm either way at the screen's resolution (should be none).
    small_targets: list[str] = field(default_factory=list)
    #: Controls a step had to tap that were not wholly on the display, even after
    #: scrolling their list as far as it goes (should be none; the step fails).
    unreachable: list[str] = field(default_factory=list)

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")


class IdleTime:
    """Seconds that pass only when the script says so (`idle:` steps)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Hooks:
    """The physical world around the kiosk: the card, the reader, the database."""

    insert_card: Callable[[], None]
    remove_card: Callable[[], None]
    database_down: Callable[[], None] = lambda: None
    database_up: Callable[[], None] = lambda: None
    unplug_reader: Callable[[], None] = lambda: None
    plug_reader: Callable[[], None] = lambda: None


class ScriptRunner:
    def __init__(
        self,
        window: KioskWindow,
        scenario: Scenario,
        out: Path,
        hooks: Hooks,
        *,
        settle_timeout: float = 120.0,  # a bound, not a delay: a loaded machine is slow
        screenshots: bool = True,
    ) -> None:
        self.window = window
        self.controller = window.controller
        self.scenario = scenario
        self.out = out
        self.hooks = hooks
        self.settle_timeout = settle_timeout
        #: Off for benchmarks: a grab costs as much as the screen change it records.
        self.screenshots = screenshots
        self._settling: tuple[str, float] | None = None
        # The kiosk's quiet time moves only in `idle:` steps (see ui/kiosk/timeout.py).
        self.idle_time = IdleTime()
        window.timeout.seconds = self.idle_time
        self.summary = Summary(scenario=scenario.name)
        self._shot_index = 0
        self._last_shot: str | None = None
        self._last_notice: str | None = None
        self._clock = time.perf_counter()
        self.script_failed = False
        self._reshoot = False
        self._recording = False
        self._answered: set[str] = set()  # the facts the script's answers gave
        window.screen_shown.connect(self._on_screen_shown)

    # -- running -----------------------------------------------------------------------
    def run(self, scenario: Scenario | None = None, out: Path | None = None) -> Summary:
        """Run the scenario (or another one, on the same kiosk: back-to-back sessions)."""
        if scenario is not None:
            self.scenario = scenario
            self.summary = Summary(scenario=scenario.name)
            self._shot_index = 0
            self._last_shot = None
            self._last_notice = None
            self.script_failed = False
            self.window.visited[:] = [self.controller.session.screen_id]
        if out is not None:
            self.out = out
        self.out.mkdir(parents=True, exist_ok=True)
        self._recording = True
        start = time.perf_counter()
        self.window.touches.count = 0
        self._settle()
        self._screenshot()
        for number, step in enumerate(self.scenario.steps, 1):
            try:
                self._clock = time.perf_counter()  # a change is timed from its action
                self._do(step)
                self._settle()
            except ScriptError as exc:
                self.summary.errors.append(f"script: step {number} ({step.action[0]}): {exc}")
                self.script_failed = True
                self._screenshot(force=True, suffix="error")
                break
            self._collect()
        self._collect()
        self.summary.touches = self.window.touches.count
        self.summary.wall_seconds = round(time.perf_counter() - start, 3)
        self.summary.screens = list(self.window.visited)
        self.summary.completed = not self.script_failed
        self._recording = False
        self.summary.write(self.out / "summary.json")
        return self.summary

    def _do(self, step: Step) -> None:
        kind, value = step.action
        if kind == "tap":
            self._tap(str(value))
        elif kind == "type":
            for ch in str(value):
                self._tap(f"key_{ch}" if ch.isdigit() else f"kana_{ch}")
        elif kind == "answer":
            screen = self.window.current_screen()
            if not isinstance(screen, QuestionScreen):
                raise ScriptError(
                    f"'answer' on screen {self.controller.session.screen_id}, not a question"
                )
            for name in screen.taps_for(value):
                self._tap(name)
        elif kind == "answers":
            hints: dict[str, Any] = {}
            for path, hint in value.items():
                set_value(hints, path, hint)
            self.controller.script_hints = hints
            self._check_given(value)
            answered = 0
            while True:
                session = self.controller.session
                key = (
                    session.flow.current
                    if session.flow and session.screen.value == "question"
                    else None
                )
                if key is None or key not in value:
                    break
                self._do(Step(answer=value[key]))
                self._answered.add(key)
                self._settle()
                answered += 1
                after = self.controller.session
                if after.flow and after.screen.value == "question" and after.flow.current == key:
                    notice = after.notice.key if after.notice else "no message"
                    raise ScriptError(f"answer for {key} was not accepted ({notice})")
            if answered == 0:
                raise ScriptError(
                    f"no listed question on screen {self.controller.session.screen_id}"
                )
        elif kind == "insert_card":
            self.hooks.insert_card()
        elif kind == "remove_card":
            self.hooks.remove_card()
        elif kind == "wait":
            self._wait_for(lambda: self.controller.session.screen_id == value, f"screen {value}")
        elif kind == "expect":
            if self.controller.session.screen_id != value:
                raise ScriptError(
                    f"expected screen {value}, on {self.controller.session.screen_id}"
                )
        elif kind == "expect_notice":
            shown = self.controller.session.notice
            wanted = [value] if isinstance(value, str) else list(value)
            if shown is None or shown.key not in wanted:
                raise ScriptError(f"expected notice {value}, got {shown.key if shown else None}")
        elif kind == "idle":
            self._idle(float(value))
        elif kind == "database":
            (self.hooks.database_down if value == "down" else self.hooks.database_up)()
        elif kind == "reader":
            (self.hooks.unplug_reader if value == "unplug" else self.hooks.plug_reader)()

    def _check_given(self, answers: dict[str, Any]) -> None:
        """An answer the script lists that another screen already gave (the フリガナ
        confirmed with the card) must be the listed one, or the run would go on with
        another resident's data than the script says."""
        flow = self.controller.session.flow
        if flow is None:
            return
        for key in flow.history:
            if key in answers and key not in self._answered:
                given = get_value(self.controller.session.data, key, None)
                if given != answers[key]:
                    raise ScriptError(f"{key} was given as {given!r}, the script says {answers[key]!r}")

    def _find(self, name: str) -> QAbstractButton:
        # The timeout overlay sits above the screens: look there first when it shows.
        roots: list[QWidget] = []
        for overlay in (self.window.timeout, self.window.languages):
            if overlay.isVisible():
                roots.append(overlay)
        roots.append(self.window.current_screen())
        for _turn in range(20):  # a bound: a page a tap, no row has that many
            for root in roots:
                for button in root.findChildren(QAbstractButton, name):
                    if button.isVisible():
                        return button
            if not self._turn_towards(roots, name):
                break
        raise ScriptError(
            f"no visible button '{name}' on screen {self.controller.session.screen_id}"
        )

    def _turn_towards(self, roots: list[QWidget], name: str) -> bool:
        """A key on another page of a row that pages (PagedRow): tap ◀ or ▶ towards
        it, as a resident would."""
        for root in roots:
            for button in root.findChildren(QAbstractButton, name):
                row = button.parentWidget()
                if isinstance(row, PagedRow) and row.isVisible():
                    page = row.page_of(button)
                    if page is not None and page != row.page:
                        self._tap_button(row.next if page > row.page else row.prev)
                        return True
        return False

    def _tap(self, name: str) -> None:
        self._tap_button(self._find(name))

    def _tap_button(self, button: QAbstractButton) -> None:
        if not button.isEnabled():
            raise ScriptError(
                f"button '{button.objectName()}' is disabled on screen "
                f"{self.controller.session.screen_id}"
            )
        self._reach(button)
        self._clock = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        self._pump(0)

    def _reach(self, button: QAbstractButton) -> None:
        """A finger can only tap what the display shows: scroll the control's list to
        it with the screen's page buttons (as a resident would), then fail the tap
        unless the whole control is inside the window and every viewport around it."""
        for _ in range(50):  # a bound: a page a tap, no list is that long
            # Judge the layout as drawn, not one still pending (a row just added).
            for _flush in range(3):
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            if visible_part(button) == button.rect():
                return
            if not self._page_towards(button):
                break
            self._pump(0)
        where = f"{self.controller.session.screen_id}: {button.objectName()}"
        if where not in self.summary.unreachable:
            self.summary.unreachable.append(where)
        shown = visible_part(button)
        raise ScriptError(
            f"button '{button.objectName()}' is not wholly on the display "
            f"({shown.width()}x{shown.height()} of {button.width()}x{button.height()} px visible)"
        )

    def _page_towards(self, button: QAbstractButton) -> bool:
        """Tap ▲ or ▼ beside the innermost list whose viewport hides part of `button`."""
        parent = button.parentWidget()
        while parent is not None and not parent.isWindow():
            if isinstance(parent, QAbstractScrollArea):
                viewport = parent.viewport()
                top = button.mapTo(viewport, QPoint(0, 0)).y()
                clipped = top < 0 or top + button.height() > viewport.height()
                pager = pager_of(parent)
                partly = top < viewport.height() and top + button.height() > 0
                if clipped and partly:
                    # Half in sight: a short swipe up or down brings it in (a page could
                    # overshoot a small list); the swipe is a touch like any other. Never
                    # sideways: the kiosk's lists do not move that way.
                    bar = parent.verticalScrollBar()
                    before = bar.value()
                    below = top + button.height() - viewport.height()
                    bar.setValue(before + (top if top < 0 else below))
                    if bar.value() != before:
                        self.window.touches.count += 1
                        return True
                if clipped and pager is not None:
                    target = pager.up if top < 0 else pager.down
                    if target.isVisible() and target.isEnabled():
                        self._reach(target)
                        QTest.mouseClick(target, Qt.MouseButton.LeftButton)
                        return True
            parent = parent.parentWidget()
        return False

    # -- waiting -----------------------------------------------------------------------
    def _idle(self, seconds: float) -> None:
        """The resident does nothing for `seconds` of the kiosk's idle time: moved on in
        quarter seconds, the kiosk reacting after each, however slow the machine."""
        step = 0.25
        for _ in range(round(seconds / step)):
            self.idle_time.advance(step)
            self.window.timeout.check()
            self._settle()

    def _pump(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while True:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            # processEvents() leaves deleteLater() to the event loop; a running kiosk's
            # loop does it all the time, so do it here too (or widgets pile up).
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            if time.monotonic() >= deadline:
                break
            time.sleep(0.005)

    def _settle(self) -> None:
        """Until no worker runs and the event queue is drained (or the timeout)."""
        self._wait_for(lambda: self.controller.busy == 0, "the kiosk to finish its work")
        if self._settling is not None:
            screen, since = self._settling
            self._settling = None
            self.summary.settle_ms.append((screen, round((time.perf_counter() - since) * 1000, 2)))
        self._pump(0.02)
        if self._reshoot and self.summary.screenshots:
            self._reshoot = False
            self.window.grab().save(str(self.out / self.summary.screenshots[-1]))

    def _wait_for(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + self.settle_timeout
        while not condition():
            if time.monotonic() > deadline:
                raise ScriptError(f"timed out waiting for {what}")
            self._pump(0.01)

    # -- recording -----------------------------------------------------------------------
    def _on_screen_shown(self, screen_id: str) -> None:
        if not self._recording:
            return  # e.g. the wipe when the kiosk closes after the run
        now = time.perf_counter()
        self.summary.screen_change_ms.append(round((now - self._clock) * 1000, 2))
        self.summary.screen_change_to.append(screen_id)
        self._clock = now
        self._pump(0)
        self._screenshot()
        # A screen still waiting on a worker (review previews) is shot again when settled.
        self._reshoot = self.controller.busy > 0
        if self._reshoot and self._settling is None:
            self._settling = (screen_id, now)

    def _screenshot(self, *, force: bool = False, suffix: str = "") -> None:
        if not self.screenshots:
            return
        screen_id = self.controller.session.screen_id
        if screen_id == self._last_shot and not force:
            return
        self._last_shot = screen_id
        self._shot_index += 1
        safe = screen_id.replace(":", "_").replace("[", "_").replace("]", "")
        name = f"{self._shot_index:02d}_{safe}{'_' + suffix if suffix else ''}.png"
        self.window.grab().save(str(self.out / name))
        self.summary.screenshots.append(name)
        dpi = self.window.logicalDpiX() or 96
        smallest = round(MIN_TARGET_MM / 25.4 * dpi)
        for button in self.window.findChildren(QAbstractButton):
            if not button.isVisible():
                continue
            label = f"{screen_id}: {button.objectName() or type(button).__name__}"
            if not button.accessibleName().strip() and label not in self.summary.unnamed_controls:
                self.summary.unnamed_controls.append(label)
            size = button.size()
            if min(size.width(), size.height()) < smallest:
                entry = f"{label} {size.width()}x{size.height()}px"
                if entry not in self.summary.small_targets:
                    self.summary.small_targets.append(entry)

    def _collect(self) -> None:
        session = self.controller.session
        notice = session.notice
        if notice is not None and notice.key != self._last_notice:
            self.summary.notices.append(notice.key)
            if notice.severity == "error":
                self.summary.errors.append(notice.key)  # what the resident was told went wrong
        self._last_notice = notice.key if notice else None
        if session.receipt is not None:
            self.summary.reception_number = session.receipt.reception_number
            self.summary.spooled_reference = session.receipt.spooled_reference
        prepared = self.controller.prepared
        if prepared is not None:
            self.summary.forms = list(prepared.form_ids)
            self.summary.procedures = [p["id"] for p in prepared.procedures]
            pdf_path = self.out / "application.pdf"
            if self.summary.pdf is None or not pdf_path.exists():
                pdf_path.write_bytes(prepared.pdf)
                self.summary.pdf = pdf_path.name


def visible_part(widget: QWidget) -> QRect:
    """The part of `widget` (its own coordinates) that the display shows: clipped by
    the window and by every scroll area's viewport it sits in."""
    shown = widget.rect()
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) or parent.isWindow():
            clip = parent.viewport() if isinstance(parent, QAbstractScrollArea) else parent
            origin = widget.mapFrom(clip, QPoint(0, 0))
            shown = shown.intersected(QRect(origin, clip.size()))
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return shown
