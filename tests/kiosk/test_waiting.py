"""The customer's expected wait, learned from the kiosk's own prints (kiosk.orders.waiting)."""

from __future__ import annotations

import pytest
from kiosk_fakes import make_mask, make_preview

from kiosk.orders.model import OrderState
from kiosk.orders.schema import PrintResult
from kiosk.orders.waiting import (
    DEFAULT_ORDER_SECONDS,
    HANDLING_SECONDS,
    RECENT_PRINTS,
    RunningPrint,
    estimate_wait,
    expected_wait_seconds,
    typical_print_seconds,
)

H = HANDLING_SECONDS


# --- the arithmetic on hand-made numbers ------------------------------------------------

def test_nothing_measured_yet_is_the_default_per_order():
    assert expected_wait_seconds(0) == DEFAULT_ORDER_SECONDS
    assert expected_wait_seconds(3) == 4 * DEFAULT_ORDER_SECONDS


def test_the_median_of_recent_prints_sets_the_pace():
    # One print stalled for minutes (powder refill) does not move the median.
    durations = [20.0, 22.0, 400.0, 18.0, 21.0]
    assert typical_print_seconds(durations) == 21.0
    assert expected_wait_seconds(2, durations) == pytest.approx(3 * (21.0 + H))


def test_only_the_latest_prints_count():
    # The machine was slowed down long ago; the newest RECENT_PRINTS prints are fast.
    durations = [12.0] * RECENT_PRINTS + [90.0] * 50  # newest first
    assert typical_print_seconds(durations) == 12.0


def test_even_count_median_and_junk_durations():
    assert typical_print_seconds([10.0, 30.0]) == 20.0
    assert typical_print_seconds([0.0, -5.0]) is None  # a clock step is no measurement


def test_the_running_print_adds_what_the_printer_says_is_left():
    durations = [30.0, 30.0, 30.0]
    running = RunningPrint(elapsed=20.0, seconds_left=10.0)
    assert expected_wait_seconds(1, durations, running) == pytest.approx(10.0 + 2 * (30 + H))


def test_a_running_print_without_a_word_from_the_printer_uses_the_typical_print():
    durations = [30.0]
    assert expected_wait_seconds(0, durations, RunningPrint(elapsed=12.0)) == \
        pytest.approx((30 - 12) + (30 + H))
    # Running longer than usual: nothing left to count, never negative.
    assert expected_wait_seconds(0, durations, RunningPrint(elapsed=50.0)) == \
        pytest.approx(30 + H)


def test_without_history_the_printers_estimate_of_the_running_print_is_the_pace():
    # 25 s in, 15 s left: the printer expects 40 s per print of this kind.
    running = RunningPrint(elapsed=25.0, seconds_left=15.0)
    assert expected_wait_seconds(2, (), running) == pytest.approx(15.0 + 3 * (40.0 + H))
    # History, once there is some, wins over the printer's estimate.
    assert expected_wait_seconds(2, [20.0], running) == pytest.approx(15.0 + 3 * (20.0 + H))


def test_unknown_time_left_is_not_a_negative_number():
    running = RunningPrint(elapsed=5.0, seconds_left=-1.0)  # the service's "not known yet"
    assert running.printer_total() is None
    assert expected_wait_seconds(0, [], running) == pytest.approx(
        (DEFAULT_ORDER_SECONDS - H - 5.0) + DEFAULT_ORDER_SECONDS)


# --- from the order store ---------------------------------------------------------------

def _order(store, seed=0):
    return store.create_order(drink_id="latte", mask=make_mask(seed), preview=make_preview(seed))


def _printed(store, clock, seconds, seed=0):
    order = _order(store, seed)
    _, job = store.begin_print(order.id)
    clock.advance(seconds=seconds)
    store.finish_print(job.id, PrintResult.PRINTED)
    store.transition(order.id, OrderState.SERVED)
    return order


def test_a_new_kiosk_estimates_45_s_per_order(store):
    first, second = _order(store, 1), _order(store, 2)
    assert estimate_wait(store, first.id) == DEFAULT_ORDER_SECONDS
    assert estimate_wait(store, second.id) == 2 * DEFAULT_ORDER_SECONDS


def test_the_store_learns_from_successful_prints_only(store, clock):
    for seconds in (20, 24, 22):
        _printed(store, clock, seconds)
    # A failed print (powder empty after 3 s) teaches nothing about a print's length.
    failed = _order(store, 5)
    _, job = store.begin_print(failed.id)
    clock.advance(seconds=3)
    store.finish_print(job.id, PrintResult.FAILED, error_code="powder_empty",
                       error_params={"powder": "cocoa"})
    assert [j.result for j in store.recent_print_jobs()] == [PrintResult.PRINTED] * 3
    mine = _order(store, 6)
    # The failed order is ahead and needs a reprint: two turns of 22 s + handling.
    assert estimate_wait(store, mine.id) == pytest.approx(2 * (22 + H))


def test_the_running_print_and_the_queue_ahead(store, clock):
    for seconds in (30, 30, 30):
        _printed(store, clock, seconds)
    printing, waiting = _order(store, 1), _order(store, 2)
    store.begin_print(printing.id)
    clock.advance(seconds=12)
    mine = _order(store, 3)
    # Without the printer's word: 30 - 12 s left, then the waiting order, then mine.
    assert estimate_wait(store, mine.id) == pytest.approx(18 + 2 * (30 + H))
    # With it: the printer knows best how long the running picture takes.
    assert estimate_wait(store, mine.id, printer_seconds_left=5.0) == \
        pytest.approx(5 + 2 * (30 + H))
    # Orders after mine do not make me wait; served, cancelled and purged ones neither.
    later = _order(store, 4)
    assert estimate_wait(store, mine.id, printer_seconds_left=5.0) == \
        pytest.approx(5 + 2 * (30 + H))
    assert estimate_wait(store, later.id, printer_seconds_left=5.0) == \
        pytest.approx(5 + 3 * (30 + H))
    store.transition(waiting.id, OrderState.CANCELLED)
    assert estimate_wait(store, mine.id, printer_seconds_left=5.0) == \
        pytest.approx(5 + 1 * (30 + H))


def test_recent_print_jobs_are_newest_first_and_limited(store, clock):
    orders = [_printed(store, clock, seconds, seed) for seed, seconds in enumerate((5, 6, 7))]
    jobs = store.recent_print_jobs(2)
    assert [j.order_id for j in jobs] == [orders[2].id, orders[1].id]
    assert store.running_print_jobs() == []
