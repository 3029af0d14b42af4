"""The name widget: a reading begun offers the names it goes on to (イチ → 一郎), a
surname given beforehand (a family member's) leaves the given name to type, and the
scripted taps are the fewest that give the name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from ui.widgets.person_name import PersonNameWidget


def tap_all(widget: PersonNameWidget, taps: list[str]) -> list[tuple[str, str]]:
    chosen: list[tuple[str, str]] = []
    widget.name_chosen.connect(lambda name, reading: chosen.append((name, reading)))
    for name in taps:
        found = [b for b in widget.findChildren(QAbstractButton, name) if b.isVisible()]
        assert len(found) == 1, name
        QTest.mouseClick(found[0], Qt.MouseButton.LeftButton)
    return chosen


def test_the_start_of_a_reading_picks_the_whole_name_and_its_reading(qtbot) -> None:
    widget = PersonNameWidget()
    qtbot.addWidget(widget)
    widget.show()
    taps = widget.taps_for("山田　一郎", "ヤマダ　イチロウ")
    # ヤ → 山田, イ → 一郎: not ヤマダ (four keys with ゛) and イチロウ typed out.
    assert taps == ["kana_ヤ", taps[1], "kana_イ", taps[3], "answer_ok"]
    assert taps[1].startswith("complete_") and taps[3].startswith("complete_")
    assert tap_all(widget, taps) == [("山田　一郎", "ヤマダ　イチロウ")]


def test_a_completion_shows_its_reading_to_a_screen_reader(qtbot) -> None:
    widget = PersonNameWidget()
    qtbot.addWidget(widget)
    widget.show()
    tap_all(widget, ["name_part_given", "kana_イ", "kana_チ"])
    first = widget.findChild(QAbstractButton, "complete_0")
    assert first is not None and first.text() == "一郎"
    assert first.accessibleName() == "一郎（イチロウ）"


def test_a_surname_given_beforehand_leaves_the_given_name(qtbot) -> None:
    widget = PersonNameWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.reset("山田", "ヤマダ")
    assert widget.active == "given"
    taps = widget.taps_for("山田　花子", "ヤマダ　ハナコ")
    assert "name_part_surname" not in taps and taps[0] == "kana_ハ"
    assert tap_all(widget, taps) == [("山田　花子", "ヤマダ　ハナコ")]


def test_a_known_whole_name_starts_on_the_surname(qtbot) -> None:
    """Coming back to an answer: both parts shown, the surname selected as before."""
    widget = PersonNameWidget()
    qtbot.addWidget(widget)
    widget.reset("山田　花子", "ヤマダ　ハナコ")
    assert widget.active == "surname"
    assert widget.taps_for("山田　花子", "ヤマダ　ハナコ") == ["answer_ok"]


def test_candidates_page_in_one_line_that_keeps_its_height(qtbot) -> None:
    """The largest text: the candidates one line of a fixed height beside the tabs
    (they wrapped onto more lines and pushed 消す and 決定 below the fold), the ones
    that do not fit behind ▶, each on one page only; 決定 beside the controls."""
    widget = PersonNameWidget()
    qtbot.addWidget(widget)
    widget.set_beside_tabs(True)
    widget.resize(820, 700)  # a portrait display's width
    widget.show()
    strip = widget.candidates
    assert widget.keyboard.side.indexOf(widget.ok) >= 0  # 決定 with 消す
    before = strip.height()
    tap_all(widget, ["kana_ワ", "kana_タ", "kana_ナ", "kana_ヘ", "kb_dakuten"])
    qtbot.waitUntil(lambda: strip.height() > 0)
    assert strip.height() == before  # nothing under it moved
    offered = {b.objectName() for b in strip.items}
    assert len(offered) > 3 and strip.next.isVisible()
    seen: list[str] = []
    for _ in range(len(offered)):
        shown = [b.objectName() for b in strip.items if b.isVisible()]
        assert shown and all(b.y() == 0 for b in strip.items if b.isVisible())
        seen += shown
        if not strip.next.isEnabled():
            break
        QTest.mouseClick(strip.next, Qt.MouseButton.LeftButton)
    assert sorted(seen) == sorted(offered)  # every candidate on exactly one page
    assert "kanji_keep" in seen
