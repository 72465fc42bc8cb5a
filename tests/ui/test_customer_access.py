"""The accessibility mode: one big button on the attract screen; text 1.5 times larger,
high contrast (7:1), controls within reach on a floor kiosk, a page a finger scrolls on a
small panel, idle times doubled, a chime; and the next customer gets the normal screens.
(Every screen's fit in the mode, at every size: ``test_customer_fit.py``.)"""

from __future__ import annotations

import pytest
from customer_support import WAIT_MS, click, close_customer, make_customer
from fit_check import reach_problems, settle
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from kiosk.ui.layouts import ACCESS_REACH, ACCESS_TEXT, BANDS
from kiosk.ui.theme import HIGH_CONTRAST, NORMAL, contrast_ratio, text_pairs


@pytest.fixture
def rig(qtbot, tmp_path):
    rig = make_customer(qtbot, tmp_path, lang="en", idle_seconds=60, idle_warning_seconds=20)
    yield rig
    close_customer(rig)


def _font_px(widget: QLabel) -> int:
    return widget.font().pixelSize()


@pytest.mark.parametrize("size", [(800, 480), (1280, 800), (1080, 1920)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_big_button_turns_it_on_and_the_next_customer_gets_the_normal_screens(
        qtbot, rig, size):
    w = rig.window
    w.resize(*size)
    settle()
    a = w.attract
    body, title = _font_px(a.privacy), _font_px(a.title)
    start = a.start_button.font().pixelSize()
    assert a.access_button.isVisible()
    assert a.access_button.height() >= w.look.touch_px * 1.4  # one big button
    chime = rig.context.counter.service.chime
    before = chime.played
    click(qtbot, a.access_button)
    assert w.access and a.access_button.isChecked()
    assert a.access_button.text() == "Accessible mode: on"
    settle()
    # Larger text: 1.5 times, words and buttons alike.
    assert _font_px(a.privacy) >= ACCESS_TEXT * body - 1
    assert _font_px(a.title) >= ACCESS_TEXT * title - 1
    assert a.start_button.font().pixelSize() >= ACCESS_TEXT * start - 1
    # High contrast: the mode's colours on the screen.
    shot = w.grab().toImage()
    corner = a.mapTo(w, QPoint(2, 2))  # the screen's margin: its background
    assert shot.pixelColor(corner).name().upper() == HIGH_CONTRAST.background
    text = a.title.palette().color(QPalette.ColorRole.WindowText).name().upper()
    assert contrast_ratio(text, HIGH_CONTRAST.background) >= 7.0
    assert w.look.access
    # Heard, too: a chime when it turns on.
    qtbot.waitUntil(lambda: chime.played > before, timeout=WAIT_MS)
    # Longer times: the idle time and its warning, twice as long.
    assert w.idle.seconds == pytest.approx(120)
    w.idle_overlay.start()
    assert w.idle_overlay.seconds_left == 40
    w.idle_overlay.stop()
    # The next customer: normal text, normal colours, normal times.
    click(qtbot, a.start_button)
    click(qtbot, w.menu.back_button)  # back to the start resets the visit
    assert w.current_screen == "attract"
    assert not w.access and not a.access_button.isChecked()
    settle()
    assert _font_px(a.privacy) == body and w.idle.seconds == pytest.approx(60)


def test_high_contrast_text_reaches_seven_to_one():
    for name, (fg, bg) in text_pairs(HIGH_CONTRAST).items():
        assert contrast_ratio(fg, bg) >= 7.0, name
    for name, (fg, bg) in text_pairs(NORMAL).items():
        assert contrast_ratio(fg, bg) >= 4.5, name


@pytest.mark.parametrize("size", [(1080, 1920), (768, 1366), (1920, 1080)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_on_a_floor_kiosk_every_control_is_within_reach(qtbot, rig, size):
    w = rig.window
    w.resize(*size)
    settle()
    assert w.attract.access_button.y() > 0
    w.set_access(True)
    settle()
    assert w.look.reach == ACCESS_REACH
    # The bar with the language toggle goes to the foot of the screen.
    assert w.top_bar.y() > w.height() * (1 - ACCESS_REACH)
    assert reach_problems(w, ACCESS_REACH) == []
    click(qtbot, w.attract.start_button)
    settle()
    assert reach_problems(w, ACCESS_REACH) == []
    first = w.menu.drink_buttons[0][0]
    assert first.mapTo(w, QPoint(0, 0)).y() >= w.height() * (1 - ACCESS_REACH) - 1


def test_on_a_small_panel_the_page_scrolls_under_a_finger(qtbot, rig):
    w = rig.window
    w.resize(800, 480)
    settle()
    assert w.look.band is BANDS["landscape-s"] and not w.page_scroll.isVisible()
    w.set_access(True)
    click(qtbot, w.attract.start_button)
    click(qtbot, w.menu.drink_buttons[0][0])
    settle()
    scroll = w.page_scroll
    assert scroll.isVisible() and scroll.widget() is w.stack
    assert scroll.overflows(), "the consent's words at 1.5 times fit one 7-inch screen?"
    bar = scroll.verticalScrollBar()
    # A tap still reaches a button in the scrolled page (the scroller passes it on).
    bar.setValue(bar.maximum())
    settle()
    yes = w.consent.yes_button
    assert yes.visibleRegion().boundingRect().height() == yes.height()
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.current_screen == "camera", timeout=WAIT_MS)
    # The next customer: the screens sit in the window again, no scrolling.
    w.reset()
    settle()
    assert not w.page_scroll.isVisible() and w.stack.parentWidget() is w
