"""Scenario files for scripted kiosk runs (`madoguchi kiosk --script FILE`).

A scenario is what one resident does, in order: the card they bring (or none) and
each tap, typed key or answer. The runner performs every step on the real widgets,
so a scenario measures the real kiosk (screens, touches) and checks it end to end.
Format: docs/scenarios.md.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class ScenarioError(ValueError):
    """The scenario file is broken; the message names the file and the step."""


class Step(BaseModel):
    """Exactly one action per step."""

    model_config = ConfigDict(extra="forbid")

    tap: str | None = None  # the object name of a button on the current screen
    type: str | None = None  # keys of the on-screen keypad/keyboard, one tap each
    answer: Any = None  # the answer to the current question, given through its widgets
    #: answers by dictionary key: answer each question in turn while the current one is
    #: listed here (so a scenario does not depend on the exact order of questions)
    answers: dict[str, Any] | None = None
    insert_card: bool | None = None  # the resident puts the card on the reader
    remove_card: bool | None = None  # ... and takes it away
    wait: str | None = None  # wait until this screen id shows (e.g. "pin", "done")
    expect: str | None = None  # the current screen id must be this
    #: the message key shown on the current screen (or one of a list of keys)
    expect_notice: str | list[str] | None = None
    idle: float | None = None  # the resident does nothing for this many seconds
    database: Literal["down", "up"] | None = None  # cut / restore the database (tests)
    reader: Literal["unplug", "plug"] | None = None  # unplug / plug the card reader

    @model_validator(mode="after")
    def _one_action(self) -> Step:
        given = [k for k, v in self.__dict__.items() if v is not None]
        if len(given) != 1:
            raise ValueError(f"each step does exactly one thing; this one has {given or 'none'}")
        return self

    @property
    def action(self) -> tuple[str, Any]:
        for key, value in self.__dict__.items():
            if value is not None:
                return key, value
        raise AssertionError("unreachable")


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = ""
    locale: str = "ja"
    #: The day the resident comes (the kiosk's clock starts at 10:00 that day), so the
    #: calendar, ages and the forms' dates are the same on any day the scenario runs.
    #: None: the real date.
    today: date | None = None
    #: The card the resident brings, as `card_reader.simulator.SimulatedCard.from_dict`
    #: takes it (name, address, birth_date, sex, pin, tries_left, blocked, ...); null: none.
    card: dict[str, Any] | None = None
    text_size: Literal["standard", "large", "extra_large"] = "standard"
    high_contrast: bool = False
    #: The low layout for wheelchair users (everything in the lower part of the screen).
    low_layout: bool = False
    idle_timeout_seconds: int | None = None
    idle_countdown_seconds: int | None = None
    steps: list[Step] = Field(min_length=1)


def load_scenario(path: Path) -> Scenario:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ScenarioError(f"{path}: cannot read the scenario: {exc}") from None
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            problems.append(f"{path}: {where}: {err['msg']}")
        raise ScenarioError("\n".join(problems)) from None
