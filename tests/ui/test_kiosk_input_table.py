"""The question screen's inputs come from one table keyed by the dictionary field's
(type, widget): every pair the dictionary allows has its pages there, and no other."""

from __future__ import annotations

from typing import get_args

from forms.schema import WIDGET_TYPES, FieldType, Widget
from ui.kiosk.screens.inputs.table import PAGES


def test_every_type_and_widget_the_dictionary_allows_has_input_pages() -> None:
    assert set(WIDGET_TYPES) == set(get_args(Widget))
    allowed = {(t, None) for t in get_args(FieldType)} | {
        (t, w) for w, types in WIDGET_TYPES.items() for t in types
    }
    assert set(PAGES) == allowed
    assert all(PAGES.values())
