"""A large tile button with a pictogram above a label that wraps: the life events.

A plain QPushButton cannot wrap its text, so long titles (家族が亡くなった（おくやみ）,
"Someone in my family died") would force the screen wider than the kiosk's display.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class TileButton(QPushButton):
    def __init__(
        self, object_name: str, icon: QIcon, icon_size: int = 88, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setProperty("role", "tile")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.icon_label = QLabel()
        self.icon_label.setPixmap(icon.pixmap(QSize(icon_size, icon_size)))
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text_label = QLabel()
        self.text_label.setObjectName("tile_text")
        self.text_label.setWordWrap(True)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for label in (self.icon_label, self.text_label):
            # Taps on the picture or the words are taps on the tile.
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setStyleSheet("background: transparent; border: none;")
            layout.addWidget(label)
        self.setMinimumHeight(icon_size + 110)

    def set_text(self, text: str) -> None:
        self.text_label.setText(text)
        self.setAccessibleName(text)

    def set_icon(self, icon: QIcon, icon_size: int = 88) -> None:
        self.icon_label.setPixmap(icon.pixmap(QSize(icon_size, icon_size)))

    def sizeHint(self) -> QSize:
        return QSize(220, self.minimumHeight())

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.minimumHeight())
