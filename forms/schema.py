"""The schema of the definition files (pydantic), one model per file kind.

    dictionary.yaml   groups + fields: every fact, with its one key
    choices.yaml      named choice lists
    departments.yaml  counters and departments (names are data: cities rename them)
    reasons.yaml      preset reasons staff give when they return or cancel (optional)
    procedures.yaml   procedures: title, department, conditions
    events.yaml       life events: screening questions, procedures, suggestions
    forms/*.yaml      one form each: fields with boxes on the A4 page

`forms/data/schema/*.json` is generated from these models (`madoguchi forms schema`)
for editors that understand JSON Schema.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

#: A4 in millimetres; boxes are (x, y, width, height) from the top-left corner.
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0


def _country_codes(values: list[str]) -> list[str]:
    from forms.countries import codes

    unknown = [v for v in values if v not in codes()]
    if unknown:
        raise ValueError(f"not an ISO 3166-1 code of a nationality or region: {unknown}")
    return values


def _has_japanese(text: dict[str, str]) -> dict[str, str]:
    if "ja" not in text:
        raise ValueError("needs at least a Japanese text under 'ja'")
    return text


#: Text in several languages: {ja: 氏名, en: Name}; Japanese is required.
Text = Annotated[dict[str, str], AfterValidator(_has_japanese)]
Box = tuple[float, float, float, float]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------------------- dictionary

FieldType = Literal[
    "text", "kana", "date", "integer", "yes_no", "choice", "multi_choice",
    "postal_code", "address", "phone", "digits", "country",
]  # fmt: skip
Widget = Literal["calendar", "town_list", "person_name", "bank", "bank_branch"]
#: The field types each widget fits (the catalogue check refuses any other pair; the
#: kiosk has an input page for each type alone and each pair: ui.kiosk.screens.inputs.table).
WIDGET_TYPES: dict[str, tuple[str, ...]] = {
    "calendar": ("date",),
    "town_list": ("postal_code",),
    "person_name": ("text",),
    "bank": ("text",),
    "bank_branch": ("text",),
}
#: What the staff desk uses a fact for (see DictionaryField.staff).
StaffUse = Literal["queue_name", "search", "glyph_check"]
CardSource = Literal[
    "card.name",
    "card.address",
    "card.birth_date",
    "card.sex",
    "card.individual_number",
    "card.present",  # true when the kiosk read a card (the fact is never asked)
    # what the resident said choosing not to use the card ("I have one" / "I have none");
    # asked as its question when not said there
    "card.held",
]
#: A kiosk setting (kiosk.config): the kiosk fills the fact from its configuration.
SettingSource = Literal["setting.municipality"]


class Rule(Strict):
    """Validation of one value. `message` overrides the default forms.check.* key."""

    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    min: int | None = None
    max: int | None = None
    message: str | None = None


class DictionaryField(Strict):
    type: FieldType
    label: Text
    #: The question the kiosk asks, in plain words (None: never asked, e.g. computed).
    question: Text | None = None
    help: Text | None = None
    choices: str | None = None
    rule: Rule | None = None
    source: CardSource | SettingSource | None = None
    ask_if: str | None = None
    #: Global asking order: the same fact comes at the same point in every event.
    order: int = 1000
    #: May be left empty ("" is an answer); None in the data means "not asked yet".
    optional: bool = False
    #: Only from the card, never typed, never logged (個人番号).
    sensitive: bool = False
    #: Derived from other facts; never asked.
    computed: str | None = None
    #: How the kiosk offers the answer, when the type's default is not the best fit:
    #: `calendar` (a month calendar: dates near today, such as the day of a move),
    #: `town_list` (postal codes: the towns of this municipality to pick from),
    #: `person_name` (a name in kanji: typed as its reading, then picked from the
    #: kanji a name dictionary offers), `bank` (every Japanese bank, by kana row, the
    #: kiosk's `banks_first` on top), `bank_branch` (the branches of the bank in
    #: `within`, by kana). From a list, the name is the answer and the entry's code
    #: goes to `code`; "not in the list" types the name and leaves `code` empty.
    widget: Widget | None = None
    #: For `bank` / `bank_branch`: the fact that takes the picked entry's code
    #: (金融機関コード 4 digits, 支店コード 3 digits).
    code: str | None = None
    #: For `bank_branch`: the fact holding the code of the bank whose branches are listed.
    within: str | None = None
    #: For a `calendar` date: days from today offered as one-tap choices above the
    #: month (0 today, -1 yesterday, -7 a week ago; +7 a week from now).
    quick_dates: list[Annotated[int, Field(ge=-366, le=366)]] = []
    #: A fact of the resident's own this answer is often the same as (口座名義 and
    #: the applicant's フリガナ, 筆頭者 and the applicant's name): one tap puts it in
    #: the input, where it can still be changed.
    same_as: str | None = None
    #: A name whose surname (and its reading) this name starts with, the given name
    #: still to type: a family member's (a baby's, the deceased's) from the applicant's.
    #: The surname stays editable.
    surname_from: str | None = None
    #: The widget only when this holds (e.g. this municipality's towns only for a
    #: move into or within it: "event != 'moving_out'").
    widget_if: str | None = None
    #: For a person's name: the key of its フリガナ (a kana field). The kiosk offers
    #: readings of the name, and a name chosen by its reading fills the フリガナ too.
    reading: str | None = None
    #: For a typed date: the era the kiosk's date keypad starts in (None: 令和).
    #: 昭和 for an adult's date of birth saves most residents a tap.
    era: Literal["令和", "平成", "昭和", "大正"] | None = None
    #: What the staff desk uses the stored answer for: `queue_name` (the application's
    #: name in the queue: the first such fact answered, in asking order), `search`
    #: (found by the queue's search box), `glyph_check` (a character outside JIS X 0208
    #: opens a 外字/字形 check for staff).
    staff: list[StaffUse] = []
    #: Another fact the resident may give in place of this one, on this fact's screen
    #: (本籍 → 国籍・地域 for a resident who is not a Japanese national): the screen
    #: offers that fact's question as a button; giving it leaves this fact empty. That
    #: fact is not asked on a screen of its own.
    instead: str | None = None
    #: An optional fact asked right after this one that most residents leave empty
    #: (方書 for a house): this fact's screen offers a second OK that gives this answer
    #: and leaves that fact empty, a screen less. The button's words are that fact's
    #: `none`; the plain OK still asks it.
    then_none: str | None = None
    #: The words of the OK that leaves this (optional) fact empty from the screen
    #: before it (`then_none` there): 「決定（建物名なし）」.
    none: Text | None = None
    #: A yes/no fact asked right after this yes/no one whose answer is most often yes
    #: when this one's is (前住所の世帯主は同じ after 本人が世帯主): this fact's screen
    #: offers a second yes that answers both yes, a screen less. The button's words are
    #: that fact's `yes_too`; the plain yes still asks it.
    then_yes: str | None = None
    #: The words of the yes that answers this yes/no fact too from the screen before
    #: it (`then_yes` there): 「はい（前の住所でも世帯主）」.
    yes_too: Text | None = None
    #: A text mostly of digits (a 番地): where the kiosk's keyboard has its digits and
    #: its letters a key apart (the larger text sizes), it opens on the digits.
    digits_first: bool = False
    #: For a `country` fact: the codes listed first, before the index letters (the
    #: nationalities most of the city's foreign residents give; one tap for them).
    shortlist: Annotated[list[str], AfterValidator(_country_codes)] = []


class Group(Strict):
    """A repeat group (children, household members): a count question, then members."""

    label: Text
    count: str
    max: int = Field(default=10, ge=1, le=50)
    ask_if: str | None = None


class DictionaryFile(Strict):
    groups: dict[str, Group] = {}
    fields: dict[str, DictionaryField]


# ---------------------------------------------------------------------------- choices


class Choice(Strict):
    value: str
    label: Text
    #: What is printed on the paper form, if shorter than label.ja (e.g. 男 for 男性).
    print: str | None = None


#: One person's 続柄 seen from another member of the household: a value of the
#: `relationship` list, or one that depends on the person's sex ("1"/"2", ISO 5218) and,
#: for brothers and sisters, on whether they are older or younger than the viewer.
SeenFromResult = str | dict[str, str | dict[str, str]]


class ChoicesFile(Strict):
    choices: dict[str, list[Choice]]
    #: 続柄 composition (expression `seen_from(viewer, person, sex, born, viewer_born)`): viewer's
    #: 続柄 to the head → person's 続柄 to the head → the person seen from the viewer.
    #: Only what the two relationships determine; anything else is asked.
    seen_from: dict[str, dict[str, SeenFromResult]] = {}


# ---------------------------------------------------------------------------- departments


class Department(Strict):
    name: Text
    #: Where to go: floor and window, shown on the cover sheet.
    counter: Text
    order: int = 100


class DepartmentsFile(Strict):
    departments: dict[str, Department]


# ---------------------------------------------------------------------------- reasons

#: What a preset reason may be given for (the staff desk's return and cancel).
ReasonAction = Literal["return", "cancel"]


class ReasonDef(Strict):
    #: The words stored in the application and its audit trail (Japanese) and shown
    #: to staff in their language.
    text: Text
    #: Offered when returning to the resident, when cancelling, or both.
    actions: list[ReasonAction] = Field(min_length=1)
    order: int = 100


class ReasonsFile(Strict):
    reasons: dict[str, ReasonDef]


# ---------------------------------------------------------------------------- procedures


class ProcedureDef(Strict):
    title: Text
    department: str
    #: Condition (expression) under which the procedure applies; none: always.
    when: str | None = None
    note: Text | None = None
    #: Expression: whom it concerns, named on the cover after the title (the card's
    #: holders: 小林　清、小林　花子); none or empty: the whole application.
    persons: str | None = None
    order: int = 100


class ProceduresFile(Strict):
    procedures: dict[str, ProcedureDef]


# ---------------------------------------------------------------------------- events


class EventProcedure(Strict):
    procedure: str
    when: str | None = None


class Suggestion(Strict):
    procedure: str
    when: str | None = None
    reason: Text


class OtherEvent(Strict):
    """This event is the wrong one when `when` holds (a 転居 to an address in another
    city is a 転出): the kiosk says `message` and offers `event` instead. Checked once
    every fact `when` reads has an answer."""

    when: str
    event: str
    message: Text


class EventDef(Strict):
    title: Text
    description: Text | None = None
    pictogram: str
    order: int = 100
    #: Asked first, in this order; their answers decide the procedures.
    screening: list[str] = []
    procedures: list[EventProcedure]
    suggest: list[Suggestion] = []
    #: When the answers show that another event is the right one.
    other_event: list[OtherEvent] = []


class EventsFile(Strict):
    events: dict[str, EventDef]


# ---------------------------------------------------------------------------- forms

Format = Literal[
    "text", "multiline", "kana", "wareki", "date", "digits", "checkbox", "choice",
    "postal_code", "phone", "integer", "country",
]  # fmt: skip


class FormField(Strict):
    """One value on the page: a dictionary `key` or a computed `value` expression."""

    name: str | None = None
    key: str | None = None
    value: str | None = None
    label: str | None = None
    box: Box
    page: int = Field(default=1, ge=1)
    format: Format = "text"
    #: digits: number of separate boxes; checkbox: options per row.
    cells: int | None = Field(default=None, ge=1, le=40)
    #: checkbox/choice: which choice values to print (default: the whole list).
    options: list[str] | None = None
    show_if: str | None = None
    #: true, or an expression saying when the value is required.
    required: bool | str = False
    size: float = Field(default=11.0, ge=4, le=40)
    min_size: float = Field(default=6.0, ge=3, le=40)
    align: Literal["left", "center", "right"] = "left"
    #: Width of a shaded label cell on the left; none: a small caption in the top-left.
    label_width: float | None = Field(default=None, gt=0)
    font: Literal["gothic", "mincho"] = "gothic"
    prefix: str | None = None
    suffix: str | None = None


class Repeat(Strict):
    """Rows for the members of one or more repeat groups (persons moving, children)."""

    over: list[str] = Field(min_length=1)
    where: str | None = None
    #: Draw these rows (outlines included) only when this holds: two repeats on one
    #: table, e.g. a 出生 starting in the first row, where other events print the insured.
    show_if: str | None = None
    rows: int = Field(ge=1, le=20)
    #: Offset in mm from one row to the next.
    step: tuple[float, float]
    fields: list[FormField]


class Static(Strict):
    """What is printed whatever the data: title, section headers, notes, signature box."""

    kind: Literal["title", "text", "note", "section", "rect", "signature", "seal", "line"]
    box: Box
    page: int = Field(default=1, ge=1)
    text: str | None = None
    #: An expression printed in place of `text`, for the form's own words that name a
    #: fact: the addressee from the kiosk's municipality ("'（あて先）' + office.addressee").
    value: str | None = None
    size: float | None = Field(default=None, ge=4, le=40)
    align: Literal["left", "center", "right"] = "left"
    shade: bool = False
    show_if: str | None = None


class Check(Strict):
    """A cross-field rule: `rule` must hold when all `keys` have values."""

    id: str
    rule: str
    keys: list[str] = Field(min_length=1)
    message: str
    severity: Literal["error", "warning"] = "error"


class FormFile(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: str
    title: Text
    #: Form code printed in the corner (様式番号).
    code: str
    department: str
    #: Procedures this form serves.
    procedures: list[str] = Field(min_length=1)
    order: int = 100
    pages: int = Field(default=1, ge=1, le=10)
    fields: list[FormField] = []
    repeats: list[Repeat] = []
    static: list[Static] = []
    checks: list[Check] = []


FILE_MODELS: dict[str, type[Strict]] = {
    "dictionary": DictionaryFile,
    "choices": ChoicesFile,
    "departments": DepartmentsFile,
    "reasons": ReasonsFile,
    "procedures": ProceduresFile,
    "events": EventsFile,
    "form": FormFile,
}
