"""Clerks read words, never ids: the flags name the form by its title and the field by
its dictionary label (numbered per member), the history names procedures and fields,
the 完了 refusal lists procedure titles, and the printed cover sheet says the same."""

from __future__ import annotations

import copy
import re

from PySide6.QtCore import Qt

from tests.ui.staff.conftest import pdf_text
from tests.ui.staff.seed import family, submit

#: What an id looks like: a snake_case name or a data path.
ID = re.compile(r"[a-z]+_[a-z_]+|[a-z]+\[\d+\]|applicant\.|repeats")


def big_household() -> dict:
    """An 8-child household: more people than any form has rows for."""
    data = family()
    for i in range(8):
        child = copy.deepcopy(data["children"][0])
        child["name"] = f"𠮷田 {i + 2}郎"
        data["children"].append(child)
    return data


def test_flags_history_and_refusals_in_plain_words(qtbot, desktop, store, admin, catalogue) -> None:
    sub = submit(store, catalogue=catalogue, data=big_household())
    window = desktop.sign_in()
    desktop.take_into_review(sub.reception_number)
    detail = window.detail
    flags = [detail.flags.item(i).text() for i in range(detail.flags.count())]
    assert any("住民異動届" in f and "世帯員などの記入欄" in f for f in flags), flags
    assert any(f.startswith("字形の確認：氏名") for f in flags), flags  # 𠮷 in the name
    for text in flags:
        assert not ID.search(text), text
    # A tick, then 完了 asked too early (as a second desk's untick would make it).
    first = desktop.desk.current.detail.summary.procedures[0]
    desktop.tick(first.procedure_id)
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.procedures[0].state == "done")
    desktop.wait_idle()
    about = [
        detail.history.data(detail.history.index(row, 3))
        for row in range(detail.history.rowCount())
    ]
    assert desktop.desk.procedure_title(first.procedure_id) in about
    for text in about:
        assert not ID.search(text or ""), text
    desktop.desk.complete()
    qtbot.waitUntil(lambda: window.message.property("role") == "error")
    refused = window.message.text()
    assert "まだ終わっていない手続があります" in refused
    assert "国民健康保険" in refused and not ID.search(refused), refused
    # The cover sheet printed for the counter says it the same way.
    cover = pdf_text(store.pdf(admin, sub.application_id)).split("\f")[0]
    assert "世帯員などの記入欄" in cover and "repeats[" not in cover
    qtbot.mouseClick(detail.buttons["release"], Qt.MouseButton.LeftButton)
    desktop.wait_idle()
