"""Waiting in the benchmarks: run the Qt event loop until a condition holds."""

from __future__ import annotations

import time
from collections.abc import Callable


def run_until(cond: Callable[[], bool], timeout: float = 30.0, *, poll_ms: int = 5) -> bool:
    """Run the event loop until ``cond()`` or ``timeout`` seconds, checking every
    ``poll_ms`` ms (no busy wait on this thread); returns ``cond()`` at the end."""
    from PySide6.QtCore import QEventLoop, QTimer

    if cond():
        return True
    loop = QEventLoop()
    end = time.monotonic() + timeout
    timer = QTimer()
    timer.timeout.connect(lambda: (cond() or time.monotonic() > end) and loop.quit())
    timer.start(poll_ms)
    loop.exec()
    timer.stop()
    return bool(cond())
