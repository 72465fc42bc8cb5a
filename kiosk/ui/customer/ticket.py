"""The ticket: order number, the drink and its price, how to pay, the expected wait; back
to the start by itself. The number comes back on the attract screen's ready board when the
barista calls the cup."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.counter.payment import PaymentStatus
from kiosk.orders.menu import Drink, format_price
from kiosk.ui.context import AppContext
from kiosk.ui.customer.base import Screen, left_aligned, set_direction, translate
from kiosk.ui.layouts import Look
from kiosk.ui.widgets import button, label

TICKET_SECONDS = 25  # long enough to read the number twice or photograph it


class TicketScreen(Screen):
    """"Thank you! Your number is 012. Caffè latte · ₩4,500. Please pay ₩4,500 at the
    counter. About 2 minutes." and a Done button."""

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
        self.drink_line = label(role="subtitle")
        self.pay = label(role="subtitle")
        self.pay.setObjectName("TicketPay")
        self.wait = label(role="subtitle")
        self.collect = label(role="body")
        # The number beside what it is for on a landscape screen (a 7" panel has no
        # height for both above each other), above it in portrait.
        self._card = QBoxLayout(QBoxLayout.Direction.LeftToRight, card)
        number = QVBoxLayout()
        number.addStretch(1)
        number.addWidget(self.number_caption)
        number.addWidget(self.number)
        number.addStretch(1)
        self._details = QVBoxLayout()
        self._details.addStretch(1)
        for w in (self.drink_line, self.pay, self.wait, self.collect):
            self._details.addWidget(w)
        self._details.addStretch(1)
        self._card.addLayout(number, 2)
        self._card.addLayout(self._details, 3)
        self.done_button = button("primary")
        self.done_button.setProperty("tier", "big")
        self.done_button.clicked.connect(self.done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(card, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.done_button, 2)
        row.addStretch(1)
        layout.addLayout(row)
        self._ticket = ""
        self._minutes = 1
        self._drink: Drink | None = None
        self._price: int | None = None
        self._payment: PaymentStatus | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(show_seconds * 1000))
        self._timer.timeout.connect(self.done)
        self.retranslate()

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        set_direction(self._card, look.portrait)
        pad = max(12, round(28 * look.band.text))
        self._card.setContentsMargins(pad, pad // 2, pad, pad // 2)
        self._card.setSpacing(look.gap_px * 2)
        self._details.setSpacing(max(4, look.gap_px // 2))
        for w in (self.drink_line, self.pay, self.wait, self.collect):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter if look.portrait
                           else left_aligned())

    def show_ticket(self, ticket: str, minutes: int, *, drink: Drink | None = None,
                    price_won: int | None = None,
                    payment: PaymentStatus | None = None) -> None:
        """The order's ticket number text, the announced wait in whole minutes, the drink,
        the price charged (won) and how it is paid (None: say nothing about paying)."""
        self._ticket = ticket
        self._minutes = minutes
        self._drink = drink
        self._price = price_won
        self._payment = payment
        self.retranslate()

    def entered(self) -> None:
        self._timer.start()

    def left(self) -> None:
        self._timer.stop()

    def retranslate(self) -> None:
        self.title.setText(translate("CustomerTicket", "Thank you!"))
        self.number_caption.setText(translate("CustomerTicket", "Your order number"))
        self.number.setText(self._ticket)
        lang = self.context.i18n.language
        price = "" if self._price is None else format_price(self._price, lang)
        drink = self._drink.name(lang) if self._drink is not None else ""
        self.drink_line.setVisible(bool(drink))
        self.drink_line.setText(
            translate("CustomerTicket", "{drink} · {price}").format(drink=drink, price=price)
            if price else drink)
        self.pay.setVisible(self._payment is not None)
        if self._payment is PaymentStatus.PAID:
            self.pay.setText(translate("CustomerTicket", "Paid. Thank you!"))
        elif self._payment is not None and price:
            self.pay.setText(translate(
                "CustomerTicket", "Please pay {price} at the counter.").format(price=price))
        else:
            self.pay.setText(translate("CustomerTicket", "Please pay at the counter."))
        if self._minutes <= 1:
            self.wait.setText(translate("CustomerTicket", "Ready in about a minute"))
        else:
            self.wait.setText(translate(
                "CustomerTicket", "Ready in about {minutes} minutes").format(
                    minutes=self._minutes))
        self.collect.setText(translate(
            "CustomerTicket",
            "A barista prints your latte. When your number shows on the start screen, "
            "it is ready at the counter."))
        self.done_button.setText(translate("CustomerTicket", "Done"))
