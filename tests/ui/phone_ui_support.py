"""Helpers for the phone-upload screens: read the QR code the kiosk shows, talk to the page."""

from __future__ import annotations

import http.client as httpclient
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import cv2
import numpy as np
from customer_support import ROOT, WAIT_MS, click, make_customer
from PySide6.QtGui import QImage

PHOTO = ROOT / "assets" / "demo" / "astronaut.jpg"


def read_qr(view: Any) -> str:
    """Decode the QR code as ``view`` paints it now (a phone camera's job); "" if none."""
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    if w < 21 or h < 21:
        return ""
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
    rgb = np.ascontiguousarray(rows[:, : w * 3].reshape(h, w, 3))
    # OpenCV's classic detector misses ~3 % of perfectly drawn codes (measured over 300
    # random addresses); the ArUco-based one missed none. Either reading counts.
    for detector in (cv2.QRCodeDetectorAruco(), cv2.QRCodeDetector()):
        text, _points, _ = detector.detectAndDecode(rgb)
        if text:
            return text
    return ""


def qr_url(qtbot: Any, rig: Any) -> str:
    """The address in the QR code the kiosk shows (waits for the screen's layout)."""
    view = rig.window.phone_screen.qr_view
    found = [""]

    def readable() -> bool:
        found[0] = read_qr(view) if view.isVisible() else ""
        return bool(found[0])

    qtbot.waitUntil(readable, timeout=WAIT_MS)
    return found[0]


@dataclass
class Reply:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def send(method: str, url: str, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> Reply:
    """One request to ``url`` (absolute), as a phone's browser would send it."""
    parts = urlsplit(url)
    conn = httpclient.HTTPConnection(parts.hostname, parts.port, timeout=20)
    try:
        conn.request(method, parts.path, body=body, headers=headers or {})
        r = conn.getresponse()
        return Reply(r.status, r.read())
    finally:
        conn.close()


def phone_customer(qtbot: Any, tmp_path: Any, **kw: Any) -> Any:
    """A customer window with the phone upload on loopback (any free port)."""
    return make_customer(qtbot, tmp_path, phone_upload=True, phone_host="127.0.0.1",
                         phone_port=0, phone_wifi="Latte Guest", **kw)


def to_phone_screen(qtbot: Any, rig: Any) -> str:
    """Attract -> drink -> consent -> "use a photo from my phone"; -> the QR's address."""
    w = rig.window
    click(qtbot, w.attract.start_button)
    click(qtbot, w.menu.drink_buttons[0][0])
    click(qtbot, w.consent.phone_button)
    assert w.current_screen == "phone"
    return qr_url(qtbot, rig)
