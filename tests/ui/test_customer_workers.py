"""The live preview never queues frames, still renders keep only the newest job, and the
ticket's wait estimate grows with the queue and follows this kiosk's prints."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import numpy as np
import pytest

from kiosk.orders.waiting import HANDLING_SECONDS
from kiosk.ui.customer.services import PRINT_SECONDS_ESTIMATE, expected_wait_seconds, wait_minutes
from kiosk.ui.workers import JobWorker, LivePreviewWorker


class GatedRender:
    """A render that waits at a gate, so the test decides when each render finishes."""

    def __init__(self) -> None:
        self.gate = threading.Semaphore(0)
        self.started = threading.Semaphore(0)
        self.frames: list[int] = []

    def __call__(self, frame: np.ndarray, face_hint):
        self.frames.append(int(frame[0, 0, 0]))
        self.started.release()
        self.gate.acquire()
        return SimpleNamespace(preview=np.full((8, 8, 3), frame[0, 0, 0], np.uint8),
                               face_box=None, faces=(), face_found=True)


def _frame(value: int) -> np.ndarray:
    return np.full((4, 4, 3), value, np.uint8)


def test_live_preview_drops_frames_while_busy_and_never_queues(qtbot):
    render = GatedRender()
    worker = LivePreviewWorker(render, max_fps=0)
    worker.start()
    try:
        worker.set_active(True)
        worker.submit_frame(_frame(1))
        assert render.started.acquire(timeout=5)  # frame 1 is being rendered
        for value in (2, 3, 4):  # arrive while busy: only the newest may wait
            worker.submit_frame(_frame(value))
        assert worker.stats["dropped"] == 2
        with qtbot.waitSignal(worker.preview_ready, timeout=5000):
            render.gate.release()
        assert render.started.acquire(timeout=5)  # frame 4 follows, 2 and 3 never rendered
        render.gate.release()
        qtbot.waitUntil(lambda: worker.stats["rendered"] == 2, timeout=5000)
        assert render.frames == [1, 4]
        latest = worker.take_latest()  # one signal for two renders: the GUI takes the newest
        assert latest is not None and latest[0].pixelColor(0, 0).red() == 4
        assert worker.take_latest() is None
    finally:
        render.gate.release(10)
        worker.stop()
    assert not worker.isRunning()


def test_live_preview_survives_render_errors(qtbot):
    calls = []

    def broken(frame, hint):
        calls.append(1)
        raise ValueError("bad frame")

    worker = LivePreviewWorker(broken, max_fps=0)
    worker.start()
    try:
        worker.set_active(True)
        with qtbot.waitSignal(worker.render_failed, timeout=5000) as failed:
            worker.submit_frame(_frame(1))
        assert "bad frame" in failed.args[0]
        worker.submit_frame(_frame(2))
        qtbot.waitUntil(lambda: worker.stats["failures"] == 2, timeout=5000)
        assert worker.isRunning()
    finally:
        worker.stop()


def test_inactive_preview_ignores_frames_and_forgets_results(qtbot):
    render = GatedRender()
    worker = LivePreviewWorker(render, max_fps=0)
    worker.start()
    try:
        worker.submit_frame(_frame(9))  # not active: the camera screen is not shown
        worker.set_active(True)
        worker.set_active(False)
        assert worker.take_latest() is None and render.frames == []
    finally:
        worker.stop()


def test_job_worker_runs_only_the_newest_waiting_job(qtbot):
    gate = threading.Event()
    started = threading.Event()
    ran: list[int] = []

    def job(n: int):
        def run():
            ran.append(n)
            if n == 1:
                started.set()
                gate.wait(5)
            return n
        return run

    worker = JobWorker()
    worker.start()
    results: list[tuple[int, object]] = []
    worker.finished_job.connect(lambda token, result: results.append((token, result)))
    try:
        worker.submit(1, job(1))
        assert started.wait(5)
        worker.submit(2, job(2))
        worker.submit(3, job(3))  # replaces 2, which never runs
        gate.set()
        qtbot.waitUntil(lambda: len(results) == 2, timeout=5000)
        assert ran == [1, 3] and results == [(1, 1), (3, 3)]
    finally:
        worker.stop()


def _store_with_history(tmp_path, durations):
    """A real order store whose finished prints took ``durations`` seconds (oldest first)."""
    from datetime import UTC, datetime, timedelta

    from kiosk.orders.schema import PrintResult
    from kiosk.orders.store import OrderStore
    from printer_driver.mask import Mask

    now = [datetime(2026, 11, 30, 9, 0, tzinfo=UTC)]
    store = OrderStore(tmp_path / "orders.sqlite3", clock=lambda: now[0])

    def order():
        return store.create_order(drink_id="latte", mask=Mask.blank(),
                                  preview=np.zeros((8, 8, 3), np.uint8))

    for seconds in durations:
        o = order()
        _, job = store.begin_print(o.id)
        now[0] += timedelta(seconds=seconds)
        store.finish_print(job.id, PrintResult.PRINTED)
    return store, order, now


@pytest.mark.parametrize(("ahead", "minutes"), [(0, 1), (1, 2), (3, 3), (10, 9)])
def test_a_new_kiosk_announces_45_s_per_order(tmp_path, ahead, minutes):
    store, order, _ = _store_with_history(tmp_path, [])
    for _ in range(ahead):
        order()
    mine = order()
    seconds = expected_wait_seconds(store, None, order_id=mine.id)
    assert seconds == pytest.approx((ahead + 1) * PRINT_SECONDS_ESTIMATE)
    assert wait_minutes(seconds) == minutes
    store.close()


def test_the_ticket_wait_follows_this_kiosks_prints(tmp_path):
    # This machine takes 110 s a print (a slow setting): 3 orders ahead are 9 minutes, not 3.
    store, order, _ = _store_with_history(tmp_path, [110, 105, 115, 500])
    for _ in range(3):
        order()
    mine = order()
    seconds = expected_wait_seconds(store, None, order_id=mine.id)
    assert seconds == pytest.approx(4 * (112.5 + HANDLING_SECONDS))
    assert wait_minutes(seconds) == 9
    store.close()


def test_wait_counts_what_the_running_print_has_left(tmp_path):
    from datetime import timedelta

    store, order, now = _store_with_history(tmp_path, [30, 30])
    running = order()
    store.begin_print(running.id)
    now[0] += timedelta(seconds=5)
    mine = order()
    printer = SimpleNamespace(last_progress=(100, 254, 10.0))  # 10 s left of the current print
    seconds = expected_wait_seconds(store, printer, order_id=mine.id)
    assert seconds == pytest.approx(10.0 + 30 + HANDLING_SECONDS)
    store.close()
