"""`FactEditorView`: add or change a question of the data dictionary without YAML.

    [検索…        ]   キー       pets.has_cat          誰について [一人分 ▾]
    pets.has_cat 猫…   種類       [はい／いいえ ▾]       ☑ 答えが必要
    applicant.name …   文言            日本語        English
    …                   項目名 / 質問 / 説明
    [新しい質問]        選択肢     [cat_kind ▾] [新しい一覧]  (table)
                        最初に聞くライフイベント ☑ 転入 …
                        質問する条件 (ConditionBuilder)
                        ほかの言語   es ✓ … / ko 未翻訳 …
                        [反映する] [取り消す]

反映する writes what the form says into the texts (`ui.admin.fact_text`): the fact's
settings into dictionary.yaml, a changed choice list into choices.yaml, the screening
ticks into events.yaml, each through the YAML view's own document (one undo step per
file there) so the draft is checked at once and problems are located as after typing.
The form is read back from the text after every check while it holds no edit of its
own, so an edit or an undo in the YAML view shows here too. Other languages than ja
and en are the translators' (catalogue.po): shown, not edited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.schema import FieldType
from i18n import language_name
from ui.admin.choice_table import ChoiceTable
from ui.admin.condition_builder import Askable, ConditionBuilder, fill_ticks, tick_list
from ui.admin.conditions import Answer
from ui.admin.desk import AdminDesk
from ui.admin.fact_text import (
    choice_lists,
    screening_of,
    set_choices,
    set_entry,
    set_screening,
)
from ui.admin.review import section_of
from ui.admin.structured import NotEditable
from ui.admin.style import role_label
from ui.admin.translations import translations

DICTIONARY, CHOICES, EVENTS = "dictionary.yaml", "choices.yaml", "events.yaml"
TYPES: tuple[str, ...] = get_args(FieldType)
#: The wording rows: the fact's name, the question the kiosk asks, the help beneath.
PARTS = ("label", "question", "help")
LANGUAGES = ("ja", "en")
CHOICE_TYPES = ("choice", "multi_choice")
MUTED = QColor("#6B7280")


def _combo(name: str) -> QComboBox:
    """A combo box whose long entries do not widen the form (the list shows them whole)."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setMinimumContentsLength(12)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def _fit_height(table: QTableWidget) -> None:
    """A short table as tall as its rows (wrapped texts included): no inner scrolling."""
    table.resizeRowsToContents()
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(rows + table.horizontalHeader().height() + 2 * table.frameWidth() + 2)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class FactEditorView(QWidget):
    def __init__(
        self,
        desk: AdminDesk,
        replace_text: Callable[[str, str], None],
        confirm: Callable[[str], bool] = lambda _text: True,
    ) -> None:
        super().__init__()
        self.desk = desk
        self._confirm = confirm  # asks before the form's edits are dropped
        self._replace_text = replace_text
        self._filling = False
        self.touched = False  # the form holds an edit not yet written
        self.key: str | None = None  # the fact shown (None: a new one)
        self.choices_touched = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(self._fact_list())
        self.form_scroll = scroll = QScrollArea()
        scroll.setObjectName("fact_form_scroll")
        scroll.setWidgetResizable(True)
        # The form follows the pane's width (labels above their fields): no sideways scroll.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._form())
        layout.addWidget(scroll, 1)
        desk.checked.connect(lambda _result: self.refresh())
        desk.reloaded.connect(lambda _rel: self.refresh())
        self.retranslate()

    # -- building -------------------------------------------------------------------------

    def _fact_list(self) -> QHBoxLayout:
        """Search, the facts it finds (name and key), a new question: one row above the
        form, which gets the pane's whole width."""
        box = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("fact_search")
        self.search.setMaximumWidth(160)
        self.search.textChanged.connect(lambda _t: self._fill_list())
        box.addWidget(self.search)
        self.list = _combo("fact_list")
        self.list.activated.connect(lambda _i: self._chosen())
        box.addWidget(self.list, 1)
        self.new_button = QPushButton()
        self.new_button.setObjectName("fact_new")
        self.new_button.clicked.connect(self.new_fact)
        box.addWidget(self.new_button)
        return box

    def _form(self) -> QWidget:
        self.page = page = QWidget()
        self.page.setObjectName("fact_form")
        self.row_labels: dict[str, QLabel] = {}
        self.form = form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.heading = role_label("fact_heading", "heading")
        form.addRow(self.heading)
        self.key_edit = self._line("fact_key")
        self.group = _combo("fact_group")
        self.group.currentIndexChanged.connect(lambda _i: self._group_changed())
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.group, 1)
        form.addRow(self._row_label("key"), key_row)
        self.type = _combo("fact_type")
        self.type.currentIndexChanged.connect(lambda _i: self._type_changed())
        self.required = QCheckBox()
        self.required.setObjectName("fact_required")
        self.required.toggled.connect(lambda _on: self._touch())
        form.addRow(self._row_label("type"), self.type)
        form.addRow(self.required)
        self.texts = QTableWidget(len(PARTS), len(LANGUAGES))
        self.texts.setObjectName("fact_texts")
        self.texts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.texts.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.texts.setWordWrap(True)
        self.texts.itemChanged.connect(lambda _item: self._texts_edited())
        form.addRow(self._row_label("texts"), self.texts)
        self.choice_list = _combo("fact_choice_list")
        self.choice_list.currentIndexChanged.connect(lambda _i: self._list_changed())
        self.new_list_button = QPushButton()
        self.new_list_button.setObjectName("choice_list_new")
        self.new_list_button.clicked.connect(self.new_choice_list)
        list_row = QHBoxLayout()
        list_row.addWidget(self.choice_list, 1)
        list_row.addWidget(self.new_list_button)
        self.choices = ChoiceTable(self._choices_edited)
        self.choices_box = QWidget()
        choices_box = QVBoxLayout(self.choices_box)
        choices_box.setContentsMargins(0, 0, 0, 0)
        choices_box.addLayout(list_row)
        choices_box.addWidget(self.choices)
        form.addRow(self._row_label("choices"), self.choices_box)
        self.screening = tick_list("fact_events")
        self.screening.itemChanged.connect(lambda _item: self._touch())
        form.addRow(self._row_label("screening"), self.screening)
        self.condition = ConditionBuilder(self._touch)
        form.addRow(self._row_label("condition"), self.condition)
        self.others = QTableWidget(0, 1 + len(PARTS))
        self.others.setObjectName("fact_translations")
        self.others.verticalHeader().hide()
        self.others.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.others.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.others.setMinimumHeight(200)
        form.addRow(self._row_label("others"), self.others)
        buttons = QHBoxLayout()
        self.apply_button = QPushButton()
        self.apply_button.setObjectName("fact_apply")
        self.apply_button.setProperty("role", "primary")
        self.apply_button.clicked.connect(self.apply)
        self.discard_button = QPushButton()
        self.discard_button.setObjectName("fact_discard")
        self.discard_button.clicked.connect(self._discard)
        buttons.addStretch(1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.apply_button)
        form.addRow(buttons)
        return page

    def _row_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"fact_row_{name}")
        self.row_labels[name] = label
        return label

    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.textEdited.connect(lambda _t: self._touch())
        return edit

    def retranslate(self) -> None:
        tr = self.desk.translator
        self.search.setPlaceholderText(tr("admin.fact.search"))
        self.new_button.setText(tr("admin.fact.new"))
        for name, label in self.row_labels.items():
            label.setText(tr(f"admin.fact.row.{name}"))
        self.required.setText(tr("admin.fact.required"))
        self.texts.setHorizontalHeaderLabels([language_name(loc) for loc in LANGUAGES])
        self.texts.setVerticalHeaderLabels([tr(f"admin.fact.part.{p}") for p in PARTS])
        self.new_list_button.setText(tr("admin.fact.new_list"))
        self.choices.retranslate(tr)
        self.condition.retranslate(tr)
        self.apply_button.setText(tr("admin.fact.apply"))
        self.discard_button.setText(tr("admin.fact.discard"))
        self.others.setHorizontalHeaderLabels(
            [tr("admin.fact.language")] + [tr(f"admin.fact.part.{p}") for p in PARTS]
        )
        self._filling = True
        try:
            current = self.type.currentData()
            self.type.clear()
            for name in TYPES:
                self.type.addItem(f"{tr(f'admin.fact.type.{name}')} ({name})", name)
            self.type.setCurrentIndex(max(self.type.findData(current), 0))
        finally:
            self._filling = False
        self.refresh(force=True)

    # -- reading the text -------------------------------------------------------------------

    def _name(self, spec: Any, fallback: str) -> str:
        """An item's name in the admin's language: its title, label or question."""
        for part in ("title", "label", "question"):
            words = self.desk.translator.text(_mapping(spec).get(part))
            if words:
                return words
        return fallback

    def _facts(self) -> dict[str, Any]:
        return section_of(self.desk.text(DICTIONARY), "fields")

    def _groups(self) -> dict[str, Any]:
        return section_of(self.desk.text(DICTIONARY), "groups")

    def _events(self) -> list[tuple[str, str]]:
        events = section_of(self.desk.text(EVENTS), "events")
        return [(eid, f"{self._name(spec, eid)}") for eid, spec in events.items()]

    def refresh(self, force: bool = False) -> None:
        """Show the text as it is now, unless the form holds an edit of its own."""
        if self._filling or (self.touched and not force):
            return
        self._fill_list()
        self._load(self.key)

    def _fill_list(self) -> None:
        needle = self.search.text().strip().lower()
        self.list.blockSignals(True)
        self.list.clear()
        for key, spec in self._facts().items():
            words = self._name(spec, "")
            if needle and needle not in key.lower() and needle not in words.lower():
                continue
            self.list.addItem(f"{words} — {key}", key)
            if isinstance(spec, dict) and spec.get("computed"):  # never asked: muted
                self.list.setItemData(
                    self.list.count() - 1, QBrush(MUTED), Qt.ItemDataRole.ForegroundRole
                )
        self.list.setCurrentIndex(self.list.findData(self.key) if self.key else -1)
        self.list.blockSignals(False)

    def fact_keys(self) -> list[str]:
        """The facts the list offers now."""
        return [str(self.list.itemData(i)) for i in range(self.list.count())]

    def choose(self, key: str) -> None:
        """Show a fact (the list does the same)."""
        self.touched = False
        self.key = key
        self.refresh(force=True)

    def _chosen(self) -> None:
        wanted = self.list.currentData()
        if not wanted or wanted == self.key:
            return
        if not self._may_leave():
            self._fill_list()  # the list shows the fact still being edited
            return
        self.choose(str(wanted))

    def new_fact(self) -> None:
        """An empty form for a new question."""
        if not self._may_leave():
            return
        self.list.setCurrentIndex(-1)
        self.choose_new()

    def _may_leave(self) -> bool:
        """No edit in the form, or the admin agrees to drop it."""
        return not self.touched or self._confirm(self.desk.translator("admin.fact.drop_edits"))

    def choose_new(self) -> None:
        self.key = None
        self.touched = False
        self._load(None)

    def _load(self, key: str | None) -> None:
        tr = self.desk.translator
        spec = self._facts().get(key or "") if key else None
        if key is not None and not isinstance(spec, dict):
            key, spec = None, None
            self.key = None
        spec = spec or {}
        self._filling = True
        try:
            self.heading.setText(
                tr("admin.fact.editing", key=key) if key else tr("admin.fact.adding")
            )
            self.key_edit.setReadOnly(key is not None)
            self.group.setEnabled(key is None)
            self.group.clear()
            self.group.addItem(tr("admin.fact.group.single"), "")
            for name, group in self._groups().items():
                self.group.addItem(tr("admin.fact.group.each", group=self._name(group, name)), name)
            group_name = next((g for g in self._groups() if (key or "").startswith(g + "[].")), "")
            self.group.setCurrentIndex(max(self.group.findData(group_name), 0))
            self.key_edit.setText(key or "")
            self.type.setCurrentIndex(max(self.type.findData(spec.get("type", "yes_no")), 0))
            self.required.setChecked(not spec.get("optional", False))
            for row, part in enumerate(PARTS):
                texts = _mapping(spec.get(part))
                for column, loc in enumerate(LANGUAGES):
                    self.texts.setItem(row, column, QTableWidgetItem(str(texts.get(loc) or "")))
            lists = choice_lists(self.desk.text(CHOICES))
            _fit_height(self.texts)
            self.choice_list.clear()
            for name in lists:
                self.choice_list.addItem(name, name)
            self.choice_list.setCurrentIndex(max(self.choice_list.findData(spec.get("choices")), 0))
            self.choices.set_rows(lists.get(str(self.choice_list.currentData()), []))
            self.choices_touched = False
            screening = screening_of(self.desk.text(EVENTS))
            asked_first = [e for e, keys in screening.items() if key is not None and key in keys]
            fill_ticks(self.screening, self._events(), asked_first)
            self.condition.set_choices(self._events(), self._askable(group_name))
            self.condition.set_expression(spec.get("ask_if"))
            self._show_type()
            self._show_others(key, spec)
            computed = bool(spec.get("computed"))
            self.apply_button.setEnabled(not computed)
            if computed:
                self.heading.setText(tr("admin.fact.computed", key=key))
        finally:
            self._filling = False

    def _askable(self, group: str) -> list[Askable]:
        """Yes/no and choice facts a condition may name: plain facts, and for a member of
        a repeat group that member's own facts (`item.…`)."""
        tr = self.desk.translator
        lists = choice_lists(self.desk.text(CHOICES))
        out: list[Askable] = []
        for key, spec in self._facts().items():
            if not isinstance(spec, dict) or spec.get("type") not in ("yes_no", "choice"):
                continue
            if "[]." in key:
                if not group or not key.startswith(group + "[]."):
                    continue
                key = "item." + key.split("[].", 1)[1]
            answers: list[tuple[Answer, str]]
            if spec["type"] == "yes_no":
                answers = [(True, tr("admin.cond.yes")), (False, tr("admin.cond.no"))]
            else:
                answers = [
                    (str(c.get("value")), f"{self._name(c, '')} ({c.get('value')})")
                    for c in lists.get(str(spec.get("choices")), [])
                ]
            out.append((key, self._name(spec, key), answers))
        return out

    def _show_others(self, key: str | None, spec: dict[str, Any]) -> None:
        tr = self.desk.translator
        per_part = []
        for part in PARTS:
            texts = _mapping(spec.get(part))
            japanese = str(texts.get("ja") or "")
            where = f"{DICTIONARY} fields.{key}.{part}"
            per_part.append(translations(where, japanese) if japanese and key else [])
        locales = [t.locale for t in next((p for p in per_part if p), [])]
        self.others.setRowCount(len(locales))
        for row, loc in enumerate(locales):
            self.others.setItem(row, 0, QTableWidgetItem(language_name(loc)))
            for column, found in enumerate(per_part, start=1):
                entry = found[row] if found else None
                if entry is None:
                    self.others.setItem(row, column, QTableWidgetItem(""))
                    continue
                state = tr(f"admin.fact.state.{entry.state}")
                cell = QTableWidgetItem(f"{state}  {entry.text}".strip())
                tip = tr(f"admin.fact.state_tip.{entry.state}")
                cell.setToolTip(f"{entry.text}\n\n{tip}" if entry.text else tip)
                if entry.state not in ("translated",):
                    cell.setForeground(QBrush(MUTED))
                self.others.setItem(row, column, cell)

    # -- the form -----------------------------------------------------------------------------

    def _texts_edited(self) -> None:
        self._touch()
        _fit_height(self.texts)

    def _touch(self) -> None:
        if not self._filling:
            self.touched = True

    def _show_type(self) -> None:
        self.form.setRowVisible(self.choices_box, self.type.currentData() in CHOICE_TYPES)

    def _type_changed(self) -> None:
        self._show_type()
        self._touch()

    def _group_changed(self) -> None:
        if self._filling:
            return
        group = str(self.group.currentData() or "")
        # A member's question is asked per member, when a form needs it: not at the start.
        self.screening.setEnabled(not group)
        self.condition.set_choices(self._events(), self._askable(group))
        self._touch()

    def _list_changed(self) -> None:
        if self._filling:
            return
        lists = choice_lists(self.desk.text(CHOICES))
        self.choices.set_rows(lists.get(str(self.choice_list.currentData()), []))
        self.choices_touched = False
        self._touch()

    def _choices_edited(self) -> None:
        if not self._filling:
            self.choices_touched = True
            self._touch()

    def new_choice_list(self) -> None:
        """A new, empty list named after the fact (written with the fact)."""
        base = (self.full_key() or "answers").split(".")[-1].replace("[]", "") or "answers"
        name, n = base, 2
        while self.choice_list.findData(name) >= 0:
            name, n = f"{base}_{n}", n + 1
        self._filling = True
        try:
            self.choice_list.addItem(name, name)
            self.choice_list.setCurrentIndex(self.choice_list.count() - 1)
            self.choices.set_rows([])
        finally:
            self._filling = False
        self.choices.add_row()

    def full_key(self) -> str:
        if self.key is not None:
            return self.key
        name = self.key_edit.text().strip()
        group = str(self.group.currentData() or "")
        return f"{group}[].{name}" if group and name and "[]." not in name else name

    def _texts(self, part: str, old: Any) -> dict[str, str] | None:
        texts = dict(old) if isinstance(old, dict) else {}
        for column, loc in enumerate(LANGUAGES):
            item = self.texts.item(PARTS.index(part), column)
            value = item.text().strip() if item is not None else ""
            if value:
                texts[loc] = value
            else:
                texts.pop(loc, None)
        return texts if texts.get("ja") else None

    def settings(self) -> dict[str, Any]:
        """The fact's settings as the form says (None: not set)."""
        old = self._facts().get(self.key or "") if self.key else None
        old = old if isinstance(old, dict) else {}
        kind = str(self.type.currentData())
        label = self._texts("label", old.get("label"))
        question = self._texts("question", old.get("question"))
        if label is None and question is not None:
            label = question  # every fact has a name; the question says it
        return {
            "type": kind,
            "choices": str(self.choice_list.currentData()) if kind in CHOICE_TYPES else None,
            "label": label,
            "question": question,
            "help": self._texts("help", old.get("help")),
            "optional": None if self.required.isChecked() else True,
            "ask_if": self.condition.value(),
        }

    # -- writing the text ---------------------------------------------------------------------

    def apply(self) -> None:
        """Write the form into the texts (each changed file one edit)."""
        tr = self.desk.translator
        key = self.full_key()
        if not key:
            self.desk.message.emit("error", tr("admin.fact.key_missing"))
            return
        if self.key is None and key in self._facts():
            self.desk.message.emit("error", tr("admin.fact.key_taken", key=key))
            return
        try:
            texts = {
                DICTIONARY: set_entry(self.desk.text(DICTIONARY), ("fields", key), self.settings())
            }
            if self.type.currentData() in CHOICE_TYPES and self.choices_touched:
                name = str(self.choice_list.currentData())
                texts[CHOICES] = set_choices(self.desk.text(CHOICES), name, self.choices.rows())
            if self.screening.isEnabled():
                events = self.desk.text(EVENTS)
                for row in range(self.screening.count()):
                    item = self.screening.item(row)
                    on = item.checkState() == Qt.CheckState.Checked
                    eid = str(item.data(Qt.ItemDataRole.UserRole))
                    events = set_screening(events, eid, key, on)
                texts[EVENTS] = events
        except NotEditable as exc:
            self.desk.message.emit("error", tr("admin.links.not_editable", part=str(exc)))
            return
        self.touched = False
        self.key = key
        self._filling = True  # the texts' own checks will show the form again
        try:
            for rel, text in texts.items():
                if text != self.desk.text(rel):
                    self._replace_text(rel, text)
        finally:
            self._filling = False
        self.refresh(force=True)

    def _discard(self) -> None:
        self.touched = False
        self.refresh(force=True)
