"""The life of an application, as data: which action leads from which states to which.

    submitted ──call──▶ called ──start_review──▶ in_review ──complete──▶ completed
        ▲                 │                         │
        └────release──────┴─────────────────────────┘
    submitted / called / in_review ──return──▶ returned (to the resident, with a reason)
    submitted / called / in_review ──cancel──▶ cancelled
Each procedure of an application: pending ──done──▶ done (and back, if marked by mistake).
"""

from __future__ import annotations

from enum import StrEnum

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
    "complete": ((State.IN_REVIEW,), State.COMPLETED),
    "return": (OPEN, State.RETURNED),
    "cancel": (OPEN, State.CANCELLED),
}

#: Actions that change an open application without moving it: only its holder may.
HOLDER_ACTIONS = ("edit", "procedure", "glyph_check", "reprint", "replace_pdf")


def target(state: str, action: str) -> State:
    """The state `action` leads to from `state`, or InvalidTransition."""
    sources, to = TRANSITIONS[action]
    if state not in sources:
        raise InvalidTransition(f"{action} from {state}", state=state, action=action)
    return to
