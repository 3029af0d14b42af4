"""Ticket printers from their configuration: ESC/POS bytes through python-escpos's File
printer and a real TCP socket, refusal and timeouts as PrinterUnavailable, USB through
the real pyusb/libusb (no such device here), and the outcome recorded in the store."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from kiosk.printing import (
    InvalidPrinterSpec,
    PrinterError,
    PrinterSpec,
    PrinterUnavailable,
    TicketPrinter,
    parse_spec,
    print_and_record,
)
from kiosk.store import Store
from kiosk.ticket import ReceptionTicket, render_ticket_image
from tests.store.conftest import make_draft
from tests.support.accounts import admin_principal

ESC_INIT = b"\x1b@"
RASTER = b"\x1dv0"
FULL_CUT = b"\x1dV\x00"


@pytest.fixture
def ticket() -> ReceptionTicket:
    return ReceptionTicket(
        application_id="3f9a0c12-1234-4abc-9def-0123456789ab",
        issued_at=datetime(2025, 4, 1, 9, 5, tzinfo=ZoneInfo("Asia/Tokyo")),
        reception_number="A-017",
        procedures=(("住民異動届（転入）", "市民課"),),
    )


def raster_images(data: bytes) -> list[Image.Image]:
    """The GS v 0 images in an ESC/POS stream, decoded back to 1-bit images."""
    images = []
    at = data.find(RASTER)
    while at >= 0:
        width_bytes = data[at + 4] | data[at + 5] << 8
        height = data[at + 6] | data[at + 7] << 8
        body = data[at + 8 : at + 8 + width_bytes * height]
        # ESC/POS: 1 = black; PIL "1" raw: 1 = white.
        inverted = bytes(b ^ 0xFF for b in body)
        images.append(Image.frombytes("1", (width_bytes * 8, height), inverted))
        at = data.find(RASTER, at + 8 + len(body))
    return images


def stitched(images: list[Image.Image]) -> Image.Image:
    out = Image.new("1", (images[0].width, sum(i.height for i in images)), 1)
    y = 0
    for image in images:
        out.paste(image, (0, y))
        y += image.height
    return out


def test_file_printer_writes_init_raster_image_and_cut(tmp_path: Path, ticket) -> None:
    out = tmp_path / "ticket.escpos"
    TicketPrinter.from_spec(f"file:{out}").print_ticket(ticket)
    data = out.read_bytes()
    assert data.startswith(ESC_INIT + RASTER)
    assert data.endswith(FULL_CUT)
    assert data.rfind(FULL_CUT) > data.rfind(RASTER)
    # The raster is exactly the ticket image (split into fragments of at most 960 rows).
    printed = stitched(raster_images(data))
    expected = render_ticket_image(ticket)
    assert printed.width == 576
    assert printed.size == expected.size
    assert printed.tobytes() == expected.tobytes()


def test_network_printer_receives_the_same_bytes(tmp_path: Path, ticket) -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    received = bytearray()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            while chunk := conn.recv(65536):
                received.extend(chunk)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    TicketPrinter.from_spec(f"network:127.0.0.1:{port}").print_ticket(ticket)
    thread.join(5)
    server.close()
    out = tmp_path / "same.escpos"
    TicketPrinter.from_spec(f"file:{out}").print_ticket(ticket)
    assert bytes(received) == out.read_bytes()


def test_a_closed_port_is_unavailable_at_once(ticket) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, never listening: connection refused
        started = time.monotonic()
        with pytest.raises(PrinterUnavailable) as caught:
            TicketPrinter.from_spec(f"network:127.0.0.1:{port}").print_ticket(ticket)
    assert time.monotonic() - started < 3
    assert caught.value.key == "printing.unavailable"
    assert str(port) in caught.value.detail


@pytest.fixture
def silent_printer() -> Iterator[int]:
    """A port whose listen queue is full: connections hang, like a printer that is
    switched on but stuck (no answer to the handshake)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    # Connect until one connection hangs: from then on the queue is full (waiting on
    # each handshake, not on a guessed delay).
    fillers = []
    for _ in range(16):
        s = socket.socket()
        s.settimeout(1.0)
        fillers.append(s)
        try:
            s.connect(("127.0.0.1", port))
        except TimeoutError:
            break
    else:
        raise AssertionError("the listen queue never filled")
    yield port
    for s in fillers:
        s.close()
    server.close()


def test_a_printer_that_does_not_answer_is_unavailable_within_the_timeout(
    silent_printer: int, ticket
) -> None:
    printer = TicketPrinter.from_spec(f"network:127.0.0.1:{silent_printer}", timeout=1.0)
    started = time.monotonic()
    with pytest.raises(PrinterUnavailable, match="timed out"):
        printer.print_ticket(ticket)
    elapsed = time.monotonic() - started
    # The bound: the timeout plus rendering the image, far below a resident's patience.
    assert 0.9 <= elapsed < 30  # a stuck printer never holds the resident for long


def test_the_default_timeout_is_a_few_seconds() -> None:
    assert 1 <= TicketPrinter.from_spec("network:printer.local").timeout <= 5


def test_usb_without_the_device_is_unavailable(ticket) -> None:
    # Real pyusb and libusb: this machine has no printer with these ids.
    with pytest.raises(PrinterUnavailable, match="04b8:0e15"):
        TicketPrinter.from_spec("usb:04b8:0e15").print_ticket(ticket)


def test_a_missing_device_file_is_unavailable(tmp_path: Path, ticket) -> None:
    with pytest.raises(PrinterUnavailable):
        TicketPrinter.from_spec(f"file:{tmp_path}/no/such/dir/lp0").print_ticket(ticket)


def test_page_tickets_go_to_the_page_printer_as_pdf(ticket) -> None:
    sent: list[bytes] = []
    TicketPrinter.from_spec("page", page_print=sent.append).print_ticket(ticket)
    assert len(sent) == 1 and sent[0].startswith(b"%PDF")
    with pytest.raises(InvalidPrinterSpec):
        TicketPrinter.from_spec("page")  # nothing to print on


def test_none_prints_nothing(ticket) -> None:
    printer = TicketPrinter.from_spec("none")
    assert not printer.enabled
    printer.print_ticket(ticket)


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [
        ("none", PrinterSpec("none")),
        ("", PrinterSpec("none")),
        ("page", PrinterSpec("page")),
        ("file:/dev/usb/lp0", PrinterSpec("file", path="/dev/usb/lp0")),
        ("file:C:\\tickets\\out.bin", PrinterSpec("file", path="C:\\tickets\\out.bin")),
        ("network:192.168.10.50", PrinterSpec("network", host="192.168.10.50", port=9100)),
        ("network:printer.local:9101", PrinterSpec("network", host="printer.local", port=9101)),
        ("network:[fd00::7]:9100", PrinterSpec("network", host="fd00::7", port=9100)),
        ("usb:04b8:0202", PrinterSpec("usb", vendor_id=0x04B8, product_id=0x0202)),
        ("USB:04B8:0E15", PrinterSpec("usb", vendor_id=0x04B8, product_id=0x0E15)),
    ],
)
def test_specs(spec: str, parsed: PrinterSpec) -> None:
    assert parse_spec(spec) == parsed


@pytest.mark.parametrize(
    "spec",
    ["serial:/dev/ttyS0", "file:", "network:", "network:host:port", "network:h:70000",
     "usb:04b8", "usb:zz:01", "usb:0:0", "none:x"],
)  # fmt: skip
def test_bad_specs_are_typed_errors(spec: str) -> None:
    with pytest.raises(InvalidPrinterSpec) as caught:
        parse_spec(spec)
    assert caught.value.key == "printing.invalid_spec"
    assert caught.value.params["spec"] == spec


def test_print_and_record_flags_a_failure_and_never_raises(sqlite_url: str, ticket) -> None:
    store = Store(sqlite_url)
    store.upgrade()
    try:
        sub = store.submit(make_draft())
        printer = TicketPrinter.from_spec("network:127.0.0.1:1")
        error = print_and_record(
            lambda: printer.print_ticket(ticket), "ticket", sub.application_id, store, "kiosk-9"
        )
        assert isinstance(error, PrinterUnavailable)
        admin = admin_principal(store)
        item = store.list_queue(admin)[0]
        assert item.flag_count == 2  # the draft's render flag and the print flag
        # A job that works clears the flag; a spooled application (no store) records nothing.
        assert print_and_record(lambda: None, "ticket", sub.application_id, store) is None
        assert store.list_queue(admin)[0].flag_count == 1

        def broken() -> None:
            raise RuntimeError("driver crashed")

        error = print_and_record(broken, "forms", sub.application_id, None)
        assert type(error) is PrinterError and "driver crashed" in error.detail
    finally:
        store.close()
