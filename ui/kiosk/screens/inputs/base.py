"""What every input page of a question shares: the question it is built for, and the
small protocol the question screen talks to it through.

A page is one way of answering: it is built for a question (`build`, False when it has
nothing to offer, so the table's next page is tried), holds what is being typed
(`value`, `set_value`), says why an input is refused (`refused`, a notice key), names
its texts and read-aloud names in the resident's language (`retranslate`), and knows
the taps a resident makes to give a value (`taps_for`, for scripted runs). An answer
leaves it by `answered(value, also)`: `also` the other facts the same tap sets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from forms.data import get_value

if TYPE_CHECKING:
    from ui.kiosk.controller import KioskController

Tr = Callable[..., str]


@dataclass(frozen=True)
class Question:
    """The question a page is built for: its data path, dictionary field, the answer
    given before (None: not yet) and the widget the dictionary asks for now."""

    key: str
    field: Any
    current: Any = None
    widget: str | None = None

    def member_path(self, other: str) -> str:
        """The data path of dictionary key `other` for this question's member."""
        return member_path(self.key, other)

    def sibling(self, name: str) -> str:
        """new_address.postal_code → new_address.address."""
        return self.key.rsplit(".", 1)[0] + "." + name


class InputPage(QWidget):
    #: An answer, and the other facts (path → value) the same tap sets, or None.
    answered = Signal(object, object)
    #: An input refused: the notice key saying why.
    refused = Signal(str)
    #: Another page of the screen to continue on ("type it instead"): its class.
    switch = Signal(object)

    def __init__(self, controller: KioskController, pages: Callable[[type], InputPage]) -> None:
        super().__init__()
        self.controller = controller
        #: The screen's page of a class (for the taps of a page this one switches to).
        self.page_of = pages
        self.question = Question("", None)

    @property
    def session(self) -> Any:
        return self.controller.session

    def build(self, question: Question) -> bool:
        """Show `question`'s input, its earlier answer in it; False: none to offer."""
        self.question = question
        return True

    def value(self) -> Any:
        """What the input holds before it is given (None: it holds nothing typed)."""
        return None

    def set_value(self, value: Any) -> bool:
        """Put `value` in the input to be changed or confirmed; False: it cannot."""
        return False

    def give(self) -> None:
        """Answer with what the input holds, as its OK does."""
        self.answer(self.value())

    def clear(self) -> None:
        """Forget what was typed (a new session)."""

    def retranslate(self, tr: Tr) -> None:
        """Texts and read-aloud names in the resident's language."""

    def taps_for(self, value: Any) -> list[str]:
        """The widget names a resident taps here to give `value` (scripted runs)."""
        raise NotImplementedError

    def note(self) -> str:
        """A message key said under the question's help while this page shows, or ""."""
        return ""

    def heading(self, tr: Tr) -> tuple[str, str] | None:
        """The heading and help this page shows in place of the question's own, where
        the question's words fit another page (a town list under a postal code's)."""
        return None

    def answer(self, value: Any, also: dict[str, Any] | None = None) -> None:
        self.answered.emit(value, also)

    def taps_after_switch(self, page: type[InputPage], value: Any) -> list[str]:
        """The taps on page `page` once this page has switched to it."""
        other = self.page_of(page)
        other.build(self.question)
        return other.taps_for(value)

    def hold(self, widget: QWidget) -> None:
        """Make `widget` the whole page (the pages that are one widget)."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(widget)

    def data_at(self, path: str, default: Any = "") -> Any:
        return get_value(self.session.data, path, default)

    def listed_codes(self, code: str | None) -> dict[str, Any]:
        """What an answer to a listed name (a bank's, a branch's) sets besides it: its
        code, and — when the bank changes — the branch asked again (a branch belongs to
        one bank). Nothing for a fact without a `code`."""
        field = self.question.field
        if field is None or not field.code:
            return {}
        also: dict[str, Any] = {field.code: code}
        if self.data_at(field.code, None) != code:
            for other in self.controller.catalogue.dictionary.values():
                if other.within == field.code:
                    also[other.key] = None
                    if other.code:
                        also[other.code] = None
        return also


def member_path(key: str, other: str) -> str:
    """The path of dictionary key `other` for the same member as data path `key`:
    ('children[1].name', 'children[].name_kana') → 'children[1].name_kana'."""
    if "[" in key and "[]" in other:
        group_index = key[: key.index("]") + 1]  # children[1]
        return group_index + other[other.index("]") + 1 :]
    return other
