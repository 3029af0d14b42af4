"""One resident at the kiosk: which screen, what the card said, what they answered.

`ResidentSession` is the Qt-free model behind every kiosk screen. It never does I/O:
the UI runs card reads, rendering and submission in worker threads and reports the
outcome through the `*_succeeded` / `*_failed` methods, so the same model is driven
by the real window, by scripted runs and by plain unit tests.

Personal data lives only here and in the objects it holds; `wipe()` forgets it all
at the end of a session or on timeout.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from card_reader.errors import (
    CardError,
    CardRemoved,
    NoCard,
    NoReader,
    NotMyNumberCard,
    PinBlocked,
    PinIncorrect,
)
from card_reader.model import BasicFour, Integrity
from forms.data import get_value, set_value
from kiosk.clock import Clock
from kiosk.flow import QuestionFlow
from kiosk.observable import Emitter

PIN_LENGTH = 4


class Screen(StrEnum):
    ATTRACT = "attract"  # welcome, language, text size, and the life events to choose from
    CARD_CHOICE = "card_choice"  # "do you have your My Number Card with you?"
    CARD_INSERT = "card_insert"  # "place your card on the reader"
    PIN = "pin"
    CARD_READING = "card_reading"
    CARD_CONFIRM = "card_confirm"
    CARD_PROBLEM = "card_problem"  # blocked / not a My Number card / no reader: guidance
    QUESTION = "question"
    REVIEW = "review"
    SUBMITTING = "submitting"
    TAKE_CARD = "take_card"
    STAFF_PIN = "staff_pin"  # a member of staff unlocks staff-assisted mode
    #: The answers show another life event is the right one (a 転居 to another city is a
    #: 転出): says so, offers that event, or goes back to the answer.
    OTHER_EVENT = "other_event"
    DONE = "done"


@dataclass(frozen=True)
class Notice:
    """A message for the resident: an i18n key and its parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    severity: str = "error"  # "error" | "warning" | "info"


@dataclass(frozen=True)
class Receipt:
    """What the resident takes away: a reception number, or a local reference when
    the database was unreachable and the application waits in the spool."""

    reception_number: str | None
    application_id: str
    spooled_reference: str | None = None
    #: People waiting before this one in its counter group (None: not known).
    waiting_ahead: int | None = None
    #: Today's typical wait in minutes, from the queue's statistics (None: not known).
    wait_minutes: int | None = None


class ResidentSession:
    def __init__(
        self,
        catalogue: Any,
        locale: str = "ja",
        clock: Clock | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> None:
        self.catalogue = catalogue
        #: The kiosk's settings the catalogue's facts read (`setting.municipality`).
        self.settings = dict(settings or {})
        #: What day it is for this kiosk: ages, the calendar, the forms' 受付日.
        self.clock = clock or Clock()
        self.default_locale = locale
        self.changed = Emitter()  # emits the Screen after every state change
        self.wiped = Emitter()  # emitted once the resident has been forgotten
        #: A card lies on the reader. A fact about the reader, not about a resident:
        #: it outlives the session, so the next resident never gets the last one's card.
        self.card_present = False
        self._reset()

    # -- state ---------------------------------------------------------------------
    def _reset(self) -> None:
        # A session that ends with the card in the reader ends on "take your card"
        # (whatever ended it: timeout, cancel, staff, an error); only the card leaving
        # the reader opens the first screen to the next resident.
        self.screen = Screen.TAKE_CARD if self.card_present else Screen.ATTRACT
        self.locale = self.default_locale
        self.event_id: str | None = None
        self.using_card = False
        self.pin_tries_left: int | None = None
        self._pin = bytearray()
        self.card: BasicFour | None = None
        self.card_disputed = False
        #: The likeliest フリガナ of the card's names, found once at the read.
        self.card_readings: dict[str, str] = {}
        self.notice: Notice | None = None
        self.data: dict[str, Any] = {}
        self.flow: QuestionFlow | None = None
        #: The rule that says another event is the right one (Screen.OTHER_EVENT).
        self.other_event: Any = None
        self.consent = False
        self.receipt: Receipt | None = None
        self.staff_flags: list[str] = []
        self.application_id: str | None = None
        self._lasting: Notice | None = None
        #: Staff-assisted: a member of staff runs the flow for this resident.
        self.assisted = False
        #: The card was left in the reader and staff were called.
        self.staff_called = False
        self._staff_pin = bytearray()

    def _go(self, screen: Screen, notice: Notice | None = None) -> None:
        self.screen = screen
        self.notice = notice or self._lasting
        self.changed.emit(screen)

    @property
    def screen_id(self) -> str:
        """Screen id for scripts and summaries: `question:<key>` for questions."""
        if self.screen == Screen.QUESTION and self.flow and self.flow.current:
            return f"question:{self.flow.current}"
        return self.screen.value

    # -- navigation ----------------------------------------------------------------
    def set_locale(self, locale: str) -> None:
        self.locale = locale
        self.changed.emit(self.screen)

    @property
    def card_blocks_start(self) -> bool:
        """A card is left from the session before: nothing starts until it is out."""
        return self.screen == Screen.TAKE_CARD and self.event_id is None

    def choose_event(self, event_id: str) -> None:
        if self.card_blocks_start:
            return
        if event_id not in self.catalogue.events:
            raise KeyError(event_id)
        self.event_id = event_id
        for key, value in setting_answers(self.catalogue, self.settings).items():
            set_value(self.data, key, value)
        self.flow = QuestionFlow(self.catalogue, event_id, self.data, self.clock.today)
        self._go(Screen.CARD_CHOICE)

    def use_card(self) -> None:
        self.using_card = True
        self._go(Screen.CARD_INSERT)

    def continue_without_card(self, held: bool | None = None) -> None:
        """The no-card path: the resident answers name, birth date, address too; `held`,
        whether they said they have a card (not used today) or none, answers the facts
        whose source is `card.held`."""
        self.using_card = False
        self.card = None
        self._wipe_pin()
        given = {} if held is None else dict.fromkeys(held_answers(self.catalogue), held)
        self._enter_questions(given)

    # -- staff-assisted mode ---------------------------------------------------------
    def request_assist(self) -> None:
        if self.card_blocks_start:
            return
        self._wipe_staff_pin()
        self._go(Screen.STAFF_PIN)

    @property
    def staff_pin_length(self) -> int:
        return len(self._staff_pin)

    def staff_pin_digit(self, digit: str) -> None:
        if len(digit) == 1 and digit.isdigit() and len(self._staff_pin) < 12:
            self._staff_pin.extend(digit.encode("ascii"))
            self.changed.emit(self.screen)

    def staff_pin_delete(self) -> None:
        if self._staff_pin:
            self._staff_pin[-1] = 0
            del self._staff_pin[-1]
            self.changed.emit(self.screen)

    def take_staff_pin(self) -> str:
        pin = self._staff_pin.decode("ascii")
        self._wipe_staff_pin()
        return pin

    def _wipe_staff_pin(self) -> None:
        for i in range(len(self._staff_pin)):
            self._staff_pin[i] = 0
        self._staff_pin.clear()

    def assist_unlocked(self) -> None:
        self.assisted = True
        self._go(Screen.ATTRACT, Notice("kiosk.assist.on", severity="info"))

    def assist_refused(self, locked: bool) -> None:
        key = "kiosk.assist.locked" if locked else "kiosk.assist.wrong_pin"
        self._go(Screen.STAFF_PIN, Notice(key))

    def cancel_assist(self) -> None:
        self._wipe_staff_pin()
        self._go(Screen.ATTRACT)

    # -- card ----------------------------------------------------------------------
    def card_inserted(self) -> None:
        self.card_present = True

    def card_status_known(self, is_my_number: bool, tries_left: int | None) -> None:
        """After the status check (which uses no PIN try)."""
        if not is_my_number:
            self._go(Screen.CARD_PROBLEM, Notice(NotMyNumberCard.key))
            return
        self.pin_tries_left = tries_left
        if tries_left == 0:
            self._go(Screen.CARD_PROBLEM, Notice(PinBlocked.key))
            return
        notice = None
        if tries_left == 1:
            notice = Notice("kiosk.pin.last_try", severity="warning")
        self._go(Screen.PIN, notice)

    def card_status_failed(self, error: CardError) -> None:
        self._card_error(error)

    @property
    def pin_length(self) -> int:
        return len(self._pin)

    def pin_digit(self, digit: str) -> None:
        if len(digit) == 1 and digit.isdigit() and len(self._pin) < PIN_LENGTH:
            self._pin.extend(digit.encode("ascii"))
            self.changed.emit(self.screen)

    def pin_delete(self) -> None:
        if self._pin:
            self._pin[-1] = 0
            del self._pin[-1]
            self.changed.emit(self.screen)

    def take_pin(self) -> str:
        """Hand the PIN to the card read exactly once, and forget it here."""
        if len(self._pin) != PIN_LENGTH:
            raise ValueError("PIN incomplete")
        pin = self._pin.decode("ascii")
        self._wipe_pin()
        self._go(Screen.CARD_READING)
        return pin

    def _wipe_pin(self) -> None:
        for i in range(len(self._pin)):
            self._pin[i] = 0
        self._pin.clear()

    def card_read_succeeded(self, basic_four: BasicFour) -> None:
        self.card = basic_four
        self.pin_tries_left = None
        for key, value in card_answers(self.catalogue, basic_four).items():
            set_value(self.data, key, value)
        if basic_four.integrity != Integrity.OK:
            # The chip's data does not match its own hash, or could not be checked (every
            # real card has EF 0003: absent means something went wrong): staff check ID.
            self.staff_flags.append(f"card.integrity_{basic_four.integrity.value}")
        self.card_readings = self._likeliest_readings()
        self._go(Screen.CARD_CONFIRM)

    def card_read_failed(self, error: CardError) -> None:
        self._card_error(error)

    def _card_error(self, error: CardError) -> None:
        notice = Notice(error.key, _error_params(error))
        if isinstance(error, PinIncorrect):
            self.pin_tries_left = error.tries_left
            if error.tries_left == 1:
                notice = Notice(error.key, _error_params(error), severity="warning")
            self._go(Screen.PIN, notice)
        elif isinstance(error, PinBlocked | NotMyNumberCard | NoReader):
            self._go(Screen.CARD_PROBLEM, notice)
        elif isinstance(error, CardRemoved | NoCard):
            self.card_present = False
            self._go(Screen.CARD_INSERT, notice)
        else:
            self._go(Screen.CARD_PROBLEM, notice)

    def _likeliest_readings(self) -> dict[str, str]:
        """The likeliest フリガナ of each name the card gave (the name's `reading` in the
        data dictionary), shown with the card's data to be confirmed with it in one tap;
        none for a name the dictionaries do not know (its question asks)."""
        from kiosk import names  # the name index: loaded in the background at start

        readings: dict[str, str] = {}
        if self.card is None:
            return readings
        for key in card_answers(self.catalogue, self.card):
            spec = self.catalogue.dictionary[key]
            name = get_value(self.data, key, None)
            if not spec.reading or not name or get_value(self.data, spec.reading, None):
                continue
            found = names.name_reading_candidates(str(name), limit=1)
            if found:
                readings[spec.reading] = found[0]
        return readings

    def confirm_card(self, correct: bool, readings: Mapping[str, str] | None = None) -> None:
        """The resident confirms the card's data (with `readings`, the フリガナ shown
        beside it), or says it is wrong."""
        if not correct:
            # The resident says the card's data is wrong: keep it, tell staff.
            self.card_disputed = True
            self.staff_flags.append("card.disputed_by_resident")
            readings = None
        self._enter_questions(readings or {})

    def card_left(self) -> None:
        """The resident walked away from the "take your card" reminder: the card stays
        where it is (the next resident must not get it) until staff take it out."""
        self.staff_called = True
        self.tell(Notice("kiosk.take_card.staff_called", severity="warning"))

    def card_removed(self) -> None:
        self.card_present = False
        if self.screen == Screen.TAKE_CARD:
            # The number to show, or (a session that ended with the card left) the
            # first screen for the next resident.
            if self.receipt is not None:
                self._go(Screen.DONE)
            else:
                self.staff_called = False
                self._lasting = None
                self._go(Screen.ATTRACT)
        elif self.screen in (Screen.PIN, Screen.CARD_READING):
            self._wipe_pin()
            self._go(Screen.CARD_INSERT, Notice(CardRemoved.key))

    # -- questions -----------------------------------------------------------------
    def _enter_questions(self, given: Mapping[str, Any] | None = None) -> None:
        assert self.flow is not None
        self.flow.data = self.data
        self.flow.restart()
        for key, value in (given or {}).items():
            self.flow.give(key, value)
        self._after_answer()

    def answer(self, value: Any, also: dict[str, Any] | None = None) -> None:
        assert self.flow is not None
        self.flow.answer(value, also)
        self._after_answer()

    def _after_answer(self) -> None:
        assert self.flow is not None and self.event_id is not None
        self.other_event = self.catalogue.other_event(self.event_id, self.data, self.clock.today())
        if self.other_event is not None:
            self._go(Screen.OTHER_EVENT)
        elif self.flow.current is not None:
            self._go(Screen.QUESTION)
        else:
            self._go(Screen.REVIEW)  # which also offers the related procedures

    # -- the answers show another event -----------------------------------------------
    def switch_event(self) -> None:
        """Go on as the event the answers call for (転居 → 転出), keeping every answer
        that event asks too; the others are set aside (not sent)."""
        rule = self.other_event
        assert rule is not None and self.flow is not None
        self.event_id = rule.event
        self.flow = self.flow.for_event(rule.event)
        self._after_answer()

    def answer_to_fix(self) -> str | None:
        """The question whose answer sent the resident to another event (the new
        address), or None when no question gave it (the card's address)."""
        rule = self.other_event
        if rule is None or self.flow is None:
            return None
        read = self.catalogue.trace(rule.when, self.data, self.clock.today())
        return self.flow.asked_for(read)

    def fix_answer(self) -> None:
        """Back to the answer that called for another event, to correct it."""
        key = self.answer_to_fix()
        if key is not None:
            self.go_to_question(key)

    def back(self) -> None:
        if self.screen == Screen.OTHER_EVENT:
            if self.answer_to_fix() is not None:
                self.fix_answer()
            else:
                self._go(Screen.CARD_CHOICE)
            return
        if (self.screen == Screen.QUESTION and self.flow and self.flow.back()) or (
            self.screen == Screen.REVIEW and self.flow and self.flow.back()
        ):
            self._go(Screen.QUESTION)
        elif self.screen in (Screen.QUESTION, Screen.CARD_CONFIRM, Screen.CARD_INSERT, Screen.PIN):
            self._go(Screen.CARD_CHOICE)
        elif self.screen == Screen.CARD_CHOICE:
            # Back to the first screen: a different life event starts afresh.
            locale = self.locale
            self.wipe()
            self.set_locale(locale)

    def question_for_fact(self, path: str) -> str | None:
        """The question that gave a fact printed on a form (for a fact computed from
        others, the first of those the resident answered); None when no question did
        (the card gave it)."""
        if self.flow is None:
            return None
        if path in self.flow.history:
            return path
        if path in self.flow.given_by:  # by another question's tap (方書 with the 番地)
            return self.flow.given_by[path]
        from forms.data import dictionary_key

        spec = self.catalogue.dictionary.get(dictionary_key(path))
        if spec is None or spec.computed is None:
            return None
        read = self.catalogue.trace(spec.computed, self.submission_data(), self.clock.today())
        for key in self.flow.history:
            if dictionary_key(key) in read:
                return key
        return None

    def go_to_question(self, key: str) -> None:
        """Jump to the question that filled `key` (from the review), keeping all answers."""
        assert self.flow is not None
        self.flow.go_to(key)
        self._go(Screen.QUESTION)

    # -- procedures ----------------------------------------------------------------
    def procedures(self) -> list[Any]:
        """Every procedure of this application: the event's, plus the suggestions added."""
        if self.event_id is None:
            return []
        return list(
            self.catalogue.procedures_for(self.event_id, self.submission_data(), self.clock.today())
        )

    @property
    def extra_procedures(self) -> list[str]:
        """Related procedures the resident added (kept in the data, where the
        catalogue's questions and forms see them)."""
        extra = self.data.get("procedures", {}).get("extra")
        return list(extra) if isinstance(extra, list) else []

    def suggestions(self) -> list[Any]:
        """Related procedures offered for these answers (added ones included, so the
        resident can take one back off)."""
        if self.event_id is None:
            return []
        offered_on = {**self.data, "procedures": {"extra": [], "declined": []}}
        return list(self.catalogue.suggestions(self.event_id, offered_on, self.clock.today()))

    def toggle_suggestion(self, procedure_id: str) -> None:
        """Add or remove a related procedure; its forms' questions are asked next."""
        extra = self.extra_procedures
        if procedure_id in extra:
            extra.remove(procedure_id)
        else:
            extra.append(procedure_id)
        self.data.setdefault("procedures", {})["extra"] = extra
        if self.flow is not None and self.flow.current is not None:
            self._go(Screen.QUESTION)
        else:
            self.changed.emit(self.screen)

    def form_ids(self) -> list[str]:
        ids: list[str] = []
        for procedure in self.procedures():
            for form_id in procedure.forms:
                if form_id not in ids:
                    ids.append(form_id)
        return ids

    # -- review and submit ---------------------------------------------------------
    def submission_data(self) -> dict[str, Any]:
        """The application data as the forms and the store take it (a copy)."""
        data = copy.deepcopy(self.data)
        data["event"] = self.event_id
        if self.catalogue.version:  # which catalogue asked these questions
            data["catalogue"] = self.catalogue.version
        offered = {p.id for p in self.suggestions()}
        extra = [p for p in self.extra_procedures if p in offered]
        data["procedures"] = {"extra": extra, "declined": sorted(offered - set(extra))}
        return data

    def submit_started(self, consent: bool) -> None:
        """The resident agreed (the send button states the consent) and sends."""
        if not consent:
            raise ValueError("consent required")
        self.consent = True
        self._go(Screen.SUBMITTING)

    def submit_finished(self, receipt: Receipt) -> None:
        self.receipt = receipt
        notice = None
        if receipt.spooled_reference:
            notice = Notice(
                "kiosk.done.spooled", {"reference": receipt.spooled_reference}, "warning"
            )
        # Any card on the reader, also one the resident stopped using (a blocked card,
        # then the no-card path): it must not stay there for the next person.
        if self.card_present:
            self._go(Screen.TAKE_CARD, notice)
        else:
            self._go(Screen.DONE, notice)

    def tell_once(self, notice: Notice) -> None:
        """Show a message on this screen only."""
        self.notice = notice
        self.changed.emit(self.screen)

    def tell(self, notice: Notice) -> None:
        """Show a message now and on every later screen of this session (e.g. the
        ticket could not be printed: still true when the number shows)."""
        self._lasting = notice
        self.notice = notice
        self.changed.emit(self.screen)

    def submit_failed(self, key: str, params: dict[str, Any] | None = None) -> None:
        """Neither the database nor the spool took it: the resident goes to the counter."""
        self._go(Screen.REVIEW, Notice(key, params or {}))

    # -- end -----------------------------------------------------------------------
    def wipe(self) -> None:
        """Forget the resident: PIN, card data, answers, receipt. Back to the attract
        screen, or to "take your card" while a card is still in the reader."""
        self._wipe_pin()
        self._wipe_staff_pin()
        _scrub(self.data)
        if self.flow is not None:
            self.flow.wipe()
        self._reset()
        self.wiped.emit()
        self.changed.emit(self.screen)


def card_answers(catalogue: Any, card: BasicFour) -> dict[str, Any]:
    """The answers the card gives: every dictionary fact whose `source` is `card.<item>`,
    as the fact's type stores it (dates as ISO text). Sensitive facts (個人番号) are never
    taken, and an item the card left empty answers nothing (the question is asked)."""
    answers: dict[str, Any] = {}
    for spec in catalogue.dictionary.values():
        if not spec.source or not spec.source.startswith("card.") or spec.sensitive:
            continue
        if spec.source == "card.held":
            continue  # the resident's word at the card choice, not the card's
        # card.present: the card itself was read (whose 4 items are the other sources)
        value = (
            True
            if spec.source == "card.present"
            else getattr(card, spec.source.removeprefix("card."), None)
        )
        if value in (None, ""):
            continue
        answers[spec.key] = value.isoformat() if isinstance(value, date) else value
    return answers


def held_answers(catalogue: Any) -> list[str]:
    """The facts the card choice answers: "I have a card, not today" or "I have none"."""
    return [spec.key for spec in catalogue.dictionary.values() if spec.source == "card.held"]


def setting_answers(catalogue: Any, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The answers the kiosk's settings give: every fact whose `source` is
    `setting.<name>` (the municipality the kiosk serves), when that setting is set."""
    answers: dict[str, Any] = {}
    for spec in catalogue.dictionary.values():
        if spec.source and spec.source.startswith("setting."):
            value = settings.get(spec.source.removeprefix("setting."))
            if value not in (None, ""):
                answers[spec.key] = value
    return answers


def _error_params(error: CardError) -> dict[str, Any]:
    return dict(error.params())


def _scrub(value: Any) -> None:
    """Empty nested containers in place, so no other reference keeps the answers."""
    if isinstance(value, dict):
        for v in value.values():
            _scrub(v)
        value.clear()
    elif isinstance(value, list):
        for v in value:
            _scrub(v)
        value.clear()
