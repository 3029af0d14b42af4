"""The admin's working copy: a draft directory copied from the published catalogue.

The admin never edits the published catalogue (`Config.catalogue_dir`) in place: the
draft lives in the per-user data directory (`<data dir>/catalogue-draft`) and reaches
the kiosks only through `ui.admin.publishing.publish`. When no published catalogue is
configured (or it does not exist yet), the draft starts from the packaged default
(`forms/data/`), which is never written to.

No Qt here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from forms.catalogue import DEFAULT_DIR
from forms.version import DRAFT_INFO, NOT_CATALOGUE, fingerprint

#: The top-level files of a catalogue, in the order the file list shows them.
TOP_FILES = (
    "dictionary.yaml",
    "events.yaml",
    "procedures.yaml",
    "choices.yaml",
    "departments.yaml",
    "reasons.yaml",
)
FORMS_DIR = "forms"
#: A form file's name: what `forms/<name>.yaml` may be called.
FORM_NAME = re.compile(r"^[a-z][a-z0-9_]{0,47}$")


class WorkspaceError(Exception):
    """A file operation the workspace refuses; `key` is the admin.po msgid."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def catalogue_files(root: Path) -> list[str]:
    """The catalogue's editable files, relative with '/': the top files, then the forms."""
    forms = sorted(p.name for p in (root / FORMS_DIR).glob("*.yaml")) if root.exists() else []
    return [*TOP_FILES, *(f"{FORMS_DIR}/{name}" for name in forms)]


def copy_catalogue(source: Path, target: Path) -> None:
    """Copy a catalogue directory without its bookkeeping files; `target` must not exist."""
    shutil.copytree(
        source, target, ignore=lambda _d, names: [n for n in names if n in NOT_CATALOGUE]
    )


def write_atomically(path: Path, text: str) -> None:
    """Write a file so a crash leaves the old or the new content, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class Workspace:
    """The draft directory and the published catalogue it is a copy of."""

    draft: Path
    #: `Config.catalogue_dir`; None when not configured (publishing is then refused).
    published: Path | None = None

    @property
    def source(self) -> Path:
        """Where a new draft is copied from: the published catalogue if it exists."""
        if self.published is not None and (self.published / "dictionary.yaml").exists():
            return self.published
        return DEFAULT_DIR

    def open(self) -> bool:
        """Make the draft if there is none (True), else keep the admin's work (False)."""
        if (self.draft / "dictionary.yaml").exists():
            return False
        self._copy_from_source()
        return True

    def reset(self) -> None:
        """Throw the draft away and start again from the published catalogue."""
        self._copy_from_source()

    def _copy_from_source(self) -> None:
        source = self.source
        staging = self.draft.with_name(f".{self.draft.name}.new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.parent.mkdir(parents=True, exist_ok=True)
        copy_catalogue(source, staging)
        info = {"source": str(source), "fingerprint": fingerprint(source)}
        (staging / DRAFT_INFO).write_text(json.dumps(info), encoding="utf-8")
        if self.draft.exists():
            shutil.rmtree(self.draft)
        os.replace(staging, self.draft)

    # -- what the draft was made from --------------------------------------------------

    def _info(self) -> dict[str, str]:
        try:
            value = json.loads((self.draft / DRAFT_INFO).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}

    @property
    def base_fingerprint(self) -> str:
        """The published catalogue's fingerprint when the draft was taken from it."""
        return str(self._info().get("fingerprint", ""))

    def published_since(self) -> bool:
        """Whether the published catalogue changed after this draft was taken (someone
        else published): publishing now would replace their version."""
        if self.published is None or not (self.published / "dictionary.yaml").exists():
            return False
        return fingerprint(self.published) != self.base_fingerprint

    def mark_published(self) -> None:
        """After a publish: the draft is now the base of the published catalogue."""
        assert self.published is not None
        info = {"source": str(self.published), "fingerprint": fingerprint(self.published)}
        write_atomically(self.draft / DRAFT_INFO, json.dumps(info))

    # -- files ---------------------------------------------------------------------------

    def files(self) -> list[str]:
        return catalogue_files(self.draft)

    def _path(self, rel: str) -> Path:
        if rel in TOP_FILES:
            return self.draft / rel
        folder, _, name = rel.partition("/")
        if folder == FORMS_DIR and name.endswith(".yaml") and FORM_NAME.match(name[:-5]):
            return self.draft / FORMS_DIR / name
        raise WorkspaceError("admin.file.bad_name", name=rel)

    def read(self, rel: str) -> str:
        path = self._path(rel)
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def write(self, rel: str, text: str) -> None:
        write_atomically(self._path(rel), text)

    def duplicate_form(self, rel: str, name: str, text: str | None = None) -> str:
        """A new form file `forms/<name>.yaml`, a copy of `rel` with `id: <name>`."""
        if not FORM_NAME.match(name):
            raise WorkspaceError("admin.file.bad_form_name", name=name)
        new = f"{FORMS_DIR}/{name}.yaml"
        if self._path(new).exists():
            raise WorkspaceError("admin.file.exists", name=new)
        source = self.read(rel) if text is None else text
        copied, count = re.subn(r"(?m)^id:[ \t]*\S.*$", f"id: {name}", source, count=1)
        self.write(new, copied if count else f"id: {name}\n{source}")
        return new

    def delete_form(self, rel: str) -> None:
        if not rel.startswith(FORMS_DIR + "/"):
            raise WorkspaceError("admin.file.not_a_form", name=rel)
        self._path(rel).unlink(missing_ok=True)

    def snapshot(self, target: Path, overrides: Mapping[str, str | None]) -> Path:
        """The draft as it would be with `overrides` saved (None: the file deleted),
        copied to `target` (which must not exist): what validation and previews read."""
        copy_catalogue(self.draft, target)
        for rel, text in overrides.items():
            path = target / self._path(rel).relative_to(self.draft)
            if text is None:
                path.unlink(missing_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        return target


def default_draft_dir() -> Path:
    """`<per-user data dir>/catalogue-draft`."""
    from kiosk import paths

    return paths.data_dir() / "catalogue-draft"


def relative_names(paths: Iterable[str], root: Path) -> dict[str, str]:
    """Map absolute file names under `root` (as errors report them) to relative ones."""
    out: dict[str, str] = {}
    for name in paths:
        try:
            out[name] = Path(name).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            out[name] = name
    return out
