"""The `db` commands and the window commands: one spelling of the database option, and
a one-shot command that cannot connect says so (it does not "reconnect")."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[2]


def _commands(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
    found: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found.update(_commands(command, f"{prefix}{name} "))
        else:
            found[f"{prefix}{name}"] = command
    return found


def test_every_command_names_the_database_option_the_same_way():
    from ui.cli import main

    spellings: dict[str, set[str]] = {}
    for name, command in _commands(main).items():
        for param in command.params:
            if isinstance(param, click.Option) and param.name == "database_url":
                spellings.setdefault(" ".join(param.opts), set()).add(name)
    assert set(spellings) == {"--database"}, spellings
    takes_it = spellings["--database"]
    for name in (
        "db upgrade",
        "db current",
        "db history",
        "db backup",
        "db restore",
        "db roles",
        "db purge",
        "db stats",
        "db create-admin",
        "export",
        "kiosk",
        "staff",
        "admin",
        "display",
    ):
        assert name in takes_it, name


def test_db_upgrade_against_an_unreachable_server_says_it_could_not_connect(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql+psycopg://madoguchi@127.0.0.1:{port}/madoguchi"
    env = {**os.environ, "MADOGUCHI_CONFIG": str(tmp_path / "none.toml"), "LANG": "C.UTF-8"}
    for locale, words in (
        ("C.UTF-8", "Could not connect to the database at"),
        ("ja_JP.UTF-8", "接続できませんでした"),
    ):
        env["LANG"] = locale
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "from ui.cli import main; main()",
                "db",
                "upgrade",
                "--database",
                url,
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 1
        assert words in result.stderr and f"127.0.0.1:{port}/madoguchi" in result.stderr
        assert "Reconnect" not in result.stderr and "再接続" not in result.stderr
        assert "Traceback" not in result.stderr
