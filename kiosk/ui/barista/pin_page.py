"""A staff code pad: big digits, dots for what was typed, and plain answers.

One page class for both doors (:class:`kiosk.staff.access.Door`): ``STAFF``, the pad behind
the hidden hold on a single-screen kiosk (the barista code, or the technician PIN), and
``TECHNICIAN``, behind the barista screen's Technician button (the PIN only). Wrong codes are
counted by the code stores (salted hash, lockout after repeated failures); the page says how
many tries are left, and while locked it says for how long and disables the keys. The code
itself never leaves this page (it is cleared after every try).

Checking a code is deliberately slow (scrypt, ~0.1 s per code compared), so it runs off the
GUI thread (a :class:`~kiosk.ui.workers.BackgroundCall`) and the answer comes back as the
``checked`` signal: the GUI thread never waits on it. Every outcome of the check comes back,
an unexpected error too, so the pad never sticks on "Checking…"; when the disk refuses to
save the count (full, read-only), the page says so under the answer (the try still counts:
the lockout holds in memory).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.staff.access import Door, StaffAccess
from kiosk.staff.codes import CodeCheck
from kiosk.staff.rules import DEFAULT_CODES, MAX_DIGITS, CodeError, StaffRole
from kiosk.ui.barista.code_words import code_error_words, locked_words, wrong_code_words
from kiosk.ui.barista.keypad import PinKeypad, arrange_pin_page
from kiosk.ui.i18n import Retranslatable
from kiosk.ui.workers import BackgroundCall

log = logging.getLogger(__name__)
translate = QCoreApplication.translate


class CodePage(Retranslatable, QWidget):
    """The pad of one door. Emits ``accepted(StaffRole)`` on a right code (whose code it
    was), ``cancelled()`` on Back, and ``checked(CodeCheck)`` after every try."""

    accepted = Signal(object)
    cancelled = Signal()
    checked = Signal(object)

    def __init__(self, staff: StaffAccess, door: Door, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BaristaRoot")
        self.staff = staff
        self.door = Door(door)
        self._digits = ""
        self._last: CodeCheck | None = None
        self._error: CodeError | Exception | None = None  # the code could not be checked
        self._disk: CodeError | None = None  # checked and counted, but not saved
        self._demo_default = False
        self._check = BackgroundCall(f"{self.door}-code-check", self)
        self._check.done.connect(self._on_answer)
        self.title = QLabel()
        self.title.setObjectName("Title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = QLabel()
        self.dots.setObjectName("Title")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setMinimumHeight(70)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_note = QLabel()
        self.demo_note.setObjectName("Muted")
        self.demo_note.setWordWrap(True)
        self.demo_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keypad = PinKeypad()
        self.keypad.pressed.connect(self.press)
        self.keys = self.keypad.keys
        self.back_button = QPushButton()
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(self._back)
        arrange_pin_page(self, (self.title, self.dots, self.message, self.demo_note),
                         self.back_button, self.keypad)
        # While locked, count the time down and re-enable the keys at the end.
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(1000)
        self._lock_timer.timeout.connect(self._refresh_lock)
        self.reset()

    # --- input ---

    def reset(self) -> None:
        """Clear what was typed and any message (called whenever the page is shown)."""
        self._digits = ""
        self._last = None
        self._error = None
        self._disk = None
        self._demo_default = self._demo_with_default()
        self._refresh_lock()

    def _demo_with_default(self) -> bool:
        if self.door is not Door.STAFF or not self.staff.demo:
            return False
        return StaffRole.BARISTA in self.staff.gate().defaults

    def press(self, key: str) -> None:
        """A key of the pad: a digit, ⌫ (delete) or ✓ (try the code)."""
        if key == "⌫":
            self._digits = self._digits[:-1]
        elif key == "✓":
            self.submit()
            return
        elif key.isdigit() and len(self._digits) < MAX_DIGITS:
            self._digits += key
        self.retranslate()

    def enter(self, code: str) -> None:
        """Type ``code`` and press ✓ (a hardware keypad's and the tests' way in)."""
        self._digits = ""
        for d in code:
            self.press(d)
        self.submit()

    @property
    def checking(self) -> bool:
        """True while a code is being checked."""
        return self._check.running

    def submit(self) -> None:
        """Check the typed code in the background; ``checked`` (maybe ``accepted``) follow."""
        if self.checking or not self._digits:
            return
        code, self._digits = self._digits, ""
        self.keypad.set_keys_enabled(False)
        self._check.start(lambda: self.staff.check(self.door, code))
        self.retranslate()

    def _on_answer(self, result: object) -> None:
        # A CodeError (an unreadable code file) says how to recover; anything else raised
        # still ends the check, so the pad never stays on "Checking…".
        if isinstance(result, Exception):
            self._error, self._last = result, None
            self._refresh_lock()
            return
        if not isinstance(result, CodeCheck):
            return
        self._error = None
        self._last = result
        self._disk = result.storage_problem
        self._refresh_lock()
        self.checked.emit(result)
        if result.ok:
            self._last = None
            self.retranslate()
            self.accepted.emit(result.role)

    def join(self) -> None:
        """Wait for a check in progress (closing the window)."""
        self._check.join()

    def _back(self) -> None:
        self._digits = ""
        self.cancelled.emit()

    def _locked_seconds(self) -> float:
        try:
            return self.staff.locked_seconds(self.door)
        except CodeError as exc:
            self._error = exc
            return 0.0

    def _refresh_lock(self) -> None:
        locked = self._locked_seconds() > 0
        self.keypad.set_keys_enabled(not locked and not self.checking)
        if locked and not self._lock_timer.isActive():
            self._lock_timer.start()
        elif not locked:
            self._lock_timer.stop()
        self.retranslate()

    # --- text ---

    def message_text(self) -> str:
        """What the page says under the dots (and what is wrong with the disk, if anything)."""
        answer = self._answer_text()
        if self._disk is not None and not self.checking:
            return f"{answer}\n{code_error_words(self._disk)}"
        return answer

    def _answer_text(self) -> str:
        error = self._error
        if isinstance(error, CodeError):
            return code_error_words(error)
        if error is not None:
            return translate("StaffCodePad", "The code could not be checked. Try again; call a "
                                             "technician if it repeats.")
        if self.checking:
            return translate("StaffCodePad", "Checking…")
        locked = self._locked_seconds()
        if locked > 0:
            return locked_words(locked)
        last = self._last
        if last is not None and not last.ok:
            return wrong_code_words(last.failures_left)
        if self.door is Door.TECHNICIAN:
            return translate("StaffCodePad", "Type the technician PIN, then press ✓.")
        return translate("StaffCodePad",
                         "Type the barista code (or the technician PIN), then press ✓.")

    def retranslate(self) -> None:
        staff_door = self.door is Door.STAFF
        self.title.setText(translate("StaffCodePad", "Staff code") if staff_door
                           else translate("StaffCodePad", "Technician PIN"))
        self.dots.setText("●" * len(self._digits) if self._digits else "–")
        self.message.setText(self.message_text())
        self.demo_note.setVisible(self._demo_default)
        self.demo_note.setText(translate(
            "StaffCodePad", "Demo kiosk (simulated printer): the barista code is still the "
            "factory default, {code}.").format(code=DEFAULT_CODES[StaffRole.BARISTA]))
        # (Back, not "Back to the customer screen": the pad must fit an 800 px panel.)
        self.back_button.setText(translate("StaffCodePad", "Back") if staff_door
                                 else translate("StaffCodePad", "Back to orders"))
