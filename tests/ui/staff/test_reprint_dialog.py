"""再印刷… through Qt's own print dialog (no stand-in): the staff member picks "Print to
File (PDF)", names the file and presses Print; the PDF that comes out holds the
application's forms. Cancelling prints nothing and counts nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton

from tests.ui.staff.conftest import Desktop, pdf_text, shoot
from tests.ui.staff.seed import submit

#: Qt's own name for its built-in PDF "printer" (Qt's translations are not loaded).
PRINT_TO_FILE = "Print to File (PDF)"


@pytest.fixture
def real_desktop(qtbot, store, admin, catalogue, tmp_path) -> Iterator[Desktop]:
    d = Desktop(qtbot, store, catalogue, tmp_path, real_print_dialog=True)
    yield d
    d.close()


def _ask_to_reprint(qtbot: Any, desktop: Desktop, store: Any, catalogue: Any) -> Any:
    """A submitted application, opened, 再印刷… clicked: (submission, the print dialog)."""
    sub = submit(store, catalogue=catalogue)
    window = desktop.sign_in()
    desktop.open_number(sub.reception_number)
    qtbot.mouseClick(window.detail.buttons["reprint"], Qt.MouseButton.LeftButton)

    def shown() -> bool:
        dialog = window.findChild(QPrintDialog, "print_dialog")
        return dialog is not None and dialog.isVisible()

    qtbot.waitUntil(shown, timeout=10000)
    dialog = window.findChild(QPrintDialog, "print_dialog")
    assert dialog.isModal()  # window-modal: the event loop (and the queue) keep running
    return sub, dialog


def _button(dialog: QPrintDialog, text: str) -> QPushButton:
    found = [b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "") == text]
    assert found, [b.text() for b in dialog.findChildren(QPushButton)]
    return found[0]


def test_reprint_through_the_real_print_dialog_to_a_pdf_file(
    qtbot, real_desktop, store, admin, catalogue, tmp_path, artifact_dir
) -> None:
    sub, dialog = _ask_to_reprint(qtbot, real_desktop, store, catalogue)
    window = real_desktop.window
    printers = dialog.findChild(QComboBox, "printers")
    index = printers.findText(PRINT_TO_FILE)
    assert index >= 0, [printers.itemText(i) for i in range(printers.count())]
    printers.setCurrentIndex(index)
    out = tmp_path / "reprint.pdf"
    filename = dialog.findChild(QLineEdit, "filename")
    filename.setText(str(out))
    shoot(qtbot, dialog, artifact_dir / "print_dialog.png")
    with qtbot.waitSignal(real_desktop.desk.printed, timeout=30000) as printed:
        qtbot.mouseClick(_button(dialog, "Print"), Qt.MouseButton.LeftButton)
    assert printed.args == [1]
    text = pdf_text(Path(out))
    assert sub.application_id in text and "住民異動届" in text
    stored = pdfium.PdfDocument(store.pdf(admin, sub.application_id))
    assert len(pdfium.PdfDocument(out)) == len(stored) > 1  # every page, as stored
    trail = [(r.action, r.note) for r in store.history(admin, sub.application_id)]
    assert ("reprint", str(out)) in trail
    qtbot.waitUntil(lambda: window.findChild(QPrintDialog, "print_dialog") is None)


def test_cancelling_the_print_dialog_prints_nothing(
    qtbot, real_desktop, store, admin, catalogue, tmp_path
) -> None:
    sub, dialog = _ask_to_reprint(qtbot, real_desktop, store, catalogue)
    window = real_desktop.window
    qtbot.mouseClick(_button(dialog, "Cancel"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QPrintDialog, "print_dialog") is None)
    real_desktop.wait_idle()
    assert "reprint" not in [r.action for r in store.history(admin, sub.application_id)]
    assert not list(tmp_path.glob("*.pdf"))
