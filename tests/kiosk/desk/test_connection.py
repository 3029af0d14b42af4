"""When a staff desk says the database is away or back (no Qt)."""

from __future__ import annotations

from kiosk.desk.connection import Connection

AWAY = "データベースに接続できません。"
REFUSED = "データベースのパスワードが違います。"


def test_a_failed_call_is_said_once_per_reason_and_a_success_recovers() -> None:
    link = Connection()
    assert link.call_failed(AWAY)  # the banner shows
    assert not link.connected and link.calls_failing and link.outage == AWAY
    assert not link.call_failed(AWAY)  # the retry fails the same way: nothing new
    assert link.call_failed(REFUSED)  # another reason: said again
    assert link.outage == REFUSED
    assert link.call_ok()  # back: recovered, the stale reason goes
    assert link.connected and link.outage == "" and not link.calls_failing
    assert not link.call_ok()  # already connected: nothing to say


def test_the_watcher_and_the_calls_must_both_be_fine() -> None:
    link = Connection()
    assert link.watch_lost()
    assert not link.watch_lost()  # said already
    assert link.call_failed(AWAY)  # not news that it is away, but the reason is
    assert not link.call_ok()  # calls work, the watcher is still away: no recovery
    assert not link.connected and link.outage == AWAY
    assert link.watch_back()
    assert link.connected and link.outage == ""


def test_the_watcher_back_while_calls_fail_is_no_recovery() -> None:
    link = Connection()
    link.call_failed(AWAY)
    assert not link.watch_lost()  # already not connected
    assert not link.watch_back()
    assert not link.connected and link.outage == AWAY
    assert link.call_ok()
