"""The `madoguchi` command: one entry point, one subcommand per application.

Qt is imported only inside the commands that open windows, so the card, forms and
db tools start fast and work on machines without a display.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from i18n.catalog import locales_with
from kiosk.card_cli import card
from kiosk.cli import audit, database_option, db, export, staff_pin
from kiosk.cli_text import CliBadParameter, CliUsageError
from kiosk.config_cli import config
from kiosk.doctor_cli import doctor
from kiosk.forms_cli import forms
from kiosk.i18n_cli import i18n, more_checks
from ui.admin.run import PASSWORD_ENV as ADMIN_PASSWORD_ENV
from ui.kiosk.overflow import overflow, overflow_lines
from ui.staff.run import PASSWORD_ENV as STAFF_PASSWORD_ENV

NO_DISPLAY_HELP = """\
There is no display here (no DISPLAY or WAYLAND_DISPLAY), so the kiosk window cannot open.

  Show the kiosk offscreen and save what it shows:
      madoguchi demo --offscreen --screenshot attract.png --exit-after 0
  Run a scripted resident through the real screens, headless:
      madoguchi kiosk --script tests/scenarios/moving_in_card.yaml --offscreen --out out/
  Or start it on a virtual display:
      xvfb-run madoguchi demo
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="madoguchi")
def main() -> None:
    """書かない窓口 madoguchi: kiosk, staff desktop, forms and card tools."""
    from kiosk.logs import configure_from_settings

    configure_from_settings()


main.add_command(card)
main.add_command(forms)
main.add_command(db)
main.add_command(export)
main.add_command(audit)
main.add_command(staff_pin)
main.add_command(config)
main.add_command(doctor)
main.add_command(i18n)
# Measuring texts needs Qt, so the i18n group's overflow check lives in the ui layer.
i18n.add_command(overflow)
more_checks.append(overflow_lines)  # and `i18n check` reports it too


def _prepare_qt(offscreen: bool) -> None:
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui.app import has_display

    if not has_display():
        click.echo(NO_DISPLAY_HELP, err=True)
        sys.exit(2)


def _size(_ctx: click.Context, _param: click.Parameter, text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise CliBadParameter("cli.size_format") from None
    return w, h


# Options more than one window command takes, in the order --help lists them.
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

offscreen_option = click.option(
    "--offscreen", is_flag=True, help="Draw offscreen (no display needed)."
)
windowed_option = click.option(
    "--windowed", is_flag=True, help="A normal window instead of full screen."
)


def size_option(default: str) -> Decorator:
    return click.option(
        "--size",
        default=default,
        show_default=True,
        callback=_size,
        help="Window size WIDTHxHEIGHT.",
    )


def _options(*options: Decorator) -> Decorator:
    def apply(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


def window_options(size: str, screenshot_when: str) -> Decorator:
    """--offscreen, --screenshot, --exit-after and --size (parsed to (width, height))."""
    return _options(
        offscreen_option,
        click.option(
            "--screenshot",
            type=click.Path(dir_okay=False, path_type=Path),
            help=f"Save {screenshot_when}.",
        ),
        click.option(
            "--exit-after",
            type=float,
            default=None,
            help="Quit this many seconds after the window shows what --screenshot saves.",
        ),
        size_option(size),
    )


def sign_in_options(who: str, password_env: str) -> Decorator:
    """--user and --password-stdin: the scripted sign-in of the staff desktop and editor."""
    return _options(
        click.option(
            "--user",
            "username",
            help=f"Sign in as this {who} without the dialog; the password comes from "
            f"--password-stdin or {password_env}, never from the command line.",
        ),
        click.option(
            "--password-stdin", is_flag=True, help="With --user: read the password from stdin."
        ),
    )


def _password(username: str | None, from_stdin: bool, variable: str) -> str | None:
    """The scripted sign-in's password: one line of stdin, or the variable `variable`."""
    if not username:
        return None
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return os.environ.get(variable)


def _open_window(
    run: Callable[..., int], options: dict[str, Any], password_env: str | None = None
) -> NoReturn:
    """A window command's start: the scripted sign-in's password (the commands with
    --user, from stdin or `password_env`), Qt on the display or offscreen, then the
    window (`run` takes the command's options by name) until it closes."""
    offscreen = options.pop("offscreen")
    if password_env is not None:
        stdin = options.pop("password_stdin")
        options["password"] = _password(options["username"], stdin, password_env)
    _prepare_qt(offscreen)
    sys.exit(run(**options))


@main.command()
@click.option(
    "--script",
    "script",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Run this scenario (YAML) through the real screens and exit.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="With --script: where screenshots, PDFs and summary.json go.",
)
@offscreen_option
@click.option("--demo", is_flag=True, help="Simulated card and the per-user SQLite database.")
@click.option(
    "--card-backend",
    type=click.Choice(["simulator", "pcsc"]),
    help="Override the configured card backend (a --script run: simulator, or pcsc "
    "with --vpcd-port).",
)
@click.option(
    "--vpcd-port",
    type=int,
    default=None,
    help="With --script and --card-backend pcsc: serve the scenario's card through "
    "the vsmartcard virtual reader on this port (tests, benchmarks).",
)
@database_option
@size_option("1280x1024")
@windowed_option
def kiosk(
    script: Path | None,
    out: Path | None,
    offscreen: bool,
    demo: bool,
    card_backend: str | None,
    vpcd_port: int | None,
    database_url: str | None,
    size: tuple[int, int],
    windowed: bool,
) -> None:
    """The resident kiosk (full screen), or a scripted headless run with --script."""
    from dataclasses import replace

    from kiosk.config import load_config

    config = load_config()
    if script is not None and card_backend is None:
        # A scripted run brings its scenario's card: the in-process simulator, unless
        # the virtual reader is named (the card served through pcscd).
        card_backend = "pcsc" if vpcd_port is not None else "simulator"
    if card_backend:
        config = replace(config, card_backend=card_backend)
    if database_url:
        config = replace(config, database_url=database_url)
    if script is not None:
        if out is None:
            raise CliUsageError("cli.script_needs_out")
        if config.card_backend == "pcsc" and vpcd_port is None:
            raise CliUsageError("cli.script_needs_vpcd")
        _prepare_qt(offscreen)
        from kiosk.scenario import ScenarioError
        from ui.kiosk.run_script import run_scenario_file

        try:
            summary = run_scenario_file(script, out, config, vpcd_port=vpcd_port, size=size)
        except ScenarioError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(
            json.dumps(
                {
                    k: summary[k]
                    for k in ("screens", "touches", "reception_number", "forms", "errors")
                },
                ensure_ascii=False,
            )
        )
        sys.exit(0 if summary["completed"] else 1)
    _prepare_qt(offscreen)
    _run_window(config, demo=demo, size=size, windowed=windowed)


@main.command()
@window_options("1280x1024", "the first screen as PNG once it shows")
@windowed_option
@click.option(
    "--report-ready",
    is_flag=True,
    hidden=True,
    help="Print 'ready' on stdout once the first screen is drawn (benchmarks).",
)
def demo(
    offscreen: bool,
    screenshot: Path | None,
    exit_after: float | None,
    size: tuple[int, int],
    windowed: bool,
    report_ready: bool,
) -> None:
    """The resident kiosk in demo mode: simulated My Number Card (PIN 1234), local SQLite."""
    from kiosk.config import load_config

    _prepare_qt(offscreen)
    config = load_config()
    _run_window(
        config,
        demo=True,
        size=size,
        windowed=windowed or offscreen,
        screenshot=screenshot,
        exit_after=exit_after,
        report_ready=report_ready,
    )


def _run_window(
    config: Any,
    *,
    demo: bool,
    size: tuple[int, int],
    windowed: bool,
    screenshot: Path | None = None,
    exit_after: float | None = None,
    report_ready: bool = False,
) -> None:
    from ui.app import application
    from ui.kiosk.app import build_kiosk, demo_config
    from ui.window_run import WindowRun, after_first_paint

    app = application()
    if demo:
        config = demo_config(config)
    kiosk_app = build_kiosk(config, demo=demo)
    window = kiosk_app.window
    window.resize(*size)
    if windowed:
        window.show()
    else:
        window.showFullScreen()
    if demo:
        click.echo(
            f"madoguchi demo: simulated My Number Card, PIN 1234. Database: {kiosk_app.store_url}",
            err=True,
        )
    run = WindowRun(app, screenshot=screenshot, exit_after=exit_after, what="the first screen")
    if report_ready:
        # Once the first screen has painted (benchmarks measure start-up to here).
        def say_ready() -> None:
            click.echo("ready", nl=True)
            sys.stdout.flush()

        after_first_paint(window, say_ready)
    run.ready(window)  # the first screen needs nothing else: its first frame is enough
    try:
        app.exec()
    finally:
        kiosk_app.close()
    if run.status:
        sys.exit(run.status)


@main.command()
@database_option
@sign_in_options("account", STAFF_PASSWORD_ENV)
@click.option("--counter", default="1番窓口", show_default=True, help="This desk's counter name.")
@click.option("--locale", type=click.Choice(locales_with("staff")), default="ja", show_default=True,
              help="The language of the desk (those with staff texts).")  # fmt: skip
@click.option("--open", "open_number", help="After signing in, open this reception number.")
@window_options("1600x1000", "the window as PNG once the queue (or --open's application) shows")
def staff(**options: Any) -> None:
    """The staff desktop: sign in, the shared queue, review, call, print, statistics."""
    from ui.staff.run import run_staff

    _open_window(run_staff, options, STAFF_PASSWORD_ENV)


@main.command()
@database_option
@sign_in_options("administrator", ADMIN_PASSWORD_ENV)
@click.option("--locale", type=click.Choice(locales_with("admin")), default="ja", show_default=True,
              help="The language of the editor (those with admin texts).")  # fmt: skip
@click.option(
    "--draft",
    "draft_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The working copy (default: catalogue-draft in the per-user data folder).",
)
@click.option(
    "--catalogue-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Publish to this directory (overrides the catalogue_dir setting).",
)
@click.option("--open", "open_file", help="Open this file of the catalogue (forms/juminido.yaml).")
@click.option("--preview", help="Show this form's preview (a form id).")
@window_options("1280x800", "the window as PNG once the draft is checked (and --preview drawn)")
def admin(**options: Any) -> None:
    """The catalogue editor for administrators: forms, questions, life events; publish."""
    from ui.admin.run import run_admin

    _open_window(run_admin, options, ADMIN_PASSWORD_ENV)


@main.command()
@database_option
@sign_in_options("account", STAFF_PASSWORD_ENV)
@click.option("--locale", type=click.Choice(locales_with("staff")), default="ja", show_default=True,
              help="The language of the view (those with staff texts).")  # fmt: skip
@click.option("--fullscreen", is_flag=True, help="Start full screen (F11 toggles), for a wall.")
@window_options("1600x1000", "the view as PNG once its first figures show")
def supervisor(**options: Any) -> None:
    """The supervisor's live view: waiting per department and line, held per clerk,
    what needs action now (card left, print failed, 外字) with an alert."""
    from ui.supervisor.run import run_supervisor

    _open_window(run_supervisor, options, STAFF_PASSWORD_ENV)


@main.command()
@database_option
@click.option("--group", "counter_group", help="Only this counter group's numbers (e.g. A).")
@click.option("--high-contrast", is_flag=True, help="White and yellow on black.")
@click.option("--chime", is_flag=True, help="Sound the system bell for each new call.")
@window_options("1920x1080", "the board as PNG once it shows")
@windowed_option
def display(**options: Any) -> None:
    """The lobby display: numbers being called (with counter) and how many wait."""
    from ui.display.run import run_display

    options["windowed"] = options["windowed"] or options["offscreen"]
    _open_window(run_display, options)


if __name__ == "__main__":
    main()
