"""Which catalogue made an application: the version label of the catalogue's content is
stored with the application (real SQLite and PostgreSQL) and printed in every form
page's footer, read back from the PDF with pdftotext -bbox."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from forms.catalogue import DEFAULT_DIR, load_catalogue
from forms.version import PUBLISH_LOG, catalogue_version, fingerprint, version_label
from kiosk.application import prepare_application, submit_or_spool
from kiosk.config import Config
from kiosk.personal import has_individual_number
from kiosk.session import ResidentSession
from kiosk.spool import Spool
from kiosk.store import Store
from tests.clock import pinned_clock
from tests.forms.pdfbox import words
from tests.kiosk.test_session import ANSWERS, answer_all, read_card
from tests.support.accounts import admin_principal


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """A published copy of the default catalogue."""
    root = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIR, root)
    return root


def test_the_version_follows_the_content_and_not_the_bookkeeping(city: Path) -> None:
    before = catalogue_version(city)
    assert len(before) == 13 and before == catalogue_version(DEFAULT_DIR)
    (city / PUBLISH_LOG).write_text('{"actor": "kanri"}\n', encoding="utf-8")
    assert catalogue_version(city) == before  # the publish log is not the catalogue
    events = city / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8") + "\n# 変更\n", encoding="utf-8")
    assert catalogue_version(city) != before
    assert load_catalogue(city).version == catalogue_version(city)
    # Never twelve digits in a row: the store would take it for a 個人番号.
    assert not has_individual_number(version_label("0" * 64))
    assert version_label(fingerprint(city / "nothing")) == ""


def test_the_application_stores_and_prints_the_catalogue_that_made_it(
    city: Path, tmp_path: Path, db_url: str
) -> None:
    from card_reader.simulator import DEFAULT_READER, SimulatedBackend, SimulatedCard
    from tests.kiosk.test_session import CARD

    catalogue = load_catalogue(city)
    backend = SimulatedBackend({DEFAULT_READER: SimulatedCard.from_dict(CARD)})
    session = ResidentSession(catalogue, clock=pinned_clock())
    session.choose_event("moving_in")
    session.use_card()
    read_card(session, backend, "1234")
    session.confirm_card(True)
    answer_all(session, ANSWERS)
    prepared = prepare_application(catalogue, session)
    session.submit_started(consent=True)
    store = Store(db_url)
    store.upgrade()
    config = Config(database_url=db_url, terminal_id="k1", counter_group="A")
    receipt = submit_or_spool(prepared, session, config, store, Spool(tmp_path / "spool"))
    assert receipt.reception_number
    admin = admin_principal(store)
    detail = store.detail(admin, receipt.application_id)
    assert detail.data["catalogue"] == catalogue.version != ""
    # Every form page's footer names it, at the bottom right (y ≈ 291 mm).
    printed = words(store.pdf(admin, receipt.application_id))
    form_pages = {w.page for w in printed if w.text.endswith("頁") and w.y > 285}
    marked = {w.page for w in printed if w.text == catalogue.version and w.y > 285 and w.x > 100}
    assert form_pages and marked == form_pages
    assert {w.page for w in printed if w.text == "定義版"} == form_pages
