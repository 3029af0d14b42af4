"""The queue list: filters (state, procedure, counter, search, order) over the desk's
`QueueTableModel`. Filtering and sorting run in the database; this view only tells the
desk what the staff member chose, and which row they opened."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QSize, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionComboBox,
    QVBoxLayout,
    QWidget,
)

from i18n import text_of
from kiosk.store import State, lifecycle
from ui.models.table import KeyRole
from ui.staff.desk import StaffDesk
from ui.staff.tables import record_table

#: State filter choices: (i18n key, states).
STATE_CHOICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("staff.filter.open", lifecycle.OPEN),
    ("store.state.submitted", (State.SUBMITTED,)),
    ("store.state.called", lifecycle.HELD),
    ("store.state.completed", (State.COMPLETED,)),
    ("store.state.returned", (State.RETURNED,)),
    ("store.state.cancelled", (State.CANCELLED,)),
    ("staff.filter.all", tuple(State)),
)
SORTS = ("waiting", "number", "newest", "state")
SEARCH_DELAY_MS = 250
#: The procedures column: long lists are cut (the tooltip and the detail show them all).
PROCEDURES, PROCEDURES_WIDTH = 4, 340


class QueueView(QWidget):
    def __init__(self, desk: StaffDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.state = QComboBox()
        self.state.setObjectName("filter_state")
        self.procedure = QComboBox()
        self.procedure.setObjectName("filter_procedure")
        self.counter = QComboBox()
        self.counter.setObjectName("filter_counter")
        self.sort = QComboBox()
        self.sort.setObjectName("filter_sort")
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("queue_count")
        for widget in (self.state, self.procedure, self.counter, self.sort):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)
        # The search on its own line, full width: beside four filters it was squeezed
        # to its clear button on a 1280-pixel screen.
        layout.addWidget(self.search)
        self.table = record_table("queue", desk.model, fit=False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self._fill_choices()
        self.state.currentIndexChanged.connect(self._apply_state)
        self.procedure.currentIndexChanged.connect(self._apply_procedure)
        self.counter.currentIndexChanged.connect(self._apply_counter)
        self.sort.currentIndexChanged.connect(self._apply_sort)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        desk.opened.connect(self._show_opened)
        desk.queue_loaded.connect(self._update_count)
        desk.queue_loaded.connect(self._show_opened)
        desk.queue_loaded.connect(self._fit_columns)
        desk.locale_changed.connect(lambda _: self._fill_choices())
        desk.locale_changed.connect(lambda _: self._fit_columns())

    # -- choices ----------------------------------------------------------------------

    def _fill_choices(self) -> None:
        tr, catalogue, locale = self.desk.translator, self.desk.catalogue, self.desk.locale
        combos = (self.state, self.procedure, self.counter, self.sort)
        for combo in combos:
            combo.blockSignals(True)
        keep = [c.currentIndex() for c in combos]
        for combo in combos:
            combo.clear()
        for key, states in STATE_CHOICES:
            self.state.addItem(tr(key), states)
        self.procedure.addItem(tr("staff.filter.any_procedure"), None)
        for procedure in sorted(
            catalogue.procedures.values(), key=lambda p: (p.department.order, p.order)
        ):
            self.procedure.addItem(text_of(procedure.title, locale), procedure.id)
        self.counter.addItem(tr("staff.filter.any_counter"), None)
        for department in sorted(catalogue.departments.values(), key=lambda d: d.order):
            # The store keeps each procedure's counter as its department's Japanese name.
            self.counter.addItem(text_of(department.name, locale), department.name["ja"])
        for sort in SORTS:
            self.sort.addItem(tr(f"staff.sort.{sort}"), sort)
        self.search.setPlaceholderText(tr("staff.filter.search"))
        for combo, index in zip(combos, keep, strict=True):
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)
            _let_shrink(combo)
        self._update_count()

    def _apply_state(self) -> None:
        self.desk.set_filter(states=tuple(self.state.currentData()))

    def _apply_procedure(self) -> None:
        self.desk.set_filter(procedure_id=self.procedure.currentData())

    def _apply_counter(self) -> None:
        self.desk.set_filter(counter=self.counter.currentData())

    def _apply_sort(self) -> None:
        self.desk.set_filter(sort=self.sort.currentData())

    def _apply_search(self) -> None:
        self.desk.set_filter(search=self.search.text().strip() or None)

    def _fit_columns(self) -> None:
        # Not ResizeToContents: the header would keep widths from before rows arrived.
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.resizeSection(PROCEDURES, min(header.sectionSize(PROCEDURES), PROCEDURES_WIDTH))

    def _update_count(self) -> None:
        self.count.setText(
            self.desk.translator("staff.queue.count", count=self.desk.queue.total)
        )

    # -- selection --------------------------------------------------------------------

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        # While rows come and go, Qt moves the selection by itself: that is not the
        # staff member choosing (it would open, and log a view of, an application
        # nobody asked for).
        if not rows or self.desk.model.updating:
            return
        application_id = rows[0].data(KeyRole)
        if application_id != self.desk.current_id:
            self.desk.open(application_id)

    def _show_opened(self, opened: object = None) -> None:
        """The highlighted row is the open application, always: after "call next", and
        after each reload (when it left the list, e.g. completed, no row is: Qt would
        otherwise move the highlight to a neighbour nobody opened)."""
        application_id = self.desk.current_id
        row = self.desk.model.row_of(application_id) if application_id else -1
        selection = self.table.selectionModel()
        current = selection.selectedRows()
        if row < 0:
            if current or self.table.currentIndex().isValid():
                selection.blockSignals(True)
                selection.clear()  # the selection and the current index
                selection.blockSignals(False)
                self.table.viewport().update()
            return
        if len(current) == 1 and current[0].row() == row:
            return
        selection.blockSignals(True)
        self.table.selectRow(row)
        selection.blockSignals(False)
        self.table.viewport().update()
        self.table.scrollTo(self.desk.model.index(row, 0))

    def select_number(self, reception_number: str) -> bool:
        """Open the row with this reception number (keyboard users, tests)."""
        for row, item in enumerate(self.desk.model.records):
            if item.reception_number == reception_number:
                self.table.selectRow(row)
                return True
        return False


def _let_shrink(combo: QComboBox) -> None:
    """Let a filter be narrower than its longest choice, down to its first one ("all"):
    a combo box otherwise never shrinks below its longest item, and the procedure
    titles alone pushed the window past a 1280-pixel desk screen (the detail's buttons
    off its right edge). The popup still lists each choice in full."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    metrics = combo.fontMetrics()
    text = QSize(metrics.horizontalAdvance(combo.itemText(0)), metrics.height())
    # The style adds its frame, arrow and margins, as QComboBox does for its own hint.
    size = combo.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, text, combo)
    combo.setMinimumWidth(size.width())
