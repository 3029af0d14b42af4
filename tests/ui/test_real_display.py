"""`madoguchi demo` on a real X display (Xvfb, Qt's xcb plugin), as `make demo` runs it
on a kiosk: the plugin loads, the window maps, the first frame is drawn on the display,
and SIGTERM (systemd stopping the kiosk) ends it cleanly."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from PIL import Image

from tests.ui.test_kiosk_cli import environment

ROOT = Path(__file__).resolve().parents[2]
#: A generous bound for a saturated machine; the test waits for events, not for time.
BOUND_S = 180


def xdotool(display: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        ["xdotool", *args], env=display, capture_output=True, text=True, timeout=BOUND_S
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_demo_starts_on_a_real_x_display(xvfb, tmp_path, artifact_dir) -> None:
    shot = artifact_dir / "demo-xcb.png"
    env = {**environment(tmp_path), **xvfb.env()}
    demo = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "demo", "--windowed", "--size", "1280x1024",
         "--screenshot", str(shot)],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        # The screenshot is saved once the first frame is on the display.
        said = []
        assert demo.stderr is not None
        for line in demo.stderr:
            said.append(line)
            if line.startswith("saved "):
                break
        assert any(line.startswith("saved ") for line in said), "".join(said)
        assert not any("platform plugin" in line for line in said), "".join(said)

        # What the display shows (grabbed from the X server): the attract screen,
        # a full-size picture with real content, not a black or empty window.
        picture = Image.open(shot).convert("RGB")
        assert picture.size == (1280, 1024)
        assert len(picture.getcolors(1 << 20) or []) > 50

        # A real top-level X window called madoguchi, mapped on the display.
        window = xdotool(env, "search", "--onlyvisible", "--name", "^madoguchi$").split()[0]
        geometry = xdotool(env, "getwindowgeometry", window)
        assert "1280x1024" in geometry
    finally:
        demo.send_signal(signal.SIGTERM)
        _, rest = demo.communicate(timeout=BOUND_S)
    assert demo.returncode == 0, rest
