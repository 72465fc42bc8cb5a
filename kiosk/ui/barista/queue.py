"""The barista's queue: order cards in a finger-dragged (kinetic) scroll area, the order
being printed pinned on top, the others oldest first.

:class:`OrderQueue` owns the cards' places, not their contents: the window builds each card
(``make_card``, which wires its buttons) and updates it; the queue puts the cards in order,
drops those gone, picks each card's arrangement for the width, and says which cards show
whole (:meth:`OrderQueue.fully_visible`, the figure a busy counter cares about).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.orders.menu import Menu
from kiosk.orders.model import Order
from kiosk.orders.store import OrderStore
from kiosk.ui.barista.card_state import queue_order
from kiosk.ui.barista.order_card import OrderCard
from kiosk.ui.barista.words import waiting_words
from kiosk.ui.widgets import TouchScrollArea

CARD_GAP_PX = 10  # between two cards: the border of each is thick enough to tell them apart


def drink_name(menu: Menu, drink_id: str, language: str) -> str:
    """The drink's name in ``language`` from the menu, or its id if the drink has left the
    menu (an old order)."""
    drink = menu.find(drink_id)
    return drink.name(language) if drink is not None else drink_id


def card_words(order: Order, name: str, language: str, blocked: str,
               now: datetime) -> tuple[object, ...]:
    """Everything a card's words and buttons are drawn from, for ``order`` at ``now``: a
    card is updated only when this changes (200 cards re-worded every second held the GUI
    thread 30 ms)."""
    return order, name, language, blocked, waiting_words(order.waiting_seconds(now))


class OrderQueue(QWidget):
    """The cards of the queue, scrolled by a finger.

    Args:
        make_card: builds the card of an order not shown yet (and wires it).
    """

    def __init__(self, make_card: Callable[[Order], OrderCard],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._make_card = make_card
        self._fit_width = -1  # the width the cards were last arranged for
        self.cards: dict[int, OrderCard] = {}
        self.empty_label = QLabel()
        self.empty_label.setObjectName("Muted")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.box = QWidget()
        self.box.setObjectName("BaristaRoot")
        self.column = QVBoxLayout(self.box)
        self.column.setSpacing(CARD_GAP_PX)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.empty_label)
        self.column.addStretch(1)
        self.area = TouchScrollArea(self.box)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.area)

    def show_orders(self, orders: list[Order], printing: int | None) -> list[OrderCard]:
        """Show ``orders`` (the store's queue) in the queue's order; returns their cards, in
        that order (new ones built, those no longer in the queue removed)."""
        shown = queue_order(orders, printing)
        cards = []
        for index, order in enumerate(shown):
            card = self.cards.get(order.id)
            if card is None:
                card = self.cards[order.id] = self._make_card(order)
            if self.column.indexOf(card) != index + 1:
                self.column.removeWidget(card)
                self.column.insertWidget(index + 1, card)
                card.show()  # a child added to a shown window stays hidden until shown
            cards.append(card)
        wanted = {o.id for o in shown}
        for order_id in [i for i in self.cards if i not in wanted]:
            card = self.cards.pop(order_id)
            card.stop_undo_window()
            self.column.removeWidget(card)
            card.deleteLater()
        self.empty_label.setVisible(not shown)
        return cards

    def card_width(self) -> int:
        """The width a card has: the viewport's, less room for the scroll indicator (kept
        even before it shows, so a card that fits now still fits once the queue scrolls)."""
        bar = self.area.verticalScrollBar()
        reserve = 0 if bar.isVisible() else bar.sizeHint().width()
        return self.area.viewport().width() - reserve

    def fit_cards(self, only: list[OrderCard] | None = None) -> None:
        """Each card's arrangement for the width it has: ``only`` these (their buttons
        changed) while the width stays, every card when it changed (None: every card)."""
        width = self.card_width()
        if width != self._fit_width:
            self._fit_width, only = width, None
        for card in self.cards.values() if only is None else only:
            card.fit_to(width)

    def set_preview_px(self, px: int) -> None:
        """The cup pictures' side on every card (and on cards built later)."""
        for card in self.cards.values():
            card.set_preview_px(px)

    def fully_visible(self) -> list[OrderCard]:
        """The cards shown whole in the viewport now, top to bottom."""
        view = self.area.viewport()
        area = QRect(QPoint(0, 0), view.size())
        whole = []
        for card in self.cards.values():
            if card.isHidden():
                continue
            rect = QRect(card.mapTo(view, QPoint(0, 0)), card.size())
            if area.contains(rect):
                whole.append(card)
        return sorted(whole, key=lambda c: c.mapTo(view, QPoint(0, 0)).y())


class PreviewCache:
    """The cup pictures of the orders shown, as pixmaps, each made once: from a picture the
    queue feed decoded off the GUI thread, else read from the store and decoded here."""

    def __init__(self, store: OrderStore) -> None:
        self._store = store
        self._pixmaps: dict[int, QPixmap | None] = {}

    def ids(self) -> Collection[int]:
        """The orders whose picture is cached (the feed need not decode them again)."""
        return self._pixmaps.keys()

    def get(self, order: Order, decoded: dict[int, QImage | None]) -> QPixmap | None:
        """``order``'s picture (None: it has none any more, or it cannot be read)."""
        if not order.has_images:
            self._pixmaps.pop(order.id, None)
            return None
        if order.id not in self._pixmaps:
            if order.id in decoded:
                image = decoded[order.id]
                self._pixmaps[order.id] = None if image is None else QPixmap.fromImage(image)
            else:
                data = self._store.get_preview_png(order.id)
                pixmap = QPixmap()
                self._pixmaps[order.id] = pixmap if data and pixmap.loadFromData(data) else None
        return self._pixmaps[order.id]

    def keep_only(self, order_ids: Collection[int]) -> None:
        """Forget the pictures of orders no longer shown."""
        for order_id in [i for i in self._pixmaps if i not in order_ids]:
            del self._pixmaps[order_id]
