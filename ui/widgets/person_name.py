"""Entering a name in kanji without an input method: type each part's reading on the
kana keyboard, then tap the kanji the name dictionary offers (kiosk.names).

Buttons: `name_part_surname` / `name_part_given` choose the part being typed,
`kanji_<n>` picks the n-th candidate for it, `complete_<n>` the n-th name its reading
so far goes on to (イチ → 一郎, read イチロウ: the rest of the reading need not be
typed), `kanji_keep` keeps the part in katakana (staff will check it); the candidates
page in one line, `kanji_page_prev` / `kanji_page_next`. The widget holds only what is being typed; `name_chosen`
carries the finished name and its reading (surname and given name joined by a
full-width space).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QMargins, QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from i18n.ruby import plain, spoken
from kiosk import names
from kiosk.names import NameKind
from ui.widgets.buttons import set_button_text, set_compact, touch_button
from ui.widgets.kana_keyboard import KanaKeyboardWidget, text_taps
from ui.widgets.paged_row import PagedRow

PARTS: tuple[NameKind, ...] = ("surname", "given")
#: A bound against a stuck key, far beyond any name (the forms' limit is the data's).
MAX_TYPED = 100
#: Candidates shown at once (the most common spellings come first), completions included.
MAX_CANDIDATES = 8
#: Of those, at most this many names the reading typed so far goes on to.
MAX_COMPLETIONS = 4


def offered(reading: str, part: NameKind) -> tuple[list[str], list[tuple[str, str]]]:
    """What the candidate row shows for `reading`: spellings of it, and names that go
    on from it as (spelling, whole reading); MAX_CANDIDATES in all."""
    if not reading or not names.available():
        return [], []
    completions = names.name_completions(reading, part, limit=MAX_COMPLETIONS)
    exact = names.kanji_candidates(reading, part, limit=MAX_CANDIDATES - len(completions))
    return exact, completions


@dataclass
class _Part:
    reading: str = ""
    written: str = ""  # the kanji chosen, or "" while only the reading is known


class PersonNameWidget(QWidget):
    name_chosen = Signal(str, str)  # name, reading

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("person_name")
        self.parts = {p: _Part() for p in PARTS}
        self.active: NameKind = "surname"
        self.labels = {"surname": "姓", "given": "名", "keep": "カナのまま", "ok": "決定"}
        # A line of keys less each for the tabs, the candidates and the keyboard, so
        # that 消す and 決定 stay in sight with kanji offered (834 px high at the
        # largest text on 1280×1024, where the body shows 550; below the fold even
        # at the standard size): the tabs as high as a key, the candidates one line
        # that pages, 決定 with the keyboard's controls (beside the letters on a wide
        # display: the keyboard's own choice).
        layout = self.column = QVBoxLayout(self)
        layout.setContentsMargins(QMargins())
        self.top = QHBoxLayout()
        self.part_buttons: dict[NameKind, QPushButton] = {}
        for part in PARTS:
            button = touch_button(f"name_part_{part}", checkable=True)
            set_compact(button)
            # A long name must not widen the screen past the display: the button
            # takes the room there is and shows the end of the name (the part typed).
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, p=part: self.select(p))
            button.installEventFilter(self)  # resized: as much of the name as fits
            self.top.addWidget(button, 1)
            self.part_buttons[part] = button
        layout.addLayout(self.top)
        # One line of a fixed height that pages: nothing under it moves as it fills
        # (a wrapping row pushed the keyboard's last line below the fold).
        self.candidates = PagedRow("kanji_page")
        self.candidates.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.candidates)
        self.beside_tabs = False
        # No silent cap per part: a long name is typed whole, and the kiosk says the
        # forms' limit on screen and flags a longer name for staff (never drops keys).
        self.keyboard = KanaKeyboardWidget(max_length=MAX_TYPED, digits=False)
        self.keyboard.display.hide()  # the part buttons above show what is typed
        self.keyboard.text_changed.connect(self._typed)
        if (box := self.keyboard.layout()) is not None:
            box.setContentsMargins(QMargins())
        layout.addWidget(self.keyboard)
        self.ok = touch_button("answer_ok", role="primary")
        set_compact(self.ok)
        self.ok.clicked.connect(self.commit)
        self.keyboard.side.addWidget(self.ok)

    def set_beside_tabs(self, beside: bool) -> None:
        """The candidates beside the tabs (a line less, paging sooner: the largest
        text's), or on a line of their own under them, the whole width."""
        if beside == self.beside_tabs:
            return
        self.beside_tabs = beside
        self.top.removeWidget(self.candidates)
        self.column.removeWidget(self.candidates)
        if beside:
            self.top.addWidget(self.candidates, 3)
        else:
            self.column.insertWidget(1, self.candidates)
        self._redraw()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched in self.part_buttons.values():
            self._label_parts()
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._label_parts()  # the part buttons show as much of the name as now fits

    def retranslate(self, surname: str, given: str, keep: str, ok: str) -> None:
        self.labels = {"surname": surname, "given": given, "keep": keep, "ok": ok}
        self._redraw()

    def reset(self, name: str = "", reading: str = "") -> None:
        """Start empty, or from a known answer (surname and given name by the space), or
        from a surname alone (a family member's): then on the given name, to be typed."""
        written = ([*name.replace(" ", "\u3000").split("\u3000", 1), ""])[:2]
        read = ([*reading.replace(" ", "\u3000").split("\u3000", 1), ""])[:2]
        self.parts = {p: _Part(read[i], written[i]) for i, p in enumerate(PARTS)}
        surname_only = bool(written[0]) and not (written[1] or read[1])
        self.active = "given" if surname_only else "surname"
        # The keyboard still holds the last name typed: quiet while it is reset, or
        # its echo would become this name's reading.
        self.keyboard.blockSignals(True)
        self.keyboard.set_alphabet(False)
        self.keyboard.reset(self.parts[self.active].reading)
        self.keyboard.blockSignals(False)
        self._redraw()

    def select(self, part: NameKind) -> None:
        self.active = part
        self.keyboard.blockSignals(True)
        self.keyboard.reset(self.parts[part].reading)
        self.keyboard.blockSignals(False)
        self._redraw()

    def _typed(self, text: str) -> None:
        part = self.parts[self.active]
        if text != part.reading:
            part.reading = text
            part.written = ""
            self._redraw()

    def _complete(self, written: str, reading: str) -> None:
        """A name the reading typed goes on to: its whole reading too."""
        self.parts[self.active].reading = reading
        self.keyboard.blockSignals(True)
        self.keyboard.reset(reading)
        self.keyboard.blockSignals(False)
        self._pick(written)

    def _pick(self, written: str) -> None:
        self.parts[self.active].written = written
        if self.active == "surname" and not self.parts["given"].written:
            self.select("given")  # on to the given name by itself
        else:
            self._redraw()

    def commit(self) -> None:
        written = [self.parts[p].written or self.parts[p].reading for p in PARTS]
        reading = [names.to_katakana(self.parts[p].reading) for p in PARTS]
        name = "\u3000".join(w for w in written if w)
        self.name_chosen.emit(name, "\u3000".join(r for r in reading if r))

    def candidates_for(self, part: NameKind) -> list[str]:
        return offered(self.parts[part].reading, part)[0]

    def _label_parts(self) -> None:
        for part, button in self.part_buttons.items():
            p = self.parts[part]
            shown = p.written or p.reading or "—"
            # A plain button: readings in place of kanji (やさしい日本語), as set_button_text.
            text = f"{spoken(self.labels[part])}：{shown}"
            # Until laid out the button's width means nothing: the whole text then.
            room = max(40, button.width() - 40)  # padding, border
            room = room if button.isVisible() else 100000
            elided = button.fontMetrics().elidedText(text, Qt.TextElideMode.ElideLeft, room)
            set_button_text(button, elided)
            button.setAccessibleName(f"{plain(self.labels[part])}：{shown}")
            button.setChecked(part == self.active)
            # Beside the candidates: the part being typed the wider.
            stretch = (3 if part == self.active else 2) if self.beside_tabs else 1
            self.top.setStretch(self.top.indexOf(button), stretch)

    def _redraw(self) -> None:
        self._label_parts()
        set_button_text(self.ok, self.labels["ok"])
        self.ok.setEnabled(bool(self.parts["surname"].reading or self.parts["surname"].written))
        self.candidates.clear()
        exact, completions = offered(self.parts[self.active].reading, self.active)
        for i, written in enumerate(exact):
            button = touch_button(f"kanji_{i}", written, role="kbd", checkable=True)
            set_compact(button)
            button.setChecked(written == self.parts[self.active].written)
            button.clicked.connect(lambda _=False, w=written: self._pick(w))
            self.candidates.add(button, stretch=0)
        for i, (written, reading) in enumerate(completions):
            button = touch_button(f"complete_{i}", written, role="kbd")
            set_compact(button)
            button.setAccessibleName(f"{written}（{reading}）")
            button.clicked.connect(lambda _=False, w=written, r=reading: self._complete(w, r))
            self.candidates.add(button, stretch=0)
        reading = self.parts[self.active].reading
        if reading:
            # In one line the long "カナのまま（窓口で漢字を確認）" does not fit: the
            # katakana itself, as an input method offers it (its name says the rest).
            katakana = names.to_katakana(reading)
            keep = touch_button("kanji_keep", katakana, role="kbd")
            keep.setAccessibleName(f"{katakana}（{plain(self.labels['keep'])}）")
            set_compact(keep)
            keep.clicked.connect(lambda: self._pick(self.parts[self.active].reading))
            self.candidates.add(keep, stretch=0)
        self.candidates.relayout()

    def taps_for(self, name: str, reading: str) -> list[str]:
        """Scripted runs: the taps that enter `name` read as `reading`."""

        written = name.replace(" ", "\u3000").split("\u3000", 1)
        read = reading.replace(" ", "\u3000").split("\u3000", 1)
        taps: list[str] = []
        active = self.active
        for i, part in enumerate(PARTS[: len(written)]):
            held = self.parts[part]
            wanted = names.to_katakana(read[i]) if i < len(read) else ""
            if held.written == written[i] and names.to_katakana(held.reading) == wanted:
                continue  # already there (a surname from the family's name)
            if part != active:
                taps.append(f"name_part_{part}")
            # What the part holds is deleted before its reading is typed.
            taps += ["kb_delete"] * len(held.reading)
            taps += _part_taps(written[i], wanted, part)
            # After the surname is picked the widget moves on to the given name by itself.
            active = "given" if part == "surname" and not self.parts["given"].written else part
        return [*taps, "answer_ok"]


def _part_taps(written: str, reading: str, part: NameKind) -> list[str]:
    """The fewest taps that give one part: the start of its reading and the name it
    goes on to, else the whole reading and its spelling (or katakana kept)."""
    for end in range(1, len(reading)):
        completions = offered(reading[:end], part)[1]
        if (written, reading) in completions:
            return [
                *text_taps(reading[:end], alphabet=False),
                f"complete_{completions.index((written, reading))}",
            ]
    exact = offered(reading, part)[0]
    pick = f"kanji_{exact.index(written)}" if written in exact else "kanji_keep"
    return [*text_taps(reading, alphabet=False), pick]
