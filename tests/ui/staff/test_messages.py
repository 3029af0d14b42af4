"""Keys the staff window and the lobby display build at run time (roles, audit
actions, sort orders, statistics buckets, flag reasons) are translated in ja and en."""

from __future__ import annotations

import pytest

from i18n import translator
from kiosk.store.lifecycle import TRANSITIONS
from kiosk.store.stats import BUCKETS
from ui.staff.queue_view import SORTS

ACTIONS = [
    "submit", "view", "view_pdf", "call", "recall", "edit", "glyph_check", "glyph_checked",
    "procedure_done", "procedure_reopened", "reprint", "replace_pdf", "export", "purge",
    *(a for a in TRANSITIONS if a != "call"),
]  # fmt: skip
KEYS = (
    [f"staff.role.{r}" for r in ("staff", "admin")]
    + [f"staff.action.{a}" for a in ACTIONS]
    + [f"staff.sort.{s}" for s in SORTS]
    + [f"staff.stats.by.{b}" for b in BUCKETS]
    + [f"staff.flag.{r}" for r in ("overflow", "glyph_missing", "too_many_rows", "too_many_digits")]
)


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_keys_built_at_run_time_are_translated(locale: str) -> None:
    tr = translator(locale)
    own = [k for k in KEYS if not tr.has(k) or tr(k) == k]
    assert own == []
