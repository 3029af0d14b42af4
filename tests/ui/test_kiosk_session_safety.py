"""Session safety: the idle timeout wipes the resident from memory, screen and disk;
the next resident sees nothing of the last one; back-to-back sessions on one kiosk."""

from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.scenario import Scenario, Step
from kiosk.session import ResidentSession, Screen
from tests.clock import TEST_DAY
from ui.kiosk.run_script import scenario_kiosk

NAME = "秘密野　個人"
ADDRESS = "北海道札幌市中央区北一条西2丁目1番地"
CARD = {"name": NAME, "address": ADDRESS, "birth_date": "19600102", "sex": "1", "pin": "1234"}
PERSONAL = ["秘密野", "個人", "北一条西", "ヒミツノ", "090-9999-8888", "昭和35年1月2日"]


def resident_steps(extra: list[dict]) -> list[Step]:  # type: ignore[type-arg]
    steps = [
        {"tap": "event_moving_in"},
        {"insert_card": True},
        {"wait": "pin"},
        {"type": "1234"},
        {"wait": "card_confirm"},
        {"tap": "confirm_ok"},
        {
            "answers": {
                "applicant.kouki_disability": False,  # born 1960: asked at 65 to 74
                "household.has_children": False,
                "insurance.kind": "employee",
                "pets.has_dog": False,
                "applicant.name_kana": "ヒミツノ　コジン",
                "applicant.phone": "090-9999-8888",
            }
        },
        *extra,
    ]
    return [Step.model_validate(s) for s in steps]


def visible_texts(root: QWidget) -> list[str]:
    """Every text a widget holds, shown or hidden, with the widget's name."""
    texts = []
    for widget in root.findChildren(QWidget):
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(f"{name}: {widget.text()}")
        texts.append(f"{name} (accessible): {widget.accessibleName()}")
    return texts


def test_idle_timeout_wipes_memory_screen_and_disk(qapp, kiosk_config, artifact_dir) -> None:
    scenario = Scenario(
        today=TEST_DAY,
        name="walks away",
        card=CARD,
        idle_timeout_seconds=1,
        idle_countdown_seconds=2,
        steps=resident_steps([{"wait": "question:move.date"}, {"idle": 4.5}]),
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        session = run.kiosk.controller.session
        data_before = session.data
        summary = run.runner.run()
        assert summary.completed, summary.errors
        assert run.kiosk.window.timeout.timeouts == 1
        # The card is still on the reader: the kiosk asks for it back first.
        assert session.screen == Screen.TAKE_CARD
        # Memory: the model, and the very dict that held the answers.
        assert data_before == {}
        assert session.data == {} and session.card is None and session.flow is None
        assert session.pin_length == 0 and session.receipt is None
        # Screen: no widget anywhere in the window still shows the resident.
        texts = visible_texts(run.kiosk.window)
        for fragment in PERSONAL:
            holders = [t for t in texts if fragment in t]
            assert not holders, f"{fragment!r} still on screen after the wipe: {holders}"
        # Disk: nothing was written for an unsubmitted session.
        spool = Path(kiosk_config.spool_dir)
        assert not spool.exists() or not any(spool.iterdir())
        gc.collect()
        leftovers = [o for o in gc.get_objects() if isinstance(o, ResidentSession)]
        assert all(o.data == {} for o in leftovers)


def test_countdown_offers_more_time(qapp, kiosk_config, artifact_dir) -> None:
    scenario = Scenario(
        today=TEST_DAY,
        name="needs more time",
        card=CARD,
        idle_timeout_seconds=1,
        idle_countdown_seconds=30,
        steps=resident_steps([{"wait": "question:move.date"}, {"idle": 1.6}]),
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        overlay = run.kiosk.window.timeout
        assert overlay.isVisible()
        run.runner.run(
            Scenario(today=TEST_DAY, name="more", steps=[Step(tap="more_time")]),
            artifact_dir / "more",
        )
        assert not overlay.isVisible()
        session = run.kiosk.controller.session
        assert session.screen == Screen.QUESTION and session.data["applicant"]["name"] == NAME


def test_next_resident_sees_nothing_of_the_last(qapp, kiosk_config, artifact_dir) -> None:
    first = Scenario(
        today=TEST_DAY,
        name="first resident",
        card=CARD,
        steps=resident_steps(
            [
                {
                    "answers": {
                        "move.date": "2026-11-20",
                        "new_address.postal_code": "1000001",
                        "new_address.banchi": "1-1",
                        "new_address.building": "",
                        "registry.domicile": ADDRESS,
                        "registry.head": "",
                        "household.applicant_is_head": True,
                        "previous_head.same": True,
                        "applicant.has_card": True,
                        "applicant.kouki_disability": False,
                        "filer.kind": "self",
                        "household.member_count": 0,
                    }
                },
                {"wait": "review"},
                {"tap": "submit"},
                {"wait": "take_card"},
                {"remove_card": True},
                {"wait": "done"},
                {"tap": "finish"},
                {"expect": "attract"},
            ]
        ),
    )
    with scenario_kiosk(first, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        assert summary.reception_number
        texts = visible_texts(run.kiosk.window)
        for fragment in PERSONAL:
            assert not [t for t in texts if fragment in t]
        # The second resident starts at the beginning, in the default language.
        second = Scenario(
            today=TEST_DAY,
            name="second resident",
            steps=[
                Step(tap="event_moving_in"),
                Step(tap="card_skip"),
                Step(expect="question:applicant.birth_date"),
            ],
        )
        summary2 = run.runner.run(second, artifact_dir / "second")
        assert summary2.completed, summary2.errors
        # Only what this resident said at the card choice (「カードはあるが…」: has_card).
        assert run.kiosk.controller.session.data.get("applicant") == {"has_card": True}


def test_a_slow_machine_never_times_a_scripted_resident_out(
    qapp, kiosk_config, artifact_dir
) -> None:
    """Quiet time in a scripted run passes only in `idle:` steps: a machine that stalls
    for longer than the timeout between two taps does not end the session."""
    import time

    from ui.kiosk.scripted import Hooks

    stalls = []

    def stall() -> None:  # the machine is busy for twice the idle timeout
        stalls.append(1)
        time.sleep(2.5)

    scenario = Scenario(
        today=TEST_DAY,
        name="slow machine",
        idle_timeout_seconds=1,
        idle_countdown_seconds=1,
        steps=[
            Step(tap="event_moving_in"),
            Step(database="down"),  # the hook stalls the main thread
            Step(expect="card_choice"),
            Step(idle=0.5),
            Step(expect="card_choice"),
            Step(idle=1.0),  # now the resident really is quiet: the countdown shows
            Step(tap="more_time"),
            Step(expect="card_choice"),
        ],
    )
    hooks = Hooks(insert_card=lambda: None, remove_card=lambda: None, database_down=stall)
    with scenario_kiosk(scenario, artifact_dir, kiosk_config, hooks=hooks) as run:
        summary = run.runner.run()
        assert summary.errors == [] and summary.completed
        assert stalls == [1] and run.kiosk.window.timeout.timeouts == 0
