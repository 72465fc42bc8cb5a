"""The technician's PIN pad: big digits, dots for what was typed, and plain answers.

Wrong PINs are counted by the PIN store (salted hash, lockout after repeated failures); the
page says how many tries are left, and while locked it says for how long and disables the
keys. The PIN itself never leaves this page (it is cleared after every try).

Checking a PIN is deliberately slow (scrypt, ~50-100 ms), so it runs in a short-lived thread
and the answer comes back as the ``checked`` signal: the GUI thread never waits on it. Every
outcome of that thread comes back, an unexpected error too, so the pad never sticks on
"Checking…"; when the disk refuses to save the count (full, read-only), the page says so
under the answer (the try still counts: the lockout holds in memory).
"""

from __future__ import annotations

import logging
import math
import threading

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.staff.pin import MAX_PIN_DIGITS, PinCheck, PinError, PinStore
from kiosk.ui.barista.keypad import PinKeypad, arrange_pin_page
from kiosk.ui.barista.store_words import pin_error_words
from kiosk.ui.i18n import Retranslatable

log = logging.getLogger(__name__)
translate = QCoreApplication.translate


class PinPage(Retranslatable, QWidget):
    """Emits ``accepted()`` on the right PIN, ``cancelled()`` on Back, and
    ``checked(PinCheck)`` after every try."""

    accepted = Signal()
    cancelled = Signal()
    checked = Signal(object)
    _answer = Signal(object)

    def __init__(self, pin_store: PinStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BaristaRoot")
        self._pins = pin_store
        self._digits = ""
        self._last: PinCheck | None = None
        self._error: PinError | Exception | None = None  # the PIN could not be checked
        self._disk: PinError | None = None  # checked and counted, but not saved
        self._checking: threading.Thread | None = None
        self._answer.connect(self._on_answer)
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
        self.keypad = PinKeypad()
        self.keypad.pressed.connect(self.press)
        self.keys = self.keypad.keys
        self.back_button = QPushButton()
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(self._back)
        arrange_pin_page(self, (self.title, self.dots, self.message), self.back_button,
                         self.keypad)
        # While locked, count the minutes down and re-enable the keys at the end.
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(1000)
        self._lock_timer.timeout.connect(self._refresh_lock)
        self.retranslate()

    # --- input ---

    def reset(self) -> None:
        """Clear what was typed and any message (called whenever the page is shown)."""
        self._digits = ""
        self._last = None
        self._error = None
        self._disk = None
        self._refresh_lock()

    def press(self, key: str) -> None:
        """A key of the pad: a digit, ⌫ (delete) or ✓ (try the PIN)."""
        if key == "⌫":
            self._digits = self._digits[:-1]
        elif key == "✓":
            self.submit()
            return
        elif key.isdigit() and len(self._digits) < MAX_PIN_DIGITS:
            self._digits += key
        self.retranslate()

    def enter(self, pin: str) -> None:
        """Type ``pin`` and press ✓ (a hardware keypad's and the tests' way in)."""
        self._digits = ""
        for d in pin:
            self.press(d)
        self.submit()

    @property
    def checking(self) -> bool:
        """True while a PIN is being checked."""
        return self._checking is not None and self._checking.is_alive()

    def submit(self) -> None:
        """Check the typed PIN in the background; ``checked`` (and maybe ``accepted``) follow."""
        if self.checking or not self._digits:
            return
        pin, self._digits = self._digits, ""
        self.keypad.set_keys_enabled(False)
        self._checking = threading.Thread(target=self._check, args=(pin,), name="pin-check",
                                          daemon=True)
        self._checking.start()
        self.retranslate()

    def _check(self, pin: str) -> None:
        try:
            result: PinCheck | Exception = self._pins.verify(pin)
        except PinError as exc:  # an unreadable PIN file: say so, and how to recover
            result = exc
        except Exception as exc:  # never leave the pad on "Checking…"
            log.exception("the PIN check failed")
            result = exc
        self._answer.emit(result)

    def _on_answer(self, result: object) -> None:
        self.join()
        if isinstance(result, Exception):
            self._error, self._last = result, None
            self._refresh_lock()
            return
        if not isinstance(result, PinCheck):
            return
        self._error = None
        self._last = result
        self._disk = result.storage_problem
        self._refresh_lock()
        self.checked.emit(result)
        if result.ok:
            self._last = None
            self.retranslate()
            self.accepted.emit()

    def join(self) -> None:
        """Wait for a PIN check in progress (closing the window)."""
        t = self._checking
        if t is not None and t is not threading.current_thread():
            t.join(timeout=5.0)
        self._checking = None

    def _back(self) -> None:
        self._digits = ""
        self.cancelled.emit()

    def _locked_seconds(self) -> float:
        try:
            return self._pins.locked_seconds()
        except PinError as exc:
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
            return f"{answer}\n{pin_error_words(self._disk)}"
        return answer

    def _answer_text(self) -> str:
        error = self._error
        if isinstance(error, PinError):
            return pin_error_words(error)
        if error is not None:
            return translate("BaristaPin",
                             "The PIN could not be checked. Try again; call a technician if "
                             "it repeats.")
        if self.checking:
            return translate("BaristaPin", "Checking…")
        locked = self._locked_seconds()
        if locked > 0:
            minutes = max(1, math.ceil(locked / 60))
            return translate(
                "BaristaPin",
                "Too many wrong PINs. The pad is locked; try again in {minutes} min.",
            ).format(minutes=minutes)
        last = self._last
        if last is not None and not last.ok:
            return translate(
                "BaristaPin", "That PIN is not right. {tries} tries left before a lockout."
            ).format(tries=last.failures_left)
        return translate("BaristaPin", "Type the technician PIN, then press ✓.")

    def retranslate(self) -> None:
        self.title.setText(translate("BaristaPin", "Technician PIN"))
        self.dots.setText("●" * len(self._digits) if self._digits else "–")
        self.message.setText(self.message_text())
        self.back_button.setText(translate("BaristaPin", "Back to orders"))
