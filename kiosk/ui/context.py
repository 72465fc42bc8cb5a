"""What every window of the kiosk is given: one :class:`AppContext`, built in the app shell.

``kiosk.cli.app`` (via :class:`kiosk.ui.app.KioskApp`) builds exactly one context and
passes it to both the customer window and ``kiosk.ui.barista.BaristaWindow(context)``. No
window reaches for globals: tests build a context with a temporary store, the demo camera
and a ``sim://`` printer, and the windows cannot tell the difference.

Fields
------
config
    :class:`kiosk.settings.config.KioskConfig`: frozen settings (camera spec, printer URL,
    language, idle_seconds, retention, data folder, ...).
store
    :class:`kiosk.orders.store.OrderStore`: orders, print jobs and the consent log.
menu
    :class:`kiosk.orders.menu.Menu`: the drinks (names in both languages, price, picture).
printer
    :class:`kiosk.ui.print_adapter.QtPrintService`: the print service's Qt face; ask
    ``printer.busy`` before anything that must not happen during a print (idle reset).
i18n
    :class:`kiosk.ui.i18n.LanguageManager`: current language and the switch.
clock
    ``() -> float``: wall-clock seconds since the epoch (``time.time``); tests pass a fake to
    control "now" (wait estimates, consent time stamps).
monotonic
    ``() -> float``: seconds on a monotonic clock (``time.monotonic``), for durations.
stall_monitor
    :class:`kiosk.ui.stall.StallMonitor` or None: records the GUI thread's longest stall.
counter
    :class:`kiosk.ui.counter.CounterBridge` or None: the counter service (paying, the
    receipt, the ready board, the chime) and its signals. None: no counter features (the
    ticket still shows the number; tests of other screens).
request_exit
    ``() -> None``: leave the kiosk for good (closes both windows, stops the workers, quits).
    Only the technician screen calls it, after the PIN; no key combination does.
staff
    :class:`kiosk.staff.access.StaffAccess` or None: the staff codes and doors. One per kiosk
    (a lockout's unsaved counts live in it); the barista window builds it from ``config``
    if the app did not.
calibration
    :class:`kiosk.ui.calibration.QtCalibration` or None: the technician's calibration and
    the barista's daily check, on ``printer``'s service. None: the screens show neither
    (tests of other screens).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for the type checker: the context itself is plain data
    from kiosk.orders.menu import Menu
    from kiosk.orders.store import OrderStore
    from kiosk.settings.config import KioskConfig
    from kiosk.staff.access import StaffAccess
    from kiosk.ui.calibration import QtCalibration
    from kiosk.ui.counter import CounterBridge
    from kiosk.ui.i18n import LanguageManager
    from kiosk.ui.print_adapter import QtPrintService
    from kiosk.ui.stall import StallMonitor


@dataclass
class AppContext:
    """Everything a kiosk window needs; see the module docstring for each field."""

    config: KioskConfig
    store: OrderStore
    menu: Menu
    printer: QtPrintService
    i18n: LanguageManager
    clock: Callable[[], float] = time.time
    monotonic: Callable[[], float] = time.monotonic
    stall_monitor: StallMonitor | None = None
    request_exit: Callable[[], None] = lambda: None
    counter: CounterBridge | None = None
    staff: StaffAccess | None = None
    calibration: QtCalibration | None = None

    @property
    def language(self) -> str:
        """The language shown now: ``"ko"`` or ``"en"``."""
        return self.i18n.language
