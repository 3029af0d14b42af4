"""Which input page answers a question: a table keyed by the dictionary field's
(type, widget). Each entry lists pages in order; the first that has something to offer
for the question shows (number buttons for a small range, else the keypad; a bank
list, else the keyboard). A new widget kind is one entry here and its page class;
forms.schema.WIDGET_TYPES says which types a widget fits, and the catalogue check
refuses any other pair with its location, so every pair a catalogue holds is here."""

from __future__ import annotations

from ui.kiosk.screens.inputs.banks import BankListPage
from ui.kiosk.screens.inputs.base import InputPage
from ui.kiosk.screens.inputs.choices import (
    ChoicesPage,
    KnownAddressesPage,
    MultiChoicePage,
    NumberButtonsPage,
    ReadingsPage,
    YesNoPage,
)
from ui.kiosk.screens.inputs.dates import CalendarPage, DateEntryPage
from ui.kiosk.screens.inputs.names import PersonNamePage
from ui.kiosk.screens.inputs.places import AddressPickerPage, CountryPage, TownsPage
from ui.kiosk.screens.inputs.typed import KeyboardPage, KeypadPage, LatinReadingPage

Pages = tuple[type[InputPage], ...]

PAGES: dict[tuple[str, str | None], Pages] = {
    ("yes_no", None): (YesNoPage,),
    ("choice", None): (ChoicesPage,),
    ("multi_choice", None): (MultiChoicePage,),
    ("date", None): (DateEntryPage,),
    ("date", "calendar"): (CalendarPage,),
    ("integer", None): (NumberButtonsPage, KeypadPage),
    ("digits", None): (KeypadPage,),
    ("phone", None): (KeypadPage,),
    ("postal_code", None): (KeypadPage,),
    ("postal_code", "town_list"): (TownsPage, KeypadPage),
    ("address", None): (KnownAddressesPage, AddressPickerPage),
    ("country", None): (CountryPage,),
    ("text", None): (KeyboardPage,),
    ("text", "person_name"): (PersonNamePage, KeyboardPage),
    ("text", "bank"): (BankListPage, KeyboardPage),
    ("text", "bank_branch"): (BankListPage, KeyboardPage),
    ("kana", None): (LatinReadingPage, ReadingsPage, KeyboardPage),
}

#: Every page class, each shown by one page of the question screen.
PAGE_CLASSES: Pages = tuple(dict.fromkeys(c for entry in PAGES.values() for c in entry))


def pages_for(field_type: str, widget: str | None) -> Pages:
    """The pages to try for a question, in order."""
    return PAGES[(field_type, widget)]
