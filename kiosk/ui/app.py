"""The app shell: builds the :class:`AppContext`, opens both windows, shuts down cleanly.

``kiosk.cli.app`` (``photolatte kiosk``) calls :func:`run`. Tests and the benchmark use
:class:`KioskApp` directly with their own store, camera and printer URL.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.context import AppContext
from kiosk.ui.i18n import LanguageManager
from kiosk.ui.layouts import MIN_LANDSCAPE, choose_band, minimum_text
from kiosk.ui.stall import StallMonitor
from kiosk.ui.workers import BackgroundCall

if TYPE_CHECKING:
    from collections.abc import Callable

    from kiosk.camera.cup import CupCamera
    from kiosk.orders.menu import Menu
    from kiosk.orders.store import OrderStore
    from kiosk.settings.config import KioskConfig
    from kiosk.ui.barista import BaristaWindow
    from kiosk.ui.calibration import QtCalibration
    from kiosk.ui.customer.window import CustomerWindow
    from kiosk.ui.print_adapter import QtPrintService
    from kiosk.ui.shell import SingleScreenShell

log = logging.getLogger(__name__)

PURGE_INTERVAL_MS = 60_000  # masks and previews past the retention time go within a minute
# Windowed on one screen: side by side when both fit, else one window with two pages.
CUSTOMER_MIN_W = MIN_LANDSCAPE[0]  # the customer screens' smallest layout (kiosk/ui/layouts.py)
CUSTOMER_MAX_W = 1280
BARISTA_MIN_W = 800  # the barista cards rearrange down to this width
SIDE_BY_SIDE_PX = CUSTOMER_MIN_W + BARISTA_MIN_W


def window_plan(screen_count: int, width_px: int, *, fullscreen: bool,
                demo: bool = True) -> str:
    """How to show the customer's and the barista's windows.

    ``"two-screens"``: each on its own screen; ``"one-window"``: pages of one window (one
    full-screen kiosk screen, or a screen narrower than both side by side), the barista's
    behind the hidden hold and a staff code; ``"side-by-side"``: two windows on one screen,
    for the demo only (``demo``: the simulated printer): with a real printer an open barista
    window beside the customer's would show the queue to every customer.
    """
    if screen_count > 1:
        return "two-screens"
    if fullscreen or width_px < SIDE_BY_SIDE_PX or not demo:
        return "one-window"
    return "side-by-side"


def screen_size_warning(width: int, height: int) -> str | None:
    """Words for a screen below the customer screens' minimum, or None when it fits (the
    window then says the same on screen, in the customer's language)."""
    if choose_band(width, height) is not None:
        return None
    return (f"the screen is {width}x{height}; the customer screens need at least "
            f"{minimum_text()}. The kiosk shows that message instead of its screens "
            "until it runs on a larger screen (or the display's resolution is raised).")


def ensure_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once, named for the desktop and logs)."""
    app = QApplication.instance()
    if app is None:
        # Camera, preview and printer threads share the GIL with the GUI thread; a shorter
        # switch interval (default 5 ms) hands it back to the GUI sooner.
        sys.setswitchinterval(0.002)
        app = QApplication(argv if argv is not None else [sys.argv[0]])
        app.setApplicationName("Photo Latte")
        app.setOrganizationName("Photo Latte")
        app.setDesktopFileName("photolatte")
    return app  # type: ignore[return-value]


def load_menu_or_default(config: KioskConfig) -> Menu:
    """The configured menu; a broken menu file falls back to the shipped menu, loudly
    (a kiosk that does not open in the morning is worse than the default drinks)."""
    from kiosk.orders.menu import MenuError, load_menu

    try:
        return load_menu(config.menu_path)
    except MenuError as exc:
        log.error("%s; showing the shipped menu until it is fixed", exc)
        print(f"photolatte: {exc}\n  showing the shipped menu until it is fixed.",
              file=sys.stderr)
        return load_menu(None)


@dataclass
class KioskApp:
    """Both windows over one context. ``start()`` shows them; ``shutdown()`` stops every
    thread, closes the printer and the store (if it opened them) and lets the windows go."""

    config: KioskConfig
    store: OrderStore | None = None
    printer: QtPrintService | None = None
    menu: Menu | None = None
    barista: bool = True
    countdown_ms: int = 1000
    ticket_seconds: float | None = None
    context: AppContext = field(init=False)
    customer: CustomerWindow = field(init=False)
    barista_window: BaristaWindow | None = field(init=False, default=None)
    _owns_store: bool = field(init=False, default=False)
    _owns_printer: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        ensure_application()
        import cv2

        # OpenCV's own thread pool would spread face detection over both cores of a small
        # kiosk PC and starve the GUI thread (71 ms stalls measured; 26 ms with one thread).
        # Our renders already run in their own threads.
        cv2.setNumThreads(1)
        from kiosk.ui.customer.window import CustomerWindow

        store = self.store
        if store is None:
            from kiosk.orders.store import OrderStore

            # A second kiosk on the same data folder refuses to start (StoreInUseError).
            store = self.store = OrderStore(self.config.db_path,
                                            retention_minutes=self.config.retention_minutes,
                                            require_owner=True)
            self._owns_store = True
        menu = self.menu = self.menu or load_menu_or_default(self.config)
        printer = self.printer
        if printer is None:
            from kiosk.printing.profile_lookup import store_lookup
            from kiosk.ui.print_adapter import QtPrintService

            # Every print applies the machine's profile from the data folder (the same
            # lookup as 'photolatte print'); a profile saved meanwhile applies next print.
            printer = self.printer = QtPrintService(
                store, self.config.printer_url, profiles=store_lookup(self.config.data_dir))
            self._owns_printer = True
        self.monitor = StallMonitor()
        i18n = LanguageManager(self.config.lang)
        from kiosk.counter.service import CounterService
        from kiosk.staff.access import StaffAccess
        from kiosk.ui.counter import CounterBridge

        self.counter = CounterService.from_config(store, menu, self.config)
        self.staff = StaffAccess.for_config(self.config)
        self.context = AppContext(config=self.config, store=store, menu=menu,
                                  printer=printer, i18n=i18n, stall_monitor=self.monitor,
                                  request_exit=self.quit, counter=CounterBridge(self.counter),
                                  staff=self.staff,
                                  calibration=make_calibration(self.config, printer))
        self.customer = CustomerWindow(self.context, countdown_ms=self.countdown_ms,
                                       ticket_seconds=self.ticket_seconds)
        if self.barista:
            try:
                from kiosk.ui.barista import BaristaWindow
            except ImportError as exc:  # the barista window is optional for a demo
                log.warning("barista window not available: %s", exc)
            else:
                self.barista_window = BaristaWindow(self.context)
        from kiosk.ui.staff_gate import OrdersGate

        self.orders_gate = OrdersGate(self.staff, self.customer, self.barista_window)
        self.shell: SingleScreenShell | None = None
        self._purge = BackgroundCall("privacy-purge")
        self._purge_timer = QTimer()
        self._purge_timer.setInterval(PURGE_INTERVAL_MS)
        self._purge_timer.timeout.connect(self._purge_in_background)
        self._stopped = False

    def start(self, *, fullscreen: bool | None = None) -> None:
        """Start the printer service and the monitors; show both windows."""
        if fullscreen is None:
            fullscreen = self.config.fullscreen
        from kiosk.camera.reader import CameraError, parse_camera_spec

        try:
            parse_camera_spec(self.config.camera)
        except CameraError as exc:
            # Still start: customers can order the no-photo designs until it is fixed.
            log.error("%s", exc)
            print(f"photolatte: {exc}\n  starting anyway: customers get the no-photo designs.",
                  file=sys.stderr)
        self.context.printer.start()
        self.counter.start()
        self.monitor.start()
        self._purge_in_background()
        self._purge_timer.start()
        self.orders_gate.start()
        if not self.orders_gate.takes_orders:
            names = " and ".join(r.noun for r in self.orders_gate.gate.must_change)
            print(f"photolatte: a real printer is configured and the {names} "
                  f"{'is' if ' and ' not in names else 'are'} still the factory default: "
                  "customers see 'Opening soon' until staff change them (on the staff "
                  "screen, or 'photolatte code set barista|technician').", file=sys.stderr)
        screens = QGuiApplication.screens()
        area = screens[0].availableGeometry() if screens else None
        warning = None
        if screens:
            warning = screen_size_warning(screens[0].geometry().width(),
                                          screens[0].geometry().height())
            if warning:
                log.error("%s", warning)
                print(f"photolatte: {warning}", file=sys.stderr)
        if self.barista_window is None or (warning and len(screens) < 2):
            # Too small a single screen: the customer window alone, saying so; one window
            # holding the barista's screens too would be larger than the screen, and cut.
            self._show_customer(fullscreen)
            return
        plan = window_plan(len(screens), area.width() if area is not None else 0,
                           fullscreen=fullscreen, demo=self.staff.demo)
        if plan == "two-screens":
            # The counter's own screen: full screen there, out of the customer's reach.
            self._show_customer(fullscreen)
            show_kiosk_fullscreen(self.barista_window, screen_index=1)
        elif plan == "one-window":
            # One screen too small for both (or a full-screen kiosk): both windows become
            # pages of one window; staff hold the name in the top bar to reach the queue.
            from kiosk.ui.shell import SingleScreenShell

            self.shell = SingleScreenShell(self.customer, self.barista_window, self.staff,
                                           idle_seconds=self.config.staff.idle_seconds)
            if fullscreen:
                show_kiosk_fullscreen(self.shell, screen_index=0)
                return
            from kiosk.staff.rules import DEFAULT_CODES, StaffRole

            default = DEFAULT_CODES[StaffRole.BARISTA]
            demo = f" (the demo's is {default})" if self.staff.demo else ""
            print("photolatte: one screen: hold the 'Photo Latte' name at the top for 3 s, "
                  f"then type the barista code{demo}, to reach the barista screen.",
                  file=sys.stderr)
            if area is not None:
                self.shell.setGeometry(area)
            else:
                self.shell.resize(1280, 800)
            self.shell.show()
        else:
            # One screen, windowed (a demo or a counter-top test): side by side, the
            # customer's window on the left at up to 1280 px, the barista's with the rest.
            assert area is not None  # window_plan chose side by side from its width
            customer_w = min(CUSTOMER_MAX_W, area.width() - BARISTA_MIN_W)
            self.customer.setGeometry(
                area.left(), area.top(), customer_w, min(800, area.height()))
            self.customer.show()
            self.barista_window.setGeometry(
                area.left() + customer_w, area.top(), area.width() - customer_w,
                area.height())
            self.barista_window.show()

    def _show_customer(self, fullscreen: bool) -> None:
        """The customer's window alone: full screen on the first screen, or 1280x800 (as
        much of it as the screen has)."""
        if fullscreen:
            show_kiosk_fullscreen(self.customer, screen_index=0)
        else:
            screens = QGuiApplication.screens()
            area = screens[0].availableGeometry() if screens else None
            width, height = 1280, 800
            if area is not None:
                width, height = min(width, area.width()), min(height, area.height())
            self.customer.resize(width, height)
            self.customer.show()

    def quit(self) -> None:
        """Leave the kiosk for good (the technician's exit): shut down, then quit Qt."""
        self.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        """Stop every worker and close what this app opened (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        self._purge_timer.stop()
        self._purge.join()
        self.orders_gate.stop()
        self.monitor.stop()
        calibration = self.context.calibration
        if calibration is not None:  # a chart being printed is stopped, its thread joined
            calibration.cancel()
            calibration.join()
        self.customer.shutdown()
        self.customer.allow_close()
        self.customer.close()
        if self.barista_window is not None:
            self.barista_window.shutdown()
            self.barista_window.close()
        if self._owns_printer:
            self.context.printer.stop()
        self.counter.stop()
        if self.shell is not None:
            self.shell.allow_close()
            self.shell.close()
        QApplication.restoreOverrideCursor()
        self.context.i18n.close()
        if self._owns_store:
            self.context.store.close()

    def _purge_in_background(self) -> None:
        """Delete images past the retention time, off the GUI thread (one purge at a time;
        a failure is logged by the call and tried again at the next interval)."""
        from kiosk.orders.privacy import purge_expired

        store = self.context.store
        self._purge.start(lambda: purge_expired(store))


def make_calibration(config: KioskConfig, printer: QtPrintService, *,
                     camera: Callable[[], CupCamera] | None = None) -> QtCalibration:
    """The calibration on the kiosk's one print service: profiles in the data folder, the
    cup photographed by ``camera()`` (default :func:`kiosk.camera.cup.kiosk_cup_camera`:
    the simulator's camera in the demo), exports to the data folder's ``exports``."""
    from calibration.store import ProfileStore
    from kiosk.camera.cup import kiosk_cup_camera
    from kiosk.printing.calibration_export import export_dir
    from kiosk.printing.calibration_service import CalibrationService
    from kiosk.ui.calibration import QtCalibration

    service = CalibrationService(printer.service, ProfileStore.in_data_dir(config.data_dir))
    return QtCalibration(
        printer, service,
        camera or (lambda: kiosk_cup_camera(config.printer_url, config.calibration_camera,
                                            config.camera)),
        export_dir=export_dir(config.data_dir), parent=printer)


def show_kiosk_fullscreen(window: QWidget, *, screen_index: int = 0) -> None:
    """Full screen on that screen, no decorations, cursor hidden (a touch kiosk)."""
    screens = QGuiApplication.screens()
    if screens:
        screen = screens[min(screen_index, len(screens) - 1)]
        window.setScreen(screen)
        window.setGeometry(screen.geometry())
    window.setWindowFlags(window.windowFlags() | Qt.WindowType.FramelessWindowHint
                          | Qt.WindowType.WindowStaysOnTopHint)
    window.showFullScreen()
    if QApplication.overrideCursor() is None:
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))


class _Quitter(QObject):
    """Stops the kiosk on SIGINT/SIGTERM from a terminal or systemd (Qt blocks signals in
    its event loop, so a short timer lets Python notice them)."""

    def __init__(self, kiosk: KioskApp) -> None:
        super().__init__()
        import signal

        self._timer = QTimer(self)
        self._timer.start(250)
        self._timer.timeout.connect(lambda: None)
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: kiosk.quit())


def run(config: KioskConfig, *, screenshots: Path | None = None) -> int:
    """Open the kiosk with ``config`` and run until the technician (or a signal) stops it.

    With ``screenshots``, walk every customer screen once with the demo flow, save
    ``DIR/NN-screen.png`` for each and exit (for the README and a look on a real display).
    The walk places an order, so it runs on a throwaway data folder, deleted afterwards.
    """
    if screenshots is None:
        return _run(config, None)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="photolatte-tour-") as scratch:
        config = config.with_overrides(data_dir=Path(scratch), printer_url="sim://tour?speed=40")
        return _run(config, Path(screenshots))


def _run(config: KioskConfig, screenshots: Path | None) -> int:
    app = ensure_application()
    kiosk = KioskApp(config, countdown_ms=700 if screenshots else 1000)
    kiosk.start()
    _quitter = _Quitter(kiosk)  # kept alive for the event loop
    if screenshots is not None:
        from kiosk.ui.tour import Tour

        tour = Tour(kiosk, screenshots)
        tour.finished.connect(kiosk.quit)
        tour.start()
    code = app.exec()
    kiosk.shutdown()
    return int(code)
