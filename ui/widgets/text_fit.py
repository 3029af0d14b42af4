"""How wide a text's widest line is when wrapped as a QLabel wraps it: a line still
wider than the room is a word that cannot break (the kiosk tests and
`madoguchi i18n overflow` measure with it)."""

from __future__ import annotations

import math

from PySide6.QtGui import QFont, QTextLayout, QTextOption

from forms.phrases import joined


def widest_line(text: str, font: QFont, width: int) -> int:
    """The widest line of `text` in `font` wrapped at word boundaries into `width` px
    (where Unicode allows a break: spaces, between kanji or kana... but inside a
    Japanese phrase: forms.phrases)."""
    widest = 0.0
    for paragraph in text.splitlines() or [""]:
        layout = QTextLayout(joined(paragraph), font)  # as RubyLabel shows it
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(max(1, width))
            widest = max(widest, line.naturalTextWidth())
        layout.endLayout()
    return math.ceil(widest)
