"""The allocator's free memory back to the system between residents (kiosk/memory.py);
the RSS it keeps flat is measured in bench/bench_kiosk.py."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk import memory

glibc = pytest.mark.skipif(memory._glibc() is None, reason="glibc's allocator only")


@glibc
def test_the_arenas_are_limited_and_freed_pages_go_back() -> None:
    # In a new process: the limit is process-wide, and this one has many threads.
    code = (
        "from kiosk import memory\n"
        "assert memory.limit_arenas()\n"
        "blocks = [bytearray(4096) for _ in range(20000)]\n"
        "del blocks[::2]\n"
        "print(memory.give_back())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


def test_the_wiped_session_gives_its_memory_back(qapp, qtbot, kiosk_config, monkeypatch) -> None:
    """The kiosk window, once its screens are cleared, trims the heap (the next turn of
    the event loop, after the deleted widgets are gone)."""
    from tests.clock import pinned_clock
    from ui.kiosk.app import build_kiosk

    trims: list[bool] = []
    monkeypatch.setattr(memory, "give_back", lambda: trims.append(True) or True)
    kiosk = build_kiosk(kiosk_config, demo=True, clock=pinned_clock())
    try:
        kiosk.controller.session.wipe()
        assert trims == []  # not before the deleted widgets are gone
        qtbot.waitUntil(lambda: trims == [True])
    finally:
        kiosk.close()
