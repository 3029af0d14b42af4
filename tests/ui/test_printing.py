"""Page printing through Qt print support and a real CUPS: a private cupsd with the
cups-pdf printer (tests/support/cups.py); the printed PDF is read back with pdftotext,
pdfinfo and pdftoppm."""

from __future__ import annotations

import subprocess
import threading
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat

from forms.catalogue import load_catalogue
from forms.render import render_batch
from kiosk.application import cover_wording
from kiosk.printing import PrinterError, PrinterUnavailable, TicketPrinter
from kiosk.ticket import ReceptionTicket
from tests.support.cups import PDF_QUEUE, PrivateCups
from ui.printing import (
    available_printers,
    default_printer,
    print_pdf,
    print_to_pdf_file,
)

APP_ID = "3f9a0c12-1234-4abc-9def-0123456789ab"
DATA = {
    "applicant": {
        "name": "山田 太郎",
        "name_kana": "ヤマダ タロウ",
        "address": "静岡県浜松市中区元城町103-2",
        "birth_date": "1980-05-01",
        "phone": "053-457-2111",
    }
}
#: Text the rendered forms hold (cover sheet and form), checked in the printed PDF.
EXPECTED_TEXT = ("手続きのご案内", "住民票の写し等 交付請求書", "ヤマダ タロウ", "元城町")


@pytest.fixture(scope="module")
def forms_pdf() -> bytes:
    batch = render_batch(
        load_catalogue(), DATA, ["juminhyo_seikyu"], APP_ID, "A-017", today=date(2025, 4, 1),
        wording=cover_wording("ja"),
    )
    return batch.pdf


def text_of(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)


def page_image(pdf: bytes | Path, index: int) -> Image.Image:
    """A page at 50 dpi, box-filtered down from 150 dpi: PDFium's own anti-aliasing of
    thin vector lines at low resolution differs from a scaled-down raster of the same page
    more than the pages differ, so compare averages, not edges."""
    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        return document[index].render(scale=150 / 72).to_pil().convert("L").reduce(3)
    finally:
        document.close()


def same_picture(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute grey difference (0-255) of two page images at the same size: about
    1-2 for the same page printed, 10 or more for another page of these forms."""
    b = b.resize(a.size)
    return float(ImageStat.Stat(ImageChops.difference(a, b)).mean[0])


def in_worker(job) -> None:
    """Run `job` in a plain thread, as the kiosk's worker pool does; re-raise its error."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            job()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not thread.is_alive()
    if errors:
        raise errors[0]


def test_forms_print_through_cups_and_cups_pdf(
    qapp, live_cups: PrivateCups, forms_pdf: bytes, artifact_dir: Path
) -> None:
    assert PDF_QUEUE in available_printers()
    started = time.monotonic()
    in_worker(lambda: print_pdf(forms_pdf, PDF_QUEUE, job_name="A-017"))
    printed = live_cups.wait_for_pdf()
    (artifact_dir / "printed.pdf").write_bytes(printed.read_bytes())
    info = pdf_info(printed)
    assert info["Pages"].strip() == "2"
    assert "(A4)" in info["Page size"]  # the page size went through
    if live_cups.device == "cups-pdf":
        assert "Ghostscript" in info.get("Producer", "")  # really through cups-pdf
    text = text_of(printed)
    for expected in EXPECTED_TEXT:
        assert expected in text, expected
    # What is on paper is the page itself: the printed page looks like the original.
    for index in range(2):
        original, output = page_image(forms_pdf, index), page_image(printed, index)
        output.save(artifact_dir / f"printed-{index + 1}.png")
        assert same_picture(original, output) < 3
        assert same_picture(page_image(forms_pdf, 1 - index), output) > 6  # the check can fail
    assert time.monotonic() - started < 60


def test_print_to_a_pdf_file_keeps_text_pages_and_size(
    qapp, forms_pdf: bytes, artifact_dir: Path
) -> None:
    out = artifact_dir / "preview.pdf"
    print_to_pdf_file(forms_pdf, out)
    info = pdf_info(out)
    assert info["Pages"].strip() == "2"
    assert "(A4)" in info["Page size"]
    text = text_of(out)
    for expected in EXPECTED_TEXT:
        assert expected in text, expected
    first = page_image(out, 0)
    first.save(artifact_dir / "preview-1.png")
    assert same_picture(page_image(forms_pdf, 0), first) < 3
    # The page image is rendered at 300 dpi or more, not a screen preview.
    document = pdfium.PdfDocument(str(out))
    try:
        images = [o for o in document[0].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
        width_px = images[0].get_px_size()[0]
    finally:
        document.close()
    assert width_px >= 300 * 8.27 * 0.99


def test_the_default_printer_and_a_page_ticket(qapp, live_cups: PrivateCups) -> None:
    live_cups.run("lpadmin", "-d", PDF_QUEUE)
    assert default_printer() == PDF_QUEUE
    ticket = ReceptionTicket(
        APP_ID,
        datetime(2025, 4, 1, 9, 5, tzinfo=ZoneInfo("Asia/Tokyo")),
        reception_number="A-017",
        procedures=(("住民票の写しの交付", "市民課 本庁舎1階"),),
    )
    printer = TicketPrinter.from_spec("page", page_print=lambda pdf: print_pdf(pdf, None))
    in_worker(lambda: printer.print_ticket(ticket))
    text = text_of(live_cups.wait_for_pdf())
    assert "受付番号" in text and "住民票の写しの交付" in text


def test_unknown_printer_and_switched_off_printing_are_unavailable(
    qapp, live_cups: PrivateCups, forms_pdf: bytes
) -> None:
    with pytest.raises(PrinterUnavailable, match="no such printer") as caught:
        print_pdf(forms_pdf, "no-such-queue")
    assert caught.value.key == "printing.unavailable"
    assert PDF_QUEUE in caught.value.detail  # names the printers there are
    with pytest.raises(PrinterUnavailable, match="switched off"):
        print_pdf(forms_pdf, "none")


def test_a_stopped_queue_is_unavailable(qapp, live_cups: PrivateCups, forms_pdf: bytes) -> None:
    live_cups.run("cupsdisable", PDF_QUEUE)
    try:
        with pytest.raises(PrinterUnavailable, match="stopped"):
            print_pdf(forms_pdf, PDF_QUEUE)
    finally:
        live_cups.run("cupsenable", PDF_QUEUE)
    assert not list(live_cups.out_dir.glob("*.pdf"))  # nothing waits to print later


def test_print_system_down_is_unavailable(qapp, live_cups: PrivateCups, forms_pdf: bytes) -> None:
    live_cups.stop()
    started = time.monotonic()
    assert available_printers() == []
    with pytest.raises(PrinterUnavailable):
        in_worker(lambda: print_pdf(forms_pdf, PDF_QUEUE))
    with pytest.raises(PrinterUnavailable, match="no default printer"):
        print_pdf(forms_pdf)
    assert time.monotonic() - started < 10


def test_not_a_pdf_is_a_print_error(qapp, tmp_path: Path) -> None:
    with pytest.raises(PrinterError, match="not a printable PDF"):
        print_to_pdf_file(b"hello", tmp_path / "x.pdf")
