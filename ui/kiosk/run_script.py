"""`madoguchi kiosk --script`: a scenario file → a kiosk → a ScriptRunner → summary."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from card_reader.simulator import DEFAULT_READER, SimulatedBackend, SimulatedCard
from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.scenario import Scenario, load_scenario
from ui.kiosk.app import Kiosk, build_kiosk, store_factory
from ui.kiosk.scripted import Hooks, ScriptRunner
from ui.theme import TextSize
from ui.threads import wait_for_workers

#: A PostgreSQL URL on a port where nothing listens: connecting fails at once.
UNREACHABLE_DATABASE = "postgresql+psycopg://madoguchi@127.0.0.1:9/unreachable"


def run_scenario_file(
    path: Path,
    out: Path,
    config: Config,
    *,
    vpcd_port: int | None = None,
    size: tuple[int, int] = (1280, 1024),
) -> dict[str, Any]:
    return run_scenario(load_scenario(path), out, config, vpcd_port=vpcd_port, size=size)


@dataclass
class ScenarioKiosk:
    """A kiosk set up for a scenario, with its script runner (tests inspect both)."""

    kiosk: Kiosk
    runner: ScriptRunner
    card: SimulatedCard | None


@contextmanager
def scenario_kiosk(
    scenario: Scenario,
    out: Path,
    config: Config,
    *,
    vpcd_port: int | None = None,
    size: tuple[int, int] = (1280, 1024),
    hooks: Hooks | None = None,
    card: SimulatedCard | None = None,
    backend: Any = None,
    screenshots: bool = True,
) -> Iterator[ScenarioKiosk]:
    """A kiosk built for `scenario` (card, reader, language, appearance); closed after."""
    config = replace(config, default_locale=scenario.locale)
    if scenario.idle_timeout_seconds is not None:
        config = replace(config, idle_timeout_seconds=scenario.idle_timeout_seconds)
    if scenario.idle_countdown_seconds is not None:
        config = replace(config, idle_countdown_seconds=scenario.idle_countdown_seconds)
    if card is None and scenario.card is not None:
        card = SimulatedCard.from_dict(scenario.card)
    vpcd = None
    if config.card_backend == "pcsc":
        from card_reader.pcsc import PcscBackend
        from card_reader.simulator import VpcdCard

        if vpcd_port is None:
            raise ValueError("a scripted run on PC/SC needs --vpcd-port (the virtual reader)")
        backend = backend or PcscBackend()
        vpcd = VpcdCard(card, port=vpcd_port) if card is not None else None
        default_hooks = Hooks(
            insert_card=(vpcd.insert if vpcd else _no_card),
            remove_card=(vpcd.remove if vpcd else _no_card),
        )
    else:
        backend = backend or SimulatedBackend()
        sim = backend
        default_hooks = Hooks(
            insert_card=(lambda: sim.insert(card)) if card is not None else _no_card,
            remove_card=lambda: sim.remove(),
            unplug_reader=lambda: sim.remove_reader(sim.list_readers()[0]),
            plug_reader=lambda: sim.add_reader(DEFAULT_READER),
        )
    clock = Clock.at(scenario.today, config.timezone) if scenario.today else None
    kiosk = build_kiosk(config, backend=backend, clock=clock)
    if hooks is None:
        # "database: down": the kiosk's next connection goes to a closed port and is
        # refused, as when the server or the network is gone; "up" restores it.
        live_factory = kiosk.controller.store_factory
        dead_factory = store_factory(UNREACHABLE_DATABASE, config)

        def down() -> None:
            kiosk.controller.store_factory = dead_factory

        def up() -> None:
            kiosk.controller.store_factory = live_factory

        default_hooks.database_down = down
        default_hooks.database_up = up
    try:
        controller, window = kiosk.controller, kiosk.window
        controller.set_text_size(TextSize(scenario.text_size))
        if scenario.high_contrast:
            controller.toggle_high_contrast()
        if scenario.low_layout:
            controller.toggle_low_layout()
        window.resize(*size)
        window.show()
        runner = ScriptRunner(
            window, scenario, out, hooks or default_hooks, screenshots=screenshots
        )
        yield ScenarioKiosk(kiosk, runner, card)
    finally:
        wait_for_workers()
        kiosk.close()
        if vpcd is not None:
            vpcd.stop()


def run_scenario(scenario: Scenario, out: Path, config: Config, **kwargs: Any) -> dict[str, Any]:
    """Run `scenario` once on a new kiosk; the summary as a dict."""
    with scenario_kiosk(scenario, out, config, **kwargs) as run:
        return asdict(run.runner.run())


def _no_card() -> None:
    raise RuntimeError("this scenario has no card")
