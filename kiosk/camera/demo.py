"""A demo camera: a still portrait made to look like live video.

The picture is ``assets/demo/astronaut.jpg`` (a public-domain NASA portrait) or, if that
file is missing, a face drawn here. Each frame pans, zooms and brightens it slightly along
smooth curves, with per-frame sensor noise, so that the live preview, face tracking and
the frame-rate benchmark see what a webcam would give. Frame ``i`` depends only on the
seed and ``i`` (deterministic); :meth:`DemoCamera.read` never sleeps unless the camera was
made with ``realtime=True``.
"""

from __future__ import annotations

import functools
import math
import time
from pathlib import Path

import cv2
import numpy as np

from kiosk.camera.base import FRAME_HEIGHT, FRAME_WIDTH, CameraError
from kiosk.settings import paths

NOISE_BANK = 4
"""Pre-made noise fields picked from per frame (fresh Gaussian noise costs ~5 ms a frame)."""
FACE_FRACTION = 0.3
"""Face width as a fraction of the frame width: a customer at arm's length from the kiosk."""
ZOOM_SWING = 0.04
"""Slow zoom in and out, as a fraction (breathing, leaning)."""
PAN_SWING = (0.04, 0.03)
"""Slow sway as fractions of the frame width and height."""


def _largest_face(image: np.ndarray) -> tuple[int, int, int, int] | None:
    """The largest frontal face (x, y, w, h) by OpenCV's Haar cascade, or None."""
    try:
        # cv2.data is missing from OpenCV's type stubs (and from some builds: caught below).
        path = cv2.data.haarcascades + "haarcascade_frontalface_default.xml"  # type: ignore[attr-defined]
        cascade = cv2.CascadeClassifier(path)
        if cascade.empty():
            return None
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        side = min(grey.shape) // 8
        faces = cascade.detectMultiScale(grey, 1.1, 5, minSize=(side, side))
    except (AttributeError, cv2.error):
        return None  # no cascade files in this OpenCV build: centre the picture instead
    if len(faces) == 0:
        return None
    x, y, fw, fh = max(faces, key=lambda f: f[2] * f[3])
    return int(x), int(y), int(fw), int(fh)


def synthetic_face(width: int = 720, height: int = 540, *, seed: int = 0) -> np.ndarray:
    """A simple drawn head and shoulders, BGR uint8 ``(height, width, 3)``.

    Used when the demo photo is missing: warm skin, dark hair, eyes, brows and mouth, on
    a soft wall-coloured gradient, lit from one side so it has some depth.
    """
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    wall = np.stack([200 - 40 * y / height, 205 - 30 * y / height, 210 - 20 * x / width], -1)
    img = np.clip(wall + rng.normal(0, 2, wall.shape), 0, 255).astype(np.uint8)
    cx, cy = width // 2, int(height * 0.45)
    fw, fh = int(height * 0.2), int(height * 0.27)
    # shoulders and neck
    cv2.ellipse(img, (cx, height + fh // 2), (int(fw * 2.4), int(fh * 1.4)), 0, 180, 360,
                (90, 70, 60), -1, cv2.LINE_AA)
    cv2.rectangle(img, (cx - fw // 3, cy + fh // 2), (cx + fw // 3, cy + int(fh * 1.3)),
                  (120, 150, 195), -1)
    # hair behind, face, hair fringe
    cv2.ellipse(img, (cx, cy - fh // 8), (int(fw * 1.18), int(fh * 1.12)), 0, 0, 360,
                (40, 45, 55), -1, cv2.LINE_AA)
    cv2.ellipse(img, (cx, cy), (fw, fh), 0, 0, 360, (140, 170, 215), -1, cv2.LINE_AA)
    cv2.ellipse(img, (cx, cy - int(fh * 0.55)), (int(fw * 1.02), int(fh * 0.5)), 0, 180, 360,
                (40, 45, 55), -1, cv2.LINE_AA)
    # side light: darken the right half of the face a little
    shade = np.clip((x - cx) / fw, 0, 1)[..., None] * 0.18
    face = ((x - cx) / fw) ** 2 + ((y - cy) / fh) ** 2 < 1
    img = np.where(face[..., None], img * (1 - shade), img).astype(np.uint8)
    eye_y, eye_dx = cy - fh // 8, int(fw * 0.42)
    for side in (-1, 1):
        ex = cx + side * eye_dx
        cv2.ellipse(img, (ex, eye_y), (fw // 5, fh // 14), 0, 0, 360, (235, 235, 235), -1,
                    cv2.LINE_AA)
        cv2.circle(img, (ex, eye_y), fh // 14, (45, 35, 30), -1, cv2.LINE_AA)
        cv2.ellipse(img, (ex, eye_y - fh // 6), (fw // 4, fh // 20), 0, 190, 350,
                    (35, 35, 45), max(2, fh // 30), cv2.LINE_AA)
    cv2.line(img, (cx, eye_y + fh // 10), (cx - fw // 12, cy + fh // 4), (110, 135, 180),
             max(2, fh // 40), cv2.LINE_AA)
    cv2.ellipse(img, (cx, cy + int(fh * 0.5)), (fw // 3, fh // 9), 0, 15, 165,
                (70, 70, 150), max(3, fh // 25), cv2.LINE_AA)
    return img


def _read_photo(photo: str) -> np.ndarray | None:
    """The demo photo as BGR, read as every photo is (bounded, bomb-guarded); None if it
    cannot be used (the drawn face stands in)."""
    from kiosk.camera.files import read_picture
    from kiosk.imaging.loading import ImageError

    try:
        return read_picture(photo)
    except ImageError:
        return None


@functools.lru_cache(maxsize=4)
def _prepare(
    photo: str | None, stamp: int, size: tuple[int, int], seed: int, noise_sigma: float
) -> tuple[bool, np.ndarray, tuple[float, float], np.ndarray]:
    """The scaled portrait, its anchor (face centre) and the noise bank, read-only.

    Cached because the kiosk reopens the camera for every customer; ``stamp`` (the file's
    modification time) makes a replaced photo count as new.
    """
    image = _read_photo(photo) if photo is not None else None
    using_photo = image is not None
    if image is None:
        image = synthetic_face(seed=seed)
    w, h = size
    ih, iw = image.shape[:2]
    face = _largest_face(image)
    # Scale so the frame is covered with room to pan (1.15x) and, like a customer
    # standing at the kiosk, the face fills about FACE_FRACTION of the frame width.
    scale = 1.15 * max(w / iw, h / ih)
    if face is not None:
        scale = max(scale, FACE_FRACTION * w / face[2])
    big = cv2.resize(image, (math.ceil(iw * scale), math.ceil(ih * scale)),
                     interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    bh, bw = big.shape[:2]
    if face is not None:
        ax, ay = (face[0] + face[2] / 2) * scale, (face[1] + face[3] / 2) * scale
    else:
        ax, ay = bw / 2, bh / 2
    # Keep the view inside the picture at the widest zoom-out and pan.
    half_w = w / 2 / (1 - ZOOM_SWING) + PAN_SWING[0] * w + 3
    half_h = h / 2 / (1 - ZOOM_SWING) + PAN_SWING[1] * h + 3
    anchor = (float(np.clip(ax, half_w, max(half_w, bw - half_w))),
              float(np.clip(ay, half_h, max(half_h, bh - half_h))))
    rng = np.random.default_rng(seed)
    noise = rng.normal(0.0, noise_sigma, (NOISE_BANK, h, w, 3)).astype(np.float32)
    # Split into positive and negative parts so a frame is two saturating uint8 ops
    # (0.2 ms) instead of an int16 round trip (1.8 ms).
    bank = np.stack([np.clip(noise, 0, 255), np.clip(-noise, 0, 255)], 1).astype(np.uint8)
    big.setflags(write=False)
    bank.setflags(write=False)
    return using_photo, big, anchor, bank


class DemoCamera:
    """A live-looking source from a still portrait; see the module docstring.

    Args:
        seed: fixes the noise and jitter (same seed, same frames).
        photo: the portrait (default ``assets/demo/astronaut.jpg``; drawn face if absent).
        fps: the frame rate the reader plays it at.
        size: ``(width, height)`` of the frames, default 640×480.
        realtime: make :meth:`read` itself wait for the next frame time.
        noise_sigma: sensor noise standard deviation in grey levels.
    """

    is_live = False

    def __init__(
        self,
        *,
        seed: int = 0,
        photo: str | Path | None = None,
        fps: float = 30.0,
        size: tuple[int, int] = (FRAME_WIDTH, FRAME_HEIGHT),
        realtime: bool = False,
        noise_sigma: float = 3.0,
    ) -> None:
        self.seed = seed
        self.photo = Path(photo) if photo is not None else paths.demo_photo()
        self.fps = float(fps)
        self.size = size
        self.realtime = realtime
        self.noise_sigma = noise_sigma
        self.name = "demo camera"
        self.index = 0
        """The next frame's number."""
        self._base: np.ndarray | None = None
        self._noise: np.ndarray | None = None
        self._anchor = (0.0, 0.0)
        self._t0 = 0.0
        self.using_photo = False
        """True once opened if the demo photo was found (False: drawn face)."""

    def open(self) -> None:
        """Prepare the portrait and the noise bank (~0.4 s the first time, then cached)."""
        photo = self.photo if self.photo.is_file() else None
        stamp = photo.stat().st_mtime_ns if photo is not None else 0
        prepared = _prepare(str(photo) if photo else None, stamp, self.size, self.seed,
                            self.noise_sigma)
        self.using_photo, self._base, self._anchor, self._noise = prepared
        self.index = 0
        self._t0 = time.monotonic()

    def frame_at(self, i: int) -> np.ndarray:
        """Frame number ``i`` (BGR uint8 ``(height, width, 3)``), a pure function of seed, i."""
        if self._base is None or self._noise is None:
            raise CameraError("The demo camera is not open: press Retry")
        w, h = self.size
        t = i / self.fps
        rng = np.random.default_rng((self.seed, i))
        jitter = rng.normal(0.0, 0.6, 2)  # hand-held wobble, pixels
        ax, ay = self._anchor
        zoom = 1.0 + ZOOM_SWING * math.sin(2 * math.pi * t / 9.0)
        pan_x = PAN_SWING[0] * w * math.sin(2 * math.pi * t / 7.0) + jitter[0]
        pan_y = PAN_SWING[1] * h * math.sin(2 * math.pi * t / 5.3 + 1.0) + jitter[1]
        # Map the anchor (the face, +pan) to the frame centre, scaled by zoom.
        m = np.array([[zoom, 0.0, w / 2 - zoom * (ax + pan_x)],
                      [0.0, zoom, h / 2 - zoom * (ay + pan_y)]], np.float32)
        frame = cv2.warpAffine(self._base, m, (w, h), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REFLECT)
        gain = 1.0 + 0.05 * math.sin(2 * math.pi * t / 3.1) + rng.normal(0.0, 0.005)
        plus, minus = self._noise[rng.integers(NOISE_BANK)]
        return cv2.subtract(cv2.add(cv2.convertScaleAbs(frame, alpha=gain), plus), minus)

    def read(self) -> np.ndarray:
        """The next frame; waits for its time only if made with ``realtime=True``."""
        if self.realtime:
            due = self._t0 + self.index / self.fps
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        frame = self.frame_at(self.index)
        self.index += 1
        return frame

    def close(self) -> None:
        """Drop the prepared images."""
        self._base = None
        self._noise = None
