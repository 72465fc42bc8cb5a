"""The print service as the kiosk's windows see it: :class:`QtPrintService`.

A thin Qt adapter over the headless :class:`kiosk.printing.service.PrintService`, which owns
every print rule (queue to printer, outcomes, reconnecting, the bounded abort, what the
store records) and its one worker thread. The service's typed events arrive here through
one :class:`~kiosk.ui.workers.EventRelay` (a queued Qt signal) on the GUI thread, where they
become the signals the windows connect to. No rule and no words live here: the barista's
words are in :mod:`kiosk.ui.barista.words`, keyed by code.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk.printing import events as ev
from kiosk.printing import sim_hands
from kiosk.printing.outcome import PrintOutcome
from kiosk.printing.profiles import not_calibrated
from kiosk.printing.service import PrintService
from kiosk.printing.views import OFFLINE, PrinterStatusView
from kiosk.ui.workers import EventRelay

if TYPE_CHECKING:
    from kiosk.orders.store import OrderStore
    from kiosk.printing.connection import DriverOpener
    from kiosk.printing.profiles import PrintSettings, ProfileLookup
    from printer_driver.mask import Mask
    from printer_driver.values import Timeouts

log = logging.getLogger(__name__)


class QtPrintService(QObject):
    """The kiosk's printer: requests go to the service, its events come back as signals.

    Args:
        store: the order store (orders move PRINTING -> PRINTED / INTERRUPTED / FAILED).
        printer_url: where the printer is (``config.printer_url``).
        open_driver, driver_timeouts, profiles: passed to :class:`PrintService`.

    Signals (all on the GUI thread):
        statusChanged(PrinterStatusView): about once a second, and after every change.
        connectionChanged(bool): the link came up or went down.
        busyChanged(bool): a print (an order's or a test) started or ended.
        progress(order_id, rows_done, rows_total, seconds_left): an order's print;
            ``seconds_left`` is -1 while unknown.
        printFinished(order_id): the order is PRINTED.
        printFailed(order_id, PrintFailure): the order is INTERRUPTED or FAILED.
        testProgress(rows_done, rows_total, seconds_left), testFinished(),
        testFailed(PrintFailure): the technician's test print.
        calibrationProgress(rows_done, rows_total, seconds_left): a calibration chart or
            the barista's check target printing (between :meth:`set_calibrating` on and
            off, prints without an order report here, not as a test print).
        faultRemains(ClearOutcome | PrintFailure): Continue was pressed but a fault still
            needs fixing (or the acknowledgement could not be sent).
        storeProblem(StoreError): the store refused to record a print (kept, retried).
    """

    statusChanged = Signal(object)  # noqa: N815 (Qt naming)
    connectionChanged = Signal(bool)  # noqa: N815
    busyChanged = Signal(bool)  # noqa: N815
    progress = Signal(int, int, int, float)
    printFinished = Signal(int)  # noqa: N815
    printFailed = Signal(int, object)  # noqa: N815
    testProgress = Signal(int, int, float)  # noqa: N815
    testFinished = Signal()  # noqa: N815
    testFailed = Signal(object)  # noqa: N815
    calibrationProgress = Signal(int, int, float)  # noqa: N815
    faultRemains = Signal(object)  # noqa: N815
    storeProblem = Signal(object)  # noqa: N815

    def __init__(self, store: OrderStore, printer_url: str, *,
                 open_driver: DriverOpener | None = None,
                 driver_timeouts: Timeouts | None = None,
                 profiles: ProfileLookup | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = EventRelay(self._on_event, self)
        self.service = PrintService(printer_url, on_event=self._relay.send, store=store,
                                    open_driver=open_driver, timeouts=driver_timeouts,
                                    profiles=profiles or not_calibrated)
        self._status: PrinterStatusView = OFFLINE
        self._connected = False
        self._busy_order: int | None = None
        self._busy_test = False
        self._calibrating = False
        self._progress: tuple[int, int, float] | None = None
        self._stopped = False

    # --- what the windows read -----------------------------------------------------------

    @property
    def url(self) -> str:
        """The printer URL the service connects to."""
        return self.service.url

    @property
    def busy(self) -> bool:
        """True while a print (an order's or a test) or a calibration runs: no idle reset,
        no second print."""
        return self._busy_order is not None or self._busy_test or self._calibrating

    @property
    def printing_order(self) -> int | None:
        """The order being printed now, or None."""
        return self._busy_order

    @property
    def connected(self) -> bool:
        """True while the printer answers."""
        return self._connected

    @property
    def status(self) -> PrinterStatusView:
        """The last status reported (OFFLINE before the first)."""
        return self._status

    @property
    def last_progress(self) -> tuple[int, int, float] | None:
        """(rows done, rows total, seconds left or -1) of the running print, or None."""
        return self._progress

    @property
    def print_settings(self) -> PrintSettings | None:
        """The connected printer's calibration; None: not calibrated."""
        return self.service.print_settings

    def shortfall(self, order_id: int) -> dict[str, tuple[float, float]]:
        """``{powder: (grams needed, grams left)}`` for each powder order ``order_id`` needs
        more of than the printer holds (:meth:`PrintService.shortfall`)."""
        return self.service.shortfall(order_id)

    # --- life cycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Start the service's worker (it connects in the background)."""
        self.service.start()

    def stop(self) -> None:
        """Stop the service: an order being printed is left INTERRUPTED (``kiosk_stopped``),
        the printer is asked to stop, the worker is joined."""
        if self._stopped:
            return
        self._stopped = True
        self.service.stop()
        self._set_busy(None, test=False)

    # --- what the windows ask --------------------------------------------------------------

    def print_order(self, order_id: int) -> bool:
        """The barista tapped Print (or Reprint); False if refused (see
        :meth:`PrintService.print_order`). Raises the store's errors."""
        if self._stopped or self.busy:
            return False
        if not self.service.print_order(order_id):
            return False
        self._progress = (0, 0, -1.0)
        self._set_busy(order_id, test=False)
        return True

    def test_print(self, mask: Mask) -> bool:
        """Print ``mask`` without an order (the technician's test pattern)."""
        if self._stopped or self.busy or self.service.print_mask(mask) is None:
            return False
        self._progress = (0, int(mask.dots.shape[0]), -1.0)
        self._set_busy(None, test=True)
        return True

    def set_calibrating(self, active: bool) -> None:
        """A calibration run or the barista's check holds the printer (it prints through
        the service itself, several prints in a row): the window counts it as busy, and
        its prints report as ``calibrationProgress``, not as the technician's test."""
        if self._stopped or active == self._calibrating:
            return
        was = self.busy
        self._calibrating = active
        if not active and self._busy_order is None and not self._busy_test:
            self._progress = None
        if was != self.busy:
            self.busyChanged.emit(self.busy)

    def abort(self) -> None:
        """Stop the running print now (out of band, never blocks the GUI)."""
        self.service.abort()

    def clear_fault(self) -> None:
        """The barista pressed Continue after fixing a fault (refill, cup, jam)."""
        self.service.clear_faults()

    def fixable_by_hand(self) -> tuple[str, ...]:
        """The faults needing hands now that the kiosk can fix itself: on the built-in
        simulated printer only (see :mod:`kiosk.printing.sim_hands`); () on a real one."""
        return sim_hands.fixable(self.url, (f.code for f in self._status.blocking_faults))

    def fix_by_hand(self) -> None:
        """The demo printer's banner action: do the hands' part (free the head, place the
        cup, refill), then acknowledge as Continue does; a real printer: Continue only."""
        sim_hands.fix(self.url, self.fixable_by_hand())
        self.clear_fault()

    def refresh(self) -> None:
        """Ask for a fresh status now (ignored during a print)."""
        self.service.refresh()

    # --- the service's events, on the GUI thread -------------------------------------------

    def _on_event(self, event: object) -> None:
        if self._stopped:
            return
        if isinstance(event, ev.StatusChanged):
            self._status = event.status
            self.statusChanged.emit(event.status)
        elif isinstance(event, ev.ConnectionChanged):
            if event.connected != self._connected:
                self._connected = event.connected
                self.connectionChanged.emit(event.connected)
        elif isinstance(event, ev.PrintProgress):
            self._on_progress(event)
        elif isinstance(event, ev.PrintEnded):
            self._on_ended(event)
        elif isinstance(event, ev.FaultsCleared):
            if event.outcome is None or not event.outcome.ok:
                self.faultRemains.emit(event.outcome or event.failure)
        elif isinstance(event, ev.StoreProblem):
            self.storeProblem.emit(event.error)

    def _on_progress(self, event: ev.PrintProgress) -> None:
        if event.phase != "print":
            return
        left = -1.0 if event.seconds_left is None else float(event.seconds_left)
        self._progress = (event.done, event.total, left)
        if event.order_id is None and self._calibrating:
            self.calibrationProgress.emit(event.done, event.total, left)
        elif event.order_id is None:
            self.testProgress.emit(event.done, event.total, left)
        else:
            self.progress.emit(event.order_id, event.done, event.total, left)

    def _on_ended(self, event: ev.PrintEnded) -> None:
        end = event.end
        self._set_busy(None, test=False)
        if end.order_id is None and self._calibrating:
            return  # a chart: the calibration reads its end from the service
        if end.order_id is None:
            if end.failure is None:
                self.testFinished.emit()
            else:
                self.testFailed.emit(end.failure)
        elif end.outcome is PrintOutcome.DONE or end.failure is None:
            self.printFinished.emit(end.order_id)
        else:
            self.printFailed.emit(end.order_id, end.failure)

    def _set_busy(self, order_id: int | None, *, test: bool) -> None:
        was = self.busy
        self._busy_order, self._busy_test = order_id, test
        if not self.busy:
            self._progress = None
        if was != self.busy:
            self.busyChanged.emit(self.busy)


__all__ = ["QtPrintService"]
