"""`madoguchi admin` as a person starts it, offscreen, with a scripted sign-in (the
password on stdin or in MADOGUCHI_ADMIN_PASSWORD, never on the command line), a
screenshot and a timed exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kiosk.store import Store
from tests.ui.admin.conftest import PASSWORD

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


def test_admin_signs_in_from_stdin_and_saves_a_screenshot_with_a_preview(
    store: Store, tmp_path: Path, artifact_dir: Path
) -> None:
    shot = artifact_dir / "admin.png"
    draft = tmp_path / "draft"
    run = madoguchi(
        "admin", "--database", store.url, "--user", "kanri", "--password-stdin",
        "--draft", str(draft), "--catalogue-dir", str(tmp_path / "published"),
        "--open", "forms/juminido.yaml", "--preview", "juminido",
        "--offscreen", "--screenshot", str(shot), "--exit-after", "0",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert shot.read_bytes()[:8] == PNG
    assert f"saved {shot}" in run.stderr
    assert PASSWORD not in run.stdout + run.stderr
    assert (draft / "dictionary.yaml").exists()  # the working copy was made
    assert not (tmp_path / "published").exists()  # and nothing was published


def test_a_staff_account_is_refused_from_the_environment(
    store: Store, tmp_path: Path, artifact_dir: Path
) -> None:
    shot = artifact_dir / "refused.png"
    run = madoguchi(
        "admin", "--database", store.url, "--user", "sato", "--draft", str(tmp_path / "d"),
        "--offscreen", "--screenshot", str(shot), "--exit-after", "0",
        env={"MADOGUCHI_ADMIN_PASSWORD": PASSWORD},
    )  # fmt: skip
    assert run.returncode == 1
    assert "sato は職員アカウントです" in run.stderr
    assert shot.read_bytes()[:8] == PNG  # the sign-in dialog with its message
