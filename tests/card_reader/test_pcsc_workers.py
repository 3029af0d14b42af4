"""The opening threads of `PcscBackend` are kept for the next opening (no pcscd needed:
the opening itself is replaced)."""

from __future__ import annotations

import threading

from card_reader import pcsc
from card_reader.pcsc import PcscBackend
from tests.card_reader.fakes import FakeCardConnection


def test_consecutive_openings_run_on_one_kept_thread(monkeypatch):
    ran_on: list[threading.Thread] = []

    def fake_open(reader: str, backoff: object) -> FakeCardConnection:
        ran_on.append(threading.current_thread())
        return FakeCardConnection(script=[])

    monkeypatch.setattr(pcsc, "_open", fake_open)
    backend = PcscBackend(busy_timeout=30)
    for reader in ("A", "A", "B"):
        backend.connect(reader).close()
        backend._workers.wait_idle()  # the thread is back before the next opening
    assert len(ran_on) == 3 and len(set(ran_on)) == 1
    assert ran_on[0] is not threading.main_thread() and ran_on[0].daemon
