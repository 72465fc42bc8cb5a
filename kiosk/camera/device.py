"""A real camera through OpenCV: a USB/V4L2 device by index (``0``) or path (``/dev/video0``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from kiosk.camera.base import FRAME_HEIGHT, FRAME_WIDTH, CameraError

log = logging.getLogger(__name__)

# Consecutive failed reads before we call the camera gone: one dropped frame is normal on
# a busy USB bus, three in a row is an unplugged cable or a crashed driver.
READ_FAILURES_BEFORE_ERROR = 3


class OpenCVDevice:
    """A live camera read with ``cv2.VideoCapture``, asked for 640×480.

    Args:
        target: device index (``0``) or device path (``"/dev/video0"``).
        width / height: requested frame size in pixels (the camera may give another).
        capture_factory: makes the capture object (tests pass a fake; default
            ``cv2.VideoCapture``).
    """

    is_live = True

    def __init__(
        self,
        target: int | str,
        *,
        width: int = FRAME_WIDTH,
        height: int = FRAME_HEIGHT,
        fps: float = 30.0,
        capture_factory: Callable[[Any], Any] = cv2.VideoCapture,
    ) -> None:
        self.target = target
        self.width, self.height, self.fps = width, height, fps
        self._factory = capture_factory
        self._cap: Any = None
        self._failures = 0
        self.name = f"camera {target}"

    def _where(self) -> str:
        return f"camera {self.target}" if isinstance(self.target, int) else str(self.target)

    def open(self) -> None:
        """Open the device. Raises :class:`CameraError` if it is missing or busy."""
        self.close()
        if isinstance(self.target, str) and not Path(self.target).exists():
            raise CameraError(f"No camera at {self.target}: check the cable, then press Retry")
        cap = self._factory(self.target)
        if cap is None or not cap.isOpened():
            if cap is not None:
                cap.release()
            raise CameraError(
                f"No camera at {self._where()}: check the cable (or close any other program "
                "using the camera), then press Retry"
            )
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        # Keep one frame queued, not the driver's default four: the live preview shows the
        # customer as they are now, not 130 ms ago.
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        self._cap = cap
        self._failures = 0

    def read(self) -> np.ndarray | None:
        """The next frame (BGR uint8); None after a dropped frame.

        Raises:
            CameraError: the camera stopped answering (unplugged) or was never opened.
        """
        if self._cap is None:
            raise CameraError(f"The {self.name} is not open: press Retry")
        ok, frame = self._cap.read()
        if not ok or frame is None or frame.size == 0:
            self._failures += 1
            if self._failures >= READ_FAILURES_BEFORE_ERROR or (
                isinstance(self.target, str) and not Path(self.target).exists()
            ):
                raise CameraError(
                    f"The camera at {self._where()} stopped sending pictures: check the "
                    "cable, then press Retry"
                )
            return None
        self._failures = 0
        return _as_bgr(frame)

    def close(self) -> None:
        """Release the device."""
        if self._cap is not None:
            cap, self._cap = self._cap, None
            cap.release()


def _as_bgr(frame: np.ndarray) -> np.ndarray:
    """Grey or BGRA camera output as 3-channel BGR uint8."""
    if frame.dtype != np.uint8:
        frame = cv2.convertScaleAbs(frame)
    if frame.ndim == 2:
        return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
    if frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2BGR)
    return frame
