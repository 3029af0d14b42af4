"""At the largest text a list shows three rows at least (issue 12: the 本籍 suggestions
and the bank list showed one to one and a half): the list keeps them in sight and the
screen scrolls to what is below it, rather than the list shrinking."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QScrollArea

from kiosk.scenario import load_scenario
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.scripted import visible_part
from ui.widgets.code_list import CodeListWidget
from ui.widgets.paged_scroll import ROWS_IN_SIGHT

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def rows_in_sight(area: QScrollArea) -> tuple[int, int]:
    """(rows wholly shown in the list's viewport, rows it has) — rows by their tops."""
    holder = area.widget()
    buttons = [b for b in holder.findChildren(QAbstractButton) if b.isVisible()]
    tops = {b.y() for b in buttons}
    whole = {b.y() for b in buttons if visible_part(b) == b.rect()}
    return len(whole), len(tops)


@pytest.mark.parametrize(
    ("scenario", "screen", "list_of"),
    [
        ("bank_account_from_the_list", "question:bank.name", "bank"),
        # Under its two lines of kana (the first letter's row, then the letter) since
        # those and the names are as high as a keyboard's keys.
        ("bank_account_from_the_list", "question:bank.branch", "bank"),
        ("moving_in_card", "question:registry.domicile", "choices"),
    ],
)
@pytest.mark.parametrize("display", [(1280, 1024), (1920, 1080)])
def test_a_list_shows_three_rows_at_the_largest_text(
    scenario, screen, list_of, display, qapp, kiosk_config, artifact_dir
) -> None:
    loaded = load_scenario(SCENARIOS / f"{scenario}.yaml").model_copy(
        update={"text_size": "extra_large"}
    )
    seen: dict[str, tuple[int, int]] = {}
    with scenario_kiosk(loaded, artifact_dir, kiosk_config, size=display) as run:
        runner, window = run.runner, run.kiosk.window
        settle = runner._settle

        def look() -> None:
            settle()
            now = run.kiosk.controller.session.screen_id
            if not now.startswith(screen) or now in seen:
                return
            current = window.current_screen()
            if list_of == "bank":
                lists = [w.area for w in current.findChildren(CodeListWidget) if w.isVisible()]
            else:
                lists = [a for a in current.findChildren(QScrollArea)
                         if a.isVisible() and a is not current.body_scroll]  # fmt: skip
            if lists:
                seen[now] = rows_in_sight(lists[0])

        runner._settle = look  # type: ignore[method-assign]
        summary = runner.run()
    assert summary.completed, summary.errors
    assert seen, f"{screen} never showed its list"
    for where, (whole, rows) in seen.items():
        assert whole >= min(ROWS_IN_SIGHT, rows), (where, whole, rows)
