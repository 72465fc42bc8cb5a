"""``photolatte kiosk --screenshots``: the walk saves each screen once, with or without a camera."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QImage

from kiosk.orders.model import PHOTO_DESIGN
from kiosk.settings.config import KioskConfig

# Each step waits up to STEP_TIMEOUT_S (30 s) for its screen; a walk that finishes inside
# this bound never sat out a step's timeout on a screen that could not come.
WALK_MS = 25_000


def _walk(qtbot, tmp_path: Path, camera: str):
    from kiosk.ui.app import KioskApp
    from kiosk.ui.tour import Tour

    config = KioskConfig(data_dir=tmp_path / "data", camera=camera, lang="en",
                         printer_url=f"sim://tour{os.getpid()}?speed=40")
    kiosk = KioskApp(config, countdown_ms=30)
    kiosk.start()
    try:
        tour = Tour(kiosk, tmp_path / "shots")
        with qtbot.waitSignal(tour.finished, timeout=WALK_MS):
            tour.start()
        return tour, [order.design for order in kiosk.store.list_orders()]
    finally:
        kiosk.shutdown()


def test_without_a_camera_the_walk_takes_a_design_and_finishes(qtbot, tmp_path):
    tour, designs = _walk(qtbot, tmp_path, str(tmp_path / "no-such-camera0"))
    names = [p.name for p in tour.saved]
    assert names == ["01-attract.png", "02-menu.png", "03-consent.png", "04-designs.png",
                     "05-camera.png", "06-review.png", "07-review-other-language.png",
                     "08-idle-warning.png", "09-ticket.png"]
    for path in tour.saved:
        assert not QImage(str(path)).isNull()
    # The walk placed a design order (it did not repeat the error panel to the end).
    assert len(designs) == 1 and designs[0] != PHOTO_DESIGN


def test_with_the_demo_camera_the_walk_shoots_a_photo(qtbot, tmp_path):
    tour, designs = _walk(qtbot, tmp_path, "demo")
    assert designs == [PHOTO_DESIGN]
    names = [p.name for p in tour.saved]
    assert names[4:7] == ["05-camera.png", "06-countdown.png", "07-review.png"]
    assert names[-1] == "10-ticket.png"
