"""Submitting applications, the staff queue, calling numbers, the lobby board."""

from __future__ import annotations

import dataclasses
import json
import re
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, exists, func, intersect, literal, or_, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from forms.data import get_value
from kiosk.store import audit, numbers, search
from kiosk.store.access import load, require_may, require_staff
from kiosk.store.allowlist import DataKeys
from kiosk.store.engine import Database, now
from kiosk.store.errors import AlreadyClaimed, InvalidDraft, InvalidTransition
from kiosk.store.lifecycle import ProcedureState, State, states_for, target
from kiosk.store.models import (
    Account,
    Application,
    Document,
    ProcedureItem,
    QueueCount,
    SearchGram,
    is_open_check,
)
from kiosk.store.notifications import emit
from kiosk.store.records import (
    ApplicationDraft,
    CalledNumber,
    LobbyBoard,
    NextCounter,
    Principal,
    ProcedureStatus,
    QueueFilter,
    QueueItem,
    QueuePage,
    Submission,
)
from kiosk.store.roles import scope_to

#: A search term's rarest two-character pieces (kiosk/store/search.py), rarest first.
Pieces = tuple[str, ...]

_NUMBER = re.compile(r"[A-Za-z0-9]{1,8}-\d+")
#: Each order of the staff list as (column, descending) pairs, ending in a unique key,
#: so a page can start right after the last row of the one before (keyset paging).
SORT_KEYS: dict[str, tuple[tuple[Any, bool], ...]] = {
    "waiting": ((Application.submitted_at, False), (Application.id, False)),
    "number": (
        (Application.service_day, False),
        (Application.counter_group, False),
        (Application.seq, False),
    ),
    "newest": ((Application.submitted_at, True), (Application.id, False)),
    "state": (
        (Application.state, False),
        (Application.submitted_at, False),
        (Application.id, False),
    ),
}
SORTS = {
    name: tuple(column.desc() if descending else column for column, descending in keys)
    for name, keys in SORT_KEYS.items()
}


# -- submit -----------------------------------------------------------------------


def check_draft(draft: ApplicationDraft, keys: DataKeys) -> None:
    try:
        uuid.UUID(draft.uuid)
    except (ValueError, TypeError, AttributeError):
        raise InvalidDraft(f"uuid {draft.uuid!r} is not a UUID") from None
    numbers.check_group(draft.counter_group)
    if not draft.event_id or not draft.terminal_id:
        raise InvalidDraft("event_id and terminal_id are required")
    if not isinstance(draft.data, dict):
        raise InvalidDraft("data must be a dict keyed by the data dictionary")
    keys.check(draft.data, draft.flags)
    try:
        json.dumps([draft.data, draft.flags, draft.form_ids])
        refs = draft.procedure_refs()
    except (TypeError, ValueError, KeyError) as exc:
        raise InvalidDraft(f"not storable: {exc}") from None
    if len({p.id for p in refs}) != len(refs):
        raise InvalidDraft("a procedure is listed twice")


def submit(db: Database, draft: ApplicationDraft, keys: DataKeys) -> Submission:
    """Store an application and give it the next reception number of its group today.

    Idempotent on `draft.uuid`: the same draft submitted twice returns the first result.
    Data must pass the allowlist (`keys`): dictionary facts only, nothing sensitive.
    """
    check_draft(draft, keys)
    drawn: tuple[date, int] | None = None
    if db.is_postgresql:
        # The number first, in a transaction of its own: the counter row is locked
        # for one statement, so a kiosk that freezes in the middle of its submit never
        # holds up the others of its group (its number is skipped, never repeated).
        with db.read() as session:
            scope_to(session, draft.uuid)
            existing = session.get(Application, draft.uuid)
            if existing is not None:
                return _already(existing)
        drawn = _draw(db, draft)
    try:
        with db.write() as session:
            # A kiosk's database role sees only the application it names (roles.py).
            scope_to(session, draft.uuid)
            existing = session.get(Application, draft.uuid)
            if existing is not None:
                return _already(existing)
            return _insert(session, db.clock.day_of, draft, drawn, keys)
    except IntegrityError:
        # Another terminal stored the same uuid between our check and our insert.
        with db.read() as session:
            scope_to(session, draft.uuid)
            existing = session.get(Application, draft.uuid)
            if existing is None:
                raise
            return _already(existing)


def _draw(db: Database, draft: ApplicationDraft) -> tuple[date, int]:
    with db.write() as session:
        day = db.clock.day_of(now(session))
        return day, numbers.allocate(session, draft.counter_group, day)


def _already(app: Application) -> Submission:
    return Submission(app.id, app.reception_number, app.spool_ref, already_stored=True)


def _insert(
    session: Session,
    day_of: Callable[[datetime], date],
    draft: ApplicationDraft,
    drawn: tuple[date, int] | None,
    keys: DataKeys,
) -> Submission:
    """The application row; with `drawn` (PostgreSQL) its day and number are known."""
    received = now(session)
    if drawn is None:  # SQLite: one writer at a time; a rollback gives the number back
        day = day_of(received)  # the city hall's day: numbers start again at A-001
        seq = numbers.allocate(session, draft.counter_group, day)
    else:
        day, seq = drawn
    app = Application(
        id=draft.uuid,
        reception_number=numbers.format_number(draft.counter_group, seq),
        counter_group=draft.counter_group,
        service_day=day,
        seq=seq,
        event_id=draft.event_id,
        locale=draft.locale,
        terminal_id=draft.terminal_id,
        state=State.SUBMITTED,
        data=draft.data,
        form_ids=list(draft.form_ids),
        flags=list(draft.flags),
        glyph_checks=[],
        card_used=draft.card_used,
        spool_ref=draft.spool_ref,
        submitted_at=draft.created_at or received,
        received_at=received,
        print_count=0,
        version=1,
    )
    refresh_derived(app, keys)
    app.procedures = [
        ProcedureItem(position=i, procedure_id=p.id, title_ja=p.title_ja, counter=p.counter)
        for i, p in enumerate(draft.procedure_refs())
    ]
    session.add(app)
    if draft.pdf:
        session.add(Document(application_id=app.id, pdf=draft.pdf, created_at=received))
    session.flush()
    note = f"spool {draft.spool_ref}" if draft.spool_ref else None
    audit.record(session, f"terminal:{draft.terminal_id}", "submit", app, note=note, at=received)
    emit(session, "submitted", app)
    return Submission(app.id, app.reception_number, app.spool_ref)


def refresh_derived(app: Application, keys: DataKeys) -> None:
    """Name for the list, search text, and automatic 外字 checks, from the data: which
    facts serve which is the data dictionary's `staff:` (DataKeys)."""
    app.display_name = keys.display_name(app.data)
    app.search_text = keys.search_text(app.data) or None
    kept = [c for c in app.glyph_checks or [] if not c.get("auto")]
    # A check staff cleared stays cleared while the value is the one they checked.
    cleared = {
        c["path"]
        for c in kept
        if c.get("cleared") and get_value(app.data, c["path"]) == c.get("value")
    }
    kept = [c for c in kept if not c.get("cleared") or c["path"] in cleared]
    marked = {c["path"] for c in kept}
    auto = [
        {"path": p, "note": "", "auto": True} for p in keys.glyph_paths(app.data) if p not in marked
    ]
    app.glyph_checks = kept + auto


def open_glyph_checks(checks: list[Any] | None) -> list[Any]:
    """The checks still to do (not the records of checks staff cleared)."""
    return [c for c in checks or [] if is_open_check(c)]


# -- listing ----------------------------------------------------------------------


def to_item(app: Application) -> QueueItem:
    procedures = tuple(
        ProcedureStatus(
            p.procedure_id, p.title_ja, p.counter, p.state, p.done_at,
            handed_off_at=p.handed_off_at,
        )
        for p in app.procedures
    )  # fmt: skip
    # From the JSON itself: an object changed in this transaction may not be flushed.
    return _item(
        app,
        procedures,
        app.holder.username if app.holder else None,
        flag_count=len(app.flags or []),
        glyph_open=bool(open_glyph_checks(app.glyph_checks)),
    )


def _item(
    src: Any,
    procedures: tuple[ProcedureStatus, ...],
    holder: str | None,
    *,
    flag_count: int,
    glyph_open: bool,
) -> QueueItem:
    """From an Application or a row of LIST_COLUMNS (same attribute names)."""
    return QueueItem(
        application_id=src.id,
        reception_number=src.reception_number,
        state=src.state,
        counter_group=src.counter_group,
        event_id=src.event_id,
        display_name=src.display_name,
        procedures=procedures,
        submitted_at=src.submitted_at,
        called_at=src.called_at,
        closed_at=src.closed_at,
        holder=holder,
        called_counter=src.called_counter,
        flag_count=flag_count,
        needs_glyph_check=glyph_open,
        spool_ref=src.spool_ref,
        card_used=src.card_used,
        locale=src.locale,
        version=src.version,
        handover_to=src.handover_to,
        handover_from=src.handover_from,
        handed_over_at=src.handed_over_at,
    )


#: What the list needs: no answers, no ORM objects (10,000 rows must stay quick).
LIST_COLUMNS = (
    Application.id,
    Application.reception_number,
    Application.state,
    Application.counter_group,
    Application.event_id,
    Application.display_name,
    Application.submitted_at,
    Application.called_at,
    Application.closed_at,
    Application.called_counter,
    Application.flag_count,
    Application.glyph_open,
    Application.spool_ref,
    Application.card_used,
    Application.locale,
    Application.handover_to,
    Application.handover_from,
    Application.handed_over_at,
    Application.version,
    Account.username.label("holder_name"),
)


def _filtered(query: Select[Any], f: QueueFilter, pieces: Pieces = ()) -> Select[Any]:
    """`query` narrowed to `f`; `pieces`: the search term's rarest pieces (`_rarest`)."""
    if f.states:
        # With a name search the search's candidates lead; `state || ''` keeps the
        # planner off the state index, which SQLite (no statistics) would walk instead.
        state = Application.state if not pieces else Application.state.concat("")
        query = query.where(state.in_(f.states))
    if f.counter_group:
        query = query.where(Application.counter_group == f.counter_group)
    if f.held_by is not None:
        query = query.where(Application.holder_id == f.held_by)
    if f.procedure_id:
        query = query.where(_has_procedure(ProcedureItem.procedure_id == f.procedure_id))
    if f.counter:
        query = query.where(_has_procedure(ProcedureItem.counter == f.counter))
    if f.search and f.search.strip():
        query = query.where(_search(f.search.strip(), pieces))
    return query


def _has_procedure(condition: Any) -> Any:
    return exists().where(ProcedureItem.application_id == Application.id, condition)


def _search(term: str, pieces: Pieces) -> Any:
    """A reception number ("A-017", or just "17"), a spool reference, or part of a name.

    A term shaped like a reception number ("B-250") is looked up by number and spool
    reference only, both indexed: names never hold "-digits", and a LIKE '%...%' on the
    names would read every row (250 ms at 100,000). Part of a name: the LIKE only on the
    applications holding all of the term's rarest two-character `pieces`, when it has
    any (kiosk/store/search.py)."""
    conditions = [Application.spool_ref == term.upper()]
    if _NUMBER.fullmatch(term):
        group, seq = term.rsplit("-", 1)
        conditions.append(
            Application.reception_number == numbers.format_number(group.upper(), int(seq))
        )
        return or_(*conditions)
    conditions.append(Application.search_text.contains(term.casefold(), autoescape=True))
    if term.isdigit():
        conditions.append(Application.seq == int(term))
    if not pieces:
        return or_(*conditions)
    # The candidates first, from two indexes, so the planner starts from them (with an
    # OR at the top it walks every open row instead). Holders of several pieces: each
    # piece's index rows are cheap to read, each application looked up is not (「12」 is
    # in 4,000 of the bench's 100,000 names, 「12」 and 「23」 together in about 300).
    holders = [select(SearchGram.application_id).where(SearchGram.gram == p) for p in pieces]
    chosen = holders[0]
    if len(holders) > 1:
        chosen = select(intersect(*holders).subquery().c.application_id)
    candidates = union_all(
        select(Application.id).where(Application.spool_ref == term.upper()), chosen
    )
    return and_(Application.id.in_(candidates), or_(*conditions))


def describe(f: QueueFilter) -> str:
    """What a listing asked for, for the audit log; a search term is said to exist but
    not written (it is often part of a resident's name)."""
    parts = [f"states={','.join(f.states) or 'any'}"]
    for name in ("procedure_id", "counter", "counter_group", "held_by"):
        value = getattr(f, name)
        if value is not None and value != "":
            parts.append(f"{name}={value}")
    if f.search and f.search.strip():
        parts.append("search=yes")
    if f.limit is not None:
        parts.append(f"limit={f.limit} offset={f.offset}")
    return "; ".join(parts)


def list_queue(db: Database, actor: Principal, f: QueueFilter) -> list[QueueItem]:
    """The staff list (names included): verified and audited (`list`) before reading."""
    _audit_listing(db, actor, describe(f))
    with db.read() as session:
        query = _list_query(f, _rarest(session, f))
        query = query.order_by(*SORTS.get(f.sort, SORTS["waiting"]))
        if f.offset:
            query = query.offset(f.offset)
        if f.limit is not None:
            query = query.limit(f.limit)
        return _items(session, session.execute(query).all())


def queue_page(
    db: Database,
    actor: Principal,
    f: QueueFilter,
    after: tuple[Any, ...] | None = None,
    size: int = 50,
) -> QueuePage:
    """One page of the staff list in `f.sort` order, starting after the row whose key
    is `after` (the page before's `next_after`; None: the first page), with the count
    of all matching rows. Keyset paging: a page costs the same at row 100,000 as at
    row 1 (an index walk from the key), and rows added meanwhile never shift it.
    `f.limit` and `f.offset` are not used here."""
    if size < 1:
        raise ValueError("size: at least 1")
    _audit_listing(db, actor, f"{describe(f)}; page={size}{' after' if after else ''}")
    keys = SORT_KEYS.get(f.sort, SORT_KEYS["waiting"])
    if after is not None and len(after) != len(keys):
        raise ValueError("after: not a key of this order")
    searching = bool(f.search and f.search.strip())
    with db.read() as session:
        pieces = _rarest(session, f)
        # A search's first page counts its rows in the same query: the matches are
        # found and sorted anyway, and a second pass over the candidates cost as much.
        counted = searching and after is None
        rows = session.execute(_page_query(f, keys, after, size, pieces, counted)).all()
        more = len(rows) > size
        rows = rows[:size]
        items = _items(session, rows)
        if counted:
            total = int(rows[0]._total) if rows else 0
        else:
            total = int(session.execute(_count_query(f, pieces)).scalar_one())
    last = rows[-1] if more else None
    next_after = tuple(getattr(last, f"_key{i}") for i in range(len(keys))) if last else None
    return QueuePage(tuple(items), total, next_after)


#: Orders the (state, submitted_at) index walks within one state. With several states
#: asked for (the open list: three), one walk per state merged beats one query: for
#: `state IN (...)` the planners read every matching row and sort them (SQLite: a
#: temporary B-tree over 100,000 rows for a page of 50). Not for a search: its own
#: indexes (number, spool reference) find the few rows at once.
_PER_STATE = frozenset({"waiting", "newest"})


def _page_query(
    f: QueueFilter,
    keys: tuple[tuple[Any, bool], ...],
    after: tuple[Any, ...] | None,
    size: int,
    pieces: Pieces = (),
    counted: bool = False,
) -> Select[Any]:
    if f.sort in _PER_STATE and len(f.states) > 1 and not (f.search and f.search.strip()):
        return _merged_page(f, keys, after, size)
    return _page_of(f, keys, after, size, pieces, counted)


def _page_of(
    f: QueueFilter,
    keys: tuple[tuple[Any, bool], ...],
    after: tuple[Any, ...] | None,
    size: int,
    pieces: Pieces = (),
    counted: bool = False,
) -> Select[Any]:
    """The next `size` + 1 rows of `f` in the order `keys`, each with its key as
    `_key0`, `_key1`, ...; `counted`: and with the count of all the rows as `_total`."""
    query = _list_query(f, pieces)
    if after is not None:
        query = query.where(_after(keys, after))
    query = query.add_columns(*(c.label(f"_key{i}") for i, (c, _) in enumerate(keys)))
    if counted:
        query = query.add_columns(func.count().over().label("_total"))
    ordered = (c.desc() if descending else c for c, descending in keys)
    return query.order_by(*ordered).limit(size + 1)


def _merged_page(
    f: QueueFilter, keys: tuple[tuple[Any, bool], ...], after: tuple[Any, ...] | None, size: int
) -> Select[Any]:
    """`_page_of` for each state of `f`, merged in the same order: the same rows."""
    parts = [
        select(_page_of(dataclasses.replace(f, states=(state,)), keys, after, size).subquery())
        for state in f.states
    ]
    merged = union_all(*parts).subquery()
    ordered = (
        merged.c[f"_key{i}"].desc() if descending else merged.c[f"_key{i}"]
        for i, (_, descending) in enumerate(keys)
    )
    return select(merged).order_by(*ordered).limit(size + 1)


def _after(keys: tuple[tuple[Any, bool], ...], values: tuple[Any, ...]) -> Any:
    """Rows after `values` in the order `keys`: (a > x) or (a = x and b > y) or ...,
    `<` for descending columns."""
    alternatives = []
    for i, (column, descending) in enumerate(keys):
        equal = [keys[j][0] == values[j] for j in range(i)]
        beyond = column < values[i] if descending else column > values[i]
        alternatives.append(and_(*equal, beyond))
    return or_(*alternatives)


def _audit_listing(db: Database, actor: Principal, note: str) -> None:
    with db.write() as session:
        account = require_staff(session, actor)
        audit.record(session, account, "list", note=note)


def _list_query(f: QueueFilter, pieces: Pieces = ()) -> Select[Any]:
    columns: Select[Any] = select(*LIST_COLUMNS)  # type: ignore[assignment]
    return _filtered(columns, f, pieces).outerjoin(Account, Account.id == Application.holder_id)


def _items(session: Session, rows: Sequence[Any]) -> list[QueueItem]:
    """Queue items for rows of LIST_COLUMNS, with their procedures (one query per 900)."""
    procedures: dict[str, list[ProcedureStatus]] = {}
    ids = [row.id for row in rows]
    for start in range(0, len(ids), 900):  # below every engine's bound-parameter limit
        chunk = ids[start : start + 900]
        steps = select(
            ProcedureItem.application_id,
            ProcedureItem.procedure_id,
            ProcedureItem.title_ja,
            ProcedureItem.counter,
            ProcedureItem.state,
            ProcedureItem.done_at,
        ).where(ProcedureItem.application_id.in_(chunk))
        for app_id, pid, title, counter, state, done_at in session.execute(
            steps.order_by(ProcedureItem.position)
        ):
            status = ProcedureStatus(pid, title, counter, state, done_at)
            procedures.setdefault(app_id, []).append(status)
    return [
        _item(
            row,
            tuple(procedures.get(row.id, ())),
            row.holder_name,
            flag_count=row.flag_count,
            glyph_open=bool(row.glyph_open),
        )
        for row in rows
    ]


#: The filter's fields `QueueCount` can answer for (the rest only order or page).
_COUNTED_BY = ("states", "counter_group", "sort", "limit", "offset")


def _by_state_and_group(f: QueueFilter) -> bool:
    """Whether `f` filters on nothing but states and a counter group (a field added to
    QueueFilter later is counted row by row until it is listed here)."""
    default = QueueFilter()
    return dataclasses.replace(f, **{k: getattr(default, k) for k in _COUNTED_BY}) == default


def _count_query(f: QueueFilter, pieces: Pieces = ()) -> Select[Any]:
    """How many rows match `f`. By state and counter group alone: the sum of the
    triggers' counts (`QueueCount`), a row per state instead of a walk over every row."""
    if _by_state_and_group(f):
        counted = select(func.coalesce(func.sum(QueueCount.n), 0))
        if f.states:
            counted = counted.where(QueueCount.state.in_(f.states))
        if f.counter_group:
            counted = counted.where(QueueCount.counter_group == f.counter_group)
        return counted
    return _filtered(select(func.count()).select_from(Application), f, pieces)


#: How many of a term's rarest pieces a search intersects: the third rarest rarely
#: narrows the second's holders further, and each costs an index read.
PIECES_USED = 2


def _rarest(session: Session, f: QueueFilter) -> Pieces:
    """The two-character pieces of `f.search` held by the fewest applications (at most
    `PIECES_USED`, each held by fewer than search.USEFUL_BELOW), rarest first; none for
    no search, a number, a one-character term, or only common pieces. Counted by index
    in one query, each piece only up to the limit."""
    term = (f.search or "").strip()
    if not term or _NUMBER.fullmatch(term) or term.isdigit():
        return ()  # numbers have their own indexes (a bare "17": the day's seq)
    found = sorted(search.grams(term.casefold()))
    if not found:
        return ()
    counts = union_all(
        *(
            select(
                literal(i).label("i"),
                select(func.count())
                .select_from(
                    select(SearchGram.application_id)
                    .where(SearchGram.gram == piece)
                    .limit(search.USEFUL_BELOW)
                    .subquery()
                )
                .scalar_subquery()
                .label("n"),
            )
            for i, piece in enumerate(found)
        )
    )
    held = {int(i): int(n) for i, n in session.execute(counts)}
    if 0 in held.values():
        # Nobody holds this piece: the index alone says "none".
        return (found[min(held, key=lambda i: held[i])],)
    useful = sorted((n, found[i]) for i, n in held.items() if n < search.USEFUL_BELOW)
    return tuple(piece for _, piece in useful[:PIECES_USED])


def count_queue(db: Database, actor: Principal, f: QueueFilter) -> int:
    """How many rows match `f`, counted by the database (no rows loaded)."""
    with db.write() as session:
        require_staff(session, actor)
        return int(session.execute(_count_query(f, _rarest(session, f))).scalar_one())


# -- calling ----------------------------------------------------------------------


def call_next(
    db: Database,
    actor: Principal,
    counter: str,
    *,
    counter_group: str | None = None,
    procedure_counter: str | None = None,
) -> QueueItem | None:
    """Claim the longest-waiting submitted application, or None if nobody waits.

    PostgreSQL: FOR UPDATE SKIP LOCKED, so two desks calling at once get two different
    applications without waiting for each other. SQLite: one writer at a time.
    """
    query = select(Application).where(Application.state == State.SUBMITTED)
    if counter_group:
        query = query.where(Application.counter_group == counter_group)
    if procedure_counter:
        # Work still to do there: an application whose procedures at this counter are
        # done (a handover released to the next counter) is not called back to it.
        query = query.where(
            _has_procedure(
                and_(
                    ProcedureItem.counter == procedure_counter,
                    ProcedureItem.state != ProcedureState.DONE,
                )
            )
        )
        # A handover waits for the department it was handed to, no other.
        query = query.where(
            or_(Application.handover_to.is_(None), Application.handover_to == procedure_counter)
        )
    # The resident's original arrival: a handover keeps its place in the next queue.
    query = query.order_by(Application.submitted_at, Application.id).limit(1)
    with db.write() as session:
        account = require_staff(session, actor)
        if db.is_postgresql:
            query = query.with_for_update(skip_locked=True)
        app = session.scalars(query).first()
        if app is None:
            return None
        _mark_called(session, account, app, counter)
        return to_item(app)


def call_application(
    db: Database, actor: Principal, application_id: str, counter: str
) -> QueueItem:
    """Claim one application ("call this number"); AlreadyClaimed if another desk has it."""
    with db.write() as session:
        account = require_staff(session, actor)
        app = load(session, application_id, lock=True)
        if app.state != State.SUBMITTED:
            holder = app.holder.username if app.holder else None
            if app.state in (State.CALLED, State.IN_REVIEW):
                raise AlreadyClaimed(app.reception_number, holder=holder)
            target(app.state, "call")  # raises InvalidTransition for closed ones
        _mark_called(session, account, app, counter)
        return to_item(app)


def _mark_called(session: Session, account: Account, app: Application, counter: str) -> None:
    app.state = target(app.state, "call")
    app.holder_id = account.id
    app.called_at = now(session)
    app.called_counter = counter
    app.version += 1
    session.flush()
    session.refresh(app, ["holder"])
    audit.record(session, account, "call", app, note=counter)
    emit(session, "called", app)


def recall(db: Database, actor: Principal, application_id: str) -> QueueItem:
    """Call the same number again (the resident did not come yet): for the lobby."""
    with db.write() as session:
        account = require_staff(session, actor)
        app = load(session, application_id, lock=True)
        require_may(account, app, "recall")
        if app.state not in states_for("recall"):
            raise InvalidTransition(f"recall from {app.state}", state=app.state, action="recall")
        app.called_at = now(session)
        app.version += 1
        audit.record(session, account, "recall", app, note=app.called_counter)
        emit(session, "called", app)
        return to_item(app)


def lobby_board(db: Database, counter_group: str | None = None, limit: int = 12) -> LobbyBoard:
    calling = select(
        Application.reception_number, Application.called_counter, Application.called_at
    )
    calling = calling.where(Application.state == State.CALLED)
    waiting = select(Application.counter_group, func.count()).where(
        Application.state == State.SUBMITTED
    )
    if counter_group:
        calling = calling.where(Application.counter_group == counter_group)
        waiting = waiting.where(Application.counter_group == counter_group)
    handed = select(Application.reception_number, Application.handover_to).where(
        Application.state == State.SUBMITTED, Application.handover_to.is_not(None)
    )
    if counter_group:
        handed = handed.where(Application.counter_group == counter_group)
    calling = calling.order_by(Application.called_at.desc()).limit(limit)
    handed = handed.order_by(Application.submitted_at, Application.id).limit(limit)
    with db.read() as session:
        called = [CalledNumber(n, c, at) for n, c, at in session.execute(calling) if at]
        by_group = {
            g: int(n) for g, n in session.execute(waiting.group_by(Application.counter_group))
        }
        going = tuple(NextCounter(n, to) for n, to in session.execute(handed) if to)
    return LobbyBoard(tuple(called), sum(by_group.values()), by_group, going)
