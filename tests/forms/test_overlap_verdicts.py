"""The box-overlap check at every catalogue load (a kiosk's start included) decides
each set of show_if conditions once: the same pairs recur across forms, and each
undecided pair costs up to thousands of trials."""

from __future__ import annotations

import pytest

from forms import catalogue, overlaps


def test_each_set_of_conditions_is_tried_once_per_catalogue(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tried: list[tuple[str, ...]] = []
    real = overlaps.can_show_together

    def spy(cat: catalogue.Catalogue, conditions: tuple[str, ...]) -> bool:
        tried.append(conditions)
        return real(cat, conditions)

    monkeypatch.setattr(overlaps, "can_show_together", spy)
    catalogue.load_catalogue(catalogue.DEFAULT_DIR)  # a path: not the cached default
    assert tried, "the default catalogue has overlapping boxes under exclusive conditions"
    assert len(tried) == len(set(tried))
