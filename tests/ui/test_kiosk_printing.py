"""The kiosk prints the reception ticket (ESC/POS) and, where configured, the forms
through the OS print system; a printer that is off never costs the resident their
place."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

from kiosk.scenario import load_scenario
from kiosk.store import Store
from tests.support.accounts import admin_principal
from tests.support.cups import PDF_QUEUE
from ui.kiosk.run_script import scenario_kiosk

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "moving_in_card.yaml"


def run_thin_path(config, out):  # type: ignore[no-untyped-def]
    with scenario_kiosk(load_scenario(SCENARIO), out, config) as run:
        summary = run.runner.run()
        from ui.threads import wait_for_workers

        wait_for_workers()
        run.runner._pump(0.2)  # the print result comes back as a queued signal
        session = run.kiosk.controller.session
        return (
            summary,
            session.notice.key if session.notice else None,
            list(run.kiosk.controller.print_errors),
        )


def test_the_ticket_goes_to_the_receipt_printer(qapp, kiosk_config, artifact_dir, tmp_path):
    device = tmp_path / "receipt-printer.bin"
    config = replace(kiosk_config, ticket_printer=f"file:{device}")
    summary, notice, errors = run_thin_path(config, artifact_dir)
    assert summary.completed, summary.errors
    assert errors == [] and notice is None
    data = device.read_bytes()
    assert data.startswith(b"\x1b@")  # ESC @: initialise
    assert b"\x1dv0" in data  # GS v 0: the ticket as a raster image (any kanji prints)
    assert b"\x1dV" in data[-8:]  # GS V: cut the paper at the end


def test_printer_offline_the_number_still_comes_and_staff_see_it(
    qapp, kiosk_config, artifact_dir
) -> None:
    # A receipt printer on the network that is switched off: nothing listens there.
    config = replace(kiosk_config, ticket_printer="network:127.0.0.1:9")
    summary, notice, errors = run_thin_path(config, artifact_dir)
    assert summary.completed, summary.errors
    assert summary.reception_number  # shown on screen all the same
    assert [e.key for e in errors] == ["printing.unavailable"]
    assert notice == "kiosk.done.print_failed"
    store = Store(config.database_url)
    admin = admin_principal(store)
    (item,) = store.list_queue(admin)
    # The application is in the queue, flagged for staff: the ticket did not print.
    assert item.reception_number == summary.reception_number
    assert item.flag_count >= 1
    flags = store.detail(admin, item.application_id).flags
    assert any(f.get("kind") == "print" and f.get("what") == "ticket" for f in flags), flags


def test_the_forms_print_through_cups(qapp, kiosk_config, artifact_dir, live_cups) -> None:
    config = replace(kiosk_config, print_forms=True, page_printer=PDF_QUEUE)
    summary, _notice, errors = run_thin_path(config, artifact_dir)
    assert summary.completed, summary.errors
    assert errors == [], [e.detail for e in errors]
    printed = live_cups.wait_for_pdf()
    (artifact_dir / "printed-by-cups.pdf").write_bytes(printed.read_bytes())
    text = subprocess.run(
        ["pdftotext", str(printed), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "住民異動届" in text
