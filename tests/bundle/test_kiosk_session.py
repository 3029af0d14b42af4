"""The Linux kiosk session: the bundle's kiosk under cage, headless (wlroots' headless
backend, software rendering), as an unprivileged account, with cage started with the
options of installer/linux/madoguchi-kiosk.service. A compositor screenshot (grim,
through wlr-screencopy) must show the first screen: what a resident would see."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from tests.bundle.conftest import HIDDEN, ROOT

UNIT = ROOT / "installer" / "linux" / "madoguchi-kiosk.service"

pytestmark = pytest.mark.bundle


def cage_options() -> list[str]:
    """cage's options in the unit's ExecStart (everything between cage and --)."""
    line = next(x for x in UNIT.read_text().splitlines() if x.startswith("ExecStart="))
    words = shlex.split(line.removeprefix("ExecStart="))
    assert Path(words[0]).name == "cage", line
    return words[1 : words.index("--")]


def test_the_unit_keeps_vt_switching_off() -> None:
    assert "-s" not in cage_options()  # -s would allow Ctrl+Alt+Fn


def test_the_kiosk_draws_its_first_screen_under_cage(bundle: Path, tmp_path: Path) -> None:
    for tool in ("cage", "grim", "setpriv", "unshare"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed (installer/setup.sh installs it)")
    # The account the session runs as must reach its home (pytest's tmp_path lies
    # under a root-only folder), and the Wayland socket path must stay short.
    home = Path(tempfile.mkdtemp(prefix="madoguchi-cage-", dir="/tmp"))
    try:
        _run_session(bundle, tmp_path, home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _run_session(bundle: Path, tmp_path: Path, home: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    shot = home / "screen.png"
    inner = home / "session.sh"
    # The first frame drawn: then the compositor's own picture of the screen.
    inner.write_text(
        "#!/bin/sh\n"
        f'"{bundle / "madoguchi"}" demo --report-ready > "{home}/ready" 2> "{home}/kiosk.log" &\n'
        "kiosk=$!\n"
        f'while ! grep -q ready "{home}/ready" 2>/dev/null; do\n'
        "  kill -0 $kiosk 2>/dev/null || exit 3\n"
        "  sleep 0.1\n"
        "done\n"
        f'grim "{shot}"\n'
        "status=$?\n"
        "kill $kiosk\n"
        "exit $status\n",
        encoding="utf-8",
    )
    inner.chmod(0o755)
    shutil.chown(home, "nobody", "nogroup")
    home.chmod(0o700)
    mounts = " && ".join(f'mount --bind "{empty}" "{p}"' for p in HIDDEN if p.is_dir())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MADOGUCHI_", "QT_"))}
    env.update(
        HOME=str(home), XDG_RUNTIME_DIR=str(home), LANG="C.UTF-8",
        WLR_BACKENDS="headless", WLR_RENDERER="pixman", WLR_LIBINPUT_NO_DEVICES="1",
        QT_QPA_PLATFORM="wayland", XDG_SESSION_TYPE="wayland",
        MADOGUCHI_DATA_DIR=str(home / "data"),
        MADOGUCHI_CONFIG=str(home / "absent.toml"),
        MADOGUCHI_SYSTEM_CONFIG=str(home / "absent-system.toml"),
    )  # fmt: skip
    command = [
        "unshare", "--mount", "--propagation", "private", "sh", "-c", f'{mounts} && exec "$@"',
        "sh", "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
        "cage", *cage_options(), "--", str(inner),
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    log = (home / "kiosk.log").read_text() if (home / "kiosk.log").exists() else ""
    assert done.returncode == 0, f"{done.stderr[-2000:]}\n{log[-2000:]}"
    picture = Image.open(shot).convert("RGB")
    shutil.copyfile(shot, ROOT / "tests" / "artifacts" / "cage-kiosk-first-screen.png")
    # The whole output is the kiosk (no desktop around it) and it drew something:
    # the light background and the dark title text both appear.
    assert picture.size == (1280, 720)
    colours = picture.getcolors(maxcolors=1_000_000) or []
    light = sum(n for n, (r, g, b) in colours if min(r, g, b) > 230)
    dark = sum(n for n, (r, g, b) in colours if max(r, g, b) < 80)
    total = picture.width * picture.height
    assert light > total * 0.5 and dark > total * 0.002, (light, dark, total)
