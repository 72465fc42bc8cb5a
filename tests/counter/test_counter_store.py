"""The order store's counter facts: the price charged, paid/unpaid with its time, the
ready call, and old databases reading as they were."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from counter_support import new_order, printed_order

from kiosk.orders.model import OrderState, TransitionError
from kiosk.orders.schema import MIGRATIONS
from kiosk.orders.store import OrderStore


def test_a_new_order_keeps_its_price_and_is_unpaid(store) -> None:
    order = new_order(store, price=4500)
    again = store.get(order.id)
    assert (again.price_won, again.payment, again.paid_at, again.is_paid) == (
        4500, "counter", None, False)


def test_the_paid_toggle_is_stored_with_its_time_and_survives_a_restart(
        tmp_path, clock) -> None:
    path = tmp_path / "orders.sqlite3"
    with OrderStore(path, clock=clock, reserve_bytes=0) as store:
        order = new_order(store)
        clock.advance(seconds=40)
        paid = store.set_paid(order.id, True)
        assert paid.is_paid and paid.paid_at == clock.now
    with OrderStore(path, clock=clock, reserve_bytes=0) as store:
        assert store.get(order.id).paid_at == paid.paid_at
        clock.advance(seconds=5)
        assert not store.set_paid(order.id, False).is_paid  # a mistaken tap, undone
    with OrderStore(path, clock=clock, reserve_bytes=0) as store:
        assert store.get(order.id).paid_at is None


def test_paying_twice_keeps_the_first_time(store, clock) -> None:
    order = new_order(store)
    first = store.set_paid(order.id, True).paid_at
    clock.advance(seconds=30)
    assert store.set_paid(order.id, True).paid_at == first


def test_a_cancelled_order_cannot_be_paid(store) -> None:
    order = new_order(store)
    store.transition(order.id, OrderState.CANCELLED)
    with pytest.raises(TransitionError, match="cancelled"):
        store.set_paid(order.id, True)


def test_only_a_printed_cup_can_be_called_ready(store) -> None:
    order = new_order(store)
    with pytest.raises(TransitionError, match="printed"):
        store.mark_ready(order.id)
    assert store.get(order.id).ready_at is None


def test_ready_is_stored_and_a_call_again_moves_it(store, clock) -> None:
    order = printed_order(store)
    first = store.mark_ready(order.id)
    assert first.is_ready and first.ready_at == clock.now
    clock.advance(minutes=2)
    assert store.mark_ready(order.id).ready_at == clock.now


def test_a_reprint_takes_the_cup_off_the_board(store) -> None:
    order = printed_order(store)
    store.mark_ready(order.id)
    reprinting, _ = store.begin_print(order.id)
    assert reprinting.ready_at is None and not reprinting.is_ready


def test_list_ready_is_printed_called_cups_latest_first(store, clock) -> None:
    a = printed_order(store)
    b = printed_order(store)
    c = printed_order(store)
    store.mark_ready(a.id)
    clock.advance(seconds=10)
    store.mark_ready(b.id)
    clock.advance(seconds=10)
    store.mark_ready(c.id)
    store.transition(c.id, OrderState.SERVED)  # handed over: off the board
    assert [o.id for o in store.list_ready(clock.now - timedelta(minutes=5))] == [b.id, a.id]
    assert [o.id for o in store.list_ready(clock.now - timedelta(seconds=15))] == [b.id]


def test_a_database_from_before_the_counter_reads_unpaid_without_price(tmp_path) -> None:
    path = tmp_path / "orders.sqlite3"
    db = sqlite3.connect(path)
    for _, script in MIGRATIONS[:2]:
        db.executescript(script)
    db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
               "description TEXT NOT NULL, applied_at TEXT NOT NULL)")
    db.executemany("INSERT INTO schema_migrations VALUES (?, 'old', '2026-11-30T09:00:00+00:00')",
                   [(1,), (2,)])
    db.execute("INSERT INTO orders (day, number, drink_id, design, powders, darkness, state, "
               "lang, created_at, updated_at) VALUES ('2026-11-30', 7, 'latte', 'photo', "
               "'both', 0, 'printed', 'ko', '2026-11-30T09:00:00+00:00', "
               "'2026-11-30T09:00:00+00:00')")
    db.commit()
    db.close()
    with OrderStore(path, reserve_bytes=0) as store:
        (old,) = store.list_orders()
        assert (old.number, old.price_won, old.payment, old.paid_at, old.ready_at) == (
            7, None, "counter", None, None)
        assert store.mark_ready(old.id).is_ready
