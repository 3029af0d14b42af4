"""A Korean resident's session, end to end on paper: the kiosk renders the cover sheet
in Korean beneath the Japanese (it rendered Japanese only, `locale="ja"` always), and
the ticket printed after the submit gives each procedure and counter in Korean too."""

from __future__ import annotations

import re
import subprocess

from i18n import translator
from kiosk.application import prepare_application, print_after_submit, submit_or_spool
from kiosk.config import Config
from kiosk.printing import TicketPrinter
from kiosk.spool import Spool
from kiosk.store import Store
from tests.kiosk.test_session import (  # noqa: F401 (fixtures)
    ANSWERS,
    answer_all,
    backend,
    card,
    catalogue,
    started,
)

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def text_of(pdf: bytes, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", *pages, "-", "-"], input=pdf, capture_output=True,
                         check=True)  # fmt: skip
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))


def test_a_korean_residents_cover_and_ticket(catalogue, backend, tmp_path, sqlite_url) -> None:  # noqa: F811
    session = started(catalogue, backend)
    session.set_locale("ko")
    answer_all(session, ANSWERS)
    prepared = prepare_application(catalogue, session)
    cover = text_of(prepared.pdf, page=1)
    assert "手続きのご案内" in cover and "수속안내" in cover
    procedures = session.procedures()
    assert procedures
    for procedure in procedures:
        assert re.sub(r"\s+", "", procedure.title["ja"]) in cover
    assert HANGUL.search(cover)
    assert not HANGUL.search(text_of(prepared.pdf, page=2))  # the forms stay Japanese
    session.submit_started(consent=True)
    store = Store(sqlite_url)
    store.upgrade()
    config = Config(database_url=sqlite_url, terminal_id="k1", counter_group="A")
    receipt = submit_or_spool(prepared, session, config, store, Spool(tmp_path / "spool"))
    printed: list[bytes] = []
    printer = TicketPrinter.from_spec("page", page_print=printed.append)
    errors = print_after_submit(receipt, prepared, session, config, printer, store)
    assert errors == [] and len(printed) == 1
    ticket = text_of(printed[0])
    assert "受付票" in ticket and "접수표" in ticket
    korean = translator("ko")
    for procedure in procedures:  # each in Japanese, and in Korean (catalogue.po)
        assert re.sub(r"\s+", "", procedure.title["ja"]) in ticket
        assert re.sub(r"\s+", "", korean.text(procedure.title)) in ticket
        assert re.sub(r"\s+", "", korean.text(procedure.department.name)) in ticket
