"""Camera sources behind one small interface, and a thread that keeps reading them.

A source is anything with ``open()``, ``read() -> frame | None``, ``close()``, ``name`` and
``is_live``; frames are ``(H, W, 3)`` BGR ``uint8`` (OpenCV's order). Sources:

- :class:`~kiosk.camera.device.OpenCVDevice`: a USB/V4L2 camera by index or path.
- :class:`~kiosk.camera.files.VideoFile`: a video file, looped.
- :class:`~kiosk.camera.files.ImageFolder`: pictures cycled at a frame rate.
- :class:`~kiosk.camera.demo.DemoCamera`: a live-looking source for demos and tests.
- :class:`~kiosk.camera.simcup.SimCupSource`: the simulated printer's cup as the
  simulator's camera sees it (``sim``, ``sim://NAME``), so calibration runs with no hardware.

:func:`open_camera` turns the ``--camera`` text into a source. :class:`CameraReader` reads
one in a worker thread, reports frames and errors through callbacks (the UI wraps them in
Qt signals) and re-opens a camera that went away, with capped exponential backoff.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, cast, runtime_checkable

import numpy as np

from kiosk.camera.base import CameraError
from kiosk.camera.demo import DemoCamera
from kiosk.camera.device import OpenCVDevice
from kiosk.camera.files import IMAGE_SUFFIXES, VIDEO_SUFFIXES, ImageFolder, VideoFile
from kiosk.priority import lower_this_thread
from printer_driver.backoff import Backoff

__all__ = [
    "CameraError",
    "CameraReader",
    "CameraSource",
    "CameraSpec",
    "DemoCamera",
    "ImageFolder",
    "OpenCVDevice",
    "VideoFile",
    "open_camera",
    "parse_camera_spec",
]

log = logging.getLogger(__name__)


@runtime_checkable
class CameraSource(Protocol):
    """What every camera source provides.

    Attributes:
        name: a short description for messages (``"camera /dev/video0"``, ``"demo"``).
        is_live: True for a real camera (read() blocks until the next frame); False for
            files and the demo, which the reader paces at :attr:`fps`.
        fps: the frame rate the source plays at (frames per second).
    """

    name: str
    is_live: bool
    fps: float

    def open(self) -> None:
        """Acquire the device or file. Raises :class:`CameraError` saying what to do."""

    def read(self) -> np.ndarray | None:
        """The next frame, ``(H, W, 3)`` BGR uint8, or None if none is ready yet.

        Raises:
            CameraError: the camera is gone (unplugged) or the file is unreadable.
        """

    def close(self) -> None:
        """Release the device or file. Safe to call twice, or without open()."""


@dataclass(frozen=True)
class CameraSpec:
    """A parsed ``--camera`` value.

    Attributes:
        kind: ``"demo"``, ``"device"``, ``"video"``, ``"folder"`` (``"image"`` for one
            picture, played as a still) or ``"sim"`` (the simulated printer's cup).
        target: the device index (int), device path, file/folder path, or the simulated
            printer's name; None for demo (and for ``sim``: the one running).
    """

    kind: str
    target: int | str | Path | None = None


_HELP = (
    "use 'demo', a camera number such as 0, a device such as /dev/video0, "
    "a video file, a folder of pictures, or 'sim' (the simulated printer's cup)"
)


def parse_camera_spec(spec: str | int) -> CameraSpec:
    """Classify a ``--camera`` value without opening anything.

    Raises:
        CameraError: nothing of that name exists; the message lists what is accepted.
    """
    text = str(spec).strip()
    if not text:
        raise CameraError(f"No camera given: {_HELP}")
    if text.lower() == "demo":
        return CameraSpec("demo")
    if text.lower() in ("sim", "sim://"):
        return CameraSpec("sim")
    if text.lower().startswith("sim://"):
        from kiosk.camera.cup import sim_name

        return CameraSpec("sim", sim_name(text))
    if text.isdigit():
        return CameraSpec("device", int(text))
    if text.startswith("/dev/"):
        return CameraSpec("device", text)
    path = Path(text).expanduser()
    if path.is_dir():
        return CameraSpec("folder", path)
    if path.is_file():
        suffix = path.suffix.lower()
        if suffix in IMAGE_SUFFIXES:
            return CameraSpec("image", path)
        if suffix in VIDEO_SUFFIXES or suffix:
            return CameraSpec("video", path)
        return CameraSpec("video", path)
    raise CameraError(f"No camera or file called '{text}': {_HELP}")


def open_camera(spec: str | int, *, seed: int = 0) -> CameraSource:
    """The source a ``--camera`` value names, not yet opened (call ``open()``).

    Args:
        spec: ``"demo"``, ``"0"``, ``"/dev/video0"``, a video file, a picture, a folder,
            ``"sim"`` or ``"sim://NAME"``.
        seed: the demo camera's seed (its frames are deterministic given the seed).

    Raises:
        CameraError: the value names nothing usable; says what to write instead.
    """
    parsed = parse_camera_spec(spec)
    if parsed.kind == "demo":
        return DemoCamera(seed=seed)
    if parsed.kind == "sim":
        from kiosk.camera.simcup import SimCupSource

        return SimCupSource(None if parsed.target is None else str(parsed.target))
    if parsed.kind == "device":
        return OpenCVDevice(parsed.target)  # type: ignore[arg-type]
    if parsed.kind == "video":
        return VideoFile(parsed.target)  # type: ignore[arg-type]
    if parsed.kind == "image":
        return ImageFolder([parsed.target])  # type: ignore[list-item]
    return ImageFolder(parsed.target)  # type: ignore[arg-type]


FrameCallback = Callable[[np.ndarray, int, float], None]
"""``on_frame(frame, index, t)``: BGR frame, running frame count, ``time.monotonic()``."""
ErrorCallback = Callable[[CameraError], None]
StatusCallback = Callable[[str], None]


class CameraReader:
    """Reads a source in a worker thread; re-opens it when it fails.

    Callbacks run in the worker thread (wrap them in Qt signals to reach the GUI):

    - ``on_frame(frame, index, t)`` for every frame;
    - ``on_error(CameraError)`` when opening or reading fails (the reader then waits a
      backoff delay, capped, and re-opens, for ever until :meth:`stop`);
    - ``on_status(state)`` with ``"opening"``, ``"running"``, ``"waiting"``, ``"stopped"``.

    Non-live sources (files, demo) are paced at their ``fps`` (``pace=False`` reads as fast
    as the consumer takes frames, for tests and benchmarks).

    Args:
        source: the source, or a zero-argument factory making a fresh one per (re)open.
        backoff_initial / backoff_max: re-open delays in seconds.
        pace: wait between frames of non-live sources to play them at their frame rate.
    """

    def __init__(
        self,
        source: CameraSource | Callable[[], CameraSource],
        *,
        on_frame: FrameCallback,
        on_error: ErrorCallback | None = None,
        on_status: StatusCallback | None = None,
        backoff_initial: float = 0.5,
        backoff_max: float = 5.0,
        pace: bool = True,
    ) -> None:
        # A source has read(); anything else callable (a function, a class) is a factory.
        self._factory: Callable[[], CameraSource] | None = None
        self._source: CameraSource | None = None
        if isinstance(source, type) or not hasattr(source, "read"):
            self._factory = cast("Callable[[], CameraSource]", source)
        else:
            self._source = cast(CameraSource, source)
        self._on_frame = on_frame
        self._on_error = on_error or (lambda exc: None)
        self._on_status = on_status or (lambda state: None)
        self._backoff = (backoff_initial, backoff_max)
        self._pace = pace
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.frames = 0
        """Frames delivered so far."""
        self.failures = 0
        """Open or read failures so far."""
        self.callback_errors = 0
        """Exceptions raised by ``on_frame`` (logged; the camera keeps running)."""

    @property
    def running(self) -> bool:
        """True while the worker thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the worker thread (once)."""
        if self._thread is not None:
            raise RuntimeError("CameraReader.start() called twice")
        self._thread = threading.Thread(target=self._run, name="camera-reader", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop reading, close the source and join the thread.

        Called from a callback (the worker itself) it only asks the thread to stop.
        """
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("camera thread did not stop within %.1f s", timeout)

    def __enter__(self) -> CameraReader:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- worker -----------------------------------------------------------------------

    def _make_source(self) -> CameraSource:
        if self._factory is not None:
            return self._factory()
        assert self._source is not None
        return self._source

    def _run(self) -> None:
        lower_this_thread()  # the GUI thread first (kiosk.priority)
        backoff = Backoff(*self._backoff)  # endless: a camera is tried until stop()
        try:
            while not self._stop.is_set():
                self._on_status("opening")
                source = None
                try:
                    source = self._make_source()
                    source.open()
                    self._on_status("running")
                    backoff.reset()  # a good open starts the pauses from the first again
                    self._read_loop(source)
                except CameraError as exc:
                    self._report(exc)
                except Exception as exc:  # a camera bug must not kill the thread
                    log.exception("camera source failed unexpectedly")
                    self._report(CameraError(
                        f"The camera stopped unexpectedly ({type(exc).__name__}); "
                        "it will be tried again"))
                finally:
                    if source is not None:
                        try:
                            source.close()
                        except Exception:  # closing a dead device may fail
                            log.debug("closing the camera failed", exc_info=True)
                if self._stop.is_set():
                    break
                self._on_status("waiting")
                self._stop.wait(backoff.next_delay() or 0.0)
        finally:
            self._on_status("stopped")

    def _report(self, exc: CameraError) -> None:
        self.failures += 1
        log.warning("camera: %s", exc)
        self._on_error(exc)

    def _read_loop(self, source: CameraSource) -> None:
        period = 1.0 / source.fps if self._pace and not source.is_live and source.fps else 0.0
        next_due = time.monotonic()
        while not self._stop.is_set():
            if period:
                wait = next_due - time.monotonic()
                if wait > 0 and self._stop.wait(wait):
                    return
                next_due = max(next_due + period, time.monotonic() - period)
            frame = source.read()
            if frame is None:
                if not period:
                    self._stop.wait(0.005)  # nothing ready from a live device: yield briefly
                continue
            self.frames += 1
            try:
                self._on_frame(frame, self.frames, time.monotonic())
            except Exception:  # a consumer's bug is not a camera fault: keep the camera open
                self.callback_errors += 1
                if self.callback_errors == 1 or self.callback_errors % 1000 == 0:
                    log.exception("camera frame handler failed (%d times)",
                                  self.callback_errors)
