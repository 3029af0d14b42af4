"""Where madoguchi's log goes, from the settings (log_level, log_target, log_file, ...).

    journald  under systemd (the kiosk unit): one line per record on stderr with the
              syslog priority as a "<N>" prefix, which journald reads as the level
              (`journalctl -u madoguchi-kiosk -p warning`)
    file      a rotating file (log_file; default logs/madoguchi.log in the data folder),
              0600 in a 0700 folder; the Windows default
    stderr    plain lines on stderr (a technician's terminal)
    eventlog  the Windows event log (needs pywin32, which the bundle does not carry)

Records are scrubbed of personal data when they are made (kiosk.log_scrub); every
formatted line goes through the same `scrub` again, so a traceback formatted here is
covered too.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import TextIO

from kiosk import paths
from kiosk.config import Config, ConfigError, load_config
from kiosk.log_scrub import scrub

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
TARGETS = ("auto", "journald", "file", "stderr", "eventlog")

#: syslog priority of each logging level (what journald reads from "<N>").
_PRIORITY = {logging.DEBUG: 7, logging.INFO: 6, logging.WARNING: 4, logging.ERROR: 3}

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def redact(text: str) -> str:
    return scrub(text)


class RedactingFormatter(logging.Formatter):
    """The whole line (message, arguments, traceback) redacted after formatting."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JournaldFormatter(RedactingFormatter):
    """`<priority>logger: message`; journald adds the time and the unit itself."""

    def __init__(self) -> None:
        super().__init__("%(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        priority = _PRIORITY.get(record.levelno, 2 if record.levelno > logging.ERROR else 7)
        # One journal entry per record: continuation lines keep the prefix.
        return "\n".join(f"<{priority}>{line}" for line in super().format(record).splitlines())


def journal_is_stderr(env: dict[str, str] | None = None, stream: TextIO | None = None) -> bool:
    """Whether stderr is connected to journald (systemd sets JOURNAL_STREAM=dev:inode)."""
    value = (os.environ if env is None else env).get("JOURNAL_STREAM", "")
    try:
        device, inode = (int(part) for part in value.split(":"))
        info = os.fstat((stream or sys.stderr).fileno())
    except (ValueError, OSError, AttributeError):
        return False
    return (info.st_dev, info.st_ino) == (device, inode)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each file it opens, the first and every one after a rotation, is 0600."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.chmod(self.baseFilename, 0o600)  # a file made earlier with another mode
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def log_file(config: Config) -> Path:
    return Path(config.log_file) if config.log_file else paths.data_dir() / "logs" / "madoguchi.log"


def _file_handler(config: Config) -> logging.Handler:
    path = log_file(config)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = PrivateRotatingFileHandler(
            path, maxBytes=config.log_max_bytes, backupCount=config.log_backups, encoding="utf-8"
        )
    except OSError as exc:
        raise ConfigError(f"log_file: cannot write {path}: {exc.strerror or exc}") from None
    handler.setFormatter(RedactingFormatter(_FORMAT))
    return handler


def _eventlog_handler() -> logging.Handler:
    try:
        handler = logging.handlers.NTEventLogHandler("madoguchi")
    except ImportError:
        raise ConfigError(
            'log_target = "eventlog" needs pywin32, which is not installed: use "file"'
        ) from None
    handler.setFormatter(RedactingFormatter("%(name)s: %(message)s"))
    return handler


def build_handler(config: Config, stream: TextIO | None = None) -> logging.Handler:
    """The handler the settings ask for (ConfigError for a setting that cannot work)."""
    target = config.log_target
    if target not in TARGETS:
        raise ConfigError(f"log_target: expected one of {', '.join(TARGETS)}, got {target!r}")
    if target == "auto":
        target = "journald" if journal_is_stderr(stream=stream) else "file"
    if target == "file":
        return _file_handler(config)
    if target == "eventlog":
        return _eventlog_handler()
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        JournaldFormatter() if target == "journald" else RedactingFormatter(_FORMAT)
    )
    return handler


def configure(config: Config, stream: TextIO | None = None) -> logging.Handler:
    """Send the root logger to the configured place; a second call replaces the first."""
    level = config.log_level.upper()
    if level not in LEVELS:
        raise ConfigError(
            f"log_level: expected one of {', '.join(LEVELS)}, got {config.log_level!r}"
        )
    handler = build_handler(config, stream)
    handler.set_name("madoguchi")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "madoguchi"]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    return handler


def configure_from_settings() -> None:
    """At the start of every command: the log as configured. A configuration that
    cannot be read leaves logging alone; the command itself then says what is wrong."""
    try:
        configure(load_config())
    except ConfigError:
        return
