"""Private files for the system's PDF viewer: a directory only this user can read (0700),
files 0600, removed when the staff window closes.

Forms hold personal data; they must not lie around in a shared temp directory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class PrivateFiles:
    def __init__(self, prefix: str = "madoguchi-staff-") -> None:
        self._prefix = prefix
        self._dir: Path | None = None

    @property
    def directory(self) -> Path:
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix=self._prefix))  # mode 0700
        return self._dir

    def write(self, name: str, content: bytes) -> Path:
        """A new file `name` (its directory part ignored) with mode 0600; replaces an older one."""
        path = self.directory / Path(name).name
        if path.exists():
            path.unlink()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        return path

    def cleanup(self) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
