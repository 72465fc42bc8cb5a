"""The camera for the Qt layer: ``kiosk.camera.reader.CameraReader`` wrapped in signals.

The reader's thread calls back with every frame; we keep only the newest (for the view and
for the capture), hand it to the live-preview worker, paint the view's frame from it there
(the view's :class:`kiosk.ui.image_view.ViewPainter`, when set: mirrored, scaled, the guide
over it, so the GUI thread only draws it) and signal the GUI at most once per frame it has
actually shown, so a slow GUI never builds a backlog.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from kiosk.ui.image_view import ViewFrame, ViewPainter
from kiosk.ui.widgets import bgr_to_qimage

log = logging.getLogger(__name__)

VIEW_MAX_WIDTH = 800  # the on-screen camera view is never wider; smaller copies are cheaper


class CameraFeed(QObject):
    """Starts/stops the camera and holds its newest frame.

    Signals:
        frame_ready(): a new frame can be taken with :meth:`take_image`.
        state_changed(state, message): ``"running"``, ``"failed"`` (message in English,
            for the log; the screen shows its own translated words) or ``"stopped"``.
    """

    frame_ready = Signal()
    state_changed = Signal(str, str)

    def __init__(self, spec: str, *, on_frame: Callable[[np.ndarray], None] | None = None,
                 reader_factory: Callable[..., Any] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._spec = spec
        self._on_frame = on_frame
        self._reader_factory = reader_factory
        self._lock = threading.Lock()
        self._reader: Any = None
        self._generation = 0
        self._frame: np.ndarray | None = None
        self._image: QImage | ViewFrame | None = None
        self._pending = False
        self.view_painter: ViewPainter | None = None
        """Paints the camera view's frames on the camera's thread (None: the view does)."""
        self._state = "stopped"
        self.frames = 0

    @property
    def state(self) -> str:
        """``"running"``, ``"opening"``, ``"failed"`` or ``"stopped"``."""
        return self._state

    @property
    def running(self) -> bool:
        """True while a reader is started (even if it is waiting to re-open)."""
        return self._reader is not None

    def start(self) -> None:
        """Open the camera in the background (no-op if already started)."""
        if self._reader is not None:
            return
        from kiosk.camera.reader import CameraError, CameraReader, open_camera

        with self._lock:
            self._generation += 1
            generation = self._generation
        self._set_state("opening", "")

        def factory():
            return open_camera(self._spec)

        try:
            open_camera(self._spec)  # validate the spec now: a typo is a failure, not a wait
        except CameraError as exc:
            self._set_state("failed", str(exc))
            return
        make = self._reader_factory or CameraReader
        self._reader = make(
            factory,
            on_frame=lambda frame, index, t: self._frame_arrived(generation, frame),
            on_error=lambda exc: self._failed(generation, exc),
            on_status=lambda state: self._status(generation, state),
        )
        self._reader.start()

    def stop(self) -> None:
        """Stop the camera and forget every frame; returns at once (joins in background)."""
        reader, self._reader = self._reader, None
        with self._lock:
            self._generation += 1
            self._frame = None
            self._image = None
            self._pending = False
        if reader is not None:
            # Joining can take a frame period or a device timeout: not on the GUI thread.
            threading.Thread(target=reader.stop, name="camera-stop", daemon=True).start()
        self._set_state("stopped", "")

    def retry(self) -> None:
        """Start again after a failure (the Retry button)."""
        self.stop()
        self.start()

    def take_image(self) -> QImage | ViewFrame | None:
        """The newest frame for display (re-arms :attr:`frame_ready`)."""
        with self._lock:
            self._pending = False
            return self._image

    def capture(self) -> np.ndarray | None:
        """A private copy of the newest full-resolution frame (the customer's photo)."""
        with self._lock:
            return None if self._frame is None else self._frame.copy()

    # --- camera thread ---

    def _frame_arrived(self, generation: int, frame: np.ndarray) -> None:
        view = frame
        if frame.shape[1] > VIEW_MAX_WIDTH:
            step = -(-frame.shape[1] // VIEW_MAX_WIDTH)
            view = frame[::step, ::step]
        painter = self.view_painter
        picture = bgr_to_qimage(view)
        image = picture if painter is None else painter.frame(picture)
        with self._lock:
            if generation != self._generation:
                return
            self._frame = frame
            self._image = image
            self.frames += 1
            notify = not self._pending
            self._pending = True
        if self._on_frame is not None:
            self._on_frame(frame)
        if self._state != "running":
            self._set_state("running", "")
        if notify:
            self.frame_ready.emit()

    def _failed(self, generation: int, exc: Exception) -> None:
        with self._lock:
            if generation != self._generation:
                return
            self._frame = None
            self._image = None
        self._set_state("failed", str(exc))

    def _status(self, generation: int, state: str) -> None:
        if generation == self._generation and state == "running" and self._state != "failed":
            self._set_state("running", "")

    def _set_state(self, state: str, message: str) -> None:
        if state == self._state and not message:
            return
        self._state = state
        self.state_changed.emit(state, message)
