"""What the kiosk's start costs before its first screen: no database layer, no
renderer, no cipher, no speech or reading engine imported, no password hashed. Each check runs in a fresh interpreter (sys.modules of this test
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


#: Loaded on first use or by the warm-up after the first paint, never before it: the
#: database layer; the PDF renderer, QR codes and ticket images (the first review);
#: the page previews (pypdfium2); the spool's cipher; argon2 (a staff PIN); the Latin
#: name reader (e2k, numpy); the voices (pyopenjtalk); the bank list (zengin_code);
#: line breaking (budoux).
HEAVY = (
    "alembic", "mako", "pygments", "sqlalchemy", "reportlab", "qrcode", "PIL", "pypdfium2",
    "cryptography", "argon2", "e2k", "numpy", "pyopenjtalk", "zengin_code", "budoux",
)  # fmt: skip

#: Our own modules that bring them (or are only needed after the first screen).
LATER = ("forms.render", "forms.qr", "kiosk.ticket", "kiosk.banks", "ui.pdf_pages")


def test_kiosk_startup_modules_do_not_import_the_heavy_libraries() -> None:
    imports = "; ".join(f"import {m}" for m in STARTUP_MODULES)
    loaded = _python(
        f"import sys; {imports}; "
        f"print(' '.join(sorted(({{n.split('.')[0] for n in sys.modules}} & set({HEAVY!r})) "
        f"| (set(sys.modules) & set({LATER!r})))))"
    )
    assert loaded == "", f"imported at kiosk start: {loaded}"


def test_the_kiosk_window_builds_only_the_first_screen_before_it_is_shown() -> None:
    """The other 13 screens are built after the first paint (KioskWindow.build_rest),
    and their modules imported then (the review's brings pypdfium2). budoux is the one
    the first screen itself needs (its Japanese lines break between phrases; 0.03 s)."""
    built = _python(
        "import sys\n"
        "from kiosk.config import Config\n"
        "from ui.kiosk.app import build_kiosk\n"
        "k = build_kiosk(Config(card_backend='simulator', database_url='sqlite://'), demo=True)\n"
        "print(sorted(str(s) for s in k.window.screens),"
        " sorted(n for n in sys.modules if n.startswith('ui.kiosk.screens.')),"
        f" sorted({{n.split('.')[0] for n in sys.modules}} & set({HEAVY!r}) - {{'budoux'}}))\n"
        "k.window.build_rest()\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "while k.window.screens.unbuilt(): QCoreApplication.processEvents()\n"
        "print(len(k.window.screens), k.window.stack.count())\n"
        "k.close()"
    )
    first, rest = built.splitlines()[-2:]
    assert first == "['attract'] ['ui.kiosk.screens.base', 'ui.kiosk.screens.start'] []"
    assert rest == "14 14"


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


def test_a_restart_with_the_same_catalogue_does_not_check_it_again(tmp_path: Path) -> None:
    """The catalogue's checks (the box-overlap one alone was 0.05-0.25 s) run at the
    first start; a restart with the same files skips them (forms.verified), and needs
    no YAML parser."""
    code = (
        "import os, sys\n"
        f"os.environ['MADOGUCHI_DATA_DIR'] = {str(tmp_path)!r}\n"
        "from forms import catalogue\n"
        "ran = []\n"
        "real = catalogue.overlap_errors\n"
        "catalogue.overlap_errors = lambda *a: ran.append(1) or real(*a)\n"
        "from kiosk.config import Config\n"
        "from ui.kiosk.app import build_kiosk\n"
        "k = build_kiosk(Config(card_backend='simulator', database_url='sqlite://'), demo=True)\n"
        "k.close()\n"
        "print(bool(ran), 'yaml' in sys.modules)"
    )
    assert _python(code) == "True True"  # the first start checks
    assert _python(code) == "False False"  # the restart does not


def test_modules_imported_after_qt_are_not_read_as_source() -> None:
    """PySide6's import hook reads every later module's whole source into linecache
    (24 MiB in a kiosk, a third more import time): ui.app gives Python's import back.
    Held: the text linecache keeps of SQLAlchemy and reportlab, against their sources'
    size (with the hook: all of it)."""
    held, sources, hook = _python(
        "import builtins, linecache, os, sys\n"
        "import ui.app\n"
        "import sqlalchemy.orm, reportlab.pdfgen.canvas\n"
        "ours = lambda n: 'sqlalchemy' in n or 'reportlab' in n\n"
        "held = sum(len(''.join(e[2])) for n, e in linecache.cache.items() if len(e) > 1 and ours(n))\n"
        "files = {getattr(m, '__file__', None) or '' for m in list(sys.modules.values())}\n"
        "size = sum(os.path.getsize(f) for f in files if f.endswith('.py') and ours(f))\n"
        "print(held, size, builtins.__import__.__name__)"
    ).split()
    assert hook == "__import__"
    assert int(held) < int(sources) // 10, (held, sources)
