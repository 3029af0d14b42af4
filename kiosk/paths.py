"""Where madoguchi keeps its files on this machine (per user, per OS)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP = "madoguchi"


def data_dir() -> Path:
    """Per-user data: the demo SQLite database, the spool of unsent applications.

    MADOGUCHI_DATA_DIR overrides it (tests, kiosks with a dedicated data disk).
    """
    override = os.environ.get("MADOGUCHI_DATA_DIR")
    path = Path(override) if override else user_data_path(APP, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_file() -> Path:
    """The configuration file: MADOGUCHI_CONFIG, else madoguchi.toml in the user config dir."""
    override = os.environ.get("MADOGUCHI_CONFIG")
    if override:
        return Path(override)
    return user_config_path(APP, appauthor=False) / "madoguchi.toml"


def system_config_file() -> Path:
    """The machine-wide configuration, read before the per-user file.

    /etc/madoguchi/madoguchi.toml on Linux, %PROGRAMDATA%\\madoguchi\\madoguchi.toml on
    Windows; MADOGUCHI_SYSTEM_CONFIG overrides it (tests, a second installation).
    """
    override = os.environ.get("MADOGUCHI_SYSTEM_CONFIG")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / APP / "madoguchi.toml"
    return Path("/etc") / APP / "madoguchi.toml"
