"""Changing the technician PIN: the new PIN typed twice on a big keypad, saved (salted
and hashed) by :class:`kiosk.staff.pin.PinStore` in a short-lived thread (scrypt is slow on
purpose, the GUI thread must not wait for it).
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.staff.pin import DEFAULT_PIN, MAX_PIN_DIGITS, MIN_PIN_DIGITS, PinError
from kiosk.ui.barista.keypad import PinKeypad, arrange_pin_page
from kiosk.ui.barista.store_words import pin_error_words
from kiosk.ui.i18n import Retranslatable

translate = QCoreApplication.translate


class ChangePinPage(Retranslatable, QWidget):
    """New PIN, typed twice on a big keypad; saved (hashed) by the PIN store."""

    done = Signal(bool)  # True when a new PIN was saved
    _saved = Signal(object)  # None or the error, from the saving thread

    def __init__(self, pin_store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TechnicianRoot")
        self._pins = pin_store
        self._first: str | None = None
        self._digits = ""
        self._message = ""
        self._saving: threading.Thread | None = None
        self._saved.connect(self._on_saved)
        self.title = QLabel()
        self.title.setObjectName("Title")
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

    def reset(self) -> None:
        """Start again from the first entry."""
        self._first, self._digits, self._message = None, "", ""
        self.retranslate()

    def press(self, key: str) -> None:
        """A key: digit, ⌫ or ✓."""
        if self._saving is not None:
            return
        if key == "⌫":
            self._digits = self._digits[:-1]
        elif key == "✓":
            self._submit()
        elif key.isdigit() and len(self._digits) < MAX_PIN_DIGITS:
            self._digits += key
        self.retranslate()

    def enter(self, pin: str) -> None:
        """Type ``pin`` and press ✓."""
        for d in pin:
            self.press(d)
        self.press("✓")

    def _submit(self) -> None:
        pin, self._digits = self._digits, ""
        if self._first is None:
            if not MIN_PIN_DIGITS <= len(pin) <= MAX_PIN_DIGITS:
                self._message = translate(
                    "BaristaTechnician", "A PIN has {low} to {high} digits. Please type it again."
                ).format(low=MIN_PIN_DIGITS, high=MAX_PIN_DIGITS)
                return
            if pin == DEFAULT_PIN:
                self._message = translate(
                    "BaristaTechnician", "Choose a PIN other than the factory default.")
                return
            self._first, self._message = pin, ""
            return
        if pin != self._first:
            self._first = None
            self._message = translate(
                "BaristaTechnician", "The two PINs were different. Start again.")
            return
        self._message = translate("BaristaTechnician", "Saving…")
        self._saving = threading.Thread(target=self._save, args=(pin,), name="pin-save",
                                        daemon=True)
        self._saving.start()

    def _save(self, pin: str) -> None:
        try:
            self._pins.set_pin(pin)
        except (PinError, OSError) as exc:
            self._saved.emit(exc)
            return
        self._saved.emit(None)

    def _on_saved(self, error: object) -> None:
        self.join()
        self._first = None
        if error is not None:
            why = pin_error_words(error) if isinstance(error, PinError) else str(error)
            self._message = translate(
                "BaristaTechnician", "The PIN could not be saved: {error}").format(error=why)
            self.retranslate()
            return
        self._message = ""
        self.retranslate()
        self.done.emit(True)

    def join(self) -> None:
        """Wait for a save in progress (closing the window)."""
        t, self._saving = self._saving, None
        if t is not None and t is not threading.current_thread():
            t.join(timeout=5.0)

    def retranslate(self) -> None:
        self.title.setText(translate("BaristaTechnician", "Change the technician PIN"))
        self.dots.setText("●" * len(self._digits) if self._digits else "–")
        step = (translate("BaristaTechnician", "Type the new PIN ({low} to {high} digits), "
                          "then press ✓.").format(low=MIN_PIN_DIGITS, high=MAX_PIN_DIGITS)
                if self._first is None
                else translate("BaristaTechnician", "Type the new PIN again, then press ✓."))
        self.prompt.setText(f"{self._message}\n{step}" if self._message else step)
        self.back_button.setText(translate("BaristaTechnician", "Back"))
