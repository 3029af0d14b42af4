"""`Store`: the one object kiosks, staff desktops, the lobby display and the CLI use.

Every method is a short transaction and safe to call from any thread (each call takes
its own connection from the pool). None of them touches Qt; a UI runs them off its main
thread and listens for changes with `watch()`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from kiosk.clock import Clock
from kiosk.store import (
    accounts,
    audit,
    export,
    handoff,
    handover,
    migrate,
    queue,
    review,
    roles,
    supervision,
    urls,
)
from kiosk.store import backup as backups
from kiosk.store import purge as retention
from kiosk.store import stats as statistics
from kiosk.store.access import require_admin
from kiosk.store.allowlist import DataKeys
from kiosk.store.engine import Database, SessionPolicy, translate
from kiosk.store.errors import SchemaOutdated
from kiosk.store.notifications import ChangeWatcher, WatchEvent
from kiosk.store.records import (
    AccountInfo,
    ApplicationDetail,
    ApplicationDraft,
    AuditRecord,
    Change,
    LobbyBoard,
    Principal,
    QueueFilter,
    QueueItem,
    QueuePage,
    Submission,
)

if TYPE_CHECKING:
    from kiosk.config import Config


class Store:
    def __init__(
        self,
        url: str,
        *,
        clock: Clock | None = None,
        timezone: str = "Asia/Tokyo",
        max_failures: int = 5,
        lock_minutes: int = 15,
        sessions: SessionPolicy | None = None,
        catalogue_dir: str | None = None,
        sslmode: str = "",
        sslrootcert: str = "",
        **engine_kwargs: Any,
    ) -> None:
        #: Every time the store writes, and the "day" of reception numbers and
        #: statistics (the clock's zone: the city hall's).
        self.clock = clock or Clock(timezone)
        self.db = Database(
            url,
            clock=self.clock,
            sessions=sessions,
            sslmode=sslmode,
            sslrootcert=sslrootcert,
            **engine_kwargs,
        )
        self.zone = self.clock.zone
        self.max_failures = max_failures
        self.lock_minutes = lock_minutes
        self._catalogue_dir = catalogue_dir
        self._keys: DataKeys | None = None

    @classmethod
    def open(
        cls, url: str | None = None, config: Config | None = None, clock: Clock | None = None
    ) -> Store:
        """From the configuration (file and MADOGUCHI_* environment); `url` overrides."""
        from kiosk.config import load_config

        config = config or load_config()
        return cls(
            url or config.resolved_database_url(),
            clock=clock,
            timezone=config.timezone,
            max_failures=config.account_max_failures,
            lock_minutes=config.account_lock_minutes,
            sessions=SessionPolicy(config.session_idle_minutes, config.session_max_hours),
            catalogue_dir=config.catalogue_dir or None,
            sslmode=config.database_sslmode,
            sslrootcert=config.database_sslrootcert,
        )

    @property
    def data_keys(self) -> DataKeys:
        """What application data may hold (the data dictionary; loaded once)."""
        if self._keys is None:
            self._keys = DataKeys.load(self._catalogue_dir)
        return self._keys

    @property
    def catalogue_dir(self) -> str | None:
        """The published catalogue this store's terminals use (None: the packaged one)."""
        return self._catalogue_dir

    @property
    def url(self) -> str:
        return self.db.url

    @property
    def location(self) -> str:
        """Where the database is, for messages: a file, or host:port/database."""
        return urls.location(self.url)

    @property
    def dialect(self) -> str:
        return self.db.dialect

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------

    def upgrade(self) -> None:
        """Migrate the schema to the newest revision (the kiosk calls this at start)."""
        try:
            migrate.upgrade(self.db.engine)
        except DBAPIError as exc:
            raise translate(exc) from exc

    def create_roles(self, prefix: str = roles.DEFAULT_PREFIX) -> dict[str, str]:
        """PostgreSQL: the least-privilege roles of each kind of terminal, granted
        (`madoguchi db roles`; idempotent). Connect as a superuser. kind -> role."""
        if not self.db.is_postgresql:  # before connecting: no empty SQLite file left
            raise roles.RolesNeedPostgres(self.dialect)
        try:
            with self.db.engine.begin() as conn:
                return roles.create(conn, prefix)
        except DBAPIError as exc:
            raise translate(exc) from exc

    def backup(self, output: Path) -> None:
        """A complete copy in `output`, readable by its owner only (`madoguchi db
        backup`): pg_dump, or SQLite's backup API. Run as the owner on PostgreSQL."""
        backups.backup(self.url, output, self.db.tls)

    def restore_into(self, source: Path) -> None:
        """`source` (a backup) into this store's database, which must be new and empty."""
        self.db.dispose()
        backups.restore(source, self.url, self.db.tls)

    def schema_revision(self) -> str | None:
        try:
            return migrate.current_revision(self.db.engine)
        except DBAPIError as exc:
            raise translate(exc) from exc

    def check_schema(self) -> None:
        """SchemaOutdated (naming both revisions) unless the schema is the one this
        program was built for."""
        current = self.schema_revision()
        head = migrate.head_revision()
        if current != head:
            raise SchemaOutdated(
                f"database schema {current or 'none'}, this program needs {head}: "
                "an administrator runs `madoguchi db upgrade`",
                current=current or "-",
                needed=head or "-",
            )

    def prepare_terminal(self) -> None:
        """What a kiosk or lobby display does at start. PostgreSQL (many terminals):
        never migrate (its database role may not), only check the schema and report
        an outdated one. SQLite (one machine, its own file): create or upgrade it."""
        if self.dialect == "sqlite":
            self.upgrade()
        else:
            self.check_schema()

    def ping(self) -> None:
        """Raise DatabaseUnavailable unless the database answers."""
        with self.db.read() as session:
            session.execute(text("SELECT 1"))

    # -- kiosk ----------------------------------------------------------------

    def submit(self, draft: ApplicationDraft) -> Submission:
        return queue.submit(self.db, draft, self.data_keys)

    # -- staff queue ------------------------------------------------------------

    def list_queue(
        self, actor: Principal, filter: QueueFilter | None = None, **criteria: Any
    ) -> list[QueueItem]:
        """`list_queue(me, QueueFilter(...))` or `list_queue(me, states=("submitted",),
        search="A-3")`. The list shows names: audited (`list`)."""
        return queue.list_queue(self.db, actor, filter or QueueFilter(**criteria))

    def count_queue(
        self, actor: Principal, filter: QueueFilter | None = None, **criteria: Any
    ) -> int:
        return queue.count_queue(self.db, actor, filter or QueueFilter(**criteria))

    def queue_page(
        self,
        actor: Principal,
        filter: QueueFilter | None = None,
        *,
        after: tuple[Any, ...] | None = None,
        size: int = 50,
    ) -> QueuePage:
        """A page of the staff list and the count of all it matches: the first with
        `after=None`, the next with `after=page.next_after`. Audited like list_queue."""
        return queue.queue_page(self.db, actor, filter or QueueFilter(), after, size)

    def call_next(
        self,
        actor: Principal,
        counter: str,
        *,
        counter_group: str | None = None,
        procedure_counter: str | None = None,
    ) -> QueueItem | None:
        return queue.call_next(
            self.db,
            actor,
            counter,
            counter_group=counter_group,
            procedure_counter=procedure_counter,
        )

    def call(self, actor: Principal, application_id: str, counter: str) -> QueueItem:
        return queue.call_application(self.db, actor, application_id, counter)

    def recall(self, actor: Principal, application_id: str) -> QueueItem:
        return queue.recall(self.db, actor, application_id)

    def supervisor_overview(self, actor: Principal) -> supervision.Overview:
        """Waiting per department and group, what each clerk holds, what needs action
        (staff and admins; no resident data in it)."""
        return supervision.overview(self.db, actor)

    def lobby_board(self, counter_group: str | None = None, limit: int = 12) -> LobbyBoard:
        return queue.lobby_board(self.db, counter_group, limit)

    # -- one application --------------------------------------------------------

    def detail(
        self, actor: Principal, application_id: str, *, record_view: bool = True
    ) -> ApplicationDetail:
        return review.detail(self.db, actor, application_id, record_view=record_view)

    def pdf(self, actor: Principal, application_id: str, *, record_view: bool = True) -> bytes:
        return review.pdf(self.db, actor, application_id, record_view=record_view)

    def history(
        self, actor: Principal, application_id: str, *, record_view: bool = True
    ) -> Sequence[AuditRecord]:
        return review.history(self.db, actor, application_id, record_view=record_view)

    def edit(
        self,
        actor: Principal,
        application_id: str,
        changes: Mapping[str, Any],
        *,
        validate: review.Validator | None = None,
        expected_version: int | None = None,
    ) -> tuple[ApplicationDetail, list[Change]]:
        return review.edit(
            self.db,
            actor,
            application_id,
            changes,
            validate=validate,
            expected_version=expected_version,
            keys=self.data_keys,
        )

    def set_glyph_check(
        self,
        actor: Principal,
        application_id: str,
        path: str,
        *,
        needed: bool = True,
        note: str = "",
    ) -> ApplicationDetail:
        return review.set_glyph_check(
            self.db, actor, application_id, path, needed=needed, note=note
        )

    def mark_procedure(
        self, actor: Principal, application_id: str, procedure_id: str, *, done: bool = True
    ) -> ApplicationDetail:
        return review.mark_procedure(self.db, actor, application_id, procedure_id, done=done)

    def start_review(self, actor: Principal, application_id: str) -> ApplicationDetail:
        return review.start_review(self.db, actor, application_id)

    def complete(self, actor: Principal, application_id: str) -> ApplicationDetail:
        return review.complete(self.db, actor, application_id)

    def release(self, actor: Principal, application_id: str) -> ApplicationDetail:
        return review.release(self.db, actor, application_id)

    def hand_over(
        self, actor: Principal, application_id: str, department: str
    ) -> ApplicationDetail:
        """To `department`'s queue at the original arrival, as a handover."""
        return handover.hand_over(self.db, actor, application_id, department)

    def return_to_resident(
        self, actor: Principal, application_id: str, reason: str
    ) -> ApplicationDetail:
        return review.return_to_resident(self.db, actor, application_id, reason)

    def cancel(self, actor: Principal, application_id: str, reason: str) -> ApplicationDetail:
        return review.cancel(self.db, actor, application_id, reason)

    def record_reprint(self, actor: Principal, application_id: str, note: str | None = None) -> int:
        return review.record_reprint(self.db, actor, application_id, note)

    def record_print_result(
        self,
        application_id: str,
        what: str,
        ok: bool,
        detail: str = "",
        terminal_id: str = "",
    ) -> None:
        """The kiosk printed the "ticket" or the "forms", or failed to (a staff flag)."""
        review.record_print_result(
            self.db, application_id, what, ok=ok, detail=detail, terminal_id=terminal_id
        )

    def record_terminal_note(self, application_id: str, key: str, terminal_id: str = "") -> None:
        """A kiosk reports something staff must act on (e.g. `kiosk.card_left`)."""
        review.record_terminal_note(self.db, application_id, key, terminal_id=terminal_id)

    def replace_pdf(self, actor: Principal, application_id: str, document: bytes) -> None:
        review.replace_pdf(self.db, actor, application_id, document)

    # -- accounts -------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> Principal:
        """A Principal carrying a new session (see access.py); BadCredentials,
        AccountLocked otherwise."""
        return accounts.sign_in(
            self.db,
            username,
            password,
            max_failures=self.max_failures,
            lock_minutes=self.lock_minutes,
        )

    def sign_out(self, actor: Principal) -> None:
        accounts.sign_out(self.db, actor)

    def check_session(self, actor: Principal) -> None:
        """NotSignedIn unless `actor`'s session is still valid (restarts its idle clock)."""
        accounts.check_session(self.db, actor)

    def revoke_sessions(self, actor: Principal, account_id: int) -> int:
        """An admin signs an account out everywhere."""
        return accounts.revoke_sessions(self.db, actor, account_id)

    def create_account(
        self,
        actor: Principal | None,
        username: str,
        display_name: str,
        password: str,
        role: str = "staff",
    ) -> AccountInfo:
        return accounts.create_account(self.db, actor, username, display_name, password, role)

    def list_accounts(self, actor: Principal) -> list[AccountInfo]:
        return accounts.list_accounts(self.db, actor)

    def set_password(self, actor: Principal, account_id: int, password: str) -> None:
        accounts.set_password(self.db, actor, account_id, password)

    def update_account(self, actor: Principal, account_id: int, **changes: Any) -> AccountInfo:
        return accounts.update_account(self.db, actor, account_id, **changes)

    # -- audit, retention, hand-over, statistics ----------------------------------

    def audit_log(
        self,
        actor: Principal,
        application_id: str | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[AuditRecord]:
        """The audit log (admins only); reading it is itself audited (`audit_read`)."""
        return audit.read_log(self.db, actor, application_id, since, limit)

    def audit_trail(self, actor: Principal, application_id: str) -> list[AuditRecord]:
        """One application's audit trail for a file (staff and admins, as its history
        tab; the export is audited as `audit_export`). kiosk.audit_report writes it."""
        return audit.application_trail(self.db, actor, application_id)

    def purge(
        self, actor: Principal, older_than_days: int, *, now: datetime | None = None
    ) -> retention.PurgeReport:
        """Admins only: remove personal data of applications closed long enough ago."""
        return retention.purge(self.db, actor, older_than_days, now=now)

    def check_can_rewrite(self) -> None:
        """VacuumNeedsOwner unless `rewrite_files` can work on this connection."""
        retention.check_can_rewrite(self.db)

    def rewrite_files(self, actor: Principal) -> None:
        """Admins only, after a purge: rewrite the tables that held personal data so no
        old row version stays in the data files (`madoguchi db purge --vacuum-full`).
        PostgreSQL: only the tables' owner may (VacuumNeedsOwner otherwise)."""
        self.check_can_rewrite()
        with self.db.write() as session:
            admin = require_admin(session, actor)
            audit.record(session, admin, "vacuum_full", note=", ".join(retention.PERSONAL_TABLES))
        retention.rewrite_files(self.db)

    def export_completed(
        self,
        actor: Principal,
        since: datetime,
        until: datetime | None = None,
        *,
        pending_only: bool = False,
        procedure_ids: Sequence[str] = (),
    ) -> list[dict[str, Any]]:
        """Admins only: completed applications for core systems (each export audited);
        `pending_only`: only procedures not yet handed off (基幹へ連携済);
        `procedure_ids`: only these procedures (one core system's)."""
        return export.completed(
            self.db,
            actor,
            since,
            until,
            self.data_keys,
            pending_only=pending_only,
            procedure_ids=frozenset(procedure_ids),
        )

    def mark_exported(self, actor: Principal, records: Sequence[dict[str, Any]]) -> int:
        """Admins only, once an export is written: its procedures are handed off."""
        return export.mark_exported(self.db, actor, records)

    def mark_handed_off(
        self, actor: Principal, application_id: str, procedure_id: str, *, handed_off: bool = True
    ) -> ApplicationDetail:
        """基幹へ連携済 by hand (staff), or undone; the procedure must be done."""
        return handoff.mark_handed_off(
            self.db, actor, application_id, procedure_id, handed_off=handed_off
        )

    def stats(self, since: datetime, until: datetime, by: str = "day") -> list[statistics.StatRow]:
        return statistics.compute(self.db, self.zone, since, until, by)

    # -- live updates -----------------------------------------------------------

    def watch(
        self, callback: Callable[[WatchEvent], None] | None = None, **options: Any
    ) -> ChangeWatcher:
        """Start a watcher thread; events go to `callback` and to `watcher.events`."""
        return ChangeWatcher(self.db, callback, **options).start()
