"""A label that draws furigana (ruby) above kanji: Qt's text engine has no ruby, so
texts written with readings (`漢字《かんじ》`, i18n.ruby — やさしい日本語) are laid out
and painted here.

Without readings the label is an ordinary QLabel whose Japanese breaks only between
phrases (forms.phrases). With them, `text()` is the plain text
(what tests, speech and accessibility read) and the label lays the words out itself:
every line keeps a band above it for readings at half the text size, a base with its
reading never breaks across lines, a line never starts with closing punctuation, and
the height it asks for (`heightForWidth`) is the height it paints, so readings are never
clipped at any text size.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from forms.phrases import joined, unjoined
from i18n.ruby import has_ruby, plain, segments

#: The readings' size against the text's (JIS X 4051: half).
RUBY_SCALE = 0.5
#: Characters a line must not start with (行頭禁則): they stay on the previous line.
NO_LINE_START = set("、。，．・：；？！ー）」』】〕》〉,.!?:;)]}ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ々")


@dataclass(frozen=True)
class _Piece:
    """An unbreakable piece of a line: a base with its reading, a character, a word."""

    text: str
    reading: str | None
    width: int
    space: bool = False


@dataclass(frozen=True)
class Placed:
    """Where one piece was drawn (for tests: readings above their base, inside the label)."""

    text: str
    reading: str | None
    base: QRect
    ruby: QRect | None


def _new_line(lines: list[list[_Piece]], before: _Piece, *, kinsoku: bool) -> int:
    """Start a line for `before`; returns the width already on it. 禁則 (行頭禁則): a
    closing mark never starts a line, it takes the piece before it along (unless that
    would leave the line it came from empty)."""
    closing = before.reading is None and before.text[:1] in NO_LINE_START
    if kinsoku and closing and len(lines[-1]) > 1:
        last = lines[-1].pop()
        lines.append([last])
        return last.width
    lines.append([])
    return 0


class RubyLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = ""
        self._ruby = False
        #: The pieces and their lines at each width, for one text in one font: a layout
        #: asks for a label's height many times (526 asks to draw the first screen).
        self._measured: tuple[tuple[str, str], list[_Piece]] | None = None
        self._broken: dict[tuple[int, bool], list[list[_Piece]]] = {}
        self.setText(text)

    # -- text -----------------------------------------------------------------
    def setText(self, text: str) -> None:
        self._source = text
        self._measured, self._broken = None, {}  # nothing of the last text kept
        self._ruby = has_ruby(text)
        # Japanese wraps between phrases, not inside a word (まどぐちに / おくる, never
        # まどぐ / ちに): word joiners inside each phrase (forms.phrases). Not in markup.
        shown = plain(text) if self._ruby else text if "<" in text else joined(text)
        super().setText(shown)
        self._hint_changed()
        self.update()

    def clear(self) -> None:
        """QLabel.clear() is C++ and never calls setText(): the text as set (a
        resident's name on the card screen) would stay in `_source` past the session."""
        self.setText("")

    def text(self) -> str:
        """The text shown, without the word joiners (what tests, speech and
        accessibility read)."""
        return unjoined(super().text())

    def _hint_changed(self) -> None:
        """The height this label needs changed: so did its button's (WrapButton), whose
        height the layout above caches; a stale one clips the readings' lines."""
        self.updateGeometry()
        parent = self.parentWidget()
        if parent is not None and parent.hasHeightForWidth():
            parent.updateGeometry()

    def source_text(self) -> str:
        """The text as set, readings included."""
        return self._source

    def has_ruby(self) -> bool:
        return self._ruby

    # -- metrics --------------------------------------------------------------
    def _fonts(self) -> tuple[QFontMetrics, QFont, QFontMetrics]:
        base = QFontMetrics(self.font())
        small = QFont(self.font())
        size = self.font().pixelSize()
        if size > 0:
            small.setPixelSize(max(6, round(size * RUBY_SCALE)))
        else:
            small.setPointSizeF(max(4.0, self.font().pointSizeF() * RUBY_SCALE))
        return base, small, QFontMetrics(small)

    def _line_height(self) -> tuple[int, int]:
        """(the band for readings, the base text's line and the gap after it) in pixels:
        the gap keeps a line's readings clear of the line above."""
        base, _, ruby = self._fonts()
        return ruby.height(), base.height() + max(2, ruby.height() // 4)

    def _pieces(self) -> list[_Piece]:
        key = (self._source, self.font().key())  # a font change measures again
        if self._measured is None or self._measured[0] != key:
            self._measured = (key, self._measure())
            self._broken = {}
        return self._measured[1]

    def _measure(self) -> list[_Piece]:
        base, _, ruby = self._fonts()
        pieces: list[_Piece] = []
        for segment in segments(self._source):
            if segment.reading:
                width = max(base.horizontalAdvance(segment.text),
                            ruby.horizontalAdvance(segment.reading))  # fmt: skip
                pieces.append(_Piece(segment.text, segment.reading, width))
                continue
            word = ""
            for char in segment.text:
                if char.isascii() and not char.isspace():
                    word += char  # a Latin word or a number stays in one piece
                    continue
                if word:
                    pieces.append(_Piece(word, None, base.horizontalAdvance(word)))
                    word = ""
                if char == "\n":
                    pieces.append(_Piece("\n", None, 0))
                else:
                    pieces.append(_Piece(char, None, base.horizontalAdvance(char),
                                         space=char.isspace()))  # fmt: skip
            if word:
                pieces.append(_Piece(word, None, base.horizontalAdvance(word)))
        return pieces

    def _lines(self, width: int) -> list[list[_Piece]]:
        """Greedy line breaking at `width`. A text written with spaces between its words
        (分かち書き, as やさしい日本語 is) breaks only at the spaces, so a word such as
        引っ越した stays whole; a word wider than the line, and text without spaces,
        breaks between pieces, never before closing punctuation (行頭禁則)."""
        pieces = self._pieces()
        key = (width, self.wordWrap())
        if key not in self._broken:
            self._broken[key] = self._break(pieces, width)
        return self._broken[key]

    def _break(self, pieces: list[_Piece], width: int) -> list[list[_Piece]]:
        spaced = any(p.space for p in pieces)
        words: list[list[_Piece]] = [[]]
        for piece in pieces:
            if piece.space or piece.text == "\n":
                words.append([piece])
                words.append([])
            elif spaced:
                words[-1].append(piece)
            else:
                words.append([piece])
        lines: list[list[_Piece]] = [[]]
        used = 0
        for word in (w for w in words if w):
            if word[0].text == "\n":
                lines.append([])
                used = 0
                continue
            if word[0].space and not lines[-1]:
                continue  # no line starts with the space it broke at
            size = sum(p.width for p in word)
            if not self.wordWrap() or used + size <= width:
                lines[-1].extend(word)
                used += size
                continue
            if word[0].space:
                lines.append([])
                used = 0
                continue
            if lines[-1]:
                used = _new_line(lines, word[0], kinsoku=not spaced)
            for piece in word:  # a word as wide as the line: broken between pieces
                if lines[-1] and used + piece.width > width:
                    used = _new_line(lines, piece, kinsoku=True)
                lines[-1].append(piece)
                used += piece.width
        return lines

    def _frame_extra(self) -> tuple[int, int]:
        """Width and height the frame, margins and style padding take."""
        inner = self.contentsRect()
        extra_w = self.width() - inner.width() if self.width() else 0
        extra_h = self.height() - inner.height() if self.height() else 0
        margins = self.contentsMargins()
        return (max(extra_w, margins.left() + margins.right()) + 2 * self.margin(),
                max(extra_h, margins.top() + margins.bottom()) + 2 * self.margin())  # fmt: skip

    def _height_for_inner(self, inner_width: int) -> int:
        band, line = self._line_height()
        return len(self._lines(max(1, inner_width))) * (band + line)

    def _natural_width(self) -> int:
        return max((sum(p.width for p in line) for line in self._lines(1 << 20)), default=0)

    def hasHeightForWidth(self) -> bool:
        return True if self._ruby else super().hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        if not self._ruby:
            return super().heightForWidth(width)
        extra_w, extra_h = self._frame_extra()
        return self._height_for_inner(width - extra_w) + extra_h

    def sizeHint(self) -> QSize:
        if not self._ruby:
            return super().sizeHint()
        extra_w, extra_h = self._frame_extra()
        natural = self._natural_width()
        if self.wordWrap():
            # Like QLabel: a long text asks for a readable width, not one endless line.
            natural = min(natural, QFontMetrics(self.font()).averageCharWidth() * 40)
        return QSize(natural + extra_w, self._height_for_inner(natural) + extra_h)

    def minimumSizeHint(self) -> QSize:
        if not self._ruby:
            return super().minimumSizeHint()
        extra_w, extra_h = self._frame_extra()
        if not self.wordWrap():
            return self.sizeHint()
        widest = max((p.width for p in self._pieces()), default=0)
        band, line = self._line_height()
        return QSize(widest + extra_w, band + line + extra_h)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if self._ruby and event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._hint_changed()

    # -- painting -------------------------------------------------------------
    def layout_pieces(self) -> list[Placed]:
        """Every piece where `paintEvent` draws it, in the label's coordinates."""
        rect = self.contentsRect().adjusted(self.margin(), self.margin(),
                                            -self.margin(), -self.margin())  # fmt: skip
        base_fm, _, ruby_fm = self._fonts()
        band, line_h = self._line_height()
        lines = self._lines(max(1, rect.width()))
        total = len(lines) * (band + line_h)
        align = self.alignment()
        top = rect.top()
        if align & Qt.AlignmentFlag.AlignVCenter:
            top += max(0, (rect.height() - total) // 2)
        elif align & Qt.AlignmentFlag.AlignBottom:
            top += max(0, rect.height() - total)
        placed: list[Placed] = []
        for index, line in enumerate(lines):
            while line and line[-1].space:
                line = line[:-1]
            width = sum(p.width for p in line)
            x = rect.left()
            if align & Qt.AlignmentFlag.AlignHCenter:
                x += max(0, (rect.width() - width) // 2)
            elif align & Qt.AlignmentFlag.AlignRight:
                x += max(0, rect.width() - width)
            y = top + index * (band + line_h)
            for piece in line:
                text_w = base_fm.horizontalAdvance(piece.text)
                base = QRect(x + (piece.width - text_w) // 2, y + band, text_w,
                             base_fm.height())  # fmt: skip
                ruby = None
                if piece.reading:
                    ruby_w = ruby_fm.horizontalAdvance(piece.reading)
                    ruby = QRect(x + (piece.width - ruby_w) // 2, y, ruby_w, band)
                placed.append(Placed(piece.text, piece.reading, base, ruby))
                x += piece.width
        return placed

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._ruby:
            super().paintEvent(event)
            return
        QFrame.paintEvent(self, event)  # the style's frame and background
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        _, small, _ = self._fonts()
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
        for piece in self.layout_pieces():
            painter.setFont(self.font())
            painter.drawText(piece.base, int(Qt.AlignmentFlag.AlignCenter), piece.text)
            if piece.reading and piece.ruby is not None:
                painter.setFont(small)
                painter.drawText(piece.ruby, int(flags), piece.reading)
        painter.end()
