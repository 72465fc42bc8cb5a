"""A missing or unplugged camera: a friendly message, Retry, and the no-photo designs."""

from __future__ import annotations

import shutil

from customer_support import (
    WAIT_MS,
    check_both_languages,
    click,
    close_customer,
    make_customer,
    shoot,
    to_camera,
    wait_review_ready,
)

from kiosk.settings import paths


def test_no_camera_offers_retry_and_designs(qtbot, tmp_path):
    rig = make_customer(qtbot, tmp_path, camera="/dev/video99")
    try:
        w = rig.window
        click(qtbot, w.attract.start_button)
        click(qtbot, w.menu.drink_buttons[0][0])
        click(qtbot, w.consent.yes_button)
        qtbot.waitUntil(w.camera_screen.failure.isVisible, timeout=WAIT_MS)
        check_both_languages(qtbot, rig, "04-camera-unavailable")
        assert "camera is not available" in w.camera_screen.failure_title.text()
        assert not w.camera_screen.take_button.isEnabled()
        click(qtbot, w.camera_screen.retry_button)  # still nothing there: same message
        qtbot.waitUntil(w.camera_screen.failure.isVisible, timeout=WAIT_MS)
        click(qtbot, w.camera_screen.designs_button)
        assert w.current_screen == "designs"
        click(qtbot, w.designs.design_buttons["leaf"])
        wait_review_ready(qtbot, rig)
        with qtbot.waitSignal(w.order_placed, timeout=WAIT_MS) as placed:
            click(qtbot, w.review.confirm_button)
        assert rig.store.get(placed.args[0].id).design == "leaf"
    finally:
        close_customer(rig)


def test_camera_unplugged_mid_pose_then_back(qtbot, tmp_path):
    folder = tmp_path / "camera"
    folder.mkdir()
    demo = paths.demo_photo()
    # Two pictures: the folder source re-reads its files as it alternates between them.
    for name in ("a.jpg", "b.jpg"):
        shutil.copy(demo, folder / name)
    rig = make_customer(qtbot, tmp_path, camera=str(folder))
    try:
        w = rig.window
        to_camera(qtbot, rig)
        for p in folder.iterdir():  # the "cable" is pulled
            p.unlink()
        qtbot.waitUntil(w.camera_screen.failure.isVisible, timeout=WAIT_MS)
        assert w.camera_screen.camera_view.image is None
        assert not w.camera_screen.take_button.isEnabled()
        for name in ("a.jpg", "b.jpg"):  # plugged back in
            shutil.copy(demo, folder / name)
        click(qtbot, w.camera_screen.retry_button)
        qtbot.waitUntil(lambda: not w.camera_screen.failure.isVisible()
                        and w.camera_screen.camera_view.image is not None, timeout=WAIT_MS)
        shoot(qtbot, rig)
        assert w.session.photo is not None
    finally:
        close_customer(rig)
