"""No log line carries a resident's personal data: every record of a full run through
kiosk, spool and staff desk (SQLAlchemy's statement log included, failures and
tracebacks included) is grepped for the test residents' names and numbers."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import text

from kiosk.application import deliver
from kiosk.spool import Spool
from kiosk.store import BadCredentials, InvalidDraft, Store
from kiosk.store.allowlist import redact
from tests.store.conftest import PASSWORD, make_draft

NAME = "漏洩 検査子"
KANA = "ロウエイ ケンサコ"
NUMBER = "987654321098"
CHILD = "漏洩 次郎"
CARD = "ZX98765432QW"  # a 在留カード番号: stored (the 別紙 prints it), never logged
SECRETS = [NAME, KANA, NUMBER, "9876 5432 1098", CHILD, PASSWORD, "元城町103", CARD]


class Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def every_log_line():
    handler = Everything()
    root = logging.getLogger()
    old_level = root.level
    engine_logger = logging.getLogger("sqlalchemy.engine")
    old_engine = engine_logger.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    engine_logger.setLevel(logging.INFO)  # every statement (echo), as IT might turn on
    try:
        yield handler.lines
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        engine_logger.setLevel(old_engine)


class Unreachable:
    def submit(self, draft):
        from kiosk.store import DatabaseUnavailable

        raise DatabaseUnavailable("OperationalError")


def test_a_full_run_logs_no_personal_data(db_url, clock, tmp_path, every_log_line):
    store = Store(db_url, clock=clock)
    store.upgrade()
    store.create_account(None, "admin", "管理者", PASSWORD, "admin")
    admin = store.sign_in("admin", PASSWORD)
    with pytest.raises(BadCredentials):
        store.sign_in("admin", NAME)  # a name typed as a password
    spool = Spool(tmp_path / "spool", clock)

    def draft(name: str = NAME):
        d = make_draft(name)
        d.data["applicant"]["name_kana"] = KANA
        d.data["children"][0]["name"] = CHILD
        d.data["certificate"] = {"purpose": f"番号 {NUMBER}"}
        d.data["residence"] = {"card_number": CARD}
        d.data = redact(d.data)
        return d

    # The kiosk: delivered at once; kept while the database is away, then flushed.
    deliver(draft(), store, spool)
    kept = draft()
    deliver(kept, Unreachable(), spool)
    (tmp_path / "spool" / "junk.spool").write_bytes(b"junk " + NAME.encode())
    report = spool.flush(store)
    assert len(report.submitted) == 1 and len(report.rejected) == 1
    # A draft the store refuses, and one whose failure is a database error.
    refused = make_draft(NAME)
    refused.data["applicant"]["individual_number"] = NUMBER
    with pytest.raises(InvalidDraft):
        store.submit(refused)
    try:
        with store.db.engine.begin() as conn:
            conn.execute(
                text("INSERT INTO applications (id, reception_number) VALUES (:id, :name)"),
                {"id": NAME, "name": NUMBER},
            )
    except Exception:
        logging.getLogger("madoguchi.test").exception("insert failed")
    try:  # a library that echoes its input in an error (as validators do)
        raise ValueError(f"invalid value: {CARD!r}")
    except ValueError:
        logging.getLogger("madoguchi.test").exception("a check failed")
    # The staff desk.
    [item, *_] = store.list_queue(admin, search="漏洩")
    store.call(admin, item.application_id, "1番")
    store.detail(admin, item.application_id)
    store.edit(admin, item.application_id, {"applicant.name": "漏洩 訂正"})
    store.history(admin, item.application_id)
    store.start_review(admin, item.application_id)
    for p in store.detail(admin, item.application_id).summary.procedures:
        store.mark_procedure(admin, item.application_id, p.procedure_id)
    store.complete(admin, item.application_id)
    store.export_completed(admin, clock.now() - timedelta(days=1))
    store.purge(admin, 0, now=clock.now() + timedelta(days=1))
    store.close()

    assert len(every_log_line) > 50  # the statement log was on
    leaked = [line for line in every_log_line if any(s in line for s in [*SECRETS, "訂正"])]
    assert leaked == []
