"""The orders gate on screen: "Opening soon" for customers while the staff codes forbid
orders, and the barista window's "set the staff codes" step.

:meth:`kiosk.staff.access.StaffAccess.gate` decides (a real printer and a factory-default
code: no orders). :class:`OrdersGate` asks it at start, after every change made on the staff
screens, and every :data:`POLL_MS` (so ``photolatte code set`` from the shell opens the
kiosk within seconds, and ``photolatte code reset`` closes it); each look reads two small
files, no hashing.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.staff.access import CodeGate, StaffAccess
from kiosk.ui.customer.opening_soon import OpeningSoon

if TYPE_CHECKING:
    from kiosk.ui.barista.window import BaristaWindow
    from kiosk.ui.customer.window import CustomerWindow

log = logging.getLogger(__name__)

POLL_MS = 3000


class OrdersGate(QObject):
    """Keeps the customer's "Opening soon" card and the barista's setup step in line with
    the staff codes. Emits ``changed(CodeGate)`` when whether orders are taken (or which
    codes are defaults) changes."""

    changed = Signal(object)

    def __init__(self, staff: StaffAccess, customer: CustomerWindow,
                 barista: BaristaWindow | None = None, *, poll_ms: int = POLL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.staff = staff
        self.customer = customer
        self.overlay = OpeningSoon(customer.stack, lambda: customer.current_screen == "attract")
        self.gate: CodeGate = CodeGate(staff.demo, ())
        self._key: tuple[object, ...] | None = None
        customer.screen_changed.connect(self._screen_changed)
        if barista is not None:
            barista.codes_changed.connect(self.refresh)
            self.changed.connect(barista.set_gate)
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.refresh)

    @property
    def takes_orders(self) -> bool:
        """As of the last look."""
        return self.gate.takes_orders

    def start(self) -> None:
        """Look now, then every ``poll_ms``."""
        self.refresh()
        self._timer.start()

    def stop(self) -> None:
        """Stop looking (the kiosk is closing)."""
        self._timer.stop()

    def refresh(self) -> CodeGate:
        """Look at the codes again; update the card; ``changed`` if anything changed."""
        gate = self.staff.gate()
        self.gate = gate
        key = (gate.takes_orders, gate.defaults, tuple(p.code for p in gate.problems))
        self.overlay.set_open(gate.takes_orders)
        if key != self._key:
            first = self._key is None
            self._key = key
            if not gate.takes_orders:
                log.warning("not taking orders: a real printer (%s) and the factory-default "
                            "%s; change them on the staff screen or with 'photolatte code "
                            "set'", self.staff.printer_url,
                            " and ".join(r.noun for r in gate.must_change))
            elif not first:
                log.info("the staff codes are set: taking orders")
            self.changed.emit(gate)
        return gate

    def _screen_changed(self, name: str) -> None:
        if name == "attract":  # a customer finished: close now if the codes say so
            self.overlay.set_open(self.gate.takes_orders)
