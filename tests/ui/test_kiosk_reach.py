"""Nothing out of reach: a scripted tap fails on a control the display does not wholly
show (and summary.json says which), the scenarios complete at the largest text, in
English and in the low layout on 1280×1024 and 1920×1080, and every list moves under a
finger and has page buttons of at least 15 mm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    QWidget,
)

from kiosk.scenario import Scenario, Step, load_scenario
from tests.clock import TEST_DAY
from tests.support.scenarios import to_question
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.scripted import visible_part
from ui.widgets.kana_keyboard import text_taps
from ui.widgets.paged_scroll import MIN_TARGET_MM, PagedScroll, paged, pager_of
from ui.widgets.person_name import PersonNameWidget

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SIZES = [(1280, 1024), (1920, 1080)]


def probe_button() -> QPushButton:
    probe = QPushButton("probe")
    probe.setObjectName("probe")
    probe.setAccessibleName("probe")
    return probe


def test_a_tap_on_a_control_past_the_edge_fails_and_is_recorded(
    qapp, kiosk_config, artifact_dir
) -> None:
    scenario = Scenario(today=TEST_DAY, name="probe", steps=[Step(tap="probe")])
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        # A row wider than the display on the first screen, its last button past the
        # right edge (where the old keyboards' 決定 was).
        screen = run.kiosk.window.current_screen()
        wide = QWidget()
        row = QHBoxLayout(wide)
        filler = QWidget()
        filler.setMinimumWidth(3000)
        row.addWidget(filler)
        row.addWidget(probe_button())
        screen.body.addWidget(wide)
        summary = run.runner.run()
    assert not summary.completed
    assert summary.unreachable == ["attract: probe"]
    assert any("not wholly on the display" in e for e in summary.errors)
    written = json.loads((artifact_dir / "summary.json").read_text(encoding="utf-8"))
    assert written["unreachable"] == ["attract: probe"]


def test_a_control_below_the_fold_is_reached_with_the_page_buttons(
    qapp, kiosk_config, artifact_dir
) -> None:
    """Below the fold of a list is reachable, as a resident reaches it: ▼ (a touch)."""
    scenario = Scenario(today=TEST_DAY, name="probe below", steps=[Step(tap="probe")])
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        screen = run.kiosk.window.current_screen()
        tall = QWidget()
        tall.setMinimumHeight(3000)
        screen.body.addWidget(tall)
        probe = probe_button()
        tapped = []
        probe.clicked.connect(lambda: tapped.append(1))
        screen.body.addWidget(probe)
        summary = run.runner.run()
    assert summary.completed, summary.errors
    assert tapped == [1] and summary.unreachable == []
    assert summary.touches > 1  # the page-down taps count as what the resident did


CASES = [
    ("moving_in_card", "en", "extra_large", True),
    ("moving_in_card", "ja", "extra_large", False),
    ("event_moving_in_no_card", "ja", "extra_large", True),
    ("event_birth_card", "ja", "extra_large", True),
    # やさしい日本語: readings make every line taller, words break only at spaces.
    ("moving_in_card", "ja@easy", "extra_large", False),
    ("event_moving_in_no_card", "ja@easy", "extra_large", False),
    # a foreign resident: Latin name and reading, nationality list instead of 本籍
    ("foreign_resident_moving_in", "pt_BR", "extra_large", False),
    ("foreign_resident_moving_in", "pt_BR", "extra_large", True),
]


@pytest.mark.parametrize("size", SIZES, ids=["1280x1024", "1920x1080"])
@pytest.mark.parametrize(
    ("name", "locale", "text_size", "low"),
    CASES,
    ids=[f"{n}-{loc}-{t}{'-low' if low else ''}" for n, loc, t, low in CASES],
)
def test_every_control_is_within_reach(
    name, locale, text_size, low, size, qapp, kiosk_config, artifact_dir
) -> None:
    within_reach(name, locale, text_size, low, size, kiosk_config, artifact_dir)


#: Portrait kiosks at the largest text: the window grew to 1027 px (the card screens'
#: "continue without the card" on one line), then to 1134 px (本籍's "nationality
#: instead" and the next question's skip both in the footer for a moment); the
#: calendar's Saturday, "type the date instead" and the prefectures' sixth column ran
#: past the display's edge.
PORTRAIT = [
    ("moving_in_card", "en", (1024, 1280)),
    ("foreign_resident_moving_in", "ja", (1080, 1920)),
    ("foreign_resident_moving_in", "ja", (1024, 1280)),
]


@pytest.mark.parametrize(("name", "locale", "size"), PORTRAIT,
                         ids=[f"{n}-{loc}-{w}x{h}" for n, loc, (w, h) in PORTRAIT])  # fmt: skip
def test_every_control_is_within_reach_on_a_portrait_display(
    name, locale, size, qapp, kiosk_config, artifact_dir
) -> None:
    within_reach(name, locale, "extra_large", False, size, kiosk_config, artifact_dir)


def within_reach(name, locale, text_size, low, size, kiosk_config, artifact_dir) -> None:
    scenario = load_scenario(SCENARIOS / f"{name}.yaml").model_copy(
        update={"locale": locale, "text_size": text_size, "low_layout": low}
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config, size=size) as run:
        summary = run.runner.run()
        window = run.kiosk.window
        assert summary.unreachable == []
        assert summary.completed, summary.errors
        assert summary.small_targets == []
        # The window never grows past its display, and nothing scrolls sideways.
        assert (window.width(), window.height()) == size
        visited = {s.split(":")[0] for s in summary.screens}
        for screen in window.screens.values():
            if screen.shows.value in visited:
                assert screen.body_scroll.horizontalScrollBar().maximum() == 0, screen.shows
    for shot in summary.screenshots:
        image = QImage(str(artifact_dir / shot))
        assert (image.width(), image.height()) == size, shot


def test_every_list_moves_under_a_finger_with_page_buttons(
    qapp, kiosk_config, artifact_dir
) -> None:
    scenario = load_scenario(SCENARIOS / "event_moving_in_no_card.yaml").model_copy(
        update={"text_size": "extra_large"}
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        window = run.kiosk.window
        areas = window.findChildren(QAbstractScrollArea)
        assert areas
        dpi = window.logicalDpiX() or 96
        smallest = round(MIN_TARGET_MM / 25.4 * dpi)
        for area in areas:
            label = f"{type(area.parentWidget()).__name__}/{area.objectName()}"
            assert QScroller.hasScroller(area.viewport()), label
            pager = pager_of(area)
            assert isinstance(pager, PagedScroll), label
            for button in (pager.up, pager.down):
                button.ensurePolished()
                hint = button.minimumSizeHint().expandedTo(button.minimumSize())
                assert min(hint.width(), hint.height()) >= smallest, label


def test_a_finger_drag_moves_a_list_and_the_page_buttons_follow(qapp, qtbot) -> None:
    """Kinetic scrolling for real: touch events on the list's viewport move it."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    tall = QWidget()
    tall.setMinimumHeight(4000)
    area.setWidget(tall)
    pager = paged(area)
    qtbot.addWidget(pager)
    pager.resize(600, 600)
    pager.show()
    bar = area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert pager.buttons.isVisible() and not pager.up.isEnabled() and pager.down.isEnabled()
    viewport = area.viewport()
    device = QTest.createTouchDevice()
    start = QPoint(300, 550)
    QTest.touchEvent(viewport, device).press(0, start).commit()
    for step in range(1, 21):
        QTest.qWait(16)
        QTest.touchEvent(viewport, device).move(0, start - QPoint(0, step * 20)).commit()
    QTest.touchEvent(viewport, device).release(0, start - QPoint(0, 400)).commit()
    qtbot.waitUntil(lambda: bar.value() > 100, timeout=20000)
    qtbot.waitUntil(pager.up.isEnabled, timeout=5000)
    # And ▼ moves it by most of a page.
    before = bar.value()
    qtbot.mouseClick(pager.down, Qt.MouseButton.LeftButton)
    assert bar.value() - before >= int(viewport.height() * 0.5)


NAME_DISPLAYS = [(1280, 1024), (1024, 1280), (1920, 1080)]
#: Each keyboard test on each display at each text size.
EVERY_DISPLAY_AND_SIZE = pytest.mark.parametrize(
    ("size", "text_size"),
    [
        pytest.param((w, h), text_size, id=f"{w}x{h}-{text_size}")
        for w, h in NAME_DISPLAYS
        for text_size in ("standard", "large", "extra_large")
    ],
)  # fmt: skip


def up_to(key: str, text_size: str) -> Scenario:
    """The no-card move-in as far as question `key`, at `text_size`."""
    moving_in = load_scenario(SCENARIOS / "event_moving_in_no_card.yaml")
    steps = [Step.model_validate(s) for s in to_question(moving_in, key)]
    return moving_in.model_copy(update={"steps": steps, "text_size": text_size})


@EVERY_DISPLAY_AND_SIZE
def test_the_name_keyboard_s_controls_stay_in_sight_with_kanji_candidates(
    size, text_size, qapp, kiosk_config, artifact_dir
) -> None:
    """Typing a name's reading shows the kanji it may be written with, a row more: the
    keyboard's control row (消す, ␣, 小…) and 決定 went below the fold at the largest
    text, to be scrolled to between every key and the next."""
    scenario = up_to("applicant.name", text_size)
    with scenario_kiosk(scenario, artifact_dir, kiosk_config, size=size) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        widget = screen.findChild(PersonNameWidget)
        assert widget is not None and widget.isVisible()
        for tap in text_taps("ヤマダ", alphabet=False):
            keys = [b for b in widget.findChildren(QPushButton, tap) if b.isVisible()]
            QTest.mouseClick(keys[0], Qt.MouseButton.LeftButton)
        for _ in range(5):
            qapp.processEvents()  # laid out, as the resident sees it
        screen.grab().save(str(artifact_dir / "name_with_candidates.png"))
        candidates = [b for b in widget.candidates.items if b.isVisible()]
        assert candidates, "no kanji offered for ヤマダ"
        controls = [b for b in widget.keyboard.controls.items if b.isVisible()]
        for button in [widget.ok, *candidates, *controls]:
            assert visible_part(button) == button.rect(), (
                f"{button.objectName()}: {visible_part(button)} of {button.rect()} in sight"
            )
        assert (run.kiosk.window.width(), run.kiosk.window.height()) == size


@EVERY_DISPLAY_AND_SIZE
def test_every_key_of_the_banchi_keyboard_is_in_sight(
    size, text_size, qapp, kiosk_config, artifact_dir
) -> None:
    """A 番地 takes the digits row above the letters: 消す, under the letters, went
    below the fold even at the standard size (a typo meant scrolling to delete it),
    and at the larger sizes the letters too. On a landscape display the controls go
    beside the letters; at the larger sizes the digits and the letters are a key
    apart (kb_digits), each wholly in sight (the letters' last line was below the fold
    on a landscape display while the OK beside the typed line, the controls, the
    buttons and the margins grew as the text)."""
    scenario = up_to("new_address.banchi", text_size)
    with scenario_kiosk(scenario, artifact_dir, kiosk_config, size=size) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        screen.grab().save(str(artifact_dir / "banchi.png"))
        page = screen.page
        views = ["shown", "hidden"] if text_size != "standard" else ["row"]
        for view in views:
            keyboard = page.keyboard
            assert keyboard.digits_view() == view
            keys = [b for b in page.findChildren(QPushButton) if b.isVisible()]
            names = {b.objectName() for b in keys}
            assert "kb_delete" in names and ("num_1" in names) == (view != "hidden")
            assert ("kana_ア" in names) == (view != "shown")
            for button in [*keys, screen.then_none]:
                assert visible_part(button) == button.rect(), (
                    f"{button.objectName()}: {visible_part(button)} of {button.rect()}"
                )
            if view == "shown":
                QTest.mouseClick(keyboard.digits_key, Qt.MouseButton.LeftButton)
                run.runner._settle()
                screen.grab().save(str(artifact_dir / "banchi_letters.png"))
        assert (run.kiosk.window.width(), run.kiosk.window.height()) == size
