"""Plain values handed across the store's API (Qt-free, immutable where read-only)."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kiosk.store.lifecycle import OPEN


@dataclass(frozen=True)
class ProcedureRef:
    """One procedure the resident's life event needs, and the counter that handles it."""

    id: str
    title_ja: str
    counter: str

    @classmethod
    def of(cls, value: ProcedureRef | Mapping[str, str]) -> ProcedureRef:
        if isinstance(value, ProcedureRef):
            return value
        return cls(
            id=str(value["id"]), title_ja=str(value["title_ja"]), counter=str(value["counter"])
        )


@dataclass
class ApplicationDraft:
    """What a kiosk hands over at submit (or keeps in the spool while the DB is away).

    `uuid` is made by the kiosk once per application, so a retry after a timeout or a
    spool flush after a crash finds the application instead of creating a second one.
    No individual number (個人番号) belongs in `data`.
    """

    event_id: str
    locale: str
    terminal_id: str
    counter_group: str
    data: dict[str, Any]
    procedures: Sequence[ProcedureRef | Mapping[str, str]]
    form_ids: Sequence[str]
    pdf: bytes = b""
    #: Notes for staff attention (values that did not fit a form box, ...), JSON-able.
    flags: list[Any] = field(default_factory=list)
    card_used: bool = False
    uuid: str = field(default_factory=lambda: str(uuid.uuid4()))
    #: When the resident pressed "submit" (a spooled application keeps this time);
    #: None: when the store receives it.
    created_at: datetime | None = None
    #: Set by the spool: the reference the resident was given to show at the counter.
    spool_ref: str | None = None

    def procedure_refs(self) -> list[ProcedureRef]:
        return [ProcedureRef.of(p) for p in self.procedures]

    def to_json(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "event_id": self.event_id,
            "locale": self.locale,
            "terminal_id": self.terminal_id,
            "counter_group": self.counter_group,
            "data": self.data,
            "procedures": [vars(p) for p in self.procedure_refs()],
            "form_ids": list(self.form_ids),
            "pdf": base64.b64encode(self.pdf).decode("ascii"),
            "flags": list(self.flags),
            "card_used": self.card_used,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "spool_ref": self.spool_ref,
        }

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> ApplicationDraft:
        return cls(
            uuid=value["uuid"],
            event_id=value["event_id"],
            locale=value["locale"],
            terminal_id=value["terminal_id"],
            counter_group=value["counter_group"],
            data=value["data"],
            procedures=[ProcedureRef.of(p) for p in value["procedures"]],
            form_ids=list(value["form_ids"]),
            pdf=base64.b64decode(value["pdf"]),
            flags=list(value["flags"]),
            card_used=bool(value["card_used"]),
            created_at=(
                datetime.fromisoformat(value["created_at"]) if value.get("created_at") else None
            ),
            spool_ref=value.get("spool_ref"),
        )


@dataclass(frozen=True)
class Submission:
    application_id: str
    reception_number: str
    spool_ref: str | None = None
    #: True when this application was already stored (a retry or a repeated flush).
    already_stored: bool = False


@dataclass(frozen=True)
class Principal:
    """A signed-in staff member or administrator; pass it to every staff operation.

    Only `Store.sign_in` makes a usable one: the store checks `session_token` against
    the session it recorded, and takes the account and its role from the database,
    never from these fields (a Principal made by hand is refused). `role` here is for
    the UI to decide what to show.
    """

    account_id: int
    username: str
    display_name: str
    role: str
    #: The secret of this sign-in (never shown, logged or compared).
    session_token: str = field(default="", repr=False, compare=False)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class AccountInfo:
    account_id: int
    username: str
    display_name: str
    role: str
    active: bool
    locked: bool
    failed_attempts: int
    created_at: datetime
    last_sign_in_at: datetime | None


@dataclass(frozen=True)
class ProcedureStatus:
    procedure_id: str
    title_ja: str
    counter: str
    state: str
    done_at: datetime | None = None
    done_by: str | None = None
    #: 基幹へ連携済: when its data reached the core system (None: not yet).
    handed_off_at: datetime | None = None


@dataclass(frozen=True)
class QueueFilter:
    """What the staff list shows. Empty values mean "any"."""

    #: Default: everything still open (submitted, called, in review).
    states: tuple[str, ...] = OPEN
    procedure_id: str | None = None
    #: Only applications with a procedure handled at this counter (e.g. 保険年金課).
    counter: str | None = None
    counter_group: str | None = None
    #: Reception number, spool reference, or part of a name (case-insensitive).
    search: str | None = None
    held_by: int | None = None
    #: "waiting" (longest wait first), "number", "newest", "state".
    sort: str = "waiting"
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class QueueItem:
    application_id: str
    reception_number: str
    state: str
    counter_group: str
    event_id: str
    display_name: str | None
    procedures: tuple[ProcedureStatus, ...]
    submitted_at: datetime
    called_at: datetime | None
    closed_at: datetime | None
    holder: str | None
    called_counter: str | None
    flag_count: int
    needs_glyph_check: bool
    spool_ref: str | None
    card_used: bool
    locale: str
    version: int
    #: Handed over to this department's queue (None: not a handover), from which
    #: counter, when; it keeps its place by the original arrival (`submitted_at`).
    handover_to: str | None = None
    handover_from: str | None = None
    handed_over_at: datetime | None = None

    def waiting_seconds(self, now: datetime) -> float:
        """Submitted → called (or → `now` while still waiting)."""
        end = self.called_at or now
        return max(0.0, (end - self.submitted_at).total_seconds())


@dataclass(frozen=True)
class QueuePage:
    """One page of the staff list (`Store.queue_page`)."""

    items: tuple[QueueItem, ...]
    #: All rows the filter matches, counted by the database.
    total: int
    #: Pass as `after` for the next page; None on the last page. Opaque to callers.
    next_after: tuple[Any, ...] | None


@dataclass(frozen=True)
class GlyphCheck:
    """A name or address to check for 外字 / 字形 against the family register."""

    path: str
    note: str = ""
    auto: bool = False


@dataclass(frozen=True)
class ApplicationDetail:
    summary: QueueItem
    data: dict[str, Any]
    form_ids: tuple[str, ...]
    flags: tuple[Any, ...]
    glyph_checks: tuple[GlyphCheck, ...]
    terminal_id: str
    received_at: datetime
    review_started_at: datetime | None
    close_reason: str | None
    print_count: int
    has_pdf: bool
    purged: bool


@dataclass(frozen=True)
class Change:
    """One field an editor changed: `path` in the data, value before and after."""

    path: str
    before: Any
    after: Any


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    actor: str
    action: str
    application_id: str | None
    reception_number: str | None
    path: str | None
    before: Any
    after: Any
    note: str | None


@dataclass(frozen=True)
class CalledNumber:
    reception_number: str
    counter: str | None
    called_at: datetime


@dataclass(frozen=True)
class NextCounter:
    """A number handed over to another department: where the resident goes next."""

    reception_number: str
    department: str


@dataclass(frozen=True)
class LobbyBoard:
    """What the lobby display shows: numbers being called, and how many wait."""

    calling: tuple[CalledNumber, ...]
    waiting: int
    waiting_by_group: dict[str, int]
    #: Handovers waiting for their next counter, oldest arrival first.
    next_counters: tuple[NextCounter, ...] = ()
