"""Printing: rendering the reception ticket (receipt image, page PDF, ESC/POS bytes) and
a two-page forms batch printed through Qt and a private CUPS with cups-pdf, from
submit of the job to the PDF on disk.

Needs tests/support/cups.py (cupsd; cups-pdf as root). Qt runs offscreen.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from bench import Measurement
from kiosk.printing import TicketPrinter
from kiosk.ticket import ReceptionTicket, render_ticket_image, render_ticket_pdf
from tests.support.cups import PDF_QUEUE, PrivateCups, cups_available

ROUNDS = 20
PROCEDURES = tuple(
    (f"手続き{i} 国民健康保険 資格取得", "保険年金課 本庁舎1階 5番窓口") for i in range(6)
)


def _median_ms(job, rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def run() -> list[Measurement]:
    ticket = ReceptionTicket(
        "3f9a0c12-1234-4abc-9def-0123456789ab",
        datetime.now().astimezone(),
        reception_number="A-017",
        procedures=PROCEDURES,
        where_to_wait="本庁舎1階 北側ロビー",
    )
    render_ticket_image(ticket)  # fonts loaded once, as in a running kiosk
    out = Path(tempfile.mkdtemp(prefix="madoguchi-bench-")) / "ticket.escpos"
    printer = TicketPrinter.from_spec(f"file:{out}")
    results = [
        Measurement(
            "ticket image (576 px, 6 procedures)",
            _median_ms(lambda: render_ticket_image(ticket)),
            "ms",
        ),
        Measurement("ticket page PDF", _median_ms(lambda: render_ticket_pdf(ticket)), "ms"),
        Measurement(
            "ticket to ESC/POS file", _median_ms(lambda: printer.print_ticket(ticket)), "ms"
        ),
    ]
    printer.print_ticket(ticket)
    results.append(Measurement("ticket ESC/POS size", out.stat().st_size / 1024, "KiB"))
    results += _through_cups()
    return results


def _through_cups() -> list[Measurement]:
    if cups_available():
        return [Measurement("forms through CUPS", float("nan"), "s", note=str(cups_available()))]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from forms.catalogue import load_catalogue
    from forms.render import render_batch
    from kiosk.application import cover_wording
    from ui.app import application
    from ui.printing import print_pdf

    application()
    data = {
        "applicant": {
            "name": "山田 太郎",
            "name_kana": "ヤマダ タロウ",
            "address": "静岡県浜松市中区元城町103-2",
        }
    }
    pdf = render_batch(
        load_catalogue(), data, ["juminhyo_seikyu"], "bench", "A-001", today=date(2025, 4, 1),
        wording=cover_wording("ja"),
    ).pdf
    server = PrivateCups()
    server.start()
    try:
        server.add_pdf_queue()
        os.environ.update(server.env)
        spooled, arrived = [], []
        for _ in range(3):
            server.clear_output()
            started = time.perf_counter()
            print_pdf(pdf, PDF_QUEUE)
            spooled.append(time.perf_counter() - started)
            server.wait_for_pdf()
            arrived.append(time.perf_counter() - started)
        return [
            Measurement(
                "forms (2 pages) handed to CUPS",
                statistics.median(spooled),
                "s",
                note="300 dpi pages, Qt",
            ),
            Measurement(
                "forms (2 pages) out of cups-pdf",
                statistics.median(arrived),
                "s",
                note=server.device,
            ),
        ]
    finally:
        server.cleanup()
