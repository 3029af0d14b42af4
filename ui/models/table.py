"""`RecordTableModel`: a read-only table over a list of records, one `Column` per column.

Updating with `set_records()` keeps rows that are still there (and so the selection and
scroll position): rows that went away are removed, changed rows emit `dataChanged`, new
rows are inserted where they belong, and a changed order is a layout change with the
persistent indexes moved along. Never a reset, so a view that refreshes after every
change at another desk does not lose what the user selected.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from i18n import Translator, translator

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

#: The record of a row, for views and delegates (Qt.UserRole).
RecordRole = Qt.ItemDataRole.UserRole
#: The record's key (application id, account id, ...).
KeyRole = Qt.ItemDataRole.UserRole + 1

#: Row tints by tone, readable with black text (contrast ≥ 7:1 against #1A1A1A).
TONES = {
    "attention": "#FFF4CC",
    "active": "#DCEBFA",
    "done": "#E3F4E1",
    "muted": "#ECEEF0",
}


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header (an i18n key) and how a record shows in it."""

    header: str
    text: Callable[[R, Translator], str]
    tooltip: Callable[[R, Translator], str] | None = None
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    #: Whether the text depends on the clock (waiting times): refreshed by `tick()`.
    timely: bool = False


class RecordTableModel(QAbstractTableModel, Generic[R]):
    def __init__(
        self,
        columns: Sequence[Column[R]],
        key: Callable[[R], Hashable],
        *,
        tone: Callable[[R], str | None] | None = None,
        locale: str = "ja",
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._key = key
        self._tone = tone
        self._records: list[R] = []
        self.translator = translator(locale)
        #: True inside `set_records`: selection changes then come from Qt, not a user.
        self.updating = False

    # -- Qt API ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._records):
            return None
        record = self._records[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record, self.translator)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(record, self.translator)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        if role == Qt.ItemDataRole.BackgroundRole and self._tone is not None:
            tone = self._tone(record)
            return QBrush(QColor(TONES[tone])) if tone in TONES else None
        if role == Qt.ItemDataRole.ForegroundRole and self._tone is not None:
            return QBrush(QColor("#1A1A1A")) if self._tone(record) in TONES else None
        if role == RecordRole:
            return record
        if role == KeyRole:
            return self._key(record)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self.translator(self._columns[section].header)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._records):
            return str(section + 1)
        return None

    # -- records --------------------------------------------------------------------

    @property
    def records(self) -> list[R]:
        return list(self._records)

    def record(self, row: int) -> R:
        return self._records[row]

    def row_of(self, key: Hashable) -> int:
        """The row of the record with this key, or -1."""
        return next((i for i, r in enumerate(self._records) if self._key(r) == key), -1)

    def set_locale(self, locale: str) -> None:
        self.translator = translator(locale)
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        self._all_changed()

    def tick(self) -> None:
        """The clock moved: refresh the columns that show times relative to now."""
        for c, column in enumerate(self._columns):
            if column.timely and self._records:
                self.dataChanged.emit(
                    self.index(0, c),
                    self.index(len(self._records) - 1, c),
                    [Qt.ItemDataRole.DisplayRole],
                )

    def set_records(self, new: Sequence[R]) -> None:
        """Show `new`, in its order, moving as little as possible (see the module doc)."""
        self.updating = True
        try:
            self._update(list(new))
        finally:
            self.updating = False

    def _update(self, new: list[R]) -> None:
        keys = [self._key(r) for r in new]
        if len(set(keys)) != len(keys):
            raise ValueError("records must have distinct keys")
        wanted = set(keys)
        # 1. rows that went away, bottom up in contiguous runs
        row = len(self._records) - 1
        while row >= 0:
            if self._key(self._records[row]) in wanted:
                row -= 1
                continue
            last = row
            while row - 1 >= 0 and self._key(self._records[row - 1]) not in wanted:
                row -= 1
            self.beginRemoveRows(QModelIndex(), row, last)
            del self._records[row : last + 1]
            self.endRemoveRows()
            row -= 1
        # 2. the survivors into the new relative order (a layout change if it differs)
        position = {k: i for i, k in enumerate(keys)}
        survivors = sorted(self._records, key=lambda r: position[self._key(r)])
        if [self._key(r) for r in survivors] != [self._key(r) for r in self._records]:
            self._reorder(survivors)
        # 3. new rows where they belong, changed rows refreshed
        for i, record in enumerate(new):
            if i < len(self._records) and self._key(self._records[i]) == keys[i]:
                if self._records[i] != record:
                    self._records[i] = record
                    self.dataChanged.emit(self.index(i, 0), self.index(i, len(self._columns) - 1))
                continue
            self.beginInsertRows(QModelIndex(), i, i)
            self._records.insert(i, record)
            self.endInsertRows()

    def _reorder(self, ordered: list[R]) -> None:
        self.layoutAboutToBeChanged.emit()
        old_rows = {self._key(r): i for i, r in enumerate(self._records)}
        new_rows = {self._key(r): i for i, r in enumerate(ordered)}
        moves = {old_rows[k]: new_rows[k] for k in old_rows}
        persistent = self.persistentIndexList()
        self._records = ordered
        self.changePersistentIndexList(
            persistent,
            [self.index(moves[p.row()], p.column()) for p in persistent],
        )
        self.layoutChanged.emit()

    def _all_changed(self) -> None:
        if self._records and self._columns:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._records) - 1, len(self._columns) - 1)
            )
