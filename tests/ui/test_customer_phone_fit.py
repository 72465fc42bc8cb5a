"""The QR screen at every kiosk size, in both languages, in each of its states: no text cut,
nothing sticking out, no button over another, and a QR code large enough to scan. The
consent screen with its third choice at the window's own sizes."""

from __future__ import annotations

import pytest
from customer_support import click, close_customer, save_screen
from fit_check import fit_problems
from phone_screen_host import SAMPLE_URL, PhoneScreenHost
from phone_ui_support import phone_customer
from PySide6.QtWidgets import QApplication

from kiosk.settings.config import KioskConfig
from kiosk.ui.context import AppContext
from kiosk.ui.i18n import LanguageManager

# Café kiosk screens (docs/kiosk.md): small panels, tablets, desktop, the Korean portrait.
PHONE_SIZES = [(800, 480), (1024, 600), (1280, 800), (1920, 1080), (1080, 1920)]
WINDOW_SIZES = [(1024, 700), (1024, 768), (1280, 800)]
MIN_QR_PX = 200  # ~53 mm at 96 dpi: a phone a forearm away reads it


def _settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


@pytest.mark.parametrize("size", PHONE_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_qr_screen_fits_every_kiosk_size(qtbot, tmp_path, size):
    clock = [0.0]
    config = KioskConfig(data_dir=tmp_path, phone_wifi="Latte Guest Wi-Fi 5G")
    i18n = LanguageManager("en")
    host = PhoneScreenHost(AppContext(config=config, store=None, menu=None, printer=None,
                                      i18n=i18n))
    qtbot.addWidget(host)
    screen = host.screen
    problems: list[str] = []
    try:
        host.resize(*size)
        host.show()
        qtbot.waitExposed(host)
        screen.show_code(SAMPLE_URL, lambda: 300.0 - clock[0])
        for state in ("code", "opened", "expired"):
            if state == "opened":
                screen.set_phone_opened()
            if state == "expired":
                clock[0] += 301
                qtbot.waitUntil(lambda: screen.code_expired, timeout=5000)
            for lang in ("en", "ko"):
                i18n.set_language(lang)
                host.resize(*size)
                _settle()
                assert (host.width(), host.height()) == size
                name = f"phone-{size[0]}x{size[1]}-{state}-{lang}"
                save_screen(host, name)
                problems.extend(f"{name}: {p}" for p in fit_problems(host))
                if state != "expired":
                    side = screen.qr_view.code_rect().width()
                    if side < MIN_QR_PX:
                        problems.append(f"{name}: the QR code is only {side:.0f} px")
    finally:
        screen.left()
        i18n.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", WINDOW_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_consent_screen_with_the_phone_choice_fits(qtbot, tmp_path, size):
    rig = phone_customer(qtbot, tmp_path)
    w, i18n = rig.window, rig.context.i18n
    problems: list[str] = []
    try:
        click(qtbot, w.attract.start_button)
        click(qtbot, w.menu.drink_buttons[0][0])
        for lang in ("en", "ko"):
            i18n.set_language(lang)
            w.resize(*size)
            _settle()
            found = fit_problems(w)
            save_screen(w, f"phone-consent-{size[0]}x{size[1]}-{lang}")
            problems.extend(f"{size} {lang}: {p}" for p in found)
    finally:
        close_customer(rig)
    assert not problems, "\n".join(problems)
