"""The barista queue's once-a-second read runs off the GUI thread: a store busy with another
thread's write does not freeze the screen, a new order's card still appears (with its cup
picture), and a read older than the barista's own tap never undoes what the tap showed."""

from __future__ import annotations

import threading

import pytest
from barista_support import close_rig, make_rig, portrait_like_mask, preview_of
from PySide6.QtCore import QTimer

from kiosk.orders.model import OrderState
from kiosk.ui.barista.queue_feed import QueueFeed, QueueRead


@pytest.fixture
def rig(qtbot, tmp_path):
    rig = make_rig(tmp_path, start=False)
    qtbot.addWidget(rig.window)
    yield rig
    close_rig(rig)


def test_a_store_held_by_a_write_does_not_freeze_the_queue_screen(qtbot, rig):
    first, _ = rig.add_order(seed=1)
    mask = portrait_like_mask(2)
    second = rig.store.create_order(drink_id="latte", mask=mask, preview=preview_of(mask))
    held, release = threading.Event(), threading.Event()

    def writer() -> None:  # holds the store as a customer's order commit does while syncing
        with rig.store._db.read():
            held.set()
            release.wait(20)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert held.wait(5)
        # The window's own once-a-second timer starts the read, which waits for the store.
        qtbot.waitUntil(lambda: rig.window.feed.reading, timeout=3000)
        ticks: list[int] = []
        QTimer.singleShot(0, lambda: ticks.append(1))
        qtbot.waitUntil(lambda: bool(ticks), timeout=1000)  # the GUI thread answers
        assert second.id not in rig.window.cards  # the read is still waiting
        assert rig.card(first.id).isVisible()
    finally:
        release.set()
        thread.join(5)
    qtbot.waitUntil(lambda: second.id in rig.window.cards, timeout=5000)
    card = rig.card(second.id)
    assert card.number.text() == "No. 002"
    pixmap = card.preview.pixmap()
    assert pixmap is not None and not pixmap.isNull()  # decoded off the GUI thread


def test_a_read_older_than_the_barista_tap_is_dropped(qtbot, rig):
    order, _ = rig.add_order(seed=1)
    gate, entered = threading.Event(), threading.Event()
    store = rig.store

    class SlowStore:  # the real store, its queue read held back until the test says
        def list_queue(self):  # type: ignore[no-untyped-def]
            queue = store.list_queue()
            entered.set()
            gate.wait(10)
            return queue

        def get_preview_png(self, order_id):  # type: ignore[no-untyped-def]
            return store.get_preview_png(order_id)

    feed = QueueFeed(SlowStore())  # type: ignore[arg-type]
    reads: list[QueueRead] = []
    feed.ready.connect(reads.append)
    feed.request(())
    assert entered.wait(5)  # it has read: the order is QUEUED in what it will deliver
    store.transition(order.id, OrderState.CANCELLED)  # the barista's tap, shown at once
    feed.supersede()
    entered.clear()
    feed.request(())  # the next tick comes while the old read is still out
    gate.set()
    qtbot.waitUntil(lambda: bool(reads), timeout=5000)
    feed.close()
    # The stale read (order still queued) never reached the window; the one after it did.
    assert len(reads) == 1 and reads[0].error is None
    assert order.id not in [o.id for o in reads[0].orders]


def test_a_failed_read_says_so_and_keeps_the_cards(qtbot, rig):
    order, _ = rig.add_order(seed=1)
    rig.store.close()  # the data folder went away under the kiosk
    rig.window.poll()
    qtbot.waitUntil(lambda: rig.window.store_problem is not None, timeout=5000)
    assert rig.window.store_banner.isVisibleTo(rig.window)
    assert order.id in rig.window.cards
