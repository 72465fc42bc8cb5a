"""Shared set-up for the barista tests: a real order store, PIN store, printer service and
an in-process simulated printer, plus helpers to make orders and save screenshots.

Nothing here is mocked: the service talks to ``sim://NAME`` through the real driver, and
tests read what the simulated machine actually printed.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from printer_driver.mask import Mask, circle_mask, grid_size
from printer_driver.powders import CINNAMON, COCOA, PowderSet

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "test-artifacts" / "screens"

#: Simulated seconds per wall second: a 20 s print takes well under a second in tests.
SIM_SPEED = 40
_names = itertools.count(1)


def sim_name(prefix: str = "barista") -> str:
    """A printer name unique in this process (printers are shared by name)."""
    return f"{prefix}{os.getpid()}x{next(_names)}"


def portrait_like_mask(seed: int = 1, *, diameter_mm: float = 76.0,
                       pitch_mm: float = 0.3) -> Mask:
    """A mask with both powders in every row band: a face-sized blob of cocoa over cinnamon
    noise. Random enough that a shifted or repeated row cannot match by luck."""
    n = grid_size(diameter_mm, pitch_mm)
    rng = np.random.default_rng(seed)
    dots = np.zeros((n, n), np.uint8)
    noise = rng.random((n, n))
    dots[noise < 0.18] = CINNAMON
    dots[noise > 0.90] = COCOA
    yy, xx = np.mgrid[0:n, 0:n]
    face = ((yy - n / 2) / (0.35 * n)) ** 2 + ((xx - n / 2) / (0.28 * n)) ** 2 < 1.0
    dots[face & (noise > 0.6)] = COCOA
    dots[~circle_mask(diameter_mm, pitch_mm)] = 0
    return Mask.from_levels(dots, diameter_mm=diameter_mm, pitch_mm=pitch_mm,
                            powders=PowderSet.BOTH)


def preview_of(mask: Mask, size: int = 256) -> np.ndarray:
    """A plain RGB picture of the mask (foam, cinnamon, cocoa colours)."""
    palette = np.array([[240, 230, 215], [176, 106, 58], [74, 42, 18]], np.uint8)
    rgb = palette[mask.dots]
    step = max(1, mask.dots.shape[0] // size)
    return np.ascontiguousarray(rgb[::step, ::step])


@dataclass
class BaristaRig:
    """Everything a barista test needs; built by :func:`make_rig`."""

    context: Any
    store: Any
    pins: Any  # the technician PIN's CodeStore
    service: Any
    window: Any
    sim_name: str
    url: str

    @property
    def staff(self) -> Any:
        """The StaffAccess (both codes) the window uses."""
        return self.context.staff

    @property
    def sim(self) -> Any:
        from printer_driver.sim import get_printer

        return get_printer(self.sim_name)

    def add_order(self, seed: int = 1, drink_id: str = "latte") -> tuple[Any, Mask]:
        mask = portrait_like_mask(seed)
        order = self.store.create_order(drink_id=drink_id, mask=mask, preview=preview_of(mask))
        self.window.refresh()
        return order, mask

    def add_printed_order(self, seed: int = 1, drink_id: str = "latte", *,
                          paid: bool = True) -> tuple[Any, Mask]:
        """An order that has been printed (through the store's own print-job calls, as the
        printer service records a finished print), waiting to be handed over; ``paid``:
        the customer has paid already (Served then needs no question)."""
        from kiosk.orders.schema import PrintResult

        order, mask = self.add_order(seed, drink_id)
        _, job = self.store.begin_print(order.id, job_id=f"{seed:08x}")
        order = self.store.finish_print(job.id, PrintResult.PRINTED)
        if paid:
            order = self.store.set_paid(order.id, True)
        self.window.refresh()
        return order, mask

    def card(self, order_id: int) -> Any:
        return self.window.cards[order_id]


def make_rig(tmp_path: Path, *, name: str | None = None, speed: float = SIM_SPEED,
             start: bool = True, pin_clock: Any = None, max_failures: int = 3,
             sim_query: str = "", driver_timeouts: Any = None,
             undo_seconds: float | None = None, receipt_printer: str = "",
             printer_url: str | None = None, calibration: bool = True,
             cup_camera: Any = None) -> BaristaRig:
    """Store, staff codes, printer service on ``sim://NAME`` and the barista window.

    ``undo_seconds``: the ``served_undo_seconds`` setting (None: the default, 10 s).
    ``printer_url``: the configured printer the staff codes see (None: the simulator; a
    real port makes the factory-default codes close the kiosk); the service still prints
    on the simulator. ``calibration``: the kiosk's calibration on the service (the
    technician's wizard, the barista's check), photographing with ``cup_camera()`` (None:
    the simulator's camera, as the demo does)."""
    from kiosk.orders.menu import load_menu
    from kiosk.orders.store import OrderStore
    from kiosk.settings.config import KioskConfig
    from kiosk.staff.access import StaffAccess
    from kiosk.staff.codes import CodeStore
    from kiosk.staff.rules import StaffRole
    from kiosk.ui.barista import BaristaWindow
    from kiosk.ui.context import AppContext
    from kiosk.ui.i18n import LanguageManager
    from kiosk.ui.print_adapter import QtPrintService

    name = name or sim_name()
    url = f"sim://{name}?speed={speed}&seed=3{sim_query}"
    config = KioskConfig(data_dir=tmp_path, printer_url=url)
    if undo_seconds is not None:
        config = config.with_overrides(served_undo_seconds=undo_seconds)
    if receipt_printer:
        from kiosk.settings.config import ReceiptSettings

        config = config.with_overrides(receipt=ReceiptSettings(printer=receipt_printer))
    store = OrderStore(config.db_path)
    kwargs = {"clock": pin_clock} if pin_clock is not None else {}
    stores = {role: CodeStore(config.code_path(role), role=role, max_failures=max_failures,
                              lockout_minutes=5, **kwargs) for role in StaffRole}
    staff = StaffAccess(stores[StaffRole.BARISTA], stores[StaffRole.TECHNICIAN],
                        printer_url=printer_url or url)
    pins = stores[StaffRole.TECHNICIAN]
    from calibration.store import ProfileStore
    from kiosk.printing.profile_lookup import StoreLookup

    # Prints apply the data folder's profile, as the kiosk's do.
    service = QtPrintService(store, url, driver_timeouts=driver_timeouts,
                             profiles=StoreLookup(ProfileStore.in_data_dir(tmp_path)))
    i18n = LanguageManager("en")
    menu = load_menu()
    from customer_support import SilentSink

    from kiosk.counter.service import CounterService
    from kiosk.ui.counter import CounterBridge

    counter = CounterService.from_config(store, menu, config, sink_factory=SilentSink)
    counter.start()
    calibrator = None
    if calibration:
        from kiosk.ui.app import make_calibration

        calibrator = make_calibration(config, service, camera=cup_camera)
    context = AppContext(config=config, store=store, menu=menu, printer=service,
                         i18n=i18n, staff=staff, counter=CounterBridge(counter),
                         calibration=calibrator)
    window = BaristaWindow(context)
    window.resize(1280, 900)
    window.show()
    if start:
        service.start()
    return BaristaRig(context, store, pins, service, window, name, url)


def close_rig(rig: BaristaRig) -> None:
    """Stop the service (joins its thread), close the window and the store, stop the sim."""
    from printer_driver.sim import remove_printer

    rig.context.i18n.set_language("en")  # translators are process-wide: leave English
    if rig.context.calibration is not None:
        rig.context.calibration.cancel()
        rig.context.calibration.join()
    rig.service.stop()
    if rig.context.counter is not None:
        rig.context.counter.service.stop()
    rig.window.close()
    rig.window.deleteLater()
    rig.store.close()
    remove_printer(rig.sim_name)  # no-op if the test never opened it


def save_screen(widget: Any, name: str) -> Path:
    """Save a screenshot of ``widget`` to ``test-artifacts/screens/NAME.png``."""
    from PySide6.QtWidgets import QApplication

    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    for _ in range(3):  # let pending layouts run (they post more), as a person would see it
        QApplication.processEvents()
    assert widget.grab().save(str(path)), f"could not save {path}"
    return path


def finger_drag(widget: Any, start: Any, end: Any, steps: int = 15,
                pace_ms: int = 16) -> None:
    """A finger (a touch screen's mouse) pressed at ``start``, moved in ``steps`` to ``end``
    and lifted, on ``widget`` (QPoints in its coordinates), one move every ``pace_ms`` (a
    60 Hz touch panel's rate; the kinetic scroller measures the finger's speed in real
    time). The events go through the application, where the scroller's gesture sees them
    (QTest's mouse moves do not carry the pressed button to it)."""
    from PySide6.QtCore import QElapsedTimer, QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton

    def send(kind: QEvent.Type, at: Any, button: Any, held: Any) -> None:
        event = QMouseEvent(kind, QPointF(at), QPointF(widget.mapToGlobal(at)), button, held,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)
        clock = QElapsedTimer()
        clock.start()
        while clock.elapsed() < pace_ms:  # the finger's pace, the event loop running
            QApplication.processEvents()

    send(QEvent.Type.MouseButtonPress, start, left, left)
    for step in range(1, steps + 1):
        send(QEvent.Type.MouseMove, start + (end - start) * step / steps, none, left)
    send(QEvent.Type.MouseButtonRelease, end, left, none)
