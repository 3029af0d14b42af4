"""What a loaded catalogue holds: dictionary fields, procedures, events, departments.

These are plain frozen objects built from the validated YAML (see `forms.schema`), with
ids filled in and expressions compiled. Forms stay the validated `schema.FormFile`
objects; choices stay lists of `schema.Choice`.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.expressions import Expression
from forms.schema import Rule


@dataclass(frozen=True)
class Field:
    """One fact of the data dictionary, with its single key."""

    key: str  # applicant.name, children[].birth_date
    type: str
    label: dict[str, str]
    question: dict[str, str] | None
    help: dict[str, str] | None
    choices: str | None
    rule: Rule | None
    source: str | None
    ask_if: Expression | None
    order: int
    optional: bool
    sensitive: bool
    computed: Expression | None
    group: str | None  # children, for children[].birth_date
    member: str | None  # birth_date, for children[].birth_date
    widget: str | None = None  # calendar, town_list: a better input than the type's default
    reading: str | None = None  # the key of this name's フリガナ (applicant.name_kana)
    widget_if: Expression | None = None  # the widget only when this holds
    era: str | None = None  # a typed date's first era (昭和 for an adult's birth date)
    staff: frozenset[str] = frozenset()  # queue_name, search, glyph_check (schema.StaffUse)
    code: str | None = None  # bank / bank_branch: the fact taking the picked entry's code
    within: str | None = None  # bank_branch: the fact with the bank's code
    quick_dates: tuple[int, ...] = ()  # calendar: days from today offered as one tap
    same_as: str | None = None  # the resident's own fact offered as this answer
    surname_from: str | None = None  # person_name: a name whose surname this one starts with
    instead: str | None = None  # a fact given in place of this one, on its screen
    then_none: str | None = None  # the optional fact next, left empty by a second OK here
    none: dict[str, str] | None = None  # the words of that second OK (on the empty fact)
    then_yes: str | None = None  # a yes/no fact next, answered yes too by a second yes here
    yes_too: dict[str, str] | None = None  # the words of that second yes (on the fact it answers)
    digits_first: bool = False  # a text mostly of digits (番地): its keyboard opens on them
    shortlist: tuple[str, ...] = ()  # country: the codes offered first

    @property
    def askable(self) -> bool:
        """A resident may be asked this (card facts too, when there is no card)."""
        return self.question is not None and self.computed is None and not self.sensitive


@dataclass(frozen=True)
class Group:
    name: str  # children, household.members
    label: dict[str, str]
    count: str  # key of the count question
    max: int
    ask_if: Expression | None


@dataclass(frozen=True)
class Department:
    id: str
    name: dict[str, str]
    counter: dict[str, str]
    order: int


@dataclass(frozen=True)
class Reason:
    """A preset reason for returning or cancelling an application (reasons.yaml)."""

    id: str
    text: dict[str, str]
    actions: tuple[str, ...]
    order: int


@dataclass(frozen=True)
class Procedure:
    id: str
    title: dict[str, str]
    department: Department
    forms: tuple[str, ...]  # ids of the forms that serve it, in batch order
    when: Expression | None
    note: dict[str, str] | None
    order: int
    persons: Expression | None = None  # whom it concerns (names), for the cover


@dataclass(frozen=True)
class SuggestionRule:
    procedure: str
    when: Expression | None
    reason: dict[str, str]


@dataclass(frozen=True)
class OtherEventRule:
    """The answers show another event is the right one (events.yaml `other_event`)."""

    when: Expression
    event: str
    message: dict[str, str]


@dataclass(frozen=True)
class Event:
    id: str
    title: dict[str, str]
    description: dict[str, str] | None
    pictogram: str
    order: int
    screening: tuple[str, ...]
    procedures: tuple[tuple[str, Expression | None], ...]
    suggest: tuple[SuggestionRule, ...]
    other_event: tuple[OtherEventRule, ...] = ()
