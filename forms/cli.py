"""`madoguchi forms`: list, validate and render form definitions (see docs/forms.md)."""

from __future__ import annotations

import click


@click.group()
def forms() -> None:
    """Form definitions: list, validate, render."""
