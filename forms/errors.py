"""Typed errors of the forms layer.

Definition errors follow pyxform: a stable `ErrorCode` (``FIELD_001``) whose template reads
location, broken rule, context, fix. Each `LocatedError` names the file, the line and the
YAML path (``fields[3].show_if``) so the admin editor can highlight the spot and tests can
assert the code and place rather than wording. The English templates here are also the
``forms.error.<CODE>`` entries of forms.po (a test keeps them equal); other languages
translate them there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, NamedTuple


class Detail(NamedTuple):
    code: str
    template: str


class ErrorCode(Detail, Enum):
    FILE_001 = Detail(
        "FILE_001", "the catalogue needs {name!r} in {directory}. Copy it from the default set."
    )
    YAML_001 = Detail("YAML_001", "not valid YAML: {problem}. Fix the indentation or quoting.")
    YAML_002 = Detail(
        "YAML_002", "the key {name!r} appears twice in one mapping. Keep one of them."
    )
    SCHEMA_001 = Detail(
        "SCHEMA_001",
        "unknown setting {name!r}. Allowed here: {allowed}. Check the spelling.",
    )
    SCHEMA_002 = Detail("SCHEMA_002", "required setting {name!r} is missing. Add it.")
    SCHEMA_003 = Detail("SCHEMA_003", "bad value: {problem}. Got {value!r}.")
    KEY_001 = Detail(
        "KEY_001",
        "{key!r} is not in the data dictionary. Use a dictionary key (e.g. applicant.name) "
        "or add the key to dictionary.yaml first.",
    )
    KEY_002 = Detail(
        "KEY_002",
        "{key!r} is a repeat-group field; on a form it can only be used inside a repeat "
        "block, as item.{member}.",
    )
    KEY_004 = Detail(
        "KEY_004",
        "reading {key!r} must be a kana field of the data dictionary (the name's フリガナ, "
        "e.g. applicant.name_kana).",
    )
    KEY_003 = Detail(
        "KEY_003",
        "dictionary key {key!r} is malformed: use lower_snake words joined by dots, with "
        "[] after a repeat group (children[].name).",
    )
    EXPR_001 = Detail("EXPR_001", "expression {expr!r} does not parse: {problem}.")
    EXPR_002 = Detail(
        "EXPR_002",
        "expression {expr!r} uses {construct}, which conditions do not allow. Allowed: "
        "keys, literals, comparisons, and/or/not, + - *, a if c else b, and the functions "
        "{functions}.",
    )
    EXPR_003 = Detail(
        "EXPR_003",
        "expression {expr!r} calls unknown function {name!r}. Known: {functions}.",
    )
    EXPR_004 = Detail(
        "EXPR_004",
        "expression {expr!r} refers to {key!r}, which is not in the data dictionary.",
    )
    EXPR_005 = Detail(
        "EXPR_005",
        "expression {expr!r}: {function}() takes {expected} argument(s), got {got}.",
    )
    EXPR_006 = Detail(
        "EXPR_006",
        "expression {expr!r} uses 'item' outside a repeat group. Use item.<field> only in "
        "repeat blocks, repeat-group fields and any()/all()/count()/first().",
    )
    POS_001 = Detail(
        "POS_001",
        "box {box} leaves the A4 page ({width} x {height} mm, origin top-left). Move or shrink it.",
    )
    POS_002 = Detail("POS_002", "box {box} needs a positive width and height in mm.")
    POS_003 = Detail(
        "POS_003",
        "page {page} is beyond the form's {pages} page(s). Raise 'pages' or fix the page.",
    )
    POS_004 = Detail(
        "POS_004",
        "box {box} overlaps {other}, and both can be printed together. Move one, or give "
        "them show_if conditions that exclude each other.",
    )
    FIELD_001 = Detail(
        "FIELD_001", "a field needs exactly one of 'key' or 'value' (got {got}). Add one."
    )
    FIELD_002 = Detail(
        "FIELD_002",
        "format {format!r} does not suit a {type!r} value. Suitable formats: {allowed}.",
    )
    FIELD_003 = Detail(
        "FIELD_003",
        "field name {name!r} is used twice on this form. Give each field its own 'name'.",
    )
    FIELD_004 = Detail(
        "FIELD_004", "format {format!r} needs {setting!r} (e.g. cells: 7 for a postal code)."
    )
    FIELD_005 = Detail(
        "FIELD_005",
        "option {option!r} is not in choice list {choices!r} ({allowed}).",
    )
    CHOICE_001 = Detail("CHOICE_001", "choice list {name!r} does not exist. Known lists: {known}.")
    REF_001 = Detail("REF_001", "{kind} {name!r} does not exist. Known: {known}.")
    REF_002 = Detail(
        "REF_002", "{kind} id {name!r} is defined twice (also in {other}). Ids must be unique."
    )
    MSG_001 = Detail(
        "MSG_001",
        "message key {key!r} must start with 'forms.' and be listed in forms.po.",
    )

    @property
    def key(self) -> str:
        """The msgid of this error's template in forms.po."""
        return f"forms.error.{self.code}"


@dataclass(frozen=True)
class LocatedError:
    """One problem in one definition file, with where it is and how to fix it."""

    code: ErrorCode
    file: str
    path: str  # YAML path: fields[3].show_if
    line: int | None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.code.template.format(**self.params)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path or '(top)'}: {self.code.code} {self.message}"


class FormsError(Exception):
    """Base class of the forms layer's errors; `key` is the forms.po msgid."""

    key = "forms.error"


class FormDefinitionError(FormsError):
    """One or more definition files are broken; `errors` lists each located problem."""

    key = "forms.error.definition"

    def __init__(self, errors: list[LocatedError]) -> None:
        self.errors = errors
        lines = "\n".join(str(e) for e in errors)
        super().__init__(f"{len(errors)} problem(s) in the form definitions:\n{lines}")


class FontNotFoundError(FormsError):
    """A font the forms need is not installed where we look."""

    key = "forms.error.font_missing"

    def __init__(self, role: str, candidates: list[str], searched: list[str]) -> None:
        self.role = role
        self.candidates = candidates
        self.searched = searched
        super().__init__(
            f"font for {role} not found: looked for {', '.join(candidates)} in "
            f"{', '.join(searched) or '(no directories)'}. Install the BIZ UD fonts "
            "(installer/setup.sh) or point MADOGUCHI_FONT_DIR at a folder that holds them."
        )


class UnknownIdError(FormsError):
    """An event, procedure or form id that the catalogue does not have."""

    key = "forms.error.unknown_id"

    def __init__(self, kind: str, name: str, known: list[str]) -> None:
        self.kind = kind
        self.name = name
        super().__init__(f"unknown {kind} {name!r}; known: {', '.join(sorted(known))}")


class DataKeyError(FormsError, KeyError):
    """A data path like ``children[0].name`` that is malformed."""

    key = "forms.error.data_key"

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else self.key
