"""What the kiosk calls: card status (no PIN try used), the basic four, the individual number.

Each call opens one connection, runs the fewest APDUs the protocol needs (sequence in
docs/card-reader.md) and closes it; after a PIN was sent the card is reset, so its
verified state does not outlive the call.

Which reader: `reader` is a reader's name or a glob pattern (`"*Sony*"`, the kiosk's
`card_reader` setting); None means every reader. Among those, the one holding a My
Number Card is used: with cards in several, each is asked to SELECT the input-support
AP (no PIN try), so a SAM slot or a laptop's built-in reader holding another card in
reader 00 does not hide the resident's card in reader 01.
"""

from __future__ import annotations

import contextlib
import fnmatch
import logging
import time
from collections.abc import Iterator

from card_reader.backend import ReaderBackend
from card_reader.connection import CardConnection
from card_reader.errors import (
    CardBusy,
    CardError,
    CardRemoved,
    NoCard,
    NoReader,
    NotMyNumberCard,
    ReaderUnavailable,
)
from card_reader.model import BasicFour, CardStatus, Holding, ReaderInfo
from card_reader.protocol import InputSupportProtocol, check_pin_format

logger = logging.getLogger(__name__)

#: No read takes longer than this (seconds); checked before every APDU.
DEFAULT_TIMEOUT = 30.0


def first_reader_with_card(backend: ReaderBackend) -> str:
    """The first reader holding a card. Raises `NoReader` or `NoCard`."""
    for name in matching_readers(backend, None):
        with contextlib.suppress(NoReader):  # unplugged while we looked
            if backend.card_present(name):
                return name
    raise NoCard()


def reader_matches(name: str, reader: str | None) -> bool:
    """Whether `reader` (a name, a glob pattern, or None for any) means reader `name`."""
    return reader is None or name == reader or fnmatch.fnmatchcase(name, reader)


def matching_readers(backend: ReaderBackend, reader: str | None) -> list[str]:
    """The readers `reader` means: that name, else those its glob pattern matches, else
    all (None). Raises `NoReader` when there are none."""
    readers = backend.list_readers()
    if reader is not None:
        if reader in readers:
            return [reader]
        readers = [name for name in readers if reader_matches(name, reader)]
        if not readers:
            raise NoReader(f"no reader named or matching {reader!r}")
    if not readers:
        raise NoReader()
    return readers


def what_reader_holds(backend: ReaderBackend, reader: str) -> Holding:
    """Look into `reader` with one SELECT of the input-support AP (uses no PIN try)."""
    try:
        if not backend.card_present(reader):
            return Holding.EMPTY
        with backend.connect(reader) as conn:
            proto = InputSupportProtocol(conn, deadline=time.monotonic() + DEFAULT_TIMEOUT)
            proto.select_input_support()
    except NotMyNumberCard as exc:
        unresponsive = exc.reason == NotMyNumberCard.UNRESPONSIVE
        return Holding.UNRESPONSIVE if unresponsive else Holding.OTHER_CARD
    except (NoCard, CardRemoved):
        return Holding.EMPTY
    except CardBusy:
        return Holding.BUSY
    return Holding.MY_NUMBER


def reader_contents(backend: ReaderBackend, reader: str | None = None) -> list[ReaderInfo]:
    """Each reader `reader` means and what it holds (`madoguchi card readers`)."""
    found = []
    for name in matching_readers(backend, reader):
        with contextlib.suppress(NoReader):  # unplugged while we looked
            found.append(ReaderInfo(name, what_reader_holds(backend, name)))
    return found


def choose_reader(backend: ReaderBackend, reader: str | None = None) -> str | None:
    """The reader to use among those `reader` means: the one holding a My Number Card;
    failing that the first holding any card (its SELECT will say what is wrong); None
    when none holds a card. A single card is not looked into here: the read's own
    SELECT does that, so the common case costs no extra APDU."""
    with_card = []
    for name in matching_readers(backend, reader):
        with contextlib.suppress(NoReader):
            if backend.card_present(name):
                with_card.append(name)
    if len(with_card) <= 1:
        return with_card[0] if with_card else None
    for name in with_card:
        if what_reader_holds(backend, name) is Holding.MY_NUMBER:
            return name
    return with_card[0]


#: What makes a `reader` a glob pattern rather than a reader's name (fnmatch).
_PATTERN_CHARS = frozenset("*?[")


def _connect_named(backend: ReaderBackend, reader: str | None) -> CardConnection | None:
    """The card of the reader `reader` names exactly (the kiosk's usual setting),
    opened at once; None when `reader` is a pattern, None, or a name PC/SC does not
    know: then `choose_reader` looks (and says `NoReader`). An empty reader is
    `NoCard` from PC/SC itself, so the list and presence check before connecting,
    which cost as much as two APDUs (bench/bench_card_read.py), are not needed."""
    if reader is None or _PATTERN_CHARS.intersection(reader):
        return None
    try:
        return backend.connect(reader)
    except ReaderUnavailable:
        raise  # the service is gone: a lookup would only ask it again
    except NoReader:
        return None


def card_status(backend: ReaderBackend, reader: str | None = None) -> CardStatus:
    """Is there a card, is it a My Number Card, how many PIN tries are left.

    Uses no PIN try: the count comes from a VERIFY without data.
    """
    name = reader
    try:
        conn = _connect_named(backend, reader)
        if conn is None:
            name = choose_reader(backend, reader)
            if name is None:
                named = reader if reader is not None and reader in backend.list_readers() else None
                return CardStatus(
                    reader=named, present=False, is_my_number=False, pin_tries_left=None
                )
            conn = backend.connect(name)
        with conn:
            proto = InputSupportProtocol(conn, deadline=time.monotonic() + DEFAULT_TIMEOUT)
            proto.select_input_support()
            tries = proto.pin_tries_left()
    except NoCard:
        return CardStatus(reader=name, present=False, is_my_number=False, pin_tries_left=None)
    except NotMyNumberCard:
        return CardStatus(reader=name, present=True, is_my_number=False, pin_tries_left=None)
    return CardStatus(reader=name, present=True, is_my_number=True, pin_tries_left=tries)


@contextlib.contextmanager
def _session(
    backend: ReaderBackend, reader: str | None, timeout: float
) -> Iterator[InputSupportProtocol]:
    conn = _connect_named(backend, reader)
    if conn is None:
        name = choose_reader(backend, reader)
        if name is None:
            raise NoCard()
        conn = backend.connect(name)
    proto = InputSupportProtocol(conn, deadline=time.monotonic() + timeout)
    try:
        proto.select_input_support()
        yield proto
    finally:
        try:
            conn.close(reset=proto.pin_sent)
        except CardError as exc:  # the card or service may already be gone
            logger.debug("closing the card connection: %s", exc)


def read_basic_four(
    backend: ReaderBackend, pin: str, reader: str | None = None, *, timeout: float = DEFAULT_TIMEOUT
) -> BasicFour:
    """Verify `pin` (once) and read name, address, birth date and sex.

    Raises `InvalidPinFormat` before touching the card if `pin` is not 4 digits.
    """
    check_pin_format(pin)
    with _session(backend, reader, timeout) as proto:
        proto.verify_pin(pin)
        return proto.read_basic_four()


def read_individual_number(
    backend: ReaderBackend, pin: str, reader: str | None = None, *, timeout: float = DEFAULT_TIMEOUT
) -> str:
    """Verify `pin` (once) and read the 12-digit individual number (個人番号).

    Only for procedures that require it. The result must never be logged.
    """
    check_pin_format(pin)
    with _session(backend, reader, timeout) as proto:
        proto.verify_pin(pin)
        return proto.read_individual_number()
