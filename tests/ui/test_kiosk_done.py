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


def test_the_printed_ticket_says_the_same_as_the_done_screen(
    qapp, kiosk_config, artifact_dir, live_cups
) -> None:
    """The ticket printed on the page printer carries the counter to go to, the people
    ahead and the expected wait that the done screen shows, under the number, in Japanese
    and in English. It goes through the private CUPS; the PDF is read as the kiosk hands
    it over (a recorder in front of the real print call: cups-pdf's re-distilled copy
    loses the fonts' text mapping, so pdftotext -bbox cannot read it back)."""
    from dataclasses import replace as with_settings

    from tests.forms.pdfbox import text_in, words
    from tests.support.cups import PDF_QUEUE

    config = with_settings(kiosk_config, ticket_printer="page", page_printer=PDF_QUEUE)
    # The second resident changes to English after choosing the event.
    # the language changes on the first question about the resident (after 何をしますか)
    steps = [*SEAL.steps[:3], Step(tap="language"), Step(tap="lang_en"), *SEAL.steps[3:]]
    english = SEAL.model_copy(update={"name": "english", "steps": steps})
    with scenario_kiosk(resident(1), artifact_dir / "1", config) as run:
        runner, window = run.runner, run.kiosk.window
        printer = run.kiosk.controller.ticket_printer
        handed: list[bytes] = []
        real_print = printer.page_print

        def recorded(pdf: bytes) -> None:
            handed.append(pdf)
            real_print(pdf)

        printer.page_print = recorded
        finish = SEAL.model_copy(update={"name": "finish", "steps": [Step(tap="finish")]})
        first = runner.run()
        assert first.completed, first.errors
        runner.run(finish, artifact_dir / "1f")
        store = Store(config.database_url, clock=run.kiosk.controller.clock)
        assert store.call_next(admin_principal(store), "1番") is not None
        live_cups.clear_output()

        second = runner.run(english, artifact_dir / "2")
        assert second.completed, second.errors
        from ui.threads import wait_for_workers

        wait_for_workers()
        screen = window.current_screen()
        shown = screen.wait.text()
        assert shown.startswith("People waiting before you: 0") and "about" in shown
        receipt = run.kiosk.controller.session.receipt
        minutes = receipt.wait_minutes if receipt is not None else None
        assert minutes is not None
        assert live_cups.wait_for_pdf().stat().st_size > 0  # and it did print
    printed = handed[-1]
    (artifact_dir / "ticket.pdf").write_bytes(printed)
    found = words(printed)
    (number,) = [w for w in found if w.text == second.reception_number]
    under = text_in(found, 1, (0, number.y + 5, 105, 148.5 - number.y - 5))
    flat = under.replace(" ", "").replace("\u3000", "")
    assert "行き先：市民課Goto:CitizensDivision" in flat
    assert "お待ちの方：0人Peoplewaitingbeforeyou:0" in flat
    assert f"待ち時間の目安：約{minutes}分Expectedwait:about{minutes}min" in flat
