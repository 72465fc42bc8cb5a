"""The GUI thread first: worker threads yield the CPU to it (:func:`lower_this_thread`), and
the objects that live as long as the kiosk are kept out of the garbage collector's full
passes (:func:`freeze_long_lived`).

On a small kiosk PC (2 cores) the live preview's render, the camera thread and the still
renders together want more CPU than there is while a customer poses; at equal priority the
GUI thread waits its turn behind them and the screen stutters. Each of those threads lowers
its own scheduling priority when it starts (a higher nice value, Linux: per thread), so the
GUI thread is run first whenever it has something to do, and the workers take what is left.
Measured with ``python -m benchmarks live``: see docs/kiosk.md, Responsiveness.

Python's full (generation 2) collection walks every object the process holds, ~160,000 once
Qt, OpenCV, numba and the screens are loaded: 50-70 ms with the GIL held, so every thread,
the GUI's included, stops for it (4 such pauses over 200 orders, 3 over 20 ms). Frozen
objects are never walked again; what the kiosk allocates later is, as before.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading

log = logging.getLogger(__name__)

WORKER_NICE = 10
"""How much lower than the process a worker thread runs (nice steps, 0-19)."""


def lower_this_thread(steps: int = WORKER_NICE) -> bool:
    """Lower the calling thread's priority by ``steps`` nice levels; True if it took.

    Linux only (elsewhere a process-wide call would slow the GUI thread too): False there.
    Raising the nice value needs no privilege; a refusal is logged and ignored."""
    if not sys.platform.startswith("linux"):
        return False
    tid = threading.get_native_id()
    try:
        now = os.getpriority(os.PRIO_PROCESS, tid)
        os.setpriority(os.PRIO_PROCESS, tid, min(19, now + steps))
    except OSError as exc:  # a sandbox may refuse: the thread runs at the usual priority
        log.info("could not lower the priority of %s: %s", threading.current_thread().name,
                 exc)
        return False
    return True


def freeze_long_lived() -> None:
    """Collect once, then move every object alive now out of the collector's passes
    (``gc.freeze``): call when start-up is over (imports done, screens built), once."""
    gc.collect()
    gc.freeze()
