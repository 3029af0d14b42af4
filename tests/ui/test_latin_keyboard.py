"""The Latin keyboard types the accented letters of the shipped Latin-script languages
(pt_BR, es, vi with its tones, fil; id needs none) on a page of its own, reached by
touch at every text size."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk.scenario import Scenario, Step, load_scenario
from tests.clock import TEST_DAY
from ui.kiosk.run_script import scenario_kiosk
from ui.widgets.kana_keyboard import KanaKeyboardWidget, text_taps

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
FOREIGN = load_scenario(SCENARIOS / "foreign_resident_moving_in.yaml")

#: Real names of the kiosk's Latin-script residents, as their passports write them.
NAMES = [
    "JOÃO GONÇALVES",  # pt_BR
    "CONCEIÇÃO ARAÚJO",
    "JOSÉ ANTÔNIO LOURENÇO",
    "NÚÑEZ MUÑOZ",  # es
    "GÜELL PEÑA",
    "NGUYỄN THỊ HƯƠNG",  # vi: tones on Ê, on a plain I, on Ơ
    "TRẦN ĐỨC ANH",
    "PHẠM VĂN BẢO",
    "LÊ THỊ MỸ",
    "DELA CRUZ SANTO NIÑO",  # fil
    "SITI NURHALIZA",  # id
]


def tap_all(qtbot, keyboard: KanaKeyboardWidget, taps: list[str]) -> None:  # type: ignore[no-untyped-def]
    for name in taps:
        buttons = [b for b in keyboard.findChildren(QAbstractButton, name) if b.isVisible()]
        assert buttons, f"no visible key {name} (page {keyboard.pages.currentIndex()})"
        qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("name", NAMES)
def test_each_name_is_typed_with_the_keys_on_screen(name, qtbot) -> None:
    keyboard = KanaKeyboardWidget()
    qtbot.addWidget(keyboard)
    keyboard.show_digits(False)
    keyboard.set_alphabet(True)
    keyboard.show()
    tap_all(qtbot, keyboard, text_taps(name, alphabet=True))
    assert keyboard.text == name


def test_a_tone_goes_on_the_letter_just_typed_and_nothing_else(qtbot) -> None:
    keyboard = KanaKeyboardWidget()
    qtbot.addWidget(keyboard)
    keyboard.set_alphabet(True)
    keyboard.show()
    tap_all(qtbot, keyboard, ["kb_accents", "accent_Ê", "tone_acute"])
    assert keyboard.text == "Ế"
    tap_all(qtbot, keyboard, ["tone_grave"])  # a second tone: Ế has no such letter
    assert keyboard.text == "Ế"
    tap_all(qtbot, keyboard, ["kb_accents", "alpha_A", "kb_accents", "tone_dot"])
    assert keyboard.text == "ẾẠ"
    # Back to the alphabet and to kana: the page's own keys show, not the others'.
    tap_all(qtbot, keyboard, ["kb_accents"])
    assert keyboard.pages.currentIndex() == 1
    tap_all(qtbot, keyboard, ["kb_mode"])
    assert keyboard.pages.currentIndex() == 0
    assert not keyboard.accents.isVisible()


def scenario_with(name: str, reading: str, locale: str, text_size: str) -> Scenario:
    answers = dict(FOREIGN.steps[2].answers or {})
    answers.update({"applicant.name": name, "applicant.name_kana": reading})
    keys = list(answers)
    steps = [
        *FOREIGN.steps[:2],
        Step(answers={k: answers[k] for k in keys[: keys.index("applicant.sex")]}),
        Step(expect="question:applicant.sex"),
    ]
    return Scenario(
        today=TEST_DAY,
        name=f"accented name {locale}",
        locale=locale,
        text_size=text_size,  # type: ignore[arg-type]
        steps=steps,
    )


@pytest.mark.parametrize("size", [(1280, 1024), (1920, 1080)], ids=["1280x1024", "1920x1080"])
@pytest.mark.parametrize(
    ("locale", "name", "reading", "text_size"),
    [
        ("pt_BR", "CONCEIÇÃO ARAÚJO", "コンセイサン　アラウジョ", "extra_large"),
        ("vi", "NGUYỄN THỊ HƯƠNG", "グエン　ティ　フオン", "extra_large"),
        ("es", "NÚÑEZ PEÑA", "ヌニェス　ペニャ", "large"),
        ("pt_BR", "JOÃO GONÇALVES", "ジョアン　ゴンサウヴェス", "standard"),
    ],
    ids=["pt_BR-extra_large", "vi-extra_large", "es-large", "pt_BR-standard"],
)
def test_an_accented_name_is_typed_by_touch_at_every_size(
    locale, name, reading, text_size, size, qapp, kiosk_config, artifact_dir
) -> None:
    """The runner fails a tap on a key not wholly on the display."""
    scenario = scenario_with(name, reading, locale, text_size)
    with scenario_kiosk(scenario, artifact_dir, kiosk_config, size=size) as run:
        summary = run.runner.run()
        assert summary.unreachable == []
        assert summary.completed, summary.errors
        data = run.kiosk.controller.session.data
        assert data["applicant"]["name"] == name
        # The accents page as the resident sees it at this size.
        run.kiosk.controller.back()
        QCoreApplication.processEvents()
        screen = run.kiosk.window.current_screen()
        screen.page.keyboard.set_alphabet(True)
        screen.page.keyboard.findChild(QAbstractButton, "kb_accents").click()
        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            QCoreApplication.processEvents()
        run.kiosk.window.grab().save(str(artifact_dir / f"accents_{locale}_{text_size}.png"))
        assert screen.body_scroll.horizontalScrollBar().maximum() == 0
