"""Kiosk look: two colour themes × three text sizes, as one Qt style sheet.

Widgets carry a `role` property ("title", "primary", "key"...) and the sheet styles
roles, so screens never hard-code colours or sizes. Colours pass WCAG AA contrast in
the standard theme and AAA (≥ 7:1) in high contrast; states never rely on colour
alone (buttons also differ in border and text).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TextSize(StrEnum):
    STANDARD = "standard"
    LARGE = "large"
    EXTRA_LARGE = "extra_large"

    @property
    def scale(self) -> float:
        return {"standard": 1.0, "large": 1.25, "extra_large": 1.5}[self.value]


class ThemeName(StrEnum):
    STANDARD = "standard"
    HIGH_CONTRAST = "high_contrast"


@dataclass(frozen=True)
class Palette:
    background: str
    surface: str
    text: str
    muted: str
    primary: str
    primary_text: str
    secondary: str
    secondary_text: str
    border: str
    warning_bg: str
    warning_text: str
    error_bg: str
    error_text: str
    focus: str


PALETTES = {
    ThemeName.STANDARD: Palette(
        background="#F4F6F8",
        surface="#FFFFFF",
        text="#1A1A1A",
        muted="#4A5560",
        primary="#0B5CAD",
        primary_text="#FFFFFF",
        secondary="#FFFFFF",
        secondary_text="#0B3D70",
        border="#6B7A89",
        warning_bg="#FFF4CC",
        warning_text="#5C4200",
        error_bg="#FDE7E7",
        error_text="#8A1111",
        focus="#E07B00",
    ),
    ThemeName.HIGH_CONTRAST: Palette(
        background="#000000",
        surface="#000000",
        text="#FFFFFF",
        muted="#FFFFFF",
        primary="#FFEB3B",
        primary_text="#000000",
        secondary="#000000",
        secondary_text="#FFFFFF",
        border="#FFFFFF",
        warning_bg="#000000",
        warning_text="#FFEB3B",
        error_bg="#000000",
        error_text="#FF8A80",
        focus="#00E5FF",
    ),
}


def style_sheet(theme: ThemeName = ThemeName.STANDARD, size: TextSize = TextSize.STANDARD) -> str:
    p = PALETTES[theme]
    s = size.scale

    def px(v: float) -> str:
        return f"{round(v * s)}px"

    def grown(base: float, share: float) -> int:
        """`base` px grown by `share` of the text's growth (1: as the text)."""
        return round(base * (1 + (s - 1) * share))

    # Keys grow less than their digits: the larger text still fits the key, and the
    # whole pad (and its OK) stays on the display at the largest size.
    key_height = grown(80, 0.4)
    kbd_height = grown(60, 0.2)
    # ...and in width: ten kana columns fit a portrait 1024 px display at the largest size
    # (60 px a key, over 15 mm); grown as the text, the ア column ran past the edge.
    kbd_width = grown(56, 0.15)
    # The calendar's days likewise: seven grown as the text (96 px) cut Saturday at a
    # portrait 1024 px display's edge; two digits still fit at the largest size.
    day_width = grown(64, 0.5)
    # ...and the keypads' keys (PIN, dates): three grown as the text beside the eras
    # ran the birth date's 3, 6, 9 past a portrait 1024 px display's edge.
    key_width = grown(100, 0.25)
    # Buttons likewise (their words grow in full): a footer as high as the text grows
    # took a line of keys' room on a landscape display at the largest size.
    button_height = grown(88, 0.5)

    return f"""
    QWidget {{ background: {p.background}; color: {p.text}; font-size: {px(26)}; }}
    QLabel[role="title"] {{ font-size: {px(44)}; font-weight: bold; }}
    QLabel[role="subtitle"] {{ font-size: {px(30)}; color: {p.muted}; }}
    QLabel[role="value"] {{ font-size: {px(34)}; font-weight: bold; background: {p.surface};
        border: 2px solid {p.border}; border-radius: 8px; padding: 10px; }}
    QLabel[role="field"] {{ font-size: {px(24)}; color: {p.muted}; }}
    QLabel[role="big_number"] {{ font-size: {px(120)}; font-weight: bold; color: {p.primary if theme == ThemeName.HIGH_CONTRAST else p.secondary_text}; }}
    QLabel[role="pin_dots"] {{ font-size: {round(64 * (1 + (s - 1) * 0.4))}px; letter-spacing: 8px; background: {p.surface};
        border: 3px solid {p.border}; border-radius: 10px; padding: 8px 24px; }}
    QLabel[role="warning"] {{ background: {p.warning_bg}; color: {p.warning_text};
        border: 3px solid {p.warning_text}; border-radius: 10px; padding: 14px; font-weight: bold; }}
    QLabel[role="error"] {{ background: {p.error_bg}; color: {p.error_text};
        border: 3px solid {p.error_text}; border-radius: 10px; padding: 14px; font-weight: bold; }}
    QLabel[role="progress"] {{ font-size: {px(22)}; color: {p.muted}; }}
    QPushButton {{ min-height: {button_height}px; padding: 8px 28px; border-radius: 14px;
        font-size: {px(30)}; font-weight: bold; background: {p.secondary}; color: {p.secondary_text};
        border: 3px solid {p.border}; }}
    QPushButton[role="primary"] {{ background: {p.primary}; color: {p.primary_text}; border: 3px solid {p.primary}; }}
    QPushButton[role="key"] {{ min-width: {key_width}px; min-height: {key_height}px; padding: 2px;
        font-size: {px(40)}; }}
    QPushButton[role="day"] {{ min-width: {day_width}px; min-height: {px(62)}; padding: 2px;
        font-size: {px(32)}; }}
    QPushButton[role="kbd"] {{ min-height: {kbd_height}px; min-width: {kbd_width}px; padding: 2px;
        font-size: {px(28)}; border-radius: 10px; }}
    QPushButton[role="small"] {{ min-height: {px(64)}; font-size: {px(22)}; padding: 4px 16px; }}
    QPushButton[compact="true"] {{ min-height: {kbd_height}px; padding: 2px 16px; }}
    QPushButton[role="page"] {{ min-height: 72px; min-width: 72px; padding: 2px; font-size: {px(30)}; }}
    QScrollBar:vertical {{ width: 24px; }}
    QPushButton[role="tile"] {{ min-height: {px(150)}; font-size: {px(30)}; text-align: center; }}
    QLabel[role="in_button"] {{ background: transparent; border: none; color: {p.secondary_text};
        font-size: {px(28)}; font-weight: bold; }}
    QPushButton[role="primary"] QLabel[role="in_button"] {{ color: {p.primary_text}; }}
    QLabel[role="in_button"][checked="true"] {{ color: {p.primary_text}; }}
    QPushButton[role="small"] QLabel[role="in_button"] {{ font-size: {px(22)}; }}
    QPushButton:checked {{ background: {p.primary}; color: {p.primary_text}; border: 4px solid {p.focus}; }}
    QPushButton:disabled {{ color: {p.muted}; background: {p.background}; border: 3px dashed {p.border}; }}
    QPushButton:focus {{ border: 5px solid {p.focus}; }}
    QFrame[role="card"] {{ background: {p.surface}; border: 2px solid {p.border}; border-radius: 12px; }}
    QFrame[role="banner"] {{ background: {p.warning_bg}; border: 3px solid {p.warning_text}; border-radius: 10px; }}
    """
