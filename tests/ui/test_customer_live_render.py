"""The live preview must stay live when nobody stands in front of the camera.

The thorough face search (rotated, enlarged, padded retries) costs ~100 ms per empty
frame; live frames use the quick search and the captured photo gets the thorough one.
"""

from __future__ import annotations

import numpy as np

import kiosk.imaging.pipeline as pipeline
from kiosk.imaging import RenderSettings
from kiosk.ui.customer import services


def _spy(monkeypatch) -> list[bool]:
    calls: list[bool] = []
    real = pipeline.detect_faces

    def spy(*args, thorough: bool = False, **kwargs):
        calls.append(thorough)
        return real(*args, thorough=thorough, **kwargs)

    monkeypatch.setattr(pipeline, "detect_faces", spy)
    return calls


def test_live_frames_use_the_quick_face_search(monkeypatch) -> None:
    calls = _spy(monkeypatch)
    empty_room = np.full((480, 640, 3), 120, np.uint8)
    result = services.render_live(empty_room, None, RenderSettings())
    assert not result.face_found
    assert calls == [False]


def test_the_captured_photo_gets_the_thorough_search(monkeypatch) -> None:
    calls = _spy(monkeypatch)
    empty_room = np.full((480, 640, 3), 120, np.uint8)
    services.render_photo(empty_room, RenderSettings())
    assert calls == [True]
