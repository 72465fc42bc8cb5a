"""The counter service (:mod:`kiosk.counter.service`) as Qt signals for the two windows.

The service calls its listeners from whichever thread an event happens on (the receipt
worker, the GUI thread); :class:`CounterBridge` re-emits them as signals, which Qt delivers
on the GUI thread. The rules stay in the service: this only carries events.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.counter.receipt_printer import ReceiptResult
from kiosk.counter.service import CounterEvent, CounterService, ReadyChanged


class CounterBridge(QObject):
    """Signals: ``readyChanged(called)`` (a number may have come or gone; ``called`` for a
    new call, which rings), ``receiptResult(ReceiptResult)``."""

    readyChanged = Signal(bool)  # noqa: N815 (Qt naming)
    receiptResult = Signal(object)  # noqa: N815

    def __init__(self, service: CounterService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        service.add_listener(self._event)

    def _event(self, event: CounterEvent) -> None:
        if isinstance(event, ReadyChanged):
            self.readyChanged.emit(event.called)
        elif isinstance(event, ReceiptResult):
            self.receiptResult.emit(event)

    def close(self) -> None:
        """Stop listening (the service may outlive the windows in tests)."""
        self.service.remove_listener(self._event)
