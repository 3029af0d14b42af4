"""The staff PIN that unlocks staff-assisted mode: hashed, checked, locked after
repeated failures."""

from __future__ import annotations

import pytest

from kiosk.assist import LOCK_SECONDS, MAX_FAILURES, StaffPinCheck, hash_staff_pin


class Clock:
    """A clock the test moves by hand (time itself, not a stand-in for code)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_hash_never_contains_the_pin_and_checks_it() -> None:
    digest = hash_staff_pin("246810")
    assert "246810" not in digest and digest.startswith("$argon2")
    check = StaffPinCheck(digest)
    assert check.verify("246810")
    assert not check.verify("246811")


@pytest.mark.parametrize("pin", ["12345", "abcdef", ""])
def test_short_or_non_digit_pins_are_refused(pin: str) -> None:
    with pytest.raises(ValueError):
        hash_staff_pin(pin)


def test_no_hash_means_no_staff_mode() -> None:
    check = StaffPinCheck("")
    assert not check.enabled
    assert not check.verify("246810")


def test_repeated_wrong_pins_lock_the_mode_for_a_while() -> None:
    clock = Clock()
    check = StaffPinCheck(hash_staff_pin("246810"), clock=clock)
    for _ in range(MAX_FAILURES):
        assert not check.verify("000000")
    assert check.locked()
    assert not check.verify("246810")  # even the right PIN, while locked
    clock.now += LOCK_SECONDS + 1
    assert not check.locked()
    assert check.verify("246810")
