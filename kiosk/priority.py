"""Worker threads yield the CPU to the GUI thread: :func:`lower_this_thread`.

On a small kiosk PC (2 cores) the live preview's render, the camera thread and the still
renders together want more CPU than there is while a customer poses; at equal priority the
GUI thread waits its turn behind them and the screen stutters. Each of those threads lowers
its own scheduling priority when it starts (a higher nice value, Linux: per thread), so the
GUI thread is run first whenever it has something to do, and the workers take what is left.
Measured with ``python -m benchmarks live``: see docs/kiosk.md, Responsiveness.
"""

from __future__ import annotations

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
