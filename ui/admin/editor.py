"""The YAML text editor: line numbers, a light highlighter, problem lines marked.

`CodeEditorView` is a QPlainTextEdit whose document can be swapped (one `QTextDocument`
per file, so each keeps its own undo history); `go_to_line(n)` puts the cursor at the
start of line n and centres it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRegularExpression, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextDocumentLayout, QPlainTextEdit, QTextEdit, QWidget

#: Fixed-pitch UD Gothic first (the style sheet names it too: ui.admin.style).
EDITOR_FAMILIES = ["BIZ UDGothic", "IPAmjMincho", "monospace"]
PROBLEM_BG = QColor("#FFE1E1")
CURRENT_BG = QColor("#EEF4FB")


def _format(color: str, bold: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    return fmt


class YamlHighlighter(QSyntaxHighlighter):
    """Keys, strings, numbers and comments; enough to see the structure, no more."""

    RULES = (
        (
            QRegularExpression(r"^\s*(- )?[^\s#:'\"][^#:]*?(?=:(\s|$))"),
            _format("#0B3D70", bold=True),
        ),
        (QRegularExpression(r"\b(true|false|null|yes|no)\b"), _format("#7A3E9D")),
        (QRegularExpression(r"(?<=[\s\[,{:])-?\d+(\.\d+)?\b"), _format("#8A4B00")),
        (QRegularExpression(r"'[^']*'|\"[^\"]*\""), _format("#1E6B30")),
        (QRegularExpression(r"(^|\s)#.*$"), _format("#5F6B76")),
    )

    def highlightBlock(self, text: str) -> None:
        for pattern, fmt in self.RULES:
            matches = pattern.globalMatch(text)
            while matches.hasNext():
                match = matches.next()
                self.setFormat(match.capturedStart(), match.capturedLength(), fmt)


def yaml_document(text: str, parent: QWidget | None = None) -> QTextDocument:
    """A document for the editor, highlighted, with `text` and an empty undo history."""
    document = QTextDocument(parent)
    document.setDocumentLayout(QPlainTextDocumentLayout(document))
    document.setPlainText(text)
    document.clearUndoRedoStacks()
    document.setModified(False)
    document.highlighter = YamlHighlighter(document)  # type: ignore[attr-defined]  # kept alive with it
    return document


class _LineNumbers(QWidget):
    def __init__(self, editor: CodeEditorView) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.number_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.editor.paint_numbers(event)


class CodeEditorView(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("yaml_editor")
        font = QFont()
        font.setFamilies(EDITOR_FAMILIES)
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(11.5)
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 2)
        self._numbers = _LineNumbers(self)
        self._problem_lines: set[int] = set()
        self.blockCountChanged.connect(lambda _: self._update_margin())
        self.updateRequest.connect(self._scroll_numbers)
        self.cursorPositionChanged.connect(self._update_marks)
        self._update_margin()

    # -- documents and lines -------------------------------------------------------------

    def show_document(self, document: QTextDocument) -> None:
        # The editor's (fixed-pitch) font, not the application's: the line numbers are
        # drawn with it, so the lines and their numbers keep the same height.
        document.setDefaultFont(self.font())
        self.setDocument(document)
        self._update_margin()
        self._update_marks()

    def go_to_line(self, line: int) -> None:
        block = self.document().findBlockByNumber(max(0, line - 1))
        if not block.isValid():
            block = self.document().lastBlock()
        cursor = QTextCursor(block)
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def current_line(self) -> int:
        return self.textCursor().blockNumber() + 1

    def set_problem_lines(self, lines: set[int]) -> None:
        self._problem_lines = set(lines)
        self._update_marks()
        self._numbers.update()

    @property
    def problem_lines(self) -> set[int]:
        return set(self._problem_lines)

    def _update_marks(self) -> None:
        marks: list[QTextEdit.ExtraSelection] = []
        if not self.isReadOnly():
            marks.append(self._line_mark(self.textCursor(), CURRENT_BG))
        for line in sorted(self._problem_lines):  # drawn last: a problem line stays red
            block = self.document().findBlockByNumber(line - 1)
            if block.isValid():
                marks.append(self._line_mark(QTextCursor(block), PROBLEM_BG))
        self.setExtraSelections(marks)

    @staticmethod
    def _line_mark(cursor: QTextCursor, color: QColor) -> QTextEdit.ExtraSelection:
        mark = QTextEdit.ExtraSelection()
        mark.format.setBackground(color)
        mark.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        mark.cursor = cursor
        mark.cursor.clearSelection()
        return mark

    # -- the line number margin ------------------------------------------------------------

    def number_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 14 + self.fontMetrics().horizontalAdvance("9") * max(3, digits)

    def _update_margin(self) -> None:
        self.setViewportMargins(self.number_width(), 0, 0, 0)

    def _scroll_numbers(self, rect: QRect, dy: int) -> None:
        if dy:
            self._numbers.scroll(0, dy)
        else:
            self._numbers.update(0, rect.y(), self._numbers.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self._update_margin()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        area = self.contentsRect()
        self._numbers.setGeometry(
            QRect(area.left(), area.top(), self.number_width(), area.height())
        )

    def paint_numbers(self, event: QPaintEvent) -> None:
        painter = QPainter(self._numbers)
        painter.fillRect(event.rect(), QColor("#E9EDF1"))
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                problem = number + 1 in self._problem_lines
                painter.setPen(QColor("#B00020") if problem else QColor("#4A5560"))
                painter.drawText(
                    0,
                    top,
                    self._numbers.width() - 6,
                    height,
                    int(Qt.AlignmentFlag.AlignRight),
                    str(number + 1),
                )
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()
