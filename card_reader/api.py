"""What the kiosk calls: card status (no PIN try used), the basic four, the individual number.

Each call opens one connection, runs the fewest APDUs the protocol needs (sequence in
docs/card-reader.md) and closes it; after a PIN was sent the card is reset, so its
verified state does not outlive the call.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator

from card_reader.backend import ReaderBackend
from card_reader.errors import CardError, NoCard, NoReader, NotMyNumberCard
from card_reader.model import BasicFour, CardStatus
from card_reader.protocol import InputSupportProtocol, check_pin_format

logger = logging.getLogger(__name__)

#: No read takes longer than this (seconds); checked before every APDU.
DEFAULT_TIMEOUT = 30.0


def first_reader_with_card(backend: ReaderBackend) -> str:
    """The first reader holding a card. Raises `NoReader` or `NoCard`."""
    readers = backend.list_readers()
    if not readers:
        raise NoReader()
    for name in readers:
        with contextlib.suppress(NoReader):  # unplugged while we looked
            if backend.card_present(name):
                return name
    raise NoCard()


def card_status(backend: ReaderBackend, reader: str | None = None) -> CardStatus:
    """Is there a card, is it a My Number Card, how many PIN tries are left.

    Uses no PIN try: the count comes from a VERIFY without data.
    """
    if reader is None:
        try:
            reader = first_reader_with_card(backend)
        except NoCard:
            return CardStatus(reader=None, present=False, is_my_number=False, pin_tries_left=None)
    elif not backend.card_present(reader):
        return CardStatus(reader=reader, present=False, is_my_number=False, pin_tries_left=None)
    try:
        with backend.connect(reader) as conn:
            proto = InputSupportProtocol(conn, deadline=time.monotonic() + DEFAULT_TIMEOUT)
            proto.select_input_support()
            tries = proto.pin_tries_left()
    except NoCard:
        return CardStatus(reader=reader, present=False, is_my_number=False, pin_tries_left=None)
    except NotMyNumberCard:
        return CardStatus(reader=reader, present=True, is_my_number=False, pin_tries_left=None)
    return CardStatus(reader=reader, present=True, is_my_number=True, pin_tries_left=tries)


@contextlib.contextmanager
def _session(
    backend: ReaderBackend, reader: str | None, timeout: float
) -> Iterator[InputSupportProtocol]:
    name = reader if reader is not None else first_reader_with_card(backend)
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
