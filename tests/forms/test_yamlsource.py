"""The catalogue's YAML reader: libyaml's parser when PyYAML has it, with the lines
the located errors name."""

from __future__ import annotations

import pytest
import yaml

from forms import yamlsource
from forms.errors import ErrorCode
from forms.yamlsource import load_yaml

TEXT = """\
id: x
fields:
  - id: a
    show_if: "b"
  - id: c
    id: d
"""


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
def test_composes_with_libyaml_when_pyyaml_has_it() -> None:
    assert yamlsource._loader() is yaml.CSafeLoader


def test_lines_and_duplicate_keys_are_located() -> None:
    value, lines, errors = load_yaml(TEXT, "f.yaml")
    assert value["fields"][0] == {"id": "a", "show_if": "b"}
    assert lines.line(("fields", 0, "show_if")) == 4
    assert lines.line(("fields", 1)) == 5
    assert [(e.code, e.line) for e in errors] == [(ErrorCode.YAML_002, 6)]


def test_a_syntax_error_names_its_line() -> None:
    value, _lines, errors = load_yaml("a: 1\nb: [1, 2\nc: 3\n", "f.yaml")
    assert value is None
    assert [e.code for e in errors] == [ErrorCode.YAML_001]
    assert errors[0].line is not None and errors[0].line >= 2
