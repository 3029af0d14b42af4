"""Configuration: booleans from TOML and from MADOGUCHI_* variables, printing settings,
the machine-wide file under the per-user one, secrets kept private, `config show`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.config import Config, ConfigError, load_config, load_config_with_sources
from kiosk.config_cli import config as config_command


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


def _write(path: Path, text: str, mode: int = 0o644) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_machine_file_then_user_file_then_environment(tmp_path: Path) -> None:
    system = _write(
        tmp_path / "etc.toml",
        'terminal_id = "kiosk-1F-01"\ncounter_group = "B"\nidle_timeout_seconds = 90\n',
    )
    user = _write(tmp_path / "user.toml", 'counter_group = "C"\n')
    loaded = load_config_with_sources(
        user, env={"MADOGUCHI_IDLE_TIMEOUT_SECONDS": "60"}, system_path=system
    )
    config = loaded.config
    assert (config.terminal_id, config.counter_group, config.idle_timeout_seconds) == (
        "kiosk-1F-01",
        "C",
        60,
    )
    assert loaded.sources["terminal_id"] == str(system)
    assert loaded.sources["counter_group"] == str(user)
    assert loaded.sources["idle_timeout_seconds"] == "environment MADOGUCHI_IDLE_TIMEOUT_SECONDS"
    assert loaded.sources["municipality"] == "default"
    assert loaded.files == (system, user)


def test_an_unknown_setting_in_the_machine_file_names_the_file(tmp_path: Path) -> None:
    system = _write(tmp_path / "etc.toml", "terminal = 'x'\n")
    with pytest.raises(ConfigError, match=r"etc\.toml: unknown setting 'terminal'"):
        load_config(tmp_path / "absent.toml", env={}, system_path=system)


def test_a_password_in_a_readable_file_is_refused(tmp_path: Path) -> None:
    text = 'database_url = "postgresql+psycopg://kiosk:s3cret@db/madoguchi"\n'
    system = _write(tmp_path / "etc.toml", text, 0o644)
    with pytest.raises(ConfigError, match=r"carries a password.*database_password_file"):
        load_config(tmp_path / "absent.toml", env={}, system_path=system)
    system.chmod(0o600)  # only its owner may read it: allowed
    url = load_config(tmp_path / "absent.toml", env={}, system_path=system).database_url
    assert "s3cret" in url


def test_the_password_file_must_be_private(tmp_path: Path) -> None:
    secret = _write(tmp_path / "db-password", "s3cret\n", 0o640)
    system = _write(
        tmp_path / "etc.toml",
        'database_url = "postgresql+psycopg://kiosk@db.city.local/madoguchi"\n'
        f'database_password_file = "{secret}"\n',
    )
    config = load_config(tmp_path / "absent.toml", env={}, system_path=system)
    with pytest.raises(ConfigError, match=r"readable by other users \(mode 0640\).*chmod 600"):
        config.resolved_database_url()
    secret.chmod(0o600)
    assert config.resolved_database_url() == (
        "postgresql+psycopg://kiosk:s3cret@db.city.local/madoguchi"
    )
    secret.unlink()
    with pytest.raises(ConfigError, match="password file does not exist"):
        config.resolved_database_url()


def test_config_show_names_each_source_and_masks_secrets(tmp_path: Path) -> None:
    system = _write(
        tmp_path / "etc.toml",
        'database_url = "postgresql+psycopg://kiosk:s3cret@db/madoguchi"\n'
        'staff_pin_hash = "$argon2id$v=19$m=65536,t=3,p=4$abc$def"\n',
        0o600,
    )
    user = _write(tmp_path / "user.toml", 'terminal_id = "kiosk-2F-03"\n')
    env = {
        "MADOGUCHI_SYSTEM_CONFIG": str(system),
        "MADOGUCHI_CONFIG": str(user),
        "MADOGUCHI_COUNTER_GROUP": "D",
    }
    result = CliRunner().invoke(config_command, ["show"], env=env)
    assert result.exit_code == 0, result.output
    lines = {line.split(" = ")[0].strip(): line for line in result.output.splitlines()}
    assert "s3cret" not in result.output and "abc$def" not in result.output
    assert lines["database_url"].endswith(f"# {system}")
    assert "kiosk:***@db/madoguchi" in lines["database_url"]
    assert (
        lines["staff_pin_hash"].startswith("staff_pin_hash")
        and "********" in lines["staff_pin_hash"]
    )
    assert "'kiosk-2F-03'" in lines["terminal_id"] and lines["terminal_id"].endswith(str(user))
    assert lines["counter_group"].endswith("# environment MADOGUCHI_COUNTER_GROUP")
    assert lines["retention_days"].endswith("30  # default")
    as_json = CliRunner().invoke(config_command, ["show", "--json"], env=env)
    data = json.loads(as_json.output)
    assert data["counter_group"] == {
        "value": "'D'",
        "source": "environment MADOGUCHI_COUNTER_GROUP",
    }


def test_the_card_reader_setting_is_read_and_shown(tmp_path: Path) -> None:
    user = _write(tmp_path / "user.toml", 'card_reader = "*Sony*"\n')
    env = {"MADOGUCHI_SYSTEM_CONFIG": str(tmp_path / "none.toml"), "MADOGUCHI_CONFIG": str(user)}
    result = CliRunner().invoke(config_command, ["show"], env=env)
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("card_reader "))
    assert "'*Sony*'" in line and line.endswith(f"# {user}")
    assert Config().card_reader == ""  # default: the reader holding a My Number Card


def test_config_show_explains_a_broken_file(tmp_path: Path) -> None:
    user = _write(tmp_path / "user.toml", "terminal_id = \n")
    result = CliRunner().invoke(config_command, ["show"], env={"MADOGUCHI_CONFIG": str(user)})
    assert result.exit_code == 1
    assert f"{user}: not valid TOML" in result.output
