"""Sending, and the end: the reception number and where to wait."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from kiosk.session import Screen
from ui.kiosk.screens.base import ScreenWidget, centered
from ui.widgets.buttons import role_label, set_button_text, touch_button

if TYPE_CHECKING:
    from ui.kiosk.controller import KioskController


class SubmittingScreen(ScreenWidget):
    shows = Screen.SUBMITTING
    show_back = False

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.prompt = role_label(role="subtitle", name="prompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addStretch(1)
        self.body.addWidget(self.prompt)
        self.body.addStretch(1)

    def refresh(self) -> None:
        super().refresh()
        self.title.setText(self.translator("kiosk.submitting.title"))
        self.prompt.setText(self.translator("kiosk.submitting.prompt"))


class DoneScreen(ScreenWidget):
    shows = Screen.DONE
    show_back = False

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.number_label = role_label(role="subtitle", name="number_label")
        self.number_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number = role_label(role="big_number", name="reception_number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.where = role_label(role="subtitle", name="where")
        self.where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Where to go and how long it takes, under the number, large.
        self.counter = role_label(role="value", name="done_counter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.wait = role_label(role="subtitle", name="done_wait")
        self.wait.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addStretch(1)
        self.body.addWidget(self.number_label)
        self.body.addWidget(self.number)
        self.body.addWidget(self.counter)
        self.body.addWidget(self.wait)
        self.body.addWidget(self.where)
        self.body.addStretch(1)
        self.finish = touch_button("finish", role="primary")
        self.finish.clicked.connect(controller.finish)
        self.body.addLayout(centered(self.finish))

    def clear(self) -> None:
        super().clear()
        for label in (self.number, self.counter, self.wait):
            label.clear()
            label.setAccessibleName("")

    def refresh(self) -> None:
        super().refresh()
        tr = self.translator
        receipt = self.session.receipt
        self.title.setText(tr("kiosk.done.title"))
        if receipt is not None and receipt.reception_number:
            self.number_label.setText(tr("kiosk.done.number_label"))
            self.number.setText(receipt.reception_number)
            self.where.setText(tr("kiosk.done.where"))
        elif receipt is not None:
            self.number_label.setText(tr("kiosk.done.reference_label"))
            self.number.setText(receipt.spooled_reference or "")
            self.where.setText(tr("kiosk.done.go_to_counter"))
        self.number.setAccessibleName(self.number.text())
        counters = list(
            dict.fromkeys(self.controller.counter_text(p) for p in self.session.procedures())
        )
        self.counter.setText(
            tr("kiosk.done.counter", counter="、".join(counters)) if counters else ""
        )
        self.counter.setVisible(bool(counters) and bool(receipt and receipt.reception_number))
        wait = ""
        if receipt is not None and receipt.waiting_ahead is not None:
            wait = tr("kiosk.done.ahead", ahead=receipt.waiting_ahead)
            if receipt.wait_minutes is not None:
                wait += "　" + tr("kiosk.done.wait_minutes", minutes=receipt.wait_minutes)
        self.wait.setText(wait)
        self.wait.setVisible(bool(wait))
        for label in (self.counter, self.wait):
            label.setAccessibleName(label.text())
        set_button_text(self.finish, tr("kiosk.done.finish"))
