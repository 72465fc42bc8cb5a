"""How long a new customer waits for their cup, learned from this kiosk's own prints.

A print's duration depends on the machine, its speed setting and the pictures customers
choose, so a fixed guess is wrong somewhere. The estimate is::

    wait = time left of the running print
         + (orders ahead that still need printing + this one) x seconds per order

    seconds per order = typical print + HANDLING_SECONDS (the barista takes the cup away,
                        places the next one and taps Print)
    typical print     = median duration of the last RECENT_PRINTS successful prints;
                        with none yet, the printer's own estimate for the running print;
                        with neither, DEFAULT_ORDER_SECONDS per order in all.

The median, not the mean: one print stalled by an empty powder (finished minutes later,
after a refill) must not double every estimate. All times are in seconds.
:func:`expected_wait_seconds` is the arithmetic on plain numbers;
:func:`estimate_wait` reads the order store.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.orders.model import OrderState
from kiosk.orders.schema import PrintJob

if TYPE_CHECKING:  # the store imports much; the estimate only needs its methods
    from kiosk.orders.store import OrderStore

DEFAULT_ORDER_SECONDS = 45.0
"""Seconds per order before anything was measured: a print (10-40 s) plus the cup handling."""
HANDLING_SECONDS = 10.0
"""Seconds between two prints: the cup taken away, the next placed, Print tapped."""
RECENT_PRINTS = 20
"""How many of the latest successful prints the typical print time comes from."""

# States of orders ahead of a new one that will still go through the printer.
_TO_PRINT = (OrderState.QUEUED, OrderState.INTERRUPTED, OrderState.FAILED)


@dataclass(frozen=True)
class RunningPrint:
    """The print under way now.

    Attributes:
        elapsed: seconds since it started (upload included).
        seconds_left: the printer's estimate of the time left, None while unknown.
    """

    elapsed: float
    seconds_left: float | None = None

    def left(self, typical: float | None) -> float:
        """Seconds until it is done: the printer's word if it gave one, else the typical
        print (or the default) less what has already elapsed; never below 0."""
        if self.seconds_left is not None and self.seconds_left >= 0:
            return float(self.seconds_left)
        full = typical if typical is not None else DEFAULT_ORDER_SECONDS - HANDLING_SECONDS
        return max(0.0, full - self.elapsed)

    def printer_total(self) -> float | None:
        """The printer's estimate of this whole print (elapsed + left), None if unknown."""
        if self.seconds_left is None or self.seconds_left < 0:
            return None
        return max(0.0, self.elapsed) + float(self.seconds_left)


def typical_print_seconds(durations: Sequence[float],
                          printer_estimate: float | None = None) -> float | None:
    """Median of ``durations`` (the newest first; only the first :data:`RECENT_PRINTS` count),
    else ``printer_estimate`` if positive, else None (nothing known)."""
    recent = [float(d) for d in durations[:RECENT_PRINTS] if d > 0]
    if recent:
        return statistics.median(recent)
    if printer_estimate is not None and printer_estimate > 0:
        return float(printer_estimate)
    return None


def seconds_per_order(typical: float | None) -> float:
    """One order's turn at the printer: the typical print plus the cup handling, or
    :data:`DEFAULT_ORDER_SECONDS` when no print time is known."""
    return typical + HANDLING_SECONDS if typical is not None else DEFAULT_ORDER_SECONDS


def expected_wait_seconds(orders_ahead: int, durations: Sequence[float] = (),
                          running: RunningPrint | None = None) -> float:
    """Seconds until a new order's cup is printed.

    Args:
        orders_ahead: orders before this one that still need printing (not the running one).
        durations: durations in seconds of recent successful prints, newest first.
        running: the print under way now (another order's), or None.
    """
    printer_estimate = running.printer_total() if running is not None else None
    typical = typical_print_seconds(durations, printer_estimate)
    wait = (max(0, orders_ahead) + 1) * seconds_per_order(typical)
    if running is not None:
        wait += running.left(typical)
    return wait


def print_durations(jobs: Iterable[PrintJob]) -> list[float]:
    """Seconds from start to finish of each finished job (``kiosk.orders.schema.PrintJob``),
    in the order given; jobs without a finish or with a clock step backwards are left out."""
    out = []
    for job in jobs:
        if job.finished_at is None:
            continue
        seconds = (job.finished_at - job.started_at).total_seconds()
        if seconds > 0:
            out.append(seconds)
    return out


def estimate_wait(store: OrderStore, order_id: int, *, printer_seconds_left: float | None = None,
                  now: datetime | None = None) -> float:
    """Seconds until order ``order_id`` is printed, from the store
    (``kiosk.orders.store.OrderStore``).

    Args:
        printer_seconds_left: the printer's time left for the running print, if it said.
        now: the time now (default: the store's clock).
    """
    queue = store.list_queue()
    me = next((o for o in queue if o.id == order_id), None)
    running_jobs = [j for j in store.running_print_jobs()
                    if any(o.id == j.order_id and o.state is OrderState.PRINTING for o in queue)]
    now = now or store.now()
    running = None
    if running_jobs:
        job = running_jobs[-1]
        running = RunningPrint(elapsed=max(0.0, (now - job.started_at).total_seconds()),
                               seconds_left=printer_seconds_left)
    durations = print_durations(store.recent_print_jobs(RECENT_PRINTS))
    if me is not None and me.state is OrderState.PRINTING:  # already on the printer
        typical = typical_print_seconds(
            durations, running.printer_total() if running is not None else None)
        return running.left(typical) if running is not None else 0.0
    ahead = sum(1 for o in queue
                if o.id < order_id and o.state in _TO_PRINT and o.has_images)
    return expected_wait_seconds(ahead, durations, running)
