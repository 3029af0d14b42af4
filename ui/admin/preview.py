"""The editor's previews: a form filled with sample answers, and a life event's questions.

Both use the desk's last catalogue that loaded without problems, and follow the text:
after each good check the shown preview is rendered again. While the draft has
problems the previews show the last good state and say so.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.admin.checking import CheckResult
from ui.admin.desk import AdminDesk
from ui.admin.samples import SAMPLE_SETS, SAMPLE_TODAY, FlowPreview
from ui.admin.style import role_label

SAMPLE_KEYS = {"full": "admin.sample.full", "card": "admin.sample.card"}


def _combo(name: str, characters: int = 10) -> QComboBox:
    """A combo box whose long entries do not widen the pane (the list shows them whole)."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setMinimumContentsLength(characters)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return combo


def _fill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    """Replace a combo's items (text, data), keeping the chosen data if it is still there."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(chosen)
    combo.setCurrentIndex(index if index >= 0 else (0 if items else -1))
    combo.blockSignals(False)


class PageImages(QScrollArea):
    """Page images one under another, scrolling (a form preview)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setWidgetResizable(True)
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.addStretch(1)
        self.setWidget(self.pages)

    def show_images(self, images: list[Any], prefix: str) -> None:
        """Replace the pages; each is a label named `<prefix>_<n>`."""
        while self.pages_layout.count() > 1:
            item = self.pages_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for number, image in enumerate(images):
            label = QLabel()
            label.setObjectName(f"{prefix}_{number + 1}")
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #9AA5B1; background: white;")
            self.pages_layout.insertWidget(number, label)


class FormPreviewView(QWidget):
    def __init__(self, desk: AdminDesk) -> None:
        super().__init__()
        self.desk = desk
        self.images: list[Any] = []
        self.shown_form: str | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.form = _combo("preview_form", 8)
        self.sample = _combo("preview_sample", 6)
        row.addWidget(self.form, 2)
        row.addWidget(self.sample, 1)
        layout.addLayout(row)
        self.status = role_label("preview_status", "muted")
        layout.addWidget(self.status)
        # Says when the preview shows the last good state because the draft has problems.
        self.stale = role_label("stale_note", "muted")
        self.stale.hide()
        layout.addWidget(self.stale)
        self.page_scroll = PageImages("preview_pages")
        layout.addWidget(self.page_scroll, 1)
        self.form.currentIndexChanged.connect(lambda _: self.refresh())
        self.sample.currentIndexChanged.connect(lambda _: self.refresh())
        desk.checked.connect(self._checked)
        desk.preview_ready.connect(self._show)
        desk.preview_failed.connect(self._failed)
        desk.locale_changed.connect(lambda _: self.retranslate())
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.desk.translator
        _fill(self.sample, [(tr(SAMPLE_KEYS[s]), s) for s in SAMPLE_SETS])
        self.form.setToolTip(tr("admin.preview.form"))
        self.sample.setToolTip(tr("admin.preview.sample"))
        self.stale.setText(tr("admin.preview.stale"))
        self._fill_forms()
        if self.shown_form is not None:
            self.refresh()  # its caption in the new language

    def _fill_forms(self) -> None:
        catalogue = self.desk.last_good
        if catalogue is None:
            return
        items = []
        for form_id in catalogue.batch_order(catalogue.forms):
            title = catalogue.forms[form_id].title
            items.append((f"{self.desk.translator.text(title)} ({form_id})", form_id))
        _fill(self.form, items)

    def choose(self, form_id: str, sample: str = "full") -> None:
        """Show this form (tests, `madoguchi admin --preview`)."""
        self.sample.setCurrentIndex(max(0, self.sample.findData(sample)))
        self.form.setCurrentIndex(self.form.findData(form_id))
        self.refresh()

    def _checked(self, result: CheckResult) -> None:
        self.stale.setVisible(not result.ok and self.desk.last_good is not None)
        if result.ok:
            self._fill_forms()
            if self.isVisible() or self.shown_form is not None:
                self.refresh()

    def refresh(self) -> None:
        form_id = self.form.currentData()
        if form_id:
            self.status.setText(self.desk.translator("admin.preview.rendering"))
            self.desk.render_preview(
                str(form_id),
                str(self.sample.currentData() or "full"),
                width=max(
                    320,
                    self.page_scroll.width()
                    - self.page_scroll.verticalScrollBar().sizeHint().width()
                    - 28,
                ),
            )

    def _show(self, form_id: str, images: list[Any]) -> None:
        self.images = images
        self.shown_form = form_id
        self.page_scroll.show_images(images, "preview_page")
        self.status.setText(
            self.desk.translator(
                "admin.preview.shown", form=form_id, pages=len(images), day=SAMPLE_TODAY.isoformat()
            )
        )

    def _failed(self, text: str) -> None:
        self.status.setText(text)


class FlowPreviewView(QWidget):
    def __init__(self, desk: AdminDesk) -> None:
        super().__init__()
        self.desk = desk
        self.preview: FlowPreview | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.event_choice = _combo("flow_event", 8)
        self.answers = _combo("flow_answers", 6)
        self.card = QCheckBox()
        self.card.setObjectName("flow_card")
        self.card.setChecked(True)
        row.addWidget(self.event_choice, 2)
        row.addWidget(self.answers, 1)
        layout.addLayout(row)
        layout.addWidget(self.card)
        # Says when the preview shows the last good state because the draft has problems.
        self.stale = role_label("stale_note", "muted")
        self.stale.hide()
        layout.addWidget(self.stale)
        self.text = QTextBrowser()
        self.text.setObjectName("flow_text")
        layout.addWidget(self.text, 1)
        self.event_choice.currentIndexChanged.connect(lambda _: self.refresh())
        self.answers.currentIndexChanged.connect(lambda _: self.refresh())
        self.card.toggled.connect(lambda _: self.refresh())
        desk.checked.connect(self._checked)
        desk.flow_ready.connect(self._show)
        desk.locale_changed.connect(lambda _: self.retranslate())
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.desk.translator
        _fill(self.answers, [(tr("admin.flow.all_yes"), "yes"), (tr("admin.flow.all_no"), "no")])
        self.card.setText(tr("admin.flow.with_card"))
        self.card.setToolTip(tr("admin.flow.with_card_tip"))
        self.event_choice.setToolTip(tr("admin.flow.event"))
        self.stale.setText(tr("admin.preview.stale"))
        self._fill_events()
        self.refresh()

    def _fill_events(self) -> None:
        catalogue = self.desk.last_good
        if catalogue is None:
            return
        _fill(
            self.event_choice,
            [
                (f"{self.desk.translator.text(e.title)} ({e.id})", e.id)
                for e in catalogue.events.values()
            ],
        )

    def choose(self, event_id: str, yes: bool = True, card: bool = True) -> None:
        self.card.blockSignals(True)
        self.card.setChecked(card)
        self.card.blockSignals(False)
        self.answers.setCurrentIndex(self.answers.findData("yes" if yes else "no"))
        self.event_choice.setCurrentIndex(self.event_choice.findData(event_id))
        self.refresh()

    def _checked(self, result: CheckResult) -> None:
        self.stale.setVisible(not result.ok and self.desk.last_good is not None)
        if result.ok:
            self._fill_events()
            self.refresh()

    def refresh(self) -> None:
        event_id = self.event_choice.currentData()
        if event_id:
            yes = self.answers.currentData() != "no"
            self.desk.question_flow(str(event_id), yes=yes, card=self.card.isChecked())

    def _show(self, preview: FlowPreview) -> None:
        self.preview = preview
        tr = self.desk.translator
        parts = [f"<p><b>{escape(tr('admin.flow.heading', count=len(preview.steps)))}</b></p>"]
        for number, step in enumerate(preview.steps, 1):
            parts.append(
                f"<p style='margin: 0 0 4px 0'>{number}. {escape(step.question)}<br>"
                f"&nbsp;&nbsp;→ <b>{escape(step.answer)}</b>&nbsp;&nbsp;"
                f"<span style='color: #4A5560'>{escape(step.path)}</span></p>"
            )
        if preview.stuck:
            parts.append(
                f"<p style='color: #8A0016'>{escape(tr('admin.flow.stuck', path=preview.stuck))}</p>"
            )
        for key, items in (
            ("admin.flow.procedures", [f"{t} ({pid})" for pid, t in preview.procedures]),
            ("admin.flow.forms", list(preview.forms)),
            ("admin.flow.suggestions", [f"{t} ({pid})" for pid, t in preview.suggestions]),
        ):
            listed = "<br>".join(f"・{escape(item)}" for item in items) or "—"
            parts.append(f"<p><b>{escape(tr(key))}</b><br>{listed}</p>")
        self.text.setHtml("".join(parts))
