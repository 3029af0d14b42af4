"""The Linux kiosk session and desktop entries as systemd and the desktop see them:
`systemd-analyze verify` on the unit (as the installer writes it), the unit's
lock-down settings, `desktop-file-validate` on the staff, display and admin entries."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "installer" / "linux"
MADOGUCHI = Path(sys.prefix) / "bin" / "madoguchi"


def _unit_as_installed(tmp_path: Path, text: str | None = None) -> Path:
    """The unit with madoguchi where this test environment has it (the installer
    writes its own BIN_DIR the same way)."""
    source = text if text is not None else (LINUX / "madoguchi-kiosk.service").read_text()
    unit = tmp_path / "madoguchi-kiosk.service"
    unit.write_text(source.replace("/usr/local/bin/madoguchi", str(MADOGUCHI)))
    return unit


def _verify(unit: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("systemd-analyze") is None or shutil.which("cage") is None:
        pytest.fail("systemd-analyze and cage are needed (installer/setup.sh installs them)")
    return subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60
    )


def test_the_kiosk_unit_verifies(tmp_path: Path) -> None:
    done = _verify(_unit_as_installed(tmp_path))
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def test_the_check_catches_a_broken_unit(tmp_path: Path) -> None:
    text = (LINUX / "madoguchi-kiosk.service").read_text()
    broken = text.replace("Restart=always", "Restart=sometimes").replace(
        "/usr/bin/cage", "/no/cage"
    )
    done = _verify(_unit_as_installed(tmp_path, broken))
    assert done.returncode != 0 or "sometimes" in done.stderr


def _settings(section: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    current = ""
    for line in (LINUX / "madoguchi-kiosk.service").read_text().splitlines():
        if line.startswith("["):
            current = line.strip("[]")
        elif "=" in line and not line.startswith("#") and current == section:
            key, _, value = line.partition("=")
            values.setdefault(key, []).append(value)
    return values


def test_the_kiosk_unit_is_locked_down_and_comes_back() -> None:
    service = _settings("Service")
    assert service["User"] == ["madoguchi-kiosk"]  # never root
    assert service["Restart"] == ["always"]
    assert service["TTYPath"] == ["/dev/tty1"] and service["PAMName"] == ["login"]
    exec_start = service["ExecStart"][0].split()
    assert exec_start[0] == "/usr/bin/cage" and "-s" not in exec_start  # no VT switching
    assert exec_start[exec_start.index("--") + 1 :] == ["/usr/local/bin/madoguchi", "kiosk"]
    assert service["NoNewPrivileges"] == ["yes"] and service["ProtectSystem"] == ["strict"]
    assert _settings("Unit")["StartLimitIntervalSec"] == ["0"]  # restarts never give up


@pytest.mark.parametrize("app", ["staff", "display", "admin"])
def test_the_desktop_entries_are_valid(app: str) -> None:
    if shutil.which("desktop-file-validate") is None:
        pytest.fail("desktop-file-validate is needed (installer/setup.sh installs it)")
    entry = LINUX / f"madoguchi-{app}.desktop"
    done = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout
    assert f"Exec=madoguchi {app}\n" in entry.read_text()
