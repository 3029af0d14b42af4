"""Choosing a nationality or region (国籍・地域) by touch, in the resident's language.

The shortlist (the nationalities most residents give, from the data dictionary) shows
first; index buttons above the list open the countries under one letter of the
resident's language (A–Z, the 50-on row in Japanese, the initial consonant in Korean).
Buttons: `country_group_common`, `country_group_<letter>`, `country_<CODE>` (ISO 3166-1,
e.g. `country_BR`). `country_chosen` carries the code.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from forms import countries
from ui.widgets.address_picker import kana_row
from ui.widgets.flow_row import FlowRow
from ui.widgets.layouts import clear_layout
from ui.widgets.paged_scroll import paged_grid
from ui.widgets.tile import WrapButton

COMMON = "common"
#: Two columns: long names (中華人民共和国香港特別行政区, Saint Vincent and the
#: Grenadines) wrap inside their button instead of running off the display.
_COLUMNS = 2


class CountryListWidget(QWidget):
    country_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("country_list")
        self.language = "ja"  # the names listed in it (not `locale`: QWidget.locale())
        self.shortlist: tuple[str, ...] = ()
        self.common_label = "★"
        self.group = COMMON
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.groups = FlowRow()  # index letters: more lines where one does not fit
        layout.addWidget(self.groups)
        pager, self.area, self.grid = paged_grid(12, top=True)
        layout.addWidget(pager, 1)

    def reset(self, locale: str, shortlist: Sequence[str], common_label: str) -> None:
        self.language = locale
        self.shortlist = tuple(c for c in shortlist if countries.is_code(c))
        self.common_label = common_label
        self.show_group(COMMON if self.shortlist else self._letters()[0])

    # -- what is listed ----------------------------------------------------------------------
    def _group_of(self, code: str) -> str:
        return countries.group_of(code, self.language, kana_row)

    def _letters(self) -> list[str]:
        # Code point order is the alphabet's order for each index used: A–Z, ア–ワ,
        # ㄱ–ㅎ, Devanagari.
        return sorted({self._group_of(c) for c in countries.codes()})

    def codes_in(self, group: str) -> list[str]:
        if group == COMMON:
            return list(self.shortlist)
        found = [c for c in countries.codes() if self._group_of(c) == group]
        return sorted(found, key=lambda c: countries.sort_key(c, self.language))

    def show_group(self, group: str) -> None:
        self.group = group
        self.groups.clear()
        entries = [(COMMON, self.common_label)] if self.shortlist else []
        entries += [(g, g) for g in self._letters()]
        self.groups.add_index("country_group", entries, group, self.show_group, min_width=72)
        self.groups.relayout()
        clear_layout(self.grid)
        for n, code in enumerate(self.codes_in(group)):
            button = WrapButton(f"country_{code}", countries.name(code, self.language))
            button.clicked.connect(lambda _=False, c=code: self.country_chosen.emit(c))
            self.grid.addWidget(button, n // _COLUMNS, n % _COLUMNS)
        self.area.verticalScrollBar().setValue(0)

    # -- scripted runs -----------------------------------------------------------------------
    def taps_for(self, code: str) -> list[str]:
        """The taps that choose `code` from the list as shown now."""
        if not countries.is_code(code):
            raise ValueError(f"{code!r}: not an ISO 3166-1 code of a nationality or region")
        if code in self.codes_in(self.group):
            return [f"country_{code}"]
        group = COMMON if code in self.shortlist else self._group_of(code)
        return [f"country_group_{group}", f"country_{code}"]
