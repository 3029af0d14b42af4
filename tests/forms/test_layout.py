"""The layout editor's model without Qt: snapping, drags, and edits written into a
form's own text (the rest of the text, comments included, unchanged)."""

from __future__ import annotations

import pytest
import yaml

from forms.layout import (
    MOVE,
    add_field,
    box_path,
    boxes,
    dragged,
    free_place,
    intersection,
    mm_to_pt,
    off_page,
    pt_to_mm,
    remove_field,
    set_box,
    set_setting,
    snap,
)
from forms.yamltext import NotEditable

FORM = """\
# a comment that stays
id: test
fields:
  - {key: applicant.name, label: 氏名, box: [20, 50, 60, 8]}  # the name
  # the address, in block style
  - key: applicant.address
    box: [20, 58.5, 178, 11]
    size: 12
repeats:
  - over: [children]
    rows: 2
    step: [0, 10]
    fields:
      - {key: item.name, box: [20, 120, 72, 5]}
"""


def test_millimetres_and_points() -> None:
    assert mm_to_pt(25.4) == pytest.approx(72)
    assert pt_to_mm(mm_to_pt(13.3)) == pytest.approx(13.3)


@pytest.mark.parametrize(
    ("value", "grid", "snapped"),
    [(25.2, 1, 25), (25.6, 1, 26), (25.2, 0.5, 25), (25.3, 0.5, 25.5), (0.1 + 0.2, 0.5, 0.5)],
)
def test_snap(value: float, grid: float, snapped: float) -> None:
    assert snap(value, grid) == snapped


def test_a_move_snaps_the_corner_and_keeps_the_size() -> None:
    assert dragged((20, 50, 60, 8), MOVE, 5.3, -0.4, 1) == (25, 50, 60, 8)
    assert dragged((20.2, 50, 60, 8), MOVE, 0, 0, 0.5) == (20, 50, 60, 8)


def test_a_resize_moves_only_the_grabbed_edges_and_never_below_the_least_size() -> None:
    assert dragged((20, 50, 60, 8), frozenset({"right", "bottom"}), 7.3, 2.2, 0.5) == (
        20, 50, 67.5, 10
    )  # fmt: skip
    assert dragged((20, 50, 60, 8), frozenset({"left"}), 4, 0, 1) == (24, 50, 56, 8)
    assert dragged((20, 50, 60, 8), frozenset({"top"}), 0, 30, 1) == (20, 56, 60, 2)


def test_boxes_are_read_with_their_paths_and_lines() -> None:
    found = boxes(FORM)
    assert [(b.path, b.box, b.line) for b in found] == [
        (("fields", 0), (20, 50, 60, 8), 4),
        (("fields", 1), (20, 58.5, 178, 11), 6),
        (("repeats", 0, "fields", 0), (20, 120, 72, 5), 14),
    ]
    assert found[0].title == "氏名" and found[1].size == 12
    assert boxes("fields: [") == []


def only_changes(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_set_box_rewrites_the_four_numbers_where_they_stand() -> None:
    text = set_box(FORM, ("fields", 0), (25, 50.5, 60, 8))
    assert only_changes(FORM, text) == [
        (
            "  - {key: applicant.name, label: 氏名, box: [20, 50, 60, 8]}  # the name",
            "  - {key: applicant.name, label: 氏名, box: [25, 50.5, 60, 8]}  # the name",
        )
    ]
    text = set_box(FORM, ("repeats", 0, "fields", 0), (20, 121, 72, 5))
    assert yaml.safe_load(text)["repeats"][0]["fields"][0]["box"] == [20, 121, 72, 5]


def test_settings_are_replaced_added_and_removed_in_flow_and_block_style() -> None:
    text = set_setting(FORM, ("fields", 0), "label", "お名前: 漢字")  # a colon: quoted
    text = set_setting(text, ("fields", 0), "size", 9.5)
    assert text.splitlines()[3] == (
        '  - {key: applicant.name, label: "お名前: 漢字", box: [20, 50, 60, 8], size: 9.5}'
        "  # the name"
    )
    text = set_setting(text, ("fields", 0), "label", None)
    assert text.splitlines()[3] == (
        "  - {key: applicant.name, box: [20, 50, 60, 8], size: 9.5}  # the name"
    )
    text = set_setting(text, ("fields", 0), "key", None)
    assert text.splitlines()[3].startswith("  - {box: [20, 50, 60, 8]")
    block = set_setting(FORM, ("fields", 1), "size", None)
    block = set_setting(block, ("fields", 1), "format", "multiline")
    assert block.splitlines()[4:8] == [
        "  # the address, in block style",
        "  - key: applicant.address",
        "    box: [20, 58.5, 178, 11]",
        "    format: multiline",
    ]
    assert yaml.safe_load(block)["fields"][1] == {
        "key": "applicant.address", "box": [20, 58.5, 178, 11], "format": "multiline"
    }  # fmt: skip
    with pytest.raises(NotEditable):
        set_setting(FORM, ("fields", 9), "size", 1)


def test_a_new_field_goes_at_the_end_of_the_list_and_a_removed_one_leaves_no_trace() -> None:
    text = add_field(FORM, {"key": "applicant.phone", "label": "電話", "box": [20, 70, 60, 8]})
    assert text.splitlines()[8] == "  - {key: applicant.phone, label: 電話, box: [20, 70, 60, 8]}"
    assert remove_field(text, ("fields", 2)) == FORM
    text = remove_field(FORM, ("fields", 1))
    assert "applicant.address" not in text and "# the address" in text
    text = remove_field(text, ("fields", 0))
    assert yaml.safe_load(text)["fields"] == []
    assert "# a comment that stays" in text
    again = add_field(text, {"key": "applicant.name", "box": [1, 2, 3, 4]})
    assert yaml.safe_load(again)["fields"] == [{"key": "applicant.name", "box": [1, 2, 3, 4]}]
    bare = add_field("id: x\n", {"key": "a.b", "box": [1, 2, 3, 4]})
    assert yaml.safe_load(bare) == {"id": "x", "fields": [{"key": "a.b", "box": [1, 2, 3, 4]}]}


def test_problem_paths_name_their_field() -> None:
    assert box_path("fields[3].box") == ("fields", 3)
    assert box_path("fields[3]") == ("fields", 3)
    assert box_path("repeats[0].fields[2].show_if") == ("repeats", 0, "fields", 2)
    assert box_path("static[2].box") is None and box_path("checks[0].rule") is None


def test_a_new_box_finds_a_free_place_and_off_page_is_the_validators_rule() -> None:
    taken = [(20.0, 20.0, 60.0, 8.0), (80.0, 20.0, 100.0, 8.0)]
    place = free_place(taken)
    assert not any(intersection(place, other) for other in taken)
    assert place == (20.0, 30.0, 60.0, 8.0)
    assert intersection((20, 50, 60, 8), (20, 56, 178, 11)) == (20, 56, 60, 2)
    assert intersection((20, 50, 60, 8), (20, 58, 178, 11)) is None  # a shared border
    assert off_page((40, 58, 178, 11)) and not off_page((20, 58, 178, 11))
