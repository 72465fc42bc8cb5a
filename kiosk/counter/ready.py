"""The "ready" board's rules: which numbers the attract screen shows, in what order, how long.

When the barista calls a printed cup ready, its number shows on the attract screen for
``counter.ready_minutes`` (default :data:`DEFAULT_READY_MINUTES`), the latest call first, at
most :data:`MAX_SHOWN` numbers. A number leaves the board when its time is up, when the cup
is handed over (Served) or cancelled, or when it is reprinted (then it is called again).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.orders.model import Order, OrderState

DEFAULT_READY_MINUTES = 5.0
MAX_SHOWN = 6
"""Numbers on the board at once: six stay readable from across a café at 800x480."""


@dataclass(frozen=True)
class ReadyEntry:
    """One number on the board.

    Attributes:
        order_id: the order's id.
        ticket: the number as the customer's ticket shows it (``"012"``).
        ready_at: when it was called (timezone-aware).
        until: when it leaves the board unless served sooner.
    """

    order_id: int
    ticket: str
    ready_at: datetime
    until: datetime


def board_since(now: datetime, show_for: timedelta) -> datetime:
    """The earliest call time still on the board at ``now`` (ask the store from here)."""
    return now - show_for


def ready_board(orders: Iterable[Order], now: datetime, show_for: timedelta, *,
                limit: int = MAX_SHOWN) -> list[ReadyEntry]:
    """The numbers to show at ``now``: printed, called within ``show_for``, latest first.

    Args:
        orders: candidate orders (any; those not printed and called are left out).
        now: timezone-aware time.
        show_for: how long a call stays up.
        limit: at most this many numbers.
    """
    entries = [
        ReadyEntry(o.id, o.ticket, o.ready_at, o.ready_at + show_for)
        for o in orders
        if o.ready_at is not None and o.state is OrderState.PRINTED
        and o.ready_at <= now < o.ready_at + show_for
    ]
    entries.sort(key=lambda e: (e.ready_at, e.order_id), reverse=True)
    return entries[:max(0, limit)]


def next_change(entries: Iterable[ReadyEntry]) -> datetime | None:
    """When the board next changes by itself (the first number to expire), or None."""
    return min((e.until for e in entries), default=None)
