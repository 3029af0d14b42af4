"""No personal data in any log line: every record is scrubbed when it is made (where
the lines go is kiosk.logs).

Installed when `kiosk` is imported (a record factory, so it covers every logger and
every handler, the libraries' too): 12-digit numbers (個人番号) and 在留カード番号
(AB12345678CD) are masked, and SQL
parameter lists and PostgreSQL's DETAIL lines (a resident's name in a failed INSERT)
are cut out, in the message and in the traceback. Code must still never log a resident's name, answers or a PIN: the
log-leak test (tests/infra/test_log_leak.py) greps a full run's records for them.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from kiosk.personal import mask, mask_residence_card

_SQL_PARAMETERS = re.compile(r"\[parameters: .*?\]\s*(?=\(Background|$|\n)", re.DOTALL)
#: PostgreSQL's DETAIL of a constraint violation quotes the row or key values.
_SERVER_DETAIL = re.compile(r"DETAIL:[^\n]*")
_installed = False


def scrub(text: str) -> str:
    text = _SQL_PARAMETERS.sub("[parameters hidden] ", text)
    return mask_residence_card(mask(_SERVER_DETAIL.sub("DETAIL: [values hidden]", text)))


def install() -> None:
    """Wrap the record factory once (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: let logging report it as usual
            return record
        record.msg, record.args = scrub(message), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
        return record

    logging.setLogRecordFactory(factory)
