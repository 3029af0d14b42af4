"""`madoguchi forms` list / validate / render, through click."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

from click.testing import CliRunner

from kiosk.forms_cli import forms
from tests.forms.samples import MOVING_IN_FAMILY


def test_list() -> None:
    result = CliRunner().invoke(forms, ["list"])
    assert result.exit_code == 0, result.output
    assert "juminido" in result.output and "住民異動届" in result.output
    events = CliRunner().invoke(forms, ["list", "--events"])
    assert "moving_in" in events.output and "juminido_tennyu" in events.output


def test_validate_default_and_a_broken_file(tmp_path: Path) -> None:
    ok = CliRunner().invoke(forms, ["validate"])
    assert ok.exit_code == 0 and ok.output.startswith("ok:")
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        textwrap.dedent(
            """\
            id: broken
            version: "1"
            title: {ja: 壊れた様式}
            code: X-1
            department: shimin
            procedures: [juminido_tennyu]
            fields:
              - {key: applicant.name, box: [20, 290, 100, 12], show_if: "applicant.nmae"}
            """
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(forms, ["validate", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:8: fields[0].box: POS_001" in result.output
    assert f"{broken}:8: fields[0].show_if: EXPR_004" in result.output


def test_render_event_batch(tmp_path: Path) -> None:
    data = tmp_path / "data.json"
    data.write_text(json.dumps(MOVING_IN_FAMILY, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(
        forms,
        ["render", "--event", "moving_in", "--data", str(data), "--out", str(out),
         "--application-id", "A-CLI-1", "--reception", "A-001", "--today", "2025-04-01"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "juminido" in result.output
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "A-CLI-1" in text and "山田 花子" in text


def test_render_puts_the_residents_language_on_the_cover(tmp_path: Path) -> None:
    data = tmp_path / "data.json"
    data.write_text(json.dumps(MOVING_IN_FAMILY, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.pdf"
    args = ["render", "--event", "moving_in", "--data", str(data), "--out", str(out),
            "--today", "2025-04-01"]  # fmt: skip
    result = CliRunner().invoke(forms, [*args, "--locale", "vi"])
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", "-l", "1", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "手続きのご案内" in text and "Hướng dẫn thủ tục" in text
    unknown = CliRunner().invoke(forms, [*args, "--locale", "xx"])
    assert unknown.exit_code == 2 and "xx" in unknown.output


def test_render_needs_event_or_form(tmp_path: Path) -> None:
    data = tmp_path / "data.json"
    data.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(
        forms, ["render", "--data", str(data), "--out", str(tmp_path / "x.pdf")]
    )
    assert result.exit_code == 2 and "--event" in result.output
    unknown = CliRunner().invoke(
        forms, ["render", "--form", "nope", "--data", str(data), "--out", str(tmp_path / "x.pdf")]
    )
    assert unknown.exit_code == 1 and "unknown form 'nope'" in unknown.output
