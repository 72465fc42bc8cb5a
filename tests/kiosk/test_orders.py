"""The order state table: every legal move allowed, every other refused, an abort path."""

from __future__ import annotations

import itertools

import pytest
from kiosk_fakes import make_mask

from kiosk.orders.model import (
    QUEUE_STATES,
    TERMINAL_STATES,
    TRANSITIONS,
    OrderState,
    TransitionError,
    can_transition,
    check_transition,
)
from kiosk.orders.store import OrderStore

S = OrderState

EXPECTED_LEGAL = {
    (S.QUEUED, S.PRINTING), (S.QUEUED, S.CANCELLED),
    (S.PRINTING, S.PRINTED), (S.PRINTING, S.INTERRUPTED), (S.PRINTING, S.FAILED),
    (S.PRINTING, S.CANCELLED),
    (S.PRINTED, S.SERVED), (S.PRINTED, S.PRINTING), (S.PRINTED, S.CANCELLED),
    (S.INTERRUPTED, S.PRINTING), (S.INTERRUPTED, S.CANCELLED),
    (S.FAILED, S.PRINTING), (S.FAILED, S.CANCELLED),
}
ALL_PAIRS = list(itertools.product(OrderState, OrderState))


def test_the_table_is_exactly_the_documented_one() -> None:
    legal = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert legal == EXPECTED_LEGAL


@pytest.mark.parametrize(("current", "new"), ALL_PAIRS, ids=lambda s: s.value)
def test_check_transition_refuses_exactly_the_illegal_moves(current, new) -> None:
    if (current, new) in EXPECTED_LEGAL:
        check_transition(current, new)
        assert can_transition(current, new)
    else:
        assert not can_transition(current, new)
        with pytest.raises(TransitionError, match=f"{current.value} cannot become {new.value}"):
            check_transition(current, new)


def test_every_live_state_can_be_cancelled_and_terminal_states_are_final() -> None:
    assert {S.SERVED, S.CANCELLED} == TERMINAL_STATES
    for state in QUEUE_STATES:
        assert can_transition(state, S.CANCELLED)
    for state in TERMINAL_STATES:
        assert TRANSITIONS[state] == frozenset()


def test_only_a_print_tap_enters_printing_and_a_crash_never_requeues() -> None:
    # Nothing goes back to QUEUED: an interrupted print must wait for the barista's tap.
    assert all(S.QUEUED not in targets for targets in TRANSITIONS.values())


def _order_in(store: OrderStore, state: OrderState) -> int:
    """Drive a fresh order to ``state`` through legal moves only."""
    path = {
        S.QUEUED: [], S.PRINTING: [S.PRINTING], S.PRINTED: [S.PRINTING, S.PRINTED],
        S.SERVED: [S.PRINTING, S.PRINTED, S.SERVED], S.FAILED: [S.PRINTING, S.FAILED],
        S.INTERRUPTED: [S.PRINTING, S.INTERRUPTED], S.CANCELLED: [S.CANCELLED],
    }[state]
    order = store.create_order(drink_id="latte", mask=make_mask(), preview=None)
    for step in path:
        store.transition(order.id, step)
    assert store.get(order.id).state is state
    return order.id


@pytest.mark.parametrize(("current", "new"), ALL_PAIRS, ids=lambda s: s.value)
def test_the_store_enforces_the_table(store, current, new) -> None:
    order_id = _order_in(store, current)
    before = store.get(order_id)
    if (current, new) in EXPECTED_LEGAL:
        assert store.transition(order_id, new).state is new
    else:
        with pytest.raises(TransitionError):
            store.transition(order_id, new)
        assert store.get(order_id) == before  # a refused move changes nothing
