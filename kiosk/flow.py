"""The question flow: which question comes next, back, and change any answer.

All knowledge of *what* to ask lives in the catalogue's data (the data dictionary's
questions and conditions, each event's screening questions, the procedures' forms):
`forms.questions.questions_for(catalogue, event_id, data, today)` gives the keys still to ask. This module
only keeps the resident's path through them: the questions asked so far, where the
resident is now, and answers that a changed answer made irrelevant (kept aside, so
flipping the answer back brings them back).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from forms.data import dictionary_key, get_value, set_value
from forms.questions import questions_for

_MISSING = object()


class QuestionFlow:
    def __init__(
        self, catalogue: Any, event_id: str, data: dict[str, Any], today: Callable[[], date]
    ) -> None:
        self.catalogue = catalogue
        self.today = today  # ages and dates in the questions' conditions
        self.event_id = event_id
        self.data = data
        self.history: list[str] = []  # keys asked so far, in the order asked
        self._position: int | None = None  # index into history while revisiting
        self._return_to_frontier = False  # after a jump from the review
        self._set_aside: dict[str, Any] = {}  # answers to questions no longer relevant
        #: Facts another question's tap decided (the town picked gives the address):
        #: fact → the question that gave it, to go back to that question.
        self.given_by: dict[str, str] = {}
        #: The last `pending()` and the answers (as text) and day it was worked out
        #: for: a screen change asked it a dozen times over the same answers, at
        #: ~7 ms each (every question's conditions evaluated).
        self._pending: tuple[tuple[str, date], list[str]] | None = None

    def for_event(self, event_id: str) -> QuestionFlow:
        """The same resident's path as another event (the answers showed a 転居 is a
        転出): the answers that event asks too are kept, in the order given; the
        others are set aside (not sent, back if the resident returns to them)."""
        other = QuestionFlow(self.catalogue, event_id, self.data, self.today)
        other._set_aside = dict(self._set_aside)
        other.given_by = dict(self.given_by)
        asked = questions_for(
            self.catalogue, event_id, self.data, self.today(), include_answered=True
        )
        for key in self.history:
            if key in asked:
                other.history.append(key)
            else:
                value = get_value(self.data, key, _MISSING)
                if value is not _MISSING:
                    other._set_aside[key] = value
                    set_value(self.data, key, None)
        return other

    def restart(self) -> None:
        self.history.clear()
        self._position = None
        self._return_to_frontier = False

    # -- where we are ----------------------------------------------------------------
    def pending(self) -> list[str]:
        """Keys still to ask at the frontier, in order."""
        # Keyed by the answers' text: any change to them (by whatever path they are
        # set) works it out again; an equal text is equal answers.
        key = (repr(self.data), self.today())
        if self._pending is None or self._pending[0] != key:
            found = list(questions_for(self.catalogue, self.event_id, self.data, key[1]))
            self._pending = (key, found)
        return list(self._pending[1])

    @property
    def current(self) -> str | None:
        if self._position is not None:
            return self.history[self._position]
        pending = self.pending()
        return pending[0] if pending else None

    def current_value(self) -> Any:
        key = self.current
        if key is None:
            return None
        value = get_value(self.data, key, _MISSING)
        return None if value is _MISSING else value

    @property
    def step(self) -> int:
        """1-based number of the current question (for the progress indicator)."""
        return (self._position if self._position is not None else len(self.history)) + 1

    @property
    def total_estimate(self) -> int:
        """Questions asked plus still pending: the progress bar's length."""
        return (
            len(self.history) + len(self.pending())
            if self._position is None
            else max(len(self.history) + len(self.pending()), self.step)
        )

    # -- moving ------------------------------------------------------------------------
    def answer(self, value: Any, also: dict[str, Any] | None = None) -> None:
        """Answer the current question; `also` sets facts the same tap decided (a town
        picked from the list gives the postal code and the address at once; None
        clears a fact so that it is asked again)."""
        key = self.current
        if key is None:
            raise LookupError("no question to answer")
        old = get_value(self.data, key, _MISSING)
        set_value(self.data, key, value)
        self.given_by.pop(key, None)  # its own answer now, on its own screen
        for other, other_value in (also or {}).items():
            set_value(self.data, other, other_value)
            self.given_by[other] = key
        if self._position is None:
            self.history.append(key)
        else:
            if old != value:
                self._drop_irrelevant()
            if self._return_to_frontier:
                self._position = None
                self._return_to_frontier = False
            else:
                pos = self.history.index(key) + 1 if key in self.history else len(self.history)
                self._position = pos if pos < len(self.history) else None
        self._restore_set_aside()

    def give(self, key: str, value: Any) -> None:
        """An answer given on another screen (the フリガナ confirmed with the card's
        data): kept as asked, so that back and the review reach its question."""
        set_value(self.data, key, value)
        if key not in self.history:
            self.history.append(key)

    def back(self) -> bool:
        """One question back. False at the first question."""
        self._return_to_frontier = False
        if self._position is None:
            if not self.history:
                return False
            self._position = len(self.history) - 1
            return True
        if self._position == 0:
            return False
        self._position -= 1
        return True

    def go_to(self, key: str) -> None:
        """Revisit the question that filled `key`; after answering, go back to the end."""
        if key not in self.history:
            raise KeyError(key)
        self._position = self.history.index(key)
        self._return_to_frontier = True

    # -- relevance ---------------------------------------------------------------------
    def is_relevant(self, key: str) -> bool:
        """Would `key` be asked now, given every other answer?"""
        asked = questions_for(
            self.catalogue, self.event_id, self.data, self.today(), include_answered=True
        )
        return key in asked

    def _drop_irrelevant(self) -> None:
        kept: list[str] = []
        for key in self.history:
            if self.is_relevant(key):
                kept.append(key)
            else:
                value = get_value(self.data, key, _MISSING)
                if value is not _MISSING:
                    self._set_aside[key] = value
                    set_value(self.data, key, None)  # None: not answered
        current = self.current if self._position is not None else None
        self.history = kept
        if current is not None and current in kept:
            self._position = kept.index(current)
        elif self._position is not None:
            self._position = None

    def _restore_set_aside(self) -> None:
        """Answers set aside earlier come back when their question is relevant again."""
        for key in list(self._set_aside):
            if key in self.pending():
                set_value(self.data, key, self._set_aside.pop(key))
                if key not in self.history:
                    self.history.append(key)

    def asked_for(self, facts: set[str]) -> str | None:
        """The latest question asked whose answer gave one of `facts` (dictionary keys),
        itself or by its tap (the town list gives the address)."""
        for key in reversed(self.history):
            gave = {key} | {fact for fact, by in self.given_by.items() if by == key}
            if any(dictionary_key(fact) in facts for fact in gave):
                return key
        return None

    def wipe(self) -> None:
        self._pending = None  # the answers' text
        self.given_by.clear()
        self._set_aside.clear()
        self.history.clear()
