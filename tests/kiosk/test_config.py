"""Configuration: booleans from TOML and from MADOGUCHI_* variables, printing settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import Config, ConfigError, load_config


@pytest.mark.parametrize(
    ("word", "value"),
    [("true", True), ("TRUE", True), ("1", True), ("yes", True), ("on", True),
     ("false", False), ("0", False), ("No", False), (" off ", False)],
)  # fmt: skip
def test_booleans_from_the_environment(tmp_path: Path, word: str, value: bool) -> None:
    config = load_config(tmp_path / "absent.toml", env={"MADOGUCHI_PRINT_FORMS": word})
    assert config.print_forms is value


def test_booleans_and_printers_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "madoguchi.toml"
    path.write_text(
        'ticket_printer = "network:192.168.10.50:9100"\n'
        'page_printer = "Kiosk-A4"\n'
        "print_forms = true\n",
        encoding="utf-8",
    )
    config = load_config(path, env={})
    assert config.print_forms is True
    assert config.ticket_printer == "network:192.168.10.50:9100"
    assert config.page_printer == "Kiosk-A4"
    # The environment wins over the file.
    assert load_config(path, env={"MADOGUCHI_PRINT_FORMS": "no"}).print_forms is False


def test_printing_defaults_print_nothing_at_the_kiosk() -> None:
    config = Config()
    assert (config.ticket_printer, config.page_printer, config.print_forms) == ("none", "", False)


@pytest.mark.parametrize("word", ["maybe", "2", ""])
def test_a_word_that_is_not_a_boolean_is_refused(tmp_path: Path, word: str) -> None:
    with pytest.raises(ConfigError, match="MADOGUCHI_PRINT_FORMS: expected true or false"):
        load_config(tmp_path / "absent.toml", env={"MADOGUCHI_PRINT_FORMS": word})
