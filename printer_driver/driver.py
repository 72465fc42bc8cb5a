"""The printer driver: open a printer by URL, upload masks as jobs, print them, watch them.

    with PrinterDriver.open("sim://demo?speed=20", on_event=print) as drv:
        job = drv.upload(mask)          # chunked, resumable, CRC-32 verified on the printer
        done = drv.print_job(job)       # blocks until the printer reports the print done

Thread-safety: one thread runs the job calls (``upload``, ``print_job``, ``print_mask``,
``clear_fault``) while others may call ``status``, ``job_state``, ``abort``,
``abort_within``, ``pause``, ``resume`` and ``identify`` at any time (the UI's abort
button): control requests travel out of band and never wait behind job data.

Reconnecting (:mod:`printer_driver.connection`): when the port fails or the printer goes
silent, the driver reopens the URL with capped exponential backoff, handshakes and compares
the printer's boot id. Same boot: the job carries on from what the printer reports (an
upload resumes at the bytes the printer has; a print is followed to its end from the
printer's own records). New boot: :class:`PrinterRestartedError`, the job is void and never
reprinted by the driver. ``Timeouts.reconnect_total`` after the link was first lost with no
progress since (spec 12.5), however many handshakes succeed meanwhile: :class:`LinkLostError`.
Every wait has a deadline.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from printer_driver import errors
from printer_driver.connection import Connection, PortFactory
from printer_driver.counters import Counters
from printer_driver.events import EventCallback, ProgressEvent, emit
from printer_driver.faults import error_for_faults
from printer_driver.jobs import JobContext, PrintFollower, Uploader, mask_key
from printer_driver.link import Link
from printer_driver.mask import Mask
from printer_driver.ports import split_line_options
from printer_driver.protocol import (
    Abort,
    ClearFault,
    Code,
    CtrlReply,
    JobState,
    Pause,
    Resume,
    Status,
    StatusReq,
)
from printer_driver.values import (
    FinishedPrint,
    JobHandle,
    JobStatus,
    PrinterInfo,
    PrinterStatus,
    Timeouts,
)

log = logging.getLogger(__name__)


class AbortConfirmation(StrEnum):
    """How a bounded abort (:meth:`PrinterDriver.abort_within`) ended."""

    CANCELLED = "cancelled"  # the printer confirmed it stopped the job
    NOTHING = "nothing"  # the printer answered: nothing was running to cancel
    UNCONFIRMED = "unconfirmed"  # no answer in time: it may still be printing
    FAILED = "failed"  # the abort itself failed (link lost, driver closed): see ``error``


@dataclass(frozen=True)
class AbortOutcome:
    """The result of :meth:`PrinterDriver.abort_within`; ``error`` when FAILED."""

    confirmation: AbortConfirmation
    seconds: float
    error: errors.PrinterError | None = None

    @property
    def confirmed(self) -> bool:
        """True when the printer answered (it stopped the job, or nothing was running)."""
        return self.confirmation in (AbortConfirmation.CANCELLED, AbortConfirmation.NOTHING)


def _abort_frame(job_id: int) -> Callable[[int], Abort]:
    return lambda nonce: Abort(nonce=nonce, job_id=job_id)


class PrinterDriver:
    """A connection to one foam printer. Use :meth:`open`; close with :meth:`close` or
    a ``with`` block. See the module docstring for threads and reconnecting."""

    def __init__(
        self, url: str, *, on_event: EventCallback | None = None, baudrate: int = 115200,
        timeouts: Timeouts | None = None, port_factory: PortFactory | None = None,
        dtr: bool | None = None, rts: bool | None = None,
    ) -> None:
        self.url = url
        try:
            port_url, line = split_line_options(url)
        except ValueError as exc:
            raise errors.PortAddressError(url, str(exc)) from exc
        self.baudrate = baudrate
        self.timeouts = timeouts or Timeouts()
        self.on_event = on_event
        self.counters = Counters()
        self._conn = Connection(
            url, port_url, baudrate=baudrate, timeouts=self.timeouts, on_event=on_event,
            counters=self.counters, port_factory=port_factory,
            dtr=dtr if dtr is not None else line["dtr"],
            rts=rts if rts is not None else line["rts"],
        )
        self._job_lock = threading.RLock()
        self._active_job: int | None = None
        self._abort_requested: int | None = None  # a job id, or -1: whatever runs
        # Jobs we uploaded that wait on the printer, not yet printed: {mask key: handle}.
        self._waiting: dict[bytes, JobHandle] = {}
        self.last_first_dot_s: float | None = None  # PRINT to first row, last print

    # --- opening and closing -----------------------------------------------------------

    @classmethod
    def open(
        cls, url: str, *, on_event: EventCallback | None = None, baudrate: int = 115200,
        timeouts: Timeouts | None = None, dtr: bool | None = None, rts: bool | None = None,
        port_factory: PortFactory | None = None,
    ) -> PrinterDriver:
        """Open the port at ``url``, handshake, and return a connected driver.

        ``dtr``, ``rts``: the modem lines' state as the port opens (and reopens after a
        loss). None (default) keeps pyserial's default: both asserted, which reboots boards
        whose reset hangs off DTR (an Arduino-style auto-reset); ``dtr=False`` opens
        without asserting it. The URL may carry them instead: ``/dev/ttyUSB0?dtr=off``
        (an argument given here wins). On Linux the kernel raises DTR for an instant when
        a tty opens, before any setting applies; for such boards also run
        ``stty -F /dev/ttyUSB0 -hupcl`` once (DTR then stays up across closes) or cut the
        board's reset jumper. The printer's boot id tells the driver either way (8.4).

        ``port_factory``: opens the port instead of ``serial.serial_for_url(url)``, for
        the first connection and every reconnect (a port object of another library, a
        test's fake); ``url`` then only names the printer in messages.

        The port is opened once: a port that will not open (no such device, permission,
        busy) raises :class:`PortOpenError` at once, with no retry; a caller that should
        keep trying (the kiosk) retries with :class:`printer_driver.backoff.Backoff`.

        Raises:
            PortOpenError: the port cannot be opened.
            LinkLostError: the port opened but no printer answered.
            ProtocolVersionError: the printer speaks another protocol version.
        """
        drv = cls(url, on_event=on_event, baudrate=baudrate, timeouts=timeouts, dtr=dtr,
                  rts=rts, port_factory=port_factory)
        try:
            drv._conn.connect_first()
        except BaseException:
            drv.close()
            raise
        return drv

    def __enter__(self) -> PrinterDriver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the link threads and close the port. Idempotent; waiters get
        :class:`DriverClosedError`."""
        self._conn.close()

    @property
    def closed(self) -> bool:
        return self._conn.closed

    # --- questions -------------------------------------------------------------------------

    def identify(self) -> PrinterInfo:
        """What the printer said in the latest handshake (firmware, protocol, limits, boot)."""
        self._conn.current()
        info = self._conn.info
        if info is None:
            raise errors.DriverClosedError()
        return info

    def status(self) -> PrinterStatus:
        """Ask the printer for its status now (out of band)."""
        st = self._conn.control(lambda n: StatusReq(nonce=n), Status, "a status request")
        if not isinstance(st, Status):
            raise errors.ProtocolError(f"STATUS_REQ answered {type(st).__name__}")
        return PrinterStatus.from_frame(st)

    def job_state(self, job_id: int) -> JobStatus:
        """The printer's record of ``job_id`` (state "unknown" if it has none)."""
        return JobStatus.from_info(self._conn.query(job_id))

    # --- control -----------------------------------------------------------------------

    def _ctrl(self, make: Callable[[int], Abort | Pause | Resume], during: str) -> CtrlReply:
        r = self._conn.control(make, CtrlReply, during)
        if not isinstance(r, CtrlReply):
            raise errors.ProtocolError(f"{during}: answered {type(r).__name__}")
        return r

    def abort(self, job_id: int | None = None) -> bool:
        """Cancel ``job_id`` (default: this driver's job in progress, else whatever prints).

        Safe from any thread; the job's caller then gets :class:`JobAbortedError`.
        Returns True if the printer cancelled something, False if there was nothing to cancel.
        """
        target = job_id if job_id is not None else (self._active_job or 0)
        self._abort_requested = target or -1
        r = self._ctrl(_abort_frame(target), "cancelling")
        self._conn.wake()
        return r.code == Code.OK

    def abort_within(self, seconds: float, job_id: int | None = None, *,
                     give_up: threading.Event | None = None) -> AbortOutcome:
        """:meth:`abort` on a thread of its own, waiting ``seconds`` at most for the
        printer's answer, so a printer that does not answer never holds the caller (a
        Ctrl-C, the kiosk closing). ``give_up``: an event that ends the wait early once set
        (a second Ctrl-C). Safe from any thread.

        Returns:
            How it ended; UNCONFIRMED means the printer may still be printing.
        """
        answered = threading.Event()
        box: dict[str, bool | errors.PrinterError] = {}

        def go() -> None:
            try:
                box["cancelled"] = self.abort(job_id)
            except errors.PrinterError as exc:
                box["error"] = exc
            finally:
                answered.set()

        t0 = time.monotonic()
        deadline = t0 + max(0.0, seconds)
        threading.Thread(target=go, name="printer-abort", daemon=True).start()
        # Without give_up one wait; with it, slices short enough to notice it promptly.
        slice_s = None if give_up is None else 0.05
        while not answered.is_set():
            left = deadline - time.monotonic()
            if left <= 0 or (give_up is not None and give_up.is_set()):
                break
            answered.wait(left if slice_s is None else min(left, slice_s))
        took = time.monotonic() - t0
        error = box.get("error")
        if isinstance(error, errors.PrinterError):
            return AbortOutcome(AbortConfirmation.FAILED, took, error)
        if not answered.is_set():
            return AbortOutcome(AbortConfirmation.UNCONFIRMED, took)
        cancelled = box.get("cancelled") is True
        return AbortOutcome(
            AbortConfirmation.CANCELLED if cancelled else AbortConfirmation.NOTHING, took)

    def pause(self) -> bool:
        """Pause the print in progress. True if the printer paused."""
        return self._ctrl(lambda n: Pause(nonce=n, job_id=0), "pausing").code == Code.OK

    def resume(self) -> bool:
        """Resume a paused print. Raises the fault's error if a fault still blocks it."""
        r = self._ctrl(lambda n: Resume(nonce=n, job_id=0), "resuming")
        if r.code == Code.FAULT_ACTIVE:
            raise error_for_faults(r.faults)
        return r.code == Code.OK

    def clear_fault(self, faults: int = 0xFFFFFFFF) -> None:
        """Clear latched faults whose cause is gone (after the barista fixed them).

        Raises:
            The error of a fault that remains (e.g. :class:`PowderEmptyError` if not refilled).
        """
        with self._job_lock:
            r = self._conn.run(lambda link: self._conn.command(
                link, lambda s: ClearFault(seq=s, faults=faults)), "clearing a fault")
        if r.code == Code.FAULT_ACTIVE:
            raise error_for_faults(r.faults)

    # --- jobs --------------------------------------------------------------------------

    def _context(self, on_progress: Callable[[ProgressEvent], None] | None) -> JobContext:
        def report(event: ProgressEvent) -> None:
            emit(self.on_event, event)
            if on_progress is not None:
                try:
                    on_progress(event)
                except Exception:  # a listener's bug must not abort a print in progress
                    log.exception("progress listener failed on %r", event)

        return JobContext(
            host=self._conn, report=report,
            abort_requested=lambda job_id: self._abort_requested in (job_id, -1),
            free_slot=self._free_slot,
        )

    def upload(
        self, mask: Mask, *, job_id: int | None = None,
        on_progress: Callable[[ProgressEvent], None] | None = None,
    ) -> JobHandle:
        """Send ``mask`` to the printer as a job; returns once the printer verified it.

        Idempotent and resumable: after a reconnect it carries on from the bytes the
        printer already has; an upload of a job the printer already holds is a no-op.
        Without ``job_id``, a mask this driver uploaded before and that still waits on the
        printer unprinted (say the cup was missing) is reused instead of taking another
        slot; and when every slot is taken by such waiting jobs of ours, the oldest is
        cancelled to make room.

        Raises:
            JobRejectedError, PrinterBusyError, JobCorruptError, JobAbortedError,
            PrinterRestartedError, LinkLostError.
        """
        with self._job_lock:
            info = self.identify()
            key = mask_key(mask)
            if job_id is None:
                waiting = self._waiting_job(key)
                if waiting is not None:
                    return waiting
                job_id = secrets.randbits(32) or 1
            self._active_job = job_id
            self._abort_requested = None
            try:
                job = Uploader(self._context(on_progress), info, mask, job_id).run()
            except errors.JobAbortedError:
                self._forget_quietly(job_id)
                raise
            finally:
                self._active_job = None
            self._waiting[key] = job
            return job

    def _waiting_job(self, key: bytes) -> JobHandle | None:
        """Our job for this mask if the printer still holds it ready, else None."""
        job = self._waiting.pop(key, None)
        if job is None or job.boot_id != self._conn.boot_id:
            return None
        if self._conn.query(job.id).state != JobState.READY:
            return None
        self._waiting[key] = job
        return job

    def _free_slot(self, keep: int) -> bool:
        """Cancel the oldest of our ready-but-unprinted jobs (not ``keep``). True if one was."""
        for key, job in list(self._waiting.items()):
            if job.id == keep:
                continue
            del self._waiting[key]
            r = self._ctrl(_abort_frame(job.id), "making room for a new print")
            log.info("cancelled waiting job %08x to free a slot (code %s)", job.id, r.code)
            return True
        return False

    def _forget_quietly(self, job_id: int) -> None:
        """Best effort: make sure a job we gave up on does not keep a slot."""
        with contextlib.suppress(errors.PrinterError):
            self._ctrl(_abort_frame(job_id), "cancelling")

    def print_job(
        self, job: JobHandle, *, on_progress: Callable[[ProgressEvent], None] | None = None,
        clear_faults: bool = True,
    ) -> FinishedPrint:
        """Print an uploaded job and block until the printer reports it done.

        ``clear_faults``: the barista's tap on Print also acknowledges the latched faults
        that stop this job and that a PRINT may clear (``faults.clearable_on_print``: a
        cup lifted from a previous print, a refilled reservoir); the driver clears them
        once and tries again. A jam is never cleared here.

        Raises:
            CupMissingError, CupRemovedError, PowderEmptyError, JamError, JobAbortedError,
            PrinterBusyError, PrinterRestartedError, LinkLostError, …; each with
            ``job_id`` and ``print_started`` set.
        """
        with self._job_lock:
            self._active_job = job.id
            follower = PrintFollower(self._context(on_progress), job, clear_faults)
            try:
                result = follower.run()
            except errors.PrinterError as exc:
                exc.job_id = job.id
                # Lost (or restarted) without an answer to PRINT: it may have started.
                exc.print_started = follower.started or (
                    follower.print_sent and isinstance(
                        exc, errors.LinkLostError | errors.DriverClosedError
                        | errors.PrinterRestartedError))
                if follower.started:  # it printed (part of) the job: never offer it again
                    self._drop_waiting(job.id)
                raise  # not started (no cup, …): the job still waits ready for a reprint
            finally:
                self._active_job = None
            self._drop_waiting(job.id)
            self.last_first_dot_s = follower.first_dot_s
            return result

    def _drop_waiting(self, job_id: int) -> None:
        for key, job in list(self._waiting.items()):
            if job.id == job_id:
                del self._waiting[key]

    def print_mask(
        self, mask: Mask, *, job_id: int | None = None,
        on_progress: Callable[[ProgressEvent], None] | None = None,
    ) -> FinishedPrint:
        """Upload ``mask`` and print it (see :meth:`upload` and :meth:`print_job`)."""
        with self._job_lock:
            job = self.upload(mask, job_id=job_id, on_progress=on_progress)
            return self.print_job(job, on_progress=on_progress)

    @property
    def link(self) -> Link | None:
        """The live link (diagnostics and tests); None while down."""
        try:
            return self._conn.current()[0]
        except errors.PrinterError:
            return None


__all__ = [
    "AbortConfirmation",
    "AbortOutcome",
    "FinishedPrint",
    "JobHandle",
    "JobStatus",
    "PrinterDriver",
    "PrinterInfo",
    "PrinterStatus",
    "Timeouts",
]
