"""Configuration: defaults, then the TOML file, then MADOGUCHI_* environment variables.

# madoguchi.toml
database_url = "postgresql+psycopg://madoguchi@db.city.local/madoguchi"
terminal_id = "kiosk-1F-01"
counter_group = "A"
idle_timeout_seconds = 120
ticket_printer = "network:192.168.10.50"
print_forms = true
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from kiosk import paths


class ConfigError(Exception):
    """The configuration file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Config:
    #: SQLAlchemy URL. Default: SQLite in the per-user data directory (one machine, demo).
    database_url: str = ""
    #: PostgreSQL TLS (libpq sslmode). Empty: verify-full for any server across a
    #: network (the certificate must chain to database_sslrootcert and name the host).
    database_sslmode: str = ""
    #: The root certificate (PEM) that the database server's certificate must chain to.
    database_sslrootcert: str = ""
    #: Name of this terminal, recorded with every application it submits.
    terminal_id: str = "kiosk-1"
    #: Counter group whose reception-number sequence this kiosk draws from.
    counter_group: str = "A"
    #: Language the kiosk starts in (the resident can change it on the first screen).
    default_locale: str = "ja"
    #: "pcsc" for real readers, "simulator" for the built-in simulated card (demo).
    card_backend: str = "pcsc"
    #: Seconds without a touch before the "need more time?" countdown starts.
    idle_timeout_seconds: int = 120
    #: Seconds the countdown lasts before the session is wiped.
    idle_countdown_seconds: int = 30
    #: Days after completion before `madoguchi db purge` removes personal data.
    retention_days: int = 30
    #: Where unsent applications wait while the database is unreachable.
    spool_dir: str = ""
    #: This municipality as 都道府県 + 市区町村 (Japan Post's names): the kiosk offers
    #: its towns as a list when asking for a new address in the city.
    municipality: str = "東京都千代田区"
    #: Seconds between attempts to hand spooled applications to the database.
    spool_retry_seconds: int = 15
    #: argon2 hash of the staff PIN that unlocks staff-assisted mode on this kiosk
    #: (`madoguchi staff-pin` makes one); empty: no staff-assisted mode.
    staff_pin_hash: str = ""
    #: The city hall's time zone: the "day" of reception numbers and statistics.
    timezone: str = "Asia/Tokyo"
    #: Wrong passwords in a row before a staff account locks.
    account_max_failures: int = 5
    #: Minutes a locked account stays locked (0: until an admin unlocks it).
    account_lock_minutes: int = 15
    #: A staff sign-in ends after this many minutes without any operation ...
    session_idle_minutes: int = 30
    #: ... and at the latest this many hours after signing in.
    session_max_hours: int = 12
    #: Reception-ticket printer (docs/printing.md): "none", "file:/path",
    #: "network:HOST[:PORT]", "usb:VID:PID" (hex) or "page" (on the page printer).
    ticket_printer: str = "none"
    #: CUPS / Windows printer for pages (forms, a "page" ticket): "" = the system
    #: default printer, "none" = no page printing at this terminal.
    page_printer: str = ""
    #: Print the filled forms at the kiosk (True), or leave printing to staff (False).
    print_forms: bool = False
    #: The published catalogue (forms, questions, life events; docs/admin.md): the
    #: directory `madoguchi admin` publishes to and kiosks and staff desktops load at
    #: start. Empty: the packaged default (forms/data).
    catalogue_dir: str = ""

    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{paths.data_dir() / 'madoguchi.sqlite3'}"

    def resolved_spool_dir(self) -> Path:
        path = Path(self.spool_dir) if self.spool_dir else paths.data_dir() / "spool"
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path


#: Words a boolean setting accepts (environment variables are always text).
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def _coerce(name: str, value: Any, kind: Any) -> Any:
    if kind in (bool, "bool"):
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        raise ConfigError(f"{name}: expected true or false (yes/no, 1/0), got {value!r}")
    if kind in (int, "int"):
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{name}: expected a whole number, got {value!r}") from None
    return str(value)


def load_config(path: Path | None = None, env: dict[str, str] | None = None) -> Config:
    """Defaults ← file (if it exists) ← environment (MADOGUCHI_DATABASE_URL, ...)."""
    env = dict(os.environ) if env is None else env
    path = path or paths.config_file()
    known = {f.name: f.type for f in fields(Config)}
    values: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        for key, value in data.items():
            if key not in known:
                raise ConfigError(f"{path}: unknown setting {key!r} (known: {', '.join(known)})")
            values[key] = _coerce(f"{path}: {key}", value, known[key])
    for name, kind in known.items():
        env_key = "MADOGUCHI_" + name.upper()
        if env_key in env:
            values[name] = _coerce(env_key, env[env_key], kind)
    return replace(Config(), **values)
