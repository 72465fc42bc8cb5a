"""A customer who walks away: warning, then a reset that deletes the photo; never mid-print."""

from __future__ import annotations

import gc
import weakref

import pytest
from customer_support import WAIT_MS, click, close_customer, make_customer, save_screen, shoot
from customer_support import to_camera as walk_to_camera


@pytest.fixture
def rig(qtbot, tmp_path):
    # A 1 s warning instead of 30 s; the idle time is shortened once the photo is taken.
    rig = make_customer(qtbot, tmp_path, lang="en", idle_warning_seconds=1)
    yield rig
    close_customer(rig)


def _photo_on_review(qtbot, rig):
    walk_to_camera(qtbot, rig)
    shoot(qtbot, rig)
    rig.window.idle.set_seconds(0.3)  # the real 75 s, compressed
    return rig.window


def test_idle_warning_then_reset_deletes_photo_and_everything_derived(qtbot, rig):
    w = _photo_on_review(qtbot, rig)
    photo_ref = weakref.ref(w.session.photo)
    result_ref = weakref.ref(w.session.result)
    preview_ref = weakref.ref(w.session.preview)
    w.idle.arm()

    qtbot.waitUntil(w.idle_overlay.isVisible, timeout=WAIT_MS)
    save_screen(w, "07-idle-warning-en")
    assert "Are you still there?" in w.idle_overlay.title.text()
    # One big button: half as tall again as any other at this screen size.
    assert w.idle_overlay.continue_button.height() >= 1.4 * w.look.touch_px
    with qtbot.waitSignal(w.reset_done, timeout=WAIT_MS):
        pass

    assert w.current_screen == "attract"
    assert not w.idle_overlay.isVisible()
    assert not w.holds_customer_images()
    assert w.session.photo is None and w.session.result is None and w.session.mask is None
    assert not w.camera.running
    gc.collect()
    assert photo_ref() is None, "the photo is still referenced somewhere"
    assert result_ref() is None, "the portrait result is still referenced somewhere"
    assert preview_ref() is None, "the cup preview is still referenced somewhere"
    # Nothing reached the store: no order, hence no mask or preview on disk.
    assert rig.store.list_orders() == []


def test_continue_keeps_the_customer_where_they_were(qtbot, rig):
    w = _photo_on_review(qtbot, rig)
    w.idle.arm()
    qtbot.waitUntil(w.idle_overlay.isVisible, timeout=WAIT_MS)
    w.idle.disarm()  # the tap below re-arms it; keep the test from racing the next warning
    click(qtbot, w.idle_overlay.continue_button)
    assert not w.idle_overlay.isVisible()
    assert w.current_screen == "review"
    assert w.session.photo is not None


def test_no_reset_while_a_print_is_running(qtbot, rig):
    w = _photo_on_review(qtbot, rig)
    rig.printer.busy = True
    w.idle.arm()
    # The warning is held back as long as the printer is busy ...
    qtbot.waitUntil(lambda: w.idle_deferrals >= 2, timeout=WAIT_MS)
    assert not w.idle_overlay.isVisible()
    assert w.current_screen == "review" and w.session.photo is not None
    # ... and comes once the print has finished, then the reset.
    rig.printer.busy = False
    qtbot.waitUntil(w.idle_overlay.isVisible, timeout=WAIT_MS)
    rig.printer.busy = True  # a print starts during the warning: the reset waits again
    deferred = w.idle_deferrals
    qtbot.waitUntil(lambda: w.idle_deferrals > deferred, timeout=WAIT_MS)
    assert w.current_screen == "review"
    rig.printer.busy = False
    with qtbot.waitSignal(w.reset_done, timeout=WAIT_MS):
        pass
    assert w.current_screen == "attract" and not w.holds_customer_images()


def test_attract_screen_never_times_out(qtbot, rig):
    w = rig.window
    assert not w.idle.armed
    click(qtbot, w.attract.start_button)
    assert w.idle.armed
    click(qtbot, w.menu.back_button)
    assert w.current_screen == "attract" and not w.idle.armed


def test_only_touches_on_the_customer_screen_keep_the_session(qtbot, rig):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    w = rig.window
    other = QPushButton("barista window")  # another top-level window, e.g. the barista's
    qtbot.addWidget(other)
    other.show()
    click(qtbot, w.attract.start_button)
    touches: list[int] = []
    w.idle.activity.connect(lambda: touches.append(1))
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton)
    assert touches == []
    qtbot.mouseClick(w.menu.back_button, Qt.MouseButton.LeftButton)
    assert touches  # a touch on the customer screen counts
