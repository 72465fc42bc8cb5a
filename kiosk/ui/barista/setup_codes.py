"""The "set the staff codes" step: with a real printer configured and a staff code still at
its factory default, the barista window shows this instead of the queue (and customers see
"Opening soon") until both codes are personal.

On a single-screen kiosk staff reach it behind the hidden hold and a code (the default one,
the first time); on a two-screen kiosk it is on the barista's own screen behind the counter.
Changing a code uses the same change-code page as the technician screen.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from kiosk.staff.access import StaffAccess
from kiosk.staff.rules import StaffRole
from kiosk.ui.barista.change_pin import ChangeCodePage
from kiosk.ui.barista.staff_codes_panel import StaffCodesPanel
from kiosk.ui.i18n import Retranslatable

translate = QCoreApplication.translate


class StaffCodesSetup(Retranslatable, QWidget):
    """Emits ``codes_changed()`` after each change and ``finished()`` when staff go on to
    the orders (offered once no factory default remains)."""

    codes_changed = Signal()
    finished = Signal()

    def __init__(self, staff: StaffAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BaristaRoot")
        self.staff = staff
        self.title = QLabel()
        self.title.setObjectName("Title")
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.panel = StaffCodesPanel(staff)
        self.panel.change_requested.connect(self.open_change_code)
        self.continue_button = QPushButton()
        self.continue_button.setObjectName("Primary")
        self.continue_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.continue_button.clicked.connect(self.finished.emit)
        content = QWidget()
        content.setObjectName("BaristaRoot")
        col = QVBoxLayout(content)
        col.setContentsMargins(24, 16, 24, 16)
        col.setSpacing(16)
        col.addWidget(self.title)
        col.addWidget(self.text)
        col.addWidget(self.panel)
        col.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignLeft)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        self.change_code = ChangeCodePage(staff)
        self.change_code.done.connect(self._change_done)
        self.pages = QStackedWidget()
        self.pages.addWidget(scroll)
        self.pages.addWidget(self.change_code)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        self.refresh()

    def refresh(self) -> bool:
        """Read the codes again; True once the kiosk may take orders."""
        gate = self.panel.refresh()
        self.retranslate()
        return gate.takes_orders

    def start(self) -> None:
        """Show the step from its first page (nothing half-typed, no old confirmation)."""
        self.change_code.reset()
        self.pages.setCurrentIndex(0)
        self.panel.show_changed(None)
        self.retranslate()

    def open_change_code(self, role: StaffRole) -> None:
        """The change-code keypad for ``role``."""
        self.change_code.start(role)
        self.pages.setCurrentWidget(self.change_code)

    def _change_done(self, changed: bool) -> None:
        self.pages.setCurrentIndex(0)
        if changed:
            self.panel.show_changed(self.change_code.role)
            self.codes_changed.emit()
        self.refresh()

    def retranslate(self) -> None:
        self.title.setText(translate("StaffCodesSetup", "Set the staff codes"))
        self.text.setText(translate(
            "StaffCodesSetup",
            "This kiosk has a real printer, so it takes no orders while a staff code is "
            "still the factory default: anyone could look that code up. Customers see "
            "\"Opening soon\" until both codes are changed."))
        self.continue_button.setVisible(self.panel.gate.takes_orders)
        self.continue_button.setText(translate("StaffCodesSetup", "Go to the orders"))
