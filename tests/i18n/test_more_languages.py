"""A city adds a language without a programmer: Babel catalogs in a directory of its
own (MADOGUCHI_LOCALE_DIRS) for the kiosk's words and for the catalogue's texts
(`madoguchi forms pot` gives the template)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

import i18n
from kiosk.scenario import Scenario, Step
from tests.clock import TEST_DAY
from ui.kiosk.run_script import scenario_kiosk

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def portuguese(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """pt: two kiosk words and one catalogue text, the rest falls back to English."""
    messages = tmp_path / "locales" / "pt" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    kiosk = Catalog(locale="pt", domain="kiosk")
    kiosk.add("kiosk.attract.title", "Balcão sem formulários")
    with (messages / "kiosk.po").open("wb") as fh:
        write_po(fh, kiosk)
    pot = subprocess.run(
        [sys.executable, "-m", "ui.cli", "forms", "pot"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    from io import BytesIO

    catalogue = read_po(BytesIO(pot), locale="pt", domain="catalogue")
    # the moving-in event's Japanese title, at its place (msgctxt)
    title = catalogue.get("引っ越してきた（転入）", context="events.yaml moving_in.title")
    assert title is not None
    title.string = "Mudei-me para cá"
    with (messages / "catalogue.po").open("wb") as fh:
        write_po(fh, catalogue)
    monkeypatch.setenv("MADOGUCHI_LOCALE_DIRS", str(tmp_path / "locales"))
    i18n.reload()
    yield
    monkeypatch.delenv("MADOGUCHI_LOCALE_DIRS")
    i18n.reload()


def test_a_language_from_a_city_directory(portuguese) -> None:
    assert "pt" in i18n.available_locales()
    pt = i18n.translator("pt")
    assert pt("kiosk.attract.title") == "Balcão sem formulários"
    assert pt("common.yes") == "Yes"  # not translated yet: English


def test_the_kiosk_shows_the_new_language(portuguese, qapp, kiosk_config, artifact_dir) -> None:
    scenario = Scenario(today=TEST_DAY, name="pt", locale="pt", steps=[Step(expect="attract")])
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        run.runner.run()
        window = run.kiosk.window
        attract = window.current_screen()
        # The new language is offered, in its own name, on the first screen and in the
        # language choice every screen opens.
        assert "português" in attract.more_languages.text()
        assert window.languages.buttons["pt"].objectName() == "lang_pt"
        assert attract.title.text() == "Balcão sem formulários"
        assert attract.tiles["moving_in"].text() == "Mudei-me para cá"
        # A text nobody translated yet shows in English, never as a key.
        assert (
            attract.tiles["birth"].text()
            == run.kiosk.controller.catalogue.events["birth"].title["en"]
        )


def shipped(locale: str, place: str) -> str:
    with (i18n.catalog.LOCALES_DIR / locale / "LC_MESSAGES" / "catalogue.po").open("rb") as fh:
        catalog = read_po(fh, locale=locale, domain="catalogue")
    return next(str(m.string) for m in catalog if m.context == place)


@pytest.mark.parametrize("locale", ["pt_BR", "ne", "zh_Hant"])
def test_questions_choices_and_titles_in_a_shipped_language(
    locale, qapp, kiosk_config, artifact_dir
) -> None:
    """The catalogue's own texts (questions, choice labels, event titles) in a language
    the catalogue YAML does not carry, from the shipped catalogue.po."""
    scenario = Scenario(
        today=TEST_DAY,
        name=f"catalogue-{locale}",
        locale=locale,
        steps=[Step(tap="event_moving_in"), Step(tap="card_skip"),
               Step(expect="question:applicant.birth_date")],
    )  # fmt: skip
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.errors == [], summary.errors
        controller = run.kiosk.controller
        screen = run.kiosk.window.current_screen()
        question = shipped(locale, "dictionary.yaml fields.applicant.birth_date.question")
        assert screen.title.text() == question
        assert controller.text_of(controller.catalogue.events["moving_in"].title) == shipped(
            locale, "events.yaml moving_in.title"
        )
        controller.session.data.setdefault("applicant", {})["sex"] = "2"
        assert controller.display_value("applicant.sex") == shipped(locale, "choices.yaml sex.2.label")
        run.kiosk.window.grab().save(str(artifact_dir / f"question-{locale}.png"))


def test_the_staff_desk_offers_the_languages_that_have_staff_texts(tmp_path) -> None:
    messages = tmp_path / "pt" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    staff = Catalog(locale="pt", domain="staff")
    staff.add("staff.title", "Balcão")
    with (messages / "staff.po").open("wb") as fh:
        write_po(fh, staff)
    env = {**os.environ, "MADOGUCHI_LOCALE_DIRS": str(tmp_path)}
    help_text = subprocess.run(
        [sys.executable, "-m", "ui.cli", "staff", "--help"], cwd=ROOT, env=env,
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "[ja|en|pt]" in help_text
    # Resident-only languages (no staff.po) are not offered to staff.
    assert "ko" not in help_text.split("--locale", 1)[1].split("\n", 1)[0]
