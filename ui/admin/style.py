"""The editor's look: the staff desktop's sheet, plus headings and the check status."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ui.desktop.style import staff_style_sheet
from ui.theme import PALETTES, ThemeName

#: Fixed-pitch UD Gothic: Japanese and ASCII line up in columns in the YAML editor.
EDITOR_FAMILY = "BIZ UDGothic"


def admin_style_sheet() -> str:
    p = PALETTES[ThemeName.STANDARD]
    return (
        staff_style_sheet()
        + f"""
    QLabel[role="heading"] {{ font-weight: bold; color: {p.secondary_text}; padding: 2px 0; }}
    QLabel[role="ok"] {{ color: #1E6B30; font-weight: bold; padding: 6px 10px; }}
    QLabel[role="bad"] {{ color: {p.error_text}; font-weight: bold; padding: 6px 10px; }}
    QPlainTextEdit, QTextBrowser {{ background: {p.surface}; border: 1px solid #C9D1D9; }}
    QPlainTextEdit#yaml_editor {{ font-family: "{EDITOR_FAMILY}"; font-size: 14px; }}
    QListWidget {{ background: {p.surface}; border: 1px solid #C9D1D9; }}
    QListWidget::item {{ padding: 4px 6px; }}
    QListWidget::item:selected {{ background: {p.primary}; color: {p.primary_text}; }}
    QTabBar::tab {{ padding: 6px 14px; }}
    QLabel#message {{ padding: 0; }}
    QTabBar::tab:selected {{ font-weight: bold; }}
    """
    )


def role_label(name: str, role: str) -> QLabel:
    """An empty, wrapping label styled by its role (heading, muted, ...)."""
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("role", role)
    label.setWordWrap(True)
    return label
