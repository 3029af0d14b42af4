"""Review: the procedures, every form as a page preview, every answer (tap to change),
one consent, then send to the counter (and print, where a printer is set up)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from forms.data import dictionary_key
from kiosk.session import Screen
from ui.kiosk.screens.base import ScreenWidget
from ui.widgets.buttons import role_label, set_button_text, touch_button
from ui.widgets.layouts import clear_layout
from ui.widgets.pdf_pages import render_previews
from ui.widgets.tile import WrapButton


class ReviewScreen(ScreenWidget):
    screen = Screen.REVIEW

    def __init__(self, controller) -> None:  # type: ignore[no-untyped-def]
        super().__init__(controller)
        self.procedures = role_label(role="subtitle", name="procedures")
        self.body.addWidget(self.procedures)
        columns = QHBoxLayout()
        # page previews
        self.preview_area = QScrollArea()
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setObjectName("previews")
        holder = QWidget()
        self.preview_layout = QVBoxLayout(holder)
        self.preview_area.setWidget(holder)
        columns.addWidget(self.preview_area, 1)
        # answers, each a button back to its question
        self.answer_area = QScrollArea()
        self.answer_area.setWidgetResizable(True)
        self.answer_area.setObjectName("answers")
        aholder = QWidget()
        self.answer_layout = QVBoxLayout(aholder)
        self.answer_layout.setSpacing(8)
        self.answer_area.setWidget(aholder)
        columns.addWidget(self.answer_area, 1)
        self.body.addLayout(columns, 1)
        row = QHBoxLayout()
        self.consent = WrapButton("consent")
        self.consent.setCheckable(True)
        self.consent.toggled.connect(controller.set_consent)
        row.addWidget(self.consent, 2)
        self.submit = touch_button("submit", role="primary")
        self.submit.clicked.connect(controller.submit)
        row.addWidget(self.submit, 1)
        self.body.addLayout(row)
        self._previews_for: str | None = None
        self._answers_shown: list[tuple[str, str]] = []
        self.preview_pages = 0

    def clear(self) -> None:
        super().clear()
        clear_layout(self.answer_layout)
        clear_layout(self.preview_layout)
        self.procedures.clear()
        self._answers_shown = []
        self._previews_for = None
        self.preview_pages = 0

    def refresh(self) -> None:
        super().refresh()
        tr, c = self.tr, self.controller
        self.title.setText(tr("kiosk.review.title"))
        lines = [tr("kiosk.review.procedures")]
        for p in self.session.procedures():
            lines.append(f"・{c.text_of(p.title)}　→ {c.counter_text(p)}")
        self.procedures.setText("\n".join(lines))
        set_button_text(
            self.consent, ("☑ " if self.session.consent else "☐ ") + tr("kiosk.review.consent")
        )
        self.consent.blockSignals(True)
        self.consent.setChecked(self.session.consent)
        self.consent.blockSignals(False)
        set_button_text(self.submit, tr("kiosk.review.submit"))
        self.submit.setEnabled(self.session.consent)
        self._show_answers()
        marker = repr(sorted(self.session.submission_data().items(), key=lambda kv: kv[0]))
        if marker != self._previews_for:
            self._previews_for = marker
            self._show_loading()
            c.prepare_review(self._show_previews)

    def _show_answers(self) -> None:
        flow = self.session.flow
        if flow is None:
            return
        rows: list[tuple[str, str]] = []
        for key in flow.history:
            field = self.controller.catalogue.dictionary[dictionary_key(key)]
            rows.append(
                (
                    key,
                    f"{self.controller.text_of(field.label)}：{self.controller.display_value(key)}",
                )
            )
        if rows == self._answers_shown:
            return
        self._answers_shown = rows
        clear_layout(self.answer_layout)
        for key, text in rows:
            button = WrapButton(f"edit_{key}", text, role="small", align=Qt.AlignmentFlag.AlignLeft)
            button.clicked.connect(lambda _=False, k=key: self.controller.go_to_question(k))
            self.answer_layout.addWidget(button)
        self.answer_layout.addStretch(1)

    def _show_loading(self) -> None:
        clear_layout(self.preview_layout)
        self.preview_layout.addWidget(role_label(self.tr("kiosk.review.rendering"), role="field"))

    def _show_previews(self, prepared: Any) -> None:
        clear_layout(self.preview_layout)
        images = render_previews(prepared.pdf, width=520)
        self.preview_pages = len(images)
        for i, image in enumerate(images):
            frame = QFrame()
            frame.setProperty("role", "card")
            lay = QVBoxLayout(frame)
            label = QLabel()
            label.setObjectName(f"preview_page_{i + 1}")
            label.setPixmap(QPixmap.fromImage(image))
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAccessibleName(self.tr("kiosk.review.page", number=i + 1, total=len(images)))
            lay.addWidget(label)
            self.preview_layout.addWidget(frame)
        self.preview_layout.addStretch(1)


__all__ = ["QImage", "QPushButton", "ReviewScreen"]
