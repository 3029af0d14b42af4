"""Configuration: defaults, then the machine-wide file, then the per-user file, then
MADOGUCHI_* environment variables (each later one wins, setting by setting).

    /etc/madoguchi/madoguchi.toml            (Windows: %PROGRAMDATA%\\madoguchi\\madoguchi.toml)
    ~/.config/madoguchi/madoguchi.toml       (MADOGUCHI_CONFIG names another)
    MADOGUCHI_DATABASE_URL=...               (any setting, upper case)

# madoguchi.toml
database_url = "postgresql+psycopg://madoguchi_kiosk@db.city.local/madoguchi"
database_password_file = "/etc/madoguchi/db-password"   # 0600, never in this file
terminal_id = "kiosk-1F-01"
counter_group = "A"

Secrets never sit in a file others can read: a password in `database_url` is refused
in a file that is readable by group or others, and `database_password_file` must be
0600 (or stricter). `madoguchi config show` prints every setting with its source.
"""

from __future__ import annotations

import os
import stat
import sys
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
    #: The card reader to use: a reader's name or a glob pattern ("*Sony*"). Empty:
    #: whichever reader holds a My Number Card (other cards, like a SAM, are passed by).
    card_reader: str = ""
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
    #: The banks the kiosk offers first when asking for a bank account, by 全銀 code
    #: (comma-separated, in this order): the big banks and ゆうちょ; a city adds its own
    #: regional banks, 信金 and JA. Every other bank is found by its kana.
    banks_first: str = "0001,0005,0009,0010,0017,9900"
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
    #: A second administrator must approve each publication in `madoguchi admin`
    #: (signing in with their own password in the publish dialog) before it goes out.
    publish_approval: bool = False
    #: Seconds between a running kiosk's or staff desk's looks at catalogue_dir for a
    #: new publication (taken up between residents; 0: only at start).
    catalogue_check_seconds: int = 30
    #: A file holding only the database password (mode 0600; Windows: readable by the
    #: kiosk account and administrators only). Empty: the password, if any, is in
    #: database_url (which then must not be in a file others can read).
    database_password_file: str = ""
    #: DEBUG, INFO, WARNING or ERROR.
    log_level: str = "INFO"
    #: "auto" (journald under systemd, else the file), "journald", "file", "stderr".
    log_target: str = "auto"
    #: The log file for target "file" (empty: madoguchi.log in the data folder's logs/).
    log_file: str = ""
    #: Rotate the log file at this size, keeping this many old files.
    log_max_bytes: int = 10_000_000
    log_backups: int = 5

    def resolved_database_url(self) -> str:
        url = self.database_url or f"sqlite:///{paths.data_dir() / 'madoguchi.sqlite3'}"
        if not self.database_password_file:
            return url
        password = read_secret(Path(self.database_password_file))
        from kiosk.store import urls  # SQLAlchemy's URLs: only when a password is set

        try:
            return urls.with_password(url, password)
        except urls.BadDatabaseUrl as exc:
            raise ConfigError(f"database_url: not a database URL ({exc})") from None

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


#: Settings whose value is secret: `config show` masks them.
SECRET_SETTINGS = ("staff_pin_hash",)


def _group_or_world_readable(path: Path) -> bool:
    return sys.platform != "win32" and bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def read_secret(path: Path) -> str:
    """The one line of a secret file, refused if others may read it."""
    try:
        if _group_or_world_readable(path):
            mode = stat.S_IMODE(path.stat().st_mode)
            raise ConfigError(
                f"{path}: the password file is readable by other users (mode {mode:04o}); "
                f"make it readable by this terminal's account only: chmod 600 {path}"
            )
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ConfigError(f"{path}: the database password file does not exist") from None
    except PermissionError:
        raise ConfigError(
            f"{path}: this account may not read the database password file "
            "(it must belong to the account the terminal runs as)"
        ) from None


def _password_in_url(value: Any) -> bool:
    from kiosk.store import urls

    return urls.has_password(str(value))


@dataclass(frozen=True)
class Loaded:
    """The effective configuration and, for each setting, where its value came from."""

    config: Config
    #: setting name → "default", "<file path>" or "environment MADOGUCHI_<NAME>"
    sources: dict[str, str]
    #: The files that were read, in order (machine-wide first).
    files: tuple[Path, ...]


def _read_file(path: Path, known: dict[str, Any]) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except PermissionError:
        raise ConfigError(f"{path}: this account may not read the configuration") from None
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown setting {key!r} (known: {', '.join(known)})")
        if key == "database_url" and _password_in_url(value) and _group_or_world_readable(path):
            raise ConfigError(
                f"{path}: database_url carries a password and the file is readable by "
                "other users: put the password in database_password_file (chmod 600) "
                "and leave it out of the URL"
            )
        values[key] = _coerce(f"{path}: {key}", value, known[key])
    return values


def load_config_with_sources(
    path: Path | None = None,
    env: dict[str, str] | None = None,
    system_path: Path | None = None,
) -> Loaded:
    """Defaults ← machine-wide file ← per-user file ← environment, with each source."""
    env = dict(os.environ) if env is None else env
    known = {f.name: f.type for f in fields(Config)}
    values: dict[str, Any] = {}
    sources = dict.fromkeys(known, "default")
    files: list[Path] = []
    for file in (system_path or paths.system_config_file(), path or paths.config_file()):
        if file in files or not file.exists():
            continue
        files.append(file)
        found = _read_file(file, known)
        values.update(found)
        sources.update(dict.fromkeys(found, str(file)))
    for name, kind in known.items():
        env_key = "MADOGUCHI_" + name.upper()
        if env_key in env:
            values[name] = _coerce(env_key, env[env_key], kind)
            sources[name] = f"environment {env_key}"
    return Loaded(replace(Config(), **values), sources, tuple(files))


def load_config(
    path: Path | None = None,
    env: dict[str, str] | None = None,
    system_path: Path | None = None,
) -> Config:
    """Defaults ← machine-wide file ← per-user file ← environment (MADOGUCHI_*)."""
    return load_config_with_sources(path, env, system_path).config


def shown_value(name: str, value: Any) -> str:
    """A setting as `config show` prints it: passwords and secrets masked."""
    if name in SECRET_SETTINGS and value:
        return "********"
    if name == "database_url" and value and _password_in_url(value):
        from kiosk.store import urls

        return urls.masked(str(value))
    return repr(value) if isinstance(value, str) else str(value).lower()
