"""The lock file pins every runtime dependency pyproject.toml names, within its range,
with hashes, for Linux and Windows alike; the bundle's tools are pinned beside it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s;]+)\s*(;[^\\]*)?\\?$")


def pins(path: Path) -> dict[str, list[tuple[str, str, int]]]:
    """name → [(version, marker, number of hashes)], from a `uv pip compile` file."""
    found: dict[str, list[tuple[str, str, int]]] = {}
    current: list[tuple[str, str, int]] | None = None
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            name, _, version, marker = match.groups()
            current = found.setdefault(canonicalize_name(name), [])
            current.append((version, (marker or "").lstrip("; ").strip(), 0))
        elif line.strip().startswith("--hash=sha256:") and current:
            version, marker, hashes = current[-1]
            current[-1] = (version, marker, hashes + 1)
    return found


def runtime_requirements() -> list[Requirement]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return [Requirement(r) for r in data["project"]["dependencies"]]


@pytest.mark.parametrize(
    "platform", [{"sys_platform": "linux", "platform_system": "Linux"},
                 {"sys_platform": "win32", "platform_system": "Windows"}],
)  # fmt: skip
def test_every_dependency_is_pinned_within_its_range(platform: dict[str, str]) -> None:
    env = {**default_environment(), "python_version": "3.11", "python_full_version": "3.11.7",
           "platform_machine": "x86_64" if platform["sys_platform"] == "linux" else "AMD64",
           **platform}  # fmt: skip
    locked = pins(ROOT / "installer" / "requirements.lock")
    for requirement in runtime_requirements():
        options = locked.get(canonicalize_name(requirement.name), [])
        chosen = [v for v, m, _ in options if not m or Requirement(f"x; {m}").marker.evaluate(env)]  # type: ignore[union-attr]
        assert chosen, f"{requirement.name} is not in the lock for {platform['sys_platform']}"
        assert all(requirement.specifier.contains(v, prereleases=True) for v in chosen), (
            f"{requirement}: locked {chosen}; run make lock"
        )


@pytest.mark.parametrize("lock", ["requirements.lock", "build.lock"])
def test_every_pin_has_hashes(lock: str) -> None:
    locked = pins(ROOT / "installer" / lock)
    assert locked
    unhashed = [name for name, options in locked.items() for _, _, n in options if n == 0]
    assert not unhashed


def test_the_bundle_tools_agree_with_the_runtime_lock() -> None:
    runtime = pins(ROOT / "installer" / "requirements.lock")
    build = pins(ROOT / "installer" / "build.lock")
    assert {"pyinstaller", "pyinstaller-hooks-contrib"} <= set(build)
    for name in set(runtime) & set(build):
        assert [v for v, _, _ in runtime[name]] == [v for v, _, _ in build[name]], name
