"""Entering a name in kanji without an input method: type each part's reading on the
kana keyboard, then tap the kanji the name dictionary offers (kiosk.names).

Buttons: `name_part_surname` / `name_part_given` choose the part being typed,
`kanji_<n>` picks the n-th candidate for it, `complete_<n>` the n-th name its reading
so far goes on to (イチ → 一郎, read イチロウ: the rest of the reading need not be
typed), `kanji_keep` keeps the part in katakana (staff will check it); at the largest
text (`set_compact`) the candidates page in one line, `kanji_page_prev` /
`kanji_page_next`. The widget holds only what is being typed; `name_chosen`
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
from ui.widgets.buttons import set_button_text, touch_button
from ui.widgets.flow_row import FlowRow
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
        layout = QVBoxLayout(self)
        self.top = QHBoxLayout()
        self.part_buttons: dict[NameKind, QPushButton] = {}
        for part in PARTS:
            button = touch_button(f"name_part_{part}", checkable=True)
            # A long name must not widen the screen past the display: the button
            # takes the room there is and shows the end of the name (the part typed).
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, p=part: self.select(p))
            button.installEventFilter(self)  # resized: as much of the name as fits
            self.top.addWidget(button, 1)
            self.part_buttons[part] = button
        self.ok = touch_button("answer_ok", role="primary")
        self.ok.clicked.connect(self.commit)
        self.top.addWidget(self.ok)
        layout.addLayout(self.top)
        # Candidates wrap onto more lines rather than run off the display's edge; at
        # the largest text they page in one line of a fixed height instead (`compact`).
        self.wrapping = FlowRow()
        layout.addWidget(self.wrapping)
        self.strip = PagedRow("kanji_page")
        # Its share of the line, whatever it holds: nothing beside it moves as it fills.
        self.strip.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.strip.hide()
        # No silent cap per part: a long name is typed whole, and the kiosk says the
        # forms' limit on screen and flags a longer name for staff (never drops keys).
        self.keyboard = KanaKeyboardWidget(max_length=MAX_TYPED, digits=False)
        self.keyboard.display.hide()  # the part buttons above show what is typed
        self.keyboard.text_changed.connect(self._typed)
        layout.addWidget(self.keyboard)
        self.compact = False
        self.wide: bool | None = None
        boxes = [layout, self.keyboard.layout()]
        self._margins = [(box, box.contentsMargins()) for box in boxes if box is not None]

    @property
    def candidates(self) -> FlowRow:
        """The row the candidates show in (wrapping, or paged when compact)."""
        return self.strip if self.compact else self.wrapping

    def set_compact(self, compact: bool) -> None:
        """At the largest text the parts, the candidates and the keyboard take a line
        of keys less each, so that 消す and 決定 stay in sight with kanji offered
        (834 px high at 1280×1024, where the body shows 550): the tabs and 決定 as high
        as a key, the candidates one line beside the tabs that pages (PagedRow), 決定
        with the keyboard's controls, and those beside the letters on a wide display."""
        if compact == self.compact:
            return
        self.compact = compact
        for button in (*self.part_buttons.values(), self.ok):
            _set_compact(button, compact)
        self.wrapping.clear()
        self.strip.clear()
        for box, margins in self._margins:
            box.setContentsMargins(QMargins() if compact else margins)
        self.top.removeWidget(self.ok)
        self.top.removeWidget(self.strip)
        self.keyboard.side.removeWidget(self.ok)
        if compact:
            self.top.addWidget(self.strip, 3)
            self.keyboard.side.addWidget(self.ok)
        else:
            self.top.addWidget(self.ok)
        self.strip.setVisible(compact)
        self.wrapping.setVisible(not compact)
        self.wide = None
        self._place_controls()
        self._redraw()

    def _place_controls(self) -> None:
        """Compact: the controls (and 決定) beside the letters where the width holds
        them two a line (a landscape display), else under them."""
        letters = self.keyboard.pages.minimumSizeHint().width()
        wide = self.compact and self.width() >= letters + self.keyboard.side_width() + 24
        if wide != self.wide:
            self.wide = wide
            self.keyboard.place_controls(wide)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched in self.part_buttons.values():
            self._label_parts()
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_controls()
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
            room = max(40, button.width() - (40 if self.compact else 48))  # padding, border
            room = room if button.isVisible() else 100000
            elided = button.fontMetrics().elidedText(text, Qt.TextElideMode.ElideLeft, room)
            set_button_text(button, elided)
            button.setAccessibleName(f"{plain(self.labels[part])}：{shown}")
            button.setChecked(part == self.active)
            # Compact, beside the candidates: the part being typed the wider.
            stretch = (3 if part == self.active else 2) if self.compact else 1
            self.top.setStretch(self.top.indexOf(button), stretch)

    def _redraw(self) -> None:
        self._label_parts()
        set_button_text(self.ok, self.labels["ok"])
        self.ok.setEnabled(bool(self.parts["surname"].reading or self.parts["surname"].written))
        self.candidates.clear()
        exact, completions = offered(self.parts[self.active].reading, self.active)
        for i, written in enumerate(exact):
            button = touch_button(f"kanji_{i}", written, role="kbd", checkable=True)
            _set_compact(button, self.compact)
            button.setChecked(written == self.parts[self.active].written)
            button.clicked.connect(lambda _=False, w=written: self._pick(w))
            self.candidates.add(button, stretch=0)
        for i, (written, reading) in enumerate(completions):
            button = touch_button(f"complete_{i}", written, role="kbd")
            _set_compact(button, self.compact)
            button.setAccessibleName(f"{written}（{reading}）")
            button.clicked.connect(lambda _=False, w=written, r=reading: self._complete(w, r))
            self.candidates.add(button, stretch=0)
        reading = self.parts[self.active].reading
        if reading:
            # In one line the long "カナのまま（窓口で漢字を確認）" does not fit: the
            # katakana itself then, as an input method offers it (its name says the rest).
            keep = touch_button("kanji_keep", self.labels["keep"], role="kbd")
            if self.compact:
                keep.setText(names.to_katakana(reading))
                _set_compact(keep, True)
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


def _set_compact(button: QPushButton, compact: bool) -> None:
    """As high as a key, its words as large (the theme's `compact`)."""
    button.setProperty("compact", compact)
    button.style().unpolish(button)
    button.style().polish(button)


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
