"""Build and run the kiosk: real readers or the simulated card, the store, the window."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from card_reader.backend import ReaderBackend
from card_reader.simulator import SimulatedBackend, SimulatedCard
from forms.catalogue import load_catalogue
from forms.verified import VerifiedCatalogues
from kiosk import memory
from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.paths import data_dir
from kiosk.printing import TicketPrinter
from kiosk.spool import Spool, SpoolFlusher
from kiosk.store import SchemaOutdated
from ui.app import application
from ui.kiosk.controller import KioskController
from ui.kiosk.window import KioskWindow
from ui.threads import wait_for_workers
from ui.window_run import after_first_paint

if TYPE_CHECKING:
    from kiosk.store import Store

log = logging.getLogger(__name__)

#: In the data folder: the catalogue that last passed every check (forms.verified).
VERIFIED_FILE = Path("cache") / "catalogue-verified.json"

#: The demo resident: a card the simulator holds in demo mode.
DEMO_CARD = {
    "name": "見本　花子",
    "address": "東京都千代田区千代田1番1号",
    "birth_date": "19850412",
    "sex": "2",
    "pin": "1234",
}


@dataclass
class Kiosk:
    controller: KioskController
    window: KioskWindow
    backend: ReaderBackend
    store_url: str
    #: Hands spooled applications to the database once it answers again.
    flusher: SpoolFlusher | None = None

    def close(self) -> None:
        """Stop the reader monitor and timers and delete the window now, on this (the
        main) thread: left to Python's cyclic GC, Qt objects with timers may be
        collected on a worker thread, which Qt forbids."""
        import gc

        from PySide6.QtCore import QCoreApplication, QEvent

        self.controller.finish()  # a kiosk that shuts down forgets its resident too
        self.controller.shutdown()
        if self.flusher is not None:
            self.flusher.stop()
        self.window.timeout.stop()
        # A job still running (a first boot's name index, a submit) finishes before
        # the window goes, so its result is not sent to deleted objects.
        wait_for_workers(10000)
        self.window.close()
        self.window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()


def store_factory(url: str, config: Config, clock: Clock | None = None) -> Any:
    """One Store per process, created (and its schema checked) on first use. A kiosk
    never migrates a shared database (Store.prepare_terminal); an outdated schema is
    logged as such and the application waits in the spool.

    Created lazily in the worker that submits, so a dead database never blocks the
    kiosk's start: the resident can still go through the whole flow, and the
    application goes to the spool.
    """
    holder: dict[str, Any] = {}
    lock = threading.Lock()  # the warm-up and a submit may ask at the same time

    def get() -> Any:
        with lock:
            store = holder.get("store")
            if store is None:
                from kiosk.store import Store  # SQLAlchemy: in the worker, not at start

                store = Store.open(url, config, clock)
                try:
                    store.prepare_terminal()
                except SchemaOutdated as exc:
                    log.error("database schema outdated: %s", exc.detail)
                    store.close()
                    raise
                holder["store"] = store
            return store

    return get


def _open_store(url: str, config: Config, clock: Clock) -> Store:
    from kiosk.store import Store

    return Store.open(url, config, clock)


def build_kiosk(
    config: Config,
    *,
    backend: ReaderBackend | None = None,
    demo: bool = False,
    demo_card: dict[str, Any] | None = None,
    catalogue_dir: Path | None = None,
    clock: Clock | None = None,
) -> Kiosk:
    """The kiosk for `config`; `clock` pins the day (scenarios, tests), else the system's."""
    memory.limit_arenas()  # before the kiosk's threads start (kiosk/memory.py)
    application()
    clock = clock or Clock(config.timezone)
    published = catalogue_dir or (Path(config.catalogue_dir) if config.catalogue_dir else None)
    # Checked in full unless it is the catalogue this kiosk checked last (same files,
    # same madoguchi): a restart skips the checks, a changed catalogue never does.
    catalogue = load_catalogue(published, VerifiedCatalogues(data_dir() / VERIFIED_FILE))
    card = SimulatedCard.from_dict(demo_card or DEMO_CARD) if demo else None
    if backend is None:
        if config.card_backend == "simulator" or demo:
            backend = SimulatedBackend()
        else:
            from card_reader.pcsc import PcscBackend

            backend = PcscBackend()
    url = config.resolved_database_url()

    def page_print(pdf: bytes) -> None:
        from ui.printing import print_pdf

        print_pdf(pdf, config.page_printer or None, job_name=f"madoguchi {config.terminal_id}")

    # A typo in ticket_printer fails here, at start-up, not at the first resident.
    ticket_printer = TicketPrinter.from_spec(config.ticket_printer, page_print=page_print)
    controller = KioskController(
        catalogue=catalogue,
        backend=backend,
        config=config,
        store_factory=store_factory(url, config, clock),
        spool=Spool(config.resolved_spool_dir(), clock),
        ticket_printer=ticket_printer,
        page_print=page_print,
        demo=demo,
        demo_card=card,
        clock=clock,
        catalogue_dir=published,
    )
    window = KioskWindow(controller)
    window.install_touch_counter()
    controller.start_monitor()
    # After the first screen has painted: the warm-up's imports (SQLAlchemy, Alembic)
    # and a first boot's name index build would otherwise hold the GIL the first
    # paint needs. A window never shown never needs them early.
    after_first_paint(window, controller.warm_up)
    # The other screens too: built after the first screen is seen, in idle turns.
    after_first_paint(window, window.build_rest)
    # Applications kept while the database was away go in by themselves when it returns.
    controller.spool.remove_stale_temp_files()
    flusher = SpoolFlusher(
        controller.spool,
        lambda: _open_store(url, config, clock),
        interval=config.spool_retry_seconds,
        retention_days=config.retention_days,
    ).start()
    return Kiosk(controller, window, backend, url, flusher)


def demo_config(config: Config) -> Config:
    """Demo: the simulated card, SQLite in the per-user data directory."""
    return replace(config, card_backend="simulator", database_url=config.database_url or "")


@contextlib.contextmanager
def running(kiosk: Kiosk) -> Iterator[Kiosk]:
    try:
        yield kiosk
    finally:
        kiosk.close()
