"""Capped exponential backoff, optionally with a total deadline: one helper for every retry
loop (the driver's reconnect, the kiosk's printer and camera re-opens).

    backoff = Backoff(first=0.1, maximum=2.0, total=20.0)
    while True:
        if try_once():
            break
        delay = backoff.next_delay()      # None once the deadline has passed
        if delay is None or stop.wait(delay):
            give_up()

Seconds throughout, measured on ``time.monotonic`` (or the ``clock`` given).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator


def backoff_delays(first: float, maximum: float, factor: float = 2.0) -> Iterator[float]:
    """Endless pauses: ``first``, ×``factor`` each time, never above ``maximum``."""
    delay = min(first, maximum)
    while True:
        yield delay
        delay = min(delay * factor, maximum)


class Backoff:
    """Pauses between attempts, growing from ``first`` by ``factor`` up to ``maximum``
    (``first`` above ``maximum`` is cut to it),
    ending at a deadline: ``total`` seconds from now, or the absolute ``deadline`` (on
    ``clock``); neither means no end. Not thread-safe: one retry loop owns one.
    """

    def __init__(
        self, first: float, maximum: float, *, total: float | None = None,
        deadline: float | None = None, factor: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if first < 0 or maximum < 0 or factor < 1:
            raise ValueError(f"backoff {first}..{maximum} x{factor}: need pauses >= 0 and "
                             "factor >= 1")
        self.first, self.maximum, self.factor = first, maximum, factor
        self._clock = clock
        ends = [d for d in (deadline, None if total is None else clock() + total)
                if d is not None]
        self.deadline: float | None = min(ends) if ends else None
        self._delays = backoff_delays(first, maximum, factor)

    def left(self) -> float:
        """Seconds until the deadline (``inf`` without one, never below 0)."""
        if self.deadline is None:
            return math.inf
        return max(0.0, self.deadline - self._clock())

    @property
    def expired(self) -> bool:
        """True once the deadline has passed."""
        return self.deadline is not None and self._clock() >= self.deadline

    def next_delay(self) -> float | None:
        """The pause before the next attempt, cut so it ends by the deadline; None when the
        deadline has passed (give up)."""
        if self.expired:
            return None
        return min(next(self._delays), self.left())

    def reset(self) -> None:
        """Start again from ``first`` (an attempt succeeded); the deadline stays."""
        self._delays = backoff_delays(self.first, self.maximum, self.factor)


__all__ = ["Backoff", "backoff_delays"]
