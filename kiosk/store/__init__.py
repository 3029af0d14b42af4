"""The application store: applications, reception numbers, the staff queue, accounts,
the audit log, retention, hand-over to core systems, statistics, live updates.

    store = Store.open()          # URL from the configuration; SQLite by default
    store.upgrade()               # Alembic migrations to head
    result = store.submit(draft)  # -> Submission(application_id, reception_number)

See docs/store.md. No Qt here: UIs call these from worker threads.
"""

from kiosk.store.errors import (
    AccountExists,
    AccountLocked,
    AlreadyClaimed,
    BadCredentials,
    DatabaseBusy,
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
from kiosk.store.lifecycle import ProcedureState, State
from kiosk.store.notifications import ChangeWatcher, ConnectionLost, Reconnected, StoreChanged
from kiosk.store.records import (
    AccountInfo,
    ApplicationDetail,
    ApplicationDraft,
    AuditRecord,
    CalledNumber,
    Change,
    GlyphCheck,
    LobbyBoard,
    Principal,
    ProcedureRef,
    ProcedureStatus,
    QueueFilter,
    QueueItem,
    Submission,
)
from kiosk.store.store import Store

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
    "Change",
    "ChangeWatcher",
    "ConnectionLost",
    "DatabaseBusy",
    "DatabaseUnavailable",
    "GlyphCheck",
    "InvalidDraft",
    "InvalidPath",
    "InvalidTransition",
    "LobbyBoard",
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
]
