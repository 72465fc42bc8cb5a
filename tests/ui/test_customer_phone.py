"""A photo from the customer's phone, through the kiosk: the third choice, the QR screen,
the photo on the same review screen, "send another photo", and codes that die with the
screen or their time."""

from __future__ import annotations

from customer_support import (
    WAIT_MS,
    click,
    close_customer,
    make_customer,
    wait_review_ready,
)
from phone_ui_support import PHOTO, phone_customer, qr_url, send, to_phone_screen

from kiosk.orders import consent_text


def test_the_phone_choice_is_there_only_when_the_setting_is_on(qtbot, tmp_path):
    rig = make_customer(qtbot, tmp_path)
    try:
        assert rig.window.phone_service is None
        click(qtbot, rig.window.attract.start_button)
        click(qtbot, rig.window.menu.drink_buttons[0][0])
        assert not rig.window.consent.phone_button.isVisible()
        assert "phone" not in rig.window.consent.points[0].text()
    finally:
        close_customer(rig)


def test_a_photo_sent_from_the_phone_becomes_the_cup(qtbot, tmp_path):
    rig = phone_customer(qtbot, tmp_path)
    w = rig.window
    try:
        url = to_phone_screen(qtbot, rig)
        assert url.startswith("http://127.0.0.1:") and "/p/" in url
        assert "Latte Guest" in w.phone_screen.step_wifi.text()
        assert w.phone_screen.countdown.text().startswith("This code works for 5:00.")
        page = send("GET", url, headers={"Accept-Language": "en"})
        assert page.status == 200
        # The phone page shows the kiosk's own consent words.
        minutes = round(rig.config.retention_minutes)
        for point in consent_text.points(phone=True):
            assert point.format(minutes=minutes).replace("'", "&#x27;").encode() in page.body
        qtbot.waitUntil(w.phone_screen.status.isVisible, timeout=WAIT_MS)
        sent = send("POST", url + "/photo", body=PHOTO.read_bytes(),
                    headers={"Content-Type": "image/jpeg"})
        assert (sent.status, sent.json()) == (200, {"ok": True})
        qtbot.waitUntil(lambda: w.current_screen == "review", timeout=WAIT_MS)
        wait_review_ready(qtbot, rig)
        assert w.session.source == "phone" and w.session.shots == 1
        assert w.session.result.face_found
        assert w.review.retake_button.text() == "Send another photo (3 left)"
        # The code is spent: the phone (or anyone) cannot send a second one with it.
        assert send("POST", url + "/photo", body=PHOTO.read_bytes()).status == 410
        # Consent is logged as for the camera, with the wording that named the phone.
        w._writer.submit(lambda: None).result(timeout=10)
        log = rig.store.consent_log()
        assert [(c.text_version, c.accepted) for c in log] == [
            (consent_text.CONSENT_TEXT_VERSION_PHONE, True)]
        click(qtbot, w.review.confirm_button)
        qtbot.waitUntil(lambda: w.current_screen == "ticket", timeout=WAIT_MS)
        assert not w.session.holds_images()
    finally:
        close_customer(rig)


def test_send_another_photo_shows_a_new_code(qtbot, tmp_path):
    rig = phone_customer(qtbot, tmp_path)
    w = rig.window
    try:
        first = to_phone_screen(qtbot, rig)
        assert send("POST", first + "/photo", body=PHOTO.read_bytes()).status == 200
        qtbot.waitUntil(lambda: w.current_screen == "review", timeout=WAIT_MS)
        wait_review_ready(qtbot, rig)
        click(qtbot, w.review.retake_button)
        assert w.current_screen == "phone"
        second = qr_url(qtbot, rig)
        assert second != first
        assert send("POST", first + "/photo", body=PHOTO.read_bytes()).status == 410
        assert send("POST", second + "/photo", body=PHOTO.read_bytes()).status == 200
        qtbot.waitUntil(lambda: w.current_screen == "review", timeout=WAIT_MS)
        wait_review_ready(qtbot, rig)
        assert w.session.shots == 2
        assert w.review.retake_button.text() == "Send another photo (2 left)"
    finally:
        close_customer(rig)


def test_leaving_the_screen_kills_the_code(qtbot, tmp_path):
    rig = phone_customer(qtbot, tmp_path)
    w = rig.window
    try:
        url = to_phone_screen(qtbot, rig)
        click(qtbot, w.phone_screen.back_button)
        assert w.current_screen == "consent"
        assert send("GET", url).status == 410
        assert send("POST", url + "/photo", body=PHOTO.read_bytes()).status == 410
        assert w.current_screen == "consent" and not w.session.holds_images()
        # An idle reset does the same.
        click(qtbot, w.consent.phone_button)
        url = qr_url(qtbot, rig)
        w.reset()
        assert send("POST", url + "/photo", body=PHOTO.read_bytes()).status == 410
        assert w.current_screen == "attract" and not w.session.holds_images()
    finally:
        close_customer(rig)


def test_a_refused_file_changes_nothing_on_the_kiosk(qtbot, tmp_path):
    rig = phone_customer(qtbot, tmp_path)
    w = rig.window
    try:
        url = to_phone_screen(qtbot, rig)
        refused = send("POST", url + "/photo", body=b"%PDF-1.4 a document, not a photo")
        assert (refused.status, refused.json()["error"]) == (415, "not_a_photo")
        assert w.current_screen == "phone" and w.session.photo is None
        assert w.session.shots == 0
        assert qr_url(qtbot, rig) == url  # the same code, still good for the right photo
    finally:
        close_customer(rig)


def test_the_code_runs_out_on_screen_and_a_new_one_is_a_tap_away(qtbot, tmp_path):
    clock = [500.0]
    rig = phone_customer(qtbot, tmp_path, monotonic=lambda: clock[0])
    w = rig.window
    try:
        url = to_phone_screen(qtbot, rig)
        assert not w.idle.armed  # the customer is on their phone: no idle reset meanwhile
        clock[0] += 5 * 60 - 61
        qtbot.waitUntil(lambda: "1:01" in w.phone_screen.countdown.text(), timeout=WAIT_MS)
        clock[0] += 61
        qtbot.waitUntil(lambda: w.phone_screen.code_expired, timeout=WAIT_MS)
        assert w.phone_screen.new_code_button.isVisible()
        assert not w.phone_screen.qr_view.isVisible()
        assert send("GET", url).status == 410
        assert w.idle.armed  # nobody there? the usual idle reset follows
        click(qtbot, w.phone_screen.new_code_button)
        assert not w.phone_screen.code_expired
        assert qr_url(qtbot, rig) != url
    finally:
        close_customer(rig)


def test_face_pictures_of_a_phone_photo_are_as_the_customer_sent_it():
    # The camera screen is a mirror, so its face pictures are mirrored; a phone photo is
    # known unmirrored: its faces keep their sides and go left to right.
    import numpy as np

    from kiosk.imaging import FaceBox
    from kiosk.ui.customer import services

    photo = np.zeros((200, 400, 3), np.uint8)
    photo[:, :200] = (0, 0, 255)  # red (BGR) on the left half
    photo[:, 200:] = (255, 0, 0)  # blue on the right
    red, blue = [255, 0, 0], [0, 0, 255]  # as RGB pictures
    faces = [FaceBox(160, 60, 80, 80), FaceBox(20, 60, 80, 80)]  # on the seam; on the left
    plain = services.face_pictures(photo, faces, mirror=False)
    assert [index for index, _ in plain] == [1, 0]  # left to right
    seam = plain[1][1]
    assert seam[80, 2].tolist() == red and seam[80, -3].tolist() == blue
    mirrored = services.face_pictures(photo, faces)
    assert [index for index, _ in mirrored] == [0, 1]
    seam = mirrored[0][1]
    assert seam[80, 2].tolist() == blue and seam[80, -3].tolist() == red
