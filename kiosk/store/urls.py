"""Database URLs (SQLAlchemy's notation), for the configuration and the doctor: the one
place outside the store's engine that parses them, so only kiosk.store imports
SQLAlchemy (an import-linter contract)."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError


class BadDatabaseUrl(ValueError):
    """Not a database URL; the message says why."""


def with_password(url: str, password: str) -> str:
    """`url` with `password` put in (read from the password file, never from a file
    others can read)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise BadDatabaseUrl(str(exc)) from None
    return parsed.set(password=password).render_as_string(hide_password=False)


def has_password(url: str) -> bool:
    try:
        return bool(make_url(url).password)
    except ArgumentError:
        return False


def masked(url: str) -> str:
    """`url` as it may be shown: the password as ***."""
    return make_url(url).render_as_string(hide_password=True)


def location(url: str) -> str:
    """Where the database is, for messages: a file, or host:port/database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database}"
