"""The bundle under test (MADOGUCHI_BUNDLE_DIR, or built here) and `run`: its
`madoguchi` in a mount namespace where this machine's Python, the virtual environment,
the system fonts and the SKK dictionaries are hidden behind empty folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.prefix)
HIDDEN = [
    Path("/usr/share/fonts"),
    Path("/usr/share/skk"),
    Path(f"/usr/lib/python{sys.version_info.major}.{sys.version_info.minor}"),
    Path("/usr/lib/python3"),
    Path(f"/usr/local/lib/python{sys.version_info.major}.{sys.version_info.minor}"),
    VENV,
    Path(sys.base_prefix) / "lib",  # the interpreter the virtual environment runs on
]


@pytest.fixture(scope="session")
def bundle(artifacts_root: Path) -> Path:
    given = os.environ.get("MADOGUCHI_BUNDLE_DIR")
    if given:
        return Path(given)
    out = artifacts_root / "bundle"
    env = {**os.environ, "MADOGUCHI_BUILD_DIR": str(out / "build"),
           "MADOGUCHI_DIST_DIR": str(out / "dist")}  # fmt: skip
    subprocess.run([str(ROOT / "installer" / "bundle" / "build.sh")], env=env, check=True,
                   timeout=1800)  # fmt: skip
    return out / "dist" / "madoguchi"


@pytest.fixture
def run(bundle: Path, tmp_path: Path):
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.fail("the bundle test hides the system's Python in a mount namespace: needs root")
    empty = tmp_path / "empty"
    empty.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    mounts = " && ".join(f'mount --bind "{empty}" "{path}"' for path in HIDDEN if path.is_dir())
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "MADOGUCHI_", "VIRTUAL_ENV"))
    }
    env.update(
        HOME=str(tmp_path / "home"),
        LANG="C.UTF-8",
        QT_QPA_PLATFORM="offscreen",
        MADOGUCHI_DATA_DIR=str(tmp_path / "data"),
        MADOGUCHI_CONFIG=str(tmp_path / "absent.toml"),
        MADOGUCHI_SYSTEM_CONFIG=str(tmp_path / "absent-system.toml"),
        PATH="/usr/bin:/bin",
    )

    def madoguchi(
        *args: str, prefix: tuple[str, ...] = (), **extra_env: str
    ) -> subprocess.CompletedProcess[str]:
        command = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                   f'{mounts} && exec "$@"', "sh", *prefix, str(bundle / "madoguchi"), *args]  # fmt: skip
        return subprocess.run(
            command, cwd=work, env={**env, **extra_env}, capture_output=True, text=True,
            timeout=300, check=False,
        )  # fmt: skip

    return madoguchi
