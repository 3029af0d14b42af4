"""The staff window and the lobby display on a real database (SQLite and PostgreSQL),
driven with pytest-qt offscreen. Printing goes to a PDF file through QPrinter, the
system viewer is replaced by recording the URL it would open (no viewer can run here),
and the CSV file chooser returns a path in the test's directory."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtPrintSupport import QPrinter

from forms.catalogue import Catalogue, load_catalogue
from kiosk.clock import Clock
from kiosk.store import Principal, Store
from tests.fixtures.qt import settle
from tests.ui.staff.seed import PASSWORD

if TYPE_CHECKING:
    from ui.staff.window import StaffWindow

#: How long a test waits for a change made at another terminal to show by itself. The
#: tests prove it arrives without a reload (the lobby board's own refresh is 30 s, so
#: it must come live); how fast is measured in bench/bench_staff_live.py, not here.
LIVE_WAIT_MS = 20_000


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def store(db_url: str, clock: Clock) -> Iterator[Store]:
    s = Store(db_url, clock=clock)
    s.upgrade()
    yield s
    s.close()


@pytest.fixture
def admin(store: Store) -> Principal:
    store.create_account(None, "admin", "管理 太郎", PASSWORD, "admin")
    return store.sign_in("admin", PASSWORD)


@pytest.fixture
def staff_account(store: Store, admin: Principal) -> Principal:
    store.create_account(admin, "sato", "佐藤 花子", PASSWORD)
    return store.sign_in("sato", PASSWORD)


class Desktop:
    """One staff desktop in a test: the app, what it opened and where it printed."""

    def __init__(
        self,
        qtbot: Any,
        store: Store,
        catalogue: Catalogue,
        tmp_path: Path,
        *,
        real_print_dialog: bool = False,
        desk_options: dict[str, Any] | None = None,
        counter: str = "3番窓口",
    ) -> None:
        self.qtbot = qtbot
        self.opened_urls: list[QUrl] = []
        self.printers: list[QPrinter] = []
        self.tmp_path = tmp_path
        self.csv_path = tmp_path / "stats.csv"
        from ui.staff.app import StaffApp

        window_options: dict[str, Any] = {
            "choose_path": lambda parent, suggested: self.csv_path,
        }
        if not real_print_dialog:  # else the window's own: Qt's QPrintDialog
            window_options["choose_printer"] = self._printer
        self.app = StaffApp(
            store,
            catalogue=catalogue,
            counter=counter,
            window_options=window_options,
            # Retry a lost database every 0.3 s (the default is 1 s) to keep tests short.
            desk_options={
                "opener": self.opened_urls.append,
                "watch_options": {"retry_interval": 0.3},
                "retry_ms": 300,
                **(desk_options or {}),
            },
        )

    def _printer(self, parent: Any, then: Callable[[QPrinter], None]) -> None:
        # Instead of the print dialog: a PDF printer, as "print to file" would give.
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.tmp_path / f"printed-{len(self.printers) + 1}.pdf"))
        self.printers.append(printer)
        then(printer)

    def sign_in(self, username: str = "admin", password: str = PASSWORD) -> StaffWindow:
        failures: list[str] = []
        self.app.sign_in_failed.connect(failures.append)
        self.app.sign_in(username, password)
        self.qtbot.waitUntil(lambda: self.app.window is not None or bool(failures), timeout=15000)
        assert not failures, failures
        window = self.app.window
        assert window is not None
        window.resize(1600, 1000)
        window.show()
        self.qtbot.waitUntil(lambda: self.desk.loads > 0, timeout=10000)
        return window

    @property
    def desk(self) -> Any:
        assert self.app.desk is not None
        return self.app.desk

    @property
    def window(self) -> StaffWindow:
        assert self.app.window is not None
        return self.app.window

    def open_number(self, number: str) -> None:
        self.qtbot.waitUntil(
            lambda: any(i.reception_number == number for i in self.desk.model.records),
            timeout=5000,
        )
        assert self.window.queue.select_number(number)
        self.wait_opened(number)

    def wait_opened(self, number: str, version: int | None = None) -> None:
        def shown() -> bool:
            current = self.desk.current
            return (
                current is not None
                and current.detail.summary.reception_number == number
                and (version is None or current.detail.summary.version >= version)
                and self.desk.application.opening is None
            )

        self.qtbot.waitUntil(shown, timeout=15000)

    def take_into_review(self, number: str) -> None:
        """Open this number, call it to this desk and start the review, by the buttons."""
        self.open_number(number)
        detail = self.window.detail
        self._click(detail.buttons["call_this"])
        self.qtbot.waitUntil(lambda: self.desk.current.detail.summary.state == "called")
        self.wait_idle()
        self._click(detail.buttons["start_review"])
        self.qtbot.waitUntil(lambda: self.desk.current.detail.summary.state == "in_review")
        self.wait_idle()

    def _click(self, widget: Any) -> None:
        assert widget.isEnabled(), widget.objectName()
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def procedure_box(self, procedure_id: str) -> Any:
        """The checkbox of one procedure as shown now (they are rebuilt on each change)."""
        from PySide6.QtWidgets import QCheckBox

        def shown() -> bool:
            box = self.window.detail.findChild(QCheckBox, f"procedure_{procedure_id}")
            return box is not None and box.isVisible()  # laid out: it takes clicks

        self.qtbot.waitUntil(shown, timeout=10000)
        return self.window.detail.findChild(QCheckBox, f"procedure_{procedure_id}")

    def tick(self, procedure_id: str) -> None:
        """Click a procedure's checkbox where its box is (a QCheckBox takes clicks on
        its indicator and label, not on the empty width the layout gives it)."""
        box = self.procedure_box(procedure_id)
        self.qtbot.mouseClick(
            box, Qt.MouseButton.LeftButton, pos=QPoint(box.height() // 2, box.height() // 2)
        )

    def wait_idle(self) -> None:
        self.qtbot.waitUntil(lambda: self.desk._pending == 0, timeout=15000)

    def close(self) -> None:
        self.app.close()


@pytest.fixture
def desktop(
    qtbot: Any, store: Store, admin: Principal, catalogue: Catalogue, tmp_path: Path
) -> Iterator[Desktop]:
    """A staff desktop on `store`, which has the administrator account "admin"."""
    d = Desktop(qtbot, store, catalogue, tmp_path)
    yield d
    d.close()


def press(window: Any, key: Any, modifier: Any = None) -> None:
    """A key as the staff member presses it: to whatever has the focus."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    modifier = modifier if modifier is not None else Qt.KeyboardModifier.NoModifier
    QTest.keyClick(QApplication.focusWidget() or window, key, modifier)


def focused() -> str:
    """The object name of the widget with the keyboard focus."""
    from PySide6.QtWidgets import QApplication

    widget = QApplication.focusWidget()
    return widget.objectName() if widget is not None else ""


def cut_rows(table: Any) -> list[str]:
    """The values of a wrapping table drawn shorter than they need (ending in "…"):
    a row lower than Qt's own measure, or one line high for a value wider than what
    the column leaves for text (its width less the sheet's item padding, the style's
    text margins and the grid line)."""
    from PySide6.QtWidgets import QStyle

    from ui.desktop.style import ITEM_PADDING_X

    settle()
    model = table.model()
    column = model.columnCount() - 1
    metrics = table.fontMetrics()
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    room = table.columnWidth(column) - 2 * ITEM_PADDING_X - 2 * margin - 1
    cut = []
    for r in range(model.rowCount()):
        text = str(model.index(r, column).data() or "")
        one_line = "\n" not in text and metrics.horizontalAdvance(text) <= room
        if table.rowHeight(r) < table.sizeHintForRow(r) or (
            not one_line and table.rowHeight(r) < 2 * metrics.lineSpacing()
        ):
            cut.append(text)
    return cut


def shoot(qtbot: Any, widget: Any, path: Path) -> None:
    """Save what `widget` shows, once pending layouts and repaints have run."""
    settle()
    widget.grab().save(str(path))


def pdf_text(path_or_bytes: Path | bytes) -> str:
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, check=True, capture_output=True
    ).stdout.decode("utf-8")
