"""Printing without Qt: the reception ticket on an ESC/POS receipt printer, typed errors
shared with `ui.printing` (the page printer), and recording the outcome in the store.

The ticket printer comes from configuration (`ticket_printer`):

| spec                  | printer                                                  |
|-----------------------|----------------------------------------------------------|
| `none`                | no ticket is printed (the screen shows the number)       |
| `file:/path`          | ESC/POS bytes written to a file or device (`/dev/usb/lp0`) |
| `network:HOST[:PORT]` | a LAN receipt printer (raw TCP, port 9100 by default)     |
| `usb:VID:PID`         | a USB receipt printer by vendor and product id (hex)     |
| `page`                | the page printer: the ticket as a PDF, through a callable |

The ticket goes as one raster image (`GS v 0`) followed by a cut: any ESC/POS printer
prints it, whatever kanji it holds, without code pages or printer fonts. Calls block for
a few seconds at most (connect and send timeouts); the kiosk runs them in a worker.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.ticket import ReceptionTicket

#: Dots across an 80 mm receipt printer's printable width at 203 dpi (72 mm; kiosk.ticket
#: draws to it). The renderers (reportlab, Pillow, qrcode) are imported at the first
#: print, not when the kiosk starts.
RECEIPT_WIDTH_PX = 576

log = logging.getLogger(__name__)

#: Seconds to connect to, or to wait on, a network or USB printer before giving up.
PRINTER_TIMEOUT = 3.0
DEFAULT_RAW_PORT = 9100
KINDS = ("none", "file", "network", "usb", "page")


class PrinterError(Exception):
    """Printing failed after the printer took the job, or for a reason we cannot name."""

    key = "printing.failed"

    def __init__(self, detail: str = "", **params: object) -> None:
        super().__init__(detail or self.key)
        self.detail = detail
        self.params = params


class PrinterUnavailable(PrinterError):
    """No such printer, offline, not connected, refused, or no answer in time."""

    key = "printing.unavailable"


class InvalidPrinterSpec(PrinterError):
    """The `ticket_printer` setting is not one of the forms above."""

    key = "printing.invalid_spec"

    def __init__(self, spec: str, why: str) -> None:
        super().__init__(f"{spec!r}: {why}", spec=spec)


@dataclass(frozen=True)
class PrinterSpec:
    kind: str
    path: str = ""
    host: str = ""
    port: int = DEFAULT_RAW_PORT
    vendor_id: int = 0
    product_id: int = 0


def parse_spec(spec: str) -> PrinterSpec:
    """`none`, `file:/path`, `network:HOST[:PORT]`, `usb:VID:PID` (hex) or `page`."""
    text = spec.strip()
    kind, _, rest = text.partition(":")
    kind = kind.lower()
    if kind in ("", "none", "page"):
        if rest:
            raise InvalidPrinterSpec(spec, f"{kind or 'none'} takes no argument")
        return PrinterSpec(kind or "none")
    if kind == "file":
        if not rest:
            raise InvalidPrinterSpec(spec, "file: needs a path")
        return PrinterSpec("file", path=rest)
    if kind == "network":
        host, port = rest, DEFAULT_RAW_PORT
        if rest.startswith("["):  # [IPv6]:port
            host, _, tail = rest[1:].partition("]")
            port_text = tail.removeprefix(":")
        elif rest.count(":") == 1:
            host, _, port_text = rest.partition(":")
        else:
            port_text = ""
        if port_text:
            try:
                port = int(port_text)
            except ValueError:
                raise InvalidPrinterSpec(spec, "the port is not a number") from None
        if not host or not 0 < port < 65536:
            raise InvalidPrinterSpec(spec, "network: needs HOST[:PORT]")
        return PrinterSpec("network", host=host, port=port)
    if kind == "usb":
        parts = rest.split(":")
        try:
            vendor, product = (int(p, 16) for p in parts)
        except ValueError:
            raise InvalidPrinterSpec(
                spec, "usb: needs VID:PID in hex, e.g. usb:04b8:0202"
            ) from None
        if not (0 < vendor <= 0xFFFF and 0 < product <= 0xFFFF):
            raise InvalidPrinterSpec(spec, "usb ids are 4 hex digits")
        return PrinterSpec("usb", vendor_id=vendor, product_id=product)
    raise InvalidPrinterSpec(spec, f"unknown kind {kind!r} (known: {', '.join(KINDS)})")


#: What the kiosk gives a `page` ticket printer: print this PDF on the page printer
#: (e.g. `lambda pdf: ui.printing.print_pdf(pdf, config.page_printer or None)`).
PagePrint = Callable[[bytes], None]


class TicketPrinter:
    """Prints reception tickets on the printer a spec names. Not thread-safe: one
    print at a time (the kiosk has one resident at a time)."""

    def __init__(
        self,
        spec: PrinterSpec,
        *,
        page_print: PagePrint | None = None,
        width_px: int = RECEIPT_WIDTH_PX,
        timeout: float = PRINTER_TIMEOUT,
    ) -> None:
        if spec.kind == "page" and page_print is None:
            raise InvalidPrinterSpec("page", "no page printer was given to print on")
        self.spec = spec
        self.page_print = page_print
        self.width_px = width_px
        self.timeout = timeout

    @classmethod
    def from_spec(
        cls,
        spec: str,
        *,
        page_print: PagePrint | None = None,
        width_px: int = RECEIPT_WIDTH_PX,
        timeout: float = PRINTER_TIMEOUT,
    ) -> TicketPrinter:
        """From the `ticket_printer` setting; InvalidPrinterSpec if it is malformed."""
        return cls(parse_spec(spec), page_print=page_print, width_px=width_px, timeout=timeout)

    @property
    def enabled(self) -> bool:
        return self.spec.kind != "none"

    def print_ticket(self, ticket: ReceptionTicket) -> None:
        """Print one ticket, or raise PrinterUnavailable / PrinterError. `none` does nothing."""
        kind = self.spec.kind
        if kind == "none":
            return
        from kiosk.ticket import render_ticket_image, render_ticket_pdf

        if kind == "page":
            assert self.page_print is not None
            self.page_print(render_ticket_pdf(ticket))
            return
        image = render_ticket_image(ticket, self.width_px)
        printer = self._open()
        try:
            printer.hw("INIT")  # ESC @: a known state, whatever the last job left
            printer.image(image, impl="bitImageRaster", center=False)
            printer.cut()
        except PrinterError:
            raise
        except (OSError, TimeoutError) as exc:
            raise PrinterUnavailable(f"{self._where()}: {exc}") from exc
        except Exception as exc:  # python-escpos and pyusb raise their own types
            raise PrinterError(f"{self._where()}: {type(exc).__name__}: {exc}") from exc
        finally:
            _close_quietly(printer)

    # -- transports ---------------------------------------------------------------

    def _where(self) -> str:
        spec = self.spec
        if spec.kind == "file":
            return spec.path
        if spec.kind == "network":
            return f"{spec.host}:{spec.port}"
        return f"usb {spec.vendor_id:04x}:{spec.product_id:04x}"

    def _profile(self, printer: Any) -> None:
        # An instance copy of the generic profile with our paper width: python-escpos
        # then checks the image fits, and stays quiet about an unknown width.
        data = dict(printer.profile.profile_data)
        data["media"] = {"dpi": 203, "width": {"pixels": self.width_px, "mm": "Unknown"}}
        printer.profile.profile_data = data

    def _open(self) -> Any:
        from escpos import printer as escpos_printer

        spec = self.spec
        try:
            if spec.kind == "file":
                device: Any = escpos_printer.File(devfile=spec.path, auto_flush=False)
                device.open()
            elif spec.kind == "network":
                device = escpos_printer.Network(host=spec.host, port=spec.port)
                device.device = connect(spec.host, spec.port, self.timeout)
            else:
                device = _open_usb(spec, self.timeout)
        except PrinterError:
            raise
        except Exception as exc:
            raise PrinterUnavailable(f"{self._where()}: {exc}") from exc
        self._profile(device)
        return device


def connect(host: str, port: int, timeout: float) -> socket.socket:
    """A TCP connection within `timeout` seconds, name lookup included (getaddrinfo has
    no timeout of its own, so it runs in a helper thread we stop waiting for)."""
    found: list[Any] = []
    failed: list[BaseException] = []

    def lookup() -> None:
        try:
            found.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as exc:
            failed.append(exc)

    resolver = threading.Thread(target=lookup, name="printer-lookup", daemon=True)
    resolver.start()
    resolver.join(timeout)
    if resolver.is_alive():
        raise PrinterUnavailable(f"{host}: name lookup took longer than {timeout:g} s")
    if failed or not found:
        raise PrinterUnavailable(f"{host}: {failed[0] if failed else 'no address'}")
    last: OSError | None = None
    for family, kind, proto, _, address in found:
        sock = socket.socket(family, kind, proto)
        sock.settimeout(timeout)
        try:
            sock.connect(address)
        except OSError as exc:
            sock.close()
            last = exc
            continue
        return sock
    raise PrinterUnavailable(f"{host}:{port}: {last}")


def _open_usb(spec: PrinterSpec, timeout: float) -> Any:
    from escpos import printer as escpos_printer

    if not escpos_printer.Usb.is_usable():
        raise PrinterUnavailable("USB printing needs pyusb and libusb (see docs/printing.md)")
    device = escpos_printer.Usb(
        spec.vendor_id, spec.product_id, timeout=int(timeout * 1000), profile=None
    )
    device.open()
    return device


def _close_quietly(printer: Any) -> None:
    try:
        if hasattr(printer, "flush"):
            printer.flush()
        printer.close()
    except Exception as exc:  # closing a dead connection must not hide the real error
        log.debug("closing the ticket printer: %s", exc)


# -- recording the outcome --------------------------------------------------------------


def print_and_record(
    job: Callable[[], None],
    what: str,
    application_id: str,
    store: Any | None,
    terminal_id: str = "",
) -> PrinterError | None:
    """Run a print job (`what`: "ticket" or "forms") and tell the store how it went:
    a failure puts a "print failed" flag on the application for staff. Returns the
    error (for the screen to show) or None; never raises, so the resident still gets
    their number. `store` None (the application is in the spool): nothing is recorded.
    """
    error: PrinterError | None = None
    try:
        job()
    except PrinterError as exc:
        error = exc
        log.warning("%s printing failed: %s (%s)", what, exc.key, exc.detail)
    except Exception as exc:
        error = PrinterError(f"{type(exc).__name__}: {exc}")
        log.exception("%s printing failed unexpectedly", what)
    if store is not None:
        try:
            store.record_print_result(
                application_id,
                what,
                ok=error is None,
                detail="" if error is None else f"{error.key}: {error.detail}",
                terminal_id=terminal_id,
            )
        except Exception as exc:  # the database may be away; the flag is then lost
            log.warning("could not record the %s print result: %s", what, exc)
    return error
