"""`madoguchi forms`: list, validate and render form definitions (see docs/forms.md).

An entry point in the kiosk layer (like `kiosk.card_cli`): rendering "as of today" asks
the one clock (`kiosk.clock`), which `forms` itself never reads.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from forms.errors import FormDefinitionError, FormsError
from i18n import available_locales
from kiosk.cli_text import CliBadParameter, CliError, CliUsageError


def _configured(path: Path | None) -> Path | None:
    """--catalogue, else the configured catalogue_dir (MADOGUCHI_CATALOGUE_DIR too): the
    catalogue the kiosks use; None: the packaged one."""
    if path is not None:
        return path
    from kiosk.config import load_config

    published = load_config().catalogue_dir
    return Path(published) if published else None


def _catalogue(path: Path | None) -> Any:
    from forms.catalogue import load_catalogue

    path = _configured(path)
    if path is not None and not path.is_dir():
        raise CliError("cli.no_catalogue_dir", path=path)
    try:
        return load_catalogue(path)
    except FormDefinitionError as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        raise CliError("cli.definition_problems", count=len(exc.errors)) from None


def _city_hall_today() -> date:
    from kiosk.clock import Clock
    from kiosk.config import load_config

    return Clock(load_config().timezone).today()


catalogue_option = click.option(
    "--catalogue",
    "catalogue_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A catalogue directory (default: the configured catalogue_dir, else the packaged one).",
)


@click.group()
def forms() -> None:
    """Form definitions: list, validate, render."""


@forms.command("list")
@catalogue_option
@click.option("--events", "show_events", is_flag=True, help="List life events and procedures.")
def list_forms(catalogue_dir: Path | None, show_events: bool) -> None:
    """The forms of the catalogue (id, version, code, department, title)."""
    catalogue = _catalogue(catalogue_dir)
    if show_events:
        for event in catalogue.events.values():
            click.echo(f"{event.id:<14} {event.title['ja']}")
            for pid, _ in event.procedures:
                proc = catalogue.procedures[pid]
                click.echo(f"    {pid:<24} {proc.title['ja']}  [{', '.join(proc.forms)}]")
            for rule in event.suggest:
                click.echo(f"  ? {rule.procedure:<24} (suggested)")
        return
    for form_id in catalogue.batch_order(catalogue.forms):
        form = catalogue.forms[form_id]
        department = catalogue.departments[form.department].name["ja"]
        click.echo(
            f"{form.id:<18} v{form.version:<8} {form.code:<8} {department:<10} {form.title['ja']}"
        )


@forms.command()
@catalogue_option
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def validate(catalogue_dir: Path | None, paths: tuple[Path, ...]) -> None:
    """Check catalogue directories or form files; print each problem with its location.

    With no PATH, checks the catalogue (the packaged one unless --catalogue). A form file is
    checked against the catalogue's dictionary, procedures and departments.
    """
    from forms.catalogue import validate_form_text

    problems = 0
    if not paths:
        catalogue = _catalogue(catalogue_dir)
        where = _configured(catalogue_dir) or "the packaged catalogue"
        click.echo(f"ok: {where}: {len(catalogue.forms)} forms, {len(catalogue.dictionary)} facts")
        return
    for path in paths:
        if path.is_dir():
            try:
                from forms.catalogue import load_catalogue

                catalogue = load_catalogue(path)
            except FormDefinitionError as exc:
                problems += len(exc.errors)
                for error in exc.errors:
                    click.echo(str(error))
                continue
            click.echo(f"ok: {path} ({len(catalogue.forms)} forms)")
            continue
        errors = validate_form_text(
            path.read_text(encoding="utf-8"), str(path), _catalogue(catalogue_dir)
        )
        problems += len(errors)
        for error in errors:
            click.echo(str(error))
        if not errors:
            click.echo(f"ok: {path}")
    if problems:
        raise CliError("cli.problems", count=problems)


@forms.command()
@catalogue_option
@click.option("--event", help="Render every form the event's procedures need.")
@click.option("--form", "form_ids", multiple=True, help="A form id (repeatable).")
@click.option("--data", "data_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Application data (JSON keyed by the data dictionary).")  # fmt: skip
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--application-id", default="PREVIEW", show_default=True)
@click.option(
    "--reception", "reception_number", default=None, help="Reception number for the cover."
)
@click.option(
    "--locale",
    default="ja",
    show_default=True,
    type=click.Choice(available_locales()),
    help="The resident's language on the cover sheet, beneath the Japanese.",
)
@click.option(
    "--today",
    "today_text",
    default=None,
    help="Render as of this date (YYYY-MM-DD); default: today at the city hall.",
)
@click.option("--no-cover", is_flag=True, help="Leave out the cover sheet.")
def render(
    catalogue_dir: Path | None,
    event: str | None,
    form_ids: tuple[str, ...],
    data_file: Path,
    out_file: Path,
    application_id: str,
    reception_number: str | None,
    locale: str,
    today_text: str | None,
    no_cover: bool,
) -> None:
    """Fill forms from a data file and write one PDF (cover sheet first)."""
    from forms.checks import check
    from forms.render import render_batch
    from kiosk.application import cover_wording

    if bool(event) == bool(form_ids):
        raise CliUsageError("cli.event_or_form")
    catalogue = _catalogue(catalogue_dir)
    try:
        data: dict[str, Any] = json.loads(data_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CliError("cli.not_json", path=data_file, reason=exc) from None
    try:
        today = date.fromisoformat(today_text) if today_text else _city_hall_today()
    except ValueError:
        raise CliBadParameter("cli.date_format", param_hint="--today", value=today_text) from None
    try:
        if event:
            data.setdefault("event", event)
            ids = catalogue.forms_for(event, data, today)
        else:
            ids = catalogue.batch_order(form_ids)
        issues = check(catalogue, ids, data, today)
        for issue in issues:
            click.echo(f"{issue.severity}: {issue.key}: {issue.code} ({issue.message})", err=True)
        batch = render_batch(
            catalogue,
            data,
            ids,
            application_id,
            reception_number,
            today=today,
            wording=cover_wording(locale),
            cover=not no_cover,
        )
    except FormsError as exc:
        raise click.ClickException(str(exc)) from None
    out_file.write_bytes(batch.pdf)
    click.echo(f"{out_file}: {batch.pages} page(s), forms: {', '.join(batch.form_ids)}")
    for flag in batch.flags:
        click.echo(f"flag: {flag.form_id} page {flag.page}: {flag.field}: {flag.reason}", err=True)
    errors = [issue for issue in issues if issue.severity == "error"]
    if errors:
        # the PDF is written (to look at), but a script must not take it for a good one
        raise CliError("cli.data_errors", count=len(errors), path=data_file)


@forms.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the JSON Schema files (default: forms/data/schema).")  # fmt: skip
def schema(out_dir: Path | None) -> None:
    """Write the JSON Schema of each definition file kind (for editors)."""
    from forms.jsonschema import write_schemas

    for path in write_schemas(out_dir):
        click.echo(str(path))


if __name__ == "__main__":  # pragma: no cover
    forms(sys.argv[1:])


@forms.command()
@catalogue_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the template (default: standard output).",
)
def pot(catalogue_dir: Path | None, out: Path | None) -> None:
    """Write the translation template of every resident-facing text (Japanese msgids).

    Translate it into <locales dir>/<lang>/LC_MESSAGES/catalogue.po; the kiosk uses it
    wherever the catalogue itself has no text in that language.
    """
    import io

    from babel.messages.pofile import write_po

    from forms.texts import template

    buffer = io.BytesIO()
    write_po(buffer, template(_catalogue(catalogue_dir)), width=0, omit_header=False)
    if out is None:
        click.echo(buffer.getvalue().decode("utf-8"), nl=False)
    else:
        out.write_bytes(buffer.getvalue())
        click.echo(f"written {out}", err=True)
