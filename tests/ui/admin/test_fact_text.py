"""Facts, choice lists and screening questions written into the catalogue's own text (no
Qt): only the lines of what changed differ, comments and the rest of the layout are
kept byte for byte, and the result loads as a catalogue. The condition builder's
expressions read back; the other languages' state of a text."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from forms.catalogue import DEFAULT_DIR, load_catalogue
from ui.admin.conditions import Condition, parse
from ui.admin.fact_text import (
    choice_lists,
    entry_of,
    flow,
    screening_of,
    set_choices,
    set_entry,
    set_screening,
)
from ui.admin.structured import NotEditable
from ui.admin.translations import translations

DICTIONARY = (DEFAULT_DIR / "dictionary.yaml").read_text(encoding="utf-8")
CHOICES = (DEFAULT_DIR / "choices.yaml").read_text(encoding="utf-8")
EVENTS = (DEFAULT_DIR / "events.yaml").read_text(encoding="utf-8")


def loads(tmp_path: Path, **texts: str):  # type: ignore[no-untyped-def]
    root = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIR, root, dirs_exist_ok=True)
    for name, text in texts.items():
        (root / f"{name}.yaml").write_text(text, encoding="utf-8")
    return load_catalogue(root)


def changed_lines(old: str, new: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_a_new_fact_is_added_after_the_last_and_loads(tmp_path: Path) -> None:
    settings = {
        "type": "yes_no",
        "label": {"ja": "猫を飼っている", "en": "Has a cat"},
        "question": {"ja": "猫を飼っていますか", "en": "Do you have a cat?"},
        "help": None,
        "ask_if": "event == 'moving_in' and pets.has_dog",
    }
    text = set_entry(DICTIONARY, ("fields", "pets.has_cat"), settings)
    assert changed_lines(DICTIONARY, text) == [
        "+  pets.has_cat:",
        "+    type: yes_no",
        "+    label: {ja: 猫を飼っている, en: Has a cat}",
        "+    question: {ja: 猫を飼っていますか, en: 'Do you have a cat?'}",
        "+    ask_if: event == 'moving_in' and pets.has_dog",
    ]
    catalogue = loads(tmp_path, dictionary=text)
    assert catalogue.dictionary["pets.has_cat"].ask_if is not None
    # Setting what it already says changes nothing.
    assert set_entry(text, ("fields", "pets.has_cat"), settings) == text
    after = set_entry(DICTIONARY, ("fields", "pets.has_cat"), settings, after="pets.has_dog")
    keys = list(entry_of(after, ("fields",)) or {})
    assert keys[keys.index("pets.has_dog") + 1] == "pets.has_cat"


def test_a_changed_setting_keeps_its_place_and_its_comment(tmp_path: Path) -> None:
    text = DICTIONARY.replace("    order: 150\n", "    order: 150  # after the address\n", 1)
    out = set_entry(
        text,
        ("fields", "applicant.phone"),
        {
            "question": {"ja": "電話番号は？", "en": "Your phone number?"},
            "optional": None,  # required now
            "order": 151,
        },
    )
    assert sorted(changed_lines(text, out)) == sorted(
        [
            '-    question: {ja: 日中に連絡がつく電話番号を教えてください, en: "Which phone number '
            'can we call you on during the day?"}',
            "-    optional: true",
            "-    order: 150  # after the address",
            "+    question: {ja: 電話番号は？, en: 'Your phone number?'}",
            "+    order: 151  # after the address",
        ]
    )
    assert loads(tmp_path, dictionary=out).dictionary["applicant.phone"].optional is False
    # A setting not written yet goes after the entry's last one.
    out = set_entry(out, ("fields", "applicant.phone"), {"optional": True})
    assert changed_lines(text, out)[-1] == "+    optional: true"
    assert loads(tmp_path, dictionary=out).dictionary["applicant.phone"].optional is True


def test_flow_values_read_back() -> None:
    import yaml

    for value in (
        {"ja": "「はい」: 1", "en": "Yes: 'one' #1"},
        "event == 'birth'",
        ["a", "b"],
        "- no",
        True,
        "0123",
    ):
        assert yaml.safe_load(f"k: {flow(value)}") == {"k": value}


def test_screening_ticks(tmp_path: Path) -> None:
    on = set_screening(EVENTS, "moving_in", "pets.has_cat", True)
    assert screening_of(on)["moving_in"][-1] == "pets.has_cat"
    assert len(changed_lines(EVENTS, on)) == 2  # the one line, rewritten
    assert set_screening(on, "moving_in", "pets.has_cat", False) == EVENTS
    off = set_screening(EVENTS, "moving_in", "pets.has_dog", False)
    assert "pets.has_dog" not in screening_of(off)["moving_in"]
    assert loads(tmp_path, events=off).events["moving_in"].screening[-1] == "insurance.kind"
    with pytest.raises(NotEditable):
        set_screening(EVENTS, "no_such_event", "pets.has_cat", True)


def test_a_choice_list_as_a_table(tmp_path: Path) -> None:
    rows = choice_lists(CHOICES)["relationship"]
    assert set_choices(CHOICES, "relationship", rows) == CHOICES
    # Reordered, one changed, one added: the others keep their lines, the comment
    # above the kept old values moves with the first of them.
    changed = {**rows[1], "print": "妻"}
    new = {"value": "partner", "label": {"ja": "パートナー", "en": "Partner"}}
    wanted = [rows[0], rows[2], changed, *rows[3:], new]
    out = set_choices(CHOICES, "relationship", wanted)
    assert choice_lists(out)["relationship"] == wanted
    assert (
        "    # values of earlier versions, kept for stored applications: not in the notation\n"
        in out
    )
    assert sorted(changed_lines(CHOICES, out)) == sorted(
        [
            "-    - {value: wife, label: {ja: 妻, en: Wife}}",
            "+    - {value: wife, label: {ja: 妻, en: Wife}, print: 妻}",
            "+    - {value: partner, label: {ja: パートナー, en: Partner}}",
        ]
    )
    catalogue = loads(tmp_path, choices=out)
    assert [c.value for c in catalogue.choices["relationship"]][-1] == "partner"
    # A new list goes after the last one.
    out = set_choices(CHOICES, "allergy", [{"value": "none", "label": {"ja": "なし"}}])
    assert changed_lines(CHOICES, out) == [
        "+  allergy:",
        "+    - {value: none, label: {ja: なし}}",
    ]
    loads(tmp_path, choices=out)


@pytest.mark.parametrize(
    ("expression", "condition"),
    [
        ("event == 'moving_in'", Condition(events=("moving_in",))),
        (
            "event in ['birth', 'death'] and insurance.kind == 'kokuho'",
            Condition(("birth", "death"), (("insurance.kind", "kokuho"),)),
        ),
        ("not household.applicant_is_head", Condition(facts=(("household.applicant_is_head", False),))),
        ("pets.has_dog and item.school_level == 'elementary'",
         Condition(facts=(("pets.has_dog", True), ("item.school_level", "elementary")))),
        ("", Condition()),
    ],
)  # fmt: skip
def test_the_common_cases_read_back(expression: str, condition: Condition) -> None:
    assert parse(expression) == condition
    assert (condition.expression or "") == expression


@pytest.mark.parametrize(
    "expression",
    [
        "household.has_children or event == 'birth'",
        "age(item.birth_date) >= 6 and age(item.birth_date) <= 15",
        "insurance.kind in ['employee', 'kokuho']",
        "pets.has_dog and event == 'moving_in'",  # the builder writes the event first
        "event == 'a' and event == 'b'",
    ],
)
def test_other_expressions_are_left_to_the_text(expression: str) -> None:
    assert parse(expression) is None


def test_the_other_languages_state() -> None:
    where = "dictionary.yaml fields.applicant.phone.question"
    japanese = "日中に連絡がつく電話番号を教えてください"
    states = {t.locale: t for t in translations(where, japanese)}
    assert {"ko", "vi", "ja@easy"} <= set(states) and "en" not in states
    assert states["ko"].state == "translated" and states["ko"].text
    reworded = {t.locale: t.state for t in translations(where, "電話番号を教えてください")}
    assert set(reworded.values()) == {"outdated"}
    elsewhere = {
        t.locale: t.state for t in translations("dictionary.yaml fields.x.label", "電話番号")
    }
    assert elsewhere["ko"] == "shared"
    assert {t.state for t in translations("dictionary.yaml fields.x.label", "猫")} == {"missing"}
