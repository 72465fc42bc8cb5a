"""The staff codes at a glance: each code set or still the factory default, a button to
change each, "Barista code changed." after a change, and the demo's note.

Shown on the technician screen and in the "set the staff codes" step
(:mod:`kiosk.ui.barista.setup_codes`). Yellow while a factory default remains (anyone who
knows it can open the staff screens), grey once both are personal. The panel only reads
(:meth:`kiosk.staff.access.StaffAccess.gate`: two small files, no hashing); changing is the
change-code page's work (``change_requested(role)``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.staff.access import CodeGate, StaffAccess
from kiosk.staff.rules import DEFAULT_CODES, StaffRole
from kiosk.ui.barista.code_words import changed_words, code_error_words
from kiosk.ui.i18n import Retranslatable

translate = QCoreApplication.translate


class StaffCodesPanel(Retranslatable, QFrame):
    """Both staff codes' state; emits ``change_requested(StaffRole)``."""

    change_requested = Signal(object)

    def __init__(self, staff: StaffAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Section")
        self.staff = staff
        self.gate: CodeGate = CodeGate(staff.demo, ())
        self._changed: StaffRole | None = None
        self.title = QLabel()
        self.title.setObjectName("Title")
        self.note = QLabel()  # "Barista code changed."
        self.note.setObjectName("Connected")
        self.note.setWordWrap(True)
        self.demo_note = QLabel()
        self.demo_note.setWordWrap(True)
        self.state: dict[StaffRole, QLabel] = {}
        self.buttons: dict[StaffRole, QPushButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        for row, role in enumerate(StaffRole):
            state = QLabel()
            state.setWordWrap(True)
            state.setMinimumWidth(200)
            button = QPushButton()
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, r=role: self.change_requested.emit(r))
            grid.addWidget(state, row, 0)
            grid.addWidget(button, row, 1)
            self.state[role], self.buttons[role] = state, button
        grid.setColumnStretch(0, 1)
        col = QVBoxLayout(self)
        col.setContentsMargins(16, 12, 16, 12)
        col.setSpacing(12)
        col.addWidget(self.title)
        col.addWidget(self.note)
        col.addLayout(grid)
        col.addWidget(self.demo_note)
        self.refresh()

    @property
    def defaults(self) -> tuple[StaffRole, ...]:
        """The roles still on the factory default (as last read)."""
        return self.gate.defaults

    def refresh(self) -> CodeGate:
        """Read the codes' state again and show it."""
        self.gate = self.staff.gate()
        warn = bool(self.gate.defaults)
        if (self.objectName() == "FaultBanner") != warn:
            self.setObjectName("FaultBanner" if warn else "Section")
            self.style().unpolish(self)
            self.style().polish(self)
        self.retranslate()
        return self.gate

    def show_changed(self, role: StaffRole | None) -> None:
        """Confirm a change ("Barista code changed."), or clear the confirmation (None)."""
        self._changed = role
        self.refresh()

    def _state_words(self, role: StaffRole) -> str:
        problem = next((p for p in self.gate.problems if p.role is role), None)
        if problem is not None:
            return code_error_words(problem)
        if role in self.gate.defaults:
            if role is StaffRole.BARISTA:
                return translate("StaffCodesPanel", "Barista code: still the factory default. "
                                 "Anyone who knows it can open the barista screen.")
            return translate("StaffCodesPanel", "Technician PIN: still the factory default. "
                             "Anyone who knows it can open the technician screen.")
        if role is StaffRole.BARISTA:
            return translate("StaffCodesPanel", "Barista code: a personal code is set.")
        return translate("StaffCodesPanel", "Technician PIN: a personal PIN is set.")

    def retranslate(self) -> None:
        self.title.setText(translate("StaffCodesPanel", "Staff codes"))
        self.note.setVisible(self._changed is not None)
        self.note.setText(changed_words(self._changed) if self._changed is not None else "")
        for role in StaffRole:
            self.state[role].setText(self._state_words(role))
        self.buttons[StaffRole.BARISTA].setText(
            translate("StaffCodesPanel", "Change the barista code"))
        self.buttons[StaffRole.TECHNICIAN].setText(
            translate("StaffCodesPanel", "Change the technician PIN"))
        demo = self.gate.demo and bool(self.gate.defaults)
        self.demo_note.setVisible(demo)
        self.demo_note.setText(translate(
            "StaffCodesPanel",
            "Demo kiosk (simulated printer): it takes orders with the factory-default codes "
            "(barista code {barista}, technician PIN {technician}). With a real printer it "
            "takes no orders until both are changed.").format(
                barista=DEFAULT_CODES[StaffRole.BARISTA],
                technician=DEFAULT_CODES[StaffRole.TECHNICIAN]))
