"""A running terminal notices a new publication of the catalogue, and checks it first.

    watch = LiveCatalogue(Path(config.catalogue_dir), catalogue)
    found = watch.check()        # in a worker: a new, valid Catalogue, or None
    ...                          # the terminal switches at its own safe point:
    watch.switched(found)        # the kiosk between residents, never mid-session

What is watched is the published directory's content (forms.version.fingerprint), so
any way a catalogue arrives counts: `madoguchi admin` publishing to a share, a
restore, a copy by a deployment tool. A new version is loaded and validated exactly as
at start; a broken one is reported once (per version) and never offered: the terminal
keeps the last good catalogue. A publication swaps the directory in one step, but a
check could read some files before the swap and some after: the fingerprint is taken
before and after loading, and a version whose two fingerprints differ is not offered
(the next check reads it again, whole).

No Qt here (the kiosk and the staff desk call `check` from a timer, in a worker).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forms.catalogue import load_catalogue
from forms.errors import FormDefinitionError
from forms.version import fingerprint, version_label

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rejected:
    """A published version that does not load: its label and how many problems."""

    version: str
    problems: int


class LiveCatalogue:
    def __init__(self, root: Path | None, current: Any) -> None:
        #: The published directory (None: the packaged catalogue, which never changes).
        self.root = root
        #: The catalogue in use (its `version` is what is compared).
        self.current = current
        #: The newest version that failed to load (not loaded again until it changes).
        self.rejected: Rejected | None = None

    def check(self) -> Any | None:
        """A new version of the published catalogue that loads without problems, or None
        (nothing new, a broken version, a directory missing for now, half a swap)."""
        if self.root is None:
            return None
        before = version_label(fingerprint(self.root))
        if not before or before == self.current.version:
            return None
        if self.rejected is not None and self.rejected.version == before:
            return None
        try:
            catalogue = load_catalogue(self.root)
        except FormDefinitionError as exc:
            after = version_label(fingerprint(self.root))
            if after == before:  # really broken, not caught mid-swap
                self.rejected = Rejected(before, len(exc.errors))
                log.warning(
                    "catalogue %s in %s has %d problem(s): not used; keeping %s",
                    before, self.root, len(exc.errors), self.current.version,
                )  # fmt: skip
            return None
        except OSError as exc:  # a file vanished while it was read (a swap, a share)
            log.info("catalogue in %s not readable now (%s); trying later", self.root, exc)
            return None
        after = version_label(fingerprint(self.root))
        if not (before == after == catalogue.version):
            return None  # it changed while it was read: the next check reads it whole
        return catalogue

    def switched(self, catalogue: Any) -> None:
        """The terminal now uses `catalogue` (logged: which version replaced which)."""
        log.info("catalogue switched from %s to %s", self.current.version, catalogue.version)
        self.current = catalogue
