"""The barista's daily "Check the printer": one button in the top bar, over the printer's
status, with one short line beside it.

It prints a small target on a test cup through the machine's calibration, photographs it and
says **Pass** or **Call the technician** with the reason, in words
(:meth:`CalibrationService.check_printer` decides). While it runs it shows what it is doing
and the printer counts as busy. When the machine has no calibration the line says so
plainly ("Not calibrated: …"); printing still works.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from kiosk.printing.calibration_service import CheckResult
from kiosk.printing.views import PrinterStatusView
from kiosk.ui.barista.calibration_views import touch_button
from kiosk.ui.barista.calibration_words import (
    barista_status_words,
    check_words,
    error_words,
    stage_words,
)
from kiosk.ui.calibration import QtCalibration
from kiosk.ui.i18n import Retranslatable

translate = QCoreApplication.translate
C = "BaristaCalibration"


class PrinterCheck(Retranslatable, QFrame):
    """See the module docstring. ``result`` is the last check's answer (None before one)."""

    def __init__(self, calibration: QtCalibration, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calibration = calibration
        self.result: CheckResult | None = None
        self.error: BaseException | None = None
        self.running = False
        self._stage = ""
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = touch_button()
        self.button.clicked.connect(self.start)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        calibration.step.connect(self._on_step)
        calibration.checkFinished.connect(self._on_finished)
        calibration.busyChanged.connect(lambda _busy: self.retranslate())
        calibration.profileChanged.connect(self.retranslate)
        calibration.printer.busyChanged.connect(lambda _busy: self.retranslate())
        calibration.printer.connectionChanged.connect(lambda _c: self.retranslate())
        calibration.printer.statusChanged.connect(self._on_status)
        self._serial: str | None = None
        self.retranslate()

    def _on_status(self, view: PrinterStatusView) -> None:
        # The words depend on which printer answers (its profile): re-read on a new one.
        serial = view.identity.serial if view.identity is not None else None
        if serial != self._serial:
            self._serial = serial
            self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The button wraps to two lines before the words beside it need a fourth.
        self.button.setMaximumWidth(max(180, self.width() // 3))

    def start(self) -> bool:
        """The barista put a test cup under the printer and pressed the button."""
        if not self.calibration.start_check():
            return False
        self.running, self.result, self.error, self._stage = True, None, None, ""
        self.retranslate()
        return True

    def _on_step(self, kind: str, stage: str) -> None:
        if self.running and kind == "check":
            self._stage = stage
            self.retranslate()

    def _on_finished(self, result: object) -> None:
        self.running = False
        if isinstance(result, CheckResult):
            self.result, self.error = result, None
        else:
            self.result = None
            self.error = result if isinstance(result, BaseException) else None
        self.retranslate()

    def words(self) -> str:
        """What the line says now."""
        if self.running:
            return stage_words("check", self._stage or "print")
        if self.result is not None:
            return check_words(self.result)
        if self.error is not None:
            return error_words(self.error)
        return barista_status_words(self.calibration.status()) or translate(
            "BaristaCalibration", "Once a day, on an empty test cup:")

    def retranslate(self) -> None:
        passed = self.result is not None and self.result.passed
        failed = (self.result is not None and not passed) or self.error is not None
        self.text.setObjectName("Connected" if passed else "NotConnected" if failed
                                else "StateText")
        self.text.style().unpolish(self.text)
        self.text.style().polish(self.text)
        self.text.setText(self.words())
        self.button.setText(translate("BaristaCalibration", "Check the printer"))
        printer = self.calibration.printer
        self.button.setEnabled(not self.running and printer.connected and not printer.busy)


__all__ = ["PrinterCheck"]
