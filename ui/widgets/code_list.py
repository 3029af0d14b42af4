"""A long list of names with codes (every bank of Japan, one bank's branches), browsed
by kana: the 50-on row (あ か さ …), then the first kana (サ シ ス セ ソ), then the name.

Hundreds of names are never one scrolling list: a tap on the row and one on the letter
leave a page or two. Entries offered first (the city's usual banks) come before any
row, and a short list (a small bank's branches) shows whole. A name that is not there
is typed instead (`type_instead`). Buttons: `list_first`, `list_row_か`,
`list_initial_キ`, `list_<code>`, `list_type`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.banks import KANA_ROWS, Entry
from ui.widgets.buttons import set_button_text, set_compact, touch_button
from ui.widgets.flow_row import FlowRow
from ui.widgets.layouts import clear_layout
from ui.widgets.paged_scroll import MIN_TARGET_MM, ROWS_IN_SIGHT, paged, scrolling_grid
from ui.widgets.tile import WrapButton

#: A list this short is shown whole, without rows.
WHOLE_LIST = 24
_COLUMNS = 3
FIRST = "first"  # the view of the entries offered first


class CodeListWidget(QWidget):
    chosen = Signal(object)  # kiosk.banks.Entry
    type_instead = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("code_list")
        self.entries: tuple[Entry, ...] = ()
        self.first: tuple[Entry, ...] = ()
        self.view = ""  # FIRST, a row (か), or "" for the whole list
        self.initial = ""  # the first kana shown within the row
        self.selected = ""  # the code chosen before, marked when shown again
        self.first_label = ""
        layout = QVBoxLayout(self)
        self.rows = FlowRow()
        layout.addWidget(self.rows)
        self.initials = FlowRow()
        layout.addWidget(self.initials)
        self.area, self.grid = scrolling_grid()
        layout.addWidget(paged(self.area), 1)
        self.other = touch_button("list_type", role="small")
        self.other.clicked.connect(self.type_instead.emit)
        layout.addWidget(self.other)
        self.buttons: dict[str, WrapButton] = {}

    def retranslate(self, first: str, not_listed: str) -> None:
        set_button_text(self.other, not_listed)
        if first != self.first_label:
            self.first_label = first
            self._draw_rows()

    def reset(
        self, entries: tuple[Entry, ...], first: tuple[Entry, ...] = (), selected: str = ""
    ) -> None:
        """Offer `entries` (kana order), `first` before any row; `selected`: the code of
        the answer given before, whose row opens."""
        self.entries, self.first, self.selected = entries, first, selected
        chosen = next((e for e in entries if e.code == selected), None)
        if len(entries) <= WHOLE_LIST:
            self.show_view("")
        elif chosen is not None and chosen not in first:
            self.show_view(chosen.row, chosen.initial)
        elif first:
            self.show_view(FIRST)
        else:
            self.show_view(entries[0].row if entries else "")

    # -- views -----------------------------------------------------------------------
    def _rows(self) -> list[str]:
        present = {e.row for e in self.entries}
        return [r for r in KANA_ROWS if r in present]

    def _initials(self, row: str) -> list[str]:
        return list(dict.fromkeys(e.initial for e in self.entries if e.row == row))

    def show_view(self, view: str, initial: str = "") -> None:
        self.view = view
        letters = self._initials(view) if view not in ("", FIRST) else []
        self.initial = initial if initial in letters else (letters[0] if letters else "")
        self._draw_rows()
        self._draw_initials(letters)
        self._draw_list()

    def _draw_rows(self) -> None:
        self.rows.clear()
        if len(self.entries) <= WHOLE_LIST:
            self.rows.hide()
            return
        self.rows.show()
        views = ([FIRST] if self.first else []) + self._rows()
        for view in views:
            name = "list_first" if view == FIRST else f"list_row_{view}"
            text = self.first_label if view == FIRST else view
            button = touch_button(name, text, role="small", checkable=True)
            set_compact(button)  # keys of an index: the list's rows keep the room
            button.setChecked(view == self.view)
            button.setMinimumWidth(72)
            button.clicked.connect(lambda _=False, v=view: self.show_view(v))
            self.rows.add(button, stretch=0)
        self.rows.relayout()

    def _draw_initials(self, letters: list[str]) -> None:
        self.initials.clear()
        self.initials.setVisible(len(letters) > 1)
        for letter in letters:
            button = touch_button(f"list_initial_{letter}", letter, role="small", checkable=True)
            set_compact(button)
            button.setChecked(letter == self.initial)
            button.setMinimumWidth(72)
            button.clicked.connect(lambda _=False, k=letter: self.show_view(self.view, k))
            self.initials.add(button, stretch=0)
        self.initials.relayout()

    def shown(self) -> list[Entry]:
        """The entries of the current view."""
        if self.view == FIRST:
            return list(self.first)
        if self.view == "":
            return list(self.entries)
        return [e for e in self.entries if e.row == self.view and e.initial == self.initial]

    def _draw_list(self) -> None:
        clear_layout(self.grid)
        self.buttons = {}
        # One line of a name, never less than a finger: a long name (ＧＭＯあおぞらネット
        # 銀行) makes its row taller by itself (the button's height for its width). Two
        # lines for every row left one row in sight at the largest text on 1280×1024.
        target = (
            max(
                round(MIN_TARGET_MM / 25.4 * (self.logicalDpiY() or 96)),
                self.fontMetrics().height(),
            )
            + 24
        )
        # Three rows of names at least (ROWS_IN_SIGHT), whatever the text size: the
        # screen scrolls to "not in the list" rather than the list shrinking to one row.
        rows = min(ROWS_IN_SIGHT, max(1, -(-len(self.shown()) // _COLUMNS)))
        self.area.setMinimumHeight(rows * target + (rows + 1) * self.grid.spacing())
        for n, entry in enumerate(self.shown()):
            # "small" and as high as a key (over 15 mm), not a full answer's: at the
            # largest text an answer-sized row left one row of names in sight, a
            # "small" one two and a half under the kana rows on 1280×1024.
            button = WrapButton(f"list_{entry.code}", entry.name, role="small")
            set_compact(button)
            button.setCheckable(True)
            button.setChecked(entry.code == self.selected)
            button.setAccessibleName(entry.name)
            button.clicked.connect(lambda _=False, e=entry: self.chosen.emit(e))
            # A page of 60 banks scrolls; it is never squeezed below a finger's size.
            self.grid.addWidget(button, n // _COLUMNS, n % _COLUMNS)
            button.setMinimumHeight(target)
            self.buttons[entry.code] = button
        self.grid.activate()  # laid out now: the first picture of the page shows the names
        self.area.verticalScrollBar().setValue(0)

    # -- scripted runs -----------------------------------------------------------------
    def taps_for(self, entry: Entry) -> list[str]:
        """From the view shown now to `entry`'s button (the runner pages it into view)."""
        if entry.code in self.buttons:
            return [f"list_{entry.code}"]
        if entry in self.first:
            return ["list_first", f"list_{entry.code}"]
        taps = [] if entry.row == self.view else [f"list_row_{entry.row}"]
        first_letter = self._initials(entry.row)[:1]
        now = self.initial if entry.row == self.view else (first_letter[0] if first_letter else "")
        if entry.initial != now:
            taps.append(f"list_initial_{entry.initial}")
        return [*taps, f"list_{entry.code}"]
