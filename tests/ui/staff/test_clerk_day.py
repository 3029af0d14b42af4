"""A busy Monday, scripted (issue 14's "done when"): ten applications submitted through
the real store (髙﨑 and 𠮷 names, an 8-person household, a card left at a kiosk), two
real staff windows — 市民課 at 3番窓口 and 保険年金課 at 5番窓口 — a supervisor window and
the lobby board, all on one database. The clerks work with keys (F2, F4, Ctrl+N, F7, F8)
sent as key events to whatever has the focus; after each step the supervisor's waiting
counts, longest waits, held-per-clerk and alert, and the lobby board, are checked, and
every step is saved as a screenshot under tests/artifacts/ for a person to look at."""

from __future__ import annotations

import copy
import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.store import Principal, Store, Submission
from tests.ui.staff.conftest import LIVE_WAIT_MS, Desktop, cut_rows, focused, pdf_text, press, shoot
from tests.ui.staff.seed import PASSWORD, draft, family
from tests.ui.staff.test_counters import _call_next, _choose_department
from tests.ui.staff.test_supervisor import sign_in as supervisor_sign_in
from tests.ui.staff.test_supervisor import texts
from ui.display.app import LobbyDisplay
from ui.staff.window import StaffWindow
from ui.supervisor.app import SupervisorApp

SHIMIN, HOKEN = "市民課", "保険年金課"
J, K = "juminido_tennyu", "kokuho_join"


def eight_person_household(name: str) -> dict[str, Any]:
    """The applicant, three members and four children moving in together."""
    data = family(name)
    adults = [("𠮷田 次郎", "ヨシダ ジロウ", "1986-02-03", "1", "husband"),
              ("𠮷田 正", "ヨシダ タダシ", "1956-09-10", "1", "husband_father"),
              ("𠮷田 和子", "ヨシダ カズコ", "1958-11-21", "2", "husband_mother")]  # fmt: skip
    data["household"].update(member_count=3, child_count=4)
    data["household"]["members"] = [
        {"name": n, "name_kana": k, "birth_date": b, "sex": s, "relationship": r}
        for n, k, b, s, r in adults
    ]
    first = data["children"][0]
    children = (("一郎", "イチロウ"), ("二郎", "ジロウ"), ("三郎", "サブロウ"), ("花", "ハナ"))
    data["children"] = [
        {**copy.deepcopy(first), "name": f"𠮷田 {given}", "name_kana": f"ヨシダ {kana}"}
        for given, kana in children
    ]
    return data


#: (name, reading, procedures) in the order the residents arrive, three minutes apart.
ARRIVALS: list[tuple[str, str, tuple[str, ...]]] = [
    ("髙﨑 健一", "タカサキ ケンイチ", (J, K)),  # 0: 市民課, then handed over to 保険年金課
    ("𠮷田 花子", "ヨシダ ハナコ", (J,)),  # 1: the 8-person household, returned with a reason
    ("山田 太郎", "ヤマダ タロウ", (J,)),  # 2: left the My Number Card in the kiosk
    ("鈴木 花子", "スズキ ハナコ", (K,)),
    ("佐々木 守", "ササキ マモル", (J, K)),
    ("伊藤 恵", "イトウ メグミ", (J,)),
    ("渡辺 誠", "ワタナベ マコト", (K,)),
    ("中村 優子", "ナカムラ ユウコ", (J,)),
    ("小林 翔", "コバヤシ ショウ", (J, K)),
    ("加藤 美咲", "カトウ ミサキ", (K,)),
]


def _arrive(store: Store, catalogue: Any, index: int) -> Submission:
    name, kana, chosen = ARRIVALS[index]
    data = eight_person_household(name) if index == 1 else family(name, name_kana=kana)
    d = draft(catalogue, data, render=index == 0)  # the one corrected needs its forms
    procedures = [p for p in d.procedures if p["id"] in chosen]
    assert [p["id"] for p in procedures] == list(chosen)
    return store.submit(dataclasses.replace(d, procedures=procedures))


class Day:
    """The people and screens of the day, and the screenshot of each step."""

    def __init__(self, qtbot: Any, artifact_dir: Path) -> None:
        self.qtbot = qtbot
        self.dir = artifact_dir
        self.step = 0
        self.shots: list[Path] = []

    def shoot(self, what: str, *widgets: tuple[str, Any]) -> None:
        self.step += 1
        for who, widget in widgets:
            if isinstance(widget, StaffWindow):  # once its rows are measured for the width
                table = widget.detail.answers_table
                self.qtbot.waitUntil(lambda table=table: not cut_rows(table))
            path = self.dir / f"{self.step:02d}-{what}-{who}.png"
            shoot(self.qtbot, widget, path)
            self.shots.append(path)


def waits(window: Any) -> dict[str, tuple[str, str]]:
    """Per department: (waiting, longest wait) as the supervisor reads them."""
    return {name: (count, longest) for name, count, longest in texts(window.departments)}


def held(window: Any) -> dict[str, str]:
    """Per clerk: the reception numbers held, as shown."""
    return {row[0]: row[2] for row in texts(window.held)}


def tiles(lobby: LobbyDisplay) -> list[str]:
    """The numbers the lobby board calls, newest first."""
    return [tile.findChild(QLabel, "tile_number").text() for tile in lobby.view.tiles]


def tile_counter(lobby: LobbyDisplay) -> str:
    """Where the newest called number is asked to go."""
    return str(lobby.view.tiles[0].findChild(QLabel, "tile_counter").text())


def auditor(store: Store) -> Principal:
    """The administrator, signed in afresh to look (the day outlasts an idle session)."""
    return store.sign_in("admin", PASSWORD)


def until(qtbot: Any, check: Any) -> None:
    """Until a view shows what another terminal did (live, without a reload)."""
    qtbot.waitUntil(check, timeout=LIVE_WAIT_MS)


def focus(qtbot: Any, desktop: Desktop) -> Any:
    """The clerk turns to their own window: key presses go there."""
    window = desktop.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def state(desktop: Desktop) -> str:
    return str(desktop.desk.current.detail.summary.state)


def start_and_tick(desktop: Desktop, key: Qt.Key, procedure_id: str) -> None:
    """F4 starts the review, Ctrl+N ticks the Nth procedure: each confirmed by the store."""
    press(desktop.window, Qt.Key.Key_F4)
    desktop.qtbot.waitUntil(lambda: state(desktop) == "in_review")
    desktop.wait_idle()
    press(desktop.window, key, Qt.KeyboardModifier.ControlModifier)
    desktop.qtbot.waitUntil(lambda: procedure_done(desktop, procedure_id))
    desktop.wait_idle()


def procedure_done(desktop: Desktop, procedure_id: str) -> bool:
    return any(
        p.procedure_id == procedure_id and p.state == "done"
        for p in desktop.desk.current.detail.summary.procedures
    )


def ok_button(dialog: Any) -> QPushButton:
    found = dialog.findChild(QPushButton, "dialog_ok")
    assert found is not None
    return found


@pytest.fixture
def clerks(qtbot, store, admin, catalogue, tmp_path) -> Any:
    store.create_account(admin, "takasaki", "高崎 市民", PASSWORD)
    store.create_account(admin, "hoken", "保険 年金", PASSWORD)
    store.create_account(admin, "kanri", "監督 一郎", PASSWORD)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = Desktop(qtbot, store, catalogue, tmp_path / "a", counter="3番窓口")
    b = Desktop(qtbot, store, catalogue, tmp_path / "b", counter="5番窓口")
    supervisor = SupervisorApp(store, window_options={"watch_options": {"retry_interval": 0.3}})
    lobby = LobbyDisplay(store, watch_options={"retry_interval": 0.3})
    yield a, b, supervisor, lobby
    lobby.close()
    supervisor.close()
    b.close()
    a.close()


def test_two_clerks_and_a_supervisor_through_a_monday(
    qtbot, store, admin, catalogue, clock, clerks, artifact_dir
) -> None:
    a, b, supervisor_app, lobby = clerks
    subs = []
    for i in range(len(ARRIVALS)):
        subs.append(_arrive(store, catalogue, i))
        clock.advance(timedelta(minutes=3))
    number = [s.reception_number for s in subs]
    store.record_terminal_note(subs[2].application_id, "kiosk.card_left", terminal_id="kiosk-1F")
    clock.advance(timedelta(minutes=2))  # now: 32 minutes after the first arrival
    day = Day(qtbot, artifact_dir)

    lobby.view.resize(1920, 1080)
    lobby.view.show()
    lobby.start()
    sup = supervisor_sign_in(qtbot, supervisor_app, "kanri")
    clerk_a, clerk_b = "高崎 市民（takasaki）", "保険 年金（hoken）"
    # Morning: everyone waits; the card left at the kiosk is an alert.
    assert waits(sup) == {SHIMIN: ("7", "32分"), HOKEN: ("6", "32分")}
    assert held(sup) == {}
    flags = texts(sup.flags)
    assert [number[2], "キオスクにカードの置き忘れ", "kiosk-1F"] in flags
    assert sup.alert.isVisible() and number[2] in sup.alert.text()
    window_a = a.sign_in("takasaki")
    window_b = b.sign_in("hoken")
    _choose_department(a, SHIMIN)
    _choose_department(b, HOKEN)
    day.shoot("morning", ("supervisor", sup), ("a", window_a), ("b", window_b),
              ("lobby", lobby.view))  # fmt: skip
    # The supervisor has seen the card: 確認した clears the alert.
    qtbot.mouseClick(sup.acknowledge, Qt.MouseButton.LeftButton)
    assert number[2] not in sup.alert.text()

    # 1. Clerk A (市民課, 3番窓口) calls the next resident with F2: the first arrival.
    focus(qtbot, a)
    assert _call_next(a) == number[0]
    until(qtbot, lambda: held(sup) == {clerk_a: number[0]})
    assert waits(sup) == {SHIMIN: ("6", "29分"), HOKEN: ("5", "23分")}
    until(qtbot, lambda: tiles(lobby) == [number[0]])
    assert "3番窓口" in tile_counter(lobby)
    day.shoot("a_called", ("a", window_a), ("supervisor", sup), ("lobby", lobby.view))

    # 2. F4 starts the review; Ctrl+1 ticks 住民異動届 (市民課's part).
    clock.advance(timedelta(minutes=2))
    start_and_tick(a, Qt.Key.Key_1, J)
    assert focused() != "counter" and window_a.counter.text() == "3番窓口"
    day.shoot("a_ticked", ("a", window_a))

    # 3. A corrects the phone number: typed into the dialog, checked, saved, re-rendered.
    detail_a = window_a.detail
    assert detail_a.select_answer("applicant.phone")
    qtbot.mouseClick(detail_a.edit_button, Qt.MouseButton.LeftButton)
    dialog = detail_a.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.input.setFocus()
    qtbot.keyClick(dialog.input, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.input, "053-457-2111")
    day.shoot("a_editing", ("dialog", dialog))
    said: list[Any] = []
    a.desk.edit_saved.connect(lambda done: said.append(("saved", done)))
    a.desk.edit_refused.connect(lambda why: said.append(("refused", why)))
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(said), timeout=30000)
    assert said[0][0] == "saved", said
    qtbot.waitUntil(lambda: detail_a.dialog is None)
    a.wait_idle()
    qtbot.waitUntil(lambda: a.desk.current.detail.data["applicant"]["phone"] == "053-457-2111")
    trail = [
        (r.action, r.before, r.after) for r in store.history(auditor(store), subs[0].application_id)
    ]
    assert ("edit", "048-123-4567", "053-457-2111") in trail
    assert "053-457-2111" in pdf_text(
        store.pdf(auditor(store), subs[0].application_id)
    )  # re-rendered
    day.shoot("a_corrected", ("a", window_a))

    # 4. A hands it over to 保険年金課: it waits there, at the resident's arrival.
    focus(qtbot, a)
    qtbot.mouseClick(detail_a.buttons["hand_over"], Qt.MouseButton.LeftButton)
    dialog = detail_a.dialog
    assert [dialog.department.itemText(i) for i in range(dialog.department.count())] == [HOKEN]
    day.shoot("a_handover_dialog", ("dialog", dialog))
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state(a) == "submitted")
    a.wait_idle()
    until(qtbot, lambda: held(sup) == {})
    assert waits(sup) == {SHIMIN: ("6", "31分"), HOKEN: ("6", "34分")}  # its arrival kept
    until(qtbot, lambda: lobby.view.next_list.isVisible())
    assert lobby.view.next_list.text() == f"{number[0]} → {HOKEN}"
    until(qtbot, lambda: b.desk.model.row_of(subs[0].application_id) >= 0)
    day.shoot("a_handed_over", ("a", window_a), ("b", window_b), ("supervisor", sup),
              ("lobby", lobby.view))  # fmt: skip

    # 5. Clerk B (保険年金課, 5番窓口): F2 takes the handover before the later arrivals.
    focus(qtbot, b)
    assert _call_next(b) == number[0]
    until(qtbot, lambda: held(sup) == {clerk_b: number[0]})
    assert waits(sup) == {SHIMIN: ("6", "31分"), HOKEN: ("5", "25分")}
    until(qtbot, lambda: not lobby.view.next_list.isVisible())
    until(qtbot, lambda: "5番窓口" in tile_counter(lobby))
    day.shoot("b_called_handover", ("b", window_b), ("supervisor", sup), ("lobby", lobby.view))

    # 6. B starts, ticks 国民健康保険 (the second procedure, Ctrl+2) and completes (F8).
    window_b = b.window
    start_and_tick(b, Qt.Key.Key_2, K)
    qtbot.waitUntil(lambda: focused() == "complete")
    press(window_b, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: state(b) == "completed")
    b.wait_idle()
    assert store.detail(auditor(store), subs[0].application_id).summary.state == "completed"
    until(qtbot, lambda: held(sup) == {})
    day.shoot("b_completed", ("b", window_b), ("supervisor", sup))

    # 7. A calls the next (the 8-person household) and returns it with a preset reason.
    clock.advance(timedelta(minutes=4))
    focus(qtbot, a)
    assert _call_next(a) == number[1]
    until(qtbot, lambda: held(sup) == {clerk_a: number[1]})
    assert waits(sup) == {SHIMIN: ("5", "32分"), HOKEN: ("5", "29分")}
    day.shoot("a_called_household", ("a", window_a), ("supervisor", sup))
    press(window_a, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: detail_a.dialog is not None and detail_a.dialog.isVisible())
    dialog = detail_a.dialog
    dialog.preset.setFocus()
    qtbot.keyClick(dialog.preset, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.preset, Qt.Key.Key_Down)  # the second preset
    assert dialog.preset.currentText() == "必要な書類が足りない"
    day.shoot("a_return_reason", ("dialog", dialog))
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state(a) == "returned")
    a.wait_idle()
    assert (
        store.detail(auditor(store), subs[1].application_id).close_reason == "必要な書類が足りない"
    )
    until(qtbot, lambda: held(sup) == {})
    assert waits(sup) == {SHIMIN: ("5", "32分"), HOKEN: ("5", "29分")}
    day.shoot("a_returned", ("a", window_a), ("supervisor", sup))

    # 8. A kiosk reports another card left while A calls the resident who left the first:
    # the supervisor's alert comes back, for the new one only.
    focus(qtbot, a)
    assert _call_next(a) == number[2]
    with qtbot.waitSignal(sup.alerted, timeout=LIVE_WAIT_MS):
        store.record_terminal_note(subs[7].application_id, "kiosk.card_left",
                                   terminal_id="kiosk-2F")  # fmt: skip
    assert number[7] in sup.alert.text() and number[2] not in sup.alert.text()
    until(qtbot, lambda: held(sup) == {clerk_a: number[2]})
    assert waits(sup) == {SHIMIN: ("4", "26分"), HOKEN: ("5", "29分")}
    day.shoot("evening_alert", ("a", window_a), ("supervisor", sup), ("lobby", lobby.view))
    assert all(path.stat().st_size > 0 for path in day.shots)
