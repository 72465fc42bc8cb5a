"""The live views' frames painted on the producing thread look exactly like the view painting
them itself: mirrored, scaled, in the cup's circle, the camera's oval over them; a frame
painted for another size is painted again at the view's size."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtGui import QImage

from kiosk.ui.image_view import CameraView, ImageView, ViewFrame
from kiosk.ui.widgets import rgb_to_qimage


def _picture(w: int = 320, h: int = 240) -> QImage:
    """An asymmetric picture: a red left edge, a gradient, a blue block top right."""
    rgb = np.zeros((h, w, 3), np.uint8)
    rgb[..., 1] = np.linspace(0, 255, w, dtype=np.uint8)[None, :]
    rgb[:, : w // 10, 0] = 255
    rgb[: h // 4, -w // 4:, 2] = 255
    return rgb_to_qimage(rgb)


def _pixels(view: ImageView) -> np.ndarray:
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    return np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine())[:, : image.width() * 3].reshape(
        image.height(), image.width(), 3).astype(int)


def _painted_elsewhere(view: ImageView, image: QImage) -> ViewFrame:
    out: list[object] = []
    thread = threading.Thread(target=lambda: out.append(view.painter.frame(image)))
    thread.start()
    thread.join(10)
    assert isinstance(out[0], ViewFrame)
    return out[0]


@pytest.mark.parametrize("make", [CameraView, lambda: ImageView(circular=True)],
                         ids=["camera", "cup"])
def test_a_frame_painted_on_another_thread_looks_like_the_views_own(qtbot, make):
    view = make()
    qtbot.addWidget(view)
    view.resize(420, 360)
    view.show()
    qtbot.waitExposed(view)
    picture = _picture()
    view.set_image(picture)
    own = _pixels(view)
    frame = _painted_elsewhere(view, picture)
    view.set_image(frame)
    assert view.image is picture
    elsewhere = _pixels(view)
    assert own.shape == elsewhere.shape
    # Antialiased edges blend once over the background instead of twice: a level or two.
    assert np.abs(own - elsewhere).max() <= 3
    assert np.abs(own - elsewhere).mean() < 0.2
    # And it is the picture, not an empty view: the mirrored camera shows the red edge on
    # the right, the cup (not mirrored) on the left.
    row = own[own.shape[0] // 2]  # the red edge is dimmed outside the camera's oval
    red = [x for x in range(own.shape[1]) if row[x, 0] > 120 and row[x, 1] < 50]
    assert red, "the picture is not shown"
    assert (min(red) > own.shape[1] // 2) == isinstance(view, CameraView)


def test_a_frame_painted_for_another_size_is_painted_again(qtbot):
    view = CameraView()
    qtbot.addWidget(view)
    view.resize(420, 360)
    view.show()
    qtbot.waitExposed(view)
    picture = _picture()
    frame = _painted_elsewhere(view, picture)
    view.resize(600, 400)  # the window changed size before the frame was shown
    qtbot.waitUntil(lambda: view.painter.geometry[0] == 600)
    view.set_image(frame)
    stale = _pixels(view)
    view.set_image(picture)
    assert np.abs(stale - _pixels(view)).max() == 0
