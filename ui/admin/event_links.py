"""`EventLinksView`: tick which procedures a life event needs or suggests.

    ライフイベント [引っ越してきた（転入） ▾]
    手続                         必要  おすすめ  条件
    転入届 (juminido_tennyu)      ☑     ☐
    介護保険の資格取得 (kaigo_join) ☐     ☑      household.has_kaigo

Each tick rewrites events.yaml's text (`ui.admin.structured.set_link`) through the
window's document for that file, as typing would: one undo step in the YAML view, the
draft checked again as it happens, problems located as ever. The ticks are read back
from the text after every check, so text and ticks never disagree. A new suggestion
asks for the reason the resident reads; a condition is kept as written and edited in
the text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.admin.checking import event_rows
from ui.admin.desk import AdminDesk
from ui.admin.review import section_of, title_of
from ui.admin.structured import NotEditable, event_links, set_link
from ui.admin.style import role_label

EVENTS = "events.yaml"
#: The two tick columns and the link kind each writes.
KINDS = {1: "needs", 2: "suggests"}


class EventLinksView(QWidget):
    def __init__(
        self,
        desk: AdminDesk,
        replace_text: Callable[[str, str], None],
        ask_reason: Callable[[str], str | None],
    ) -> None:
        super().__init__()
        self.desk = desk
        self._replace_text = replace_text
        self._ask_reason = ask_reason
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.heading = role_label("links_heading", "muted")
        layout.addWidget(self.heading)
        row = QHBoxLayout()
        self.event_label = QLabel()
        row.addWidget(self.event_label)
        self.event_combo = QComboBox()
        self.event_combo.setObjectName("links_event")
        self.event_combo.currentIndexChanged.connect(lambda _: self.refresh())
        row.addWidget(self.event_combo, 1)
        layout.addLayout(row)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("links")
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._ticked)
        layout.addWidget(self.table, 1)
        self.procedures: list[str] = []
        desk.checked.connect(lambda _result: self.refresh())
        desk.reloaded.connect(lambda _rel: self.refresh())
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.desk.translator
        self.heading.setText(tr("admin.links.heading"))
        self.event_label.setText(tr("admin.links.event"))
        keys = ("admin.links.procedure", "admin.links.needs", "admin.links.suggests",
                "admin.links.when")  # fmt: skip
        self.table.setHorizontalHeaderLabels([tr(k) for k in keys])
        self.refresh()

    # -- reading the text ------------------------------------------------------------------

    @property
    def event_id(self) -> str | None:
        data = self.event_combo.currentData()
        return str(data) if data else None

    def choose(self, event_id: str) -> None:
        """Show this event's ticks (tests; the combo does the same)."""
        self.event_combo.setCurrentIndex(self.event_combo.findData(event_id))

    def refresh(self) -> None:
        if self._filling:
            return
        self._filling = True
        try:
            self._fill()
        finally:
            self._filling = False

    def _fill(self) -> None:
        events_text = self.desk.text(EVENTS)
        rows = event_rows(events_text, "")
        titles = {r.event: r.event_title for r in rows}
        links = event_links(events_text)
        chosen = self.event_id
        self.event_combo.blockSignals(True)
        self.event_combo.clear()
        for eid in links:
            self.event_combo.addItem(f"{titles.get(eid) or eid} ({eid})", eid)
        index = self.event_combo.findData(chosen) if chosen else 0
        self.event_combo.setCurrentIndex(max(index, 0))
        self.event_combo.blockSignals(False)
        procedures = section_of(self.desk.text("procedures.yaml"), "procedures")
        self.procedures = list(procedures)
        current = links.get(self.event_id or "")
        self.table.setRowCount(len(self.procedures))
        for row, pid in enumerate(self.procedures):
            name = QTableWidgetItem(f"{title_of(procedures[pid], pid)} ({pid})")
            self.table.setItem(row, 0, name)
            whens = []
            for column, kind in KINDS.items():
                tick = QTableWidgetItem()
                tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                on = current is not None and pid in getattr(current, kind)
                tick.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                self.table.setItem(row, column, tick)
                if current is not None and (kind, pid) in current.when:
                    whens.append(current.when[(kind, pid)])
            when = QTableWidgetItem(" / ".join(whens))
            when.setToolTip(when.text())
            self.table.setItem(row, 3, when)
        self.table.resizeColumnToContents(1)
        self.table.resizeColumnToContents(2)

    def tick(self, procedure_id: str, kind: str) -> QTableWidgetItem:
        """The tick cell of a procedure (tests click it)."""
        column = next(c for c, k in KINDS.items() if k == kind)
        item = self.table.item(self.procedures.index(procedure_id), column)
        assert item is not None
        return item

    # -- writing the text ------------------------------------------------------------------

    def _ticked(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() not in KINDS or self.event_id is None:
            return
        pid = self.procedures[item.row()]
        kind = KINDS[item.column()]
        on = item.checkState() == Qt.CheckState.Checked
        reason = ""
        if on and kind == "suggests":
            asked = self._ask_reason(pid)
            if not asked:  # no reason, no suggestion: the tick goes back
                self.refresh()
                return
            reason = asked
        try:
            text = set_link(self.desk.text(EVENTS), self.event_id, kind, pid, on, reason=reason)
        except NotEditable as exc:
            self.desk.message.emit(
                "error", self.desk.translator("admin.links.not_editable", part=str(exc))
            )
            self.refresh()
            return
        self._replace_text(EVENTS, text)
