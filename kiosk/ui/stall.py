"""How responsive the GUI thread is: a timer that records the longest gap between ticks.

A ``QTimer`` fires every ``interval_ms`` on the GUI thread; when the thread is busy the next
tick comes late, and the lateness is the stall a customer would feel as a frozen screen.
The kiosk's rule is that no stall exceeds 50 ms (rendering, camera I/O and printing run in
worker threads). The benchmark and the tests read :attr:`StallMonitor.longest_ms`.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

STALL_LIMIT_MS = 50.0


class StallMonitor(QObject):
    """Records the GUI thread's longest stall (ms beyond the expected tick) since reset()."""

    def __init__(self, interval_ms: int = 10, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interval_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.setTimerType(self._timer.timerType().PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last: float | None = None
        self._longest_ms = 0.0
        self._ticks = 0
        self._over_limit = 0

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
    def running(self) -> bool:
        """True while the monitor's timer is active."""
        return self._timer.isActive()

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
        """Forget the longest stall so far (e.g. at the start of a measured phase).

        The tick timing carries on, so a stall already under way when this is called is
        still seen when it ends."""
        self._longest_ms = 0.0
        self._ticks = 0
        self._over_limit = 0

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            gap_ms = (now - self._last) * 1000.0 - self._interval_ms
            self._longest_ms = max(self._longest_ms, gap_ms)
            if gap_ms > STALL_LIMIT_MS:
                self._over_limit += 1
        self._last = now
        self._ticks += 1
