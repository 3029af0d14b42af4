"""How an answer reads, one formatter per field type: 和暦 and western dates, 〒 postal
codes, choices, yes/no. The kiosk's read-back, the staff and admin answer rows and the
PDF forms all format through here, so "how a date is shown" is written once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, Protocol

from forms.wareki import WarekiError, format_wareki

#: What an empty answer reads as on screen.
EMPTY = "—"


class Words(Protocol):
    """The reader's language (an i18n.Translator): message keys and catalogue texts."""

    def __call__(self, key: str, /, **values: Any) -> str: ...

    def text(self, texts: Mapping[str, str] | str | None) -> str: ...


def postal_code(value: Any, *, typing: bool = False) -> str:
    """``1000001`` (or ``１００－０００１``) → ``〒100-0001``; anything not 7 digits as it
    is. `typing`: digits still being typed (``〒100-00`` once past the third)."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", str(value)) if ch.isdigit())
    shaped = len(digits) > 3 if typing else len(digits) == 7
    return f"〒{digits[:3]}-{digits[3:]}" if shaped else str(value)


def wareki(value: Any) -> str:
    """A date in 和暦: ``令和7年4月1日``; anything else (or a day before 明治) as it is."""
    try:
        return format_wareki(value) if isinstance(value, date) else str(value)
    except WarekiError:
        return str(value)


def western(value: Any) -> str:
    """A date as ``2025年4月1日``; anything else as it is."""
    return f"{value.year}年{value.month}月{value.day}日" if isinstance(value, date) else str(value)


def date_text(day: date, *, resident: str | None = None) -> str:
    """A date as a person reads it: for the resident reading Japanese (`resident="ja"`)
    in 和暦 alone; for one reading another language the ISO date first
    (``2025-04-01 (令和7年4月1日)``); for staff (`resident=None`) 和暦 with the date as
    stored (``令和7年4月1日（2025-04-01）``)."""
    era, iso = wareki(day), day.isoformat()
    if resident == "ja" or era == iso:  # 和暦 alone, or no era (before 明治)
        return era
    return f"{iso} ({era})" if resident else f"{era}（{iso}）"


def choices(value: Any, label: Callable[[Any], str], separator: str = "、") -> str:
    """One choice's label, or several (a multi_choice answer) joined."""
    values: Iterable[Any] = value if isinstance(value, list) else [value]
    return separator.join(label(v) for v in values)


def answer_text(
    catalogue: Any, spec: Any, value: Any, words: Words, *, resident: str | None = None
) -> str:
    """An answer as a person reads it back, by its field's type (`spec`, a forms.model
    Field, or None for a path the dictionary does not know); `resident`: the resident's
    language when they read it, None for staff (see `date_text`)."""
    if value is None or value == "":
        return EMPTY
    kind = spec.type if spec else ""
    if kind == "date":
        try:
            return date_text(date.fromisoformat(str(value)), resident=resident)
        except ValueError:  # not a date after all
            return str(value)
    if kind == "postal_code":
        return postal_code(value)
    if kind == "yes_no":
        return words("common.yes" if value else "common.no")
    if kind in ("choice", "multi_choice") and spec.choices:
        return choices(value, lambda v: words.text(catalogue.choice_texts(spec.choices, v)))
    return str(value)
