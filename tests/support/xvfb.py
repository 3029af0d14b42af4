"""A real X display for tests: Xvfb on a free display number, no TCP, torn down after.

Qt runs on it with its xcb platform plugin (not offscreen), so a test sees what a
kiosk's real screen would: the plugin loads, the window maps, the first frame is drawn.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from tests.support.processes import die_with_parent, stop_group


class XvfbUnavailable(RuntimeError):
    pass


class Xvfb:
    def __init__(self, size: tuple[int, int] = (1280, 1024)) -> None:
        self.size = size
        self.proc: subprocess.Popen[bytes] | None = None
        self.display = ""

    def start(self) -> Xvfb:
        binary = shutil.which("Xvfb")
        if binary is None:
            raise XvfbUnavailable("Xvfb is not installed: run installer/setup.sh")
        read, write = os.pipe()
        width, height = self.size
        self.proc = subprocess.Popen(
            [binary, "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24",
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )  # fmt: skip
        os.close(write)
        # Xvfb writes the display number once it accepts clients: no polling.
        with os.fdopen(read, "rb") as pipe:
            number = pipe.readline().strip().decode()
        if not number:
            self.stop()
            raise XvfbUnavailable("Xvfb exited before it opened a display")
        self.display = f":{number}"
        return self

    def env(self) -> dict[str, str]:
        """Variables for a Qt program on this display through the xcb plugin."""
        return {"DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb"}

    def stop(self) -> None:
        if self.proc is not None:
            stop_group(self.proc, timeout=10)
            self.proc = None
