"""Changing a staff code (the barista code or the technician PIN): the new code typed twice
on the big keypad, checked against the rules at once (no 1111, no 1234, no factory default,
4 to 12 digits: :func:`kiosk.staff.rules.validate_new_code`, the same rule the CLI uses),
then saved (salted and hashed) by :class:`kiosk.staff.access.StaffAccess` off the GUI
thread (a :class:`~kiosk.ui.workers.BackgroundCall`: scrypt is slow on purpose, the GUI
thread must not wait for it).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.staff.access import StaffAccess
from kiosk.staff.rules import MAX_DIGITS, MIN_DIGITS, CodeError, StaffRole, validate_new_code
from kiosk.ui.barista.code_words import code_error_words
from kiosk.ui.barista.keypad import PinKeypad, arrange_pin_page
from kiosk.ui.i18n import Retranslatable
from kiosk.ui.workers import BackgroundCall

translate = QCoreApplication.translate


class ChangeCodePage(Retranslatable, QWidget):
    """A new code for :attr:`role`, typed twice; emits ``done(True)`` once it is saved,
    ``done(False)`` on Back."""

    done = Signal(bool)

    def __init__(self, staff: StaffAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TechnicianRoot")
        self.staff = staff
        self.role = StaffRole.TECHNICIAN
        self._first: str | None = None
        self._digits = ""
        self._message = ""
        self._save = BackgroundCall("code-save", self)
        self._save.done.connect(self._on_saved)
        self.title = QLabel()
        self.title.setObjectName("Title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = QLabel()
        self.dots.setObjectName("Title")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keypad = PinKeypad()
        self.keypad.pressed.connect(self.press)
        self.keys = self.keypad.keys
        self.back_button = QPushButton()
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(lambda: self.done.emit(False))
        arrange_pin_page(self, (self.title, self.dots, self.prompt), self.back_button,
                         self.keypad)
        self.retranslate()

    def start(self, role: StaffRole) -> None:
        """Begin changing ``role``'s code, from the first entry."""
        self.role = StaffRole(role)
        self.reset()

    def reset(self) -> None:
        """Start again from the first entry (nothing typed is kept)."""
        self._first, self._digits, self._message = None, "", ""
        self.retranslate()

    def press(self, key: str) -> None:
        """A key: digit, ⌫ or ✓."""
        if self.saving:
            return
        if key == "⌫":
            self._digits = self._digits[:-1]
        elif key == "✓":
            self._submit()
        elif key.isdigit() and len(self._digits) < MAX_DIGITS:
            self._digits += key
        self.retranslate()

    def enter(self, code: str) -> None:
        """Type ``code`` and press ✓."""
        for d in code:
            self.press(d)
        self.press("✓")

    @property
    def saving(self) -> bool:
        """True while the new code is being saved."""
        return self._save.running

    def _submit(self) -> None:
        code, self._digits = self._digits, ""
        if not code:
            return
        if self._first is None:
            try:
                validate_new_code(code, self.role)
            except CodeError as exc:  # refused at once, with the reason
                self._message = code_error_words(exc)
                return
            self._first, self._message = code, ""
            return
        if code != self._first:
            self._first = None
            self._message = translate("StaffChangeCode",
                                      "The two entries were different. Start again.")
            return
        self._message = translate("StaffChangeCode", "Saving…")
        role = self.role
        self._save.start(lambda: self.staff.set_code(role, code))

    def _on_saved(self, error: object) -> None:
        # None: saved. An exception (a refusal, the disk, a bug) never leaves "Saving…".
        self._first = None
        if isinstance(error, CodeError) and error.is_refusal:
            self._message = code_error_words(error)  # e.g. the other role's code: again
            self.retranslate()
            return
        if error is not None:
            why = code_error_words(error) if isinstance(error, CodeError) else str(error)
            self._message = translate(
                "StaffChangeCode", "The code could not be saved, so the old one still "
                "works: {error}").format(error=why)
            self.retranslate()
            return
        self._message = ""
        self.retranslate()
        self.done.emit(True)

    def join(self) -> None:
        """Wait for a save in progress (closing the window)."""
        self._save.join()

    def retranslate(self) -> None:
        barista = self.role is StaffRole.BARISTA
        self.title.setText(translate("StaffChangeCode", "Change the barista code") if barista
                           else translate("StaffChangeCode", "Change the technician PIN"))
        self.dots.setText("●" * len(self._digits) if self._digits else "–")
        if self._first is None and barista:
            step = translate("StaffChangeCode", "Type the new barista code ({low} to {high} "
                             "digits), then press ✓.")
        elif self._first is None:
            step = translate("StaffChangeCode", "Type the new technician PIN ({low} to {high} "
                             "digits), then press ✓.")
        elif barista:
            step = translate("StaffChangeCode", "Type the new barista code again, then press ✓.")
        else:
            step = translate("StaffChangeCode",
                             "Type the new technician PIN again, then press ✓.")
        step = step.format(low=MIN_DIGITS, high=MAX_DIGITS)
        self.prompt.setText(f"{self._message}\n{step}" if self._message else step)
        self.back_button.setText(translate("StaffChangeCode", "Back"))
