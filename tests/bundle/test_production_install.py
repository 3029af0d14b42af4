"""`installer/setup.sh --production` into a temporary root: the runtime dependencies
from the lock file only (hashes checked, no dev extras), madoguchi as a wheel, the
machine-wide configuration, the kiosk unit as systemd will read it. Part of
`make bundle-test` (it installs ~40 packages: too slow for `make test`)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from tests.bundle.conftest import ROOT

pytestmark = pytest.mark.bundle


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("production")
    dirs = {
        "MADOGUCHI_PREFIX": base / "opt" / "madoguchi",
        "MADOGUCHI_BIN_DIR": base / "usr" / "local" / "bin",
        "MADOGUCHI_ETC": base / "etc" / "madoguchi",
        "MADOGUCHI_STATE": base / "var" / "lib" / "madoguchi",
        "MADOGUCHI_SYSTEMD_DIR": base / "etc" / "systemd" / "system",
        "MADOGUCHI_SYSCTL_DIR": base / "etc" / "sysctl.d",
        "MADOGUCHI_APPS_DIR": base / "usr" / "share" / "applications",
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MADOGUCHI_", "VIRTUAL_ENV"))}
    env.update({k: str(v) for k, v in dirs.items()}, SKIP_APT="1", SKIP_SYSTEM="1")
    for role in ("kiosk", "staff"):
        done = subprocess.run(
            [str(ROOT / "installer" / "setup.sh"), "--production", "--role", role],
            env=env, capture_output=True, text=True, timeout=1800,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return dirs


def test_only_the_locked_runtime_is_installed(installed: dict[str, Path]) -> None:
    python = installed["MADOGUCHI_PREFIX"] / "bin" / "python"
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format", "json"], capture_output=True, text=True
    )
    names = {canonicalize_name(p["name"]): p["version"] for p in json.loads(listed.stdout)}
    assert "madoguchi" in names and "pyside6-essentials" in names
    for dev_tool in ("pytest", "ruff", "mypy", "pyinstaller", "hypothesis"):
        assert dev_tool not in names
    lock = (ROOT / "installer" / "requirements.lock").read_text()
    assert f"pyside6-essentials=={names['pyside6-essentials']}" in lock.lower()


def test_the_installed_command_runs_and_reads_the_machine_file(installed: dict[str, Path]) -> None:
    madoguchi = installed["MADOGUCHI_BIN_DIR"] / "madoguchi"
    etc_file = installed["MADOGUCHI_ETC"] / "madoguchi.toml"
    assert stat.S_IMODE(etc_file.stat().st_mode) == 0o644
    env = {**os.environ, "MADOGUCHI_SYSTEM_CONFIG": str(etc_file),
           "MADOGUCHI_CONFIG": str(etc_file.parent / "absent.toml")}  # fmt: skip
    env.pop("MADOGUCHI_SPOOL_DIR", None)
    done = subprocess.run([str(madoguchi), "config", "show"], env=env, capture_output=True,
                          text=True, cwd="/", timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    spool = next(line for line in done.stdout.splitlines() if line.startswith("spool_dir"))
    assert "'/var/lib/madoguchi/spool'" in spool and spool.endswith(f"# {etc_file}")


def test_the_kiosk_session_is_installed(installed: dict[str, Path]) -> None:
    unit = installed["MADOGUCHI_SYSTEMD_DIR"] / "madoguchi-kiosk.service"
    text = unit.read_text()
    assert f"-- {installed['MADOGUCHI_BIN_DIR'] / 'madoguchi'} kiosk" in text
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
    state = installed["MADOGUCHI_STATE"]
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert (installed["MADOGUCHI_SYSCTL_DIR"] / "90-madoguchi-kiosk.conf").is_file()
    apps = installed["MADOGUCHI_APPS_DIR"]
    assert sorted(p.name for p in apps.iterdir()) == [
        "madoguchi-admin.desktop", "madoguchi-display.desktop", "madoguchi-staff.desktop"
    ]  # fmt: skip
