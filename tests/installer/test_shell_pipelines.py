"""The project's shell scripts run under `set -o pipefail`: a pipeline whose reader
stops early (`grep -q`, `head`) kills its writer with SIGPIPE, and pipefail turns a
found match into a failure, at random, depending on how fast the writer is. CI failed
that way once (setup's `ldconfig -p | grep -q libpulse` said libpulse0 was missing on
the second set-up of a run). Scripts read such output whole instead."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EARLY_READER = re.compile(r"\|\s*(grep\s+(-\w*q\w*|--quiet)\b|head\b)")


def _shell_scripts() -> list[Path]:
    found = [p for p in (ROOT / "installer").rglob("*.sh")] + [ROOT / ".ci" / "run"]
    return sorted(p for p in found if "pipefail" in p.read_text(encoding="utf-8"))


def test_the_scripts_under_pipefail_are_found() -> None:
    names = {p.name for p in _shell_scripts()}
    assert {"setup.sh", "run"} <= names


def test_no_pipeline_under_pipefail_ends_in_a_reader_that_stops_early() -> None:
    offending = []
    for script in _shell_scripts():
        for number, line in enumerate(script.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0] if not line.lstrip().startswith("#") else ""
            if EARLY_READER.search(code):
                offending.append(f"{script.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offending, "\n".join(offending)
