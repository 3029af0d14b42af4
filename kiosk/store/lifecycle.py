"""The life of an application, as data: which action leads from which states to which.

    submitted ──call──▶ called ──start_review──▶ in_review ──complete──▶ completed
        ▲                 │                         │
        └────release──────┴─────────────────────────┘
        └────hand_over────┴─────────────────────────┘  (to the next department's queue)
    submitted / called / in_review ──return──▶ returned (to the resident, with a reason)
    submitted / called / in_review ──cancel──▶ cancelled
Each procedure of an application: pending ──done──▶ done (and back, if marked by mistake).

Who may take which action (`WHO`) is here too: the store enforces it and the staff
window asks `allowed_actions` which buttons to enable, so the two cannot disagree.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from kiosk.store.errors import InvalidTransition


class State(StrEnum):
    SUBMITTED = "submitted"
    CALLED = "called"
    IN_REVIEW = "in_review"
    COMPLETED = "completed"
    RETURNED = "returned"
    CANCELLED = "cancelled"


class ProcedureState(StrEnum):
    PENDING = "pending"
    DONE = "done"


OPEN = (State.SUBMITTED, State.CALLED, State.IN_REVIEW)
HELD = (State.CALLED, State.IN_REVIEW)
CLOSED = (State.COMPLETED, State.RETURNED, State.CANCELLED)

#: action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[tuple[State, ...], State]] = {
    "call": ((State.SUBMITTED,), State.CALLED),
    "start_review": ((State.CALLED,), State.IN_REVIEW),
    "release": (HELD, State.SUBMITTED),
    # To the next department's queue, at the original arrival (kiosk/store/handover.py).
    "hand_over": (HELD, State.SUBMITTED),
    "complete": ((State.IN_REVIEW,), State.COMPLETED),
    "return": (OPEN, State.RETURNED),
    "cancel": (OPEN, State.CANCELLED),
}

#: Actions that leave the state as it is: action -> the states it may be taken in.
IN_PLACE: dict[str, tuple[State, ...]] = {
    "recall": (State.CALLED,),
    "edit": HELD,
    "procedure": HELD,
    "glyph_check": HELD,
    "replace_pdf": HELD,
    # 基幹へ連携済 (kiosk/store/handoff.py): a done procedure, open or closed application.
    "handoff": (*OPEN, *CLOSED),
}


class Who(StrEnum):
    """Who may take an action on an application."""

    #: Any signed-in staff member.
    ANYONE = "anyone"
    #: Only the staff member who called it (it is then called or in review).
    HOLDER = "holder"
    #: Anyone while nobody holds it, its holder, or an administrator.
    NOT_OTHERS = "not_others"


#: action -> who may take it. The store enforces it (kiosk.store.access), the staff
#: window enables its buttons by it (`allowed_actions`): one rule for both.
WHO: dict[str, Who] = {
    "call": Who.ANYONE,
    "recall": Who.NOT_OTHERS,
    "start_review": Who.HOLDER,
    "complete": Who.HOLDER,
    "release": Who.NOT_OTHERS,
    "hand_over": Who.NOT_OTHERS,
    "return": Who.NOT_OTHERS,
    "cancel": Who.NOT_OTHERS,
    "edit": Who.HOLDER,
    "procedure": Who.HOLDER,
    "glyph_check": Who.HOLDER,
    "replace_pdf": Who.HOLDER,
    # It moves no data; usually the application is closed and held by nobody by then.
    "handoff": Who.ANYONE,
}


class Actor(Protocol):
    """Who asks: a signed-in Principal (kiosk.store.records)."""

    @property
    def username(self) -> str: ...

    @property
    def is_admin(self) -> bool: ...


def permits(action: str, holder: str | None, username: str, *, is_admin: bool) -> bool:
    """Whether `username` is among those `WHO[action]` names, `holder` holding the
    application (None: nobody)."""
    who = WHO[action]
    if who is Who.HOLDER:
        return holder is not None and holder == username
    if who is Who.NOT_OTHERS:
        return holder is None or holder == username or is_admin
    return True


def states_for(action: str) -> tuple[State, ...]:
    """The states `action` may be taken in."""
    return TRANSITIONS[action][0] if action in TRANSITIONS else IN_PLACE[action]


def allowed_actions(state: str, holder: str | None, principal: Actor) -> frozenset[str]:
    """The actions `principal` may take now on an application in `state` held by
    `holder` (a username, None: nobody). "complete" further needs every procedure
    done (the store says which are not: ProceduresPending)."""
    return frozenset(
        action
        for action in WHO
        if state in states_for(action)
        and permits(action, holder, principal.username, is_admin=principal.is_admin)
    )


def target(state: str, action: str) -> State:
    """The state `action` leads to from `state`, or InvalidTransition."""
    sources, to = TRANSITIONS[action]
    if state not in sources:
        raise InvalidTransition(f"{action} from {state}", state=state, action=action)
    return to
