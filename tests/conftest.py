"""Test session set-up: Qt offscreen, and the fixture plugins for each real part."""

from __future__ import annotations

import os

# Before anything imports Qt: draw offscreen, never on a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the user's real data directory.
os.environ.setdefault(
    "MADOGUCHI_DATA_DIR",
    os.path.join(
        os.path.dirname(__file__), "artifacts", "_data", os.environ.get("PYTEST_XDIST_WORKER", "")
    ),
)

# ... nor this machine's configuration (a production install on a developer's machine).
os.environ.setdefault(
    "MADOGUCHI_SYSTEM_CONFIG",
    os.path.join(os.path.dirname(__file__), "artifacts", "_no_system_config.toml"),
)

pytest_plugins = [
    "tests.support.moved_clock",
    "tests.fixtures.artifacts",
    "tests.fixtures.pcsc",
    "tests.fixtures.card",
    "tests.fixtures.device",
    "tests.fixtures.database",
    "tests.fixtures.qt",
    "tests.fixtures.kiosk",
    "tests.fixtures.printing",
]
