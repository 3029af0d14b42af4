"""Read-only table views over the record models, set up alike everywhere (the staff
window, the supervisor's view)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSize, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from ui.desktop.style import ITEM_PADDING_X


class WrappingDelegate(QStyledItemDelegate):
    """Measures a wrapped value for the width it is drawn in. The style sheet's item
    padding narrows the painted text, but Qt measures the wrap for the cell's full
    width: a value a little wider than the space inside the padding was measured as
    one line and drawn cut, ending in "…"."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        inside = QStyleOptionViewItem(option)
        inside.rect = option.rect.adjusted(0, 0, -2 * ITEM_PADDING_X, 0)
        return super().sizeHint(inside, index)


def record_table(
    name: str,
    model: QAbstractItemModel,
    *,
    fit: bool = True,
    wrap: bool = False,
    widest: int | None = None,
) -> QTableView:
    """A table showing `model`, whole rows selected one at a time, never edited in place.

    `fit`: columns as wide as their contents, measured again (once, after the event
    loop settles) whenever rows change. Not Qt's ResizeToContents mode: that keeps
    the widths it measured before the first rows arrived. `wrap`: long values wrap
    onto more lines (rows as high as they need) instead of being cut. `widest`: no
    fitted column grows wider than this many pixels.
    """
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(wrap)
    if wrap:
        table.setItemDelegate(WrappingDelegate(table))
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if fit:
        again = QTimer(table)
        again.setSingleShot(True)
        again.setInterval(0)
        again.timeout.connect(lambda: _fit(table, widest))
        if wrap:
            again.timeout.connect(table.resizeRowsToContents)
            # A stretched column changes width with the panel (window resized, splitter
            # moved), not with the rows: measure the rows again then too, or a value
            # measured at one line for a wider column ends in "…".
            rows = QTimer(table)
            rows.setSingleShot(True)
            rows.setInterval(0)
            rows.timeout.connect(table.resizeRowsToContents)
            table.horizontalHeader().sectionResized.connect(lambda *_: rows.start())
        for changed in (
            model.rowsInserted,
            model.rowsRemoved,
            model.dataChanged,
            model.layoutChanged,
            model.modelReset,
            model.headerDataChanged,
        ):
            changed.connect(lambda *_: again.start())
    return table


def _fit(table: QTableView, widest: int | None) -> None:
    """Columns to their contents, except those set to stretch over the rest."""
    header = table.horizontalHeader()
    for column in range(header.count()):
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive:
            table.resizeColumnToContents(column)
            if widest is not None and header.sectionSize(column) > widest:
                header.resizeSection(column, widest)
