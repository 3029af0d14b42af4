"""Entering any address in Japan without typing kanji: prefecture, then 市区町村, then
town from Japan Post's lists (kiosk.postal), then the 番地 on the keyboard.

Buttons: `pref_<n>` (47 prefectures), `city_row_<カ>` / `city_<n>`, `town_row_<カ>` /
`town_<n>`, `town_none` (a town not in the list: go on to the 番地), `address_up` (one
step back), and on the last step the keyboard and `answer_ok`. The widget holds only
the address being built; `address_chosen` carries the finished text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.postal import PREFECTURES, municipalities, split_address, towns
from ui.widgets.buttons import role_label, set_button_text, touch_button
from ui.widgets.flow_row import FlowRow
from ui.widgets.kana_keyboard import KanaKeyboardWidget, text_taps
from ui.widgets.layouts import clear_layout
from ui.widgets.paged_scroll import FittedColumns, paged_grid

#: First letters of the 50-on rows, for long lists.
KANA_ROWS = "アカサタナハマヤラワ"
_ROW_LETTERS = [
    "アイウエオヴ", "カキクケコガギグゲゴ", "サシスセソザジズゼゾ", "タチツテトダヂヅデド",
    "ナニヌネノ", "ハヒフヘホバビブベボパピプペポ", "マミムメモ", "ヤユヨ", "ラリルレロ", "ワヲン",
]  # fmt: skip
_ROW_OF = {ch: row for row, letters in zip(KANA_ROWS, _ROW_LETTERS, strict=True) for ch in letters}


def kana_row(reading: str) -> str:
    """イイダバシ → ア (the 50-on row a name is listed under)."""
    return _ROW_OF.get(reading[:1], "ワ") if reading else "ワ"


class AddressPickerWidget(QWidget):
    address_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("address_picker")
        self.prefecture = ""
        self.city = ""
        self.town = ""
        self.row = ""
        self.stage = "prefecture"
        self.words = {"up": "もどる", "none": "リストにない", "ok": "決定", "rest": "番地"}
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.up = touch_button("address_up", role="small")
        self.up.clicked.connect(self.go_up)
        self.path = role_label(role="value", name="address_so_far")
        top.addWidget(self.up)
        top.addWidget(self.path, 1)
        layout.addLayout(top)
        self.rows = FlowRow()  # 50-on rows: more lines where one does not fit
        layout.addWidget(self.rows)
        pager, area, self.grid = paged_grid(10)
        self.columns = FittedColumns(area, self.grid, 6)
        layout.addWidget(pager, 1)
        self.keyboard = KanaKeyboardWidget(max_length=40)
        self.ok = touch_button("answer_ok", role="primary")
        self.ok.clicked.connect(self._commit)
        self.keyboard.display_row.addWidget(self.ok)
        layout.addWidget(self.keyboard)
        self.area = area
        #: What the list shows (step, choices so far, 50-on row, words): drawn again
        #: only when that changes (47 prefectures were rebuilt for every question).
        self._listed: tuple[str, ...] | None = None
        self.reset()

    def retranslate(self, up: str, none: str, ok: str) -> None:
        words = {**self.words, "up": up, "none": none, "ok": ok}
        if words != self.words:
            self.words = words
            self._draw()

    def reset(self) -> None:
        self.prefecture = self.city = self.town = self.row = ""
        self.stage = "prefecture"
        self.keyboard.reset("")
        self._draw()

    # -- moving through the steps ---------------------------------------------------------
    def go_up(self) -> None:
        back = {"city": "prefecture", "town": "city", "rest": "town" if self.city else "city"}
        self.stage = back.get(self.stage, "prefecture")
        self.row = ""
        self._draw()

    def _choose_prefecture(self, prefecture: str) -> None:
        self.prefecture, self.city, self.town, self.row = prefecture, "", "", ""
        self.stage = "city"
        self._draw()

    def _choose_city(self, city: str) -> None:
        self.city, self.town, self.row = city, "", ""
        self.stage = "town" if towns(self.prefecture + city) else "rest"
        self._draw()

    def _choose_town(self, town: str) -> None:
        self.town = town
        self.stage = "rest"
        self._draw()

    def _commit(self) -> None:
        self.address_chosen.emit(
            self.prefecture + self.city + self.town + self.keyboard.text.strip()
        )

    # -- drawing -----------------------------------------------------------------------------
    def _draw(self) -> None:
        set_button_text(self.up, self.words["up"])
        set_button_text(self.ok, self.words["ok"])
        self.up.setVisible(self.stage != "prefecture")
        self.path.setText(self.prefecture + self.city + self.town or "　")
        self.path.setAccessibleName(self.path.text())
        rest = self.stage == "rest"
        self.keyboard.setVisible(rest)
        self.area.setVisible(not rest)
        if self._listing() == self._listed:
            return
        self.rows.clear()
        clear_layout(self.grid)
        if self.stage == "prefecture":
            self._buttons("pref", list(PREFECTURES), self._choose_prefecture, columns=6)
        elif self.stage == "city":
            entries = [(m.city, m.city_kana) for m in municipalities(self.prefecture)]
            self._by_row("city", entries, self._choose_city)
        elif self.stage == "town":
            entries = [(t.town, t.town_kana) for t in towns(self.prefecture + self.city)]
            unique = list(dict.fromkeys(entries))
            self._by_row("town", unique, self._choose_town)
            none = touch_button("town_none", self.words["none"], role="small")
            none.clicked.connect(lambda: self._choose_town(""))
            self.rows.add(none, stretch=0)
        self.rows.relayout()
        self._listed = self._listing()  # its row: the one the list opened at, if none chosen

    def _listing(self) -> tuple[str, ...]:
        return (self.stage, self.prefecture, self.city, self.row, self.words["none"])

    def _buttons(
        self,
        prefix: str,
        labels: Sequence[str],
        choose: Callable[[str], None],
        columns: int = 4,
        numbers: Sequence[int] | None = None,
    ) -> None:
        for n, label in enumerate(labels):
            index = numbers[n] if numbers is not None else n
            button = touch_button(f"{prefix}_{index}", label, role="small")
            button.clicked.connect(lambda _=False, v=label: choose(v))
            self.grid.addWidget(button, n // columns, n % columns)
        self.columns.set_most(columns)  # fewer where the display is narrow

    def _by_row(
        self, prefix: str, entries: list[tuple[str, str]], choose: Callable[[str], None]
    ) -> None:
        """Long lists: one button per 50-on row, then the names in the chosen row."""
        rows = sorted({kana_row(kana) for _, kana in entries}, key=KANA_ROWS.index)
        if not self.row or self.row not in rows:
            self.row = rows[0] if rows else ""
        self.rows.add_index(f"{prefix}_row", [(r, r) for r in rows], self.row, self._set_row)
        shown = [(i, name) for i, (name, kana) in enumerate(entries) if kana_row(kana) == self.row]
        self._buttons(
            prefix, [name for _, name in shown], choose, columns=3, numbers=[i for i, _ in shown]
        )

    def _set_row(self, row: str) -> None:
        self.row = row
        self._draw()

    # -- scripted runs -----------------------------------------------------------------------
    def taps_for(self, address: str) -> list[str]:
        """The taps that enter `address` from the first step (scripted runs)."""

        prefecture, city, town, rest = split_address(address)
        if not prefecture or not city:
            raise ValueError(f"{address!r}: no such prefecture and municipality")
        taps = [f"pref_{PREFECTURES.index(prefecture)}"]
        cities = [(m.city, m.city_kana) for m in municipalities(prefecture)]
        index = [c for c, _ in cities].index(city)
        row = kana_row(cities[index][1])
        first_row = sorted({kana_row(k) for _, k in cities}, key=KANA_ROWS.index)[0]
        taps += ([] if row == first_row else [f"city_row_{row}"]) + [f"city_{index}"]
        town_entries = list(dict.fromkeys((t.town, t.town_kana) for t in towns(prefecture + city)))
        if town_entries:
            if town:
                index = [t for t, _ in town_entries].index(town)
                row = kana_row(town_entries[index][1])
                first_row = sorted({kana_row(k) for _, k in town_entries}, key=KANA_ROWS.index)[0]
                taps += ([] if row == first_row else [f"town_row_{row}"]) + [f"town_{index}"]
            else:
                taps.append("town_none")
        digits = self.keyboard.digits_view()
        return [*taps, *text_taps(rest, alphabet=False, digits=digits), "answer_ok"]
