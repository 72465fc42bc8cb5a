"""Work that must not run on the GUI thread, and the one way its results come back.

The kiosk's threading pattern: blocking work runs on a plain Python thread owned by the
object that does it (a headless service, :class:`BackgroundCall`, the two render workers
here), and what it produces reaches the GUI thread through a Qt signal, queued: an
:class:`EventRelay` carries typed events (the print service's), :class:`BackgroundCall`
one call's answer. Nothing else crosses threads; every thread is joined on close.

The live latte preview (:class:`LivePreviewWorker`) and still renders (:class:`JobWorker`)
follow it too: each owns one thread (``start``/``stop``/``isRunning``) and keeps only the
*latest* input: a frame or a job that arrives while the worker is busy replaces the one
waiting, so nothing queues up and the screen never lags behind the camera. Results come
back through signals (queued to the GUI thread); a render error is reported, never raised,
so a bad frame cannot take the kiosk down. Every worker is stopped and joined with
:meth:`stop` (the window does it on close).
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QImage

from kiosk.priority import lower_this_thread
from kiosk.ui.image_view import ViewFrame, ViewPainter
from kiosk.ui.widgets import bgr_to_qimage, rgb_to_qimage

if TYPE_CHECKING:
    from kiosk.imaging.pipeline import FaceHint, PortraitResult

log = logging.getLogger(__name__)

# Face detection costs ~20 ms; between detections the last face box is reused (~10 ms
# render), re-detecting this often so the crop follows a customer who moves.
REDETECT_SECONDS = 0.6
# A little above the camera's 30 fps, so a frame that arrives a millisecond early (USB
# jitter) is not dropped; faster would only take CPU from the GUI thread (2 cores) for
# frames nobody sees.
MAX_LIVE_FPS = 33.0


class EventRelay(QObject):
    """Hands objects from any thread to ``handler`` on this object's (the GUI) thread.

    ``send`` may be called from any thread (a service's listener); ``handler`` runs on the
    thread this relay lives in, in the order sent, through a queued Qt signal (a direct
    call when sent from that thread already).
    """

    delivered = Signal(object)

    def __init__(self, handler: Callable[[object], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handler = handler
        # The receiver is this relay (a QObject of the GUI thread), so Qt queues the call
        # there whatever thread emits.
        self.delivered.connect(self._deliver)

    def send(self, event: object) -> None:
        """Deliver ``event`` to the handler on the relay's thread."""
        self.delivered.emit(event)

    @Slot(object)
    def _deliver(self, event: object) -> None:
        self._handler(event)


class BackgroundCall(QObject):
    """One blocking call at a time on a short-lived thread; the answer comes back on the
    GUI thread as ``done(result)``, where ``result`` is the call's value or the exception
    it raised (never lost: a screen must not stick on "Checking…").

    ``name`` names the thread (logs, tests); :meth:`join` waits for a call in progress
    (the window closing).
    """

    done = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._thread: threading.Thread | None = None
        self._relay = EventRelay(self._finish, self)

    @property
    def running(self) -> bool:
        """True while a call is in progress (its answer not yet delivered)."""
        return self._thread is not None

    def start(self, fn: Callable[[], object]) -> bool:
        """Run ``fn`` on a new thread; False (and nothing runs) while one is in progress."""
        if self._thread is not None:
            return False

        def run() -> None:
            try:
                result = fn()
            except Exception as exc:  # handed to the screen, which says what to do
                log.warning("%s failed: %s: %s", self._name, type(exc).__name__, exc)
                result = exc
            self._relay.send(result)

        self._thread = threading.Thread(target=run, name=self._name, daemon=True)
        self._thread.start()
        return True

    def join(self, timeout: float = 5.0) -> None:
        """Wait for the call in progress (its answer is still delivered, later)."""
        t = self._thread
        if t is not None and t is not threading.current_thread():
            t.join(timeout)

    def _finish(self, result: object) -> None:
        t, self._thread = self._thread, None
        if t is not None:
            t.join(1.0)  # it has sent its answer: only the thread's exit is left
        self.done.emit(result)


class ThreadWorker(QObject):
    """A QObject whose :meth:`run` goes on one plain thread it owns, at a lower priority
    than the GUI thread (:mod:`kiosk.priority`); its signals reach the GUI thread queued.
    ``start`` (once), ``isRunning``, and :meth:`_join` for ``stop``."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread (a second call does nothing)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run_lowered, name=self._name,
                                            daemon=True)
            self._thread.start()

    def _run_lowered(self) -> None:
        lower_this_thread()
        self.run()

    def isRunning(self) -> bool:
        """True while the thread lives."""
        return self._thread is not None and self._thread.is_alive()

    def run(self) -> None:  # pragma: no cover - always overridden
        raise NotImplementedError

    def _join(self, timeout: float) -> None:
        t = self._thread
        if t is not None and t is not threading.current_thread():
            t.join(timeout)


class LivePreviewWorker(ThreadWorker):
    """Turns the newest camera frame into a cup preview, as fast as rendering allows.

    Call :meth:`submit_frame` from any thread (the camera's); read results with
    :meth:`take_latest` when :attr:`preview_ready` fires. ``render`` is
    ``(frame_bgr, face_hint) -> PortraitResult``.
    """

    preview_ready = Signal()
    render_failed = Signal(str)

    def __init__(self, render: Callable[[np.ndarray, FaceHint], PortraitResult],
                 parent: QObject | None = None, *,
                 max_fps: float = MAX_LIVE_FPS) -> None:
        super().__init__("live-preview", parent)
        self._render = render
        self._min_interval = 1.0 / max_fps if max_fps > 0 else 0.0
        self._last_start = 0.0
        self._cond = threading.Condition()
        self._frame: np.ndarray | None = None
        self._stopping = False
        self._active = False
        self._latest: tuple[QImage | ViewFrame, bool] | None = None
        self.view_painter: ViewPainter | None = None
        """Paints the cup view's frames on this worker's thread (None: the view does)."""
        self._pending = False
        self._face_box: FaceHint = None
        self._last_detect = 0.0
        self._stamps: collections.deque[float] = collections.deque(maxlen=30)
        self._rendered = 0
        self._dropped = 0
        self._failures = 0

    # --- control (GUI thread) ----------------------------------------------------------

    def set_active(self, active: bool) -> None:
        """Render only while the camera screen is shown; inactive drops everything held."""
        with self._cond:
            self._active = active
            if not active:
                self._frame = None
                self._latest = None
                self._face_box = None
                self._pending = False
                self._stamps.clear()
            self._cond.notify_all()

    def stop(self) -> None:
        """Stop the thread and wait for it (call before the application quits)."""
        with self._cond:
            self._stopping = True
            self._frame = None
            self._cond.notify_all()
        self._join(5.0)

    def take_latest(self) -> tuple[QImage | ViewFrame, bool] | None:
        """The newest (cup image, face found) pair, or None; re-arms :attr:`preview_ready`."""
        with self._cond:
            latest, self._latest = self._latest, None
            self._pending = False
            return latest

    @property
    def fps(self) -> float:
        """Previews rendered per second over the last ~30 renders (0 before two)."""
        with self._cond:
            if len(self._stamps) < 2:
                return 0.0
            span = self._stamps[-1] - self._stamps[0]
            return (len(self._stamps) - 1) / span if span > 0 else 0.0

    @property
    def stats(self) -> dict[str, int]:
        """Counts since start: rendered, dropped (replaced while busy), failures."""
        with self._cond:
            return {"rendered": self._rendered, "dropped": self._dropped,
                    "failures": self._failures}

    # --- input (camera thread) ---------------------------------------------------------

    def submit_frame(self, frame: np.ndarray) -> None:
        """Offer a frame; one still waiting is dropped in its favour."""
        with self._cond:
            if not self._active or self._stopping:
                return
            if self._frame is not None:
                self._dropped += 1
            self._frame = frame
            self._cond.notify()

    # --- the thread --------------------------------------------------------------------

    def run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping:
                    wait = self._last_start + self._min_interval - time.monotonic()
                    if self._frame is not None and wait <= 0:
                        break
                    self._cond.wait(wait if self._frame is not None else None)
                if self._stopping:
                    return
                self._last_start = time.monotonic()
                frame, self._frame = self._frame, None
                assert frame is not None  # the wait above ends only with a frame or a stop
                hint = self._face_box
                if time.monotonic() - self._last_detect > REDETECT_SECONDS:
                    hint = None
            try:
                result = self._render(frame, hint)
                painter = self.view_painter
                cup = rgb_to_qimage(result.preview)
                image = cup if painter is None else painter.frame(cup)
            except Exception as exc:  # a bad frame must not stop the preview
                with self._cond:
                    self._failures += 1
                    first = self._failures in (1, 10, 100)
                if first:
                    log.warning("live preview render failed: %s", exc)
                    self.render_failed.emit(str(exc))
                continue
            finally:
                del frame
            with self._cond:
                if not self._active:
                    continue
                if hint is None:
                    self._last_detect = time.monotonic()
                # Every face: a couple stays framed together until the next look.
                self._face_box = result.faces if result.face_found else None
                self._latest = (image, bool(result.face_found))
                self._rendered += 1
                self._stamps.append(time.perf_counter())
                notify = not self._pending
                self._pending = True
            if notify:
                self.preview_ready.emit()


class JobWorker(ThreadWorker):
    """Runs one callable at a time off the GUI thread; a newer job replaces a waiting one.

    ``submit(token, fn)``; results arrive as ``finished_job(token, result)`` or
    ``failed_job(token, message)``. Tokens let the caller ignore stale results (a
    "darker" tap superseded by another).
    """

    finished_job = Signal(int, object)
    failed_job = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("render-jobs", parent)
        self._cond = threading.Condition()
        self._job: tuple[int, Callable[[], Any]] | None = None
        self._stopping = False
        self._busy = False

    @property
    def busy(self) -> bool:
        """True while a job runs or waits."""
        with self._cond:
            return self._busy or self._job is not None

    def submit(self, token: int, fn: Callable[[], Any]) -> None:
        """Queue ``fn`` under ``token``, replacing any job not yet started."""
        with self._cond:
            self._job = (token, fn)
            self._cond.notify()

    def cancel(self) -> None:
        """Forget the waiting job (the running one finishes; callers ignore its token)."""
        with self._cond:
            self._job = None

    def stop(self) -> None:
        """Stop the thread and wait for it."""
        with self._cond:
            self._stopping = True
            self._job = None
            self._cond.notify_all()
        self._join(10.0)

    def run(self) -> None:
        while True:
            with self._cond:
                while self._job is None and not self._stopping:
                    self._cond.wait()
                if self._stopping or self._job is None:
                    return
                (token, fn), self._job = self._job, None
                self._busy = True
            try:
                result = fn()
            except Exception as exc:  # reported to the screen, which says what to do
                log.warning("render job failed: %s: %s", type(exc).__name__, exc)
                self.failed_job.emit(token, str(exc))
            else:
                self.finished_job.emit(token, result)
                del result
            finally:
                del fn
                with self._cond:
                    self._busy = False


__all__ = [
    "BackgroundCall",
    "EventRelay",
    "JobWorker",
    "LivePreviewWorker",
    "bgr_to_qimage",
    "rgb_to_qimage",
]
