"""On-screen keyboard for names: カタカナ in the 50-on layout, or the alphabet.

Kana keys are named `kana_<char>` (e.g. `kana_ヤ`), letters `alpha_<char>`, plus
`kb_dakuten` (゛), `kb_handakuten` (゜), `kb_small` (小), `kb_space`, `kb_delete`,
`kb_mode` (kana ⇄ alphabet), digits `num_<d>` and `num_hyphen`, and `kb_chome` (丁目),
`kb_ban` (番), `kb_go` (号) for 番地. The widget keeps the text being typed.

A third page holds the accented letters of the Latin-script languages the kiosk speaks
(pt_BR ã õ ç á é í ó ú â ê ô à, es ñ ü, vi ă â đ ê ô ơ ư, fil ñ): keys `accent_<char>`,
and the five Vietnamese tones as marks put on the letter just typed (`tone_grave`,
`tone_acute`, `tone_hook`, `tone_tilde`, `tone_dot`: Ê then ́ gives Ế), reached with
`kb_accents` from the alphabet (and back). A page of its own, not long-press: a long
press is invisible and hard for a trembling finger, and the page is the size of the
alphabet's, so it fits wherever the alphabet fits.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from i18n.ruby import plain
from ui.widgets.buttons import role_label, set_button_text, set_compact, touch_button
from ui.widgets.flow_row import FlowRow
from ui.widgets.typing import typing_relay

#: Columns of the 50-on table, read right to left on paper; here left to right.
KANA_COLUMNS = [
    "アイウエオ", "カキクケコ", "サシスセソ", "タチツテト", "ナニヌネノ",
    "ハヒフヘホ", "マミムメモ", "ヤ ユ ヨ", "ラリルレロ", "ワヲン ー",
]  # fmt: skip
ALPHABET_ROWS = ["ABCDEFGHIJ", "KLMNOPQRST", "UVWXYZ-'. "]
#: Accented capitals, ten a row like the alphabet (Â Ê Ô serve Portuguese and Vietnamese).
ACCENT_ROWS = ["ÁÀÂÃÇÉÊÍÑÓ", "ÔÕÚÜĂĐƠƯ"]
ACCENT_LETTERS = "".join(ACCENT_ROWS)
#: Vietnamese tones: (key name, combining mark, the key's label: the mark on A).
TONES = [
    ("tone_grave", "\u0300", "À"), ("tone_acute", "\u0301", "Á"), ("tone_hook", "\u0309", "Ả"),
    ("tone_tilde", "\u0303", "Ã"), ("tone_dot", "\u0323", "Ạ"),
]  # fmt: skip
_TONE_KEYS = {mark: name for name, mark, _ in TONES}
KANA_PAGE, ALPHABET_PAGE, ACCENT_PAGE = 0, 1, 2
#: Qt's QWIDGETSIZE_MAX (no maximum), which PySide6 does not export.
QWIDGETSIZE_MAX = (1 << 24) - 1
_SMALL = str.maketrans("アイウエオツヤユヨワカケ", "ァィゥェォッャュョヮヵヶ")
_LARGE = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")


def add_tone(char: str, mark: str) -> str:
    """Ê + ́ → Ế; A + ̣ → Ạ. Unchanged when no such letter exists."""
    composed = unicodedata.normalize("NFC", char + mark)
    return composed if len(composed) == 1 else char


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
        # Its screen has the margins: twice over they took the room of the letters' last
        # line on a landscape display at the largest text.
        layout.setContentsMargins(0, 0, 0, 0)
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
        special = {"-": "alpha_hyphen", "'": "alpha_apostrophe", ".": "alpha_dot"}
        alpha, _ = self._letter_page(ALPHABET_ROWS, lambda c: special.get(c, f"alpha_{c}"))
        accents, cgrid = self._letter_page(ACCENT_ROWS, lambda c: f"accent_{c}")
        for col, (name, mark, label) in enumerate(TONES):
            key = touch_button(name, label, role="kbd")
            key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            key.clicked.connect(lambda _=False, m=mark: self._tone(m))
            cgrid.addWidget(key, len(ACCENT_ROWS), col)
        self.pages.addWidget(kana)
        self.pages.addWidget(alpha)
        self.pages.addWidget(accents)
        # Digits and the hyphen on every page: 番地 (1-2-3), room numbers, 2丁目. Above
        # the letters, as on a PC keyboard: a 番地 is typed without scrolling to them.
        # Both rows wrap onto another line where the display is too narrow (largest
        # text, portrait): a key past the right edge is a key nobody can reach.
        self.address_keys: list[QPushButton] = []
        if digits:
            numbers = FlowRow()
            numbers.balanced = True  # wrapped at the larger sizes: 7 + 7, not 13 + 号
            for char in "1234567890":
                numbers.add(self._key(f"num_{char}", char))
            numbers.add(self._key("num_hyphen", "-"))
            for char, name in (("丁目", "kb_chome"), ("番", "kb_ban"), ("号", "kb_go")):
                key = self._key(name, char)
                self.address_keys.append(key)
                numbers.add(key)
            self.number_row = numbers
            layout.addWidget(numbers)
        #: The letters and, under them or beside them (`place_controls`), the controls.
        self.keys = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.keys.setSpacing(layout.spacing())
        self.keys.addWidget(self.pages)
        layout.addLayout(self.keys)
        controls = FlowRow()
        self.mode = touch_button("kb_mode", "ABC", role="small")
        set_compact(self.mode)
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
        self.accents = self._control("kb_accents", "ÀÉÑ", self._toggle_accents)
        # Digits and letters a key apart (`set_digits_apart`): 123 ⇄ カナ (or ABC).
        self.digits_key = self._control("kb_digits", "123", self._toggle_digits)
        for w in (
            self.digits_key, self.mode, self.accents, self.dakuten, self.handakuten,
            self.small, self.space, self.delete,
        ):  # fmt: skip
            controls.add(w, stretch=3 if w is self.space else 1)
        self.controls = controls
        #: The controls, and what a screen puts after them (beside: under them).
        self.side = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.side.setSpacing(layout.spacing())
        self.side.addWidget(controls, 1)
        self.keys.addLayout(self.side)
        self.beside = False
        self.digits_wanted = digits
        self.digits_apart = False
        self.on_digits = False
        self._redraw()

    def _letter_page(
        self, rows: list[str], name_of: Callable[[str], str]
    ) -> tuple[QWidget, QGridLayout]:
        """A page of letter keys, ten a row like the paper alphabet (a space: no key)."""
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        for row, letters in enumerate(rows):
            for col, char in enumerate(letters):
                if char != " ":
                    grid.addWidget(self._key(name_of(char), char), row, col)
        return page, grid

    def _key(self, name: str, char: str) -> QPushButton:
        button = touch_button(name, char, role="kbd")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self.type_text(char))
        return button

    def _control(self, name: str, label: str, slot: Callable[[], object]) -> QPushButton:
        button = touch_button(name, label, role="small")
        # As high as a letter's key: four lines of taller controls beside the five
        # lines of letters ran below the fold at the largest text.
        set_compact(button)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    def retranslate(
        self,
        mode_kana: str,
        mode_alpha: str,
        space: str,
        delete: str,
        delete_key: str = "消す",
        accents: str = "",
        digits: str = "",
    ) -> None:
        self._mode_labels = (mode_alpha, mode_kana, mode_kana)
        self._accents_name = accents
        self._digits_name = digits
        self.space.setAccessibleName(plain(space))
        set_button_text(self.delete, delete_key)
        self.delete.setAccessibleName(plain(delete))
        self._redraw()
        self._place_controls()  # the controls' words, and so their width, changed

    def side_width(self) -> int:
        """The width of the controls beside the letters: two keys a line."""
        widest = max(w.sizeHint().width() for w in self.controls.items)
        return 2 * widest + self.controls.spacing

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_controls()

    def _place_controls(self) -> None:
        """The controls (and what a screen put after them, 決定) beside the letters
        where the width holds them two a line (a landscape display): a line of keys
        less, or 消す went below the fold under a 番地's digits or a name's kanji;
        else under them."""
        letters = self.pages.minimumSizeHint().width()
        shown = self.digits_view() != "shown"  # beside the digits alone: a lone column
        box = self.layout()
        margins = box.contentsMargins() if box is not None else None
        frame = margins.left() + margins.right() if margins is not None else 0
        # All the row takes beside: the gap between, the layout's margins, some slack
        # (counted short, the keyboard ran 2 px past a body 1280 px wide).
        need = letters + self.keys.spacing() + self.side_width() + frame + 24
        beside = shown and self.width() >= need
        if beside != self.beside:
            self.place_controls(beside)

    def place_controls(self, beside: bool) -> None:
        """The controls beside the letters, or under them."""
        self.beside = beside
        direction = QBoxLayout.Direction.LeftToRight
        self.keys.setDirection(direction if beside else QBoxLayout.Direction.TopToBottom)
        self.side.setDirection(
            QBoxLayout.Direction.TopToBottom if beside else QBoxLayout.Direction.LeftToRight
        )
        width = self.side_width() if beside else 0
        self.controls.setMinimumWidth(width)
        self.controls.setMaximumWidth(width or QWIDGETSIZE_MAX)
        for key in self.controls.items:  # two keys a line, each as wide
            key.setMinimumWidth((width - self.controls.spacing) // 2 if beside else 0)
        self.controls.relayout()

    def show_digits(self, shown: bool) -> None:
        """The number row only where digits belong (an address, not a reading): one
        row less keeps the whole keyboard on the display at the largest text."""
        self.digits_wanted = shown and hasattr(self, "number_row")
        self._redraw()

    def set_digits_apart(self, apart: bool, *, digits_first: bool = True) -> None:
        """The digits (with 丁目 番 号) and the letters a key apart: at the larger text
        sizes both, one under the other, ran below the fold. `digits_first` for a 番地
        (its kana a tap away); a name opens on its letters."""
        self.digits_apart = apart
        self.on_digits = apart and digits_first
        self._redraw()

    def digits_view(self) -> str:
        """`row` (the digits above the letters), `shown` or `hidden` (apart: the digits
        shown, or the letters): where scripted taps start (text_taps)."""
        if not (self.digits_apart and self.digits_wanted):
            return "row"
        return "shown" if self.on_digits else "hidden"

    def _toggle_digits(self) -> None:
        self.on_digits = not self.on_digits
        self._redraw()

    def set_alphabet(self, alphabet: bool) -> None:
        self.pages.setCurrentIndex(1 if alphabet else 0)
        self._redraw()

    def toggle_mode(self) -> None:
        self.set_alphabet(self.pages.currentIndex() == KANA_PAGE)

    def _toggle_accents(self) -> None:
        on_accents = self.pages.currentIndex() == ACCENT_PAGE
        self.pages.setCurrentIndex(ALPHABET_PAGE if on_accents else ACCENT_PAGE)
        self._redraw()

    def _tone(self, mark: str) -> None:
        if self.text:
            self.text = self.text[:-1] + add_tone(self.text[-1], mark)
            self._redraw()

    def reset(self, text: str = "") -> None:
        self.text = text
        self._redraw()

    def type_text(self, chars: str) -> None:
        if len(self.text) + len(chars) <= self.max_length:
            self.text += chars
            self._redraw()
            typing_relay().typed.emit(self, chars)

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
            latin = self.pages.currentIndex() != KANA_PAGE
            self.type_text(event.text().upper() if latin else event.text())
        else:
            super().keyPressEvent(event)

    def _redraw(self) -> None:
        self.display.setText(self.text or " ")
        self.display.setAccessibleName(self.text)
        labels = getattr(self, "_mode_labels", ("ABC", "カナ", "カナ"))
        page = self.pages.currentIndex()
        set_button_text(self.mode, labels[page])
        set_button_text(self.accents, "ABC" if page == ACCENT_PAGE else "ÀÉÑ")
        self.accents.setAccessibleName(plain(getattr(self, "_accents_name", "") or self.accents.text()))
        kana_mode = page == KANA_PAGE
        view = self.digits_view()
        on_digits = view == "shown"
        self.accents.setVisible(page != KANA_PAGE and not on_digits)
        # Japanese address words on the kana page only (not on a Latin keyboard).
        for w in self.address_keys:
            w.setVisible(kana_mode)
        for w in (self.dakuten, self.handakuten, self.small):
            w.setVisible(kana_mode and not on_digits)  # marks on the letters only
        self.mode.setVisible(not on_digits)
        self.digits_key.setVisible(view != "row")
        letters = {KANA_PAGE: labels[ALPHABET_PAGE], ALPHABET_PAGE: labels[KANA_PAGE]}
        shown_letters = letters.get(page, labels[KANA_PAGE])  # the letters' own name
        set_button_text(self.digits_key, shown_letters if on_digits else "123")
        digits_name = getattr(self, "_digits_name", "") or "123"
        self.digits_key.setAccessibleName(plain(shown_letters if on_digits else digits_name))
        if hasattr(self, "number_row"):
            self.number_row.setVisible(self.digits_wanted and view != "hidden")
        self.pages.setVisible(not on_digits)
        self._place_controls()
        for row in self.findChildren(FlowRow):
            row.updateGeometry()
            row.relayout()
        self.text_changed.emit(self.text)


_DAKUTEN = "\u3099"
_HANDAKUTEN = "\u309a"
# Not `_SMALL` again: that name is the translation table 小 uses, and rebinding it
# here made the 小 key do nothing on the kiosk (ア stayed ア).
_SMALL_KANA = "ァィゥェォッャュョヮヵヶ"
_SMALL_BASE = "アイウエオツヤユヨワカケ"


def _latin_keys(ch: str) -> tuple[str, list[str]] | None:
    """Ế → ('Ê', [tone_acute]); Ạ → ('A', [tone_dot]); Ç → ('Ç', []): the letter key and
    the tones after it; None when the keyboard cannot type `ch`."""
    decomposed = unicodedata.normalize("NFD", ch.upper())
    base, marks = decomposed[0], decomposed[1:]
    for keep in range(len(marks), -1, -1):
        letter = unicodedata.normalize("NFC", base + marks[:keep])
        rest = marks[keep:]
        plain = keep == 0 and base.isascii() and base.isalpha()
        if (plain or letter in ACCENT_LETTERS) and all(m in _TONE_KEYS for m in rest):
            return letter, [_TONE_KEYS[m] for m in rest]
    return None


def text_taps(
    text: str, *, alphabet: bool, page: int | None = None, digits: str = "row"
) -> list[str]:
    """The taps on this keyboard (and its number row) that type `text`: what a scripted
    run presses, and what the touch counts count. `page`: the page shown now (else the
    alphabet's or the kana's, after `alphabet`); `digits`: where the digits are now
    (KanaKeyboardWidget.digits_view: above the letters, or apart and shown or not)."""
    taps: list[str] = []
    shown = page if page is not None else ALPHABET_PAGE if alphabet else KANA_PAGE

    def view(wanted: str) -> None:
        """The digits (`shown`) or the letters (`hidden`) in sight, where apart."""
        nonlocal digits
        if digits not in ("row", wanted):
            taps.append("kb_digits")
            digits = wanted

    def go(target: int) -> None:
        nonlocal shown
        view("hidden")
        if shown == target:
            return
        if target == KANA_PAGE or shown == KANA_PAGE:
            taps.append("kb_mode")  # kana ⇄ alphabet (the accents page goes to kana)
            shown = ALPHABET_PAGE if shown == KANA_PAGE else KANA_PAGE
        if shown != target:
            taps.append("kb_accents")  # alphabet ⇄ accents
            shown = target

    i = 0
    while i < len(text):
        ch = text[i]
        i += 1
        if ch in (" ", "\u3000"):
            taps.append("kb_space")  # a control: in sight with digits or letters
            continue
        if ch.isdigit() or ch == "-":
            view("shown")
            taps.append("num_hyphen" if ch == "-" else f"num_{ch}")
            continue
        if text.startswith("丁目", i - 1) or ch in "番号":
            if shown != KANA_PAGE:
                go(KANA_PAGE)  # those keys are on the kana page
            view("shown")  # with the digits
            if ch == "丁":
                taps.append("kb_chome")
                i += 1
            else:
                taps.append("kb_ban" if ch == "番" else "kb_go")
            continue
        if ch.isascii():
            go(ALPHABET_PAGE)
            special = {"-": "alpha_hyphen", "'": "alpha_apostrophe", ".": "alpha_dot"}
            taps.append(special.get(ch, f"alpha_{ch.upper()}"))
            continue
        latin = _latin_keys(ch) if unicodedata.category(ch).startswith("L") else None
        if latin is not None and not ("\u3040" <= ch <= "\u30ff"):
            letter, tones = latin
            if letter.isascii():
                go(ALPHABET_PAGE)
                taps.append(f"alpha_{letter}")
            else:
                go(ACCENT_PAGE)
                taps.append(f"accent_{letter}")
            if tones:
                go(ACCENT_PAGE)
                taps += tones
            continue
        go(KANA_PAGE)
        ch = unicodedata.normalize("NFKC", ch)
        if ch in _SMALL_KANA:
            taps += [f"kana_{_SMALL_BASE[_SMALL_KANA.index(ch)]}", "kb_small"]
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        base = decomposed[0]
        taps.append(f"kana_{base}")
        if len(decomposed) > 1:
            taps.append("kb_dakuten" if decomposed[1] == _DAKUTEN else "kb_handakuten")
            assert add_mark(base, decomposed[1]) == ch
    return taps
