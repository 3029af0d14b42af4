"""The `madoguchi` command: one entry point, one subcommand per application.

Qt is imported only inside the commands that open windows, so the card, forms and
db tools start fast and work on machines without a display.
"""

from __future__ import annotations

import click

from card_reader.cli import card
from forms.cli import forms
from kiosk.cli import db, export


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="madoguchi")
def main() -> None:
    """書かない窓口 madoguchi: kiosk, staff desktop, forms and card tools."""


main.add_command(card)
main.add_command(forms)
main.add_command(db)
main.add_command(export)
