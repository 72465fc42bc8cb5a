"""Screenshots of the phone page in headless chromium at a phone's size, for docs/kiosk.md::

    .venv/bin/python tests/ui/phone_page_shots.py docs/img

Saves ``phone-page-ko.png`` (the page as a Korean phone opens it) and ``phone-page-sent-en.png``
(an English phone after sending the demo portrait). Needs Debian's chromium and
chromium-driver, and fonts-noto-cjk for the Korean text.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from webdriver import Browser  # noqa: E402

from kiosk.phone.service import PhoneService, PhoneSettings  # noqa: E402

PHOTO = HERE.parents[1] / "assets" / "demo" / "astronaut.jpg"


class _Events:
    def __init__(self) -> None:
        self.arrived = threading.Event()

    def phone_opened(self) -> None:
        pass

    def phone_photo(self, photo: object) -> None:
        self.arrived.set()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    events = _Events()
    service = PhoneService(PhoneSettings(port=0), events)
    service.start()
    try:
        for lang, sent in (("ko", False), ("en", True)):
            url = service.open_session().url
            browser = Browser(lang="ko-KR" if lang == "ko" else "en-US", width=390, height=844)
            try:
                browser.get(url)
                if sent:
                    browser.send_file("#library", PHOTO)
                    browser.click("#send")
                    browser.wait_for_text("#status", "Sent")
                    browser.run("window.scrollTo(0, 0)")
                    name = f"phone-page-sent-{lang}.png"
                else:
                    name = f"phone-page-{lang}.png"
                print(browser.screenshot(out / name))
            finally:
                browser.close()
    finally:
        service.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img")))
