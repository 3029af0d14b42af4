"""`madoguchi staff` and `madoguchi display` as a person starts them, offscreen, with a
screenshot and a timed exit (like `madoguchi demo`). The password comes from stdin or
the environment, never from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.store import Store
from tests.ui.staff.seed import PASSWORD, family, submit

ROOT = Path(__file__).resolve().parents[3]
PNG = b"\x89PNG\r\n\x1a\n"


def madoguchi(*args: str, stdin: str = "", env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=90,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )


@pytest.fixture
def database(sqlite_url: str, catalogue) -> str:
    store = Store(sqlite_url)
    store.upgrade()
    store.create_account(None, "admin", "管理 太郎", PASSWORD, "admin")
    admin = store.sign_in("admin", PASSWORD)
    first = submit(store, catalogue=catalogue)
    second = submit(store, catalogue=catalogue, data=family("髙橋 一郎"), render=False)
    store.call(admin, second.application_id, "2番窓口")
    assert first.reception_number == "A-001"
    store.close()
    return sqlite_url


def test_staff_signs_in_from_stdin_opens_a_number_and_saves_a_screenshot(
    database, artifact_dir
) -> None:
    shot = artifact_dir / "staff.png"
    run = madoguchi(
        "staff", "--database", database, "--user", "admin", "--password-stdin",
        "--open", "A-001", "--offscreen", "--screenshot", str(shot), "--exit-after", "0",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert shot.read_bytes()[:8] == PNG
    assert PASSWORD not in run.stdout + run.stderr
    # Opening A-001 was a view by admin, recorded like any other.
    store = Store(database)
    admin = store.sign_in("admin", PASSWORD)
    opened = [e for e in store.audit_log(admin) if e.action == "view"]
    assert [(e.actor, e.reception_number) for e in opened] == [("admin", "A-001")]
    store.close()


def test_staff_with_a_wrong_password_from_the_environment_fails(database, artifact_dir) -> None:
    shot = artifact_dir / "refused.png"
    run = madoguchi(
        "staff", "--database", database, "--user", "admin", "--offscreen",
        "--screenshot", str(shot), "--exit-after", "0",
        env={"MADOGUCHI_STAFF_PASSWORD": "not-the-password"},
    )  # fmt: skip
    assert run.returncode == 1
    assert "パスワードが違います" in run.stderr
    assert shot.read_bytes()[:8] == PNG  # the sign-in dialog with its message


def test_display_saves_a_screenshot_of_the_board(database, artifact_dir) -> None:
    shot = artifact_dir / "display.png"
    run = madoguchi(
        "display", "--database", database, "--offscreen", "--screenshot", str(shot),
        "--exit-after", "0", "--size", "1280x720",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert shot.read_bytes()[:8] == PNG
