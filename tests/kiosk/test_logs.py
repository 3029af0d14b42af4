"""Logging from the settings: journald when systemd connects stderr, a private rotating
file otherwise, and no 個人番号-shaped number in any line."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.config import Config, ConfigError
from kiosk.logs import configure, journal_is_stderr, redact
from kiosk.personal import MASK, RESIDENCE_CARD_MASK

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def restore_root() -> Iterator[None]:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


@pytest.mark.parametrize(
    "text",
    [
        "個人番号 123456789012 を確認",
        "no=1234-5678-9012",
        "number 1234 5678 9012.",
        "x123456789012y",
    ],
)
def test_a_twelve_digit_number_never_reaches_the_log(text: str) -> None:
    out = redact(text)
    assert MASK in out
    assert not any(part in out for part in ("123456789012", "5678"))


@pytest.mark.parametrize(
    "text",
    ["在留カード AB12345678CD を確認", "card=ab12345678cd", "ＡＢ１２３４５６７８ＣＤ", "(AB12345678CD)"],
)
def test_a_residence_card_number_never_reaches_the_log(text: str) -> None:
    out = redact(text)
    assert RESIDENCE_CARD_MASK in out
    assert "12345678" not in out


@pytest.mark.parametrize(
    "text",
    ["A-012 at 2024-05-01 10:30", "PIN tries left: 3", "1234567890123", "XAB12345678CDY"],
)
def test_other_numbers_stay(text: str) -> None:
    assert redact(text) == text


def test_the_file_is_private_rotates_and_is_redacted(tmp_path: Path, restore_root: None) -> None:
    path = tmp_path / "logs" / "madoguchi.log"
    config = replace(
        Config(), log_target="file", log_file=str(path), log_max_bytes=2000, log_backups=2
    )
    configure(config)
    log = logging.getLogger("kiosk.test")
    log.info("submitted for resident %s", "123456789012")
    try:
        raise ValueError("bad value 1234-5678-9012")
    except ValueError:
        log.exception("failed")
    for index in range(100):
        log.info("line %d", index)
    logging.getLogger().handlers[-1].flush()
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(path.parent.iterdir()))
    assert "123456789012" not in text and "1234-5678-9012" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    rotated = sorted(p.name for p in path.parent.iterdir())
    assert rotated == ["madoguchi.log", "madoguchi.log.1", "madoguchi.log.2"]


def test_a_second_configure_replaces_the_first(tmp_path: Path, restore_root: None) -> None:
    before = len(logging.getLogger().handlers)
    for name in ("a.log", "b.log"):
        configure(replace(Config(), log_target="file", log_file=str(tmp_path / name)))
    assert len(logging.getLogger().handlers) == before + 1
    assert logging.getLogger().level == logging.INFO


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("log_level", "LOUD", "log_level: expected one of DEBUG, INFO"),
        ("log_target", "syslog", "log_target: expected one of auto, journald"),
    ],
)
def test_a_wrong_setting_is_named(
    setting: str, value: str, message: str, restore_root: None
) -> None:
    with pytest.raises(ConfigError, match=message):
        configure(replace(Config(), **{setting: value}))


def test_a_log_file_that_cannot_be_written_is_named(tmp_path: Path, restore_root: None) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ConfigError, match="log_file: cannot write"):
        configure(replace(Config(), log_target="file", log_file=str(blocker / "x.log")))


CHILD = """
import logging, sys
from dataclasses import replace
from kiosk.config import Config
from kiosk.logs import configure, journal_is_stderr
print("journal" if journal_is_stderr() else "no-journal", flush=True)
configure(replace(Config(), log_target="auto", log_file=sys.argv[1]))
logging.getLogger("kiosk.spool").warning("spool full for 123456789012\\nsecond line")
logging.getLogger("kiosk.x").info("started")
"""


def _run_child(tmp_path: Path, journal: bool) -> tuple[str, str]:
    """A process whose stderr is a file; JOURNAL_STREAM names that file when journal."""
    err_path = tmp_path / "stderr"
    with err_path.open("w") as err:
        env = {k: v for k, v in os.environ.items() if k != "JOURNAL_STREAM"}
        if journal:
            info = os.fstat(err.fileno())
            env["JOURNAL_STREAM"] = f"{info.st_dev}:{info.st_ino}"
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(tmp_path / "file.log")],
            cwd=ROOT, env=env, stderr=err, stdout=subprocess.PIPE, text=True, check=True,
            timeout=60,
        ).stdout  # fmt: skip
    return out.strip(), err_path.read_text(encoding="utf-8")


def test_under_systemd_lines_carry_the_journal_priority(tmp_path: Path) -> None:
    seen, err = _run_child(tmp_path, journal=True)
    assert seen == "journal"
    assert err.splitlines() == [
        f"<4>kiosk.spool: spool full for {MASK}",
        "<4>second line",
        "<6>kiosk.x: started",
    ]
    assert not (tmp_path / "file.log").exists()


def test_without_systemd_auto_writes_the_file(tmp_path: Path) -> None:
    seen, err = _run_child(tmp_path, journal=False)
    assert seen == "no-journal"
    assert err == ""
    text = (tmp_path / "file.log").read_text(encoding="utf-8")
    assert f"WARNING kiosk.spool: spool full for {MASK}" in text
    assert "INFO kiosk.x: started" in text


def test_a_stale_journal_stream_is_not_the_journal(tmp_path: Path) -> None:
    with (tmp_path / "f").open("w") as stream:
        assert not journal_is_stderr({"JOURNAL_STREAM": "1:2"}, stream)
        assert not journal_is_stderr({"JOURNAL_STREAM": "garbage"}, stream)
        info = os.fstat(stream.fileno())
        assert journal_is_stderr({"JOURNAL_STREAM": f"{info.st_dev}:{info.st_ino}"}, stream)
