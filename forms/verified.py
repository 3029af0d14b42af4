"""Catalogues already checked: a restart with the same catalogue skips the checks.

A kiosk loads the same catalogue on every start, and checking it as a whole (the
cross-file checks, the box-overlap check that evaluates every form's conditions) cost
more than the rest of its first screen. `VerifiedCatalogues(file)` remembers the one
catalogue that last passed every check, keyed by a fingerprint of:

- every file the catalogue was read from (its path in the catalogue and its bytes),
- the code that checked it (the bytes of this package's modules) and the versions of
  pydantic and PyYAML, so a new madoguchi re-checks the same files.

With the fingerprint it keeps what the YAML files parsed to (plain JSON data), so a hit
needs no YAML parser either; the schema models are still validated from that data.
Any change to a file — one byte, a form added or removed — is a different fingerprint:
the catalogue is checked in full again, and a broken one is refused as before. An
unreadable, foreign or damaged cache file is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

#: Bump when what the cache file holds changes shape.
FORMAT = 1


@cache
def code_fingerprint() -> str:
    """The checking code: this package's modules, pydantic's and PyYAML's versions. A
    frozen bundle has no module sources to read: its executable (size, time) stands in."""
    from importlib.metadata import version

    import pydantic

    pyyaml = version("PyYAML")  # not `import yaml`: a hit never needs the parser
    digest = hashlib.sha256(f"{FORMAT}\0{pydantic.VERSION}\0{pyyaml}\0".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    if getattr(sys, "frozen", False):
        built = os.stat(sys.executable)
        digest.update(f"{sys.executable}\0{built.st_size}\0{built.st_mtime_ns}".encode())
    return digest.hexdigest()


def fingerprint(sources: Mapping[str, bytes]) -> str:
    """Of a catalogue read from `sources` (path in the catalogue → bytes), checked by
    this code."""
    digest = hashlib.sha256(code_fingerprint().encode() + b"\0")
    for name in sorted(sources):
        digest.update(name.encode() + b"\0" + sources[name] + b"\0")
    return digest.hexdigest()


def _round_trips(value: Any) -> bool:
    """JSON gives `value` back as it is (no dates, tuples or non-string keys)."""
    try:
        return bool(json.loads(json.dumps(value, ensure_ascii=False)) == value)
    except (TypeError, ValueError):
        return False


class VerifiedCatalogues:
    """The last catalogue that passed every check, in one JSON file."""

    def __init__(self, file: Path) -> None:
        self.file = file

    def parsed(self, key: str) -> dict[str, Any] | None:
        """What each file parsed to (path → data; None for a file to parse again) if
        the catalogue with fingerprint `key` passed every check, else None."""
        try:
            entry = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("fingerprint") != key:
            return None
        files = entry.get("files")
        return files if isinstance(files, dict) else None

    def remember(self, key: str, parsed: Mapping[str, Any]) -> None:
        """The catalogue with fingerprint `key` passed every check; `parsed` is what
        each of its files parsed to. Written whole (a new file renamed over the old),
        so a kiosk stopped half-way leaves the old entry or the new one."""
        files = {name: data if _round_trips(data) else None for name, data in parsed.items()}
        text = json.dumps({"fingerprint": key, "files": files}, ensure_ascii=False)
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.file.parent, prefix=f".{self.file.name}.")
        except OSError:
            return  # a read-only data folder: the next start checks again
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, self.file)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
