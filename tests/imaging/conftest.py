"""Shared photos for the imaging tests: a real face and synthetic pictures."""

from __future__ import annotations

import cv2
import numpy as np
import pytest


@pytest.fixture(scope="session")
def astronaut_bgr() -> np.ndarray:
    """Eileen Collins (NASA, public domain) from scikit-image: (512, 512, 3) BGR uint8."""
    from skimage import data

    return np.ascontiguousarray(data.astronaut()[:, :, ::-1])


@pytest.fixture(scope="session")
def astronaut_jpeg(astronaut_bgr: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".jpg", astronaut_bgr, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return buf.tobytes()


@pytest.fixture(scope="session")
def camera_frame(astronaut_bgr: np.ndarray) -> np.ndarray:
    """A 640×480 BGR frame with the face off-centre on a busy, noisy background."""
    rng = np.random.default_rng(3)
    frame = rng.integers(0, 255, (480, 640, 3), dtype=np.uint8)
    frame = cv2.GaussianBlur(frame, (0, 0), 2.0)
    frame[0:448, 120:568] = cv2.resize(astronaut_bgr, (448, 448), interpolation=cv2.INTER_AREA)
    return frame

