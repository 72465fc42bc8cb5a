"""The threads that render and read the camera run below the GUI thread's priority, so on a
busy 2-core kiosk the screen is served first (kiosk/priority.py); the GUI thread's own
priority is left as it was."""

from __future__ import annotations

import os
import sys
import threading
import weakref

import numpy as np
import pytest

from kiosk.camera.demo import DemoCamera
from kiosk.camera.reader import CameraReader
from kiosk.priority import WORKER_NICE
from kiosk.ui.workers import JobWorker, LivePreviewWorker

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="per-thread priorities are Linux's")


class _Node:
    me: object = None


def _nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def test_renders_run_below_the_gui_thread(qtbot):
    gui = _nice()
    seen: list[int] = []

    def render(frame, hint):  # type: ignore[no-untyped-def]
        seen.append(_nice())
        raise ValueError("no picture needed here")  # reported as a failure, not raised

    live = LivePreviewWorker(render)
    live.start()
    live.set_active(True)
    live.submit_frame(np.zeros((8, 8, 3), np.uint8))
    jobs = JobWorker()
    jobs.start()
    jobs.submit(1, lambda: seen.append(_nice()))
    try:
        qtbot.waitUntil(lambda: len(seen) >= 2, timeout=5000)
    finally:
        live.stop()
        jobs.stop()
    assert seen == [min(19, gui + WORKER_NICE)] * 2
    assert _nice() == gui


def test_the_camera_thread_runs_below_the_gui_thread(qtbot):
    gui = _nice()
    seen: list[int] = []
    reader = CameraReader(lambda: DemoCamera(seed=1),
                          on_frame=lambda frame, index, t: seen.append(_nice()))
    reader.start()
    try:
        qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    finally:
        reader.stop()
    assert seen[0] == min(19, gui + WORKER_NICE)
    assert _nice() == gui


def test_start_up_objects_leave_the_full_collections(qtbot, tmp_path):
    """Once the warm-up is over, what the kiosk loaded is frozen out of the garbage
    collector's full passes (each walked ~160,000 objects, 50-70 ms with every thread
    stopped); objects made later are still collected."""
    import gc

    from customer_support import close_customer, make_customer

    gc.unfreeze()
    rig = make_customer(qtbot, tmp_path)
    try:
        qtbot.waitUntil(lambda: rig.window.attract.cup.image is not None, timeout=60_000)
        assert gc.get_freeze_count() > 10_000
        tracked = len(gc.get_objects())
        assert tracked < gc.get_freeze_count() / 5  # a full pass walks only these now
        node = _Node()
        node.me = node  # a cycle: only the collector frees it
        gone = weakref.ref(node)
        del node
        gc.collect()
        assert gone() is None  # garbage made later still goes
    finally:
        close_customer(rig)
