"""kill -9 at any point of a submit: after the next start, nothing the kiosk began to
hand over is lost and nothing is stored twice (outbox first, idempotent store)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from kiosk.spool import Spool
from kiosk.store import Store
from kiosk.store.models import Application
from tests.clock import pinned_clock

ROOT = Path(__file__).resolve().parents[2]

#: A kiosk that submits one application after another. Its store announces each
#: step on stdout; in a "hold" mode it stops at that step of the `hold_at`-th
#: application (reading stdin) until the test kills it there.
KIOSK = """
import sys
from kiosk.application import deliver
from kiosk.spool import Spool
from kiosk.store import Store
from tests.clock import pinned_clock
from tests.store.conftest import make_draft

spool_dir, url, mode, tag, hold_at = sys.argv[1:6]
# The test's day, as in the test itself: reception numbers count per day, and a process
# a test starts keeps the real clock (under --move-clock the test's own is moved).
store = Store(url, clock=pinned_clock())


class Announcing:
    calls = 0

    def submit(self, draft):
        Announcing.calls += 1
        hold = Announcing.calls == int(hold_at)
        print("submitting", draft.uuid, flush=True)
        if hold and mode == "hold-before":
            sys.stdin.readline()
        result = store.submit(draft)
        print("committed", draft.uuid, result.reception_number, flush=True)
        if hold and mode == "hold-after":
            sys.stdin.readline()
        return result


spool = Spool(spool_dir)
for i in range(1000):
    draft = make_draft(f"試験 {tag} {i}")
    print("pressed", draft.uuid, flush=True)
    receipt = deliver(draft, Announcing(), spool)
    print("shown", draft.uuid, receipt.reception_number or receipt.spooled_reference, flush=True)
"""


def _round(spool_dir: Path, url: str, mode: str, stop_at: int, tag: str) -> list[list[str]]:
    """Run the kiosk, kill -9 it at the `stop_at`-th event of its kind; its output."""
    errors = spool_dir.parent / f"kiosk-{tag}.stderr"
    with errors.open("w") as stderr:
        return _kill_at(spool_dir, url, mode, stop_at, tag, errors, stderr)


def _kill_at(spool_dir, url, mode, stop_at, tag, errors, stderr) -> list[list[str]]:
    child = subprocess.Popen(
        [sys.executable, "-c", KIOSK, str(spool_dir), url, mode, tag, str(stop_at)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )
    assert child.stdout is not None
    wanted = {"hold-before": "submitting", "hold-after": "committed"}.get(mode, "pressed")
    lines: list[list[str]] = []
    seen = 0
    while seen < stop_at:
        line = child.stdout.readline()
        assert line, errors.read_text()
        lines.append(line.split())
        seen += lines[-1][0] == wanted
    child.send_signal(signal.SIGKILL)
    # Through the same buffered reader: what readline already fetched is in it.
    lines += [line.split() for line in child.stdout.read().splitlines()]
    assert child.wait(timeout=60) == -signal.SIGKILL
    return lines


def test_kill_9_at_any_point_loses_nothing_and_doubles_nothing(db_url, tmp_path):
    store = Store(db_url, clock=pinned_clock())
    store.upgrade()
    spool_dir = tmp_path / "spool"
    rng = random.Random(61)  # fixed: the same kill points on every run
    rounds = [("hold-before", 1), ("hold-before", 3), ("hold-after", 1), ("hold-after", 2)]
    rounds += [("random", rng.randint(1, 6)) for _ in range(10)]
    pressed: list[str] = []
    handed_over: set[str] = set()
    shown: dict[str, str] = {}
    for n, (mode, stop_at) in enumerate(rounds):
        events = _round(spool_dir, store.url, mode, stop_at, f"r{n}")
        started = [e[1] for e in events if e[0] == "pressed"]
        pressed += started
        handed_over |= {e[1] for e in events if e[0] == "submitting"}
        shown |= {e[1]: e[2] for e in events if e[0] == "shown"}
        # The next start: stale temporary files go, the outbox is delivered.
        spool = Spool(spool_dir)
        spool.remove_stale_temp_files()
        report = spool.flush(store)
        assert report.rejected == [] and report.remaining == 0
        assert len(spool) == 0
        with store.db.read() as session:
            rows = session.execute(select(Application.id, Application.reception_number)).all()
            stored = {app_id: number for app_id, number in rows}
        # 0 lost: everything that reached the database's door, everything shown, and
        # every application but the one being saved when the kiosk died.
        missing = [u for u in started[:-1] if u not in stored]
        assert missing == [], (mode, stop_at)
        assert handed_over <= set(stored), (mode, stop_at, events, report)
        assert set(shown) <= set(stored), (mode, stop_at, events, report)
        for app_uuid, what in shown.items():
            if not what.startswith("S-"):
                assert stored[app_uuid] == what  # the number on the screen is the one kept
        # 0 duplicated: one row per application, every number once, nothing invented.
        assert set(stored) <= set(pressed)
        assert len(set(stored.values())) == len(stored)
    assert len(stored) >= len(rounds)
    store.close()
