"""Which catalogue this is: a fingerprint of a catalogue directory's content, and the
short version label printed on forms and stored with each application.

    fingerprint(Path("/srv/catalogue"))   # 'a3f0…' (sha256 hex of every file)
    version_label(fingerprint)            # 'ufbqnqz5lcw3a': 13 letters/digits

The label is base32 (a–z, 2–7), not hex: a hex prefix can be twelve decimal digits
in a row, which the store and the log filter take for a 個人番号 (kiosk.personal) and
would refuse or mask. Files that are bookkeeping about a catalogue (the admin draft's
origin, the publish log) are not its content and do not change the fingerprint.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

#: What the admin's draft remembers about where it came from (ui.admin.workspace).
DRAFT_INFO = ".madoguchi-draft.json"
#: One JSON line per publication, kept with the published catalogue (ui.admin.publishing).
PUBLISH_LOG = "publish-log.jsonl"
#: Files in a catalogue directory that are not part of the catalogue itself.
NOT_CATALOGUE = frozenset({DRAFT_INFO, PUBLISH_LOG})
#: Characters of the label: 65 bits, plenty to tell a city's publications apart.
LABEL_LENGTH = 13


def fingerprint(root: Path) -> str:
    """A hash of a catalogue directory's content ("" when it does not exist)."""
    digest = hashlib.sha256()
    if not root.exists():
        return ""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel in NOT_CATALOGUE or "__pycache__" in rel:
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def version_label(fingerprint_hex: str) -> str:
    """The short, printable name of a fingerprint ("" for none)."""
    if not fingerprint_hex:
        return ""
    raw = base64.b32encode(bytes.fromhex(fingerprint_hex)).decode("ascii").lower()
    return raw[:LABEL_LENGTH]


def catalogue_version(root: Path) -> str:
    return version_label(fingerprint(root))
