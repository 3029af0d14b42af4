"""`madoguchi doctor`: one command a technician runs on any terminal (kiosk/doctor.py).

One line per finding, `ok`, `warn` or `FAIL`, with what to do under each that is not
ok; in Japanese when the locale is Japanese. Exit status for scripts: 0 healthy
(warnings allowed), 1 a warning with --strict, 2 a failure.
"""

from __future__ import annotations

import json
import sys

import click

from kiosk.cli_text import cli_locale
from kiosk.config import ConfigError, load_config
from kiosk.doctor import ROLES, exit_status, run_checks

MARK = {"ok": "ok  ", "warn": "warn", "fail": "FAIL"}


@click.command()
@click.option(
    "--role",
    type=click.Choice(ROLES),
    default="kiosk",
    show_default=True,
    help="What this terminal is: decides which checks must pass.",
)
@click.option("--database", "database_url", help="Database URL (overrides the configuration).")
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")
@click.option("--strict", is_flag=True, help="Exit 1 on a warning too.")
def doctor(role: str, database_url: str | None, as_json: bool, strict: bool) -> None:
    """Check this terminal: card service and readers, fonts, database, printers,
    catalogue, read-aloud voices, display, spool disk. Changes nothing."""
    from i18n import translator

    say = translator(cli_locale())
    try:
        config = load_config()
    except ConfigError as exc:
        click.echo(f"FAIL config     {exc}", err=True)
        sys.exit(2)
    findings = run_checks(config, role, database_url)
    if as_json:
        click.echo(json.dumps([f.to_json_dict(say) for f in findings], ensure_ascii=False))
    else:
        for finding in findings:
            click.echo(
                f"{MARK[finding.status]} {finding.check:<9} {say(finding.key, **finding.params)}"
            )
            if finding.fix:
                click.echo(f"{'':14}→ {say(finding.fix, **finding.params)}")
    sys.exit(exit_status(findings, strict))
