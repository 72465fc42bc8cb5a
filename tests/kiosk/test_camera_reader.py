"""The camera thread: frames out, errors reported, re-open with capped backoff, clean stop."""

from __future__ import annotations

import itertools
import threading

import numpy as np
import pytest

from kiosk.camera.reader import CameraError, CameraReader, DemoCamera
from printer_driver.backoff import backoff_delays

WAIT = 20.0  # generous ceiling for a loaded CI machine; the tests normally finish in ms


class FlakySource:
    """Fails to open ``open_failures`` times, then gives ``frames_per_open`` frames and
    fails (an unplug), again and again. Counts every call."""

    is_live = True
    fps = 30.0
    name = "flaky camera"

    def __init__(self, open_failures: int = 2, frames_per_open: int = 3) -> None:
        self.open_failures = open_failures
        self.frames_per_open = frames_per_open
        self.opens = self.closes = self.failed_opens = 0
        self._left = 0

    def open(self) -> None:
        if self.failed_opens < self.open_failures:
            self.failed_opens += 1
            raise CameraError("No camera at /dev/video0: check the cable, then press Retry")
        self.opens += 1
        self._left = self.frames_per_open

    def read(self) -> np.ndarray:
        if self._left == 0:
            raise CameraError("The camera stopped sending pictures: check the cable")
        self._left -= 1
        return np.full((4, 4, 3), self.opens, np.uint8)

    def close(self) -> None:
        self.closes += 1


class Collector:
    def __init__(self, frames_wanted: int, errors_wanted: int = 0) -> None:
        self.frames: list[tuple[int, int]] = []
        self.errors: list[CameraError] = []
        self.states: list[str] = []
        self.frames_wanted, self.errors_wanted = frames_wanted, errors_wanted
        self.done = threading.Event()
        self._lock = threading.Lock()

    def on_frame(self, frame, index, t) -> None:
        with self._lock:
            self.frames.append((int(frame[0, 0, 0]), index))
            self._check()

    def on_error(self, exc) -> None:
        with self._lock:
            self.errors.append(exc)
            self._check()

    def _check(self) -> None:
        if len(self.frames) >= self.frames_wanted and len(self.errors) >= self.errors_wanted:
            self.done.set()


def test_backoff_doubles_and_is_capped() -> None:
    assert list(itertools.islice(backoff_delays(0.5, 5.0), 7)) == [
        0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0]


def test_reader_reopens_after_failed_opens_and_unplugs() -> None:
    src = FlakySource(open_failures=2, frames_per_open=3)
    got = Collector(frames_wanted=9, errors_wanted=4)
    states: list[str] = []
    reader = CameraReader(src, on_frame=got.on_frame, on_error=got.on_error,
                          on_status=states.append, backoff_initial=0.001, backoff_max=0.002)
    reader.start()
    try:
        assert got.done.wait(WAIT), (got.frames, got.errors)
    finally:
        reader.stop()
    assert not reader.running
    assert "check the cable" in str(got.errors[0])
    # Frames from three successive opens, in order, with a running index.
    values = [v for v, _ in got.frames[:9]]
    assert values == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert [i for _, i in got.frames] == list(range(1, len(got.frames) + 1))
    assert src.closes >= src.opens  # every opened source was closed
    assert states[-1] == "stopped" and "waiting" in states and "running" in states
    assert reader.failures == len(got.errors)


def test_factory_gets_a_fresh_source_per_attempt() -> None:
    made: list[FlakySource] = []

    def factory() -> FlakySource:
        made.append(FlakySource(open_failures=0, frames_per_open=1))
        return made[-1]

    got = Collector(frames_wanted=3)
    with CameraReader(factory, on_frame=got.on_frame, backoff_initial=0.001):
        assert got.done.wait(WAIT)
    assert len(made) >= 3


def test_stop_interrupts_a_long_backoff() -> None:
    errored = threading.Event()
    src = FlakySource(open_failures=10**6)
    reader = CameraReader(src, on_frame=lambda *a: None, on_error=lambda e: errored.set(),
                          backoff_initial=3600, backoff_max=3600)
    reader.start()
    assert errored.wait(WAIT)
    reader.stop(timeout=WAIT)  # would hang for an hour if the backoff were a sleep
    assert not reader.running


def test_a_bug_in_a_source_is_reported_and_survived() -> None:
    class Buggy(FlakySource):
        def read(self):
            if self.opens == 1:
                raise ZeroDivisionError("driver bug")
            return super().read()

    got = Collector(frames_wanted=1, errors_wanted=1)
    with CameraReader(Buggy(open_failures=0), on_frame=got.on_frame, on_error=got.on_error,
                      backoff_initial=0.001):
        assert got.done.wait(WAIT)
    assert "stopped unexpectedly" in str(got.errors[0])


def test_reader_with_the_demo_camera_delivers_frames() -> None:
    got = Collector(frames_wanted=5)
    frames: list[np.ndarray] = []

    def keep(frame, index, t):
        frames.append(frame)
        got.on_frame(frame, index, t)

    with CameraReader(DemoCamera(seed=0), on_frame=keep, pace=False):
        assert got.done.wait(WAIT)
    assert frames[0].shape == (480, 640, 3)
    assert not np.array_equal(frames[0], frames[1])


def test_start_twice_is_an_error() -> None:
    reader = CameraReader(DemoCamera(), on_frame=lambda *a: None)
    reader.start()
    try:
        with pytest.raises(RuntimeError):
            reader.start()
    finally:
        reader.stop()


def test_a_source_class_is_used_as_a_factory() -> None:
    got = Collector(frames_wanted=2)
    with CameraReader(DemoCamera, on_frame=got.on_frame, pace=False):
        assert got.done.wait(WAIT)


def test_a_failing_frame_handler_does_not_reopen_the_camera() -> None:
    src = FlakySource(open_failures=0, frames_per_open=10**9)
    got = Collector(frames_wanted=5)

    def handler(frame, index, t):
        got.on_frame(frame, index, t)
        if index % 2:
            raise ValueError("UI bug")

    with CameraReader(src, on_frame=handler, backoff_initial=0.001) as reader:
        assert got.done.wait(WAIT)
    assert src.opens == 1 and reader.failures == 0 and reader.callback_errors >= 2


def test_stop_from_inside_a_callback_does_not_deadlock() -> None:
    stopped = threading.Event()
    holder: list[CameraReader] = []

    def handler(frame, index, t):
        holder[0].stop()  # e.g. the UI leaves the camera screen from the frame handler

    reader = CameraReader(DemoCamera(), on_frame=handler, pace=False,
                          on_status=lambda s: s == "stopped" and stopped.set())
    holder.append(reader)
    reader.start()
    assert stopped.wait(WAIT)
    reader.stop()
    assert not reader.running
