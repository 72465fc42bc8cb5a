"""One screen for both: the customer's window and, behind a held press, the barista's.

On a kiosk with a single (touch) screen the barista window cannot sit beside a full-screen
customer window. :class:`SingleScreenShell` holds both as pages of one full-screen window:
customers see only their screen; staff hold the "Photo Latte" name in the top bar for three
seconds to reach the barista screen, whose bar has one button back. The technician's exit
still needs the PIN.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.ui.i18n import Retranslatable
from kiosk.ui.theme import TOUCH_MIN_PX

translate = QCoreApplication.translate

_BAR_STYLE = f"""
QWidget#ShellBar {{ background: #000000; }}
QPushButton#ShellBack {{ color: #FFFFFF; background: #1F3B73; border: none; border-radius: 12px;
    font-size: 26px; font-weight: 700; padding: 8px 24px; min-height: {TOUCH_MIN_PX}px; }}
"""


class SingleScreenShell(Retranslatable, QWidget):
    """A full-screen window with two pages: ``customer`` and ``barista`` (both reparented)."""

    def __init__(self, customer: QWidget, barista: QWidget,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SingleScreenShell")
        self.customer = customer
        self.barista = barista
        self._allow_close = False
        bar = QWidget()
        bar.setObjectName("ShellBar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar.setStyleSheet(_BAR_STYLE)
        self.back_button = QPushButton()
        self.back_button.setObjectName("ShellBack")
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(self.show_customer)
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 8, 12, 8)
        row.addStretch(1)
        row.addWidget(self.back_button)
        self.barista_page = QWidget()
        page = QVBoxLayout(self.barista_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(0)
        page.addWidget(bar)
        page.addWidget(barista, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(customer)
        self.stack.addWidget(self.barista_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        connect = getattr(customer, "staff_requested", None)
        if connect is not None:
            customer.staff_requested.connect(self.show_barista)
        self.retranslate()

    @property
    def showing(self) -> str:
        """``"customer"`` or ``"barista"``."""
        return "barista" if self.stack.currentWidget() is self.barista_page else "customer"

    def show_barista(self) -> None:
        """The barista's page (staff held the name in the customer's top bar)."""
        self.stack.setCurrentWidget(self.barista_page)

    def show_customer(self) -> None:
        """Back to the customer's screen."""
        self.stack.setCurrentWidget(self.customer)

    def allow_close(self) -> None:
        """Let the next close request through (the technician's exit)."""
        self._allow_close = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._allow_close:
            event.ignore()
            return
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()  # no keyboard way out

    def retranslate(self) -> None:
        self.back_button.setText(translate("KioskShell", "Back to the customer screen"))
