"""Buttons whose words wrap: life-event tiles (pictogram above the words), and long
answers, suggestions and consent texts.

A plain QPushButton cannot wrap its text, so a long title (家族が亡くなった（おくやみ）,
"I ask the city hall to prepare these forms...") would force the screen wider than
the kiosk's display, most of all at the largest text size.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QIcon
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from i18n.ruby import plain
from ui.widgets.ruby_label import RubyLabel


class WrapButton(QPushButton):
    def __init__(
        self,
        object_name: str,
        text: str = "",
        role: str = "",
        icon: QIcon | None = None,
        icon_size: int = 88,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        if role:
            self.setProperty("role", role)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        self.icon_size = icon_size
        self.icon_label: QLabel | None = None
        if icon is not None:
            self.icon_label = QLabel()
            self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(self.icon_label)
            self.set_icon(icon)
        self.text_label = RubyLabel()
        self.text_label.setObjectName(f"{object_name}_text")
        self.text_label.setWordWrap(True)
        self.text_label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.text_label)
        for label in (self.icon_label, self.text_label):
            if label is not None:
                # Taps on the picture or the words are taps on the button.
                label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
                label.setProperty("role", "in_button")  # coloured like the button (ui.theme)
        self.set_text(text)
        # Qt style sheets cannot select on an ancestor's :checked state, so the
        # label carries it as a property the theme styles.
        self.toggled.connect(self.show_checked)

    def show_checked(self, checked: bool) -> None:
        for label in (self.icon_label, self.text_label):
            if label is not None:
                label.setProperty("checked", "true" if checked else "false")
                label.style().unpolish(label)
                label.style().polish(label)

    def set_text(self, text: str) -> None:
        self.text_label.setText(text)
        self.setAccessibleName(plain(text))
        self.updateGeometry()

    def text(self) -> str:
        return self.text_label.text()

    def setText(self, text: str) -> None:
        self.set_text(text)  # the words live in the label, never in the button itself

    def set_icon(self, icon: QIcon, icon_size: int | None = None) -> None:
        if self.icon_label is not None:
            size = icon_size or self.icon_size
            self.icon_label.setPixmap(icon.pixmap(QSize(size, size)))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        margins = self._layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        height = self.text_label.heightForWidth(inner) + margins.top() + margins.bottom()
        if self.icon_label is not None:
            height += self.icon_size + self._layout.spacing()
        return max(height, self.minimumHeight())

    #: Asks for its words' width on one line (a footer's button, which shrinks to its
    #: longest word and wraps where the footer is short of room); else 360 px.
    natural_width = False

    def sizeHint(self) -> QSize:
        width = 360
        if self.natural_width:
            margins = self._layout.contentsMargins()
            lines = self.text_label.text().splitlines() or [""]
            metrics = QFontMetrics(self.text_label.font())
            width = (max(metrics.horizontalAdvance(line) for line in lines)
                     + margins.left() + margins.right() + 4)  # fmt: skip
        return QSize(width, self.heightForWidth(width))

    #: Never narrower than the longest word (tiles, the review's buttons): a row short
    #: of room squeezed "ventanilla" past the button's edges. Off elsewhere: rows of
    #: many buttons (the language grid, keypads) keep their own widths.
    keep_words = False

    def minimumSizeHint(self) -> QSize:
        if not self.keep_words:
            return QSize(160, self.minimumHeight())
        # The label's own least width: its widest piece as it really breaks (between
        # Japanese phrases, a number kept with its counter, 令和11年3月31日 whole), in
        # the font the theme gives it (a button measured before its first polish
        # counted the small default font). A guess from the phrases alone fell short of
        # both: the review's answers were cut at the largest text on a portrait display.
        self.text_label.ensurePolished()
        widest = self.text_label.minimumSizeHint().width()
        margins = self._layout.contentsMargins()
        return QSize(max(160, widest + margins.left() + margins.right() + 4),
                     self.minimumHeight())  # fmt: skip


def wrapping_button(object_name: str) -> WrapButton:
    """A button of one line where there is the room, more where there is not (a long
    "type it on the keypad instead" or "continue without the card" at the largest text
    made its screen wider than a portrait 1024 px display, and the window grew)."""
    button = WrapButton(object_name)
    button.keep_words = True
    button.natural_width = True
    return button


class TileButton(WrapButton):
    """A life-event tile: a pictogram above the words."""

    keep_words = True  # the attract screen takes fewer columns instead

    def __init__(
        self, object_name: str, icon: QIcon, icon_size: int = 88, parent: QWidget | None = None
    ) -> None:
        super().__init__(object_name, role="tile", icon=icon, icon_size=icon_size, parent=parent)
        self.setMinimumHeight(icon_size + 110)
