"""What the kiosk's start costs before its first screen: no database layer imported,
no password hashed. Each check runs in a fresh interpreter (sys.modules of this test
process already holds everything the other tests loaded)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: The modules a `madoguchi kiosk` / `madoguchi demo` start imports before the window.
STARTUP_MODULES = ("ui.cli", "ui.kiosk.app", "ui.kiosk.window", "kiosk.spool", "kiosk.store")


def _python(code: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_kiosk_startup_modules_do_not_import_the_database_layer() -> None:
    imports = "; ".join(f"import {m}" for m in STARTUP_MODULES)
    loaded = _python(
        f"import sys; {imports}; "
        "print(' '.join(sorted({n.split('.')[0] for n in sys.modules} "
        "& {'alembic', 'mako', 'pygments', 'sqlalchemy'})))"
    )
    assert loaded == "", f"imported at kiosk start: {loaded}"


def test_the_store_still_offers_its_classes_on_first_use() -> None:
    assert _python("from kiosk.store import ChangeWatcher, Store; print(Store.__name__)") == "Store"


def test_importing_the_accounts_hashes_no_password() -> None:
    """The dummy hash (for unknown user names) used to be made at import: 0.6 s of
    argon2 on every kiosk start, for a sign-in a kiosk never does."""
    hashed = _python(
        "import argon2\n"
        "calls = []\n"
        "real = argon2.PasswordHasher.hash\n"
        "argon2.PasswordHasher.hash = lambda self, *a, **k: calls.append(1) or real(self, *a, **k)\n"
        "import kiosk.store.accounts\n"
        "print(len(calls))"
    )
    assert hashed == "0"
