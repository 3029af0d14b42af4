"""An application's answers as rows for the detail view, and typed input back (Qt-free).

Rows follow the data dictionary's asking order (the order the resident answered in),
members of a repeat group together. Values read as on the forms: 和暦 dates, choice
labels, 〒 postal codes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from forms.catalogue import Catalogue
from forms.data import dictionary_key, get_value
from forms.model import Field
from forms.values import answer_text
from forms.wareki import WarekiError, parse_wareki
from i18n import Translator, translator
from kiosk.audit_report import item_label

#: Types edited as free text (the checks still apply their rules).
TEXT_TYPES = ("text", "kana", "address", "phone", "digits", "postal_code")


@dataclass(frozen=True)
class AnswerRow:
    path: str  # applicant.name, children[0].birth_date
    label: str
    value: Any
    text: str
    type: str
    glyph_check: bool  # flagged for a 外字/字形 check
    glyph_note: str = ""


def text_of(texts: Any, locale: str) -> str:
    return translator(locale).text(texts) if texts is None or hasattr(texts, "get") else str(texts)


def _members(data: dict[str, Any], group: str) -> int:
    members = get_value(data, group)
    return len(members) if isinstance(members, list) else 0


def answer_rows(
    catalogue: Catalogue,
    data: dict[str, Any],
    glyph_checks: dict[str, str],
    locale: str,
    tr: Translator,
) -> list[AnswerRow]:
    """Every answered fact (not computed, never the 個人番号), in asking order.

    `glyph_checks` maps flagged paths to their note; a flagged path the dictionary does
    not know still gets a row, so nothing flagged is hidden.
    """
    group_order: dict[str, int] = {}
    for spec in catalogue.dictionary.values():
        if spec.group:
            group_order[spec.group] = min(group_order.get(spec.group, spec.order), spec.order)
    keyed: list[tuple[tuple[int, int, int], AnswerRow]] = []
    seen: set[str] = set()
    for key, spec in catalogue.dictionary.items():
        if spec.computed is not None or spec.sensitive:
            continue
        if spec.group is None:
            paths = [(key, 0)]
        else:
            paths = [
                (f"{spec.group}[{i}].{spec.member}", i) for i in range(_members(data, spec.group))
            ]
        for path, index in paths:
            value = get_value(data, path)
            if value is None:
                continue
            label = text_of(spec.label, locale)
            if spec.group is not None:
                label = f"{label}（{index + 1}）"
            row = AnswerRow(
                path,
                label,
                value,
                answer_text(catalogue, spec, value, tr),  # as staff read it
                spec.type,
                path in glyph_checks,
                glyph_checks.get(path, ""),
            )
            order = group_order.get(spec.group, spec.order) if spec.group else spec.order
            keyed.append(((order, index, spec.order), row))
            seen.add(path)
    for path, note in glyph_checks.items():
        if path not in seen:
            value = get_value(data, path)
            text = "—" if value is None else str(value)
            row = AnswerRow(path, path, value, text, "text", True, note)
            keyed.append(((10**9, 0, 0), row))
    return [row for _, row in sorted(keyed, key=lambda kv: kv[0])]


class InputError(ValueError):
    """What staff typed cannot be read as the fact's type (the key says why)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def parse_input(spec: Field | None, text: str) -> Any:
    """Typed text → the value stored in the data (dates as ISO strings).

    Dates may be typed as 2025-04-01, 2025/4/1 or in 和暦 (令和7年4月1日, R7.4.1).
    Anything else is handed to the checks as typed, which report what is wrong.
    """
    kind = spec.type if spec else "text"
    text = text.strip()
    if kind == "date":
        normalized = unicodedata.normalize("NFKC", text)
        match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", normalized)
        try:
            if match:
                return date(*(int(g) for g in match.groups())).isoformat()
            return parse_wareki(text).isoformat()
        except (ValueError, WarekiError):
            raise InputError("staff.edit.bad_date", text=text) from None
    if kind == "integer":
        normalized = unicodedata.normalize("NFKC", text)
        if not re.fullmatch(r"-?\d+", normalized):
            raise InputError("staff.edit.bad_number", text=text)
        return int(normalized)
    return text


def field_of(catalogue: Catalogue, path: str) -> Field | None:
    return catalogue.dictionary.get(dictionary_key(path))


def path_label(catalogue: Catalogue, path: str, locale: str) -> str | None:
    """The dictionary's label for a data path, numbered as the answers list numbers it
    ("children[1].name" → "氏名（2）"); None when the path names no fact."""
    return item_label(catalogue, path, translator(locale))


def form_title(catalogue: Catalogue, form_id: str, locale: str) -> str | None:
    form = catalogue.forms.get(form_id)
    return text_of(form.title, locale) if form is not None else None
