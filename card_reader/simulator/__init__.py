"""Our own simulated My Number Card, for tests and demo mode.

- `SimulatedCard`: one card's data and PIN state, and the APDUs it answers.
- `SimulatedBackend`: in-process readers holding simulated cards.
- `VpcdCard`: the same card served to a real pcscd through the vsmartcard virtual reader.
"""

from card_reader.simulator.backend import DEFAULT_READER, SimulatedBackend
from card_reader.simulator.card import (
    MY_NUMBER_ATR,
    OTHER_CARD_ATR,
    LoggedApdu,
    SimulatedCard,
    SimulatorConfigError,
)
from card_reader.simulator.vpcd import VpcdCard

__all__ = [
    "DEFAULT_READER",
    "MY_NUMBER_ATR",
    "OTHER_CARD_ATR",
    "LoggedApdu",
    "SimulatedBackend",
    "SimulatedCard",
    "SimulatorConfigError",
    "VpcdCard",
]
