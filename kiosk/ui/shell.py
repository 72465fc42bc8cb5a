"""One screen for both: the customer's window and, behind a held press and a code, the
barista's.

On a kiosk with a single (touch) screen the barista window cannot sit beside a full-screen
customer window. :class:`SingleScreenShell` holds them as pages of one full-screen window:

- ``customer``: what customers see. Holding the "Photo Latte" name in its top bar for three
  seconds (a line under the name fills while it is held) opens
- ``entry``: the staff code pad. The barista code opens the barista screen at the queue; the
  technician PIN opens it at the technician screen (:class:`kiosk.staff.access.Door`). Wrong
  codes lock the pad as for the PIN. Back returns to the customer screen.
- ``barista``: the barista window under a black bar with *Back to the customer screen*.

The staff session ends (back to the customer screen, nothing typed or half-done kept) after
``staff.idle_seconds`` without a touch, so a customer never finds an unlocked barista
screen; the bar says so in its last :data:`WARN_SECONDS`. On a kiosk with two screens the
barista window sits on its own screen behind the counter and needs no code (no shell).
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.staff.access import Door, StaffAccess
from kiosk.staff.rules import DEFAULT_CODES, StaffRole
from kiosk.ui.barista.pin_page import CodePage
from kiosk.ui.barista.style import STYLE_SHEET as BARISTA_STYLE
from kiosk.ui.customer.idle import IdleWatcher
from kiosk.ui.i18n import Retranslatable
from kiosk.ui.theme import TOUCH_MIN_PX
from kiosk.ui.widgets import PageStack

if TYPE_CHECKING:
    from kiosk.ui.barista.window import BaristaWindow
    from kiosk.ui.customer.window import CustomerWindow

translate = QCoreApplication.translate

DEFAULT_IDLE_SECONDS = 90.0
WARN_SECONDS = 10  # the bar counts down this long before the session ends

_BAR_STYLE = f"""
QWidget#ShellBar {{ background: #000000; }}
QWidget#ShellBar QLabel {{ color: #FFFFFF; font-size: 22px; }}
QPushButton#ShellBack {{ color: #FFFFFF; background: #1F3B73; border: none; border-radius: 12px;
    font-size: 26px; font-weight: 700; padding: 8px 24px; min-height: {TOUCH_MIN_PX}px; }}
"""


class SingleScreenShell(Retranslatable, QWidget):
    """A full-screen window with three pages: ``customer``, ``entry`` and ``barista``.

    Args:
        customer: the customer window (reparented; its hold gesture is turned on).
        barista: the barista window (reparented).
        staff: the staff codes (the entry pad's door).
        idle_seconds: the staff session ends after this long without a touch.
    """

    def __init__(self, customer: CustomerWindow, barista: BaristaWindow, staff: StaffAccess,
                 *, idle_seconds: float = DEFAULT_IDLE_SECONDS,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SingleScreenShell")
        self.customer = customer
        self.barista = barista
        self.staff = staff
        self._allow_close = False
        bar = QWidget()
        bar.setObjectName("ShellBar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar.setStyleSheet(_BAR_STYLE)
        self.bar_note = QLabel()  # the demo's default codes; the session's last seconds
        self.bar_note.setWordWrap(True)
        self.back_button = QPushButton()
        self.back_button.setObjectName("ShellBack")
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(self.show_customer)
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(16)
        row.addWidget(self.bar_note, 1)
        row.addWidget(self.back_button)
        self.barista_page = QWidget()
        page = QVBoxLayout(self.barista_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(0)
        page.addWidget(bar)
        page.addWidget(barista, 1)
        self.entry = CodePage(staff, Door.STAFF)
        self.entry.setStyleSheet(BARISTA_STYLE)
        self.entry.accepted.connect(self.open_staff)
        self.entry.cancelled.connect(self.show_customer)
        # As large as the page it shows and never larger than its screen: a stacked widget
        # asks for its largest page's size, and the barista's page made the one window on
        # an 800x480 panel taller than the panel (the customer screens ran off its foot).
        self.stack = PageStack()
        self.stack.addWidget(customer)
        self.stack.addWidget(self.entry)
        self.stack.addWidget(self.barista_page)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        # The staff session: any touch on the shell while a staff page shows keeps it open.
        self.session = IdleWatcher(idle_seconds, self, root=self)
        self.session.idle.connect(self.end_session)
        self.session.activity.connect(self._touched)
        self._last_touch = time.monotonic()
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self.retranslate)
        self._demo_defaults = False

        customer.staff_requested.connect(self.show_entry)
        customer.staff_hold.set_enabled(True)
        self.retranslate()

    @property
    def showing(self) -> str:
        """``"customer"``, ``"entry"`` (the code pad) or ``"barista"``."""
        current = self.stack.currentWidget()
        if current is self.barista_page:
            return "barista"
        return "entry" if current is self.entry else "customer"

    # --- the way in and out ------------------------------------------------------------------

    def show_entry(self) -> None:
        """The code pad (the name was held): nothing of the queue shows until the code."""
        if self.showing != "customer":
            return
        self.entry.reset()
        self.stack.setCurrentWidget(self.entry)
        self._begin_session()

    def open_staff(self, role: StaffRole) -> None:
        """A right code: the barista screen, at the technician screen for the technician."""
        if StaffRole(role) is StaffRole.TECHNICIAN:
            self.barista.open_technician()
        else:
            self.barista.show_orders()
        self.stack.setCurrentWidget(self.barista_page)
        self._begin_session()

    def show_customer(self) -> None:
        """Back to the customer's screen; the staff session ends."""
        self.session.disarm()
        self._countdown.stop()
        self.barista.end_session()
        self.entry.reset()
        self.stack.setCurrentWidget(self.customer)
        self.retranslate()

    def end_session(self) -> None:
        """No touch for ``idle_seconds`` on a staff page: lock (back to the customer)."""
        if self.showing != "customer":
            self.show_customer()

    def _begin_session(self) -> None:
        self._last_touch = time.monotonic()
        self.session.arm()
        self._countdown.start()
        self._demo_defaults = self.staff.demo and bool(self.staff.gate().defaults)
        self.retranslate()

    def _touched(self) -> None:
        self._last_touch = time.monotonic()

    def seconds_left(self) -> float:
        """Seconds until the staff session ends without a touch (0 on the customer page)."""
        if not self.session.armed:
            return 0.0
        return max(0.0, self.session.seconds - (time.monotonic() - self._last_touch))

    # --- a kiosk window ----------------------------------------------------------------------

    def allow_close(self) -> None:
        """Let the next close request through (the technician's exit)."""
        self._allow_close = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._allow_close:
            event.ignore()
            return
        self.session.shutdown()
        self._countdown.stop()
        self.entry.join()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()  # no keyboard way out

    def retranslate(self) -> None:
        self.back_button.setText(translate("KioskShell", "Back to the customer screen"))
        left = self.seconds_left()
        if self.session.armed and left <= WARN_SECONDS:
            whole = max(1, math.ceil(left))
            note = translate("KioskShell", "Locking in %n seconds: touch the screen to stay.",
                             None, whole)
        elif self._demo_defaults:
            note = translate("KioskShell", "Demo kiosk: the staff codes are the factory "
                             "defaults (barista {barista}, technician {technician}).").format(
                barista=DEFAULT_CODES[StaffRole.BARISTA],
                technician=DEFAULT_CODES[StaffRole.TECHNICIAN])
        else:
            note = ""
        self.bar_note.setText(note)
