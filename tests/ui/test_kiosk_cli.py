"""`madoguchi demo` and `madoguchi kiosk --script` as a user runs them: new processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "tests" / "scenarios" / "moving_in_card.yaml"


def madoguchi(*args: str, env: dict[str, str], timeout: float = 280) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    env.update(
        MADOGUCHI_DATA_DIR=str(tmp_path / "data"),
        MADOGUCHI_CONFIG=str(tmp_path / "none.toml"),
        **extra,
    )
    return env


def test_demo_without_a_display_explains_instead_of_crashing(tmp_path) -> None:
    result = madoguchi("demo", env=environment(tmp_path))
    assert result.returncode == 2
    assert "--offscreen" in result.stderr and "--script" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_offscreen_shows_the_first_screen(tmp_path, artifact_dir) -> None:
    shot = artifact_dir / "demo-attract.png"
    result = madoguchi(
        "demo",
        "--offscreen",
        "--screenshot",
        str(shot),
        "--exit-after",
        "0",
        env=environment(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "PIN 1234" in result.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The demo keeps its SQLite database in the per-user data folder.
    assert (tmp_path / "data" / "madoguchi.sqlite3").exists()


def test_kiosk_script_writes_screenshots_pdf_and_summary(tmp_path) -> None:
    out = tmp_path / "out"
    env = environment(tmp_path, MADOGUCHI_DATABASE_URL=f"sqlite:///{tmp_path / 'k.sqlite3'}")
    result = madoguchi(
        "kiosk",
        "--script",
        str(SCENARIO),
        "--offscreen",
        "--out",
        str(out),
        "--card-backend",
        "simulator",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    for key in ("screens", "touches", "reception_number", "forms", "errors"):
        assert key in summary
    assert summary["reception_number"] and summary["forms"] == ["juminido"]
    assert summary["errors"] == []
    assert (out / summary["pdf"]).read_bytes().startswith(b"%PDF")
    assert len(list(out.glob("*.png"))) == len(summary["screenshots"])
    printed = json.loads(result.stdout)
    assert printed["reception_number"] == summary["reception_number"]


def test_a_broken_scenario_is_a_clear_error(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsteps:\n  - tap: a\n    type: '12'\n", encoding="utf-8")
    result = madoguchi(
        "kiosk",
        "--script",
        str(bad),
        "--offscreen",
        "--out",
        str(tmp_path / "out"),
        env=environment(tmp_path),
    )
    assert result.returncode != 0
    assert "steps.0" in result.stderr and "exactly one thing" in result.stderr
    assert "Traceback" not in result.stderr


def documented_script_runs() -> list[str]:
    """Every `madoguchi kiosk --script ...` command the docs and the README show."""
    found = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for line in doc.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("madoguchi kiosk --script"):
                found.append(line)
    return found


def test_the_documented_scripted_run_works_as_written(tmp_path) -> None:
    """Typed as the docs show it, from a checkout, with no configuration at all (the
    configured card backend defaults to pcsc: a script must still use its own card)."""
    commands = documented_script_runs()
    assert (
        "madoguchi kiosk --script tests/scenarios/moving_in_card.yaml --offscreen --out out/"
        in commands
    )
    (tmp_path / "tests").symlink_to(ROOT / "tests")  # the paths the docs use, relative
    env = environment(tmp_path)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    for command in dict.fromkeys(commands):
        result = subprocess.run(
            command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180
        )
        assert result.returncode == 0, (command, result.stderr[-2000:])
        summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
        assert summary["completed"] and summary["reception_number"], summary["errors"]


def test_a_scripted_run_on_pcsc_without_the_virtual_reader_says_what_to_add(tmp_path) -> None:
    result = madoguchi(
        "kiosk", "--script", str(SCENARIO), "--offscreen", "--out", str(tmp_path / "o"),
        "--card-backend", "pcsc", env=environment(tmp_path),
    )  # fmt: skip
    assert result.returncode == 2
    assert "--vpcd-port" in result.stderr and "Traceback" not in result.stderr
