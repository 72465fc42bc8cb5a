"""The barista's counter actions on the order cards: paid or not, "Ready" (the number on the
attract screen, with the chime), and the question before serving an unpaid order.

:class:`CounterActions` speaks to the counter (:class:`kiosk.ui.counter.CounterBridge`, None
when the kiosk has no counter: then the cards offer none of this) and asks the window to
re-read the queue; the window owns the pages and the cards.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.orders.menu import format_price
from kiosk.ui.barista.counter_panel import PayFirstPage
from kiosk.ui.barista.order_card import OrderCard
from kiosk.ui.counter import CounterBridge

log = logging.getLogger(__name__)


class CounterActions:
    """Args:
        counter: the counter, or None.
        refresh: re-reads the queue (the cards then show what was stored).
        card: the card of an order id, or None once it left the queue.
    """

    def __init__(self, counter: CounterBridge | None, refresh: Callable[[], None],
                 card: Callable[[int], OrderCard | None]) -> None:
        self.counter = counter
        self._refresh = refresh
        self._card = card

    def set_paid(self, order_id: int, paid: bool) -> None:
        """The card's payment toggle: stored at once."""
        if self.counter is not None:
            try:
                self.counter.service.set_paid(order_id, paid)
            except Exception:  # cancelled meanwhile, a disk problem: the card shows the truth
                log.exception("could not record the payment of order %s", order_id)
        self._refresh()

    def call_ready(self, order_id: int) -> None:
        """Ready (or Call again): the number goes on the attract screen, with the chime."""
        if self.counter is not None:
            try:
                self.counter.service.mark_ready(order_id)
                return  # its readyChanged signal refreshes the window and the board
            except Exception:
                log.exception("could not call order %s ready", order_id)
        self._refresh()

    def board_changed(self, order_id: int) -> None:
        """The order left the queue (served, cancelled): off the ready board."""
        if self.counter is not None:
            self.counter.service.board_changed(order_id)

    def ask_pay_first(self, page: PayFirstPage, order_id: int, language: str) -> bool:
        """Served on an unpaid order: put "paid now", "serve without payment" or "back" on
        ``page``; False if the order has left the queue meanwhile (nothing to ask)."""
        card = self._card(order_id)
        if card is None:
            return False
        order = card.order
        price = "" if order.price_won is None else format_price(order.price_won, language)

        def then(answer: str) -> None:
            target = self._card(order_id)
            if answer == "back" or target is None:
                return
            if answer == "paid":
                self.set_paid(order_id, True)
            target.start_serve()

        page.ask(order.ticket, price, then)
        return True
