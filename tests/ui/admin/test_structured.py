"""Ticks written into events.yaml's text (no Qt): added and removed entries, the rest of
the text (comments, other events, conditions) kept byte for byte, empty lists, a flow
style list refused, and the result loads as a catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from forms.catalogue import DEFAULT_DIR, load_catalogue
from ui.admin.structured import NotEditable, event_links, set_link

EVENTS = (DEFAULT_DIR / "events.yaml").read_text(encoding="utf-8")


def loads(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    root = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIR, root, dirs_exist_ok=True)
    (root / "events.yaml").write_text(text, encoding="utf-8")
    return load_catalogue(root)


def test_a_tick_and_its_untick_give_the_text_back(tmp_path: Path) -> None:
    added = set_link(EVENTS, "moving_within", "needs", "inkan_register", True)
    assert event_links(added)["moving_within"].needs[-1] == "inkan_register"
    assert set_link(added, "moving_within", "needs", "inkan_register", True) == added
    assert set_link(added, "moving_within", "needs", "inkan_register", False) == EVENTS
    catalogue = loads(tmp_path, added)
    assert ("inkan_register", None) in catalogue.events["moving_within"].procedures
    # Removing an entry with a condition takes its lines and nothing else.
    removed = set_link(EVENTS, "moving_in", "suggests", "dog_change", False)
    assert EVENTS.count("\n") - removed.count("\n") == 3
    assert (
        event_links(removed)["moving_within"].suggests
        == event_links(EVENTS)["moving_within"].suggests
    )
    assert EVENTS.splitlines()[0] in removed  # the file's comments stay
    loads(tmp_path, removed)


def test_emptied_lists_and_new_sections(tmp_path: Path) -> None:
    text = EVENTS
    for pid in event_links(text)["moving_within"].suggests:
        text = set_link(text, "moving_within", "suggests", pid, False)
    assert event_links(text)["moving_within"].suggests == []
    loads(tmp_path, text)  # no `suggest:` left without items
    text = set_link(text, "moving_within", "suggests", "dog_change", True, reason="犬の住所も")
    catalogue = loads(tmp_path, text)
    assert catalogue.suggestion_reason("moving_within", "dog_change") == {"ja": "犬の住所も"}
    needs = event_links(text)["moving_out"].needs
    for pid in needs:
        text = set_link(text, "moving_out", "needs", pid, False)
    assert "    procedures: []\n" in text
    text = set_link(text, "moving_out", "needs", needs[0], True)
    assert event_links(text)["moving_out"].needs == [needs[0]]


def test_a_flow_style_list_is_left_to_the_text() -> None:
    text = "events:\n  a:\n    procedures: [{procedure: x}]\n"
    with pytest.raises(NotEditable):
        set_link(text, "a", "needs", "y", True)
    with pytest.raises(NotEditable):
        set_link(text, "a", "needs", "x", False)
    assert set_link(text, "a", "needs", "x", True) == text  # already there: nothing to do
    with pytest.raises(NotEditable):
        set_link("events: [\n", "a", "needs", "y", True)
