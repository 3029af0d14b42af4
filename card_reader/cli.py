"""`madoguchi card`: list readers, check a card, read a card (see docs/card-reader.md)."""

from __future__ import annotations

import click


@click.group()
def card() -> None:
    """My Number Card reader tools."""
