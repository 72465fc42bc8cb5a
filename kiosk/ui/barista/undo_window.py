"""The undo window after "Served": a tap on Served does nothing for ``seconds``; Undo within
them takes it back; only when they are over is the order served (and its picture deleted).

Nothing is written before the window ends, so a kiosk closed or crashed meanwhile keeps the
order PRINTED. :class:`ServeUndo` holds the two timers (the end, and a 250 ms tick so the
seconds shown never lag by a whole one) for one order card.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, Qt, QTimer, Signal

DEFAULT_UNDO_SECONDS = 10.0  # how long "Served" can be undone (setting served_undo_seconds)


class ServeUndo(QObject):
    """The undo window of one card.

    Signals:
        tick(): the seconds left may have changed (every 250 ms while open).
        over(): the window ended without Undo: now serve the order.
    """

    tick = Signal()
    over = Signal()

    def __init__(self, seconds: float = DEFAULT_UNDO_SECONDS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._end = QTimer(self)
        self._end.setSingleShot(True)
        self._end.setTimerType(Qt.TimerType.PreciseTimer)
        self._end.setInterval(max(1, round(seconds * 1000)))
        self._end.timeout.connect(self._over)
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self.tick)

    @property
    def open(self) -> bool:
        """True while "Served" was tapped and can still be undone."""
        return self._end.isActive()

    def start(self) -> None:
        """Open the window (the tap on Served)."""
        self._end.start()
        self._tick.start()

    def stop(self) -> None:
        """Close it without serving (Undo, the kiosk closing, the order gone)."""
        self._end.stop()
        self._tick.stop()

    def seconds_left(self) -> int:
        """Whole seconds left to undo (0 when the window is not open)."""
        if not self.open:
            return 0
        # A coarse timer may report a little more than its interval just after starting.
        left = min(self._end.remainingTime(), self._end.interval())
        return max(1, math.ceil(left / 1000))

    def _over(self) -> None:
        self._tick.stop()
        self.over.emit()
