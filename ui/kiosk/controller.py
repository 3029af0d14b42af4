"""Wires the kiosk together: session model, card reader, rendering, store, window.

Screens call these methods on taps. Anything that blocks (card, PDF, database) runs
in a worker thread (`ui.threads`); its outcome goes back into the session on the main
thread, and the session's change event redraws the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from card_reader.api import card_status, read_basic_four, reader_matches
from card_reader.backend import ReaderBackend
from card_reader.errors import CardError
from card_reader.monitor import EventKind, ReaderEvent, ReaderMonitor
from i18n import Translator, base_language, translator
from kiosk.application import (
    PreparedApplication,
    prepare_application,
    print_after_submit,
    submit_or_spool,
)
from kiosk.assist import StaffPinCheck
from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.live_catalogue import LiveCatalogue
from kiosk.session import Notice, Receipt, ResidentSession, Screen
from ui.desktop.catalogue_switch import CatalogueSwitch
from ui.theme import TextSize, ThemeName
from ui.threads import run_in_thread

log = logging.getLogger(__name__)


class KioskController(QObject):
    #: Reader events cross from the monitor's thread to the main thread through this.
    reader_event = Signal(object)
    #: Emitted on the main thread after every session change (the window redraws).
    session_changed = Signal()
    #: Text size / contrast / layout changed.
    appearance_changed = Signal()
    #: The resident asked for the language choice (the window shows it over the screen).
    languages_requested = Signal()
    #: A new publication of the catalogue is in use (the window builds its screens again).
    catalogue_switched = Signal()

    def __init__(
        self,
        *,
        catalogue: Any,
        backend: ReaderBackend,
        config: Config,
        store_factory: Callable[[], Any] | None,
        spool: Any,
        ticket_printer: Any = None,
        page_print: Callable[[bytes], None] | None = None,
        demo: bool = False,
        demo_card: Any = None,
        clock: Clock | None = None,
        catalogue_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.catalogue = catalogue
        #: The one clock of this kiosk (the calendar, ages, the forms' dates, the store).
        self.clock = clock or Clock(config.timezone)
        self.backend = backend
        self.config = config
        self.store_factory = store_factory
        self.spool = spool
        self.staff_pin = StaffPinCheck(config.staff_pin_hash)
        self.ticket_printer = ticket_printer
        self.page_print = page_print
        self.demo = demo
        self.demo_card = demo_card
        self.session = ResidentSession(
            catalogue,
            locale=config.default_locale,
            clock=self.clock,
            settings={"municipality": config.municipality},
        )
        self.translator: Translator = translator(self.session.locale)
        self.text_size = TextSize.STANDARD
        self.high_contrast = False
        self.low_layout = False
        #: Read every screen aloud (a resident's choice on the first screen).
        self.read_aloud = False
        self.prepared: PreparedApplication | None = None
        self.print_errors: list[Any] = []
        self.last_error: str | None = None
        self.busy = 0  # workers running; scripted runs wait for zero
        #: Scripted runs only: the scenario's answers, so a name can be typed by the
        #: reading the scenario gives for it.
        self.script_hints: dict[str, Any] = {}
        self.session.changed.connect(lambda _screen: self._on_session_changed())
        self.reader_event.connect(self._on_reader_event)
        self.monitor = ReaderMonitor(backend, self.reader_event.emit)
        #: The reader the resident's card was found in (its removal is the one that counts).
        self._reader_in_use: str | None = None
        #: New publications of the catalogue in `catalogue_dir`, taken up between
        #: residents (`start_monitor` starts the periodic check).
        self.catalogue_switch = CatalogueSwitch(
            LiveCatalogue(catalogue_dir, catalogue),
            seconds=config.catalogue_check_seconds,
            is_safe=self._between_residents,
            apply=self._use_catalogue,
            parent=self,
        )

    # -- lifecycle -----------------------------------------------------------------
    def start_monitor(self) -> None:
        self.monitor.start()
        self.catalogue_switch.start()

    def warm_up(self) -> None:
        """Open the database (schema upgraded) and the name dictionary in the background
        at start, so the first resident does not wait for them. Failures only log: the
        kiosk works without a database (spool) and without the dictionary (kana)."""
        from kiosk import names

        def work() -> None:
            # What the first review and ticket need (reportlab, fonts, QR, Pillow),
            # kept out of the start for the first paint.
            import forms.render  # noqa: F401
            import kiosk.ticket  # noqa: F401

            if names.available():
                names.preload()
            if self.store_factory is not None:
                self.store_factory()

        self._run(
            work,
            on_result=lambda _r: None,
            on_error=lambda e: log.warning("warm-up: %s", type(e).__name__),
        )

    def shutdown(self) -> None:
        self.monitor.stop()
        self.catalogue_switch.stop()

    def _on_session_changed(self) -> None:
        self.translator = translator(self.session.locale)
        self.session_changed.emit()
        self.catalogue_switch.safe_point()

    # -- a new publication of the catalogue ----------------------------------------
    def _between_residents(self) -> bool:
        """The first screen with nobody's data: no event chosen, no card on the reader,
        nothing prepared. A resident half way through keeps the questions they began."""
        s = self.session
        return (
            s.screen == Screen.ATTRACT
            and s.event_id is None
            and not s.card_present
            and self.prepared is None
            and not s.assisted
        )

    def _use_catalogue(self, catalogue: Any) -> None:
        self.catalogue = catalogue
        self.session.catalogue = catalogue
        self.catalogue_switched.emit()

    # -- appearance ------------------------------------------------------------------
    def set_locale(self, locale: str) -> None:
        self.session.set_locale(locale)

    def choose_language(self) -> None:
        self.languages_requested.emit()

    def set_text_size(self, size: TextSize) -> None:
        self.text_size = size
        self.appearance_changed.emit()

    def toggle_high_contrast(self) -> None:
        self.high_contrast = not self.high_contrast
        self.appearance_changed.emit()

    def toggle_read_aloud(self) -> None:
        self.read_aloud = not self.read_aloud
        self.appearance_changed.emit()

    def toggle_low_layout(self) -> None:
        self.low_layout = not self.low_layout
        self.appearance_changed.emit()

    @property
    def theme(self) -> ThemeName:
        return ThemeName.HIGH_CONTRAST if self.high_contrast else ThemeName.STANDARD

    def text_of(self, texts: Any) -> str:
        """A catalogue text ({ja: ..., en: ...}) in the resident's language."""
        return self.translator.text(texts)

    def counter_text(self, procedure: Any) -> str:
        """Where to go for a procedure: '市民課（1階 2番窓口）', 'Citizens Division (…)'."""
        dept = procedure.department
        return self.translator("kiosk.counter_at", department=self.text_of(dept.name),
                       counter=self.text_of(dept.counter))  # fmt: skip

    def display_value(self, key: str) -> str:
        """An answer as the resident should read it back (和暦 dates in Japanese)."""
        from forms.data import dictionary_key, get_value
        from forms.values import answer_text

        spec = self.catalogue.dictionary[dictionary_key(key)]
        value = get_value(self.session.data, key)
        # 本籍 left empty for the nationality given in its place: show that.
        if value in (None, "") and spec.instead and get_value(self.session.data, spec.instead):
            return self.display_value(spec.instead)
        resident = base_language(self.session.locale)  # ja@easy reads dates as Japanese does
        return answer_text(self.catalogue, spec, value, self.translator, resident=resident)

    def offered_suggestions(self) -> list[Any]:
        return self.session.suggestions()

    def suggestion_reason(self, procedure_id: str) -> str:
        if self.session.event_id is None:
            return ""
        reason = self.catalogue.suggestion_reason(self.session.event_id, procedure_id)
        return self.text_of(reason) if reason else ""

    # -- navigation ------------------------------------------------------------------
    def back(self) -> None:
        self.session.back()

    def choose_event(self, event_id: str) -> None:
        self.session.choose_event(event_id)
        # A card already on the reader needs no "use my card" tap.
        self._check_card()

    def continue_without_card(self, held: bool | None = None) -> None:
        self.session.continue_without_card(held)

    def switch_event(self) -> None:
        """The answers call for another event (転居 → 転出): go on as that one."""
        self.prepared = None
        self.session.switch_event()

    def fix_answer(self) -> None:
        self.session.fix_answer()

    # -- staff-assisted mode -------------------------------------------------------------
    def request_assist(self) -> None:
        if self.staff_pin.enabled:
            self.session.request_assist()

    def staff_pin_digit(self, digit: str) -> None:
        self.session.staff_pin_digit(digit)

    def staff_pin_delete(self) -> None:
        self.session.staff_pin_delete()

    def staff_pin_entered(self) -> None:
        pin = self.session.take_staff_pin()

        def checked(ok: bool) -> None:
            if ok:
                self.session.assist_unlocked()
            else:
                self.session.assist_refused(self.staff_pin.locked())

        # argon2 takes a moment on purpose: off the UI thread.
        self._run(
            self.staff_pin.verify,
            pin,
            on_result=checked,
            on_error=lambda e: self.session.assist_refused(False),
        )
        del pin

    def cancel_assist(self) -> None:
        self.session.cancel_assist()

    # -- card ------------------------------------------------------------------------
    @property
    def _reader(self) -> str | None:
        """The `card_reader` setting (a name or pattern); None: the My Number Card's."""
        return self.config.card_reader or None

    def use_card(self) -> None:
        self.session.use_card()
        # A card may already be in the reader: check now rather than wait for an event.
        self._check_card()

    def demo_insert_card(self) -> None:
        if self.demo and self.demo_card is not None:
            self.backend.insert(self.demo_card)  # type: ignore[attr-defined]

    def demo_remove_card(self) -> None:
        if self.demo:
            self.backend.remove()  # type: ignore[attr-defined]

    def _on_reader_event(self, event: ReaderEvent) -> None:
        if event.reader is not None and not reader_matches(event.reader, self._reader):
            return  # a reader outside the card_reader setting
        if event.kind == EventKind.CARD_REMOVED and self._reader_in_use not in (
            None,
            event.reader,
        ):
            return  # a card left another reader (a laptop's own): not the resident's
        if event.kind == EventKind.CARD_INSERTED:
            self.session.card_inserted()
            if self.session.screen in (Screen.CARD_CHOICE, Screen.CARD_INSERT):
                self._check_card(inserted=True)
        elif event.kind == EventKind.CARD_REMOVED:
            self._reader_in_use = None
            self.session.card_removed()

    def _check_card(self, *, inserted: bool = False) -> None:
        """Look at the reader (uses no PIN try); on the card-choice screen a card that
        is already there means "use my card". `inserted`: a card was just inserted."""
        waiting = (Screen.CARD_CHOICE, Screen.CARD_INSERT)
        if self.session.screen not in waiting:
            return

        def done(status: Any) -> None:
            if self.session.screen not in waiting or not status.present:
                return  # no card yet: the monitor's CARD_INSERTED brings us back
            if not status.is_my_number and not inserted and len(self.monitor.state) > 1:
                # With several readers, another card that sat there before the resident
                # was asked (a SAM, a laptop's built-in reader) is not theirs: wait.
                return
            self._reader_in_use = status.reader
            if self.session.screen == Screen.CARD_CHOICE:
                self.session.use_card()
            self.session.card_inserted()
            self.session.card_status_known(status.is_my_number, status.pin_tries_left)

        def failed(error: BaseException) -> None:
            # On the choice screen a missing reader is not news yet: the resident may
            # not want the card. It is reported once they choose to use it.
            if self.session.screen == Screen.CARD_INSERT:
                self._card_failure(error, self.session.card_status_failed)

        self._run(card_status, self.backend, self._reader, on_result=done, on_error=failed)

    def pin_digit(self, digit: str) -> None:
        """A PIN digit. The fourth one reads the card at once, as residents know from
        other My Number Card apps, except with one try left: then the resident looks
        again and taps OK, since a wrong PIN now would lock the card."""
        self.session.pin_digit(digit)
        if self.session.pin_length == 4 and self.session.pin_tries_left != 1:
            self.pin_entered()

    def pin_delete(self) -> None:
        self.session.pin_delete()

    def pin_entered(self) -> None:
        if self.session.pin_length != 4:
            return
        pin = self.session.take_pin()
        self._run(
            read_basic_four,
            self.backend,
            pin,
            self._reader,
            on_result=self.session.card_read_succeeded,
            on_error=lambda e: self._card_failure(e, self.session.card_read_failed),
        )
        del pin

    def _card_failure(self, error: BaseException, report: Callable[[CardError], None]) -> None:
        if isinstance(error, CardError):
            report(error)
        else:  # a bug, not a card problem: say so plainly and keep the kiosk alive
            log.exception("unexpected error while reading the card", exc_info=error)
            self.last_error = type(error).__name__
            # The generic card message ("the card could not be read; ask staff").
            report(CardError(f"unexpected {type(error).__name__}"))

    def card_left(self) -> None:
        """The "take your card" reminder timed out: tell staff, keep the card there."""
        self.session.card_left()
        receipt = self.session.receipt
        # Staff watch the kiosk's log and screen; an application also carries the flag.
        log.warning("a card was left in the reader at %s: staff called", self.config.terminal_id)
        if receipt is None or not receipt.reception_number or self.store_factory is None:
            return

        def note() -> None:
            assert self.store_factory is not None and receipt is not None
            self.store_factory().record_terminal_note(
                receipt.application_id, "kiosk.card_left", self.config.terminal_id
            )

        self._run(
            note,
            on_result=lambda _r: None,
            on_error=lambda e: log.warning("could not tell staff: %s", type(e).__name__),
        )

    def confirm_card(self, correct: bool, readings: Mapping[str, str] | None = None) -> None:
        self.session.confirm_card(correct, readings)

    # -- questions -------------------------------------------------------------------
    def answer(self, value: Any, also: dict[str, Any] | None = None) -> None:
        """Take the current question's answer, unless the fact's rule refuses it (an
        empty 番地, too long a text): then the resident is told why, on the same
        question, and nothing they typed is lost."""
        from forms.checks import check_answer
        from forms.data import dictionary_key

        flow = self.session.flow
        key = flow.current if flow is not None else None
        if key is not None:
            refused = [i for i in check_answer(self.catalogue, key, value) if i.severity == "error"]
            spec = self.catalogue.dictionary[dictionary_key(key)]
            if spec.widget == "person_name" and value:
                # A name is the resident's own: never cut, never refused for its
                # length; staff check what the forms cannot hold, and the kanji of a
                # name kept in katakana (as the screen promised).
                if any(i.code == "too_long" for i in refused):
                    self._flag("kiosk.flag.name_too_long")
                    refused = [i for i in refused if i.code != "too_long"]
                if _kana_only(str(value)):
                    self._flag("kiosk.flag.name_kana_only")
            if refused:
                issue = refused[0]
                params = {**issue.params, "label": self.text_of(spec.label)}
                self.session.tell_once(Notice(issue.message, params))
                return
        if spec_instead := self._instead_of(key):
            # An answer of its own: what might have been given instead is not.
            also = {spec_instead: "", **(also or {})}
        self.prepared = None  # the forms change with the answers
        self.session.answer(value, also)

    def _instead_of(self, key: str | None) -> str | None:
        from forms.data import dictionary_key

        if key is None:
            return None
        return self.catalogue.dictionary[dictionary_key(key)].instead

    def instead_offered(self, key: str) -> str | None:
        """The fact the current screen offers to give in place of `key`, if any."""
        from forms.questions import instead_offered

        data = self.session.submission_data()
        return instead_offered(self.catalogue, key, data, self.clock.today())

    def then_none_offered(self, key: str) -> str | None:
        """The optional fact the current screen may leave empty with its answer."""
        from forms.questions import then_none_offered

        data = self.session.submission_data()
        return then_none_offered(self.catalogue, key, data, self.clock.today())

    def then_yes_offered(self, key: str) -> str | None:
        """The yes/no fact the current screen's second yes answers yes too."""
        from forms.questions import then_yes_offered

        flow = self.session.flow
        if flow is None:
            return None
        # The flow's own data: what its questions are worked out from.
        return then_yes_offered(self.catalogue, flow.event_id, key, flow.data, flow.today())

    def given_here(self, key: str) -> bool:
        """Fact `key` was given by the current question's screen (not its own)."""
        flow = self.session.flow
        return flow is not None and flow.given_by.get(key) == flow.current

    def answer_instead(self, value: Any) -> None:
        """The current question's `instead` fact answered in its place (国籍・地域 for
        本籍): checked by that fact's rule, and the question itself left empty."""
        from forms.checks import check_answer

        flow = self.session.flow
        other = self._instead_of(flow.current if flow is not None else None)
        if other is None:
            return
        refused = [i for i in check_answer(self.catalogue, other, value) if i.severity == "error"]
        if refused:
            label = self.text_of(self.catalogue.dictionary[other].label)
            self.session.tell_once(
                Notice(refused[0].message, {**refused[0].params, "label": label})
            )
            return
        self.prepared = None
        self.session.answer("", {other: value})

    def _flag(self, key: str) -> None:
        if key not in self.session.staff_flags:
            self.session.staff_flags.append(key)

    def go_to_question(self, key: str) -> None:
        self.session.go_to_question(key)

    def preview_tapped(self, page: int, x_mm: float, y_mm: float) -> None:
        """A tap on a form preview: to the question that filled what is printed there."""
        prepared = self.prepared
        if prepared is None:
            return
        path = _fact_at(prepared.areas, page, x_mm, y_mm)
        key = self.session.question_for_fact(path) if path else None
        if key is not None:
            self.session.go_to_question(key)
        elif path is not None:
            self.session.tell_once(Notice("kiosk.review.from_card", severity="info"))

    def toggle_suggestion(self, procedure_id: str) -> None:
        self.prepared = None  # other procedures, other forms
        self.session.toggle_suggestion(procedure_id)

    # -- review and submit -------------------------------------------------------------
    def prepare_review(self, on_ready: Callable[[PreparedApplication], None]) -> None:
        """Render the batch for the review's previews (in a worker)."""

        wanted = self.session.submission_data()

        def ready(prepared: PreparedApplication) -> None:
            # Only if the answers did not change while it was being rendered.
            if self.session.submission_data() == wanted:
                self.prepared = prepared
                on_ready(prepared)

        def failed(error: BaseException) -> None:
            log.error("rendering the forms failed: %s", type(error).__name__)
            self.session.submit_failed("kiosk.review.render_failed")

        self._run(
            prepare_application, self.catalogue, self.session, on_result=ready, on_error=failed
        )

    def submit(self) -> None:
        """The review's send button: it states the consent, so pressing it is the
        resident's consent and the submission."""
        if self.session.screen != Screen.REVIEW:
            return
        self.session.submit_started(consent=True)
        prepared = self.prepared

        def work() -> Receipt:
            nonlocal prepared
            if prepared is None:
                prepared = prepare_application(self.catalogue, self.session)
            receipt = submit_or_spool(
                prepared, self.session, self.config, self.store_factory, self.spool
            )
            return self._with_wait(receipt)

        def failed(error: BaseException) -> None:
            log.error("submission failed: %s", type(error).__name__)
            key = getattr(error, "key", "kiosk.submit.failed")
            self.session.submit_failed(key)

        def done(receipt: Receipt) -> None:
            self.session.submit_finished(receipt)
            if self.prepared is None and prepared is not None:
                self.prepared = prepared
            self._print(receipt)

        self._run(work, on_result=done, on_error=failed)

    def _with_wait(self, receipt: Receipt) -> Receipt:
        """The receipt with the people ahead and today's typical wait (in the submit
        worker; the number is never held back by a statistics query that fails)."""
        if not receipt.reception_number or self.store_factory is None:
            return receipt
        from dataclasses import replace

        from kiosk.waiting import estimate_wait

        try:
            wait = estimate_wait(self.store_factory(), self.config.counter_group, self.clock.now())
        except Exception as exc:  # the number matters, the estimate does not
            log.warning("no wait estimate: %s", type(exc).__name__)
            return receipt
        return replace(receipt, waiting_ahead=wait.ahead, wait_minutes=wait.minutes)

    def _print(self, receipt: Receipt) -> None:
        """Ticket (and forms) in a worker; a failure is a message, never a lost place."""
        prepared = self.prepared
        if prepared is None:
            return

        def work() -> list[Any]:
            return print_after_submit(
                receipt,
                prepared,
                self.session,
                self.config,
                self.ticket_printer,
                self.store_factory,
                self.page_print,
                self.translator("kiosk.done.where"),
            )

        def printed(errors: list[Any]) -> None:
            self.print_errors = errors
            if errors and self.session.receipt is receipt:
                self.session.tell(Notice("kiosk.done.print_failed", {}, "warning"))

        def failed(error: BaseException) -> None:
            log.error("printing failed: %s", type(error).__name__)

        self._run(work, on_result=printed, on_error=failed)

    def finish(self) -> None:
        """The resident is done (or timed out): forget everything."""
        self.prepared = None
        self.session.wipe()

    # -- threads -----------------------------------------------------------------------
    def _run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self.busy += 1

        def result(value: Any) -> None:
            self.busy -= 1
            on_result(value)

        def error(exc: BaseException) -> None:
            self.busy -= 1
            on_error(exc)

        run_in_thread(fn, *args, on_result=result, on_error=error, receiver=self)


def _kana_only(name: str) -> bool:
    """A name with no kanji at all (kept in katakana on the name screen)."""
    letters = [ch for ch in name if not ch.isspace()]
    return bool(letters) and all("\u30a0" <= ch <= "\u30ff" for ch in letters)


def _fact_at(areas: list[Any], page: int, x_mm: float, y_mm: float) -> str | None:
    from forms.render import RenderedBatch

    return RenderedBatch(b"", 0, areas=list(areas)).fact_at(page, x_mm, y_mm)


__all__ = ["KioskController"]
