"""`madoguchi db` and `madoguchi export`: the application store (see docs/store.md)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from i18n import translator
from kiosk.cli_text import CliBadParameter, say
from kiosk.clock import Clock
from kiosk.config import ConfigError, load_config
from kiosk.private_file import write_private
from kiosk.spool import Spool
from kiosk.store import DatabaseUnavailable, PermissionDenied, Principal, StoreError
from kiosk.store.buckets import BUCKETS

if TYPE_CHECKING:
    from kiosk.store import Store


def _say_error(error: StoreError, database_url: str = "") -> str:
    key, params = error.key, dict(error.params)
    if type(error) is DatabaseUnavailable:
        from kiosk.store import urls

        # A one-shot command does not reconnect (the terminals' words say it does).
        key, params = "db.could_not_connect", {"where": urls.location(database_url)}
    return f"{say(key, **params)} [{key}]"


@contextmanager
def _store(database_url: str | None) -> Iterator[Store]:
    try:
        from kiosk.store import Store  # SQLAlchemy: only for the commands that need it

        store = Store.open(database_url)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        yield store
    except StoreError as exc:
        raise click.ClickException(_say_error(exc, store.url)) from None
    finally:
        store.close()


def _moment(value: str, zone: tzinfo) -> datetime:
    """A date (local midnight at the city hall) or an ISO date-time (local if naive)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise CliBadParameter("cli.moment_format", value=value) from None
    if len(value) == 10:
        parsed = datetime.combine(parsed.date(), time(), zone)
    elif parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(UTC)


def _write(text: str, output: Path | None, encoding: str) -> None:
    """To stdout, or to a file only its owner can read (0600, also when it existed)."""
    if output is None:
        click.echo(text, nl=False)
        return
    write_private(output, text.encode(encoding))


@contextmanager
def _signed_in(
    store: Store, username: str | None, password_stdin: bool, *, admin: bool = True
) -> Iterator[Principal]:
    """An administrator (or, with admin=False, any staff account) signs in for one
    command (audited under that account), and out again after it."""
    name = username or click.prompt("Administrator" if admin else "User")
    password = (
        sys.stdin.readline().rstrip("\r\n")
        if password_stdin
        else click.prompt("Password", hide_input=True)
    )
    principal = store.sign_in(name, password)
    del password
    try:
        if admin and not principal.is_admin:
            raise PermissionDenied(f"{principal.username} is not an administrator")
        yield principal
    finally:
        store.sign_out(principal)


def _admin(store: Store, username: str | None, password_stdin: bool) -> Any:
    return _signed_in(store, username, password_stdin, admin=True)


def admin_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--user and --password-stdin: who signs in for an admin-only command."""
    command = click.option(
        "--password-stdin", is_flag=True, help="Read the password from standard input."
    )(command)
    return click.option(
        "--user", "username", default=None, help="Administrator's user name (else asked)."
    )(command)


#: The one spelling of the database option, for `db`, `export` and the window commands.
database_option = click.option(
    "--database",
    "database_url",
    help="Database URL (overrides the configuration's database_url / MADOGUCHI_DATABASE_URL).",
)


@click.group()
def db() -> None:
    """Database: schema revision and upgrades, roles, backups, purge."""


@db.command()
@database_option
def upgrade(database_url: str | None) -> None:
    """Create or migrate the schema to the newest revision."""
    with _store(database_url) as store:
        store.upgrade()
        click.echo(f"schema at revision {store.schema_revision()} ({store.dialect})")


@db.command()
@database_option
def current(database_url: str | None) -> None:
    """The database's schema revision, against the one this program needs."""
    from kiosk.store import migrate

    head = migrate.head_revision()
    with _store(database_url) as store:
        revision = store.schema_revision()
        where = store.location
    if revision == head:
        click.echo(f"{where}: revision {revision} (head: up to date)")
    elif revision is None or migrate.knows_revision(revision):
        click.echo(
            f"{where}: revision {revision or 'none'}, this program needs {head}: "
            "run `madoguchi db upgrade` (as the database owner)"
        )
    else:
        click.echo(
            f"{where}: revision {revision}, newer than this program knows ({head}): "
            "update madoguchi on this machine"
        )


@db.command()
@database_option
def history(database_url: str | None) -> None:
    """The schema migrations this program knows, oldest first; the database's marked."""
    from kiosk.store import migrate

    with _store(database_url) as store:
        revision = store.schema_revision()
    head = migrate.head_revision()
    for step, title in migrate.history():
        marks = [m for m, on in (("current", step == revision), ("head", step == head)) if on]
        suffix = f"  ({', '.join(marks)})" if marks else ""
        click.echo(f"{step}  {title}{suffix}")


@db.command("backup")
@database_option
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(database_url: str | None, output: Path) -> None:
    """A complete copy of the database in OUTPUT (pg_dump's custom format, or an SQLite
    file), readable by its owner only: it holds residents' personal data."""
    with _store(database_url) as store:
        store.backup(output)
        where = store.location
    click.echo(f"{where} backed up to {output} ({output.stat().st_size} bytes)")


@db.command("restore")
@database_option
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(database_url: str | None, source: Path) -> None:
    """SOURCE (a `db backup`) into a new, empty database (--database, or the
    configuration's). Nothing is overwritten: an existing schema is refused."""
    with _store(database_url) as store:
        store.restore_into(source)
        revision = store.schema_revision()
        where = store.location
    click.echo(f"{source} restored into {where} (schema revision {revision})")


@db.command("roles")
@database_option
@click.option(
    "--prefix",
    default=None,
    help="Role names are this plus owner, kiosk, display, staff, admin (default: madoguchi_).",
)
def roles_command(database_url: str | None, prefix: str | None) -> None:
    """PostgreSQL: create the least-privilege roles of each kind of terminal and grant
    them what they need (idempotent; connect as a superuser). See docs/deployment.md."""
    with _store(database_url) as store:
        names = store.create_roles(prefix) if prefix else store.create_roles()
    for kind, name in names.items():
        click.echo(f"{kind:<8} {name}")


@db.command()
@database_option
@click.option(
    "--days", type=int, default=None, help="Retention in days (default: the configuration)."
)
@click.option(
    "--vacuum-full",
    is_flag=True,
    help="Then rewrite the tables (VACUUM FULL; locks them meanwhile) so old row versions "
    "leave the data files. WAL, backups and replicas: see docs/security.md.",
)
@admin_options
def purge(
    database_url: str | None,
    days: int | None,
    vacuum_full: bool,
    username: str | None,
    password_stdin: bool,
) -> None:
    """Remove residents' personal data from applications closed more than N days ago
    (an administrator signs in)."""
    retention = days if days is not None else load_config().retention_days
    if retention < 0:
        raise CliBadParameter("cli.days_not_negative")
    with _store(database_url) as store, _admin(store, username, password_stdin) as admin:
        if vacuum_full:
            store.check_can_rewrite()  # before the purge, not after it
        report = store.purge(admin, retention)
        if vacuum_full:
            store.rewrite_files(admin)
        # This machine's own spool: quarantined applications past the same retention.
        spooled = Spool(load_config().resolved_spool_dir(), store.clock).purge_rejected(retention)
    click.echo(
        f"purged {report.applications} application(s) closed before {report.cutoff.isoformat()}; "
        f"{report.audit_entries} audit entries anonymised; "
        f"{spooled} quarantined spool file(s) deleted"
    )


@db.command()
@database_option
@click.option("--since", required=True, help="First day (YYYY-MM-DD, local).")
@click.option("--until", default=None, help="Day after the last (default: tomorrow).")
@click.option("--by", type=click.Choice(sorted(BUCKETS)), default="day")
@click.option("--csv", "as_csv", is_flag=True, help="CSV (the default is a table).")
@click.option("--output", type=click.Path(path_type=Path), default=None)
def stats(
    database_url: str | None,
    since: str,
    until: str | None,
    by: str,
    as_csv: bool,
    output: Path | None,
) -> None:
    """Waiting and handling times per procedure and day or hour."""
    with _store(database_url) as store:
        start = _moment(since, store.zone)
        end = _moment(until, store.zone) if until else _tomorrow(store.clock)
        rows = store.stats(start, end, by)
    if as_csv:
        from kiosk.store import stats as statistics

        _write(statistics.to_csv(rows), output, "utf-8")
        return
    lines = [f"{'bucket':<17} {'procedure':<24} {'n':>5} {'wait avg':>9} {'handle avg':>10}"]
    for r in rows:
        lines.append(
            f"{r.bucket:<17} {r.procedure_id:<24} {r.applications:>5} "
            f"{_minutes(r.waiting_avg_s):>9} {_minutes(r.handling_avg_s):>10}"
        )
    _write("\n".join(lines) + "\n", output, "utf-8")


def _minutes(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds / 60:.1f}m"


def _tomorrow(clock: Clock) -> datetime:
    tomorrow = clock.today() + timedelta(days=1)
    return datetime.combine(tomorrow, time(), clock.zone).astimezone(UTC)


@db.command("create-admin")
@database_option
@click.argument("username")
@click.option("--display-name", default="", help="Name shown in the staff window.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_admin(
    database_url: str | None, username: str, display_name: str, password_stdin: bool
) -> None:
    """Create the first administrator (only while there are no accounts); on a new
    database the schema is created first (the README starts with this command)."""
    password = (
        sys.stdin.readline().rstrip("\r\n")
        if password_stdin
        else click.prompt("Password", hide_input=True, confirmation_prompt=True)
    )
    with _store(database_url) as store:
        store.upgrade()  # as `db upgrade`: nothing to do on a database already current
        info = store.create_account(None, username, display_name or username, password, "admin")
    click.echo(f"administrator {info.username} created")


def dictionary_columns() -> list[str]:
    """Every fact an application can hold, in the data dictionary's order: the CSV's
    columns, identical in every file whatever was answered. Repeat groups get one set
    of columns per member up to the group's maximum (children[0].name ...
    children[7].name). Computed facts (not stored) and sensitive ones (never stored)
    are left out."""
    from forms.catalogue import load_catalogue
    from kiosk.config import load_config

    published = load_config().catalogue_dir  # the admins' published catalogue, if any
    catalogue = load_catalogue(Path(published) if published else None)
    stored = [
        spec
        for spec in catalogue.dictionary.values()
        if spec.computed is None and not spec.sensitive
    ]
    ordered = sorted(stored, key=lambda s: (s.order, s.key))
    out: list[str] = []
    for spec in ordered:
        if spec.group is None:
            out.append(spec.key)
    for name, group in catalogue.groups.items():
        members = [s for s in ordered if s.group == name]
        for index in range(group.max):
            out += [f"{name}[{index}].{s.member}" for s in members]
    return out


@click.command("export")
@database_option
@click.option("--since", required=True, help="Completed on or after (YYYY-MM-DD local, or ISO).")
@click.option("--until", default=None, help="Completed before (default: now).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option(
    "--output", type=click.Path(path_type=Path), default=None, help="File (default: stdout)."
)
@click.option("--bom", is_flag=True, help="CSV with a UTF-8 byte-order mark (for Excel).")
@click.option(
    "--columns",
    type=click.Choice(["dictionary", "present"]),
    default="dictionary",
    show_default=True,
    help="CSV: one column per fact of the data dictionary (the same every day), or only "
    "the facts present in this export.",
)
@click.option(
    "--not-handed-off",
    "pending_only",
    is_flag=True,
    help="Only procedures not yet handed off to their core system (基幹へ連携済).",
)
@click.option(
    "--procedure",
    "procedure_ids",
    multiple=True,
    help="Only this procedure (repeat for several): one core system's (docs/core-systems.md).",
)
@click.option(
    "--mark-handed-off",
    "mark",
    is_flag=True,
    help="Mark the exported procedures as handed off (基幹へ連携済), audited.",
)
@admin_options
def export(
    database_url: str | None,
    since: str,
    until: str | None,
    fmt: str,
    output: Path | None,
    bom: bool,
    columns: str,
    pending_only: bool,
    procedure_ids: tuple[str, ...],
    mark: bool,
    username: str | None,
    password_stdin: bool,
) -> None:
    """Completed applications for core systems, as JSON or CSV (see docs/store.md); an
    administrator signs in, and a file written is readable by its owner only (0600)."""
    with _store(database_url) as store, _admin(store, username, password_stdin) as admin:
        start = _moment(since, store.zone)
        end = _moment(until, store.zone) if until else None
        records = store.export_completed(
            admin, start, end, pending_only=pending_only, procedure_ids=procedure_ids
        )
        text = _export_text(records, fmt, columns)
        _write(text, output, "utf-8-sig" if bom and fmt == "csv" else "utf-8")
        # Only once the file is written: a failed write marks nothing.
        marked = store.mark_exported(admin, records) if mark else 0
    if output is not None:
        click.echo(f"{len(records)} application(s) written to {output}", err=True)
    if mark:
        click.echo(f"{marked} procedure(s) marked as handed off (基幹へ連携済)", err=True)


def _export_text(records: list[dict[str, Any]], fmt: str, columns: str) -> str:
    from kiosk.store import export as exporting

    if fmt == "json":
        return exporting.to_json(records) + "\n"
    fixed = None
    if columns == "dictionary":
        fixed = dictionary_columns()
        # Nothing is dropped: facts beyond the dictionary (a 9th child added by
        # staff) follow at the end. The event and procedures have their own columns.
        known = set(fixed)
        fixed += [
            k
            for k in exporting.data_columns(records)
            if k not in known and k != "event" and not k.startswith("procedures.")
        ]
    return exporting.to_csv(records, fixed)


@click.command("audit")
@database_option
@click.argument("application_id")
@click.option(
    "--output", type=click.Path(path_type=Path), required=True, help="The CSV file to write."
)
@click.option(
    "--locale",
    type=click.Choice(["ja", "en"]),
    default="ja",
    show_default=True,
    help="Language of the headings, actions and item names.",
)
@click.option("--user", "username", default=None, help="Staff or administrator (else asked).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def audit(
    database_url: str | None,
    application_id: str,
    output: Path,
    locale: str,
    username: str | None,
    password_stdin: bool,
) -> None:
    """One application's audit trail as CSV for a security review (docs/store.md): who
    did what when, in words, with before/after. Staff or an administrator signs in (as
    for the staff window's history); the export is audited; the file is 0600."""
    from forms.catalogue import load_catalogue
    from kiosk import audit_report

    with (
        _store(database_url) as store,
        _signed_in(store, username, password_stdin, admin=False) as actor,
    ):
        records = store.audit_trail(actor, application_id)
        catalogue = load_catalogue(Path(store.catalogue_dir) if store.catalogue_dir else None)
        text = audit_report.to_csv(records, catalogue, store.zone, translator(locale))
    write_private(output, audit_report.to_bytes(text))
    click.echo(f"{len(records)} audit entries written to {output}", err=True)


@click.command("staff-pin")
@click.option("--pin-stdin", is_flag=True, help="Read the PIN from one line on stdin.")
def staff_pin(pin_stdin: bool) -> None:
    """Make the hash of a kiosk's staff PIN (for staff-assisted mode).

    Prints the line to put in the kiosk's madoguchi.toml; the PIN itself is stored
    nowhere.
    """
    from kiosk.assist import MIN_PIN_LENGTH, hash_staff_pin

    if pin_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = click.prompt(
            f"Staff PIN ({MIN_PIN_LENGTH}+ digits)", hide_input=True, confirmation_prompt=True
        )
    try:
        digest = hash_staff_pin(pin)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        del pin
    click.echo(f'staff_pin_hash = "{digest}"')
