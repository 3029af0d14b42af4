"""The one QApplication: UD fonts registered, theme applied."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication

from ui import undo_pyside_import_hook

undo_pyside_import_hook()  # as soon as Qt is in: every window command comes through here

#: Screen text: BIZ UDPGothic (proportional UD), then IPAmj明朝 for 外字 such as 𠮷.
UI_FAMILIES = ["BIZ UDPGothic", "BIZ UDGothic", "IPAmjMincho", "IPAmj明朝"]
_FONT_DIRS = [
    Path("/usr/share/fonts/truetype/bizud-gothic"),
    Path("/usr/share/fonts/truetype/ipamj"),
    Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts",
]
_FONT_FILES = [
    "BIZUDPGothic-Regular.ttf",
    "BIZUDPGothic-Bold.ttf",
    "BIZUDGothic-Regular.ttf",
    "ipamjm.ttf",
]


class MissingFontError(RuntimeError):
    """The UD font is not installed: Japanese would show in a non-UD font or as boxes."""


def register_fonts() -> list[str]:
    """Make sure the UD fonts are known to Qt (fontconfig usually has them already)."""
    extra = os.environ.get("MADOGUCHI_FONT_DIR")
    dirs = ([Path(extra)] if extra else []) + _FONT_DIRS
    for directory in dirs:
        for name in _FONT_FILES:
            path = directory / name
            if path.exists():
                QFontDatabase.addApplicationFont(str(path))
    families = set(QFontDatabase.families())
    present = [f for f in UI_FAMILIES if f in families]
    if not any(f.startswith("BIZ UD") for f in present):
        raise MissingFontError(
            "The BIZ UD Gothic font is not installed. Run installer/setup.sh "
            "(Debian package fonts-morisawa-bizud-gothic) or set MADOGUCHI_FONT_DIR."
        )
    return present


def ui_font(point_size: float = 14, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(UI_FAMILIES)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font


def has_display() -> bool:
    """Whether Qt can open windows here (a display, or an explicit QPA platform)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith(("win", "darwin")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def application() -> QApplication:
    """The process's QApplication, created on first use with fonts and defaults."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(sys.argv[:1])
        app.setApplicationName("madoguchi")
        app.setOrganizationName("madoguchi")
    assert isinstance(app, QApplication)
    register_fonts()
    app.setFont(ui_font())
    return app
