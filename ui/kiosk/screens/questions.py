"""One question per screen, with the input that suits its field.

The input pages are in `ui.kiosk.screens.inputs`; which one answers a question is
their table's (`inputs.table`, keyed by the field's type and widget). This screen
holds what every question has around its input: the help, "same as you" (`same_as`),
skip for an optional fact, the fact a resident may give instead (`instead`), an OK
that also leaves the next optional fact empty (`then_none`), and a yes that answers the
next yes/no question yes too (`then_yes`, on the yes/no page).
Inputs hold only what is being typed; an answer goes to the session at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from forms.data import dictionary_key, get_value
from kiosk.session import Notice, Screen
from ui.kiosk.screens.base import ScreenWidget
from ui.kiosk.screens.inputs.base import InputPage, Question
from ui.kiosk.screens.inputs.choices import YesNoPage
from ui.kiosk.screens.inputs.places import CountryPage
from ui.kiosk.screens.inputs.table import PAGE_CLASSES, pages_for
from ui.kiosk.screens.inputs.typed import KeyboardPage
from ui.widgets.buttons import role_label, set_button_text, touch_button
from ui.widgets.layouts import CurrentPageStack
from ui.widgets.tile import WrapButton, wrapping_button

if TYPE_CHECKING:
    from ui.kiosk.controller import KioskController


class QuestionScreen(ScreenWidget):
    shows = Screen.QUESTION

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.help = role_label(role="subtitle", name="help")
        self.body.addWidget(self.help)
        # "Same as you": the resident's own answer given with one tap (口座名義, 筆頭者, the
        # deceased's address: the dictionary's `same_as`); the input below still takes
        # another answer, and coming back shows this one there to change.
        # An address is long: its words wrap rather than widen the screen.
        self.same_as = WrapButton("same_as")
        self.same_as.clicked.connect(self._fill_same_as)
        self.body.addWidget(self.same_as)
        self.inputs = CurrentPageStack()
        self.body.addWidget(self.inputs, 1)
        self.pages: dict[type, InputPage] = {}
        for cls in PAGE_CLASSES:
            page = cls(controller, self.page_of)
            page.answered.connect(self._answered)
            page.refused.connect(lambda key: self.show_notice(Notice(key)))
            page.switch.connect(self._switch)
            self.pages[cls] = page
            self.inputs.addWidget(page)
        yes_no = self.pages[YesNoPage]
        assert isinstance(yes_no, YesNoPage)
        self.yes_no = yes_no  # its second yes is the screen's to offer (`then_yes`)
        #: The page shown, and the question it shows (the `instead` fact's, on its page).
        self.page: InputPage = self.pages[KeyboardPage]
        self.question = Question("", None)

        self.skip = touch_button("answer_skip")
        self.skip.clicked.connect(lambda: self.controller.answer(""))
        self.footer.addWidget(self.skip)
        # The fact a resident may give in place of this one (`instead` in the
        # dictionary): in the footer, always on the display whatever the page shows.
        # Its words are a whole question: they wrap rather than widen the screen.
        self.instead = WrapButton("answer_instead")
        self.instead.keep_words = True  # "kewarganegaraan" at the largest text, uncut
        self.instead.clicked.connect(self._toggle_instead)
        self.footer.addWidget(self.instead)
        # This answer, and the optional fact asked next left empty (`then_none`: no
        # building for a house), a screen less; the input's own OK still asks it.
        # One line where there is the room (a 360 px wish wrapped "Confirmar (sem
        # prédio)" in a button a line short: its descenders cut).
        self.then_none = wrapping_button("answer_then_none")
        self.then_none.setProperty("role", "primary")
        self.then_none.clicked.connect(self._give_then_none)
        self.footer.addWidget(self.then_none)
        self._none_too = False
        #: The facts this screen's second answers give (`then_none`, `then_yes`),
        #: worked out once per refresh: each asks the flow what it would ask next.
        self._then_none: Any = None
        self._then_yes: Any = None
        self._own_page = self.page
        self._shown: tuple[str, int] | None = None
        #: The translator the input pages last took their words from.
        self._pages_speak: object = None

    def page_of(self, cls: type) -> InputPage:
        return self.pages[cls]

    def _show(self, page: InputPage) -> None:
        self.page = page
        self.inputs.setCurrentWidget(page)

    def _switch(self, cls: type) -> None:
        """From one page of the question to another ("type it instead")."""
        page = self.pages[cls]
        page.build(self.question)
        self._show(page)
        self.refresh()  # the question's own heading again, if the last page had its own

    # -- drawing ---------------------------------------------------------------------
    def field(self, key: str) -> Any:
        return self.controller.catalogue.dictionary[dictionary_key(key)]

    def clear(self) -> None:
        super().clear()
        self._shown = None
        self._then_none = self._then_yes = None
        for page in self.pages.values():
            page.clear()
        self.title.clear()
        self.help.clear()

    def refresh(self) -> None:
        super().refresh()
        flow = self.session.flow
        if flow is None or flow.current is None:
            return
        key = flow.current
        field = self.field(key)
        text_of = self.controller.text_of
        self.title.setText(_named(self.controller, key, text_of(field.question or field.label)))
        help_text = text_of(field.help) if field.help else ""
        member = _member_note(self.controller, key)
        # What the forms hold, said before the resident types (a longer name is
        # taken and checked by staff; other texts are refused with the reason).
        limit = ""
        if field.rule is not None and field.rule.max_length and field.type in ("text", "kana"):
            limit = self.translator("kiosk.question.max_length", max=field.rule.max_length)
        # The limit ends the last line rather than taking its own: on a keyboard screen
        # a line more pushed the keyboard's last row below the fold.
        lines = [t for t in (member, help_text) if t] or [""]
        lines[-1] = " ".join(t for t in (lines[-1], limit) if t)
        self.help.setText("\n".join(lines))
        self.help.setVisible(bool(self.help.text()))
        self.progress.setText(
            self.translator("kiosk.question.progress", step=flow.step, total=flow.total_estimate)
        )
        set_button_text(self.skip, self.translator("kiosk.question.skip"))
        same = self._same_as_value(key)
        self.same_as.set_text(self.translator("kiosk.question.same_as", value=same))
        self.same_as.setVisible(bool(same))
        # The last question's footer buttons hidden before this one's show: both at once
        # (an optional question's skip and 本籍's "nationality instead") grew the window
        # past a portrait display for a moment, and a window never shrinks back.
        self.skip.hide()
        self.instead.hide()
        self.then_none.hide()
        self.instead.setVisible(self.controller.instead_offered(key) is not None)
        self.skip.setVisible(bool(getattr(field, "optional", False)))
        self._then_none = none = self._then_none_field(key)
        self._then_yes = both = self._then_yes_field(key)
        if none is not None:
            self.then_none.set_text(text_of(none.none))
            self.then_none.show()
        self.yes_no.offer_both(both.key if both else None, text_of(both.yes_too) if both else "")
        # Rebuild the input only when the question changes (or the session restarted).
        marker = (key, id(self.session.data))
        if marker != self._shown:
            self._shown = marker
            self.body_scroll.verticalScrollBar().setValue(0)  # a new question starts at the top
            self._build_input(key, field, flow.current_value())
        if heading := self.page.heading(self.translator):
            self.title.setText(heading[0])  # the page's words fit it (a town list)
            self.help.setText(" ".join(t for t in (heading[1], limit) if t))
            self.help.setVisible(True)
        if note := self.page.note():
            self.help.setText("\n".join(t for t in (self.help.text(), self.translator(note)) if t))
            self.help.setVisible(True)
        self._retranslate_inputs()
        self._show_instead_text(field)

    def _retranslate_inputs(self) -> None:
        """The shown page's words on every refresh (they may follow its question: "type
        it instead"); the other pages' only when the language changed (each keyboard
        redrew all its keys on every screen change)."""
        tr = self.translator
        changed = tr is not self._pages_speak
        for page in self.pages.values() if changed else [self.page]:
            page.retranslate(tr)
        self._pages_speak = tr

    def _build_input(self, key: str, field: Any, current: Any) -> None:
        """The first page of the table's entry for this field that has an input to
        offer (the last of an entry always has)."""
        widget = self.controller.catalogue.widget_for(
            key, self.session.submission_data(), self.controller.clock.today()
        )
        self.question = Question(key, field, current, widget)
        for cls in pages_for(field.type, widget):
            if self.pages[cls].build(self.question):
                break
        self._show(self.pages[cls])

    def _answered(self, value: Any, also: dict[str, Any] | None) -> None:
        none_too, self._none_too = self._none_too, False
        if self._on_instead():
            self.controller.answer_instead(value)  # the fact given instead of this one
            return
        given = dict(also or {})
        # Each second answer's fact: given by its button (then_yes's True comes with
        # the page's answer), or asked again (None) after a plain answer that follows it.
        for other, chosen in ((self._then_none, "" if none_too else None), (self._then_yes, None)):
            if other is None or other.key in given:
                continue
            if chosen is not None or self.controller.given_here(other.key):
                given[other.key] = chosen
        self.controller.answer(value, given or None)

    # -- this answer and the next one empty (`then_none`) ------------------------------
    def _then_none_field(self, key: str) -> Any:
        """The optional fact this screen's second OK leaves empty, when it is asked."""
        other = self.controller.then_none_offered(key) if key else None
        return self.field(other) if other else None

    def _then_yes_field(self, key: str) -> Any:
        """The yes/no fact this screen's second yes answers too, when it is asked."""
        other = self.controller.then_yes_offered(key) if key else None
        return self.field(other) if other else None

    def _give_then_none(self) -> None:
        self._none_too = True
        self.page.give()
        self._none_too = False  # refused (an empty 番地): the next OK is a plain one

    # -- a fact given instead (国籍・地域 on the 本籍 screen) -------------------------------
    def _instead_field(self) -> Any:
        """The fact this screen offers to give in its place (its ask_if holding), if any."""
        offered = self.controller.instead_offered(self.question.key) if self.question.key else None
        return self.field(offered) if offered else None

    def _on_instead(self) -> bool:
        return self.page is self.pages[CountryPage] and self.page.question is not self.question

    def _toggle_instead(self) -> None:
        """To the other fact's input and back (the button then names this fact)."""
        other = self._instead_field()
        if other is None:
            return
        if self._on_instead():
            self._show(self._own_page)
        else:
            self._own_page = self.page
            country = self.pages[CountryPage]
            country.build(Question(other.key, other))
            self._show(country)
        self._show_instead_text(self.question.field)

    def _show_instead_text(self, field: Any) -> None:
        other = self._instead_field()
        if other is None:
            return
        on_other = self._on_instead()
        text_of = self.controller.text_of
        set_button_text(self.instead, text_of(field.label if on_other else other.question))
        # On the list, its short name as the heading (the button said the question),
        # and no help: it pointed at the button; the list needs the room.
        self.title.setText(text_of(other.label if on_other else field.question or field.label))
        self.help.setVisible(not on_other and bool(self.help.text()))

    # -- same as the resident's own answer -------------------------------------------
    def _same_as_value(self, key: str) -> str:
        """The resident's own answer this question may take (`same_as`), if known."""
        field = self.field(key)
        if not field.same_as:
            return ""
        data, today = self.session.submission_data(), self.controller.clock.today()
        return str(self.controller.catalogue.value(data, field.same_as, today) or "")

    def _fill_same_as(self) -> None:
        """Answer with the resident's own answer, through the input as its OK would
        (a name with its reading); a page that cannot hold it gives way to the keyboard."""
        if not self.question.key:
            return
        value = self._same_as_value(self.question.key)
        if not self.page.set_value(value):
            self._switch(KeyboardPage)
            self.page.set_value(value)
        self.page.give()

    # -- scripted runs -----------------------------------------------------------------
    def taps_for(self, value: Any) -> list[str]:
        """The widget names a resident would tap to give `value` (scripted runs)."""
        if value == "" and self.skip.isVisible():
            return ["answer_skip"]
        instead = self._instead_field()
        if value in ("", None) and instead is not None:
            given = get_value(self.controller.script_hints, instead.key, "")
            country = self.pages[CountryPage]
            if self._on_instead():
                return country.taps_for(given)
            country.build(Question(instead.key, instead))  # as answer_instead will show it
            return ["answer_instead", *country.taps_for(given)]
        key = self.question.key
        if self.same_as.isVisible() and key and value == self._same_as_value(key):
            return ["same_as"]
        taps = self.page.taps_for(value)
        both = self._then_yes
        hints = self.controller.script_hints
        if both and taps == ["answer_yes"] and get_value(hints, both.key, None) is True:
            return ["answer_then_yes"]  # this yes and that one
        none = self._then_none
        hinted = get_value(self.controller.script_hints, none.key, None) if none else None
        if hinted == "" and taps[-1:] == ["answer_ok"]:
            return [*taps[:-1], "answer_then_none"]  # this answer and that one empty
        return taps


#: In a repeat-group question's words, the person it is about: their name as entered
#: ("山田　花子さん", kiosk.question.person), else kiosk.question.this_person ("この方"):
#: under 「ご家族（1人目）」 "この方" did not say whose card was meant.
PERSON = "{person}"


def _named(controller: Any, key: str, text: str) -> str:
    if PERSON not in text or "[" not in key:
        return text
    item = key.rsplit(".", 1)[0]  # household.members[0].has_card → household.members[0]
    name = get_value(controller.session.data, f"{item}.name")
    tr = controller.translator
    person = tr("kiosk.question.person", name=name) if name else tr("kiosk.question.this_person")
    return text.replace(PERSON, person)


def _member_note(controller: Any, key: str) -> str:
    """'お子さん（2人目）' for repeat-group questions."""
    if "[" not in key:
        return ""
    group, rest = key.split("[", 1)
    index = int(rest.split("]", 1)[0])
    groups = controller.catalogue.groups
    label = controller.text_of(groups[group].label) if group in groups else group
    return controller.translator("kiosk.question.member", group=label, number=index + 1)
