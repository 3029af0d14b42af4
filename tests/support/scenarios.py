"""Scenario steps for tests that stop at one question to look at it."""

from __future__ import annotations

from typing import Any

from kiosk.scenario import Scenario


def to_question(scenario: Scenario, key: str) -> list[dict[str, Any]]:
    """`scenario`'s steps up to the question `key` (the answers before it), then a
    check that the kiosk shows it."""
    steps: list[dict[str, Any]] = []
    for step in scenario.steps:
        kind, value = step.action
        if kind == "answers":
            keys = list(value)
            steps.append({"answers": {k: value[k] for k in keys[: keys.index(key)]}})
            break
        steps.append({kind: value})
    return [*steps, {"expect": f"question:{key}"}]
