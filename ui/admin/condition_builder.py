"""`ConditionBuilder`: when a question is asked, for the common cases, with the
expression it writes shown (and editable) beneath.

    このライフイベントのときだけ  ☑ 引っ越してきた（転入） ☐ 市内で引っ越した …
    この答えのときだけ           [犬を飼っている ▾] [はい ▾]   [条件を追加] [削除]
    式  event == 'moving_in' and pets.has_dog

Ticks and rows write the expression (`ui.admin.conditions.Condition`); an expression
typed in the line is read back into them when it is one of the common cases, and
otherwise kept as written, with the builder greyed out and a note saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from i18n import Translator
from ui.admin.conditions import Answer, Condition, parse
from ui.admin.style import role_label

#: A fact the builder can ask about: (key as written in the expression, its name,
#: its possible answers as (answer, words)).
Askable = tuple[str, str, Sequence[tuple[Answer, str]]]


def tick_list(name: str) -> QListWidget:
    """Ticks that wrap across the width (life events, several to a line)."""
    ticks = QListWidget()
    ticks.setObjectName(name)
    ticks.setFlow(QListWidget.Flow.LeftToRight)
    ticks.setWrapping(True)
    ticks.setResizeMode(QListWidget.ResizeMode.Adjust)
    ticks.setFixedHeight(112)
    return ticks


def fill_ticks(ticks: QListWidget, entries: Sequence[tuple[str, str]], on: Sequence[str]) -> None:
    """One tick per (id, words), ticked when its id is in `on`."""
    ticks.clear()
    for eid, words in entries:
        item = QListWidgetItem(words)
        item.setData(Qt.ItemDataRole.UserRole, eid)
        item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        item.setCheckState(Qt.CheckState.Checked if eid in on else Qt.CheckState.Unchecked)
        ticks.addItem(item)


class ConditionBuilder(QWidget):
    def __init__(self, changed: Callable[[], None]) -> None:
        super().__init__()
        self._changed = changed
        self._filling = False
        self.askable: list[Askable] = []
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.events_label = role_label("cond_events_label", "muted")
        box.addWidget(self.events_label)
        self.events = tick_list("cond_events")
        self.events.itemChanged.connect(lambda _item: self._built())
        box.addWidget(self.events)
        self.facts_label = role_label("cond_facts_label", "muted")
        box.addWidget(self.facts_label)
        self.facts = QTableWidget(0, 2)
        self.facts.setObjectName("cond_facts")
        self.facts.horizontalHeader().hide()
        self.facts.verticalHeader().hide()
        self.facts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.facts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.facts.setFixedHeight(96)
        box.addWidget(self.facts)
        row = QHBoxLayout()
        self.add_button = QPushButton()
        self.add_button.setObjectName("cond_add")
        self.add_button.clicked.connect(lambda: self.add_fact())
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("cond_remove")
        self.remove_button.clicked.connect(self._remove_fact)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        box.addLayout(row)
        line = QHBoxLayout()
        self.expression_label = QLabel()
        line.addWidget(self.expression_label)
        self.expression = QLineEdit()
        self.expression.setObjectName("cond_expression")
        self.expression.textEdited.connect(self._typed)
        line.addWidget(self.expression, 1)
        box.addLayout(line)
        self.note = role_label("cond_note", "muted")
        self.note.hide()
        box.addWidget(self.note)

    def retranslate(self, tr: Translator) -> None:
        self.events_label.setText(tr("admin.cond.events"))
        self.facts_label.setText(tr("admin.cond.facts"))
        self.add_button.setText(tr("admin.cond.add"))
        self.remove_button.setText(tr("admin.cond.remove"))
        self.expression_label.setText(tr("admin.cond.expression"))
        self.note.setText(tr("admin.cond.custom"))

    # -- what it can say ---------------------------------------------------------------------

    def set_choices(self, events: Sequence[tuple[str, str]], askable: list[Askable]) -> None:
        """The life events and the facts a condition may name."""
        self.askable = askable
        self._filling = True
        try:
            fill_ticks(self.events, events, ())
        finally:
            self._filling = False

    def set_expression(self, expression: str | None) -> None:
        self.expression.setText(expression or "")
        self._show(parse(expression))

    def value(self) -> str | None:
        text = self.expression.text().strip()
        return text or None

    # -- builder → text ---------------------------------------------------------------------

    def event_item(self, event_id: str) -> QListWidgetItem:
        """The tick of a life event (tests click it)."""
        for row in range(self.events.count()):
            item = self.events.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == event_id:
                return item
        raise KeyError(event_id)

    def add_fact(self, key: str | None = None, answer: Answer | None = None) -> None:
        if not self.askable:
            return
        row = self.facts.rowCount()
        self.facts.insertRow(row)
        fact = QComboBox()
        fact.setObjectName(f"cond_fact_{row}")
        for k, name, _answers in self.askable:
            fact.addItem(f"{name} ({k})", k)
        answers = QComboBox()
        answers.setObjectName(f"cond_answer_{row}")
        self.facts.setCellWidget(row, 0, fact)
        self.facts.setCellWidget(row, 1, answers)
        filling, self._filling = self._filling, True
        fact.setCurrentIndex(max(fact.findData(key), 0) if key else 0)
        self._fill_answers(fact, answers, answer)
        self._filling = filling
        fact.currentIndexChanged.connect(lambda _i: self._fact_changed(fact, answers))
        answers.currentIndexChanged.connect(lambda _i: self._built())
        self._built()

    def _fill_answers(self, fact: QComboBox, answers: QComboBox, answer: Answer | None) -> None:
        answers.blockSignals(True)
        answers.clear()
        for k, _name, options in self.askable:
            if k == fact.currentData():
                for value, words in options:
                    answers.addItem(words, value)
        index = next((i for i in range(answers.count()) if answers.itemData(i) == answer), 0)
        answers.setCurrentIndex(index)
        answers.blockSignals(False)

    def _fact_changed(self, fact: QComboBox, answers: QComboBox) -> None:
        self._fill_answers(fact, answers, None)
        self._built()

    def _remove_fact(self) -> None:
        row = self.facts.currentRow()
        if row < 0:
            row = self.facts.rowCount() - 1
        if row >= 0:
            self.facts.removeRow(row)
            self._built()

    def condition(self) -> Condition:
        events = tuple(
            str(self.events.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.events.count())
            if self.events.item(r).checkState() == Qt.CheckState.Checked
        )
        facts = []
        for row in range(self.facts.rowCount()):
            fact, answers = self.facts.cellWidget(row, 0), self.facts.cellWidget(row, 1)
            if (
                isinstance(fact, QComboBox)
                and isinstance(answers, QComboBox)
                and fact.currentData() is not None
                and answers.currentData() is not None
            ):
                facts.append((str(fact.currentData()), answers.currentData()))
        return Condition(events, tuple(facts))

    def _built(self) -> None:
        if self._filling:
            return
        self.expression.setText(self.condition().expression or "")
        self._changed()

    # -- text → builder ---------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        self._show(parse(text))
        self._changed()

    def _show(self, condition: Condition | None) -> None:
        """The builder shows a condition it can write, or stands aside for one it cannot."""
        known = {k: [a for a, _w in answers] for k, _n, answers in self.askable}
        if condition is not None and any(
            key not in known or answer not in known[key] for key, answer in condition.facts
        ):
            condition = None  # names a fact or an answer the builder does not offer
        custom = condition is None
        for widget in (self.events, self.facts, self.add_button, self.remove_button):
            widget.setEnabled(not custom)
        self.note.setVisible(custom)
        if condition is None:
            return
        self._filling = True
        try:
            for row in range(self.events.count()):
                item = self.events.item(row)
                on = item.data(Qt.ItemDataRole.UserRole) in condition.events
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.facts.setRowCount(0)
            for key, answer in condition.facts:
                self.add_fact(key, answer)
        finally:
            self._filling = False
