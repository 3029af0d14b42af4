"""`madoguchi card`: list readers, check a card, read a card (see docs/card-reader.md).

Thin, like ykman's `_cli`: each command opens a backend, calls `card_reader.api` and
turns a `CardError` into its exit code and one translated line on stderr (Japanese
when the locale is Japanese, else English). Data goes to stdout, JSON with `--json`.

It lives in `kiosk`, not in `card_reader`: it is an entry point that prints
translated messages, and the card library itself imports nothing of ours.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import click

from card_reader import api
from card_reader.backend import ReaderBackend
from card_reader.errors import (
    CardError,
    InvalidPinFormat,
    NoCard,
    NotMyNumberCard,
    PinBlocked,
)
from card_reader.model import CardStatus, Integrity
from kiosk.cli_text import say

EXIT_OK = 0




def _fail(error: CardError) -> NoReturn:
    click.echo(say(error.key, **error.params()), err=True)
    sys.exit(error.exit_code)


@contextmanager
def _card_errors() -> Iterator[None]:
    try:
        yield
    except CardError as error:
        _fail(error)


def _backend(ctx: click.Context) -> ReaderBackend:
    if ctx.meta.get("card.backend") == "simulator":
        from card_reader.simulator import DEFAULT_READER, SimulatedBackend, SimulatedCard

        return SimulatedBackend({DEFAULT_READER: SimulatedCard()})
    from card_reader.pcsc import PcscBackend

    return PcscBackend()


def _print_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


@click.group()
@click.option(
    "--backend",
    type=click.Choice(["pcsc", "simulator"]),
    default="pcsc",
    show_default=True,
    envvar="MADOGUCHI_CARD_BACKEND",
    help="pcsc: real readers. simulator: an in-process reader holding a sample card (PIN 1234).",
)
@click.pass_context
def card(ctx: click.Context, backend: str) -> None:
    """My Number Card reader tools."""
    ctx.meta["card.backend"] = backend


reader_option = click.option(
    "--reader",
    default=None,
    envvar="MADOGUCHI_CARD_READER",
    help="Reader name or glob pattern (default: the reader holding a My Number Card).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")


@card.command()
@reader_option
@json_option
@click.pass_context
def readers(ctx: click.Context, reader: str | None, as_json: bool) -> None:
    """List readers and what each holds (a SELECT of the input-support AP: no PIN try)."""
    with _card_errors():
        found = api.reader_contents(_backend(ctx), reader)
    if as_json:
        _print_json([info.to_json_dict() for info in found])
    else:
        for info in found:
            click.echo(f"{info.name}\t{info.holds.value}")


def _status_exit(status: CardStatus) -> int:
    """The exit code a status means: 0 only for a My Number Card that can take a PIN."""
    problem: CardError | None = None
    if not status.present:
        problem = NoCard()
    elif not status.is_my_number:
        problem = NotMyNumberCard()
    elif status.pin_blocked:
        problem = PinBlocked()
    if problem is None:
        return EXIT_OK
    click.echo(say(problem.key, **problem.params()), err=True)
    return problem.exit_code


@card.command()
@reader_option
@json_option
@click.pass_context
def status(ctx: click.Context, reader: str | None, as_json: bool) -> None:
    """Card present, My Number Card or not, PIN tries left. Uses no PIN try."""
    with _card_errors():
        result = api.card_status(_backend(ctx), reader)
    if as_json:
        _print_json(result.to_json_dict())
    else:
        tries = "-" if result.pin_tries_left is None else str(result.pin_tries_left)
        click.echo(f"reader: {result.reader or '-'}")
        click.echo(f"card present: {'yes' if result.present else 'no'}")
        click.echo(f"my number card: {'yes' if result.is_my_number else 'no'}")
        click.echo(f"pin tries left: {tries}")
    sys.exit(_status_exit(result))


def _read_pin(from_stdin: bool, tries_left: int | None) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    if tries_left is not None:
        click.echo(say("card.cli.tries_left", tries_left=tries_left), err=True)
    return str(click.prompt(say("card.cli.pin_prompt"), hide_input=True, err=True))


@card.command()
@reader_option
@json_option
@click.option("--pin-stdin", is_flag=True, help="Read the PIN as one line on stdin, no prompt.")
@click.pass_context
def read(ctx: click.Context, reader: str | None, as_json: bool, pin_stdin: bool) -> None:
    """Read name, address, birth date and sex (asks for the 4-digit PIN once)."""
    with _card_errors():
        backend = _backend(ctx)
        status = api.card_status(backend, reader)
        if not status.present:
            raise NoCard()
        if not status.is_my_number:
            raise NotMyNumberCard()
        if status.pin_blocked:
            raise PinBlocked()  # checked before asking: a blocked card gets no PIN
        pin = _read_pin(pin_stdin, status.pin_tries_left).rstrip("\r")
        if not pin:
            raise InvalidPinFormat()
        try:
            result = api.read_basic_four(backend, pin, status.reader)
        finally:
            del pin
    data = result.to_json_dict()
    if as_json:
        _print_json(data)
    else:
        for key, value in data.items():
            click.echo(f"{key}: {'' if value is None else value}")
    if result.integrity is not Integrity.OK:
        click.echo(say(f"card.integrity.{result.integrity.value}"), err=True)


if __name__ == "__main__":  # python -m kiosk.card_cli (tests; `madoguchi card` is the command)
    card()
