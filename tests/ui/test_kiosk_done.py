"""The done screen: the number large, the counter to go to, the people ahead and, from
the queue's live statistics, the expected wait — through the real widgets and store."""

from __future__ import annotations

from pathlib import Path

from kiosk.scenario import Step, load_scenario
from kiosk.store import Store
from tests.support.accounts import admin_principal
from ui.kiosk.run_script import scenario_kiosk

SEAL = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "event_seal_no_card.yaml")


def resident(n: int):  # type: ignore[no-untyped-def]
    """The seal registration without a card, ending on the done screen."""
    return SEAL.model_copy(update={"name": f"resident {n}"})


def test_the_done_screen_says_where_to_go_and_how_long(qapp, kiosk_config, artifact_dir) -> None:
    with scenario_kiosk(resident(1), artifact_dir / "1", kiosk_config) as run:
        runner, window = run.runner, run.kiosk.window
        finish = SEAL.model_copy(update={"name": "finish", "steps": [Step(tap="finish")]})
        first = runner.run()
        assert first.completed, first.errors
        screen = window.current_screen()
        assert screen.number.text() == first.reception_number
        # The counter of the procedure (the catalogue's department), and nobody ahead.
        assert "市民課" in screen.counter.text() and screen.counter.isVisible()
        assert screen.wait.text() == "お待ちの方：0人"
        # The number is the largest text on the screen.
        sizes = {
            w.objectName(): w.font().pixelSize() or w.font().pointSize()
            for w in (screen.number, screen.counter, screen.wait, screen.title)
        }
        assert sizes["reception_number"] == max(sizes.values())
        runner.run(finish, artifact_dir / "1f")

        second = runner.run(resident(2), artifact_dir / "2")
        assert second.completed, second.errors
        assert window.current_screen().wait.text() == "お待ちの方：1人"
        runner.run(finish, artifact_dir / "2f")

        # Staff call the first resident: today's statistics now know a wait.
        store = Store(kiosk_config.database_url, clock=run.kiosk.controller.clock)
        called = store.call_next(admin_principal(store), "1番")
        assert called is not None and called.reception_number == first.reception_number

        third = runner.run(resident(3), artifact_dir / "3")
        assert third.completed, third.errors
        text = window.current_screen().wait.text()
        assert text.startswith("お待ちの方：1人") and "待ち時間の目安：約" in text
        receipt = run.kiosk.controller.session.receipt
        assert receipt is not None and receipt.waiting_ahead == 1
        assert receipt.wait_minutes is not None and receipt.wait_minutes >= 1
