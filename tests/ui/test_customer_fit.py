"""The walk: every customer screen, at every screen size cafés buy, in both languages, with
the accessibility mode off and on. Fails on cut text, widgets overlapping or sticking out,
a control off the window, a touch target under 15 mm or two closer than 3 mm (at 96 dpi),
and, in the accessibility mode on tall screens, a control above the lower 60 %.

One window per size; languages and the mode switch in place. Each size writes its figures
(faults, smallest target in px and mm) to ``test-artifacts/walk/customer-WxH.json``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import cv2
import pytest
from customer_support import (
    WAIT_MS,
    click,
    close_customer,
    make_customer,
    shoot,
    wait_review_ready,
)
from fit_check import KIOSK_SIZES, SizeWalk, TouchRule, settle

from kiosk.ui.customer.opening_soon import OpeningSoon
from kiosk.ui.layouts import (
    BANDS,
    MIN_LANDSCAPE,
    MIN_PORTRAIT,
    choose_band,
    density,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "imaging"))
from synthetic_faces import group

READY = ["014", "013", "011", "009", "006", "003"]  # a full ready board: the widest case


@pytest.fixture(scope="module")
def family_camera(tmp_path_factory) -> str:
    """A camera that sees three people posing: the review shows its face choice."""
    photo, _ = group(3, seed=3, width=640, height=480, face_w=80)
    path = tmp_path_factory.mktemp("camera") / "family.png"
    cv2.imwrite(str(path), photo)
    return str(path)


def _window_problems(w, size: tuple[int, int]) -> list[str]:
    """The window's own faults: a message covering the screens, another size's layout."""
    found = []
    if w.fitter.too_small.isVisibleTo(w):
        found.append("the too-small message covers the screens")
    if w.look is None or w.look.band is not choose_band(*size):
        found.append(f"laid out as {w.look.band.name if w.look else None}")
    return found


@pytest.mark.parametrize("size", KIOSK_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_customer_screen_fits_every_kiosk_screen(qtbot, tmp_path, size, family_camera):
    started = time.monotonic()
    rig = make_customer(qtbot, tmp_path, lang="en", camera=family_camera,
                        phone_upload=True, phone_port=0, phone_wifi="Latte Guest 5G")
    w = rig.window
    w.resize(*size)
    settle()
    assert w.look is not None and w.look.band is choose_band(*size)
    walk = SizeWalk(w, size, rig.context.i18n.set_language, TouchRule(96), "customer",
                    set_access=w.set_access,
                    reach=lambda: w.look.reach if w.look is not None else None,
                    extra=lambda: _window_problems(w, size))
    try:
        qtbot.waitUntil(lambda: w.attract.cup.image is not None, timeout=WAIT_MS)
        w.attract.ready_board.show_numbers(READY)
        walk.check("attract")
        # "Opening soon" over the screens while the staff codes forbid orders.
        gate = OpeningSoon(w.stack, lambda: w.current_screen == "attract")
        gate.set_open(False)
        assert gate.showing
        walk.check("opening-soon")
        gate.set_open(True)
        gate.deleteLater()
        click(qtbot, w.attract.start_button)
        walk.check("menu")
        click(qtbot, w.menu.drink_buttons[0][0])
        assert w.consent.phone_button.isVisible()
        walk.check("consent")
        click(qtbot, w.consent.phone_button)
        qtbot.waitUntil(lambda: bool(w.phone_screen.qr_view.text), timeout=WAIT_MS)
        walk.check("phone")
        click(qtbot, w.phone_screen.back_button)
        click(qtbot, w.consent.no_button)
        qtbot.waitUntil(lambda: all(not b.icon().isNull()
                                    for b in w.designs.design_buttons.values()),
                        timeout=WAIT_MS)
        walk.check("designs")
        click(qtbot, w.designs.design_buttons["text"])
        wait_review_ready(qtbot, rig)
        walk.check("review-design")
        click(qtbot, w.review.back_button)
        click(qtbot, w.designs.back_button)
        click(qtbot, w.consent.yes_button)
        cam = w.camera_screen
        qtbot.waitUntil(lambda: cam.take_button.isEnabled()
                        and cam.cup_view.image is not None, timeout=WAIT_MS)
        walk.check("camera")
        cam.set_camera_failed(True)
        assert cam.phone_button.isVisible()
        walk.check("camera-failed")
        cam.set_camera_failed(False)
        cam.set_camera_image(None)
        qtbot.waitUntil(lambda: cam.take_button.isEnabled(), timeout=WAIT_MS)
        shoot(qtbot, rig)
        assert w.review.face_choice.isVisible()
        walk.check("review-faces")
        click(qtbot, w.review.retake_button)
        qtbot.waitUntil(lambda: cam.take_button.isEnabled(), timeout=WAIT_MS)
        walk.check("camera-retake")
        cam.set_can_shoot(False)
        walk.check("camera-no-photos-left")
        cam.set_can_shoot(True)
        shoot(qtbot, rig)
        w.idle_overlay.start()
        walk.check("idle-warning")
        click(qtbot, w.idle_overlay.continue_button)
        wait_review_ready(qtbot, rig)
        click(qtbot, w.review.confirm_button)
        qtbot.waitUntil(lambda: w.current_screen == "ticket", timeout=WAIT_MS)
        walk.check("ticket")
    finally:
        close_customer(rig)
    walk.save(band=choose_band(*size).name, seconds=round(time.monotonic() - started, 1))
    assert walk.checks == 14 * 4
    assert not walk.problems, "\n".join(walk.problems)


@pytest.mark.parametrize("size, band", [
    ((800, 480), "landscape-s"), ((1024, 600), "landscape-m"), ((1024, 768), "landscape-m"),
    ((1280, 800), "landscape-l"), ((1366, 768), "landscape-m"), ((1920, 1080), "landscape-xl"),
    ((1920, 1040), "landscape-xl"), ((768, 1366), "portrait-m"), ((1080, 1920), "portrait-l"),
    ((1080, 1870), "portrait-l"), ((1000, 1100), "landscape-m"), ((1000, 1250), "portrait-l"),
])
def test_each_screen_size_gets_its_own_layout(size, band):
    assert choose_band(*size) is BANDS[band]


@pytest.mark.parametrize("size", [(799, 480), (800, 479), (640, 480), (480, 800),
                                  (719, 1280), (720, 1199)])
def test_below_the_minimum_no_layout_fits(size):
    assert choose_band(*size) is None
    assert MIN_LANDSCAPE == (800, 480) and MIN_PORTRAIT == (720, 1200)


def test_touch_sizes_follow_the_screen_density():
    band = BANDS["landscape-l"]
    # 96 dpi: the band's own 72 px (19 mm); a 10" 1280x800 tablet (149 dpi): 15 mm is 89 px,
    # more than the band has room for: its cap.
    assert density(0, 96).touch_px(band) == 72
    assert density(0, 149).touch_px(band) == band.touch_max_px
    # A 32" portrait kiosk (69 dpi): 15 mm is 41 px, the band's 104 px stand.
    assert density(0, 69).touch_px(BANDS["portrait-l"]) == 104
    # The setting wins over the panel; nonsense from the panel is ignored.
    assert density(133, 96).dpi == 133 and density(133, 96).source == "setting"
    assert density(0, 3000).dpi == 96 and density(0, 3000).source == "default"
    assert density(0, None).source == "default"


def test_a_window_below_the_minimum_says_so(qtbot, tmp_path):
    rig = make_customer(qtbot, tmp_path, lang="en")
    w = rig.window
    try:
        w.resize(640, 400)
        settle()
        assert (w.width(), w.height()) == (640, 400), "the window grew past its screen"
        panel = w.fitter.too_small
        assert panel.isVisible() and panel.geometry() == w.rect()
        text = panel.text.text()
        assert "800×480" in text and "720×1200" in text and "640×400" in text
        rig.context.i18n.set_language("ko")
        assert "800×480" in panel.text.text() and panel.text.text() != text
        rig.context.i18n.set_language("en")
        w.resize(1024, 600)
        settle()
        assert not panel.isVisible() and w.look.band is BANDS["landscape-m"]
    finally:
        close_customer(rig)
