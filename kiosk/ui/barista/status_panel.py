"""The printer in plain words: connected, stopped by a fault, or not connected; powder
levels; and the fault banner.

:class:`PrinterStatusPanel` sits at the top of the barista's screen; its status line is
green only while the printer is connected and nothing stops it: a jam (any fault that needs
hands) turns it red and names the fault. :class:`FaultBanner` appears above the queue only
while the printer has such a fault ("Cinnamon is empty: refill it, then press Continue")
and carries the Continue button that acknowledges it; on the built-in demo printer, whose
head nobody can open, also the button that does the hands' part first
(:mod:`kiosk.printing.sim_hands`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.printing.views import OFFLINE, FaultView, PowderLevelView, PrinterStatusView
from kiosk.ui.barista.words import fault_message, fault_title, powder_name
from kiosk.ui.i18n import Retranslatable

translate = QCoreApplication.translate

#: Smallest bar scale when the printer does not report a reservoir capacity (grams); above
#: it the bar scales to the most seen since start (a full reservoir after a refill).
DEFAULT_CAPACITY_G = 100.0
STACK_BELOW_PX = 1000  # the fault banner puts its buttons under its words below this width


class PowderBar(Retranslatable, QWidget):
    """One reservoir: its name, a bar and the grams left in words ("84 g", "Empty")."""

    def __init__(self, powder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.powder = powder
        self._level: PowderLevelView | None = None
        self._scale = DEFAULT_CAPACITY_G
        self.name = QLabel()
        self.name.setObjectName("StateText")
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)  # the grams are written beside it, in large type
        self.bar.setMinimumWidth(160)
        self.amount = QLabel()
        self.amount.setMinimumWidth(150)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.name)
        row.addWidget(self.bar, 1)
        row.addWidget(self.amount)
        self.retranslate()

    def set_level(self, level: PowderLevelView | None) -> None:
        """Show ``level`` (None: not known, e.g. printer not connected)."""
        self._level = level
        if level is None or level.grams is None:
            self.bar.setValue(0)
        else:
            self._scale = max(self._scale, level.grams)
            capacity = level.capacity_grams or self._scale
            self.bar.setValue(round(1000 * max(0.0, min(1.0, level.grams / capacity))))
        self.retranslate()

    def amount_text(self) -> str:
        """The words beside the bar."""
        level = self._level
        if level is None or level.grams is None:
            return translate("BaristaStatus", "unknown")
        grams = translate("BaristaStatus", "{grams} g").format(grams=f"{level.grams:.0f}")
        if level.empty:
            return translate("BaristaStatus", "Empty")
        if level.low:
            return translate("BaristaStatus", "{grams}, low").format(grams=grams)
        return grams

    def retranslate(self) -> None:
        self.name.setText(powder_name(self.powder))
        self.amount.setText(self.amount_text())
        # Both bars start at the same place: the name column fits the longer name.
        self.name.ensurePolished()
        metrics = self.name.fontMetrics()
        self.name.setMinimumWidth(
            12 + max(metrics.horizontalAdvance(powder_name(p)) for p in ("cocoa", "cinnamon")))


class PrinterStatusPanel(Retranslatable, QFrame):
    """Connected or not, what the printer is doing, and both powder levels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StatusPanel")
        self._view: PrinterStatusView = OFFLINE
        self._order_ticket: str | None = None
        self.connection = QLabel()
        self.connection.setWordWrap(True)
        self.activity = QLabel()
        self.activity.setWordWrap(True)
        self.bars = {p: PowderBar(p) for p in ("cocoa", "cinnamon")}
        left = QVBoxLayout()
        left.addWidget(self.connection)
        left.addWidget(self.activity)
        right = QVBoxLayout()
        for bar in self.bars.values():
            right.addWidget(bar)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 12, 16, 12)
        row.addLayout(left, 3)
        row.addLayout(right, 2)
        self.retranslate()

    @property
    def view(self) -> PrinterStatusView:
        """The status shown."""
        return self._view

    def set_status(self, view: PrinterStatusView, *, printing_ticket: str | None = None) -> None:
        """Show ``view``; ``printing_ticket`` names the order being printed, if any."""
        self._view = view
        self._order_ticket = printing_ticket
        levels = {lv.powder: lv for lv in view.powders}
        for powder, bar in self.bars.items():
            bar.set_level(levels.get(powder) if view.connected else None)
        self.retranslate()

    @property
    def healthy(self) -> bool:
        """Connected and nothing stops a print (the status line is green)."""
        return self._view.connected and not self._view.has_fault

    def connection_text(self) -> str:
        """"Printer connected", what stopped it, or why it is not connected, in words."""
        v = self._view
        if not v.connected:
            return translate(
                "BaristaStatus",
                "Printer not connected: check its power and cable. It reconnects by itself.",
            )
        if v.has_fault:
            return translate("BaristaStatus", "Printer stopped: {fault}").format(
                fault="; ".join(fault_title(f.code) for f in v.blocking_faults))
        return translate("BaristaStatus", "Printer connected")

    def activity_text(self) -> str:
        """What the printer is doing now."""
        v = self._view
        if not v.connected:
            return ""
        if self._order_ticket is not None:
            return translate("BaristaStatus", "Printing order {ticket}").format(
                ticket=self._order_ticket)
        if v.has_fault:
            return translate("BaristaStatus", "Needs your attention (see the yellow box)")
        if v.cup_missing:
            return translate("BaristaStatus", "Ready: place a cup under the printer")
        if v.state in ("printing", "busy"):
            return translate("BaristaStatus", "Printing")
        return translate("BaristaStatus", "Ready to print")

    def retranslate(self) -> None:
        # Green only when all is well: a stopped printer is as red as a missing one.
        self.connection.setObjectName("Connected" if self.healthy else "NotConnected")
        self.connection.setText(self.connection_text())
        # The object name drives the colour; re-polish so the style sheet sees the change.
        self.connection.style().unpolish(self.connection)
        self.connection.style().polish(self.connection)
        self.activity.setText(self.activity_text())


class FaultBanner(Retranslatable, QFrame):
    """A yellow box with what went wrong, how to fix it, and Continue (clears the fault)."""

    continueClicked = Signal()  # noqa: N815 (Qt naming)
    fixClicked = Signal()  # noqa: N815 (the demo printer: fix by "hand", then Continue)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FaultBanner")
        self._faults: tuple[FaultView, ...] = ()
        self._fixable: tuple[str, ...] = ()
        self._still_there = False  # set when Continue did not clear the fault
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.continue_button = QPushButton()
        self.continue_button.setObjectName("Primary")
        self.continue_button.clicked.connect(self._on_continue)
        self.fix_button = QPushButton()  # only on the demo printer
        self.fix_button.clicked.connect(self.fixClicked)
        self.fix_button.setVisible(False)
        for b in (self.continue_button, self.fix_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._buttons = QWidget()
        buttons = QHBoxLayout(self._buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(24)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.fix_button)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(20, 12, 20, 12)
        self._grid.setSpacing(12)
        self._stacked: bool | None = None
        self._arrange(stacked=False)
        self.setVisible(False)
        self.retranslate()

    def _arrange(self, *, stacked: bool) -> None:
        # The words beside the buttons on a wide screen; above them on a narrow one (or
        # with two buttons), so the box stays short enough for an 800x480 panel.
        if stacked == self._stacked:
            return
        self._stacked = stacked
        self._grid.removeWidget(self.message)
        self._grid.removeWidget(self._buttons)
        self._grid.addWidget(self.message, 0, 0)
        self._grid.addWidget(self._buttons, 1 if stacked else 0, 0 if stacked else 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(stacked=self.fix_button.isVisibleTo(self) or self.width() < STACK_BELOW_PX)

    def set_status(self, view: PrinterStatusView, fixable: tuple[str, ...] = ()) -> None:
        """Show the banner while ``view`` has a fault that needs hands; hide it otherwise.
        ``fixable``: those faults the kiosk can fix itself (the demo printer's; see
        :meth:`kiosk.ui.print_adapter.QtPrintService.fixable_by_hand`)."""
        faults = view.blocking_faults
        if not view.connected:
            faults = ()
        if faults != self._faults:
            self._still_there = False
        self._faults = faults
        self._fixable = fixable if faults else ()
        self.setVisible(bool(faults))
        self.fix_button.setVisible(bool(self._fixable))
        self._arrange(stacked=bool(self._fixable) or self.width() < STACK_BELOW_PX)
        self.retranslate()

    def fault_remains(self, why: object = None) -> None:
        """Continue was pressed but the printer still has the fault (``why``: the service's
        answer, a ``ClearOutcome`` or ``PrintFailure``): say so, plainly."""
        self._still_there = True
        self.retranslate()

    def _on_continue(self) -> None:
        # Harmless to press twice: clearing a cleared fault does nothing, and a fault that
        # is still there (not refilled yet) simply comes back with the next status.
        self.continueClicked.emit()

    def text(self) -> str:
        """Every fault's sentence, one per line."""
        return "\n".join(fault_message(f.code) for f in self._faults)

    def retranslate(self) -> None:
        if self._faults:
            text = self.text()
            if self._still_there:
                text += "\n" + translate(
                    "BaristaStatus", "Not fixed yet: the printer still reports this problem.")
            if self._fixable:
                text += "\n" + translate(
                    "BaristaStatus",
                    "Demo printer: there is no machine to open, the button below does it.")
            self.message.setText(text)
        self.continue_button.setText(translate("BaristaStatus", "Continue"))
        self.fix_button.setText(
            translate("BaristaStatus", "Clear the jam and continue") if "jam" in self._fixable
            else translate("BaristaStatus", "Fix it and continue"))
