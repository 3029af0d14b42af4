"""The command line speaks its environment's language (kiosk/cli_text.py), run as real
processes: the POSIX variables decide, mapped to a shipped language."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from i18n import shipped_locale, translator
from i18n.catalog import load_catalogs
from kiosk.cli_text import cli_locale

ROOT = Path(__file__).resolve().parents[2]
CLI_ERRORS = {"CliError", "CliUsageError", "CliBadParameter"}


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("ja_JP.UTF-8", "ja"),
        ("zh_TW.UTF-8", "zh_Hant"),
        ("zh_CN.GB18030", "zh_Hans"),
        ("zh_HK", "zh_Hant"),
        ("pt_PT.UTF-8", "pt_BR"),
        ("tl_PH", "fil"),
        ("ko-KR", "ko"),
        ("es_MX.UTF-8@euro", "es"),
        ("C.UTF-8", None),
        ("POSIX", None),
        ("de_DE.UTF-8", None),
        ("xx_YY", None),
        ("", None),
    ],
)
def test_a_language_tag_maps_to_a_shipped_language(tag: str, locale: str | None) -> None:
    assert shipped_locale(tag) == locale


def test_the_first_posix_variable_set_decides() -> None:
    assert cli_locale({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}) == "ja"
    assert cli_locale({"LC_ALL": "", "LC_MESSAGES": "vi_VN", "LANG": "ja_JP"}) == "vi"
    # C set first is a choice too: English, though LANG says Japanese
    assert cli_locale({"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}) == "en"
    assert cli_locale({}) == "en"
    assert cli_locale({"LANG": "de_DE.UTF-8"}) == "en"


def _madoguchi(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env["LANG"] = lang
    return subprocess.run(
        [str(Path(sys.executable).with_name("madoguchi")), *args],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, cwd=ROOT,
    )  # fmt: skip


@pytest.fixture
def broken_json(tmp_path: Path) -> Path:
    path = tmp_path / "answers.json"
    path.write_text("{", encoding="utf-8")
    return path


def test_a_command_fails_in_japanese_under_a_japanese_locale(broken_json: Path, tmp_path: Path):
    args = ("forms", "render", "--event", "moving_in", "--data", str(broken_json),
            "--out", str(tmp_path / "out.pdf"))  # fmt: skip
    ja = _madoguchi(*args, lang="ja_JP.UTF-8")
    assert ja.returncode == 1
    assert ja.stderr.startswith("エラー: ") and "JSON として読めません" in ja.stderr
    en = _madoguchi(*args, lang="C.UTF-8")
    assert en.returncode == 1
    assert en.stderr.startswith("Error: ") and "not valid JSON" in en.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_usage_and_parameter_errors_are_said_in_the_language(tmp_path: Path) -> None:
    data = tmp_path / "answers.json"
    data.write_text(json.dumps({}), encoding="utf-8")
    both = _madoguchi("forms", "render", "--event", "moving_in", "--form", "juminido",
                      "--data", str(data), "--out", str(tmp_path / "o.pdf"), lang="ja_JP.UTF-8")  # fmt: skip
    assert both.returncode == 2 and "どちらかを指定してください" in both.stderr
    size = _madoguchi("kiosk", "--size", "big", lang="ja_JP.UTF-8")
    assert size.returncode == 2 and "幅x高さ" in size.stderr
    unknown = _madoguchi("i18n", "check", "--locale", "xx", lang="ja_JP.UTF-8")
    assert unknown.returncode == 2 and "xx: その言語はありません" in unknown.stderr


def test_card_messages_follow_every_shipped_language() -> None:
    """Before, any locale but Japanese got English, though card.po speaks eleven."""
    out = _card("read", "--pin-stdin", stdin="9999\n", lang="pt_BR.UTF-8")
    assert out.returncode != 0
    assert out.stderr.strip() == translator("pt_BR")("card.pin_incorrect", tries_left=2)
    assert out.stderr.strip() != translator("en")("card.pin_incorrect", tries_left=2)


def _card(*args: str, stdin: str, lang: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env["LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "kiosk.card_cli", "--backend", "simulator", *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8", env=env, timeout=60,
        cwd=ROOT,
    )  # fmt: skip


def _cli_error_keys() -> set[str]:
    keys: set[str] = set()
    for package in ("kiosk", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in CLI_ERRORS
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                ):
                    keys.add(str(node.args[0].value))
    return keys


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_every_command_line_error_has_its_words(locale: str) -> None:
    keys = _cli_error_keys()
    assert len(keys) >= 10  # the walk found the commands' errors
    own = {m.id for m in load_catalogs(locale)["cli"] if m.id and m.string}
    assert sorted(keys - own) == []
    assert "cli.error" in own
