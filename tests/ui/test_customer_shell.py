"""The app shell: start-up without a display, both windows over one context, a clean exit,
and the GUI-thread stall monitor the benchmark relies on."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.cli.app import NO_DISPLAY_MESSAGE, display_available
from kiosk.settings.config import KioskConfig
from kiosk.ui.stall import StallMonitor

ROOT = Path(__file__).resolve().parents[2]


def test_without_a_display_the_kiosk_says_how_to_run_offscreen():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = subprocess.run([sys.executable, "-m", "kiosk"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "QT_QPA_PLATFORM=offscreen" in out.stderr
    assert "no display" in out.stderr
    assert "Traceback" not in out.stderr
    assert "QT_QPA_PLATFORM=offscreen" in NO_DISPLAY_MESSAGE


def test_display_detection():
    assert not display_available({}, "linux")
    assert display_available({"DISPLAY": ":0"}, "linux")
    assert display_available({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert display_available({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert display_available({}, "win32")  # Windows and macOS always have a screen


def test_a_bad_config_file_is_reported_not_a_traceback(tmp_path):
    bad = tmp_path / "kiosk.toml"
    bad.write_text('idle_seconds = "soon"\n', encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-m", "kiosk", "kiosk", "--config", str(bad)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "idle_seconds" in out.stderr and "Traceback" not in out.stderr


def test_kiosk_app_opens_both_windows_and_exits_cleanly(qtbot, tmp_path):
    from kiosk.ui.app import KioskApp

    config = KioskConfig(data_dir=tmp_path, printer_url=f"sim://shell{os.getpid()}?speed=40")
    kiosk = KioskApp(config)
    kiosk.start()
    try:
        assert kiosk.customer.isVisible() and kiosk.customer.current_screen == "attract"
        assert kiosk.barista_window is not None
        if kiosk.shell is not None:  # the offscreen screen (800 px) is too small for both
            assert kiosk.shell.showing == "customer"
            from kiosk.staff.rules import StaffRole

            kiosk.shell.open_staff(StaffRole.BARISTA)  # as after the right code
            assert kiosk.barista_window.isVisible()
            kiosk.shell.show_customer()
        else:
            assert kiosk.barista_window.isVisible()
        assert kiosk.context.stall_monitor.running
        assert kiosk.context.printer is kiosk.barista_window.printer  # one service, shared
        qtbot.waitUntil(lambda: kiosk.context.printer.connected, timeout=20_000)
        kiosk.customer.window().close()  # the window manager's close: refused
        assert kiosk.customer.isVisible()
        kiosk.context.request_exit()  # the technician's exit
        assert not kiosk.customer.isVisible()
        assert not kiosk.customer.live_worker.isRunning() and not kiosk.customer.jobs.isRunning()
    finally:
        kiosk.shutdown()


def test_the_one_window_kiosk_fits_a_7_inch_panel(qtbot, tmp_path):
    """The barista's pages sit in the same window on a one-screen kiosk: they must not make
    it taller than an 800x480 panel (the customer screens ran off its foot)."""
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "ui"))
    from fit_check import TouchRule, fit_problems, settle

    from kiosk.settings.config import ScreenSettings
    from kiosk.ui.app import KioskApp

    config = KioskConfig(data_dir=tmp_path, printer_url=f"sim://panel{os.getpid()}?speed=40",
                         lang="en", screen=ScreenSettings(dpi=96))
    kiosk = KioskApp(config)
    kiosk.start(fullscreen=True)
    try:
        shell = kiosk.shell
        assert shell is not None
        shell.showNormal()  # full screen takes the offscreen 800x800 screen's size
        shell.resize(800, 480)
        settle()
        assert (shell.width(), shell.height()) == (800, 480)
        customer = kiosk.customer
        assert (customer.width(), customer.height()) == (800, 480)
        assert customer.look is not None and customer.look.band.name == "landscape-s"
        assert fit_problems(customer, TouchRule(96)) == []
    finally:
        kiosk.shutdown()


def test_a_screen_below_the_minimum_is_named_at_start():
    from kiosk.ui.app import screen_size_warning

    assert screen_size_warning(800, 480) is None and screen_size_warning(1080, 1920) is None
    words = screen_size_warning(640, 480)
    assert words is not None and "640x480" in words and "800×480" in words
    assert "720×1200" in words


@pytest.mark.parametrize(
    "screens, width, fullscreen, plan",
    [
        (2, 1280, True, "two-screens"),
        (2, 800, False, "two-screens"),
        (1, 1920, True, "one-window"),  # a single touch screen: staff reach the queue by a hold
        (1, 1280, False, "one-window"),  # 1280 px cannot hold 800 + 800 side by side
        (1, 1600, False, "side-by-side"),  # 800 + 800: the customer screens' smallest layout
        (1, 1920, False, "side-by-side"),  # a demo on a laptop: both visible at once
    ],
)
def test_window_plan_never_overlaps_the_two_windows(screens, width, fullscreen, plan):
    from kiosk.ui.app import window_plan

    assert window_plan(screens, width, fullscreen=fullscreen) == plan


def test_with_a_real_printer_one_screen_never_shows_the_queue_beside_the_customer():
    from kiosk.ui.app import window_plan

    assert window_plan(1, 1920, fullscreen=False, demo=False) == "one-window"
    assert window_plan(2, 1920, fullscreen=False, demo=False) == "two-screens"


def test_stall_monitor_sees_a_blocked_gui_thread(qtbot):
    monitor = StallMonitor(interval_ms=5)
    monitor.start()
    qtbot.waitUntil(lambda: monitor.ticks >= 3, timeout=5000)
    monitor.reset()

    def block() -> None:
        end = time.thread_time() + 0.12
        while time.thread_time() < end:  # the GUI thread computing for 120 ms of CPU
            pass

    QTimer.singleShot(0, block)
    qtbot.waitUntil(lambda: monitor.ticks >= 5, timeout=5000)
    assert monitor.longest_ms >= 80
    # The stall is kept with what the GUI thread did in it: it computed (a busy loop).
    computed = max(monitor.stalls, key=lambda s: s.gap_ms)
    assert computed.gap_ms == monitor.longest_ms and computed.cpu_ms >= 100
    assert monitor.percentile_ms(100) == monitor.longest_ms
    assert monitor.percentile_ms(0) < 80  # the ticks before it came on time

    def wait() -> None:  # blocked without computing: a lock, the GIL, another process
        threading.Event().wait(0.12)

    monitor.reset()
    QTimer.singleShot(0, wait)
    qtbot.waitUntil(lambda: monitor.over_limit >= 1 and monitor.ticks >= 3, timeout=5000)
    waited = monitor.stalls[0]
    assert waited.gap_ms >= 80 and waited.cpu_ms < 40
    monitor.stop()
    assert not monitor.running
    QApplication.processEvents()


def test_screenshots_command_walks_every_screen_and_exits(tmp_path):
    """The real command line end to end: parse, configure, open, walk, save, quit."""
    out_dir = tmp_path / "shots"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PHOTOLATTE_DATA_DIR=str(tmp_path / "d"),
               PHOTOLATTE_CONFIG_DIR=str(tmp_path / "c"))
    out = subprocess.run([sys.executable, "-m", "kiosk", "kiosk", "--lang", "en",
                          "--screenshots", str(out_dir)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=110)
    assert out.returncode == 0, out.stderr[-2000:]
    names = sorted(p.name for p in out_dir.glob("*.png"))
    assert names == ["01-attract.png", "02-menu.png", "03-consent.png", "04-designs.png",
                     "05-camera.png", "06-countdown.png", "07-review.png",
                     "08-review-other-language.png", "09-idle-warning.png", "10-ticket.png"]
    assert all((out_dir / n).stat().st_size > 10_000 for n in names)  # real pictures
    assert "not ready" not in out.stderr  # every screen reached its state in time
    # The tour's order went to a throwaway folder, not the café's queue.
    assert not (tmp_path / "d" / "orders.sqlite3").exists()


def test_one_screen_full_screen_kiosk_reaches_the_barista_page_by_a_held_press(qtbot, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from kiosk.ui.app import KioskApp

    assert len(QGuiApplication.screens()) == 1  # offscreen: one screen
    config = KioskConfig(data_dir=tmp_path, printer_url=f"sim://shell1{os.getpid()}?speed=40")
    kiosk = KioskApp(config)
    kiosk.start(fullscreen=True)
    try:
        shell = kiosk.shell
        assert shell is not None and shell.isVisible()
        qtbot.waitUntil(shell.isFullScreen, timeout=5000)
        assert shell.windowFlags() & Qt.WindowType.FramelessWindowHint
        assert QApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor
        assert shell.showing == "customer"
        brand = kiosk.customer.brand
        qtbot.mouseClick(brand, Qt.MouseButton.LeftButton)  # a tap is not enough
        assert shell.showing == "customer"
        kiosk.customer.staff_hold.set_hold_ms(50)  # the real 3 s hold, compressed
        with qtbot.waitSignal(kiosk.customer.staff_requested, timeout=5000):
            qtbot.mousePress(brand, Qt.MouseButton.LeftButton)
        qtbot.mouseRelease(brand, Qt.MouseButton.LeftButton)
        # The code pad, not the queue (tests/ui/test_staff_entry.py walks the rest).
        assert shell.showing == "entry" and not kiosk.barista_window.isVisible()
        assert shell.close() is False  # no way out without the technician
        shell.entry.back_button.click()
        assert shell.showing == "customer"
    finally:
        kiosk.shutdown()
    assert QApplication.overrideCursor() is None
