"""`madoguchi db` and `madoguchi export`: the application store (see docs/store.md)."""

from __future__ import annotations

import click


@click.group()
def db() -> None:
    """Database: upgrade the schema, purge old personal data."""
