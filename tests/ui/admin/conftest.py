"""The catalogue editor on real files in tmp_path and a real SQLite store, driven with
pytest-qt offscreen. Dialogs that would block (confirmations, the new form's name) are
replaced by answers the test sets; everything else is the real window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.clock import Clock
from kiosk.store import Store
from tests.fixtures.qt import settle
from ui.admin.workspace import Workspace

PASSWORD = "correct-horse-9"


@pytest.fixture
def store(sqlite_url: str, clock: Clock) -> Iterator[Store]:
    s = Store(sqlite_url, clock=clock)
    s.upgrade()
    s.create_account(None, "kanri", "管理 花子", PASSWORD, "admin")
    admin = s.sign_in("kanri", PASSWORD)
    s.create_account(admin, "sato", "佐藤 一郎", PASSWORD, "staff")
    yield s
    s.close()


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "draft", tmp_path / "published" / "catalogue")


def type_text(qtbot: Any, widget: Any, text: str) -> None:
    """Type into a widget: ASCII as key presses, Japanese as an input method's committed
    text (QTest cannot press keys for characters outside ASCII)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


class Editor:
    """One catalogue editor in a test: the app, and the answers its dialogs give."""

    def __init__(
        self,
        qtbot: Any,
        store: Store,
        workspace: Workspace,
        locale: str = "ja",
        needs_approval: bool = False,
    ) -> None:
        from ui.admin.app import AdminApp

        self.qtbot = qtbot
        self.answers: list[bool] = []
        self.asked: list[str] = []
        self.names: list[str] = []
        self.app = AdminApp(
            store,
            workspace,
            locale=locale,
            window_options={"confirm": self._confirm, "ask_text": self._ask_text},
            desk_options={"debounce_ms": 60, "needs_approval": needs_approval},
        )

    def _confirm(self, parent: Any, title: str, text: str) -> bool:
        self.asked.append(text)
        return self.answers.pop(0) if self.answers else True

    def _ask_text(self, parent: Any, title: str, label: str, suggestion: str) -> str | None:
        return self.names.pop(0) if self.names else None

    def sign_in(self, username: str = "kanri", password: str = PASSWORD) -> Any:
        failures: list[str] = []
        self.app.sign_in_failed.connect(failures.append)
        self.app.sign_in(username, password)
        self.qtbot.waitUntil(lambda: self.app.window is not None or bool(failures), timeout=15000)
        assert not failures, failures
        window = self.app.window
        window.resize(1280, 800)
        window.show()
        self.wait_checked()
        return window

    @property
    def desk(self) -> Any:
        assert self.app.desk is not None
        return self.app.desk

    @property
    def window(self) -> Any:
        assert self.app.window is not None
        return self.app.window

    def wait_checked(self) -> Any:
        """Until the shown check result is of the texts as they are now."""
        self.qtbot.waitUntil(lambda: self.desk.current, timeout=15000)
        return self.desk.result

    def open_publish(self) -> Any:
        """Click 公開する: the review dialog (changes, note, approval)."""
        from PySide6.QtCore import Qt

        self.qtbot.mouseClick(self.window.publish_button, Qt.MouseButton.LeftButton)
        dialog = self.window.publish_dialog
        assert dialog is not None
        self.qtbot.waitExposed(dialog)
        return dialog

    def publish(self, note: str = "テストの公開", approver: tuple[str, str] | None = None) -> Any:
        """Publish through the window as an admin does: the review dialog, a typed note
        (and a second admin's name and password), its 公開する button. Returns the
        desk's `published` result."""
        from PySide6.QtCore import Qt

        dialog = self.open_publish()
        type_text(self.qtbot, dialog.note, note)
        if approver is not None:
            self.qtbot.keyClicks(dialog.approval.user, approver[0])
            self.qtbot.keyClicks(dialog.approval.password, approver[1])
        assert dialog.publish_button.isEnabled()
        with self.qtbot.waitSignal(self.desk.published, timeout=20000) as published:
            self.qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
        return published.args[0]

    def close(self) -> None:
        self.app.close()


@pytest.fixture
def editor(qtbot: Any, store: Store, workspace: Workspace) -> Iterator[Editor]:
    e = Editor(qtbot, store, workspace)
    yield e
    e.close()


def answer_paths(view: Any, path: Path) -> list[bool]:
    """The layout editor's file dialogs answered with `path`; the list records each ask
    (True: where to save, False: what to read)."""
    asked: list[bool] = []

    def answer(_parent: Any, _title: str, _suggestion: str, save: bool) -> str:
        asked.append(save)
        return str(path)

    view.ask_path = answer
    return asked


def shoot(qtbot: Any, widget: Any, path: Path) -> None:
    """Save what `widget` shows, once pending layouts and repaints have run."""
    settle()
    widget.grab().save(str(path))
