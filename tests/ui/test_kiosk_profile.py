"""The kiosk applies the machine's profile from its data folder: once the printer has said
its serial, the customer's renders use the measured tone curve and the head's geometry,
and the drink's cup sets the print diameter (the same rule as ``photolatte print``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kiosk.settings.config import KioskConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "calibration"))
from cal_profiles import measured

SERIAL = "PL2026-0300"


def test_the_kiosk_renders_and_prints_with_the_machines_profile(qtbot, tmp_path):
    from calibration.store import ProfileStore
    from kiosk.orders.menu import load_menu
    from kiosk.ui.app import KioskApp

    profile = ProfileStore.in_data_dir(tmp_path).save(measured(SERIAL))
    url = f"sim://kprof{os.getpid()}?speed=40&serial={SERIAL}"
    kiosk = KioskApp(KioskConfig(data_dir=tmp_path, printer_url=url), barista=False)
    kiosk.start()
    try:
        printer = kiosk.context.printer
        qtbot.waitUntil(lambda: printer.print_settings is not None, timeout=20_000)
        settings = printer.print_settings
        assert settings is not None and settings.calibrated and settings.serial == SERIAL
        customer = kiosk.customer
        customer.session.drink = load_menu().get("latte")
        assert customer.session.drink.cup == "standard"
        render = customer._settings()
        assert render.placement == profile.geometry
        assert render.tone_curve is not None
        assert render.diameter_mm == profile.cup("standard").print_diameter_mm
    finally:
        kiosk.shutdown()


def test_an_uncalibrated_kiosk_renders_on_nominal_values(qtbot, tmp_path):
    from kiosk.ui.app import KioskApp

    url = f"sim://knone{os.getpid()}?speed=40&serial={SERIAL}"
    kiosk = KioskApp(KioskConfig(data_dir=tmp_path, printer_url=url), barista=False)
    kiosk.start()
    try:
        printer = kiosk.context.printer
        qtbot.waitUntil(lambda: printer.print_settings is not None, timeout=20_000)
        settings = printer.print_settings
        assert settings is not None and not settings.calibrated
        render = kiosk.customer._settings()
        assert render.placement is None and render.tone_curve is None
    finally:
        kiosk.shutdown()
