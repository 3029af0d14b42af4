"""The answers show another life event is the right one: say so, offer it, or go back.

A 転居 (move within the city) whose new address is in another city is a 転出; a 転入
from an address already in this city is a 転居. The rule and its message are the
catalogue's (events.yaml `other_event`); this screen only shows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from kiosk.session import Screen
from ui.kiosk.screens.base import ScreenWidget, centered
from ui.widgets.buttons import role_label, set_button_text, touch_button

if TYPE_CHECKING:
    from ui.kiosk.controller import KioskController


class OtherEventScreen(ScreenWidget):
    shows = Screen.OTHER_EVENT

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.message = role_label(role="subtitle", name="other_event_message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.body.addWidget(self.message)
        self.here = role_label(role="subtitle", name="other_event_here")
        self.body.addWidget(self.here)
        # The right event by its title on a label (it wraps: "Vou me mudar para fora da
        # cidade (tenshutsu)" is long), the button short; one above the other.
        self.offer = role_label(role="value", name="other_event_offer")
        self.body.addWidget(self.offer)
        self.switch = touch_button("other_event_switch", role="primary")
        self.switch.clicked.connect(controller.switch_event)
        self.fix = touch_button("other_event_fix")
        self.fix.clicked.connect(controller.fix_answer)
        self.body.addLayout(centered(self.switch))
        self.body.addLayout(centered(self.fix))
        self.body.addStretch(1)

    def clear(self) -> None:
        super().clear()
        self.message.clear()
        self.here.clear()
        self.offer.clear()

    def refresh(self) -> None:
        super().refresh()
        tr = self.translator
        rule = self.session.other_event
        self.title.setText(tr("kiosk.other_event.title"))
        if rule is None:
            return
        self.message.setText(self.controller.text_of(rule.message))
        municipality = self.session.settings.get("municipality") or ""
        self.here.setText(tr("kiosk.other_event.here", municipality=municipality))
        self.here.setVisible(bool(municipality))
        event = self.controller.catalogue.event(rule.event)
        self.offer.setText(
            tr("kiosk.other_event.offer", event=self.controller.text_of(event.title))
        )
        set_button_text(self.switch, tr("kiosk.other_event.switch"))
        set_button_text(self.fix, tr("kiosk.other_event.fix"))
        self.fix.setVisible(self.session.answer_to_fix() is not None)
        for label in (self.message, self.here, self.offer):
            label.setAccessibleName(label.text())
