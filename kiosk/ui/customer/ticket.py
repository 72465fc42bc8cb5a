"""The ticket: order number and expected wait; back to the start by itself."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.context import AppContext
from kiosk.ui.customer.base import Screen, translate
from kiosk.ui.theme import GAP_PX
from kiosk.ui.widgets import button, label

TICKET_SECONDS = 25  # long enough to read the number twice or photograph it


class TicketScreen(Screen):
    """"Thank you! Your number is 012. About 2 minutes." and a Done button."""

    name = "ticket"
    done = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None, *,
                 show_seconds: float = TICKET_SECONDS) -> None:
        super().__init__(context, parent)
        self.title = label(role="title")
        card = QFrame()
        card.setProperty("role", "card")
        self.number_caption = label(role="subtitle")
        self.number = label(role="huge")
        self.wait = label(role="subtitle")
        self.collect = label(role="body")
        c = QVBoxLayout(card)
        c.setContentsMargins(32, 24, 32, 24)
        c.setSpacing(GAP_PX)
        for w in (self.number_caption, self.number, self.wait, self.collect):
            c.addWidget(w)
        self.done_button = button("primary")
        self.done_button.setProperty("tier", "big")
        self.done_button.clicked.connect(self.done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 32)
        layout.setSpacing(GAP_PX * 2)
        layout.addWidget(self.title)
        layout.addWidget(card, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.done_button, 2)
        row.addStretch(1)
        layout.addLayout(row)
        self._ticket = ""
        self._minutes = 1
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(show_seconds * 1000))
        self._timer.timeout.connect(self.done)
        self.retranslate()

    def show_ticket(self, ticket: str, minutes: int) -> None:
        """The order's ticket number text and the announced wait in whole minutes."""
        self._ticket = ticket
        self._minutes = minutes
        self.retranslate()

    def entered(self) -> None:
        self._timer.start()

    def left(self) -> None:
        self._timer.stop()

    def retranslate(self) -> None:
        self.title.setText(translate("CustomerTicket", "Thank you!"))
        self.number_caption.setText(translate("CustomerTicket", "Your order number"))
        self.number.setText(self._ticket)
        if self._minutes <= 1:
            self.wait.setText(translate("CustomerTicket", "Ready in about a minute"))
        else:
            self.wait.setText(translate(
                "CustomerTicket", "Ready in about {minutes} minutes").format(
                    minutes=self._minutes))
        self.collect.setText(translate(
            "CustomerTicket",
            "A barista prints your latte and calls your number. Please wait near the "
            "counter."))
        self.done_button.setText(translate("CustomerTicket", "Done"))
