"""Typed errors of the store and the spool.

Each class has a stable `key`, the msgid the UI translates (i18n domain `store.po`);
parameters travel as attributes so the message can name them. Messages never hold
personal data of a resident.
"""

from __future__ import annotations

from collections.abc import Sequence


class StoreError(Exception):
    key = "store.error"

    def __init__(self, detail: str = "", **params: object) -> None:
        super().__init__(detail or self.key)
        self.detail = detail
        self.params = params


class DatabaseUnavailable(StoreError):
    """The database cannot be reached (server down, network, disk): spool and retry."""

    key = "store.unavailable"


class DatabaseAuthFailed(DatabaseUnavailable):
    """The server answered, and refused this terminal's database user or password:
    waiting will not help; the configuration must change."""

    key = "store.auth_failed"


class CertificateRejected(DatabaseUnavailable):
    """TLS: the server's certificate does not verify against the configured root
    certificate (or names another host): no connection, nothing sent."""

    key = "store.certificate_rejected"


class DatabaseReadOnly(DatabaseUnavailable):
    """The database answered but refuses writes (a read-only disk or file, a read-only
    PostgreSQL replica or transaction): nothing was saved."""

    key = "store.read_only"


class DatabaseFileReplaced(DatabaseUnavailable):
    """SQLite: the file this store opened was deleted or replaced by another file at
    the same path. Writing on would go into a file nobody will read again; the program
    must be started again on the file that is there (`path`)."""

    key = "store.file_replaced"


class DatabaseRoleRefused(DatabaseUnavailable):
    """PostgreSQL refused this terminal's database role something it needs (a grant
    missing: `madoguchi db roles` not run, or a login in the wrong role). Waiting will
    not help; IT must fix the roles. A kiosk keeps the application in the spool."""

    key = "store.role_refused"


class SchemaOutdated(StoreError):
    """The database has no tables, or older ones: run `madoguchi db upgrade`."""

    key = "store.schema_outdated"


class DatabaseBusy(StoreError):
    """Another terminal held a lock for longer than the busy timeout: try again."""

    key = "store.busy"


class NotFound(StoreError):
    key = "store.not_found"


class AlreadyClaimed(StoreError):
    """Another staff member called or holds this application."""

    key = "store.already_claimed"

    def __init__(self, detail: str = "", holder: str | None = None) -> None:
        super().__init__(detail, holder=holder)
        self.holder = holder


class NotHolder(StoreError):
    """The application is not held by the staff member who tried to change it."""

    key = "store.not_holder"


class InvalidTransition(StoreError):
    key = "store.invalid_transition"

    def __init__(self, detail: str = "", state: str = "", action: str = "") -> None:
        super().__init__(detail, state=state, action=action)
        self.state = state
        self.action = action


class ProceduresPending(StoreError):
    """An application cannot be completed while a procedure is still pending."""

    key = "store.procedures_pending"

    def __init__(self, detail: str = "", pending: Sequence[str] = ()) -> None:
        super().__init__(detail, pending=", ".join(pending))
        self.pending = list(pending)


class ReasonRequired(StoreError):
    key = "store.reason_required"


class ValidationFailed(StoreError):
    """The caller's validation hook found blocking issues; nothing was saved."""

    key = "store.validation_failed"

    def __init__(self, issues: Sequence[object]) -> None:
        super().__init__(f"{len(issues)} blocking issue(s)", count=len(issues))
        self.issues = list(issues)


class InvalidPath(StoreError):
    """An edit named a data path that is not well formed."""

    key = "store.invalid_path"

    def __init__(self, path: str) -> None:
        super().__init__(path, path=path)
        self.path = path


class StaleApplication(StoreError):
    """The application changed since the caller read it (another desk edited it)."""

    key = "store.stale"


class BadCredentials(StoreError):
    key = "store.bad_credentials"


class AccountLocked(StoreError):
    key = "store.account_locked"


class PermissionDenied(StoreError):
    key = "store.permission_denied"


class NotSignedIn(PermissionDenied):
    """No valid session: never signed in, signed out, revoked, idle too long or expired."""

    key = "store.not_signed_in"


class AccountExists(StoreError):
    key = "store.account_exists"


class WeakPassword(StoreError):
    key = "store.weak_password"

    def __init__(self, min_length: int) -> None:
        super().__init__(f"at least {min_length} characters", min_length=min_length)
        self.min_length = min_length


class InvalidDraft(StoreError):
    """A kiosk handed over an application that cannot be stored as it is."""

    key = "store.invalid_draft"


class SpoolError(StoreError):
    """The spool directory cannot be written (permissions, broken disk)."""

    key = "spool.failed"


class SpoolFull(SpoolError):
    """No space left where the spool lives: the application could not be kept."""

    key = "spool.full"
