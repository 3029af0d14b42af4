"""The staff desktop's look: the kiosk palette at desk sizes (mouse and keyboard, not
touch). Widgets carry a `role` property the sheet styles, as in the kiosk."""

from __future__ import annotations

from ui.theme import PALETTES, ThemeName

#: Table cells' left and right padding in pixels (the sheet's QTableView::item): wrapped
#: values are measured for the width left inside it (ui.desktop.tables).
ITEM_PADDING_X = 8


def staff_style_sheet() -> str:
    p = PALETTES[ThemeName.STANDARD]
    return f"""
    QMainWindow, QDialog {{ background: {p.background}; }}
    QWidget {{ font-size: 15px; color: {p.text}; }}
    QLabel[role="title"] {{ font-size: 22px; font-weight: bold; }}
    QLabel[role="number"] {{ font-size: 40px; font-weight: bold; color: {p.secondary_text}; }}
    QLabel[role="name"] {{ font-size: 26px; font-weight: bold; }}
    QLabel[role="muted"] {{ color: {p.muted}; }}
    QLabel[role="banner"] {{ background: {p.warning_bg}; color: {p.warning_text};
        border: 2px solid {p.warning_text}; border-radius: 6px; padding: 8px 12px; font-weight: bold; }}
    QLabel[role="error"] {{ background: {p.error_bg}; color: {p.error_text};
        border: 2px solid {p.error_text}; border-radius: 6px; padding: 6px 10px; }}
    QLabel[role="info"] {{ color: {p.secondary_text}; padding: 6px 10px; }}
    QLabel[role="glyph"] {{ font-size: 56px; }}
    QFrame#message_box[tone="error"] {{ background: {p.error_bg};
        border: 2px solid {p.error_text}; border-radius: 6px; }}
    QFrame#message_box[tone="error"] QLabel {{ color: {p.error_text}; }}
    QFrame#message_box[tone="info"] QLabel {{ color: {p.secondary_text}; }}
    QPushButton {{ padding: 6px 14px; border: 2px solid {p.border}; border-radius: 6px;
        background: {p.surface}; color: {p.secondary_text}; }}
    QPushButton[role="primary"] {{ background: {p.primary}; color: {p.primary_text};
        border-color: {p.primary}; font-weight: bold; font-size: 17px; padding: 8px 20px; }}
    QPushButton[role="variant"] {{ font-size: 44px; min-width: 84px; min-height: 84px; }}
    QPushButton[role="char"] {{ font-size: 34px; min-width: 56px; min-height: 60px; }}
    QPushButton:checked {{ background: {p.primary}; color: {p.primary_text}; }}
    QPushButton:disabled {{ color: {p.muted}; border-style: dashed; background: {p.background}; }}
    QPushButton:focus {{ border-color: {p.focus}; }}
    QTableView {{ background: {p.surface}; gridline-color: #C9D1D9; selection-background-color: {p.primary};
        selection-color: {p.primary_text}; }}
    QTableView::item {{ padding: 2px {ITEM_PADDING_X}px; }}
    QHeaderView::section {{ background: #E4E9EE; padding: 4px; border: 1px solid #C9D1D9; font-weight: bold; }}
    """
