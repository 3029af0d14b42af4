"""`ChoiceTable`: one choice list of choices.yaml as an editable table.

    コード     日本語          English        用紙
    kokuho    国民健康保険      National …
    employee  勤め先の健康保険  Health …       社会保険
    [追加] [削除] [↑] [↓]

Rows are the list's choices in order; `rows()` gives them as choices.yaml holds them
(`value`, `label` with ja/en and any other language already written, `print`), and the
fact editor writes them with `ui.admin.fact_text.set_choices`. No YAML here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import Translator

#: Columns: the choice's code, its label in Japanese and English, its printed form.
COLUMNS = ("value", "ja", "en", "print")


class ChoiceTable(QWidget):
    def __init__(self, changed: Callable[[], None]) -> None:
        super().__init__()
        self._changed = changed
        self._filling = False
        self._others: list[dict[str, Any]] = []  # other languages of each row's label
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("choices")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(150)
        self.table.itemChanged.connect(lambda _item: self._edited())
        box.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = self._button("choice_add", row, self.add_row)
        self.remove_button = self._button("choice_remove", row, self.remove_row)
        self.up_button = self._button("choice_up", row, lambda: self.move_row(-1))
        self.down_button = self._button("choice_down", row, lambda: self.move_row(1))
        row.addStretch(1)
        box.addLayout(row)

    def _button(self, name: str, row: QHBoxLayout, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def retranslate(self, tr: Translator) -> None:
        self.table.setHorizontalHeaderLabels([tr(f"admin.choices.{c}") for c in COLUMNS])
        self.add_button.setText(tr("admin.choices.add"))
        self.remove_button.setText(tr("admin.choices.remove"))
        self.up_button.setText("↑")
        self.up_button.setToolTip(tr("admin.choices.up"))
        self.down_button.setText("↓")
        self.down_button.setToolTip(tr("admin.choices.down"))

    # -- rows -----------------------------------------------------------------------------

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self._filling = True
        try:
            self.table.setRowCount(0)
            self._others = []
            for row in rows:
                self._append(row)
        finally:
            self._filling = False

    def _append(self, choice: dict[str, Any]) -> None:
        raw = choice.get("label")
        label: dict[str, Any] = raw if isinstance(raw, dict) else {}
        cells = (choice.get("value"), label.get("ja"), label.get("en"), choice.get("print"))
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate(cells):
            self.table.setItem(row, column, QTableWidgetItem("" if value is None else str(value)))
        self._others.append(
            {
                "label": {k: v for k, v in label.items() if k not in ("ja", "en")},
                **{k: v for k, v in choice.items() if k not in ("value", "label", "print")},
            }
        )

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for row in range(self.table.rowCount()):
            cell = {c: self._cell(row, i) for i, c in enumerate(COLUMNS)}
            extra = self._others[row]
            label = {"ja": cell["ja"], "en": cell["en"], **extra["label"]}
            choice: dict[str, Any] = {
                "value": cell["value"],
                "label": {k: v for k, v in label.items() if v},
            }
            if cell["print"]:
                choice["print"] = cell["print"]
            choice.update({k: v for k, v in extra.items() if k != "label"})
            out.append(choice)
        return out

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def add_row(self) -> None:
        self._filling = True
        try:
            self._append({"value": f"choice_{self.table.rowCount() + 1}", "label": {}})
        finally:
            self._filling = False
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self._edited()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            del self._others[row]
            self._edited()

    def move_row(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        rows = self.rows()
        rows[row], rows[target] = rows[target], rows[row]
        self.set_rows(rows)
        self.table.setCurrentCell(target, 0)
        self._edited()

    def _edited(self) -> None:
        if not self._filling:
            self._changed()
