"""On-screen keyboard for names: カタカナ in the 50-on layout, or the alphabet.

Kana keys are named `kana_<char>` (e.g. `kana_ヤ`), letters `alpha_<char>`, plus
`kb_dakuten` (゛), `kb_handakuten` (゜), `kb_small` (小), `kb_space`, `kb_delete`,
`kb_mode` (kana ⇄ alphabet), digits `num_<d>` and `num_hyphen`, and `kb_chome` (丁目),
`kb_ban` (番), `kb_go` (号) for 番地. The widget keeps the text being typed.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.buttons import role_label, set_button_text, touch_button
from ui.widgets.flow_row import FlowRow

#: Columns of the 50-on table, read right to left on paper; here left to right.
KANA_COLUMNS = [
    "アイウエオ", "カキクケコ", "サシスセソ", "タチツテト", "ナニヌネノ",
    "ハヒフヘホ", "マミムメモ", "ヤ ユ ヨ", "ラリルレロ", "ワヲン ー",
]  # fmt: skip
ALPHABET_ROWS = ["ABCDEFGHIJ", "KLMNOPQRST", "UVWXYZ-'. "]
_SMALL = str.maketrans("アイウエオツヤユヨワカケ", "ァィゥェォッャュョヮヵヶ")
_LARGE = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")


def add_mark(char: str, mark: str) -> str:
    """カ + ゛ → ガ; ハ + ゜ → パ; ウ + ゛ → ヴ. Unchanged when no such letter exists."""
    base = unicodedata.normalize("NFD", char)[0]
    composed = unicodedata.normalize("NFC", base + mark)
    return composed if len(composed) == 1 else char


class KanaKeyboardWidget(QWidget):
    text_changed = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, *, max_length: int = 60, digits: bool = True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kana_keyboard")
        # The keyboard itself takes the focus (its keys do not): typed keys go to it.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.max_length = max_length
        self.text = ""
        layout = QVBoxLayout(self)
        self.display = role_label(role="value", name="typed_text")
        self.display.setMinimumHeight(72)
        #: The typed text; screens may add their OK button to this row.
        self.display_row = QHBoxLayout()
        self.display_row.addWidget(self.display, 1)
        layout.addLayout(self.display_row)
        self.pages = QStackedWidget()
        kana = QWidget()
        grid = QGridLayout(kana)
        grid.setContentsMargins(0, 0, 0, 0)  # ten columns must fit the largest text
        grid.setSpacing(6)
        for col, letters in enumerate(
            reversed(KANA_COLUMNS)
        ):  # あ column on the right, as on paper
            for row, char in enumerate(letters):
                if char != " ":
                    grid.addWidget(self._key(f"kana_{char}", char), row, col)
        alpha = QWidget()
        agrid = QGridLayout(alpha)
        agrid.setContentsMargins(0, 0, 0, 0)
        agrid.setSpacing(6)
        for row, letters in enumerate(ALPHABET_ROWS):
            for col, char in enumerate(letters):
                name = {
                    "-": "alpha_hyphen",
                    "'": "alpha_apostrophe",
                    ".": "alpha_dot",
                    " ": "",
                }.get(char)
                if name == "":
                    continue
                agrid.addWidget(self._key(name or f"alpha_{char}", char), row, col)
        self.pages.addWidget(kana)
        self.pages.addWidget(alpha)
        layout.addWidget(self.pages)
        # Digits and the hyphen on every page: 番地 (1-2-3), room numbers, 2丁目.
        # Both rows wrap onto another line where the display is too narrow (largest
        # text, portrait): a key past the right edge is a key nobody can reach.
        self.address_keys: list[QPushButton] = []
        if digits:
            row = FlowRow()
            for char in "1234567890":
                row.add(self._key(f"num_{char}", char))
            row.add(self._key("num_hyphen", "-"))
            for char, name in (("丁目", "kb_chome"), ("番", "kb_ban"), ("号", "kb_go")):
                key = self._key(name, char)
                self.address_keys.append(key)
                row.add(key)
            self.number_row = row
            layout.addWidget(row)
        controls = FlowRow()
        self.mode = touch_button("kb_mode", "ABC", role="small")
        self.mode.clicked.connect(self.toggle_mode)
        self.dakuten = self._control("kb_dakuten", "゛", lambda: self._mark("\u3099"))
        self.handakuten = self._control("kb_handakuten", "゜", lambda: self._mark("\u309a"))
        self.small = self._control("kb_small", "小", self._toggle_small)
        self.space = self._control(
            "kb_space",
            "␣",
            lambda: self.type_text("\u3000" if self.pages.currentIndex() == 0 else " "),
        )
        self.delete = self._control("kb_delete", "消す", self.backspace)
        for w in (self.mode, self.dakuten, self.handakuten, self.small, self.space, self.delete):
            controls.add(w, stretch=3 if w is self.space else 1)
        self.controls = controls
        layout.addWidget(controls)
        self._redraw()

    def _key(self, name: str, char: str) -> QPushButton:
        button = touch_button(name, char, role="kbd")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self.type_text(char))
        return button

    def _control(self, name: str, label: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
        button = touch_button(name, label, role="small")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    def retranslate(
        self, mode_kana: str, mode_alpha: str, space: str, delete: str, delete_key: str = "消す"
    ) -> None:
        self._mode_labels = (mode_alpha, mode_kana)
        self.space.setAccessibleName(space)
        set_button_text(self.delete, delete_key)
        self.delete.setAccessibleName(delete)
        self._redraw()

    def show_digits(self, shown: bool) -> None:
        """The number row only where digits belong (an address, not a reading): one
        row less keeps the whole keyboard on the display at the largest text."""
        row = getattr(self, "number_row", None)
        if row is not None:
            row.setVisible(shown)

    def set_alphabet(self, alphabet: bool) -> None:
        self.pages.setCurrentIndex(1 if alphabet else 0)
        self._redraw()

    def toggle_mode(self) -> None:
        self.set_alphabet(self.pages.currentIndex() == 0)

    def reset(self, text: str = "") -> None:
        self.text = text
        self._redraw()

    def type_text(self, chars: str) -> None:
        if len(self.text) + len(chars) <= self.max_length:
            self.text += chars
            self._redraw()

    def backspace(self) -> None:
        self.text = self.text[:-1]
        self._redraw()

    def _mark(self, mark: str) -> None:
        if self.text:
            self.text = self.text[:-1] + add_mark(self.text[-1], mark)
            self._redraw()

    def _toggle_small(self) -> None:
        if self.text:
            last = self.text[-1]
            small = last.translate(_SMALL)
            self.text = self.text[:-1] + (small if small != last else last.translate(_LARGE))
            self._redraw()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Backspace:
            self.backspace()
        elif event.text() and event.text().isprintable():
            self.type_text(event.text().upper() if self.pages.currentIndex() == 1 else event.text())
        else:
            super().keyPressEvent(event)

    def _redraw(self) -> None:
        self.display.setText(self.text or " ")
        self.display.setAccessibleName(self.text)
        labels = getattr(self, "_mode_labels", ("ABC", "カナ"))
        set_button_text(self.mode, labels[self.pages.currentIndex()])
        kana_mode = self.pages.currentIndex() == 0
        # Japanese address words on the kana page only (not on a Latin keyboard).
        for w in (self.dakuten, self.handakuten, self.small, *self.address_keys):
            w.setVisible(kana_mode)
        for row in self.findChildren(FlowRow):
            row.updateGeometry()
            row.relayout()
        self.text_changed.emit(self.text)


_DAKUTEN = "\u3099"
_HANDAKUTEN = "\u309a"
_SMALL = "ァィゥェォッャュョヮヵヶ"
_SMALL_BASE = "アイウエオツヤユヨワカケ"


def text_taps(text: str, *, alphabet: bool) -> list[str]:
    """The taps on this keyboard (and its number row) that type `text`: what a scripted
    run presses, and what the touch counts count."""
    taps: list[str] = []
    mode_alpha = alphabet
    i = 0
    while i < len(text):
        ch = text[i]
        i += 1
        if ch in (" ", "\u3000"):
            taps.append("kb_space")
            continue
        if ch.isdigit() or ch == "-":
            taps.append("num_hyphen" if ch == "-" else f"num_{ch}")
            continue
        if text.startswith("丁目", i - 1) or ch in "番号":
            if mode_alpha:  # those keys are on the kana page
                taps.append("kb_mode")
                mode_alpha = False
            if ch == "丁":
                taps.append("kb_chome")
                i += 1
            else:
                taps.append("kb_ban" if ch == "番" else "kb_go")
            continue
        is_alpha = ch.isascii()
        if is_alpha != mode_alpha:
            taps.append("kb_mode")
            mode_alpha = is_alpha
        if is_alpha:
            special = {"-": "alpha_hyphen", "'": "alpha_apostrophe", ".": "alpha_dot"}
            taps.append(special.get(ch, f"alpha_{ch.upper()}"))
            continue
        ch = unicodedata.normalize("NFKC", ch)
        if ch in _SMALL:
            taps += [f"kana_{_SMALL_BASE[_SMALL.index(ch)]}", "kb_small"]
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        base = decomposed[0]
        taps.append(f"kana_{base}")
        if len(decomposed) > 1:
            taps.append("kb_dakuten" if decomposed[1] == _DAKUTEN else "kb_handakuten")
            assert add_mark(base, decomposed[1]) == ch
    return taps
