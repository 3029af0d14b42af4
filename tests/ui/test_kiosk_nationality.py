"""A foreign resident gives a nationality or region (国籍・地域) in place of a 本籍:
the list in the resident's language, the shortlist first, index letters for the rest,
the Japanese 国名 on the form; a Japanese resident's 本籍 path is unchanged."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk.scenario import Scenario, Step, load_scenario
from tests.clock import TEST_DAY
from tests.support.scenarios import to_question
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.screens.inputs.places import CountryPage

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
FOREIGN = load_scenario(SCENARIOS / "foreign_resident_moving_in.yaml")
JAPANESE = load_scenario(SCENARIOS / "event_moving_in_no_card.yaml")


def scenario_to_domicile(locale: str, text_size: str = "standard") -> Scenario:
    return Scenario(
        today=TEST_DAY,
        name="to 本籍",
        locale=locale,
        text_size=text_size,  # type: ignore[arg-type]
        steps=[Step.model_validate(s) for s in to_question(FOREIGN, "registry.domicile")],
    )


def click(qtbot, screen, name: str) -> None:  # type: ignore[no-untyped-def]
    buttons = [b for b in screen.findChildren(QAbstractButton, name) if b.isVisible()]
    assert buttons, f"no visible {name}"
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)


def shoot(run, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The whole window as the resident sees it, once the pending layout is done; and
    nothing wider than the display."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QCoreApplication.processEvents()
    window = run.kiosk.window
    window.grab().save(str(path))
    assert window.current_screen().body_scroll.horizontalScrollBar().maximum() == 0


@pytest.mark.parametrize("text_size", ["standard", "extra_large"])
@pytest.mark.parametrize(
    ("locale", "brazil", "button"),
    [
        ("pt_BR", "Brasil", "Não tem nacionalidade japonesa: escolher nacionalidade ou região"),
        ("ja", "ブラジル", "外国籍の方：国籍・地域を選ぶ"),
    ],
    ids=["pt_BR", "ja"],
)
def test_the_domicile_screen_offers_the_nationality_list_in_the_residents_language(
    locale, brazil, button, text_size, qapp, qtbot, kiosk_config, artifact_dir
) -> None:
    scenario = scenario_to_domicile(locale, text_size)
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert screen.instead.isVisible()
        assert screen.instead.text() == button
        shoot(run, artifact_dir / f"domicile_{locale}_{text_size}.png")
        click(qtbot, screen, "answer_instead")
        page = screen.pages[CountryPage]
        countries = page.country_list
        assert screen.inputs.currentWidget() is page
        # The shortlist first: Brazil is one tap, named in the resident's language.
        assert countries.group == "common"
        shoot(run, artifact_dir / f"common_{locale}_{text_size}.png")
        assert countries.findChildren(QAbstractButton, "country_BR")[0].text() == brazil
        # Everyone else under the index letters of the resident's alphabet.
        letter = "P" if locale == "pt_BR" else "ハ"
        click(qtbot, screen, f"country_group_{letter}")
        listed = [
            countries.findChildren(QAbstractButton, f"country_{c}")
            for c in countries.codes_in(letter)
        ]
        assert all(listed)
        names = [b[0].text() for b in listed]
        if locale == "pt_BR":
            assert "Portugal" in names and "Peru" in names
        else:
            assert "フランス" in names and "ハンガリー" in names
        shoot(run, artifact_dir / f"countries_{locale}_{text_size}.png")
        # Back to the 本籍 input with the same button, and on to the list again.
        click(qtbot, screen, "answer_instead")
        assert screen.inputs.currentWidget() is not page
        click(qtbot, screen, "answer_instead")
        click(qtbot, screen, "country_BR")
        data = run.kiosk.controller.session.data
        assert data["registry"]["nationality"] == "BR"
        assert data["registry"]["domicile"] == ""
        # next: the 在留カード facts a foreign resident's 別紙 needs
        assert run.kiosk.controller.session.screen_id == "question:residence.category"
        # Read back on the review as the country's name, not its code.
        assert run.kiosk.controller.display_value("registry.domicile") == brazil


@pytest.mark.parametrize("locale", ["ja", "pt_BR"])
def test_the_country_list_is_within_reach_at_the_largest_text(
    locale, qapp, qtbot, kiosk_config, artifact_dir
) -> None:
    """Every index letter and a country far down its letter are reached by touch (the
    runner fails a tap on a control not wholly on the display)."""
    scenario = scenario_to_domicile(locale, "extra_large")
    far = "ZW" if locale == "pt_BR" else "LU"  # Zimbábue (Z), ルクセンブルク (ラ row)
    steps = [
        *scenario.steps,
        Step(answers={"registry.domicile": "", "registry.nationality": far}),
        Step(expect="question:residence.category"),
    ]
    with scenario_kiosk(
        scenario.model_copy(update={"steps": steps}), artifact_dir, kiosk_config
    ) as run:
        summary = run.runner.run()
        assert summary.unreachable == []
        assert summary.completed, summary.errors
        assert run.kiosk.controller.session.data["registry"]["nationality"] == far
        screen = run.kiosk.window.current_screen()
        screen.grab().save(str(artifact_dir / f"after_{locale}.png"))


def test_a_japanese_residents_honseki_leaves_no_nationality_and_asks_the_head(
    qapp, kiosk_config, artifact_dir
) -> None:
    with scenario_kiosk(JAPANESE, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        assert "question:registry.head" in summary.screens
        data = run.kiosk.controller.session.data
        assert data["registry"]["domicile"].startswith("大阪府")
        assert data["registry"]["nationality"] == ""


def test_the_form_prints_the_japanese_country_name_in_the_honseki_row(
    qapp, kiosk_config, artifact_dir
) -> None:
    with scenario_kiosk(FOREIGN, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        assert "question:registry.head" not in summary.screens  # no 筆頭者 for a foreigner
    text = subprocess.run(
        ["pdftotext", "-layout", str(artifact_dir / summary.pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    row = next(line for line in text.splitlines() if "国籍・地域" in line)
    assert "ブラジル" in row
    assert "本籍" not in text.split("異動者")[0].split("旧住所")[-1]
