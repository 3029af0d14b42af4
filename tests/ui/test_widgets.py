"""Touch widgets draw their words in the theme's colours (nothing invisible)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.theme import PALETTES, TextSize, ThemeName, style_sheet
from ui.widgets.tile import WrapButton


def ink(image: QImage, color: str, tolerance: int = 60) -> int:
    """How many pixels are close to `color` (the words, drawn anti-aliased)."""
    want = QColor(color)
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - want.red())
                + abs(c.green() - want.green())
                + abs(c.blue() - want.blue())
            ) < tolerance:
                count += 1
    return count


@pytest.mark.parametrize("theme", list(ThemeName))
@pytest.mark.parametrize("state", ["plain", "checked", "primary"])
def test_wrap_button_words_are_drawn_in_the_theme_colour(qtbot, theme, state) -> None:
    palette = PALETTES[theme]
    host = QWidget()
    host.setStyleSheet(style_sheet(theme, TextSize.STANDARD))
    button = WrapButton(
        "b",
        "勤め先の健康保険（社会保険）と、とても長い説明の文章",
        role=("primary" if state == "primary" else ""),
    )
    button.setCheckable(state == "checked")
    QVBoxLayout(host).addWidget(button)
    qtbot.addWidget(host)
    host.resize(360, 220)
    host.show()
    if state == "checked":
        button.setChecked(True)
    qtbot.wait(10)
    image = button.grab().toImage()
    expected = palette.secondary_text if state == "plain" else palette.primary_text
    assert ink(image, expected) > 200, f"words not drawn in {expected}"
    # Long words wrap inside the button instead of widening it.
    assert button.width() <= 360
