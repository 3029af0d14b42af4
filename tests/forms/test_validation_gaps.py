"""Validation gaps found by issue 10 (item 14): each one now caught."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from forms.catalogue import load_catalogue
from forms.data import dictionary_key, get_value, set_value
from forms.errors import FormDefinitionError
from forms.questions import questions_for
from kiosk.forms_cli import forms
from tests.forms.samples import FULL, MOVING_IN_FAMILY, TODAY

CATALOGUE = load_catalogue()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_ask_if_that_reads_its_own_fact_is_an_error(catalogue_copy: Path) -> None:
    dictionary = catalogue_copy / "dictionary.yaml"
    # directly, and through a computed fact (household.head_display reads head_name)
    _edit(dictionary, "    ask_if: not household.applicant_is_head\n    rule: {max_length: 40}\n    order: 410",
          "    ask_if: household.head_display != ''\n    rule: {max_length: 40}\n    order: 410")  # fmt: skip
    _edit(dictionary, "    ask_if: not previous_head.same", "    ask_if: previous_head.name != ''")
    with pytest.raises(FormDefinitionError) as info:
        load_catalogue(catalogue_copy)
    found = {(e.code.code, e.path) for e in info.value.errors}
    assert found == {
        ("SCHEMA_003", "fields[household.head_name].ask_if"),
        ("SCHEMA_003", "fields[previous_head.name].ask_if"),
    }
    assert "never be asked" in str(info.value.errors[0])


def test_a_procedure_s_persons_is_an_expression_validate_checks(
    catalogue_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`persons` (whom a procedure concerns, named on the cover) reads dictionary keys."""
    _edit(catalogue_copy / "procedures.yaml", "persons: household.card_holder_names",
          "persons: household.no_such_names")  # fmt: skip
    monkeypatch.setenv("MADOGUCHI_CATALOGUE_DIR", str(catalogue_copy))
    result = CliRunner().invoke(forms, ["validate"])
    assert result.exit_code == 1, result.output
    assert "procedures.mynumber_card_update.persons" in result.output
    assert "household.no_such_names" in result.output


def test_validate_checks_the_configured_catalogue(
    catalogue_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edit(catalogue_copy / "forms" / "juminido.yaml", "key: previous_head.display", "key: no.such")
    monkeypatch.setenv("MADOGUCHI_CATALOGUE_DIR", str(catalogue_copy))
    result = CliRunner().invoke(forms, ["validate"])
    assert result.exit_code == 1, result.output
    assert "KEY_001" in result.output and "juminido.yaml" in result.output
    monkeypatch.setenv("MADOGUCHI_CATALOGUE_DIR", str(catalogue_copy / "missing"))
    result = CliRunner().invoke(forms, ["validate"])
    assert result.exit_code == 1 and "missing" in result.output


def test_render_fails_when_the_data_has_errors(tmp_path: Path) -> None:
    bad = copy.deepcopy(MOVING_IN_FAMILY)
    bad["applicant"]["name_kana"] = "yamada"  # not katakana
    data = tmp_path / "data.json"
    data.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(
        forms, ["render", "--event", "moving_in", "--data", str(data), "--out", str(out),
                "--today", "2025-04-01"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "applicant.name_kana" in result.output and "error(s) in the data" in result.output
    assert out.exists()  # written, to look at


#: Facts that belong to one life event: never asked in another.
EVENT_FACTS = {
    "marriage.": "marriage",
    "deceased.": "death",
    "funeral.": "death",
    "new_head.": "death",
    "certificate.": "certificates",
}


def _answer(key: str, source: dict[str, Any]) -> Any:
    value = get_value(source, key)
    if value is not None:
        return value
    spec = CATALOGUE.dictionary[dictionary_key(key)]
    if spec.type == "choice" and spec.choices:
        return CATALOGUE.choices[spec.choices][0].value
    return {"yes_no": True, "integer": 1, "date": "2000-01-01", "multi_choice": []}.get(
        spec.type, "x"
    )


def _asked(event: str, source: dict[str, Any]) -> list[str]:
    """Every question a resident is asked for `event`, answering from `source`."""
    data: dict[str, Any] = {"event": event, "procedures": copy.deepcopy(source["procedures"])}
    asked: list[str] = []
    for _ in range(300):
        pending = questions_for(CATALOGUE, event, data, TODAY)
        if not pending:
            return asked
        asked.append(pending[0])
        set_value(data, pending[0], _answer(pending[0], source))
    raise AssertionError(f"{event}: the questions never end: {asked[-5:]}")


@pytest.mark.parametrize("receiving", [True, False])
@pytest.mark.parametrize("event", sorted(CATALOGUE.events))
def test_no_event_asks_another_events_questions(event: str, receiving: bool) -> None:
    source = copy.deepcopy(FULL)
    source["allowance"]["receiving"] = receiving
    source["marriage"]["moving"] = True
    for key in _asked(event, source):
        for prefix, owner in EVENT_FACTS.items():
            assert not key.startswith(prefix) or event == owner, (event, key)
