"""Staff-assisted mode through the real kiosk: the staff PIN unlocks it, every screen
says so, and the application tells the counter that staff filled it in."""

from __future__ import annotations

from dataclasses import replace

from kiosk.assist import hash_staff_pin
from kiosk.scenario import Scenario, Step
from kiosk.store import Store
from tests.clock import TEST_DAY
from tests.support.accounts import admin_principal
from ui.kiosk.run_script import scenario_kiosk

STAFF_PIN = "246810"


def steps(*raw: dict) -> list[Step]:  # type: ignore[type-arg]
    return [Step.model_validate(s) for s in raw]


def test_staff_pin_unlocks_assisted_mode_and_the_application_says_so(
    qapp, kiosk_config, artifact_dir
) -> None:
    config = replace(kiosk_config, staff_pin_hash=hash_staff_pin(STAFF_PIN))
    scenario = Scenario(
        today=TEST_DAY,
        name="staff assist",
        steps=steps(
            {"tap": "staff_assist"},
            {"expect": "staff_pin"},
            {"type": "999999"},
            {"tap": "staff_ok"},
            {"wait": "staff_pin"},
            {"expect_notice": "kiosk.assist.wrong_pin"},
            {"type": STAFF_PIN},
            {"tap": "staff_ok"},
            {"wait": "attract"},
            {"expect_notice": "kiosk.assist.on"},
            {"tap": "event_seal"},
            {"tap": "card_skip"},
            {"answers": {"seal.action": "register"}},
            {
                "answers": {
                    "applicant.name": "山田　花子",
                    "applicant.name_kana": "ヤマダ　ハナコ",
                    "applicant.birth_date": "1980-04-12",
                    "applicant.sex": "2",
                    "applicant.address": "東京都千代田区千代田1番1号",
                    "applicant.phone": "",
                    "seal.id_document": "driver_license",
                }
            },
            {"wait": "review"},
            {"tap": "submit"},
            {"wait": "done"},
        ),
    )
    with scenario_kiosk(scenario, artifact_dir, config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        window = run.kiosk.window
        # The badge shows on the screens staff work on.
        assert window.current_screen().assist_badge.isVisible()
        run.runner.run(
            Scenario(today=TEST_DAY, name="end", steps=steps({"tap": "finish"})),
            artifact_dir / "end",
        )
        assert not run.kiosk.controller.session.assisted  # the next resident starts normal
    store = Store(config.database_url)
    admin = admin_principal(store)
    (item,) = store.list_queue(admin)
    flags = store.detail(admin, item.application_id).flags
    assert {"kind": "session", "key": "kiosk.assisted"} in flags


def test_without_a_staff_pin_there_is_no_staff_button(qapp, kiosk_config, artifact_dir) -> None:
    scenario = Scenario(today=TEST_DAY, name="no staff mode", steps=steps({"expect": "attract"}))
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        run.runner.run()
        attract = run.kiosk.window.current_screen()
        assert not attract.assist_button.isVisible()
