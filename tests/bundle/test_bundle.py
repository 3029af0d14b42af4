"""The one-folder bundle (installer/bundle/madoguchi.spec) runs on its own: every
command here runs the bundle's `madoguchi` in a mount namespace where this machine's
Python, the virtual environment, the system fonts and the SKK dictionaries are hidden
behind empty folders, from an empty working folder. What it needs must be inside.

`make bundle-test` builds dist/madoguchi and points MADOGUCHI_BUNDLE_DIR at it; run
alone, the module builds its own copy under tests/artifacts (a minute or two)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bundle.conftest import ROOT, VENV
from tests.forms.samples import MOVING_IN_FAMILY

pytestmark = pytest.mark.bundle


def test_the_hidden_python_is_really_hidden(run, tmp_path: Path) -> None:
    """The check of the check: the same namespace stops this machine's Python."""
    empty = tmp_path / "empty"
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c",
         f'mount --bind "{empty}" "{VENV}" && mount --bind "{empty}" '
         f'/usr/lib/python{sys.version_info.major}.{sys.version_info.minor} && '
         f'"{sys.executable}" -c "import encodings"'],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode != 0


def test_version(run) -> None:
    done = run("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "madoguchi, version 0.1.0"


def test_forms_render_with_the_bundled_fonts(run, tmp_path: Path) -> None:
    data = dict(MOVING_IN_FAMILY)
    data["applicant"] = {**MOVING_IN_FAMILY["applicant"], "name": "𠮷田 花子"}
    (tmp_path / "work" / "data.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    done = run("forms", "render", "--event", "moving_in", "--data", "data.json",
               "--out", "out.pdf", "--today", "2025-04-01")  # fmt: skip
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "work" / "out.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "住民異動届" in text and "𠮷田" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "BIZUDGothic" in fonts and "IPAmjMincho" in fonts
    # The cover in Nepali and Korean: the script fonts are inside the bundle too.
    for locale, font in (("ne", "NotoSansDevanagari"), ("ko", "NanumGothic")):
        done = run("forms", "render", "--event", "moving_in", "--data", "data.json",
                   "--out", f"{locale}.pdf", "--today", "2025-04-01", "--locale", locale)  # fmt: skip
        assert done.returncode == 0, done.stderr
        fonts = subprocess.run(["pdffonts", str(tmp_path / "work" / f"{locale}.pdf")],
                               capture_output=True, text=True).stdout  # fmt: skip
        assert font in fonts, fonts


def test_doctor_finds_everything_inside_the_bundle(run, bundle: Path) -> None:
    done = run("doctor", "--json", "--role", "staff", MADOGUCHI_PAGE_PRINTER="none")
    findings = json.loads(done.stdout)
    found = {f["key"]: f for f in findings}
    inside = str(bundle.resolve())
    fonts = [f["message"] for f in findings if f["key"] == "doctor.fonts.found"]
    assert len(fonts) == 4 and all(inside in m for m in fonts), fonts
    assert inside in found["doctor.names.ok"]["message"]
    assert found["doctor.catalogue.ok"]["status"] == "ok"
    assert "doctor.fonts.missing" not in found


def test_a_scripted_kiosk_run_offscreen(run, tmp_path: Path) -> None:
    scenario = tmp_path / "work" / "moving_in_card.yaml"
    shutil.copyfile(ROOT / "tests" / "scenarios" / "moving_in_card.yaml", scenario)
    out = tmp_path / "work" / "out"
    database = f"sqlite:///{tmp_path / 'work' / 'kiosk.sqlite3'}"
    done = run("kiosk", "--script", scenario.name, "--offscreen", "--out", "out",
               "--database", database)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["reception_number"] and not summary["errors"]
    assert summary["forms"]
    assert list(out.glob("*.png")), "no screenshots"
    first = sorted(out.glob("*.png"))[0]
    shutil.copyfile(first, ROOT / "tests" / "artifacts" / "bundle-kiosk-first-screen.png")


def test_the_bank_list_is_inside_the_bundle(run, tmp_path: Path) -> None:
    """A bank and a branch picked from the zengin-code list (its JSON collected into the
    bundle; kiosk/banks.py finds it there without importing the package)."""
    scenario = tmp_path / "work" / "bank_account_from_the_list.yaml"
    shutil.copyfile(ROOT / "tests" / "scenarios" / scenario.name, scenario)
    database = f"sqlite:///{tmp_path / 'work' / 'kiosk.sqlite3'}"
    done = run("kiosk", "--script", scenario.name, "--offscreen", "--out", "out",
               "--database", database)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["reception_number"] and not summary["errors"], summary["errors"]


@pytest.mark.pcsc
def test_card_status_through_the_test_pcscd(run, vpcd_card) -> None:
    done = run("card", "status", "--json", PCSCLITE_CSOCK_NAME=os.environ["PCSCLITE_CSOCK_NAME"])
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert status["present"] is True and status["is_my_number"] is True
    assert status["reader"] == vpcd_card.reader
