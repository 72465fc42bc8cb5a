"""Probes for where the GUI thread's time goes, shared by the kiosk benchmarks.

- :class:`StackSampler` samples one thread's Python stack and its scheduler state (Linux
  ``/proc``: ``R`` running or waiting for a CPU, ``S`` asleep: waiting for the GIL, a lock
  or an event) from a thread of its own; :meth:`StackSampler.inside` counts the samples
  taken in given time windows (the late ticks of a :class:`kiosk.ui.stall.StallMonitor`).
- :func:`thread_cpu` reads every thread's CPU seconds so far, by thread name.
- :func:`gil_waits` measures how long a Python thread waits for the GIL while some work
  runs in another thread: the lateness a GUI thread would see from that work alone.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE_S = 0.002  # the sampler's period (it takes the GIL this often, briefly)
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(tid: int) -> tuple[str, float] | None:
    """(scheduler state letter, CPU seconds) of thread ``tid`` of this process, or None."""
    try:
        with open(f"/proc/self/task/{tid}/stat", encoding="ascii") as f:
            text = f.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], (int(fields[11]) + int(fields[12])) / _TICK


def thread_cpu() -> dict[str, float]:
    """CPU seconds so far of each live Python thread, by name (Linux; {} elsewhere)."""
    out: dict[str, float] = {}
    for thread in threading.enumerate():
        stat = _stat(thread.native_id) if thread.native_id is not None else None
        if stat is not None:
            out[thread.name] = out.get(thread.name, 0.0) + stat[1]
    return out


class StackSampler:
    """Samples one thread (by ``threading.get_ident()`` and ``native_id``): its innermost
    frame of the project's code (``file:function``), or ``(in Qt)`` when only the event
    loop's caller is on its stack, with its scheduler state."""

    def __init__(self, ident: int, native_id: int) -> None:
        self._ident, self._native = ident, native_id
        self._samples: list[tuple[float, str, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stack-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2.0)

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_S):
            stat = _stat(self._native)
            label = self._label()
            self._samples.append((time.perf_counter(), label, stat[0] if stat else "?"))

    def _label(self) -> str:
        # Hold the sampled thread's frames no longer than the walk: a frame object kept
        # past its function's return keeps its locals alive, and a paintEvent's painter
        # outliving the paint crashes Qt ("endPaint() called with active painter").
        frame = sys._current_frames().get(self._ident)
        label = "(in Qt)"
        while frame is not None:
            code = frame.f_code
            if str(REPO) in code.co_filename and "/benchmarks/" not in code.co_filename:
                label = f"{os.path.relpath(code.co_filename, REPO)}:{code.co_name}"
                break
            frame = frame.f_back
        del frame
        return label

    def inside(self, windows: list[tuple[float, float]]) -> tuple[Counter[str], Counter[str]]:
        """(samples per label, samples per scheduler state) inside any of ``windows``."""
        labels: Counter[str] = Counter()
        states: Counter[str] = Counter()
        for t, label, state in self._samples:
            if any(a <= t <= b for a, b in windows):
                labels[label] += 1
                states[state] += 1
        return labels, states


def gil_waits(work: Callable[[], object], seconds: float) -> tuple[float, float]:
    """(longest ms, waits over 5 ms per second) this thread went without running Python
    while ``work`` ran again and again in another thread for ``seconds``
    (``work=lambda: None``: the baseline)."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            work()

    worker = threading.Thread(target=loop, name="gil-probe-work", daemon=True)
    worker.start()
    longest, over = 0.0, 0
    last = start = time.perf_counter()
    while last - start < seconds:
        now = time.perf_counter()
        gap = now - last
        if gap > 0.005:
            over += 1
            longest = max(longest, gap)
        last = now
    stop.set()
    worker.join(10.0)
    return longest * 1000, over / (last - start)
