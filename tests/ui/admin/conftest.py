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


class Editor:
    """One catalogue editor in a test: the app, and the answers its dialogs give."""

    def __init__(self, qtbot: Any, store: Store, workspace: Workspace, locale: str = "ja") -> None:
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
            desk_options={"debounce_ms": 60},
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

    def close(self) -> None:
        self.app.close()


@pytest.fixture
def editor(qtbot: Any, store: Store, workspace: Workspace) -> Iterator[Editor]:
    e = Editor(qtbot, store, workspace)
    yield e
    e.close()


def shoot(qtbot: Any, widget: Any, path: Path) -> None:
    """Save what `widget` shows, once pending layouts and repaints have run."""
    settle()
    widget.grab().save(str(path))
