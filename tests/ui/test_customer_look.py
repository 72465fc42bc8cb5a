"""How the customer screens read and feel: both languages everywhere, touch-sized targets,
readable contrast, and no way out by keyboard. Saves a screenshot of every screen."""

from __future__ import annotations

import itertools

import pytest
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
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk.ui.theme import GAP_PX, TEXT_PAIRS, TOUCH_MIN_PX, contrast_ratio

MIN_TARGET_PX = 64  # 15 mm at 96 dpi is 57 px; we promise 64
MIN_GAP_PX = 11  # 3 mm at 96 dpi


def _check_touch_targets(w, name: str) -> None:
    buttons = [b for b in w.findChildren(QPushButton) if b.isVisible()]
    assert buttons, name
    rects = []
    for b in buttons:
        assert b.width() >= MIN_TARGET_PX and b.height() >= MIN_TARGET_PX, (
            f"{name}: {b.text()!r} is {b.width()}x{b.height()} px")
        top_left = b.mapTo(w, b.rect().topLeft())
        rects.append((b.text(), top_left.x(), top_left.y(), b.width(), b.height()))
    for (ta, xa, ya, wa, ha), (tb, xb, yb, wb, hb) in itertools.combinations(rects, 2):
        gap_x = max(xb - (xa + wa), xa - (xb + wb))
        gap_y = max(yb - (ya + ha), ya - (yb + hb))
        assert max(gap_x, gap_y) >= MIN_GAP_PX, (
            f"{name}: {ta!r} and {tb!r} are {max(gap_x, gap_y)} px apart")


@pytest.fixture
def rig(qtbot, tmp_path):
    rig = make_customer(qtbot, tmp_path, lang="en", idle_warning_seconds=30)
    yield rig
    close_customer(rig)


def test_every_screen_in_both_languages_with_touch_sized_targets(qtbot, rig):
    w = rig.window
    qtbot.waitUntil(lambda: w.attract.cup.image is not None, timeout=WAIT_MS)  # sample cup
    check_both_languages(qtbot, rig, "01-attract")
    _check_touch_targets(w, "attract")
    click(qtbot, w.attract.start_button)
    check_both_languages(qtbot, rig, "02-menu")
    _check_touch_targets(w, "menu")
    click(qtbot, w.menu.drink_buttons[0][0])
    check_both_languages(qtbot, rig, "03-consent")
    _check_touch_targets(w, "consent")
    click(qtbot, w.consent.no_button)
    qtbot.waitUntil(lambda: all(not b.icon().isNull()
                                for b in w.designs.design_buttons.values()), timeout=WAIT_MS)
    check_both_languages(qtbot, rig, "03-designs")
    _check_touch_targets(w, "designs")
    click(qtbot, w.designs.back_button)
    click(qtbot, w.consent.yes_button)
    to_camera_ready = w.camera_screen
    qtbot.waitUntil(lambda: to_camera_ready.take_button.isEnabled()
                    and to_camera_ready.cup_view.image is not None, timeout=WAIT_MS)
    check_both_languages(qtbot, rig, "04-camera")
    _check_touch_targets(w, "camera")
    shoot(qtbot, rig)
    check_both_languages(qtbot, rig, "05-review")
    _check_touch_targets(w, "review")
    # The idle warning over the review screen.
    w.idle_overlay.start()
    qtbot.waitUntil(w.idle_overlay.isVisible, timeout=WAIT_MS)
    en = w.idle_overlay.text.text()
    check_both_languages(qtbot, rig, "07-idle-warning")
    assert w.idle_overlay.continue_button.width() >= 2 * TOUCH_MIN_PX
    click(qtbot, w.idle_overlay.continue_button)
    assert "30" in en
    wait_review_ready(qtbot, rig)
    with qtbot.waitSignal(w.order_placed, timeout=WAIT_MS):
        click(qtbot, w.review.confirm_button)
    check_both_languages(qtbot, rig, "06-ticket")
    _check_touch_targets(w, "ticket")


def test_language_can_change_mid_countdown_and_on_the_review(qtbot, rig):
    w = rig.window
    to_camera(qtbot, rig)
    rig.context.i18n.set_language("ko")
    assert w.camera_screen.take_button.text() == "사진 찍기"
    shoot(qtbot, rig)
    assert w.review.confirm_button.text() == "좋아요, 이걸로 만들어 주세요"
    assert w.review.retake_button.text() == "다시 찍기 (3번 남음)"
    rig.context.i18n.set_language("en")
    assert w.review.retake_button.text() == "Retake photo (3 left)"


def test_text_colours_reach_four_and_a_half_to_one():
    for name, (fg, bg) in TEXT_PAIRS.items():
        assert contrast_ratio(fg, bg) >= 4.5, name
    assert GAP_PX >= MIN_GAP_PX and TOUCH_MIN_PX >= MIN_TARGET_PX


def test_contrast_formula_on_known_pairs():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_no_key_or_close_request_leaves_the_kiosk(qtbot, rig):
    w = rig.window
    click(qtbot, w.attract.start_button)
    for key, mod in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                     (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
                     (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
                     (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)):
        qtbot.keyClick(w, key, mod)
    assert w.close() is False  # what Alt+F4 from the window manager does
    assert w.isVisible() and w.current_screen == "menu"
    w.allow_close()  # the technician's exit (after the PIN) or the app shell
    assert w.close() is True
    assert not w.isVisible()
