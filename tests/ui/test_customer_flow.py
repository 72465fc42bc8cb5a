"""The customer's way from the attract screen to a ticket, with and without a photo."""

from __future__ import annotations

import pytest
from customer_support import (
    WAIT_MS,
    click,
    close_customer,
    make_customer,
    save_screen,
    shoot,
    to_camera,
    wait_review_ready,
)

from kiosk.imaging import RenderSettings
from kiosk.imaging.designs import render_design
from kiosk.orders.model import PHOTO_DESIGN, OrderState
from kiosk.orders.privacy import CONSENT_TEXT_VERSION
from printer_driver.powders import PowderSet


@pytest.fixture
def rig(qtbot, tmp_path):
    rig = make_customer(qtbot, tmp_path, lang="en")
    yield rig
    close_customer(rig)


def test_photo_order_from_attract_screen_to_ticket(qtbot, rig):
    w = rig.window
    assert w.current_screen == "attract"
    save_screen(w, "01-attract-en")
    to_camera(qtbot, rig)
    save_screen(w, "04-camera-en")
    assert w.live_worker.stats["rendered"] >= 1  # the live latte really comes from renders

    shoot(qtbot, rig)
    assert w.session.photo is not None and w.session.shots == 1
    first_mask = w.session.mask
    assert first_mask.powders == PowderSet.BOTH
    save_screen(w, "05-review-en")

    # Cocoa only: the cup is re-rendered with one powder.
    click(qtbot, w.review.powder_buttons[PowderSet.COCOA])
    qtbot.waitUntil(lambda: w.session.mask is not None
                    and w.session.mask.powders == PowderSet.COCOA, timeout=WAIT_MS)
    wait_review_ready(qtbot, rig)
    # Darker: more cocoa dots than before.
    before = w.session.mask.dot_counts()
    click(qtbot, w.review.darker_button)
    assert w.session.darkness == pytest.approx(0.25)
    qtbot.waitUntil(lambda: w.session.mask is not None
                    and w.session.mask.dot_counts() != before, timeout=WAIT_MS)
    wait_review_ready(qtbot, rig)
    after = w.session.mask.dot_counts()
    assert sum(after.values()) > sum(before.values())
    final_mask = w.session.mask

    with qtbot.waitSignal(w.order_placed, timeout=WAIT_MS) as placed:
        click(qtbot, w.review.confirm_button)
    order = placed.args[0]
    assert w.current_screen == "ticket"
    save_screen(w, "06-ticket-en")

    stored = rig.store.get(order.id)
    assert stored.state == OrderState.QUEUED
    assert stored.design == PHOTO_DESIGN
    assert stored.drink_id == w.menu.drink_buttons[0][1].id
    assert stored.powders == PowderSet.COCOA
    assert stored.darkness == pytest.approx(0.25)
    assert rig.store.get_mask(order.id) == final_mask  # exactly what the customer saw
    assert rig.store.get_preview(order.id) is not None
    assert w.ticket.number.text() == stored.ticket
    assert "minute" in w.ticket.wait.text()
    # The photo is gone once the order is stored.
    assert not w.holds_customer_images()
    consent = rig.store.consent_log()
    assert [(c.accepted, c.lang, c.text_version) for c in consent] == [
        (True, "en", CONSENT_TEXT_VERSION)]

    click(qtbot, w.ticket.done_button)
    assert w.current_screen == "attract"


def test_no_photo_design_order(qtbot, rig):
    w = rig.window
    click(qtbot, w.attract.start_button)
    click(qtbot, w.menu.drink_buttons[1][0])
    click(qtbot, w.consent.no_button)
    assert w.current_screen == "designs"
    qtbot.waitUntil(lambda: all(not b.icon().isNull() for b in w.designs.design_buttons.values()),
                    timeout=WAIT_MS)
    save_screen(w, "03-designs-en")
    click(qtbot, w.designs.design_buttons["heart"])
    wait_review_ready(qtbot, rig)
    # No photo: nothing to make lighter or retake.
    assert not w.review.darker_button.isVisible()
    assert not w.review.retake_button.isVisible()
    assert w.camera.frames == 0 and not w.camera.running  # the camera never opened
    save_screen(w, "05-review-heart-en")

    with qtbot.waitSignal(w.order_placed, timeout=WAIT_MS) as placed:
        click(qtbot, w.review.confirm_button)
    order = rig.store.get(placed.args[0].id)
    assert order.design == "heart"
    assert order.drink_id == w.menu.drink_buttons[1][1].id
    expected = render_design("heart", RenderSettings(powders=PowderSet.BOTH))
    assert rig.store.get_mask(order.id) == expected
    assert [c.accepted for c in rig.store.consent_log()] == [False]


def test_retakes_stop_at_the_limit(qtbot, rig):
    w = rig.window
    assert w.max_retakes == 3
    to_camera(qtbot, rig)
    shoot(qtbot, rig)
    for left in (3, 2, 1):
        assert w.review.retake_button.text() == f"Retake photo ({left} left)"
        click(qtbot, w.review.retake_button)
        assert w.current_screen == "camera"
        assert w.session.photo is None  # the rejected photo is dropped at once
        qtbot.waitUntil(lambda: w.camera_screen.take_button.isEnabled(), timeout=WAIT_MS)
        shoot(qtbot, rig)
    assert w.session.shots == 4
    assert not w.review.retake_button.isEnabled()
    assert w.review.retake_button.text() == "No retakes left"
    # Going round by the designs and consent does not give another photo.
    click(qtbot, w.review.back_button)
    assert w.current_screen == "designs"
    click(qtbot, w.designs.back_button)
    click(qtbot, w.consent.yes_button)
    assert w.current_screen == "camera"
    assert not w.camera_screen.take_button.isEnabled()
    assert w.camera_screen.take_button.text() == "No photos left"
    click(qtbot, w.camera_screen.no_photo_button)
    assert w.current_screen == "designs"


def test_a_render_error_explains_and_keeps_the_kiosk_running(qtbot, rig, monkeypatch):
    from kiosk.imaging import ImageError
    from kiosk.ui.customer import services

    w = rig.window
    to_camera(qtbot, rig)

    def broken(*args, **kwargs):
        raise ImageError("the photo is too dark to use")

    monkeypatch.setattr(services, "render_photo", broken)
    click(qtbot, w.camera_screen.take_button)
    qtbot.waitUntil(lambda: w.current_screen == "review", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "could not make a picture" in w.review.status.text(),
                    timeout=WAIT_MS)
    assert not w.review.confirm_button.isEnabled()
    assert w.review.retake_button.isEnabled()
    monkeypatch.undo()
    click(qtbot, w.review.retake_button)
    shoot(qtbot, rig)
    assert w.review.confirm_button.isEnabled()
