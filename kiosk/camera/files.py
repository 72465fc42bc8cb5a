"""Recorded sources: a video file played in a loop, and a folder of pictures cycled."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import cv2
import numpy as np

from kiosk.camera.base import FRAME_HEIGHT, FRAME_WIDTH, CameraError
from kiosk.camera.device import _as_bgr

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"})
VIDEO_SUFFIXES = frozenset({".avi", ".mp4", ".mkv", ".mov", ".webm", ".mjpg", ".mjpeg", ".m4v"})


def read_picture(path: str | Path) -> np.ndarray:
    """A picture file as a BGR uint8 frame, read by the imaging core's loader as every
    photo is: a regular file of bounded size (a pipe or device is refused, never opened),
    bomb-guarded, EXIF-upright, transparency on white, at most ``WORK_SIDE`` on a side.

    Raises:
        ImageError: the file cannot be used (its ``code`` says why).
    """
    from kiosk.imaging.loading import load_photo  # OpenCV and Pillow: only when used

    pixels = load_photo(path).pixels
    return cv2.cvtColor(pixels, cv2.COLOR_GRAY2BGR) if pixels.ndim == 2 else pixels


def fit_frame(frame: np.ndarray, width: int = FRAME_WIDTH, height: int = FRAME_HEIGHT
              ) -> np.ndarray:
    """Shrink a frame to fit in ``width × height`` (aspect kept); never enlarges.

    Large photos and 4K video would otherwise slow the live preview for nothing.
    """
    h, w = frame.shape[:2]
    scale = min(width / w, height / h)
    if scale >= 1.0:
        return frame
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(frame, size, interpolation=cv2.INTER_AREA)


class VideoFile:
    """A video file played in a loop at its own frame rate (a stand-in camera).

    Args:
        path: any file OpenCV can decode (MJPG AVI always works; MP4 usually).
    """

    is_live = False

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = f"video {self.path.name}"
        self.fps = 30.0
        self._cap: cv2.VideoCapture | None = None

    def open(self) -> None:
        """Open the file. Raises :class:`CameraError` if missing or not a readable video."""
        self.close()
        if not self.path.is_file():
            raise CameraError(f"No video file at {self.path}: check the path given to --camera")
        cap = cv2.VideoCapture(str(self.path))
        ok, _ = cap.read() if cap.isOpened() else (False, None)
        if not ok:
            cap.release()
            raise CameraError(
                f"Cannot play {self.path}: not a video this kiosk can read; "
                "convert it to MJPG (.avi) or MP4 (H.264)"
            )
        cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
        fps = cap.get(cv2.CAP_PROP_FPS)
        self.fps = float(fps) if fps and 1.0 <= fps <= 120.0 else 30.0
        self._cap = cap

    def read(self) -> np.ndarray | None:
        """The next frame; at the end the file starts again.

        Raises:
            CameraError: the file cannot be read any more (deleted, damaged).
        """
        if self._cap is None:
            raise CameraError(f"The {self.name} is not open: press Retry")
        ok, frame = self._cap.read()
        if not ok:
            # End of file: rewind; reopening is the portable way (seek fails on some codecs).
            self._cap.release()
            self._cap = cv2.VideoCapture(str(self.path))
            if self._cap.isOpened():
                ok, frame = self._cap.read()
            if not ok:
                raise CameraError(
                    f"Cannot read {self.path} any more: check the file, then press Retry")
        return fit_frame(_as_bgr(frame))

    def close(self) -> None:
        """Release the file."""
        if self._cap is not None:
            cap, self._cap = self._cap, None
            cap.release()


class ImageFolder:
    """Pictures shown in turn, each held for ``hold_seconds``, as ``fps`` frames a second.

    Args:
        source: a folder (its pictures in name order) or a list of picture files.
        fps: frames a second delivered (the reader paces at this rate).
        hold_seconds: how long each picture stays before the next.
    """

    is_live = False

    def __init__(
        self, source: str | Path | Iterable[str | Path], *, fps: float = 15.0,
        hold_seconds: float = 4.0,
    ) -> None:
        if isinstance(source, str | Path):
            self.folder: Path | None = Path(source)
            self.name = f"pictures in {self.folder}"
            self._given: list[Path] = []
        else:
            self.folder = None
            self._given = [Path(p) for p in source]
            self.name = (f"picture {self._given[0].name}" if len(self._given) == 1
                         else f"{len(self._given)} pictures")
        self.fps = float(fps)
        self.hold_frames = max(1, round(hold_seconds * fps))
        self._files: list[Path] = []
        self._index = 0
        self._current: tuple[int, np.ndarray] | None = None
        self._opened = False
        self._warned: set[Path] = set()

    def open(self) -> None:
        """List the pictures. Raises :class:`CameraError` if there are none."""
        if self.folder is not None:
            if not self.folder.is_dir():
                raise CameraError(f"No folder at {self.folder}: check the path given to --camera")
            files = sorted(p for p in self.folder.iterdir()
                           if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())
        else:
            files = [p for p in self._given if p.is_file()]
        if not files:
            raise CameraError(
                f"No pictures in {self.folder or self.name}: add .jpg or .png files, "
                "then press Retry")
        self._files = files
        self._index = 0
        self._current = None
        self._opened = True

    def read(self) -> np.ndarray | None:
        """The current picture (BGR uint8), advancing every ``hold_frames`` reads.

        Unreadable pictures are skipped (logged once each).

        Raises:
            CameraError: none of the pictures can be read.
        """
        if not self._opened:
            raise CameraError(f"The {self.name} is not open: press Retry")
        slot = (self._index // self.hold_frames) % len(self._files)
        self._index += 1
        if self._current is not None and self._current[0] == slot:
            return self._current[1].copy()  # a copy: callers may draw on their frame
        from kiosk.imaging.loading import ImageError

        for step in range(len(self._files)):
            k = (slot + step) % len(self._files)
            try:
                frame = fit_frame(read_picture(self._files[k]))
            except ImageError as exc:
                if self._files[k] not in self._warned:
                    self._warned.add(self._files[k])
                    log.warning("camera: skipping unusable picture %s (%s)",
                                self._files[k].name, exc.code)
                continue
            self._current = (slot, frame)
            return frame.copy()
        raise CameraError(
            f"None of the pictures in {self.folder or self.name} can be read: "
            "replace them with .jpg or .png files, then press Retry")

    def close(self) -> None:
        """Forget the pictures."""
        self._opened = False
        self._current = None
