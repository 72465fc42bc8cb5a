"""The print service: the one print path under the kiosk and the ``photolatte`` commands.

:class:`PrintService` owns one :class:`~printer_driver.driver.PrinterDriver` and one worker
thread that does every blocking call (connect, status, upload, the whole print, clearing
faults). Callers never wait on the printer: they ask, and the service answers with typed
events (:mod:`kiosk.printing.events`) to its listener and with a ``Future`` per request.

The rules it owns, for both front ends:

- **Queue to printer**: :meth:`~PrintService.print_order` moves the order to PRINTING in the
  store *before* anything is sent; the outcome is recorded from the driver's answer
  (:mod:`kiosk.printing.outcome`: done / failed / interrupted / unknown, from the driver's
  ``print_started``), with the real 8-hex job id and the failure's code and parameters
  (:mod:`kiosk.printing.records`). Nothing ever prints by itself; after a failure the
  order waits for a person's Reprint.
- **Connection** (``keep_connected=True``, the kiosk): connect, and after a loss reconnect
  with the shared capped backoff (:class:`printer_driver.backoff.Backoff`); ask for the
  status about once a second while idle. ``keep_connected=False`` (a command): connect on
  the first request, once; its failure is the request's answer.
- **Stopping a print**: :meth:`~PrintService.abort_within` (the driver's bounded abort) and
  :meth:`~PrintService.stop`, which records an order being printed as interrupted by the
  kiosk, asks the printer to stop (bounded), closes the driver and joins the thread.
- **Calibration**: each print asks the :data:`~kiosk.printing.profiles.ProfileLookup` for
  the connected printer's settings (by its serial) and applies them before upload.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from kiosk.printing import events as ev
from kiosk.printing.connection import DriverOpener, NotConnectedError, PrinterConnection
from kiosk.printing.outcome import (
    KIOSK_STOPPED,
    NOT_CONNECTED,
    ClearOutcome,
    PrintEnd,
    PrinterReport,
    PrintFailure,
    PrintOutcome,
    ServiceCode,
    service_failure,
)
from kiosk.printing.profiles import (
    PrintSettings,
    ProfileLookup,
    not_calibrated,
    powder_shortfall,
)
from kiosk.printing.records import PrintRecords
from kiosk.printing.views import PrinterStatusView
from printer_driver.driver import AbortConfirmation, AbortOutcome, PrinterDriver
from printer_driver.errors import (
    DriverClosedError,
    JobAbortedError,
    JobCorruptError,
    PrinterError,
    PrinterFaultError,
)

if TYPE_CHECKING:
    from kiosk.orders.store import OrderStore
    from printer_driver.events import ProgressEvent
    from printer_driver.mask import Mask
    from printer_driver.values import Timeouts

log = logging.getLogger(__name__)
_T = TypeVar("_T")

POLL_INTERVAL_S = 1.0  # status while idle; the store's backlog is retried as often
ABORT_ON_STOP_S = 3.0  # the kiosk closing waits this long for the printer to stop
STOP_TIMEOUT_S = 10.0  # joining the worker
LEFT_JOB_ABORT_S = 1.0  # taking an unprinted job off the printer on the way out


@dataclass(eq=False)
class _Print:
    """One print request, from the tap to its end (shared with the worker under the lock)."""

    order_id: int | None
    print_id: int | None
    mask: Mask
    future: Future[PrintEnd] = field(default_factory=Future)
    started_at: float = field(default_factory=time.monotonic)
    job_id: int | None = None
    cancelled: bool = False
    rows_seen: int = 0
    apply_profile: bool = True


class PrintService:
    """See the module docstring.

    Args:
        url: the printer (anything ``PrinterDriver.open`` takes).
        on_event: the listener for :data:`~kiosk.printing.events.ServiceEvent` (any thread).
        store: the order store (None: prints without orders only, as the CLI makes).
        open_driver: opens the driver (default ``PrinterDriver.open`` with ``timeouts``).
        timeouts: the driver's deadlines for the default opener.
        profiles: the calibration lookup (default: not calibrated).
        keep_connected: the kiosk's mode (connect, poll, reconnect); False for a command.
    """

    def __init__(self, url: str, *, on_event: ev.ServiceListener,
                 store: OrderStore | None = None, open_driver: DriverOpener | None = None,
                 timeouts: Timeouts | None = None, profiles: ProfileLookup = not_calibrated,
                 keep_connected: bool = True) -> None:
        self.url = url
        self._listener = on_event
        self._keep_connected = keep_connected
        self._link = PrinterConnection(
            url, open_driver or (lambda u, cb: PrinterDriver.open(u, on_event=cb,
                                                                 timeouts=timeouts)),
            profiles, self._emit, keep_connected=keep_connected,
            printing_order=lambda: self.printing_order)
        self._records = PrintRecords(store, lambda e: self._emit(ev.StoreProblem(e)))
        self._lock = threading.Lock()
        self._current: _Print | None = None
        self._queue: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="print-service", daemon=True)
        self._helpers: list[threading.Thread] = []
        # Jobs uploaded but never started (no cup, a refusal): the driver reuses one for a
        # reprint; whatever is left when the service stops is taken off the printer, so it
        # does not hold one of its few slots until the printer evicts it (300 s).
        self._left_ready: set[int] = set()
        self._started = self._stopped = False
        self._quiet = threading.Event()  # set by stop(): no more events

    # --- what callers read (any thread) -------------------------------------------------

    @property
    def connected(self) -> bool:
        """True while the printer answers."""
        return self._link.connected

    @property
    def busy(self) -> bool:
        """True from a print's request to its end."""
        return self._current is not None

    @property
    def printing_order(self) -> int | None:
        """The order being printed now, or None."""
        current = self._current
        return None if current is None else current.order_id

    @property
    def status(self) -> PrinterStatusView:
        """The latest status (OFFLINE before the first)."""
        return self._link.status

    @property
    def print_settings(self) -> PrintSettings | None:
        """The connected printer's settings (``calibrated`` says whether a profile
        applies); None before the printer is known, or when the lookup applies nothing."""
        return self._link.settings

    def shortfall(self, order_id: int) -> dict[str, tuple[float, float]]:
        """The powders the reservoirs hold too little of to print order ``order_id``:
        ``{powder: (grams needed, grams left)}``, from the printer's last reported levels and
        this machine's measured doses (the powder table's when it is not calibrated). Empty
        when nothing is short, the levels are unknown, or the order has no picture.

        Raises:
            StoreError: the store could not be read."""
        mask = self._records.mask_of(order_id)
        if mask is None:
            return {}
        levels = {p.powder: p.grams for p in self.status.powders if p.grams is not None}
        settings = self._link.settings
        if settings is not None:
            return settings.shortfall(mask, levels)
        return powder_shortfall(mask.grams(), levels)

    @property
    def running(self) -> bool:
        """True between :meth:`start` and :meth:`stop`, while the worker lives."""
        return self._thread.is_alive()

    # --- life cycle -------------------------------------------------------------------

    def start(self) -> None:
        """Start the worker (the kiosk's mode then connects in the background)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        self._thread.start()

    def stop(self, *, abort_s: float = ABORT_ON_STOP_S) -> None:
        """Stop for good: an order being printed is recorded as interrupted by the kiosk,
        the printer is asked to stop it (``abort_s`` at most; 0: not asked, the caller has
        done so), the driver is closed and the worker joined. Idempotent; no events follow.
        """
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            current, drv = self._current, self._link.driver
        self._link.closing = True
        self._quiet.set()
        if current is not None:
            if current.order_id is not None:
                self._records.finish(current.print_id, PrintEnd(
                    current.order_id, PrintOutcome.INTERRUPTED, failure=KIOSK_STOPPED,
                    job_id=None if current.job_id is None else f"{current.job_id:08x}"))
            if drv is not None and abort_s > 0:
                outcome = self.abort_within(abort_s)
                if not outcome.confirmed:
                    log.warning("stopping: the printer did not confirm the abort (%s)",
                                outcome.error or outcome.confirmation)
            if drv is not None:
                with contextlib.suppress(Exception):
                    drv.close()  # ends the print's waits at once
        if self._started:
            self._queue.put(None)  # the worker tidies the printer's slots, then closes
            self._thread.join(STOP_TIMEOUT_S)
            if self._thread.is_alive() and drv is not None:
                with contextlib.suppress(Exception):
                    drv.close()  # stuck in a request to a silent printer: end it
                self._thread.join(STOP_TIMEOUT_S)
            if self._thread.is_alive():
                log.error("the print service's thread did not stop in %.0f s", STOP_TIMEOUT_S)
        for helper in self._helpers:
            helper.join(STOP_TIMEOUT_S)

    # --- requests (any thread; answers come as events and futures) --------------------

    def print_order(self, order_id: int) -> bool:
        """Print an order (the barista's tap). The order is PRINTING in the store when this
        returns True; False: refused, nothing changed (busy, not connected, stopped) or the
        order's picture is gone (then recorded FAILED, ``no_mask``).

        Raises:
            StoreError, TransitionError: the store refused to start the print.
        """
        with self._lock:
            if not self._can_print():
                return False
            identity = self._link.identity
            boot = identity.boot_id if identity is not None else None
            print_id, mask = self._records.begin(order_id, boot_id=boot)
            if mask is None:
                refused = PrintEnd(order_id, PrintOutcome.FAILED,
                                   failure=service_failure(ServiceCode.NO_MASK))
            else:
                self._current = _Print(order_id, print_id, mask)
                refused = None
        if refused is not None:
            self._records.finish(print_id, refused)
            self._emit(ev.PrintEnded(refused))
            return False
        self._submit_current()
        return True

    def print_mask(self, mask: Mask, *, apply_profile: bool = True) -> Future[PrintEnd] | None:
        """Print ``mask`` without an order (a test pattern, ``photolatte print``); None
        when refused (busy, stopped; in the kiosk's mode also not connected).
        ``apply_profile=False`` sends the dots exactly as they are (a calibration chart
        measures the raw head)."""
        with self._lock:
            if not self._can_print():
                return None
            self._current = _Print(None, None, mask, apply_profile=apply_profile)
        return self._submit_current()

    def clear_faults(self) -> Future[ClearOutcome]:
        """Acknowledge the printer's latched faults whose cause is gone (Continue,
        ``printer clear``); the answer also comes as :class:`~kiosk.printing.events.
        FaultsCleared`. The future fails with the driver's error."""
        return self._call(self._clear)

    def query(self) -> Future[PrinterReport]:
        """Ask the printer about itself, its status and its latest job."""
        return self._call(self._report)

    def refresh(self) -> None:
        """Ask for a fresh status now (ignored during a print)."""
        if not self.busy and self._keep_connected:
            self._queue.put(self._link.poll)

    def abort(self) -> None:
        """Stop the running print now, without waiting (the Stop button): the abort goes
        out of band on a helper thread, bounded; the print's end event says how it ended."""
        if not self.busy:
            return
        helper = threading.Thread(target=self.abort_within, args=(STOP_TIMEOUT_S,),
                                  name="print-abort", daemon=True)
        self._helpers = [t for t in self._helpers if t.is_alive()] + [helper]
        helper.start()

    def abort_within(self, seconds: float, *,
                     give_up: threading.Event | None = None) -> AbortOutcome:
        """Stop the running print and wait ``seconds`` at most for the printer's answer
        (``give_up`` set ends the wait early: a second Ctrl-C). A print not yet sent is
        simply not sent. UNCONFIRMED/FAILED: the printer may still be printing."""
        with self._lock:
            current, drv = self._current, self._link.driver
            if current is None:
                return AbortOutcome(AbortConfirmation.NOTHING, 0.0)
            current.cancelled = True
            job_id = current.job_id
        if drv is None:  # still connecting: the worker will not upload it
            return AbortOutcome(AbortConfirmation.CANCELLED, 0.0)
        return drv.abort_within(seconds, job_id, give_up=give_up)

    # --- helpers for requests ---------------------------------------------------------

    def _can_print(self) -> bool:
        ready = self._link.connected or not self._keep_connected
        return self._current is None and not self._stopped and ready

    def _submit_current(self) -> Future[PrintEnd]:
        current = self._current
        assert current is not None
        self._emit(ev.BusyChanged(True, current.order_id))
        self._queue.put(lambda: self._run_print(current))
        return current.future

    def _call(self, work: Callable[[], _T]) -> Future[_T]:
        future: Future[_T] = Future()

        def run() -> None:
            try:
                future.set_result(work())
            except BaseException as exc:  # handed to whoever waits on the future
                future.set_exception(exc)

        if self._stopped:
            future.set_exception(DriverClosedError())
        else:
            self._queue.put(run)
        return future

    def _emit(self, event: ev.ServiceEvent) -> None:
        if self._quiet.is_set():
            return
        try:
            self._listener(event)
        except Exception:  # a listener's bug must not stop the printer
            log.exception("print service listener failed on %r", event)

    # --- the worker thread ------------------------------------------------------------

    def _loop(self) -> None:
        next_tick = 0.0
        while True:
            wait = max(0.0, next_tick - time.monotonic()) if self._keep_connected else None
            try:
                work = self._queue.get(timeout=wait)
            except queue.Empty:
                work = None
            else:
                if work is None:
                    break
                try:
                    work()
                except Exception:  # one request's bug must not end the worker
                    log.exception("print service request failed")
            if self._keep_connected and time.monotonic() >= next_tick:
                self._records.retry()
                if not (self._stopped or self.busy):
                    self._link.tick()
                next_tick = time.monotonic() + POLL_INTERVAL_S
        self._take_back_left_jobs()
        self._link.drop("")

    def _take_back_left_jobs(self) -> None:
        drv = self._link.driver
        if drv is None or not self._link.connected:
            return
        for job_id in sorted(self._left_ready):
            outcome = drv.abort_within(LEFT_JOB_ABORT_S, job_id)
            log.info("took back unprinted job %08x: %s", job_id, outcome.confirmation)
        self._left_ready.clear()

    # --- a print, on the worker -------------------------------------------------------

    def _run_print(self, job: _Print) -> None:
        error: BaseException | None = None
        failure: PrintFailure | None = None
        rows = 0
        try:
            rows = self._send(job)
        except NotConnectedError:
            failure = NOT_CONNECTED
        except PrinterError as exc:
            error, failure = exc, PrintFailure.from_error(exc, job.rows_seen)
            log.info("print failed: %r", exc)
        except Exception as exc:  # a bug below must not kill the worker or lose the order
            log.exception("unexpected error while printing")
            error = exc
            failure = service_failure(ServiceCode.UNEXPECTED, print_started=job.rows_seen > 0,
                                      log=repr(exc))
        settings, drv = self._link.settings, self._link.driver
        end = PrintEnd(
            job.order_id, PrintOutcome.DONE if failure is None else failure.outcome,
            job_id=None if job.job_id is None else f"{job.job_id:08x}",
            rows=rows or job.rows_seen, seconds=time.monotonic() - job.started_at,
            failure=failure,
            calibration=(settings.label if settings is not None and settings.calibrated
                         and job.apply_profile else None),
            link=None if drv is None else drv.counters.snapshot())
        if job.job_id is not None:
            if failure is not None and not failure.print_started:
                self._left_ready.add(job.job_id)
            else:
                self._left_ready.discard(job.job_id)
        self._records.finish(job.print_id, end)  # the store first, then the news
        with self._lock:
            self._current = None
        self._emit(ev.PrintEnded(end))
        self._emit(ev.BusyChanged(False, job.order_id))
        job.future.set_result(end)
        self._after_print(error)

    def _send(self, job: _Print) -> int:
        """Upload and print ``job``; the rows printed. Raises the driver's errors."""
        if job.cancelled:
            raise JobAbortedError("cancelled before it was sent")
        drv = self._link.require()
        settings = self._link.refresh_settings()
        mask = job.mask
        if settings is not None and job.apply_profile:
            mask = settings.prepare_mask(job.mask)

        def progress(event: ProgressEvent) -> None:
            if event.phase == "print":
                job.rows_seen = max(job.rows_seen, event.done)
            self._emit(ev.PrintProgress(job.order_id, event.phase, event.done, event.total,
                                        event.seconds_left))

        handle = drv.upload(mask, on_progress=progress)
        with self._lock:
            job.job_id = handle.id
            cancelled = job.cancelled
        job_text = f"{handle.id:08x}"
        self._records.uploaded(job.print_id, job_text)
        self._emit(ev.PrintUploaded(job.order_id, job_text))
        if cancelled:  # stopped before PRINT: take the job off the printer
            with contextlib.suppress(PrinterError):
                drv.abort(handle.id)
            raise JobAbortedError("cancelled before it was printed")
        done = drv.print_job(handle, on_progress=progress)
        return done.rows_printed or int(mask.dots.shape[0])

    def _after_print(self, error: BaseException | None) -> None:
        if self._stopped:
            return
        self._link.after_error(error)
        if self._keep_connected:
            self._link.poll()

    # --- other requests, on the worker --------------------------------------------------

    def _clear(self) -> ClearOutcome:
        try:
            drv = self._link.require()
            before = drv.status()
            # A fault whose cause is still there stays latched; the status after says so.
            with contextlib.suppress(PrinterFaultError, JobCorruptError):
                drv.clear_fault()
            after = drv.status()
        except NotConnectedError:
            self._emit(ev.FaultsCleared(None, NOT_CONNECTED))
            raise
        except PrinterError as exc:
            self._emit(ev.FaultsCleared(None, PrintFailure.from_error(exc)))
            raise
        outcome = ClearOutcome(before, after)
        self._emit(ev.FaultsCleared(outcome))
        if self._keep_connected:
            self._link.poll()
        return outcome

    def _report(self) -> PrinterReport:
        drv = self._link.require()
        info = drv.identify()
        st = drv.status()
        job = drv.job_state(st.job_id) if st.job_id is not None else None
        return PrinterReport(info, st, job)


__all__ = ["DriverOpener", "PrintService"]
