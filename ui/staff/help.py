"""The help overlay (F1): every key of the staff desk, from the one table of them."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from i18n import Translator
from ui.staff.shortcuts import PROCEDURE_KEYS, SHORTCUTS, key_text, procedure_key_text


def help_dialog(tr: Translator, parent: QWidget | None = None) -> QDialog:
    dialog = QDialog(parent)
    dialog.setObjectName("help_dialog")
    dialog.setWindowTitle(tr("staff.help.title"))
    layout = QVBoxLayout(dialog)
    grid = QGridLayout()
    rows = [(key_text(action), tr(f"staff.help.{action}")) for action in SHORTCUTS]
    rows.insert(
        2,
        (
            f"{procedure_key_text(1)} … {procedure_key_text(PROCEDURE_KEYS)}",
            tr("staff.help.procedure"),
        ),
    )
    for i, (key, what) in enumerate(rows):
        key_label = QLabel(key)
        key_label.setObjectName(f"help_key_{i}")
        key_label.setProperty("role", "title")
        grid.addWidget(key_label, i, 0)
        grid.addWidget(QLabel(what), i, 1)
    layout.addLayout(grid)
    note = QLabel(tr("staff.help.enter"))
    note.setWordWrap(True)
    layout.addWidget(note)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    close = box.button(QDialogButtonBox.StandardButton.Close)
    close.setObjectName("help_close")
    close.setText(tr("staff.help.close"))
    box.rejected.connect(dialog.reject)
    layout.addWidget(box)
    return dialog
