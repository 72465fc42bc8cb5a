"""Screenshots of the customer screens at every supported size, for docs/kiosk.md::

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/ui/customer_shots.py docs/img

The real window, walked through its own buttons as in the tests (the kiosk's
``--screenshots`` tour saves the same ``grab()`` at the window's size); a family of three
before the camera, so the review shows its face choice. Saves ``kiosk-WxH-attract.png``
and ``kiosk-WxH-review.png`` per size, and the accessibility mode on a portrait kiosk and
on a 7" panel; pictures wider or taller than 960 px are halved (a page, not a print).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "imaging"))

import cv2  # noqa: E402
from customer_support import close_customer, make_customer  # noqa: E402
from fit_check import KIOSK_SIZES, settle  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from synthetic_faces import group  # noqa: E402

MAX_PX = 960


def _wait(cond: Callable[[], bool], timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError("screen not ready")
        QApplication.processEvents()
        time.sleep(0.01)


class _Bot:
    def addWidget(self, widget: QWidget) -> None:
        pass

    def waitExposed(self, widget: QWidget) -> None:
        _wait(widget.isVisible)


def _save(window: QWidget, path: Path) -> None:
    settle()
    image = window.grab().toImage()
    if max(image.width(), image.height()) > MAX_PX:
        image = image.scaled(image.width() // 2, image.height() // 2,
                             Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    image.save(str(path))
    # 256 colours: a third of the bytes in the repository, no visible change at this size.
    from PIL import Image

    with Image.open(path) as full:
        small = full.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE)
    small.save(path, optimize=True)
    print(path)


def _shots(size: tuple[int, int], out: Path, camera: str, data: Path) -> None:
    rig = make_customer(_Bot(), data, lang="ko" if size[1] > size[0] else "en",
                        camera=camera)
    w = rig.window
    name = f"kiosk-{size[0]}x{size[1]}"
    try:
        w.resize(*size)
        w.idle.set_seconds(3600)
        _wait(lambda: w.attract.cup.image is not None)
        w.attract.ready_board.show_numbers(["012", "009"])
        _save(w, out / f"{name}-attract.png")
        access = size in ((1080, 1920), (800, 480))
        w.attract.start_button.click()
        w.menu.drink_buttons[0][0].click()
        if access and size == (800, 480):
            w.set_access(True)
            _save(w, out / f"{name}-accessible-consent.png")
            w.set_access(False)
        w.consent.yes_button.click()
        cam = w.camera_screen
        _wait(lambda: cam.take_button.isEnabled() and cam.cup_view.image is not None)
        cam.take_button.click()
        _wait(lambda: w.current_screen == "review" and w.review.confirm_button.isEnabled())
        _save(w, out / f"{name}-review.png")
        if access and size == (1080, 1920):
            w.set_access(True)
            _save(w, out / f"{name}-accessible-review.png")
            w.reset()
            w.set_access(True)
            _save(w, out / f"{name}-accessible-attract.png")
    finally:
        close_customer(rig)


def main(out: Path) -> int:
    QApplication.instance() or QApplication([sys.argv[0]])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="customer-shots-") as scratch:
        photo, _ = group(3, seed=3, width=640, height=480, face_w=80)
        camera = Path(scratch) / "family.png"
        cv2.imwrite(str(camera), photo)
        for i, size in enumerate(KIOSK_SIZES):
            data = Path(scratch) / f"data{i}"
            data.mkdir()
            _shots(size, out, str(camera), data)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img")))
