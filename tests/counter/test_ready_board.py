"""The ready board: which numbers show, latest first, for how long (on a fake clock)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from counter_support import new_order, printed_order

from kiosk.counter.payment import PayAtCounter
from kiosk.counter.ready import MAX_SHOWN
from kiosk.counter.service import CounterService, ReadyChanged
from kiosk.orders.model import OrderState, TransitionError


def _service(store, clock, minutes: float = 5) -> CounterService:
    return CounterService(store, menu=None, payment=PayAtCounter(), cafe_name="Café",
                          ready_for=timedelta(minutes=minutes), clock=clock)


def test_a_called_number_shows_latest_first_and_expires_after_the_setting(store, clock):
    counter = _service(store, clock, minutes=3)
    a, b = printed_order(store), printed_order(store)
    counter.mark_ready(a.id)
    clock.advance(minutes=1)
    counter.mark_ready(b.id)
    assert [e.ticket for e in counter.ready_board()] == [b.ticket, a.ticket]
    entries = counter.ready_board()
    assert counter.next_change(entries) == clock.now + timedelta(minutes=2)  # a's time
    clock.advance(minutes=2)  # a was called 3 minutes ago: gone
    assert [e.ticket for e in counter.ready_board()] == [b.ticket]
    clock.advance(seconds=59)
    assert [e.ticket for e in counter.ready_board()] == [b.ticket]
    clock.advance(seconds=1)
    assert counter.ready_board() == []


def test_served_cancelled_or_reprinted_cups_leave_the_board(store, clock):
    counter = _service(store, clock)
    served, cancelled, reprinted, waiting = (printed_order(store) for _ in range(4))
    for order in (served, cancelled, reprinted, waiting):
        counter.mark_ready(order.id)
    store.transition(served.id, OrderState.SERVED)
    store.transition(cancelled.id, OrderState.CANCELLED)
    store.begin_print(reprinted.id)
    assert [e.order_id for e in counter.ready_board()] == [waiting.id]


def test_call_again_moves_a_number_to_the_top_with_a_fresh_time(store, clock):
    counter = _service(store, clock, minutes=5)
    a, b = printed_order(store), printed_order(store)
    counter.mark_ready(a.id)
    clock.advance(minutes=1)
    counter.mark_ready(b.id)
    clock.advance(minutes=4, seconds=30)
    counter.mark_ready(a.id)  # the customer did not come: call again
    assert [e.order_id for e in counter.ready_board()] == [a.id, b.id]
    clock.advance(seconds=31)
    assert [e.order_id for e in counter.ready_board()] == [a.id]


def test_the_board_shows_at_most_a_readable_few(store, clock):
    counter = _service(store, clock)
    orders = [printed_order(store) for _ in range(MAX_SHOWN + 2)]
    for order in orders:
        counter.mark_ready(order.id)
        clock.advance(seconds=1)
    shown = [e.order_id for e in counter.ready_board()]
    assert shown == [o.id for o in reversed(orders)][:MAX_SHOWN]


def test_a_ready_call_is_told_to_listeners_and_rings(store, clock):
    rung: list[int] = []

    class Bell:
        def chime(self) -> None:
            rung.append(1)

    counter = _service(store, clock)
    counter.chime = Bell()  # type: ignore[assignment]
    events: list[object] = []
    counter.add_listener(events.append)
    order = printed_order(store)
    counter.mark_ready(order.id)
    assert events == [ReadyChanged(order.id, called=True)] and rung == [1]
    counter.board_changed(order.id)
    assert events[-1] == ReadyChanged(order.id, called=False) and rung == [1]


def test_a_queued_order_is_not_called(store, clock):
    counter = _service(store, clock)
    order = new_order(store)
    with pytest.raises(TransitionError):
        counter.mark_ready(order.id)
    assert counter.ready_board() == []
