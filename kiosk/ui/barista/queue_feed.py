"""The barista queue's once-a-second read of the order store, off the GUI thread.

The queue is re-read every second (orders arrive from the customer's window). On the GUI
thread that read waits for the store's lock whenever another thread writes (a customer's
order being committed and synced), and each new order's cup picture is a PNG to decode:
with the live preview running on the other screen, the GUI thread stalled past 50 ms.
:class:`QueueFeed` makes the read, and decodes the pictures of orders the window does not
show yet, on a thread of its own (:class:`kiosk.ui.workers.BackgroundCall`); the answer
comes back on the GUI thread as ``ready(QueueRead)``.

A read that started before the window re-read the queue itself (after the barista's own
tap, which must show at once) is stale: :meth:`QueueFeed.supersede` makes the feed drop it,
so the queue never steps back to what it was a moment earlier.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from kiosk.orders.model import Order
from kiosk.orders.store import OrderStore
from kiosk.ui.workers import BackgroundCall


@dataclass(frozen=True)
class QueueRead:
    """One read of the queue.

    Attributes:
        orders: the queue, oldest first (empty when the read failed).
        previews: the decoded cup picture of each order asked for (a ``QImage``, thread-safe,
            made into a pixmap on the GUI thread), None where it has none or it is unreadable.
        error: why the read failed (a :class:`kiosk.orders.errors.StoreError` says in
            words), or None.
    """

    orders: list[Order] = field(default_factory=list)
    previews: dict[int, QImage | None] = field(default_factory=dict)
    error: Exception | None = None


def read_queue(store: OrderStore, known: Collection[int]) -> QueueRead:
    """The queue and the previews of its orders not in ``known`` (any thread)."""
    orders = store.list_queue()
    previews: dict[int, QImage | None] = {}
    for order in orders:
        if order.id in known or not order.has_images:
            continue
        data = store.get_preview_png(order.id)
        image = QImage()
        previews[order.id] = image if data and image.loadFromData(data) else None
    return QueueRead(orders, previews)


class QueueFeed(QObject):
    """Reads the queue in the background on :meth:`request`; ``ready(QueueRead)`` on the
    GUI thread. One read at a time: a request during a read is answered by one more read
    once it ends (so an order stored meanwhile is not missed for a second)."""

    ready = Signal(object)

    def __init__(self, store: OrderStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._call = BackgroundCall("barista-queue-read", self)
        self._call.done.connect(self._done)
        self._again: frozenset[int] | None = None
        self._stale = False
        self._closed = False

    @property
    def reading(self) -> bool:
        """True while a read is in progress."""
        return self._call.running

    def request(self, known: Collection[int]) -> None:
        """Read the queue; decode the previews of orders whose id is not in ``known``."""
        if self._closed:
            return
        known = frozenset(known)
        if self._call.running:
            self._again = known
            return
        self._stale = False
        store = self._store
        self._call.start(lambda: read_queue(store, known))

    def supersede(self) -> None:
        """The window has just read the queue itself: a read under way is out of date."""
        if self._call.running:
            self._stale = True

    def close(self) -> None:
        """No more reads; waits for one in progress (the window closes)."""
        self._closed = True
        self._again = None
        self._call.join()

    def _done(self, result: object) -> None:
        stale, self._stale = self._stale, False
        again, self._again = self._again, None
        if self._closed:
            return
        if not stale:
            if not isinstance(result, QueueRead):
                result = QueueRead(error=result if isinstance(result, Exception) else None)
            self.ready.emit(result)
        if again is not None:
            self.request(again)
