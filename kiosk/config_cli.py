"""`madoguchi config show`: the effective settings of this terminal and their sources."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from kiosk import paths
from kiosk.config import ConfigError, load_config_with_sources, shown_value


@click.group()
def config() -> None:
    """This terminal's configuration (machine-wide file, per-user file, MADOGUCHI_*)."""


@config.command()
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")
def show(as_json: bool) -> None:
    """Every setting, its effective value (secrets masked) and where it came from."""
    try:
        loaded = load_config_with_sources()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    values = asdict(loaded.config)
    if as_json:
        rows = {
            name: {"value": shown_value(name, value), "source": loaded.sources[name]}
            for name, value in values.items()
        }
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"# machine-wide file: {paths.system_config_file()}")
    click.echo(f"# per-user file:     {paths.config_file()}")
    width = max(len(name) for name in values)
    for name, value in values.items():
        click.echo(f"{name:<{width}} = {shown_value(name, value)}  # {loaded.sources[name]}")
