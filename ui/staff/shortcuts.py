"""The staff desk's keys, in one table: the window's shortcuts, the tooltips that name
them, and the help overlay (F1) are all made from it.

Enter is none of them: a key every form uses must not complete, return or cancel an
application. Returning and cancelling open a dialog that asks for a reason first.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

#: action → key. The actions are the window's (call_next, search, help) and the
#: detail view's buttons (start_review, complete, return, reprint).
SHORTCUTS: dict[str, str] = {
    "call_next": "F2",
    "start_review": "F4",
    "complete": "F8",
    "return": "F7",
    "reprint": "Ctrl+P",
    "search": "Ctrl+F",
    "help": "F1",
}
#: Tick (or untick) the Nth procedure of the open application, N = 1…9.
PROCEDURE_KEY = "Ctrl+{n}"
PROCEDURE_KEYS = 9


def key_text(action: str) -> str:
    """The key as this platform writes it ("F2", "Ctrl+P")."""
    return QKeySequence(SHORTCUTS[action]).toString(QKeySequence.SequenceFormat.NativeText)


def procedure_key(n: int) -> str:
    return PROCEDURE_KEY.format(n=n)


def procedure_key_text(n: int) -> str:
    return QKeySequence(procedure_key(n)).toString(QKeySequence.SequenceFormat.NativeText)


def with_key(text: str, key: str) -> str:
    """A tooltip: what the control does, and its key."""
    return f"{text}（{key}）" if text else key
