"""Live preview figures (issue 10): frames a second, the per-frame cost, and the GUI thread's
event-loop gaps while a customer poses, with the barista's queue empty and with 200 orders.

Runs the whole kiosk in a child process on Qt's offscreen platform with two screens (the
customer's and the counter's, 1280×800 each, both windows shown and painted, as in a café),
the demo camera at 30 fps, the real imaging core, a temporary order store and the simulated
printer. Every figure has a baseline from the same process:

- the per-frame render with face detection vs. reusing the last frame's faces (median wall
  and the thread's CPU over repeated renders of one demo frame, the GUI idle);
- the live preview's rate vs. the camera's, while posing;
- the GUI thread's longest and p99 lateness of a 10 ms timer (target: longest < 50 ms)
  with the queue empty and with 200 waiting orders in the store (the barista's queue
  re-read once a second), beside the same timer in this process before the kiosk exists
  and in a sibling process over the same seconds (the machine's own scheduling noise:
  other jobs on a shared machine delay any GUI thread);
- where the late ticks (> 50 ms) come from: the GUI thread's own CPU inside them (computing)
  against their length (waiting), its scheduler state then (running or waiting for a CPU,
  or asleep: the GIL, a lock) and the innermost kiosk function on its stack
  (:mod:`benchmarks.gui_probe`); each thread's CPU per second while posing; and the
  barista queue's refresh on the GUI thread (longest and mean);
- how long the live render keeps the GIL from another Python thread (longest wait while
  renders run back to back) beside the same probe with nothing running.

Run: ``python -m benchmarks live``. The load average is printed: stalls grow with it.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.gui_probe import SAMPLE_S, StackSampler, gil_waits, thread_cpu
from benchmarks.qt_wait import run_until

if TYPE_CHECKING:
    from kiosk.ui.stall import StallMonitor

REPO = Path(__file__).resolve().parents[1]
PHASE_SECONDS = 8.0
ORDERS = 200
SCREENS = {"synchronousWindowSystem": False, "windowFrameMargins": False, "screens": [
    # Qt lists these last first: the customer's screen becomes screens()[0].
    {"name": "counter", "x": 1280, "y": 0, "width": 1280, "height": 800,
     "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
    {"name": "customer", "x": 0, "y": 0, "width": 1280, "height": 800,
     "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


_wait = run_until


def _gaps(monitor: StallMonitor) -> str:
    return (f"longest {monitor.longest_ms:.1f} ms, p99 {monitor.percentile_ms(99):.1f} ms, "
            f"{monitor.over_limit} of {monitor.ticks} ticks late by > 50 ms")


def _frame_costs(frame, settings) -> tuple[float, float, float, float]:  # type: ignore[no-untyped-def]
    """(detect wall, detect CPU, reuse wall, reuse CPU) medians in ms on this thread."""
    from kiosk.ui.customer import services

    first = services.render_live(frame, None, settings)
    figures: list[float] = []
    for hint, repeats in ((None, 15), (first.faces, 40)):
        walls, cpus = [], []
        for _ in range(repeats):
            t, c = time.perf_counter(), time.thread_time()
            services.render_live(frame, hint, settings)
            walls.append((time.perf_counter() - t) * 1000)
            cpus.append((time.thread_time() - c) * 1000)
        figures += [statistics.median(walls), statistics.median(cpus)]
    return figures[0], figures[1], figures[2], figures[3]


def _fill_store(store, count: int, mask, preview) -> None:  # type: ignore[no-untyped-def]
    for i in range(count):
        store.create_order(drink_id="latte", mask=mask, preview=preview,
                           lang="ko" if i % 2 else "en")


def child() -> None:
    """The measured run (in a process with the two-screen offscreen platform)."""
    import kiosk.ui  # (the PySide6 reference-count guard first)
    from kiosk.camera.reader import DemoCamera
    from kiosk.settings.config import KioskConfig
    from kiosk.ui.app import KioskApp, ensure_application
    from kiosk.ui.customer import services
    from kiosk.ui.stall import StallMonitor

    print(f"load average at start: {', '.join(f'{v:.1f}' for v in os.getloadavg())} on "
          f"{os.cpu_count()} cores", flush=True)
    ensure_application()
    bare = StallMonitor()
    bare.start()
    _wait(lambda: False, 0.1)
    bare.reset()
    _wait(lambda: False, PHASE_SECONDS / 2)
    print(f"bare 10 ms QTimer, no kiosk yet (this process's baseline): {_gaps(bare)}")
    bare.stop()

    import cv2

    cv2.setNumThreads(1)  # as the kiosk does
    cam = DemoCamera(seed=1)
    cam.open()
    frame = cam.read()
    cam.close()
    tmp = Path(tempfile.mkdtemp(prefix="bench-live-"))
    config = KioskConfig(data_dir=tmp / "run", printer_url=f"sim://live{os.getpid()}")
    live_settings = services.base_settings(config, preview_px=services.LIVE_PREVIEW_PX)
    d_wall, d_cpu, r_wall, r_cpu = _frame_costs(frame, live_settings)
    print(f"per live frame (640x480 demo frame, GUI idle, medians): with face detection "
          f"{d_wall:.1f} ms (CPU {d_cpu:.1f}), reusing the last faces {r_wall:.1f} ms "
          f"(CPU {r_cpu:.1f}); ratio {d_wall / r_wall:.1f}")
    faces = services.render_live(frame, None, live_settings).faces
    base_gil = gil_waits(lambda: None, 2.0)
    reuse_gil = gil_waits(lambda: services.render_live(frame, faces, live_settings), 3.0)
    detect_gil = gil_waits(lambda: services.render_live(frame, None, live_settings), 3.0)
    print(f"GIL: another Python thread's longest wait while live renders run back to back "
          f"{reuse_gil[0]:.1f} ms reusing faces ({reuse_gil[1]:.1f} waits > 5 ms a second), "
          f"{detect_gil[0]:.1f} ms detecting ({detect_gil[1]:.1f}/s); with no render "
          f"{base_gil[0]:.1f} ms ({base_gil[1]:.1f}/s)")
    photo = services.render_photo(frame, services.base_settings(config))

    kiosk = KioskApp(config, countdown_ms=1)
    kiosk.start()
    w, monitor, store = kiosk.customer, kiosk.context.stall_monitor, kiosk.store
    barista = kiosk.barista_window
    assert monitor is not None and barista is not None
    shown = barista.isVisible() and w.isVisible()
    print(f"windows: customer {w.width()}x{w.height()}, barista "
          f"{barista.width()}x{barista.height()} ({'both shown' if shown else 'NOT both shown'})")
    # The GUI thread's share of the once-a-second queue refresh: the timer's slot and, where
    # the read is made in the background, the slot that shows its answer.
    refresh_ms: list[float] = []

    def timed(slot: Callable[..., None]) -> Callable[..., None]:
        def call(*args: object) -> None:
            t = time.perf_counter()
            try:
                slot(*args)
            finally:
                refresh_ms.append((time.perf_counter() - t) * 1000)
        return call

    tick = getattr(barista, "poll", barista.refresh)
    barista.timer.timeout.disconnect()
    barista.timer.timeout.connect(timed(tick))
    feed = getattr(barista, "feed", None)
    if feed is not None:
        feed.ready.disconnect()
        feed.ready.connect(timed(barista._queue_read))
    current = threading.current_thread()
    assert current.native_id is not None
    sampler = StackSampler(current.ident or 0, current.native_id)
    try:
        assert _wait(lambda: w.attract.cup.image is not None, 60), "warm-up did not finish"
        w.attract.start_button.click()
        w.menu.drink_buttons[0][0].click()
        w.consent.yes_button.click()
        assert _wait(lambda: w.camera_screen.cup_view.image is not None, 60)
        _wait(lambda: False, 1.0)

        def pose(name: str) -> list[tuple[float, float]]:
            refresh_ms.clear()
            monitor.reset()
            r0, f0, t0 = w.live_worker.stats["rendered"], w.camera.frames, time.perf_counter()
            cpu0, gui0 = thread_cpu(), time.thread_time()
            _wait(lambda: False, PHASE_SECONDS)
            elapsed = time.perf_counter() - t0
            gui_ms = (time.thread_time() - gui0) * 1000 / elapsed
            cpu1 = thread_cpu()
            busiest = sorted(((cpu1[n] - cpu0.get(n, 0.0)) * 1000 / elapsed, n) for n in cpu1)
            live = (w.live_worker.stats["rendered"] - r0) / elapsed
            cam_fps = (w.camera.frames - f0) / elapsed
            stalls = monitor.stalls
            print(f"posing, {name}: live preview {live:.1f} fps, camera {cam_fps:.1f} fps; "
                  f"GUI {_gaps(monitor)}")
            print(f"PHASE {t0!r} {t0 + elapsed!r} {name}", flush=True)  # for main()
            print("  CPU ms per second: " + ", ".join(
                f"{n} {ms:.0f}" for ms, n in reversed(busiest) if ms >= 5) +
                f" (GUI thread by its own clock {gui_ms:.0f})")
            if refresh_ms:
                print(f"  barista queue refresh on the GUI thread: {len(refresh_ms)} slots run, "
                      f"longest {max(refresh_ms):.1f} ms, mean "
                      f"{statistics.fmean(refresh_ms):.1f} ms; {len(barista.cards)} cards")
            if stalls:
                gap = sum(s.gap_ms for s in stalls)
                cpu = sum(s.cpu_ms for s in stalls)
                print(f"  inside the late ticks the GUI thread computed {cpu:.0f} of "
                      f"{gap:.0f} ms ({cpu / gap:.0%}); the rest it waited (GIL, locks, "
                      "other processes)")
            return [(s.start, s.end) for s in stalls]

        pose("queue empty")
        mask = photo.mask
        filler = threading.Thread(target=_fill_store, args=(store, ORDERS, mask, photo.preview))
        filler.start()
        assert _wait(lambda: not filler.is_alive(), 300), "orders not stored"
        assert _wait(lambda: len(barista.cards) >= ORDERS, 60), "queue not shown"
        _wait(lambda: False, 1.0)
        pose(f"{ORDERS} orders waiting")
        sampler.start()
        windows = pose(f"{ORDERS} orders waiting, GUI stack sampled every "
                       f"{SAMPLE_S * 1000:.0f} ms")
        sampler.stop()
        where, states = sampler.inside(windows)
        if where:
            total = sum(where.values())
            print("  the GUI thread during the late ticks (share of samples): " + ", ".join(
                f"{ {'R': 'running or waiting for a CPU', 'S': 'asleep (GIL, lock)'}.get(k, k)}"
                f" {n / total:.0%}" for k, n in states.most_common()))
            for label, n in where.most_common(8):
                print(f"    {n / total:5.0%}  {label}")
        print(f"load average now {os.getloadavg()[0]:.1f}")
    finally:
        sampler.stop()
        kiosk.shutdown()


_BARE_SIBLING = """
import sys, threading, time
from PySide6.QtCore import QCoreApplication, Qt, QTimer
app = QCoreApplication([])
ticks = []
timer = QTimer(); timer.setTimerType(Qt.TimerType.PreciseTimer); timer.setInterval(10)
timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
done = threading.Event()  # stdin closed: the measured run is over
threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
check = QTimer(); check.timeout.connect(lambda: done.is_set() and app.quit()); check.start(100)
timer.start(); app.exec()
print(" ".join(repr(t) for t in ticks))
"""


def _bare_in(ticks: list[float], start: float, end: float) -> str:
    """Longest and p99 lateness (ms) of the sibling's 10 ms ticks between start and end."""
    late = sorted((b - a) * 1000 - 10 for a, b in itertools.pairwise(ticks) if start <= b <= end)
    if not late:
        return "no ticks"
    return f"longest {late[-1]:.1f} ms, p99 {late[round(0.99 * (len(late) - 1))]:.1f} ms"


def main() -> None:
    """Print the live-preview figures (see the module docstring), from a child process,
    beside a bare 10 ms QTimer in a sibling process over the same seconds (what the
    machine's load does to any GUI thread; ``perf_counter`` is one clock for both)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(SCREENS, f)
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={f.name}")
    sibling = subprocess.Popen([sys.executable, "-c", _BARE_SIBLING], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True, cwd=REPO)
    phases: list[tuple[float, float, str]] = []
    try:
        child = subprocess.Popen([sys.executable, "-c", "from benchmarks.bench_live import "
                                  "child; child()"], cwd=REPO, env=env, text=True,
                                 stdout=subprocess.PIPE)
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("PHASE "):
                _, start, end, name = line.rstrip("\n").split(" ", 3)
                phases.append((float(start), float(end), name))
            else:
                print(line, end="", flush=True)
        if child.wait(timeout=900) != 0:
            raise RuntimeError(f"the measured kiosk failed (exit {child.returncode})")
    finally:
        out, _ = sibling.communicate("", timeout=60)
        os.unlink(f.name)
    ticks = [float(t) for t in out.split()]
    print("baseline: a bare 10 ms QTimer in a sibling process over the same seconds:")
    for start, end, name in phases:
        print(f"  while posing, {name}: {_bare_in(ticks, start, end)}")


if __name__ == "__main__":
    main()
