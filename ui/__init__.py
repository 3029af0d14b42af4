"""PySide6 windows over the `kiosk` core: resident kiosk, staff desktop, lobby display,
admin editor; and the `madoguchi` command line that wires everything together.

Only this package imports Qt, and only inside the modules that draw windows, so that
`madoguchi card ...` and `madoguchi forms ...` start without Qt.
"""

import builtins

#: Python's own `__import__`, taken before anything imports Qt (this package's modules
#: import PySide6 only after this runs).
_PYTHON_IMPORT = builtins.__import__


def undo_pyside_import_hook() -> None:
    """Give Python its own `__import__` back from shiboken's `__feature_import__`.

    Importing PySide6 replaces `__import__` to support `from __feature__ import
    snake_case`, which madoguchi never uses; the price is that every module imported
    afterwards has its whole source read (`inspect.getsource`, searched for "PySide6")
    and kept in `linecache`: SQLAlchemy, pydantic, reportlab and Babel imported a
    third slower, and 24 MiB of source text held by a kiosk (PYSIDE-2029's check;
    napari/napari#8584 measured the same). Only where Python's own import was taken
    before Qt (not under pytest-qt, which imports Qt first)."""
    hooked = getattr(builtins.__import__, "__name__", "") == "__feature_import__"
    if hooked and getattr(_PYTHON_IMPORT, "__name__", "") == "__import__":
        builtins.__import__ = _PYTHON_IMPORT
