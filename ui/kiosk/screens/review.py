"""Review: the procedures, every form as a page preview, every answer (tap to change),
one consent, then send to the counter (and print, where a printer is set up)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from forms.data import dictionary_key
from i18n.ruby import plain
from kiosk.session import Screen
from ui.kiosk.screens.base import ScreenWidget
from ui.pdf_pages import render_previews
from ui.widgets.buttons import role_label, set_button_text, touch_button
from ui.widgets.layouts import clear_layout
from ui.widgets.paged_scroll import paged
from ui.widgets.tile import WrapButton

if TYPE_CHECKING:
    from ui.kiosk.controller import KioskController

#: The least width of the page previews: a page still recognisable beside the answers.
PREVIEW_MIN_PX = 300


class ReviewScreen(ScreenWidget):
    shows = Screen.REVIEW

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.procedures = role_label(role="subtitle", name="procedures")
        self.body.addWidget(self.procedures)
        # Related procedures the resident may not know about: one tap adds one (its
        # questions, if any, are asked right away), another tap takes it off.
        self.suggest_label = role_label(role="field", name="suggestions_label")
        self.body.addWidget(self.suggest_label)
        self.suggest_row = QHBoxLayout()
        self.body.addLayout(self.suggest_row)
        self.suggest_buttons: dict[str, WrapButton] = {}
        self.tap_hint = role_label(role="field", name="tap_hint")
        self.body.addWidget(self.tap_hint)
        # Side by side where the display is wide enough for both; else (portrait at
        # the largest text) the answers under the previews, each list the full width:
        # an answer's longest phrase is never cut to make room for the pages.
        columns = self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        # page previews
        self.preview_area = QScrollArea()
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setObjectName("previews")
        # A page stays recognisable; the answers take the rest they need (below).
        self.preview_area.setMinimumWidth(PREVIEW_MIN_PX)
        holder = QWidget()
        self.preview_layout = QVBoxLayout(holder)
        self.preview_area.setWidget(holder)
        self.preview_pager = paged(self.preview_area)
        columns.addWidget(self.preview_pager, 1)
        # answers, each a button back to its question
        self.answer_area = QScrollArea()
        self.answer_area.setWidgetResizable(True)
        self.answer_area.setObjectName("answers")
        aholder = QWidget()
        self.answer_layout = QVBoxLayout(aholder)
        self.answer_layout.setSpacing(8)
        self.answer_area.setWidget(aholder)
        self.answer_pager = paged(self.answer_area)
        columns.addWidget(self.answer_pager, 1)
        self.body.addLayout(columns, 1)
        row = QHBoxLayout()
        # The consent step: what the resident agrees to, and the one button that
        # both agrees and sends.
        self.consent = role_label(role="field", name="consent")
        row.addWidget(self.consent, 2)
        self.submit = WrapButton("submit", role="primary")
        self.submit.keep_words = True
        self.submit.clicked.connect(controller.submit)
        row.addWidget(self.submit, 1)
        self.finish = touch_button("finish", role="primary")
        self.finish.clicked.connect(controller.finish)
        row.addWidget(self.finish, 1)
        # Below the lists, outside what scrolls: the send button is always on the
        # display, whatever the text size and language.
        self.footer.addLayout(row, 1)
        self._previews_for: str | None = None
        self._answers_shown: list[tuple[str, str]] = []
        self.preview_pages = 0

    def clear(self) -> None:
        super().clear()
        clear_layout(self.answer_layout)
        clear_layout(self.preview_layout)
        clear_layout(self.suggest_row)
        self.suggest_buttons = {}
        self.procedures.clear()
        self._answers_shown = []
        self._previews_for = None
        self.preview_pages = 0

    def refresh(self) -> None:
        super().refresh()
        tr, c = self.translator, self.controller
        self.title.setText(tr("kiosk.review.title"))
        procedures = self.session.procedures()
        lines = [tr("kiosk.review.procedures")]
        for p in procedures:
            # The bullet, spaces and arrow are the language's own (・ and 　 are Japanese).
            lines.append(tr("kiosk.review.procedure_line", procedure=c.text_of(p.title),
                            counter=c.counter_text(p)))  # fmt: skip
        if not procedures:
            # Nothing to apply for at this counter (e.g. a marriage without a move or
            # a new name): say so instead of sending an empty application.
            lines = [tr("kiosk.review.nothing_to_do")]
        self.procedures.setText("\n".join(lines))
        self.submit.setVisible(bool(procedures))
        self.finish.setVisible(not procedures)
        self.consent.setText(tr("kiosk.review.consent"))
        self.tap_hint.setText(tr("kiosk.review.tap_hint"))
        self.submit.set_text(tr("kiosk.review.submit"))
        set_button_text(self.finish, tr("kiosk.done.finish"))
        self._show_suggestions()
        self._show_answers()
        marker = repr(sorted(self.session.submission_data().items(), key=lambda kv: kv[0]))
        if procedures and marker != self._previews_for:
            self._previews_for = marker
            self._show_loading()
            c.prepare_review(self._show_previews)

    def _show_suggestions(self) -> None:
        offered = self.controller.offered_suggestions()
        self.suggest_label.setText(self.translator("kiosk.suggestions.prompt") if offered else "")
        self.suggest_label.setVisible(bool(offered))
        if [p.id for p in offered] != list(self.suggest_buttons):
            clear_layout(self.suggest_row)
            self.suggest_buttons = {}
            for p in offered:
                button = WrapButton(f"suggest_{p.id}", role="small")
                button.setCheckable(True)
                button.clicked.connect(
                    lambda _=False, pid=p.id: self.controller.toggle_suggestion(pid)
                )
                self.suggest_row.addWidget(button)
                self.suggest_buttons[p.id] = button
        for p in offered:
            button = self.suggest_buttons[p.id]
            added = p.id in self.session.extra_procedures
            reason = self.controller.suggestion_reason(p.id)
            mark = "✓ " if added else "＋ "
            button.set_text(
                mark + self.controller.text_of(p.title) + (f"\n{reason}" if reason else "")
            )
            button.blockSignals(True)
            button.setChecked(added)
            button.blockSignals(False)
            button.show_checked(added)

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
                    self.translator(
                        "kiosk.review.answer",
                        label=self.controller.text_of(field.label),
                        value=self.controller.display_value(key),
                    ),
                )
            )
        if rows == self._answers_shown:
            return
        self._answers_shown = rows
        clear_layout(self.answer_layout)
        for key, text in rows:
            button = WrapButton(f"edit_{key}", text, role="small", align=Qt.AlignmentFlag.AlignLeft)
            button.keep_words = True  # the list widens to it (below)
            button.clicked.connect(lambda _=False, k=key: self.controller.go_to_question(k))
            self.answer_layout.addWidget(button)
        self.answer_layout.addStretch(1)
        # The list as wide as its longest word ("Kewarganegaraan" at the largest text):
        # a list narrower than its buttons cuts their words at its edge.
        widest = max((b.minimumSizeHint().width() for b in self.answer_buttons()), default=0)
        margins = self.answer_layout.contentsMargins()
        scrollbar = self.answer_area.verticalScrollBar().sizeHint().width()
        frame = 2 * self.answer_area.frameWidth()
        self.answer_area.setMinimumWidth(
            widest + margins.left() + margins.right() + scrollbar + frame
        )
        self.arrange_columns()

    def arrange_columns(self) -> None:
        """Previews beside the answers if both fit the body's width, else above them."""
        room = self.body_scroll.viewport().width()
        beside = (self.preview_pager.minimumSizeHint().width() + self.columns.spacing()
                  + self.answer_pager.minimumSizeHint().width())  # fmt: skip
        stacked = beside > room
        direction = (
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
        # Stacked, each list keeps a third of the body in sight (the body scrolls to it).
        tall = self.body_scroll.viewport().height() // 3 if stacked else 0
        for pager in (self.preview_pager, self.answer_pager):
            pager.setMinimumHeight(tall)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange_columns()

    def answer_buttons(self) -> list[WrapButton]:
        holder = self.answer_area.widget()
        found = holder.findChildren(WrapButton) if holder is not None else []
        return [b for b in found if b.objectName().startswith("edit_")]

    def _show_loading(self) -> None:
        clear_layout(self.preview_layout)
        self.preview_layout.addWidget(
            role_label(self.translator("kiosk.review.rendering"), role="field")
        )

    def _show_previews(self, prepared: Any) -> None:
        clear_layout(self.preview_layout)
        images = render_previews(prepared.pdf, width=520)
        self.preview_pages = len(images)
        for i, image in enumerate(images):
            frame = QFrame()
            frame.setProperty("role", "card")
            lay = QVBoxLayout(frame)
            label = PagePreview(i + 1, image)
            label.tapped.connect(self.controller.preview_tapped)
            label.setAccessibleName(
                plain(self.translator("kiosk.review.page", number=i + 1, total=len(images)))
            )
            lay.addWidget(label)
            self.preview_layout.addWidget(frame)
        self.preview_layout.addStretch(1)


class PagePreview(QLabel):
    """One page of the forms; a tap on something printed on it goes to the question
    that filled it (`tapped(page, x_mm, y_mm)`, millimetres from the page's top left)."""

    tapped = Signal(int, float, float)

    #: A4 width in millimetres: the image's width stands for it.
    PAGE_WIDTH_MM = 210.0

    def __init__(self, page: int, image: QImage) -> None:
        super().__init__()
        self.page = page
        self.setObjectName(f"preview_page_{page}")
        self.setPixmap(QPixmap.fromImage(image))
        self.setFixedSize(image.size())
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        mm_per_px = self.PAGE_WIDTH_MM / max(1, self.width())
        point = event.position()
        self.tapped.emit(self.page, point.x() * mm_per_px, point.y() * mm_per_px)


__all__ = ["PagePreview", "QPushButton", "ReviewScreen"]
