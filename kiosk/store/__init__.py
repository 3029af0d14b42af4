"""The application store: applications, reception numbers, the staff queue, accounts,
the audit log, retention, hand-over to core systems, statistics, live updates.

    store = Store.open()          # URL from the configuration; SQLite by default
    store.upgrade()               # Alembic migrations to head
    result = store.submit(draft)  # -> Submission(application_id, reception_number)

See docs/store.md. No Qt here: UIs call these from worker threads.

The errors and records import eagerly (plain Python); `Store` and the live-update
classes, which pull in SQLAlchemy (and through the store, Alembic), load on first use,
so a kiosk that imports this package for its error types starts without them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kiosk.store.errors import (
    AccountExists,
    AccountLocked,
    AlreadyClaimed,
    BadCredentials,
    CertificateRejected,
    DatabaseAuthFailed,
    DatabaseBusy,
    DatabaseFileReplaced,
    DatabaseReadOnly,
    DatabaseRoleRefused,
    DatabaseUnavailable,
    InvalidDraft,
    InvalidPath,
    InvalidTransition,
    NotFound,
    NotHolder,
    NotSignedIn,
    PermissionDenied,
    ProceduresPending,
    ReasonRequired,
    SchemaOutdated,
    SpoolError,
    SpoolFull,
    StaleApplication,
    StoreError,
    ValidationFailed,
    WeakPassword,
)
from kiosk.store.lifecycle import ProcedureState, State, allowed_actions
from kiosk.store.records import (
    AccountInfo,
    ApplicationDetail,
    ApplicationDraft,
    AuditRecord,
    CalledNumber,
    Change,
    GlyphCheck,
    LobbyBoard,
    NextCounter,
    Principal,
    ProcedureRef,
    ProcedureStatus,
    QueueFilter,
    QueueItem,
    QueuePage,
    Submission,
)

if TYPE_CHECKING:
    from kiosk.store.notifications import (
        ChangeWatcher,
        ConnectionLost,
        Reconnected,
        StoreChanged,
    )
    from kiosk.store.store import Store

#: Names that load their submodule on first use (PEP 562), and which submodule.
_LAZY = {
    "Store": "store",
    "ChangeWatcher": "notifications",
    "ConnectionLost": "notifications",
    "Reconnected": "notifications",
    "StoreChanged": "notifications",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "AccountExists",
    "AccountInfo",
    "AccountLocked",
    "AlreadyClaimed",
    "ApplicationDetail",
    "ApplicationDraft",
    "AuditRecord",
    "BadCredentials",
    "CalledNumber",
    "CertificateRejected",
    "Change",
    "ChangeWatcher",
    "ConnectionLost",
    "DatabaseAuthFailed",
    "DatabaseBusy",
    "DatabaseFileReplaced",
    "DatabaseReadOnly",
    "DatabaseRoleRefused",
    "DatabaseUnavailable",
    "GlyphCheck",
    "InvalidDraft",
    "InvalidPath",
    "InvalidTransition",
    "LobbyBoard",
    "NextCounter",
    "NotFound",
    "NotHolder",
    "NotSignedIn",
    "PermissionDenied",
    "Principal",
    "ProcedureRef",
    "ProcedureState",
    "ProcedureStatus",
    "ProceduresPending",
    "QueueFilter",
    "QueueItem",
    "QueuePage",
    "ReasonRequired",
    "Reconnected",
    "SchemaOutdated",
    "SpoolError",
    "SpoolFull",
    "StaleApplication",
    "State",
    "Store",
    "StoreChanged",
    "StoreError",
    "Submission",
    "ValidationFailed",
    "WeakPassword",
    "allowed_actions",
]
