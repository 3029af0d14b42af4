"""A shorter clerk's day on a real X display (Xvfb, Qt's xcb plugin), with real input:
`madoguchi staff` runs as at a desk, and its keys come from xdotool through the X server
(XTEST), as a keyboard's would — focus and shortcuts as a real display does them, not
QTest events. The store in this process sees each key's effect; the display is grabbed
after every step for a person to look at."""

from __future__ import annotations

import dataclasses
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image, ImageGrab

from kiosk.store import Store
from tests.ui.staff.seed import PASSWORD, draft, family
from tests.ui.test_kiosk_cli import environment
from tests.ui.test_real_display import BOUND_S, xdotool

ROOT = Path(__file__).resolve().parents[3]
J, K = "juminido_tennyu", "kokuho_join"


def wait_for(check: Callable[[], bool], what: str) -> None:
    """Until the other process has done it (as qtbot.waitUntil, for a state this
    process can only read from the database); the bound is for a saturated machine."""
    deadline = time.monotonic() + BOUND_S
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_a_clerk_works_with_real_keys_on_a_real_display(
    xvfb, tmp_path: Path, catalogue: Any, clock: Any, artifact_dir: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'madoguchi.db'}"
    store = Store(url, clock=clock)
    store.upgrade()
    store.create_account(None, "admin", "管理 太郎", PASSWORD, "admin")
    admin = store.sign_in("admin", PASSWORD)
    store.create_account(admin, "takasaki", "高崎 市民", PASSWORD)
    subs = []
    for name, chosen in (("髙﨑 健一", (J,)), ("𠮷田 花子", (J, K))):
        d = draft(catalogue, family(name), render=False)
        procedures = [p for p in d.procedures if p["id"] in chosen]
        subs.append(store.submit(dataclasses.replace(d, procedures=procedures)))

    def state(i: int) -> str:
        return str(store.detail(store.sign_in("admin", PASSWORD), subs[i].application_id)
                   .summary.state)  # fmt: skip

    def done(i: int, procedure_id: str) -> bool:
        summary = store.detail(store.sign_in("admin", PASSWORD), subs[i].application_id).summary
        return any(p.procedure_id == procedure_id and p.state == "done" for p in summary.procedures)

    env = {**environment(tmp_path), **xvfb.env(), "MADOGUCHI_STAFF_PASSWORD": PASSWORD}
    first = artifact_dir / "00-signed-in.png"
    desk = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "staff", "--database", url, "--user", "takasaki",
         "--counter", "3番窓口", "--size", "1280x1000", "--screenshot", str(first)],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    shots: list[Path] = []
    step = 0

    def shoot(what: str) -> None:
        nonlocal step
        step += 1
        path = artifact_dir / f"{step:02d}-{what}.png"
        ImageGrab.grab(xdisplay=xvfb.display).save(path)  # what the X server shows
        shots.append(path)

    def key(*keys: str) -> None:
        xdotool(env, "key", "--clearmodifiers", *keys)

    try:
        assert desk.stderr is not None
        said = []
        for line in desk.stderr:  # saved once the signed-in queue is on the display
            said.append(line)
            if line.startswith("saved "):
                break
        assert any(line.startswith("saved ") for line in said), "".join(said)
        window = xdotool(env, "search", "--sync", "--onlyvisible", "--pid", str(desk.pid))
        window = window.split()[0]
        # The whole desk on a 1280 × 1024 screen, as asked: nothing off its right edge.
        assert "1280x1000" in xdotool(env, "getwindowgeometry", window)
        xdotool(env, "windowfocus", "--sync", window)
        shoot("queue")

        key("F2")  # call next: the first arrival
        wait_for(lambda: state(0) == "called", "F2 did not call the first arrival")
        assert state(1) == "submitted"
        shoot("called")
        key("Return")  # Enter is no action: the next key still finds it called
        key("F4")
        wait_for(lambda: state(0) == "in_review", "F4 did not start the review")
        shoot("in_review")
        key("ctrl+1")
        wait_for(lambda: done(0, J), "Ctrl+1 did not tick the first procedure")
        shoot("ticked")
        key("F8")
        wait_for(lambda: state(0) == "completed", "F8 did not complete")
        shoot("completed")
        key("F2")  # the next resident
        wait_for(lambda: state(1) == "called", "F2 did not call the next arrival")
        shoot("next_called")
        history = [r.action for r in store.history(admin, subs[0].application_id)]
        assert history.count("procedure_done") == 1 and "return" not in history
    finally:
        desk.send_signal(signal.SIGTERM)
        _, rest = desk.communicate(timeout=BOUND_S)
        store.close()
    assert desk.returncode == 0, rest
    for path in shots:  # a real picture of the window each time, not a black screen
        assert len(Image.open(path).convert("RGB").getcolors(1 << 20) or []) > 50, path
