"""Japanese on screen breaks between phrases, never inside a word (「まどぐ / ちに おくる」,
「子育て支 / 援課」, 「（転 / 入）」 were seen): labels and wrapping buttons carry word
joiners inside each phrase (forms.phrases), and Qt's own line breaking honours them.

Each label is laid out as QLabel lays it out (QTextLayout on the text the label holds,
in its font, at its width) and every line end must be a phrase boundary; the first
screen's tiles are checked at each text size as the kiosk draws them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel

from forms.phrases import LONGEST_JOINED, phrase_starts, phrases, unjoined
from kiosk.scenario import load_scenario
from tests.fixtures.qt import settle
from ui.kiosk.run_script import scenario_kiosk
from ui.theme import TextSize, ThemeName, style_sheet
from ui.widgets.buttons import role_label
from ui.widgets.tile import TileButton, WrapButton

THIN_PATH = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "moving_in_card.yaml")
SEEN = ["子育て支援課", "まどぐちに おくる", "引っ越してきた（転入）", "カードのロックの解除は窓口でできます"]


def shown_lines(label: QLabel, width: int) -> list[str]:
    """The lines of `label` at `width` px, broken as QLabel breaks them."""
    held = QLabel.text(label)  # what Qt lays out: with the word joiners
    layout = QTextLayout(held, label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(unjoined(held[line.textStart() : line.textStart() + line.textLength()]))
    layout.endLayout()
    return lines


def inside_a_phrase(text: str, lines: list[str]) -> list[str]:
    """Line ends inside a phrase short enough to be kept whole."""
    starts = phrase_starts(text)
    long_ones = {p.strip() for p in phrases(text) if len(p.strip()) > LONGEST_JOINED}
    at, bad = 0, []
    for line in lines[:-1]:
        at += len(line)
        if at not in starts and not any(part in text for part in long_ones):
            bad.append(f"{line.strip()} / {text[at:at + 3]}")
    return bad


@pytest.mark.parametrize("text", SEEN)
def test_a_label_breaks_only_between_phrases(qtbot, text: str) -> None:
    label = role_label(text, role="title")
    qtbot.addWidget(label)
    label.setStyleSheet(style_sheet(ThemeName.STANDARD, TextSize.EXTRA_LARGE))
    label.ensurePolished()
    em = label.fontMetrics().horizontalAdvance("あ")
    assert label.text() == text  # read back without the joiners
    for chars in range(3, len(text)):
        lines = shown_lines(label, em * chars + 2)
        assert "".join(lines) == text
        assert inside_a_phrase(text, lines) == [], (chars, lines)


def test_a_wrapping_button_keeps_its_words_whole(qtbot) -> None:
    button = WrapButton("probe", "まどぐちに おくる")
    qtbot.addWidget(button)
    label = button.text_label
    em = label.fontMetrics().horizontalAdvance("あ")
    assert inside_a_phrase("まどぐちに おくる", shown_lines(label, em * 4 + 2)) == []
    assert button.text() == "まどぐちに おくる" and button.accessibleName() == "まどぐちに おくる"


@pytest.mark.parametrize("text_size", ["standard", "large", "extra_large"])
def test_the_first_screens_tiles_break_between_phrases(
    text_size, qapp, kiosk_config, artifact_dir
) -> None:
    scenario = THIN_PATH.model_copy(update={"steps": [], "text_size": text_size})
    with scenario_kiosk(scenario, artifact_dir, kiosk_config, size=(1280, 1024)) as run:
        settle()
        tiles = run.kiosk.window.current_screen().findChildren(TileButton)
        assert tiles
        broken = {}
        for tile in tiles:
            if not tile.isVisible():
                continue
            label = tile.text_label
            width = label.contentsRect().width() - 2 * label.margin()
            lines = shown_lines(label, width)
            if bad := inside_a_phrase(label.text(), lines):
                broken[tile.objectName()] = bad
            # And the tile is wide enough for its widest phrase: nothing runs past it.
            widest = max(label.fontMetrics().horizontalAdvance(line) for line in lines)
            assert widest <= width + 1, (tile.objectName(), lines, width)
        run.kiosk.window.grab().save(str(Path(artifact_dir) / f"tiles_{text_size}.png"))
    assert broken == {}
