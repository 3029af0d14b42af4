"""The spool: nothing is lost while the database is away, nothing is doubled after."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.spool import REJECTED, Spool, reference_for
from kiosk.store import DatabaseUnavailable, SpoolFull, Store
from tests.store.conftest import make_draft
from tests.support.accounts import admin_principal

ROOT = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when we return: nothing listens


def test_save_is_atomic_private_and_complete(tmp_path):
    spool = Spool(tmp_path / "spool")
    draft = make_draft()
    reference = spool.save(draft)
    assert (
        reference == reference_for(draft.uuid)
        and reference.startswith("S-")
        and len(reference) == 8
    )
    files = list((tmp_path / "spool").iterdir())
    assert [f.name for f in files] == [f"{draft.uuid}.spool"]  # no temp file left
    if os.name == "posix":
        assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    [item] = spool.pending()
    assert (item.reference, item.uuid) == (reference, draft.uuid)
    assert draft.spool_ref is None  # the caller's draft is not changed


@pytest.mark.postgres
def test_unreachable_database_then_spool_then_flush_when_it_returns(stoppable_postgres, tmp_path):
    """A real server that goes away and comes back, and a port where nothing listens."""
    nowhere = Store(f"postgresql+psycopg://madoguchi@127.0.0.1:{_closed_port()}/madoguchi")
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as info:
        nowhere.submit(make_draft())
    assert info.value.key == "store.unavailable"
    assert time.monotonic() - started < 5
    nowhere.close()

    url = stoppable_postgres.database_url()
    store = Store(url)
    store.upgrade()
    spool = Spool(tmp_path / "spool")
    stoppable_postgres.stop()
    try:
        references = []
        for name in ("前田 一", "前田 二"):
            draft = make_draft(name)
            with pytest.raises(DatabaseUnavailable):
                store.submit(draft)
            references.append(spool.save(draft))
        report = spool.flush(store)
        assert report.submitted == [] and report.remaining == 2 and len(spool) == 2
    finally:
        stoppable_postgres.start()
    report = spool.flush(store)
    admin = admin_principal(store)
    assert [ref for ref, _ in report.submitted] == references
    assert len(spool) == 0 and report.remaining == 0
    # Staff find each by the reference the resident shows.
    for reference, submission in report.submitted:
        [item] = store.list_queue(admin, search=reference)
        assert item.application_id == submission.application_id and item.spool_ref == reference
    assert store.count_queue(admin) == 2
    store.close()


def test_a_crash_between_insert_and_delete_creates_no_duplicate(store, tmp_path, admin):
    spool = Spool(tmp_path / "spool")
    draft = make_draft()
    reference = spool.save(draft)
    # The flush that "crashed": the application went in, the file stayed.
    first = store.submit(draft)
    report = spool.flush(store)
    [(ref, submission)] = report.submitted
    assert ref == reference and submission.already_stored
    assert submission.reception_number == first.reception_number
    assert store.count_queue(admin) == 1 and len(spool) == 0


def test_unreadable_files_are_kept_aside_not_lost(store, tmp_path):
    spool = Spool(tmp_path / "spool")
    spool.save(make_draft())
    broken = tmp_path / "spool" / "broken.spool"
    broken.write_text("{ not json", encoding="utf-8")
    report = spool.flush(store)
    assert len(report.submitted) == 1
    assert report.rejected == [("broken.spool", "spool.damaged")]
    assert (tmp_path / "spool" / REJECTED / "broken.spool").read_text(
        encoding="utf-8"
    ) == "{ not json"


FILL_AND_SAVE = """
import json, os, sys
from kiosk.spool import Spool
from kiosk.store import SpoolFull
from tests.store.conftest import make_draft
from tests.support.accounts import admin_principal
spool_dir = sys.argv[1]
fd = os.open(os.path.join(spool_dir, "filler"), os.O_WRONLY | os.O_CREAT)
try:
    while True:
        os.write(fd, b"x" * 4096)
except OSError:
    os.close(fd)
draft = make_draft()
draft.pdf = b"%PDF" + b"0" * 200_000
try:
    Spool(spool_dir).save(draft)
    print(json.dumps({"result": "saved"}))
except SpoolFull as exc:
    left = sorted(n for n in os.listdir(spool_dir) if n != "filler")
    print(json.dumps({"result": "full", "key": exc.key, "left": left}))
"""


@pytest.mark.skipif(
    not shutil.which("unshare") or os.geteuid() != 0, reason="needs root and unshare"
)
def test_a_full_disk_is_a_typed_error_and_leaves_no_partial_file(tmp_path):
    """A real full file system: a 256 KiB tmpfs in a private mount namespace."""
    spool_dir = tmp_path / "spool"
    spool_dir.mkdir()
    script = (
        f"mount -t tmpfs -o size=256k tmpfs {spool_dir} && "
        f"{sys.executable} -c '{FILL_AND_SAVE}' {spool_dir}"
    )
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"result": "full", "key": SpoolFull.key, "left": []}


def test_the_background_flusher_submits_when_it_can(store, tmp_path, admin):
    import threading

    from kiosk.spool import SpoolFlusher

    spool = Spool(tmp_path / "spool")
    reference = spool.save(make_draft())
    reports = []
    done = threading.Event()

    def on_flush(report):
        reports.append(report)
        done.set()

    flusher = SpoolFlusher(spool, store, interval=0.1, callback=on_flush).start()
    try:
        assert done.wait(10)
    finally:
        flusher.stop()
    assert [ref for ref, _ in reports[0].submitted] == [reference]
    assert store.list_queue(admin, search=reference)[0].spool_ref == reference


def test_a_draft_without_a_proper_uuid_is_refused_not_written(tmp_path):
    from kiosk.store import InvalidDraft

    spool = Spool(tmp_path / "spool")
    with pytest.raises(InvalidDraft):
        spool.save(make_draft(uuid="../../escape"))
    assert not (tmp_path / "escape.spool.json").exists()
    assert not (tmp_path / "spool").exists()
