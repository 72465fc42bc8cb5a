"""The technician's screen, behind the PIN: the staff codes (and changing them), printer
identity, link counters, powder levels, a test print, and calibration: the machine's state in
words, the wizard (:mod:`kiosk.ui.barista.calibration_wizard`) and the history with restore
and export (:mod:`kiosk.ui.barista.calibration_history`).

Everything here reads the :class:`kiosk.ui.print_adapter.QtPrintService` (status about once
a second) and writes nothing but the staff codes and a test print. The test pattern is drawn
for the connected printer's own geometry (its pitch and print circle from the handshake).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.printing.outcome import PrintFailure
from kiosk.printing.views import OFFLINE, PrinterStatusView
from kiosk.staff.access import StaffAccess
from kiosk.staff.rules import StaffRole
from kiosk.ui.barista.calibration_history import CalibrationHistory
from kiosk.ui.barista.calibration_views import touch_button
from kiosk.ui.barista.calibration_wizard import CalibrationWizard
from kiosk.ui.barista.calibration_words import status_words
from kiosk.ui.barista.change_pin import ChangeCodePage
from kiosk.ui.barista.staff_codes_panel import StaffCodesPanel
from kiosk.ui.barista.status_panel import PowderBar
from kiosk.ui.barista.testpattern import make_test_pattern
from kiosk.ui.barista.words import failure_words, time_left_words
from kiosk.ui.i18n import QT_TRANSLATE_NOOP, Retranslatable
from kiosk.ui.widgets import TouchScrollArea

if TYPE_CHECKING:
    from kiosk.ui.calibration import QtCalibration
    from kiosk.ui.print_adapter import QtPrintService

translate = QCoreApplication.translate

FACTS_SIDE_BY_SIDE_PX = 1200  # narrower: the printer's facts above its link counters


def _section(title: QLabel) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("Section")
    col = QVBoxLayout(frame)
    col.setContentsMargins(16, 12, 16, 12)
    title.setObjectName("Title")
    col.addWidget(title)
    return frame, col


def _fmt_bytes(n: int) -> str:
    if n < 10_000:
        return f"{n} B"
    if n < 10_000_000:
        return f"{n / 1024:.1f} KiB"
    return f"{n / 1048576:.1f} MiB"


class FactsGrid(QWidget):
    """Two columns of "name: value" rows; names are translated, values are data."""

    def __init__(self, names: tuple[tuple[str, str], ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names = names  # (key, English label) in the "BaristaTechnician" context
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        for r, (key, _text) in enumerate(names):
            name, value = QLabel(), QLabel("–")
            value.setObjectName("StateText")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            # A long value (a port URL) wraps instead of widening the whole screen.
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            grid.addWidget(name, r, 0)
            grid.addWidget(value, r, 1)
            self.labels[key], self.values[key] = name, value
        grid.setColumnStretch(1, 1)

    def set_value(self, key: str, text: str) -> None:
        """Show ``text`` as the value of row ``key`` (wrappable after ``/ ? &``)."""
        for mark in "/?&":
            text = text.replace(mark, mark + "\u200b")
        # Very long unbroken runs (a device name) get a break chance every 12 characters.
        text = re.sub(r"([^\s\u200b]{12})(?=[^\s\u200b])", "\\1\u200b", text)
        self.values[key].setText(text or "–")

    def value(self, key: str) -> str:
        """The text shown for row ``key`` (without the wrap hints)."""
        return self.values[key].text().replace("\u200b", "")

    def retranslate(self) -> None:
        for key, text in self._names:
            self.labels[key].setText(translate("BaristaTechnician", text))


class TechnicianView(Retranslatable, QWidget):
    """The diagnostics page. ``closed()`` when the technician goes back to the orders."""

    closed = Signal()
    exitRequested = Signal()  # noqa: N815 (Qt naming); the window asks before leaving
    codes_changed = Signal()  # a staff code was changed here (the orders gate may open)

    _IDENTITY: ClassVar = (
        ("connection", QT_TRANSLATE_NOOP("BaristaTechnician", "Connection")),
        ("url", QT_TRANSLATE_NOOP("BaristaTechnician", "Port")),
        ("serial", QT_TRANSLATE_NOOP("BaristaTechnician", "Serial number")),
        ("firmware", QT_TRANSLATE_NOOP("BaristaTechnician", "Firmware")),
        ("protocol", QT_TRANSLATE_NOOP("BaristaTechnician", "Protocol version")),
        ("boot_id", QT_TRANSLATE_NOOP("BaristaTechnician", "Boot id")),
        ("state", QT_TRANSLATE_NOOP("BaristaTechnician", "Printer state")),
        ("faults", QT_TRANSLATE_NOOP("BaristaTechnician", "Faults")),
    )
    _LINK: ClassVar = (
        ("bytes_sent", QT_TRANSLATE_NOOP("BaristaTechnician", "Bytes sent")),
        ("bytes_received", QT_TRANSLATE_NOOP("BaristaTechnician", "Bytes received")),
        ("bytes_retransmitted", QT_TRANSLATE_NOOP("BaristaTechnician", "Bytes sent again")),
        ("retry_ratio", QT_TRANSLATE_NOOP("BaristaTechnician", "Share sent again")),
        ("invalid_frames", QT_TRANSLATE_NOOP("BaristaTechnician", "Invalid frames received")),
        ("timeouts", QT_TRANSLATE_NOOP("BaristaTechnician", "Timeouts")),
        ("reconnects", QT_TRANSLATE_NOOP("BaristaTechnician", "Reconnects")),
        ("rtt", QT_TRANSLATE_NOOP("BaristaTechnician", "Round trip (RTT)")),
    )

    def __init__(self, printer: QtPrintService, staff: StaffAccess,
                 parent: QWidget | None = None, *,
                 calibration: QtCalibration | None = None) -> None:
        super().__init__(parent)
        self.calibration = calibration
        self.setObjectName("TechnicianRoot")
        self._printer = printer
        self.staff = staff
        self._view: PrinterStatusView = OFFLINE
        self._test_state = ""  # "", "running", "done", "failed"
        self._test_failure: PrintFailure | None = None
        self._test_progress: tuple[int, int, float] | None = None

        self.title = QLabel()
        self.title.setObjectName("Title")
        self.back_button = QPushButton()
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(self.closed.emit)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.back_button)

        # The staff codes first: yellow while a factory default remains.
        self.codes = StaffCodesPanel(staff)
        self.codes.change_requested.connect(self.open_change_code)

        # Printer identity.
        self.identity_title = QLabel()
        identity, icol = _section(self.identity_title)
        self.identity = FactsGrid(self._IDENTITY)
        icol.addWidget(self.identity)

        # Link counters.
        self.link_title = QLabel()
        link, lcol = _section(self.link_title)
        self.link = FactsGrid(self._LINK)
        lcol.addWidget(self.link)

        # Powder.
        self.powder_title = QLabel()
        powder, pcol = _section(self.powder_title)
        self.bars = {p: PowderBar(p) for p in ("cocoa", "cinnamon")}
        for bar in self.bars.values():
            pcol.addWidget(bar)

        # Test print.
        self.test_title = QLabel()
        test, tcol = _section(self.test_title)
        self.test_hint = QLabel()
        self.test_hint.setWordWrap(True)
        self.test_button = QPushButton()
        self.test_button.setObjectName("Primary")
        self.test_button.clicked.connect(self.start_test_print)
        self.test_stop = QPushButton()
        self.test_stop.setObjectName("Danger")
        self.test_stop.clicked.connect(self._printer.abort)
        self.test_bar = QProgressBar()
        self.test_bar.setTextVisible(False)
        self.test_text = QLabel()
        self.test_text.setWordWrap(True)
        tb = QHBoxLayout()
        tb.addWidget(self.test_button)
        tb.addWidget(self.test_stop)
        tb.addStretch(1)
        tcol.addWidget(self.test_hint)
        tcol.addLayout(tb)
        tcol.addWidget(self.test_bar)
        tcol.addWidget(self.test_text)

        # Calibration: the machine's state in words, the wizard, the history.
        self.calibration_title = QLabel()
        calibration_box, ccol = _section(self.calibration_title)
        self.calibration_text = QLabel()
        self.calibration_text.setWordWrap(True)
        ccol.addWidget(self.calibration_text)
        self.calibrate_button = touch_button("Primary")
        self.calibrate_button.clicked.connect(self.open_wizard)
        self.history_button = touch_button()
        self.history_button.clicked.connect(self.open_history)
        crow = QHBoxLayout()
        crow.setSpacing(16)
        crow.addWidget(self.calibrate_button, 1)
        crow.addWidget(self.history_button, 1)
        ccol.addLayout(crow)
        calibration_box.setVisible(calibration is not None)

        # Leaving the kiosk (to the desktop): only from here, behind the PIN.
        self.exit_title = QLabel()
        leave, xcol = _section(self.exit_title)
        self.exit_text = QLabel()
        self.exit_text.setWordWrap(True)
        self.exit_button = QPushButton()
        self.exit_button.setObjectName("Danger")
        self.exit_button.clicked.connect(self.exitRequested.emit)
        xcol.addWidget(self.exit_text)
        xcol.addWidget(self.exit_button, 0, Qt.AlignmentFlag.AlignLeft)

        # Printer facts and link counters side by side (both short tables), the rest below
        # at full width so no sentence or button is ever squeezed.
        facts = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        facts.setSpacing(16)
        self._facts = facts
        facts.addWidget(identity, 1)
        facts.addWidget(link, 1)
        grid = QVBoxLayout()
        grid.setSpacing(16)
        grid.addLayout(facts)
        for section in (test, powder, calibration_box, leave):
            grid.addWidget(section)
        content = QWidget()
        content.setObjectName("TechnicianRoot")
        ccol2 = QVBoxLayout(content)
        ccol2.addWidget(self.codes)
        ccol2.addLayout(grid)
        ccol2.addStretch(1)
        scroll = TouchScrollArea(content)  # a finger drags the page
        self.page_scroll = scroll
        main = QWidget()
        mcol = QVBoxLayout(main)
        mcol.setContentsMargins(24, 16, 24, 16)
        mcol.addLayout(top)
        mcol.addWidget(scroll, 1)

        self.change_code = ChangeCodePage(staff)
        self.change_code.done.connect(self._change_done)
        self.pages = QStackedWidget()
        self.pages.addWidget(main)
        self.pages.addWidget(self.change_code)
        self.wizard: CalibrationWizard | None = None
        self.history: CalibrationHistory | None = None
        if calibration is not None:
            self.wizard = CalibrationWizard(calibration)
            self.history = CalibrationHistory(calibration)
            for page in (self.wizard, self.history):
                page.closed.connect(self._back_from_calibration)
                self.pages.addWidget(page)
            calibration.profileChanged.connect(self.retranslate)
            calibration.busyChanged.connect(lambda _b: self.retranslate())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

        printer.statusChanged.connect(self.set_status)
        printer.testProgress.connect(self._on_test_progress)
        printer.testFinished.connect(self._on_test_finished)
        printer.testFailed.connect(self._on_test_failed)
        printer.busyChanged.connect(lambda _b: self.retranslate())
        self.refresh_code_state()
        self.set_status(printer.status)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The two tables side by side on a wide screen, one above the other on a narrow
        # one (a portrait kiosk, a 1024 px panel): a port name or serial is never cut.
        self._facts.setDirection(QBoxLayout.Direction.LeftToRight
                                 if self.width() >= FACTS_SIDE_BY_SIDE_PX
                                 else QBoxLayout.Direction.TopToBottom)

    # --- actions ---

    def refresh_code_state(self) -> None:
        """Re-read which staff codes are still the factory defaults (and forget an old
        "changed" note: it was for the last visit), and the machine's calibration."""
        self.codes.show_changed(None)
        if self.calibration is not None:
            self.calibration.status(fresh=True)
            self.retranslate()

    def open_change_code(self, role: StaffRole) -> None:
        """Show the change-code keypad for ``role``'s code."""
        self.change_code.start(role)
        self.pages.setCurrentWidget(self.change_code)

    def _change_done(self, changed: bool) -> None:
        self.pages.setCurrentIndex(0)
        if changed:
            self.codes.show_changed(self.change_code.role)  # "Barista code changed."
            self.page_scroll.verticalScrollBar().setValue(0)
            self.codes_changed.emit()
        else:
            self.codes.refresh()

    def leave(self) -> None:
        """The staff session ended: back to the main page, nothing half-typed kept (a
        calibration in progress is stopped, nothing of it saved)."""
        self.change_code.reset()
        if self.wizard is not None:
            self.wizard.leave()
        self.pages.setCurrentIndex(0)

    def open_wizard(self) -> None:
        """The calibration wizard, at its first step."""
        if self.calibration is not None:
            self.calibration.status(fresh=True)
        if self.wizard is not None:
            self.wizard.start()
            self.pages.setCurrentWidget(self.wizard)

    def open_history(self) -> None:
        """The calibration history (restore, export)."""
        if self.calibration is not None:
            self.calibration.status(fresh=True)
        if self.history is not None:
            self.history.open()
            self.pages.setCurrentWidget(self.history)

    def _back_from_calibration(self) -> None:
        self.pages.setCurrentIndex(0)
        self.retranslate()

    def start_test_print(self) -> bool:
        """Print the built-in test pattern (the technician has put a cup under the head),
        drawn for the connected printer's pitch and print circle."""
        ident = self._view.identity
        if ident is None or not self._printer.test_print(
                make_test_pattern(ident.diameter_mm, ident.pitch_mm)):
            return False
        self._test_state, self._test_failure, self._test_progress = "running", None, None
        self.retranslate()
        return True

    # --- printer reports ---

    def set_status(self, view: PrinterStatusView) -> None:
        """Show a status report."""
        self._view = view
        levels = {lv.powder: lv for lv in view.powders}
        for powder, bar in self.bars.items():
            bar.set_level(levels.get(powder) if view.connected else None)
        ident = view.identity
        self.identity.set_value("url", self._printer.url)
        self.identity.set_value("serial", ident.serial if ident else "")
        self.identity.set_value("firmware", ident.firmware if ident else "")
        self.identity.set_value("protocol", ident.protocol if ident else "")
        self.identity.set_value("boot_id", ident.boot_id if ident else "")
        self.identity.set_value("state", view.state if view.connected else "")
        self.identity.set_value("faults", ", ".join(f.code for f in view.faults))
        c = view.counters
        if c is not None:
            self.link.set_value("bytes_sent", _fmt_bytes(c.bytes_sent))
            self.link.set_value("bytes_received", _fmt_bytes(c.bytes_received))
            self.link.set_value("bytes_retransmitted", _fmt_bytes(c.bytes_retransmitted))
            self.link.set_value("retry_ratio", f"{100 * c.retry_ratio:.2f} %")
            self.link.set_value("invalid_frames", str(c.invalid_frames))
            self.link.set_value("timeouts", str(c.timeouts))
            self.link.set_value("reconnects", str(c.reconnects))
            rtt = "" if c.rtt_ms is None else f"{c.rtt_ms:.1f} ms"
            if rtt and c.rtt_var_ms is not None:
                rtt += f" ± {c.rtt_var_ms:.1f}"
            self.link.set_value("rtt", rtt)
        self.retranslate()

    def _on_test_progress(self, done: int, total: int, left: float) -> None:
        self._test_progress = (done, total, left)
        self.retranslate()

    def _on_test_finished(self) -> None:
        self._test_state, self._test_progress = "done", None
        self.retranslate()

    def _on_test_failed(self, failure: PrintFailure) -> None:
        self._test_state, self._test_failure, self._test_progress = "failed", failure, None
        self.retranslate()

    # --- text ---

    def test_words(self) -> str:
        """The test print's state in words."""
        if self._test_state == "running":
            if self._test_progress and self._test_progress[0] > 0:
                done, total, left = self._test_progress
                text = translate("BaristaTechnician", "Printing the test pattern: row {done} "
                                 "of {total}").format(done=done, total=total)
                left_text = time_left_words(left if left >= 0 else None)
                return f"{text} · {left_text}" if left_text else text
            return translate("BaristaTechnician", "Sending the test pattern…")
        if self._test_state == "done":
            return translate("BaristaTechnician", "Test pattern printed. Check: the ring is "
                             "round and centred, the cross is straight, both halves of the "
                             "inner ring are even.")
        if self._test_state == "failed" and self._test_failure is not None:
            return translate("BaristaTechnician", "The test print did not finish: {why}").format(
                why=failure_words(self._test_failure))
        return ""

    def retranslate(self) -> None:
        self.title.setText(translate("BaristaTechnician", "Technician"))
        self.back_button.setText(translate("BaristaTechnician", "Back to orders"))
        self.identity_title.setText(translate("BaristaTechnician", "Printer"))
        self.link_title.setText(translate("BaristaTechnician", "Connection to the printer"))
        self.powder_title.setText(translate("BaristaTechnician", "Powder"))
        self.test_title.setText(translate("BaristaTechnician", "Test print"))
        self.calibration_title.setText(translate("BaristaTechnician", "Calibration"))
        self.identity.retranslate()
        self.link.retranslate()
        connected = (translate("BaristaTechnician", "Connected") if self._view.connected
                     else translate("BaristaTechnician", "Not connected"))
        if not self._view.connected and self._view.detail:
            connected = f"{connected}: {self._view.detail}"  # the driver's reason, as is
        self.identity.set_value("connection", connected)
        self.test_hint.setText(translate(
            "BaristaTechnician",
            "Put an empty cup with foam under the printer, then press the button. The "
            "pattern uses both powders."))
        self.test_button.setText(
            translate("BaristaTechnician", "Cup is in place — Print test pattern"))
        running = self._test_state == "running" and self._printer.busy
        self.test_button.setEnabled(self._view.connected and not self._printer.busy)
        self.test_stop.setText(translate("BaristaTechnician", "Stop"))
        self.test_stop.setVisible(running)
        self.test_bar.setVisible(running)
        if self._test_progress:
            done, total, _left = self._test_progress
            self.test_bar.setRange(0, max(1, total))
            self.test_bar.setValue(done)
        else:
            self.test_bar.setRange(0, 1)
            self.test_bar.setValue(0)
        self.test_text.setText(self.test_words())
        if self.calibration is not None:
            self.calibration_text.setText(status_words(self.calibration.status()))
            self.calibrate_button.setText(translate("BaristaTechnician",
                                                    "Calibrate the printer"))
            self.history_button.setText(translate("BaristaTechnician", "History and export"))
            self.calibrate_button.setEnabled(self._view.connected and not self._printer.busy)
        for bar in self.bars.values():
            bar.retranslate()

        self.exit_title.setText(translate("BaristaTechnician", "Leave the kiosk"))
        self.exit_text.setText(translate(
            "BaristaTechnician",
            "Closes both kiosk windows (for service or a software update). Customers cannot "
            "order until the kiosk is started again."))
        self.exit_button.setText(translate("BaristaTechnician", "Close the kiosk"))

    def join(self) -> None:
        """Wait for a code save in progress (the window is closing)."""
        self.change_code.join()
