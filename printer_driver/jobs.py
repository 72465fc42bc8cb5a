"""The two long jobs of the driver: uploading a mask, and following a print to its end.

Both run in the caller's thread under the driver's job lock and survive reconnects: the
upload resumes from the bytes the printer reports, the print is followed from the printer's
own records. Both raise a typed :mod:`printer_driver.errors` error on anything but success.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from printer_driver import errors, faults
from printer_driver.events import ProgressEvent
from printer_driver.link import Link, LinkDown, Pending
from printer_driver.mask import Mask
from printer_driver.protocol import (
    FINISHED_JOB_STATES,
    ClearFault,
    Code,
    Data,
    Fault,
    JobBegin,
    JobCommit,
    JobInfo,
    JobState,
    PowderBits,
    Print,
    Result,
    encode_job_data,
    fault_from_code,
)

if TYPE_CHECKING:
    from printer_driver.driver import JobHandle, PrinterDriver, PrinterInfo, PrintResult

_MAX_CORRUPT_RETRIES = 2
_MAX_INCOMPLETE_RETRIES = 5


def mask_key(mask: Mask) -> bytes:
    """A fingerprint of the mask's dots, geometry and powders (equal masks, equal keys)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(mask.dots.tobytes())
    h.update(f"{mask.size}|{mask.pitch_mm}|{mask.diameter_mm}|{mask.powders.value}".encode())
    return h.digest()


class _NoSlot(Exception):  # noqa: N818 - internal signal
    """JOB_BEGIN found every job slot taken."""


def powder_bits(mask: Mask) -> int:
    """Powders the mask's dots use (PowderBits); the mask's powder set if it has no dots."""
    counts = mask.dot_counts()
    bits = (PowderBits.CINNAMON if counts["cinnamon"] else 0) | (
        PowderBits.COCOA if counts["cocoa"] else 0)
    if not bits:
        bits = (PowderBits.CINNAMON if "cinnamon" in mask.powders.powders else 0) | (
            PowderBits.COCOA if "cocoa" in mask.powders.powders else 0)
    return int(bits)


class Uploader:
    """Upload one mask as job ``job_id`` (see :meth:`PrinterDriver.upload`)."""

    def __init__(
        self, drv: PrinterDriver, info: PrinterInfo, mask: Mask, job_id: int,
        on_progress: Callable[[ProgressEvent], None] | None,
    ) -> None:
        self.drv = drv
        self.job_id = job_id
        self.on_progress = on_progress
        self.boot = info.boot_id
        self.method, self.data, self.crc = encode_job_data(mask.dots)
        self.n = mask.size
        if self.n > info.grid_max:
            raise errors.JobRejectedError(f"grid {self.n} over the printer's {info.grid_max}")
        if len(self.data) > info.max_job_bytes:
            raise errors.JobRejectedError(
                f"{len(self.data)} bytes over the printer's {info.max_job_bytes}")
        self.begin = dict(
            job_id=job_id, grid=self.n, pitch_um=round(mask.pitch_mm * 1000),
            diameter_um=round(mask.diameter_mm * 1000), powders=powder_bits(mask),
            compression=int(self.method), length=len(self.data), crc32=self.crc,
        )
        line_rate = max(drv.baudrate / 10.0, 1.0)
        self.deadline = time.monotonic() + drv.timeouts.upload_min + 3 * len(self.data) / line_rate
        self.started_at = time.monotonic()  # monotonic seconds (PrintFollower.started is a flag)
        self.corrupt = 0
        self.incomplete = 0
        self._last_done = -1

    def handle(self) -> JobHandle:
        from printer_driver.driver import JobHandle

        return JobHandle(
            id=self.job_id, crc32=self.crc, size=len(self.data), rows=self.n,
            boot_id=self.boot, powders=self.begin["powders"], compression=int(self.method),
        )

    def run(self) -> JobHandle:
        offset = 0
        freed = 0
        while True:
            link, gen = self.drv._current()
            try:
                offset = self._once(link, offset)
            except _NoSlot as exc:
                # Our own ready-but-unprinted jobs may hold the slots: free one and retry.
                if freed >= 2 or not self.drv._free_slot(keep=self.job_id):
                    raise errors.PrinterBusyError(
                        "every job slot on the printer is in use") from exc
                freed += 1
                continue
            except LinkDown as exc:
                if self.drv.closed:
                    raise errors.DriverClosedError() from exc
                self.drv._reconnect(gen, exc, "the upload")
                self._check_boot()
                offset = self._resume_offset()
                continue
            if offset < 0:
                return self.handle()

    def _check_boot(self) -> None:
        info = self.drv._info
        if info is not None and info.boot_id != self.boot:
            raise errors.PrinterRestartedError(self.boot, info.boot_id)

    def _check_abort(self) -> None:
        if self.drv._abort_requested in (self.job_id, -1):
            raise errors.JobAbortedError("cancelled during the upload")

    def _resume_offset(self) -> int:
        """After a reconnect: where the printer's copy of the job ends."""
        job = self.drv._query(self.job_id, job_boot=self.boot)
        if job.state == JobState.UPLOADING:
            return min(job.bytes_have, len(self.data))
        return 0

    def _once(self, link: Link, offset: int) -> int:
        """One pass: JOB_BEGIN, DATA from ``offset``, JOB_COMMIT, pipelined in one window.

        Returns -1 when the job is verified, else the offset to send again from.
        """
        self._check_abort()
        if time.monotonic() > self.deadline:
            raise errors.LinkLostError("the upload took far longer than the line allows",
                                  during="the upload")
        begin = link.send(lambda s: JobBegin(seq=s, **self.begin), want_result=True)
        chunk = link.max_data
        offsets = list(range(offset, len(self.data), chunk))
        datas: list[tuple[Pending, int]] = []

        def queue(offs: list[int]) -> None:
            for off in offs:
                piece = self.data[off:off + chunk]
                datas.append((link.send(
                    lambda s, o=off, p=piece: Data(seq=s, job_id=self.job_id, offset=o, data=p),
                    want_result=False), len(piece)))

        # Keep the window full while JOB_BEGIN is answered, but queue no more than one
        # window of data before we know the printer took the job (no slot, finished, …).
        ahead = max(0, link.window_frames - 1)
        queue(offsets[:ahead])
        r = self._wait(begin, link, datas, offset)
        self._begin_result(r)
        if r.job.state in (JobState.READY, JobState.PRINTING, JobState.PAUSED):
            return -1  # the printer verified this job already (an upload repeated)
        queue(offsets[ahead:])
        commit = link.send(lambda s: JobCommit(seq=s, job_id=self.job_id), want_result=True)
        r = self._wait(commit, link, datas, offset)
        for p, _ in datas:
            dr = p._item.result
            if dr is not None and dr.code != Code.OK:
                self._data_failure(dr)
        return self._commit_result(r)

    def _wait(self, pending: Pending, link: Link, datas: list[tuple[Pending, int]],
              offset: int) -> Result:
        t_cmd = self.drv.timeouts.command
        last_progress = time.monotonic()
        prev_done = -1
        while True:
            self._check_abort()
            try:
                r = pending.wait(0.1)
            except TimeoutError:
                r = None
            done = offset
            for p, size in datas:
                if not p.done:
                    break
                done += size
            self._report(done)
            if done != prev_done:
                prev_done = done
                last_progress = time.monotonic()
            if r is not None:
                return r
            now = time.monotonic()
            if now > self.deadline:
                raise errors.LinkLostError("the upload took far longer than the line allows",
                                      during="the upload")
            if now - last_progress > t_cmd and not pending.done:
                # The link is alive (keepalives arrive) but nothing moves: treat as down.
                raise LinkDown("the upload stopped moving")

    def _report(self, done: int) -> None:
        if done == self._last_done:
            return
        self._last_done = done
        total = len(self.data)
        elapsed = time.monotonic() - self.started_at
        rate = done / elapsed if done > 0 and elapsed > 0.05 else self.drv.baudrate / 10.0
        left = max(0.0, (total - done) / max(rate, 1.0))
        self.drv._emit_progress(
            ProgressEvent(self.job_id, "upload", done, total, left), self.on_progress)

    def _begin_result(self, r: Result) -> None:
        c = r.code
        if c == Code.OK:
            return
        if c == Code.NO_SLOT:
            raise _NoSlot()
        if c == Code.JOB_FINISHED:
            if self.drv._abort_requested in (self.job_id, -1) or r.job.state == JobState.ABORTED:
                raise errors.JobAbortedError("cancelled during the upload")
            raise errors.JobRejectedError(f"job {self.job_id:08x} was already printed or ended")
        if c in (Code.TOO_LARGE, Code.UNSUPPORTED, Code.MALFORMED, Code.JOB_MISMATCH):
            raise errors.JobRejectedError(f"JOB_BEGIN answered {Code(c).name}")
        raise errors.ProtocolError(f"JOB_BEGIN answered code {c}")

    def _data_failure(self, r: Result) -> None:
        aborted = (self.drv._abort_requested in (self.job_id, -1)
                   or r.job.state == JobState.ABORTED)
        if r.code in (Code.UNKNOWN_JOB, Code.JOB_FINISHED) and aborted:
            raise errors.JobAbortedError("cancelled during the upload")
        if r.code == Code.UNKNOWN_JOB:
            raise errors.JobNotFoundError(self.job_id)
        if r.code == Code.JOB_FINISHED:
            raise errors.JobAbortedError("the printer ended the job during the upload")
        raise errors.ProtocolError(f"DATA answered code {r.code}")

    def _commit_result(self, r: Result) -> int:
        c = r.code
        if c == Code.OK:
            if self.corrupt:
                self._clear_corrupt_flag()
            return -1
        if c == Code.INCOMPLETE:
            self.incomplete += 1
            if self.incomplete > _MAX_INCOMPLETE_RETRIES:
                raise errors.ProtocolError("the printer keeps missing job data")
            return min(r.job.bytes_have, len(self.data))
        if c == Code.JOB_CORRUPT:
            self.corrupt += 1
            if self.corrupt > _MAX_CORRUPT_RETRIES:
                raise errors.JobCorruptError(f"CRC-32 failed {self.corrupt} times")
            return 0
        if c in (Code.UNKNOWN_JOB, Code.JOB_FINISHED):
            self._data_failure(r)
        raise errors.ProtocolError(f"JOB_COMMIT answered code {c}")

    def _clear_corrupt_flag(self) -> None:
        # The retry worked; the latched JOB_CORRUPT would only worry the barista.
        try:
            link, _ = self.drv._current()
            self.drv._command(link, lambda s: ClearFault(seq=s, faults=int(Fault.JOB_CORRUPT)))
        except (LinkDown, errors.PrinterError):
            pass


class PrintFollower:
    """Start a print and follow it to its end (see :meth:`PrinterDriver.print_job`)."""

    def __init__(
        self, drv: PrinterDriver, job: JobHandle,
        on_progress: Callable[[ProgressEvent], None] | None, clear_faults: bool,
    ) -> None:
        self.drv = drv
        self.job = job
        self.on_progress = on_progress
        self.clear_faults = clear_faults
        self.started_at = time.monotonic()
        self.rows_done = 0
        self.rows_total = job.rows
        self._last_row_change = time.monotonic()
        self._first_row_at: float | None = None
        self._reported = (-1, -1)
        self.started = False  # the printer accepted PRINT (rows may have landed)
        self.print_sent = False  # PRINT went out: without its answer, it may have started

    # --- start ---------------------------------------------------------------------------

    def run(self) -> PrintResult:
        self._check_boot()
        final = self._start()
        if final is None:
            final = self._follow()
        return self._finish(final)

    def _check_boot(self) -> None:
        info = self.drv._info
        if info is not None and info.boot_id != self.job.boot_id:
            raise errors.PrinterRestartedError(self.job.boot_id, info.boot_id)

    def _command(self, make) -> Result:
        return self.drv._run(lambda link: self.drv._command(link, make), "printing",
                             job_boot=self.job.boot_id)

    def _start(self) -> JobInfo | None:
        """Send PRINT (idempotent). Returns the job's final info if it already ended."""
        cleared = False
        while True:
            r = self._send_print()
            c = r.code
            if c == Code.OK:
                self.started = True
                self._note(r.job)
                return None
            if c == Code.FAULT_ACTIVE:
                clearable = faults.clearable_on_print(r.faults, self.job.powders)
                if self.clear_faults and not cleared and clearable:
                    cleared = True
                    bits = clearable
                    cr = self._command(lambda s, b=bits: ClearFault(seq=s, faults=b))
                    if cr.code == Code.OK:
                        continue
                    raise self._fault_error(cr.faults)
                raise self._fault_error(r.faults)
            if c == Code.BUSY:
                raise errors.PrinterBusyError("another print is running")
            if c == Code.POWDER_INSUFFICIENT:
                raise errors.PowderLowError(faults.short_powder(r.faults, self.job.powders))
            if c == Code.JOB_FINISHED:
                self.started = True
                return r.job
            if c == Code.UNKNOWN_JOB:
                self._check_boot()
                raise errors.JobNotFoundError(self.job.id)
            if c == Code.NOT_READY:
                raise errors.JobNotFoundError(self.job.id)
            raise errors.ProtocolError(f"PRINT answered code {c}")

    def _send_print(self) -> Result:
        """PRINT and its RESULT; notes in ``print_sent`` whether a PRINT whose answer was
        lost ever went out (the printer may then be printing)."""
        def go(link: Link) -> Result:
            pending = link.send(lambda s: Print(seq=s, job_id=self.job.id), want_result=True)
            try:
                result = pending.wait(self.drv.timeouts.command)
            except TimeoutError as exc:
                self.print_sent = self.print_sent or pending.sent
                raise LinkDown(f"no result: {exc}") from exc
            except LinkDown:
                self.print_sent = self.print_sent or pending.sent
                raise
            assert result is not None
            return result

        return self.drv._run(go, "printing", job_boot=self.job.boot_id)

    def _fault_error(self, bits: int) -> errors.PrinterError:
        return faults.error_for_faults(bits, uses=self.job.powders)

    # --- follow --------------------------------------------------------------------------

    def _note(self, job: JobInfo) -> None:
        self._rows(job.rows_done, job.rows_total or self.rows_total, None)

    def _rows(self, done: int, total: int, eta_s: float | None) -> None:
        now = time.monotonic()
        if done != self.rows_done:
            self._last_row_change = now
            if self._first_row_at is None and done > 0:
                self._first_row_at = now
        self.rows_done, self.rows_total = done, total or self.rows_total
        if (self.rows_done, self.rows_total) == self._reported:
            return
        self._reported = (self.rows_done, self.rows_total)
        left = eta_s
        if self._first_row_at is not None and self.rows_done >= 5 and now > self._first_row_at:
            # Measured from the first row: the head's travel to the cup is not a row's time.
            rate = (self.rows_done - 1) / (now - self._first_row_at)
            left = (self.rows_total - self.rows_done) / max(rate, 1e-6)
        self.drv._emit_progress(
            ProgressEvent(self.job.id, "print", self.rows_done, self.rows_total, left),
            self.on_progress)

    def _follow(self) -> JobInfo:
        t = self.drv.timeouts
        drv = self.drv
        seen_news = -1
        last_heard = time.monotonic()
        paused_since: float | None = None
        while True:
            if drv.closed:
                raise errors.DriverClosedError()
            with drv._state:
                if drv._news == seen_news:
                    drv._state.wait(min(t.poll, 0.25))
                news = drv._news
                status = drv._last_status
                prog = drv._progress.get(self.job.id)
            now = time.monotonic()
            state: int | None = None
            if news != seen_news:
                seen_news = news
                if prog is not None:
                    self._rows(prog.rows_done, prog.rows_total, prog.eta_ms / 1000.0)
                if status is not None and status.job_id == self.job.id:
                    state = status.job_state
                    self._rows(max(status.rows_done, self.rows_done), status.rows_total, None)
                    last_heard = now
                elif prog is not None:
                    last_heard = now
            if state is None and now - last_heard >= t.poll:
                info = drv._query(self.job.id, job_boot=self.job.boot_id)
                last_heard = time.monotonic()
                self._note(info)
                state = info.state
                if state == JobState.UNKNOWN:
                    self._check_boot()
                    raise errors.JobNotFoundError(self.job.id)
            if state is not None and state in FINISHED_JOB_STATES:
                return drv._query(self.job.id, job_boot=self.job.boot_id)
            if state == JobState.PAUSED:
                paused_since = paused_since or now
                self._last_row_change = now
                if now - paused_since > t.paused_max:
                    raise errors.PrinterStalledError(now - paused_since, self.rows_done)
            elif state is not None:
                paused_since = None
            if now - self._last_row_change > t.print_stall:
                raise errors.PrinterStalledError(now - self._last_row_change, self.rows_done)

    def _finish(self, job: JobInfo) -> PrintResult:
        from printer_driver.driver import PrintResult

        self._note(job)
        if job.state == JobState.DONE:
            return PrintResult(self.job.id, job.rows_done, time.monotonic() - self.started_at)
        if job.state == JobState.FAILED:
            f = fault_from_code(job.fault) if 0 < job.fault <= 32 else Fault.NONE
            raise faults.error_for_faults(int(f), uses=self.job.powders,
                                          rows_done=job.rows_done)
        if job.state == JobState.ABORTED:
            raise errors.JobAbortedError(f"stopped after {job.rows_done} of {job.rows_total} rows")
        self._check_boot()
        raise errors.JobNotFoundError(self.job.id)

    @property
    def first_dot_s(self) -> float | None:
        """Seconds from PRINT to the first row reported, None before it."""
        return None if self._first_row_at is None else self._first_row_at - self.started_at
