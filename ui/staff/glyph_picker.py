"""外字/字形 check: pick the right form of each character of a name or an address.

Every character is a button; those with variants or outside JIS X 0208 (where cards,
fonts and family registers disagree) are marked. Choosing one shows its variants from
`data/glyph_variants.yaml`, large, with their code points; picking a variant puts it in
place. "Checked" saves the value (through the desk: checks, audit, re-render) and
clears the glyph check with a note of what changed. Text is drawn with the UD font and
the IPAmj明朝 fallback, so 𠮷 and 﨑 show as themselves, never as boxes.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from i18n import Translator
from ui.models.answers import AnswerRow
from ui.staff.glyphs import GlyphVariants, code_point, replace_char
from ui.widgets.layouts import clear_layout


class GlyphPickerDialog(QDialog):
    submitted = Signal(str, str, str)  # path, value, note

    def __init__(
        self,
        row: AnswerRow,
        variants: GlyphVariants,
        tr: Translator,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("glyph_dialog")
        self.setWindowTitle(tr("staff.glyph.title", label=row.label))
        self.setMinimumWidth(720)
        self.row, self.variants, self.translator = row, variants, tr
        self.original = "" if row.value is None else str(row.value)
        self.value = self.original
        self.selected: int | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(tr("staff.glyph.intro"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.preview = QLabel()
        self.preview.setObjectName("glyph_preview")
        self.preview.setProperty("role", "glyph")
        layout.addWidget(self.preview)
        self.chars_row = QHBoxLayout()
        self.chars_row.setSpacing(4)
        layout.addLayout(self.chars_row)
        self.variant_caption = QLabel()
        self.variant_caption.setObjectName("variant_caption")
        self.variant_caption.setWordWrap(True)
        layout.addWidget(self.variant_caption)
        self.variants_row = QHBoxLayout()
        layout.addLayout(self.variants_row)
        self.changes = QLabel()
        self.changes.setObjectName("glyph_changes")
        self.changes.setProperty("role", "muted")
        layout.addWidget(self.changes)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setObjectName("dialog_ok")
        ok.setText(tr("staff.glyph.confirm"))
        cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("dialog_cancel")
        cancel.setText(tr("staff.cancel_button"))
        box.accepted.connect(self._submit)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._show_chars()
        first = next((i for i, c in enumerate(self.value) if self.variants.worth_checking(c)), None)
        if first is not None:
            self.select(first)

    # -- what the user does -----------------------------------------------------------

    def select(self, index: int) -> None:
        """Show the variants of the character at `index` (code points, not UTF-16)."""
        self.selected = index
        button = self._group.button(index)
        if button is not None:
            button.setChecked(True)
        self._show_variants()

    def choose(self, char: str) -> None:
        """Put `char` in place of the selected character."""
        if self.selected is None:
            return
        self.value = replace_char(self.value, self.selected, char)
        self._show_chars()
        self.select(self.selected)

    def note(self) -> str:
        changed = [
            f"{a}→{b}（{code_point(b)}）"
            for a, b in zip(self.original, self.value, strict=True)
            if a != b
        ]
        return "、".join(changed) if changed else self.translator("staff.glyph.unchanged")

    # -- drawing ----------------------------------------------------------------------

    def _show_chars(self) -> None:
        for button in self._group.buttons():
            self._group.removeButton(button)
        clear_layout(self.chars_row)
        for i, char in enumerate(self.value):
            button = QPushButton("␣" if char.isspace() else char)
            button.setObjectName(f"char_{i}")
            button.setProperty("role", "char")
            button.setCheckable(True)
            marked = self.variants.worth_checking(char)
            if marked:
                button.setStyleSheet("border: 3px solid #E07B00;")
            button.setToolTip(f"{code_point(char)}" + (" ！" if marked else ""))
            button.setAccessibleName(f"{char} {code_point(char)}")
            button.setEnabled(not char.isspace())
            self._group.addButton(button, i)
            button.clicked.connect(lambda _=False, n=i: self.select(n))
            self.chars_row.addWidget(button)
        self.chars_row.addStretch(1)
        self.preview.setText(self.value or "—")
        self.changes.setText(self.note())

    def _show_variants(self) -> None:
        clear_layout(self.variants_row)
        if self.selected is None or self.selected >= len(self.value):
            return
        char = self.value[self.selected]
        options = self.variants.of(char)
        note = self.variants.note(char)
        if options:
            self.variant_caption.setText(
                self.translator("staff.glyph.variants_of", char=char, code=code_point(char))
                + (f"（{note}）" if note else "")
            )
        else:
            self.variant_caption.setText(
                self.translator("staff.glyph.no_variants", char=char, code=code_point(char))
            )
        for j, option in enumerate(options):
            button = QPushButton(option)
            button.setObjectName(f"variant_{j}")
            button.setProperty("role", "variant")
            button.setCheckable(True)
            button.setChecked(option == char)
            button.setToolTip(code_point(option))
            button.setAccessibleName(f"{option} {code_point(option)}")
            # Later, not inside the click: choosing rebuilds the row this button is in.
            button.clicked.connect(
                lambda _=False, c=option: QTimer.singleShot(0, lambda: self.choose(c))
            )
            holder = QVBoxLayout()
            holder.addWidget(button)
            caption = QLabel(code_point(option))
            caption.setProperty("role", "muted")
            holder.addWidget(caption)
            frame = QWidget()
            frame.setLayout(holder)
            self.variants_row.addWidget(frame)
        self.variants_row.addStretch(1)

    def _submit(self) -> None:
        self.submitted.emit(self.row.path, self.value, self.note())

    def show_refused(self, messages: list[str]) -> None:
        self.changes.setText("\n".join(messages))
