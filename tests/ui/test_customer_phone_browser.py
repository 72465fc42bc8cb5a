"""The phone upload in a real browser: headless chromium (Debian's, with its driver) opens
the address in the QR code the kiosk shows, picks a photo, sends it; the kiosk (under
pytest-qt) shows the cup from it on the review screen."""

from __future__ import annotations

from customer_support import SCREENS, WAIT_MS, close_customer, wait_review_ready
from phone_ui_support import PHOTO, phone_customer, to_phone_screen
from webdriver import Browser, find_browser


def test_a_phone_browser_sends_a_photo_and_the_kiosk_shows_the_cup(qtbot, tmp_path):
    find_browser()
    rig = phone_customer(qtbot, tmp_path)
    w = rig.window
    browser = None
    try:
        url = to_phone_screen(qtbot, rig)
        browser = Browser(lang="en-US")
        browser.get(url)
        assert "What: one photo of your face" in browser.text(".consent")
        qtbot.waitUntil(w.phone_screen.status.isVisible, timeout=WAIT_MS)  # "page open"
        browser.send_file("#library", PHOTO)
        assert browser.run("return document.getElementById('confirm').hidden") is False
        SCREENS.mkdir(parents=True, exist_ok=True)
        browser.screenshot(SCREENS / "phone-page-chosen.png")
        browser.click("#send")
        said = browser.wait_for_text("#status", "Sent|could not|cannot|wrong|expired|large")
        assert said == "Sent! Look at the kiosk screen."
        browser.screenshot(SCREENS / "phone-page-sent.png")
        qtbot.waitUntil(lambda: w.current_screen == "review", timeout=WAIT_MS)
        wait_review_ready(qtbot, rig)
        assert w.session.source == "phone"
        assert w.session.result is not None and w.session.result.face_found
        # The same page cannot send again: its code is spent.
        browser.get(url)
        assert "already sent" in browser.text("main")
    finally:
        if browser is not None:
            browser.close()
        close_customer(rig)
