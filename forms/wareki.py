"""和暦 (Japanese era) dates: format a date as 令和7年4月1日 and parse it back.

Era boundaries are exact days: 昭和64年1月7日 is followed by 平成元年1月8日, and
平成31年4月30日 by 令和元年5月1日. The first year of an era is written 元年.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Era:
    name: str  # 令和
    short: str  # 令 (the one-character form on pre-printed 明・大・昭・平・令 boxes)
    letter: str  # R
    start: date  # first day of the era


#: Newest first. Meiji is counted from the adoption of the solar calendar (明治6年1月1日)
#: in the sense that earlier dates never occur on a resident's form.
ERAS: tuple[Era, ...] = (
    Era("令和", "令", "R", date(2019, 5, 1)),
    Era("平成", "平", "H", date(1989, 1, 8)),
    Era("昭和", "昭", "S", date(1926, 12, 25)),
    Era("大正", "大", "T", date(1912, 7, 30)),
    Era("明治", "明", "M", date(1868, 1, 25)),
)


class WarekiError(ValueError):
    """The text is not a 和暦 date, or names a day that did not exist in that era."""

    key = "forms.wareki.invalid"

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"{text!r}: {reason}")
        self.text = text
        self.reason = reason


def era_of(day: date) -> Era:
    for era in ERAS:
        if day >= era.start:
            return era
    raise WarekiError(day.isoformat(), "before the Meiji era")


def era_year(day: date) -> tuple[Era, int]:
    era = era_of(day)
    return era, day.year - era.start.year + 1


def format_wareki(
    day: date | str,
    *,
    gannen: bool = True,
    short: bool = False,
    fullwidth: bool = False,
    with_day: bool = True,
) -> str:
    """`date(2019, 5, 1)` → ``令和元年5月1日``.

    gannen: write the first year as 元年 (official style) rather than 1年.
    short: use the one-letter era name (令1年5月1日) for narrow boxes.
    fullwidth: full-width digits (令和７年４月１日) for pre-printed vertical styles.
    with_day: leave the day out (令和7年4月) for month-only fields.
    """
    if isinstance(day, str):
        day = date.fromisoformat(day)
    era, year = era_year(day)
    year_text = "元" if year == 1 and gannen else str(year)
    text = f"{era.short if short else era.name}{year_text}年{day.month}月"
    if with_day:
        text += f"{day.day}日"
    if fullwidth:
        text = text.translate(_TO_FULLWIDTH)
    return text


_TO_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_BY_NAME = {e.name: e for e in ERAS} | {e.short: e for e in ERAS} | {e.letter: e for e in ERAS}
_PATTERN = re.compile(
    r"^\s*(?P<era>令和|平成|昭和|大正|明治|[令平昭大明RHSTM])\s*\.?\s*"
    r"(?P<year>元|\d{1,2})\s*(?:年|\.|/|-)\s*"
    r"(?P<month>\d{1,2})\s*(?:月|\.|/|-)\s*"
    r"(?P<day>\d{1,2})\s*日?\s*$",
    re.IGNORECASE,
)


def parse_wareki(text: str) -> date:
    """``令和元年5月1日`` / ``R1.5.1`` / ``平成３１年４月３０日`` → a `date`.

    Rejects a day outside its era (``平成31年5月1日`` is 令和元年5月1日, and does not
    exist as 平成) so a mistyped era is caught instead of silently shifted.
    """
    normalized = unicodedata.normalize("NFKC", text)
    match = _PATTERN.match(normalized)
    if not match:
        raise WarekiError(text, "not a 和暦 date like 令和7年4月1日")
    era = _BY_NAME[match["era"].upper() if match["era"].isascii() else match["era"]]
    year = 1 if match["year"] == "元" else int(match["year"])
    if year < 1:
        raise WarekiError(text, "era years start at 1 (元年)")
    try:
        result = date(era.start.year + year - 1, int(match["month"]), int(match["day"]))
    except ValueError as exc:
        raise WarekiError(text, str(exc)) from None
    if result < era.start:
        raise WarekiError(text, f"{era.name} began on {era.start.isoformat()}")
    following = ERAS[ERAS.index(era) - 1] if era is not ERAS[0] else None
    if following is not None and result >= following.start:
        raise WarekiError(text, f"{era.name} ended before {following.start.isoformat()}")
    return result
