"""The receipt printer's worker: tickets printed one at a time on a thread of their own.

:meth:`ReceiptPrinter.submit` returns at once; the customer's on-screen ticket never waits
for paper. Each ticket opens the printer, asks its paper sensor (ESC/POS ``DLE EOT 4``),
sends the bytes, asks once more that it is still there, and closes it. A printer that does
not answer status queries at all (many USB device files) is simply written to. Every
outcome, printed or not, goes to ``on_result`` as a :class:`ReceiptResult` (from the
worker thread): the barista's screen says "Receipt printer: out of paper" from its code.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from escpos.constants import (
    RT_MASK_LOWPAPER,
    RT_MASK_NOPAPER,
    RT_MASK_ONLINE,
    RT_STATUS_ONLINE,
    RT_STATUS_PAPER,
)

from kiosk.counter.receipt import DEFAULT_PROFILE, ReceiptContent, encode_receipt
from kiosk.counter.transports import (
    ReceiptError,
    ReceiptPrinterSpec,
    ReceiptProblem,
    Transport,
    make_transport,
)

log = logging.getLogger(__name__)

AFTER_PRINT_STATUS_SECONDS = 2.0  # the printer is busy feeding paper; give it time to answer
MAX_WAITING = 20  # tickets queued behind a slow printer; older ones are dropped beyond that


@dataclass(frozen=True)
class ReceiptResult:
    """How one ticket went.

    Attributes:
        order_id: the order the ticket is for.
        printed: True when every byte was taken by a printer that (if it answers status
            queries at all) was still there afterwards.
        problem: why not, or None.
        params: the problem's parameters (``target``, ``reason``).
        paper_low: the printer's near-end sensor is on (printed, but change the roll soon).
        size_bytes: the ticket's size.
        seconds: from opening the printer to closing it.
    """

    order_id: int
    printed: bool
    problem: ReceiptProblem | None = None
    params: Mapping[str, str | int | float | None] = field(default_factory=dict)
    paper_low: bool = False
    size_bytes: int = 0
    seconds: float = 0.0


def print_ticket(transport: Transport, order_id: int, data: bytes, *,
                 target: str = "") -> ReceiptResult:
    """Print one ticket through ``transport`` (opened and closed here); never raises for
    a printer problem, the result says it. ``target`` names the printer in the result."""
    start = time.monotonic()
    paper_low = False
    try:
        transport.open()
        try:
            status = transport.ask(RT_STATUS_PAPER)
            answers = bool(status)
            if answers and status[0] & RT_MASK_NOPAPER == RT_MASK_NOPAPER:
                raise ReceiptError(ReceiptProblem.PAPER_OUT, target=target)
            paper_low = answers and status[0] & RT_MASK_LOWPAPER == RT_MASK_LOWPAPER
            transport.write(data)
            if answers:
                # It answered before: no answer now means it went away mid-ticket.
                after = transport.ask(RT_STATUS_ONLINE, AFTER_PRINT_STATUS_SECONDS)
                if not after or after[0] & RT_MASK_ONLINE:
                    raise ReceiptError(ReceiptProblem.OFFLINE, target=target)
        finally:
            transport.close()
    except ReceiptError as exc:
        return ReceiptResult(order_id, False, exc.code, dict(exc.params), paper_low,
                             len(data), time.monotonic() - start)
    except Exception as exc:  # a driver's own exception: said in words, never raised
        log.exception("receipt printer failed")
        return ReceiptResult(order_id, False, ReceiptProblem.FAILED,
                             {"target": target, "reason": str(exc)},
                             paper_low, len(data), time.monotonic() - start)
    return ReceiptResult(order_id, True, None, {}, paper_low, len(data),
                         time.monotonic() - start)


class ReceiptPrinter:
    """Prints tickets in the background; :meth:`start` it, :meth:`stop` it on close.

    Args:
        spec: the printer (:func:`kiosk.counter.transports.parse_receipt_printer`).
        on_result: called on the worker thread with every :class:`ReceiptResult`.
        profile: the printer's python-escpos profile (code pages, paper width).
        transport_factory: makes the transport for ``spec`` (tests may pass their own).
    """

    def __init__(self, spec: ReceiptPrinterSpec, *,
                 on_result: Callable[[ReceiptResult], None], profile: str = DEFAULT_PROFILE,
                 transport_factory: Callable[[ReceiptPrinterSpec], Transport] = make_transport
                 ) -> None:
        self.spec = spec
        self.profile = profile
        self._on_result = on_result
        self._factory = transport_factory
        self._queue: queue.Queue[tuple[int, Callable[[], ReceiptContent]] | None] = \
            queue.Queue()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the worker thread (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="receipt-printer",
                                            daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        """Finish the ticket being printed, drop the rest, join the thread."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        while True:  # tickets not started are dropped: the kiosk is closing
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._queue.put(None)
        thread.join(timeout)

    def submit(self, order_id: int, content: Callable[[], ReceiptContent]) -> None:
        """Queue a ticket; ``content`` makes its words, and it is drawn and sent, on the
        worker thread. Returns at once."""
        if self._queue.qsize() >= MAX_WAITING:
            log.warning("receipt printer: %d tickets waiting; dropping the oldest",
                        MAX_WAITING)
            with contextlib.suppress(queue.Empty):
                self._queue.get_nowait()
        self._queue.put((order_id, content))

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            order_id, make_content = item
            try:
                data = encode_receipt(make_content(), profile=self.profile)
            except Exception as exc:  # a font that cannot be read, a bad profile
                log.exception("cannot draw the receipt for order %s", order_id)
                result = ReceiptResult(order_id, False, ReceiptProblem.FAILED,
                                       {"target": str(self.spec), "reason": str(exc)})
            else:
                result = print_ticket(self._factory(self.spec), order_id, data,
                                      target=str(self.spec))
            if not result.printed:
                log.warning("receipt for order %s not printed: %s %s", order_id,
                            result.problem, dict(result.params))
            try:
                self._on_result(result)
            except Exception:  # a listener's bug must not stop the printer
                log.exception("receipt result listener failed")
