"""The customer faults issue 9 lists, each as the customer meets it: the message design's
greeting after a language switch, what the attract screen says about the photo, the menu
pictures' background, the two consent answers, the design review's use of the screen and
its "start over", retakes left on the camera screen, the lighter/darker level, and the
camera error panel's way to the phone."""

from __future__ import annotations

import numpy as np
import pytest
from customer_support import (
    ROOT,
    WAIT_MS,
    click,
    close_customer,
    make_customer,
    shoot,
    to_camera,
    wait_review_ready,
)
from fit_check import settle
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage

from kiosk.orders import consent_text
from kiosk.ui.customer import services
from kiosk.ui.theme import NORMAL


@pytest.fixture
def rig(qtbot, tmp_path):
    rig = make_customer(qtbot, tmp_path, lang="en")
    yield rig
    close_customer(rig)


def _design_review(qtbot, rig, design: str) -> None:
    w = rig.window
    click(qtbot, w.attract.start_button)
    click(qtbot, w.menu.drink_buttons[0][0])
    click(qtbot, w.consent.no_button)
    click(qtbot, w.designs.design_buttons[design])
    wait_review_ready(qtbot, rig)


def test_the_message_design_speaks_the_language_shown(qtbot, tmp_path):
    rig = make_customer(qtbot, tmp_path, lang="ko")
    s = rig.window.session
    try:
        _design_review(qtbot, rig, "text")
        assert s.extra["greeting"] == "감사합니다"
        korean = s.preview.copy()
        rig.context.i18n.set_language("en")  # the customer switches on the review
        qtbot.waitUntil(lambda: s.extra.get("greeting") == "Thank you", timeout=WAIT_MS)
        wait_review_ready(qtbot, rig)
        qtbot.waitUntil(lambda: s.preview is not None
                        and not np.array_equal(s.preview, korean), timeout=WAIT_MS)
        # The cup (and the mask that will print) is the English greeting's, as drawn fresh.
        settings = services.base_settings(rig.config, powders=s.powders,
                                          preview_px=services.CUP_PREVIEW_PX)
        mask, preview = services.render_design("text", s.powders, settings, text="Thank you")
        assert np.array_equal(s.preview, preview)
        assert np.array_equal(np.asarray(s.mask.dots), np.asarray(mask.dots))
    finally:
        close_customer(rig)


def test_the_attract_screen_says_what_the_consent_says(rig):
    w = rig.window
    text = w.attract.privacy.text()
    assert "No photo is ever saved" not in text
    minutes = round(rig.config.retention_minutes)
    # The consent's "how long": the photo is never saved, the powder pattern made from it
    # is kept until the drink is served, the retention time at most.
    assert "never saved" in text and "powder pattern" in text and "served" in text
    assert f"{minutes} minutes" in text
    how_long = consent_text.HOW_LONG.format(minutes=minutes)
    assert "never saved" in how_long and f"{minutes} minutes" in how_long


def test_menu_pictures_have_no_square_around_them(qtbot, rig):
    from PIL import Image

    for path in sorted((ROOT / "assets" / "menu").glob("*.png")):
        with Image.open(path) as picture:
            assert picture.mode == "RGBA", path.name
            corners = [picture.getpixel(p)[3] for p in
                       ((0, 0), (picture.width - 1, 0), (0, picture.height - 1),
                        (picture.width - 1, picture.height - 1))]
            assert corners == [0, 0, 0, 0], f"{path.name}: its corners are not transparent"
    w = rig.window
    click(qtbot, w.attract.start_button)
    settle()
    card, _ = w.menu.drink_buttons[0]
    shot: QImage = card.grab().toImage()
    icon = card._layout(card._contents_rect())[0]  # where the picture is painted
    corner = shot.pixelColor(icon.topLeft() + QPoint(2, 2))
    assert corner == QColor(NORMAL.card), f"the picture's corner shows {corner.name()}"


@pytest.mark.parametrize("size", [(800, 480), (1024, 600), (1280, 800), (768, 1366)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_photo_is_as_large_as_yes_and_never_wraps(qtbot, rig, size):
    w = rig.window
    click(qtbot, w.attract.start_button)
    click(qtbot, w.menu.drink_buttons[0][0])
    for lang in ("en", "ko"):
        rig.context.i18n.set_language(lang)
        w.resize(*size)
        settle()
        yes, no = w.consent.yes_button, w.consent.no_button
        assert no.font().pixelSize() == yes.font().pixelSize() > 0
        assert no.height() == yes.height()
        assert len(no.display_lines()) == 1, (lang, no.display_lines())
        assert len(yes.display_lines()) == 1, (lang, yes.display_lines())


def test_the_design_review_fills_the_screen_and_can_start_over(qtbot, rig):
    w = rig.window
    _design_review(qtbot, rig, "heart")
    r = w.review
    # The choices column carries the designs: another design without leaving the review.
    assert all(b.isVisible() for b in r.design_buttons.values())
    assert r.design_buttons["heart"].isChecked()
    assert r.choices.isVisible() and r.choices.width() > 0.35 * w.width()
    shown = [b for b in (*r.powder_buttons.values(), *r.design_buttons.values())
             if b.isVisible()]
    assert len(shown) == 6
    heart = w.session.preview.copy()
    click(qtbot, r.design_buttons["leaf"])
    assert w.session.design == "leaf" and w.current_screen == "review"
    wait_review_ready(qtbot, rig)
    assert not np.array_equal(w.session.preview, heart)
    assert r.design_buttons["leaf"].isChecked()
    # "Start over": back to the start for the next customer, nothing kept.
    with qtbot.waitSignal(w.reset_done, timeout=WAIT_MS):
        click(qtbot, r.start_over_button)
    assert w.current_screen == "attract"
    assert w.session.drink is None and w.session.design is None
    assert not w.holds_customer_images()


def test_start_over_from_a_photo_drops_it(qtbot, rig):
    w = rig.window
    to_camera(qtbot, rig)
    shoot(qtbot, rig)
    assert w.review.start_over_button.isVisible()
    click(qtbot, w.review.start_over_button)
    assert w.current_screen == "attract" and not w.holds_customer_images()


def test_the_camera_screen_says_how_many_retakes_are_left(qtbot, rig):
    w = rig.window
    to_camera(qtbot, rig)
    cam = w.camera_screen
    assert cam.retakes.isVisible()
    assert cam.retakes.text() == "You can retake it 3 times."
    shoot(qtbot, rig)
    click(qtbot, w.review.retake_button)
    qtbot.waitUntil(cam.take_button.isEnabled, timeout=WAIT_MS)
    assert cam.retakes.text() == "Retake 1 of 3"
    rig.context.i18n.set_language("ko")
    assert cam.retakes.text() == "다시 찍기 1/3"
    rig.context.i18n.set_language("en")
    shoot(qtbot, rig)
    click(qtbot, w.review.retake_button)
    qtbot.waitUntil(cam.take_button.isEnabled, timeout=WAIT_MS)
    assert cam.retakes.text() == "Retake 2 of 3"


def test_lighter_and_darker_show_the_level(qtbot, rig):
    w = rig.window
    to_camera(qtbot, rig)
    shoot(qtbot, rig)
    r = w.review
    assert r.level_box.isVisible()
    assert r.level.level == 0 and r.level_label.text() == "Normal"
    click(qtbot, r.darker_button)
    wait_review_ready(qtbot, rig)
    click(qtbot, r.darker_button)
    wait_review_ready(qtbot, rig)
    assert r.level.level == 2 and r.level_label.text() == "Darker: 2"
    for _ in range(3):
        click(qtbot, r.lighter_button)
        wait_review_ready(qtbot, rig)
    assert r.level.level == -1 and r.level_label.text() == "Lighter: 1"
    rig.context.i18n.set_language("ko")
    assert r.level_label.text() == "연하게: 1"
    rig.context.i18n.set_language("en")
    # The dots: the filled one moved left of the middle.
    shot = r.level.grab().toImage()
    middle = shot.width() // 2
    filled = [x for x in range(shot.width())
              if shot.pixelColor(x, shot.height() // 2).alpha() > 0
              and shot.pixelColor(x, shot.height() // 2) == r.level._colours[0]]
    assert filled and sum(filled) / len(filled) < middle


@pytest.mark.parametrize("phone", [True, False], ids=["phone-on", "phone-off"])
def test_the_camera_error_panel_offers_the_phone_when_it_is_on(qtbot, tmp_path, phone):
    extra = {"phone_upload": True, "phone_port": 0} if phone else {}
    rig = make_customer(qtbot, tmp_path, lang="en", camera="/nonexistent/camera0", **extra)
    w = rig.window
    try:
        click(qtbot, w.attract.start_button)
        click(qtbot, w.menu.drink_buttons[0][0])
        click(qtbot, w.consent.yes_button)
        cam = w.camera_screen
        qtbot.waitUntil(lambda: cam.camera_failed, timeout=WAIT_MS)
        assert cam.retry_button.isVisible() and cam.designs_button.isVisible()
        assert cam.phone_button.isVisible() is phone
        if phone:
            click(qtbot, cam.phone_button)
            assert w.current_screen == "phone"
            qtbot.waitUntil(lambda: bool(w.phone_screen.qr_view.text), timeout=WAIT_MS)
    finally:
        close_customer(rig)
