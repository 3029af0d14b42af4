"""やさしい日本語 on the kiosk (issues 12 and 15): a one-tap choice on the first screen,
named in itself; furigana drawn by `RubyLabel` above their kanji and never clipped, at
every text size; a scripted move-in completes with no screen text left in standard
Japanese where an easy text exists. Screenshots stay in tests/artifacts/ for a person
to look at."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton, QLabel, QVBoxLayout, QWidget

from i18n.catalog import LOCALES_DIR
from i18n.ruby import plain
from kiosk.scenario import Step, load_scenario
from tests.fixtures.qt import settle
from ui.kiosk.run_script import scenario_kiosk
from ui.theme import PALETTES, TextSize, ThemeName, style_sheet
from ui.widgets.ruby_label import RubyLabel
from ui.widgets.tile import WrapButton

EASY = "ja@easy"
SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "moving_in_card.yaml"
RESIDENT_DOMAINS = ["kiosk", "card", "forms", "printing", "common", "store", "catalogue"]
SENTENCE = (
    "引《ひ》っ越《こ》し・子《こ》どもが 生《う》まれた・家族《かぞく》が 亡《な》くなった"
    " などの 手続《てつづ》きが できます。紙《かみ》に 書《か》く 必要《ひつよう》は ありません。"
)


def standard_only() -> set[str]:
    """Standard Japanese texts whose easy version reads differently: none of them may
    stay on a screen in やさしい日本語 (texts with placeholders are left out: filled in,
    they match nothing exactly)."""
    found: set[str] = set()
    for domain in RESIDENT_DOMAINS:
        with (LOCALES_DIR / EASY / "LC_MESSAGES" / f"{domain}.po").open("rb") as fh:
            easy = {(str(m.id), m.context): str(m.string) for m in read_po(fh) if m.id}
        if domain == "catalogue":
            pairs = [(msgid, text) for (msgid, _), text in easy.items()]
        else:
            with (LOCALES_DIR / "ja" / "LC_MESSAGES" / f"{domain}.po").open("rb") as fh:
                ja = {str(m.id): str(m.string) for m in read_po(fh) if m.id}
            pairs = [(ja[key], text) for (key, _), text in easy.items()]
        found |= {ja_text for ja_text, text in pairs
                  if ja_text != plain(text) and "{" not in ja_text and len(ja_text) > 1}  # fmt: skip
    return found


def check_ruby(label: RubyLabel) -> None:
    """Readings above their base, centred on it, inside the label; the label as tall
    as its lines need (nothing clipped); lines apart."""
    inner = label.contentsRect()
    pieces = label.layout_pieces()
    assert pieces
    assert label.height() >= label.heightForWidth(label.width()), label.source_text()
    for piece in pieces:
        assert inner.contains(piece.base), (piece.text, piece.base, inner)
        if piece.reading is None:
            continue
        assert piece.ruby is not None
        assert inner.contains(piece.ruby), (piece.reading, piece.ruby, inner)
        assert piece.ruby.bottom() < piece.base.top(), piece.text
        assert abs(piece.ruby.center().x() - piece.base.center().x()) <= 1, piece.text
    tops = sorted({p.base.top() for p in pieces})
    rubies = [p.ruby for p in pieces if p.ruby is not None]
    for upper, lower in pairwise(tops):
        line_bottom = max(p.base.bottom() for p in pieces if p.base.top() == upper)
        # The readings of the lower line start below the base of the line above.
        lower_rubies = [r for r in rubies if upper < r.bottom() < lower]
        assert all(r.top() > line_bottom for r in lower_rubies), "lines overlap"


@pytest.mark.parametrize("size", list(TextSize))
@pytest.mark.parametrize("role", ["title", "", "in_button"])
def test_readings_sit_above_their_kanji_and_are_never_clipped(qtbot, size, role) -> None:
    host = QWidget()
    host.setStyleSheet(style_sheet(ThemeName.STANDARD, size))
    label = RubyLabel(SENTENCE)
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    layout = QVBoxLayout(host)
    layout.addWidget(label)
    layout.addStretch(1)
    qtbot.addWidget(host)
    host.resize(420, 2000)  # room for every line: the label takes what it asks for
    host.show()
    settle()
    assert label.text() == plain(SENTENCE)  # what speech and tests read
    check_ruby(label)
    lines = {p.base.top() for p in label.layout_pieces()}
    assert len(lines) >= 2  # it wrapped, at the spaces: no word broken
    for piece in label.layout_pieces():
        assert piece.text != "引" or piece.reading == "ひ"
    words = [p.base for p in label.layout_pieces()]
    assert max(r.right() for r in words) <= label.contentsRect().right()
    # The readings are drawn: ink in the band above 家族.
    image = label.grab().toImage()
    family = next(p for p in label.layout_pieces() if p.text == "家族")
    assert family.ruby is not None
    ink = QColor(PALETTES[ThemeName.STANDARD].text)
    dark = sum(
        1
        for x in range(family.ruby.left(), family.ruby.right())
        for y in range(family.ruby.top(), family.ruby.bottom())
        if abs(image.pixelColor(x, y).lightness() - ink.lightness()) < 90
    )
    assert dark > 10


def test_a_wrap_button_draws_ruby_and_grows_to_hold_it(qtbot) -> None:
    host = QWidget()
    host.setStyleSheet(style_sheet(ThemeName.STANDARD, TextSize.EXTRA_LARGE))
    button = WrapButton("b", "会社《かいしゃ》の 健康保険《けんこうほけん》（社会保険《しゃかいほけん》）")
    QVBoxLayout(host).addWidget(button)
    qtbot.addWidget(host)
    host.resize(300, 600)
    host.show()
    settle()
    assert button.text() == "会社の 健康保険（社会保険）"
    assert button.accessibleName() == "会社の 健康保険（社会保険）"
    check_ruby(button.text_label)  # type: ignore[arg-type]
    assert button.text_label.geometry().bottom() < button.height()


def visible_texts(window: QWidget) -> list[tuple[QWidget, str]]:
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton) and (
            widget.text() or widget.accessibleName()
        ):
            found.append((widget, widget.text()))
    return found


def test_easy_japanese_is_a_first_screen_choice_named_in_itself(
    qapp, kiosk_config, artifact_dir
) -> None:
    scenario = load_scenario(SCENARIO).model_copy(
        update={"steps": [Step(tap=f"lang_{EASY}")], "card": None})
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        window = run.kiosk.window
        button = window.findChild(QAbstractButton, f"lang_{EASY}")
        assert button is not None and button.text() == "やさしい にほんご"
        assert run.kiosk.controller.session.locale == "ja"
        summary = run.runner.run()
        assert summary.completed, summary.errors
        assert run.kiosk.controller.session.locale == EASY
        attract = next(s for s in window.screens.values() if s.shows.value == "attract")
        title = attract.title
        assert isinstance(title, RubyLabel) and title.isVisible() and title.has_ruby()
        assert title.text() == "書かない 窓口"
        assert button.isChecked()


@pytest.mark.parametrize(
    ("name", "text_size"),
    [("moving_in_card", "standard"), ("moving_in_card", "extra_large"),
     ("event_birth_card", "standard"), ("event_death_no_card", "large")],
)  # fmt: skip
def test_a_move_in_in_easy_japanese_leaves_no_standard_japanese_on_screen(
    name, text_size, qapp, kiosk_config, artifact_dir
) -> None:
    """The move-in, and a birth (bank lists) and a death without a card (typed names,
    addresses, the deceased's questions)."""
    scenario = load_scenario(SCENARIO.parent / f"{name}.yaml").model_copy(
        update={"locale": EASY, "text_size": text_size})
    banned = standard_only()
    long_banned = [t for t in banned if len(t) >= 6]
    seen: dict[str, list[str]] = {}
    ruby_on: dict[str, int] = {}
    leaks: list[str] = []
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        runner = run.runner
        shoot, settled = runner._screenshot, runner._settle

        def read(check_layout: bool) -> None:
            screen = run.kiosk.controller.session.screen_id
            for widget, text in visible_texts(run.kiosk.window):
                if text in banned or any(t in text for t in long_banned):
                    seen.setdefault(screen, []).append(text)
                # The markup never shows, nor reaches speech (accessible names).
                if "《" in text or "《" in widget.accessibleName():
                    leaks.append(f"{screen}: {widget.objectName()} {text!r}")
                if isinstance(widget, RubyLabel) and widget.has_ruby():
                    ruby_on[screen] = ruby_on.get(screen, 0) + 1
                    if check_layout:
                        check_ruby(widget)

        def shoot_and_read(**kwargs) -> None:  # type: ignore[no-untyped-def]
            shoot(**kwargs)
            read(check_layout=False)  # as first shown (the layout may still settle)

        def settle_and_check() -> None:
            settled()
            read(check_layout=True)  # laid out: every reading inside its label

        # Spies on the real runner: it still shoots and settles as it always does.
        runner._screenshot = shoot_and_read  # type: ignore[method-assign]
        runner._settle = settle_and_check  # type: ignore[method-assign]
        summary = runner.run()
        # Nothing wider than the screen: no screen shown scrolls sideways.
        visited = {v.split(":")[0] for v in summary.screens}
        for shown in run.kiosk.window.screens.values():
            if shown.shows.value in visited:
                assert shown.body_scroll.horizontalScrollBar().maximum() == 0, shown.shows
    assert summary.completed, summary.errors
    assert summary.unreachable == []
    assert summary.reception_number
    assert seen == {}, "standard Japanese left on screen"
    assert leaks == []
    # Every screen the resident saw carried furigana.
    assert [s for s in summary.screens if s not in ruby_on] == []
    assert summary.screens[-1] == "done"
