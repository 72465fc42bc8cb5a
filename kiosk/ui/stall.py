"""How responsive the GUI thread is: a timer that records the gaps between its ticks.

A ``QTimer`` fires every ``interval_ms`` on the GUI thread; when the thread is busy the next
tick comes late, and the lateness is the stall a customer would feel as a frozen screen.
The kiosk's rule is that no stall exceeds 50 ms (rendering, camera I/O, store reads and
printing run in worker threads). The benchmarks and the tests read
:attr:`StallMonitor.longest_ms`, :meth:`StallMonitor.percentile_ms` and
:attr:`StallMonitor.stalls`.

Each stall over the limit is kept with the GUI thread's own CPU time inside it: a stall the
thread spent computing (a screen rebuilt, an image converted) shows CPU close to its length;
one it spent waiting (for the GIL a worker's numpy holds, a lock, the CPU other processes
took) shows little.
"""

from __future__ import annotations

import collections
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer

STALL_LIMIT_MS = 50.0
KEPT_STALLS = 256  # the latest stalls over the limit kept for a report (a bounded memory)
KEPT_GAPS = 200_000  # ~33 min of 10 ms ticks: enough for a benchmark's percentiles


@dataclass(frozen=True)
class Stall:
    """One tick that came more than :data:`STALL_LIMIT_MS` late.

    Attributes:
        start / end: ``time.perf_counter()`` seconds of the tick before and of the late one.
        gap_ms: lateness in ms (the gap minus the timer's interval).
        cpu_ms: CPU time the GUI thread itself used between the two ticks, in ms.
    """

    start: float
    end: float
    gap_ms: float
    cpu_ms: float


class StallMonitor(QObject):
    """Records the GUI thread's stalls (ms beyond the expected tick) since reset()."""

    def __init__(self, interval_ms: int = 10, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interval_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.setTimerType(self._timer.timerType().PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last: float | None = None
        self._last_cpu = 0.0
        self._longest_ms = 0.0
        self._ticks = 0
        self._over_limit = 0
        self._gaps: collections.deque[float] = collections.deque(maxlen=KEPT_GAPS)
        self._stalls: collections.deque[Stall] = collections.deque(maxlen=KEPT_STALLS)

    @property
    def longest_ms(self) -> float:
        """Longest stall in milliseconds since the last :meth:`reset` (0 if none)."""
        return self._longest_ms

    @property
    def over_limit(self) -> int:
        """Stalls longer than :data:`STALL_LIMIT_MS` since the last reset."""
        return self._over_limit

    @property
    def ticks(self) -> int:
        """Ticks observed since the last reset (proof the monitor was running)."""
        return self._ticks

    @property
    def stalls(self) -> list[Stall]:
        """The latest (up to :data:`KEPT_STALLS`) stalls over the limit since the reset."""
        return list(self._stalls)

    @property
    def running(self) -> bool:
        """True while the monitor's timer is active."""
        return self._timer.isActive()

    def percentile_ms(self, q: float) -> float:
        """The ``q``-th percentile (0-100) of the ticks' lateness in ms since the reset
        (0 before two ticks); ``percentile_ms(99)`` is the p99 event-loop gap."""
        if not 0.0 <= q <= 100.0:
            raise ValueError(f"q must be between 0 and 100, got {q}")
        gaps = sorted(self._gaps)
        if not gaps:
            return 0.0
        return gaps[round(q / 100.0 * (len(gaps) - 1))]

    def start(self) -> None:
        """Start measuring (and reset the figures)."""
        self.reset()
        self._last = None
        self._timer.start()

    def stop(self) -> None:
        """Stop measuring; the figures stay readable."""
        self._timer.stop()
        self._last = None

    def reset(self) -> None:
        """Forget the stalls so far (e.g. at the start of a measured phase).

        The tick timing carries on, so a stall already under way when this is called is
        still seen when it ends."""
        self._longest_ms = 0.0
        self._ticks = 0
        self._over_limit = 0
        self._gaps.clear()
        self._stalls.clear()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        if self._last is not None:
            gap_ms = (now - self._last) * 1000.0 - self._interval_ms
            self._longest_ms = max(self._longest_ms, gap_ms)
            self._gaps.append(gap_ms)
            if gap_ms > STALL_LIMIT_MS:
                self._over_limit += 1
                self._stalls.append(Stall(self._last, now, gap_ms,
                                          (cpu - self._last_cpu) * 1000.0))
        self._last, self._last_cpu = now, cpu
        self._ticks += 1
