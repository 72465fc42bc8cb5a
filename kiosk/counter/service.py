"""The counter as one service both windows share: paying, the receipt, "ready", the chime.

``CounterService.from_config(store, menu, config)`` builds it; :meth:`start` starts the
receipt and chime threads, :meth:`stop` joins them. What happens when:

- The customer's order is stored: :meth:`order_stored` asks the payment method (at the
  counter: "pay N won at the counter") and queues the receipt ticket if a receipt printer
  is set. It returns at once: the on-screen ticket never waits for paper.
- The barista taps Paid: :meth:`set_paid` (a toggle; stored at once).
- The barista taps Ready (or Call again): :meth:`mark_ready` stores the time, rings the
  chime (its own thread) and tells the listeners, so the attract screen shows the number.
- Served or Cancel: :meth:`board_changed` tells the listeners (the number leaves).

Listeners get typed events (:class:`ReadyChanged`, :class:`ReceiptResult`), possibly on
another thread; the Qt adapter (``kiosk/ui/counter.py``) turns them into signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from kiosk.counter.chime import chime_path
from kiosk.counter.payment import (
    PaymentMethod,
    PaymentOutcome,
    payment_method,
    serve_needs_payment_check,
)
from kiosk.counter.raster import cjk_font_path
from kiosk.counter.ready import ReadyEntry, board_since, next_change, ready_board
from kiosk.counter.receipt import ReceiptContent, receipt_content
from kiosk.counter.receipt_printer import ReceiptPrinter, ReceiptResult
from kiosk.counter.sound import ChimePlayer, SdlSink, SoundSink
from kiosk.counter.transports import ReceiptPrinterSpec, Transport, make_transport
from kiosk.orders.menu import Menu
from kiosk.orders.model import Order

if TYPE_CHECKING:
    from kiosk.orders.store import OrderStore
    from kiosk.settings.config import KioskConfig

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadyChanged:
    """The ready board may show other numbers now (a call, a serve, a cancel)."""

    order_id: int | None = None
    called: bool = False
    """True for a new call (or a call again): the attract screen rings in."""


CounterEvent = ReadyChanged | ReceiptResult
Listener = Callable[[CounterEvent], None]


class CounterService:
    """See the module docstring. Thread-safe: every method may be called from any thread.

    Args:
        store: the order store.
        menu: the drinks (names on the receipt), or None.
        payment: how customers pay.
        cafe_name: heads the receipt.
        ready_for: how long a called number stays on the board.
        receipt_printer: None for no receipt printer.
        chime: the chime player, or None for no sound at all.
        clock: the current timezone-aware time (tests pass a fake).
    """

    def __init__(self, store: OrderStore, *, menu: Menu | None, payment: PaymentMethod,
                 cafe_name: str, ready_for: timedelta,
                 receipt_printer: ReceiptPrinterSpec | None = None,
                 receipt_profile: str = "TM-T88V",
                 transport_factory: Callable[[ReceiptPrinterSpec], Transport] = make_transport,
                 chime: ChimePlayer | None = None,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.store = store
        self.menu = menu
        self.payment = payment
        self.cafe_name = cafe_name
        self.ready_for = ready_for
        self.chime = chime
        self._clock = clock or (lambda: datetime.now(UTC))
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        self.last_receipt: ReceiptResult | None = None
        """The latest ticket's outcome (None before the first, or with no printer)."""
        self.receipts: ReceiptPrinter | None = None
        if receipt_printer is not None:
            self.receipts = ReceiptPrinter(receipt_printer, on_result=self._receipt_done,
                                           profile=receipt_profile,
                                           transport_factory=transport_factory)

    @classmethod
    def from_config(cls, store: OrderStore, menu: Menu | None, config: KioskConfig, *,
                    sink_factory: Callable[[], SoundSink] | None = None,
                    transport_factory: Callable[[ReceiptPrinterSpec], Transport] = make_transport,
                    clock: Callable[[], datetime] | None = None) -> CounterService:
        """The service as the settings describe it (``[counter]``, ``[receipt]``, ``[sound]``)."""
        from kiosk.counter.transports import parse_receipt_printer

        sound = config.sound
        device = sound.device or None
        chime = ChimePlayer(chime_path(), muted=sound.mute, volume=sound.volume,
                            sink_factory=sink_factory or (lambda: SdlSink(device)))
        return cls(store, menu=menu, payment=payment_method(config.counter.payment),
                   cafe_name=config.counter.cafe_name,
                   ready_for=timedelta(minutes=config.counter.ready_minutes),
                   receipt_printer=parse_receipt_printer(config.receipt.printer),
                   receipt_profile=config.receipt.profile,
                   transport_factory=transport_factory, chime=chime, clock=clock)

    # --- life cycle ---------------------------------------------------------------------

    def start(self) -> None:
        """Start the receipt and chime threads."""
        if self.receipts is not None:
            self.receipts.start()
        if self.chime is not None:
            self.chime.start()

    def stop(self) -> None:
        """Join the receipt and chime threads (the kiosk closes)."""
        if self.receipts is not None:
            self.receipts.stop()
        if self.chime is not None:
            self.chime.stop()

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener`` with every :data:`CounterEvent` (from any thread)."""
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        """Stop calling ``listener``."""
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def _emit(self, event: CounterEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # one window's bug must not stop the counter
                log.exception("counter listener failed")

    # --- the customer's order -----------------------------------------------------------

    @property
    def has_receipt_printer(self) -> bool:
        """True when a receipt printer is set (else: the on-screen ticket only)."""
        return self.receipts is not None

    def order_stored(self, order: Order) -> PaymentOutcome:
        """The order is in the store: how it is paid, and its receipt queued (if a receipt
        printer is set). Returns at once (with a card terminal: once it has answered)."""
        outcome = self.payment.begin(order)
        if self.receipts is not None:
            drink = self.menu.find(order.drink_id) if self.menu is not None else None

            def content() -> ReceiptContent:  # on the receipt thread (finding fonts is slow)
                return receipt_content(
                    cafe_name=self.cafe_name, ticket=order.ticket,
                    drink_ko=drink.name_ko if drink else order.drink_id,
                    drink_en=drink.name_en if drink else order.drink_id,
                    outcome=outcome, ordered_at=order.created_at, lang=order.lang,
                    korean_possible=cjk_font_path() is not None)

            self.receipts.submit(order.id, content)
        return outcome

    def _receipt_done(self, result: ReceiptResult) -> None:
        self.last_receipt = result
        self._emit(result)

    # --- the barista --------------------------------------------------------------------

    def set_paid(self, order_id: int, paid: bool) -> Order:
        """The Paid toggle: stored at once. Raises TransitionError for a cancelled order."""
        return self.store.set_paid(order_id, paid)

    @staticmethod
    def serve_needs_payment_check(order: Order) -> bool:
        """True when Served should first ask "not paid yet: paid now?"."""
        return serve_needs_payment_check(order)

    def mark_ready(self, order_id: int) -> Order:
        """Ready (or Call again): stored, chimed, and the board told. Raises
        TransitionError unless the order is printed."""
        order = self.store.mark_ready(order_id)
        if self.chime is not None:
            self.chime.chime()
        self._emit(ReadyChanged(order_id, called=True))
        return order

    def board_changed(self, order_id: int | None = None) -> None:
        """Something that may take a number off the board happened (served, cancelled)."""
        self._emit(ReadyChanged(order_id))

    def ready_board(self, now: datetime | None = None) -> list[ReadyEntry]:
        """The numbers to show now, the latest call first (:func:`kiosk.counter.ready`)."""
        now = now or self._clock()
        orders = self.store.list_ready(board_since(now, self.ready_for))
        return ready_board(orders, now, self.ready_for)

    def now(self) -> datetime:
        """The service's clock."""
        return self._clock()

    @staticmethod
    def next_change(entries: list[ReadyEntry]) -> datetime | None:
        """When the board next changes by itself (a number's time is up), or None."""
        return next_change(entries)
