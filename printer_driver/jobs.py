"""The two long jobs of the driver: uploading a mask, and following a print to its end.

Both run in the caller's thread under the driver's job lock and survive reconnects: the
upload resumes from the bytes the printer reports, the print is followed from the printer's
own records. Both raise a typed :mod:`printer_driver.errors` error on anything but success.

They see the driver only through a :class:`JobContext`: the connection (a
:class:`JobHost`, in practice :class:`printer_driver.connection.Connection`) and three
callbacks of the driver's own bookkeeping. Nothing here imports the driver.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from printer_driver import errors, faults
from printer_driver.connection import News
from printer_driver.events import ProgressEvent
from printer_driver.link import Link, LinkDown, Pending
from printer_driver.mask import Mask
from printer_driver.protocol import (
    FINISHED_JOB_STATES,
    ClearFault,
    Code,
    Data,
    Detail,
    Fault,
    Frame,
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
from printer_driver.values import FinishedPrint, JobHandle, PrinterInfo, Timeouts

T = TypeVar("T")


class JobHost(Protocol):
    """What a long job needs of the connection to the printer."""

    timeouts: Timeouts
    baudrate: int

    @property
    def closed(self) -> bool: ...
    @property
    def boot_id(self) -> int | None: ...
    def current(self) -> tuple[Link, int]: ...
    def reconnect(self, gen: int, why: LinkDown, during: str) -> None: ...
    def run(self, fn: Callable[[Link], T], during: str, *,
            job_boot: int | None = None) -> T: ...
    def command(self, link: Link, make: Callable[[int], Frame]) -> Result: ...
    def query(self, job_id: int, *, job_boot: int | None = None) -> JobInfo: ...
    def wait_news(self, seen: int, job_id: int, timeout: float) -> News: ...


@dataclass(frozen=True)
class JobContext:
    """The driver, as one job sees it.

    Attributes:
        host: the connection.
        report: deliver a progress event (to the driver's listener and the caller's).
        abort_requested: True once an abort was asked for this job id.
        free_slot: cancel one of the driver's own waiting jobs other than the given id;
            True if one was.
    """

    host: JobHost
    report: Callable[[ProgressEvent], None]
    abort_requested: Callable[[int], bool]
    free_slot: Callable[[int], bool]

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
        self, ctx: JobContext, info: PrinterInfo, mask: Mask, job_id: int,
    ) -> None:
        self.ctx = ctx
        self.host = ctx.host
        self.job_id = job_id
        self.boot = info.boot_id
        self.method, self.data, self.crc = encode_job_data(mask.dots)
        self.n = mask.size
        if self.n > info.grid_max:
            raise errors.JobRejectedError(f"grid {self.n} over the printer's {info.grid_max}")
        pitch_um = round(mask.pitch_mm * 1000)
        if info.protocol_minor >= 1 and pitch_um != round(info.pitch_mm * 1000):
            # A 1.1 printer refuses it (spec 8.2); say which numbers disagree, at once.
            raise errors.JobRejectedError(
                f"the printer prints {info.pitch_mm * 1000:g} um dots; this picture was made "
                f"for {pitch_um} um")
        if len(self.data) > info.max_job_bytes:
            raise errors.JobRejectedError(
                f"{len(self.data)} bytes over the printer's {info.max_job_bytes}")
        self.begin = dict(
            job_id=job_id, grid=self.n, pitch_um=round(mask.pitch_mm * 1000),
            diameter_um=round(mask.diameter_mm * 1000), powders=powder_bits(mask),
            compression=int(self.method), length=len(self.data), crc32=self.crc,
        )
        line_rate = max(self.host.baudrate / 10.0, 1.0)
        self.deadline = (time.monotonic() + self.host.timeouts.upload_min
                         + 3 * len(self.data) / line_rate)
        self.started_at = time.monotonic()  # monotonic seconds (PrintFollower.started is a flag)
        self.corrupt = 0
        self.incomplete = 0
        self._last_done = -1

    def handle(self) -> JobHandle:
        return JobHandle(
            id=self.job_id, crc32=self.crc, size=len(self.data), rows=self.n,
            boot_id=self.boot, powders=self.begin["powders"], compression=int(self.method),
        )

    def run(self) -> JobHandle:
        offset = 0
        freed = 0
        while True:
            link, gen = self.host.current()
            try:
                offset = self._once(link, offset)
            except _NoSlot as exc:
                # Our own ready-but-unprinted jobs may hold the slots: free one and retry.
                if freed >= 2 or not self.ctx.free_slot(self.job_id):
                    raise errors.PrinterBusyError(
                        "every job slot on the printer is in use") from exc
                freed += 1
                continue
            except LinkDown as exc:
                if self.host.closed:
                    raise errors.DriverClosedError() from exc
                self.host.reconnect(gen, exc, "the upload")
                self._check_boot()
                offset = self._resume_offset()
                continue
            if offset < 0:
                return self.handle()

    def _check_boot(self) -> None:
        boot = self.host.boot_id
        if boot is not None and boot != self.boot:
            raise errors.PrinterRestartedError(self.boot, boot)

    def _check_abort(self) -> None:
        if self.ctx.abort_requested(self.job_id):
            raise errors.JobAbortedError("cancelled during the upload")

    def _resume_offset(self) -> int:
        """After a reconnect: where the printer's copy of the job ends."""
        job = self.host.query(self.job_id, job_boot=self.boot)
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

        def data_frame(off: int, piece: bytes) -> Callable[[int], Frame]:
            return lambda seq: Data(seq=seq, job_id=self.job_id, offset=off, data=piece)

        def queue(offs: list[int]) -> None:
            for off in offs:
                piece = self.data[off:off + chunk]
                datas.append((link.send(data_frame(off, piece), want_result=False), len(piece)))

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
        t_cmd = self.host.timeouts.command
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
        rate = done / elapsed if done > 0 and elapsed > 0.05 else self.host.baudrate / 10.0
        left = max(0.0, (total - done) / max(rate, 1.0))
        self.ctx.report(ProgressEvent(self.job_id, "upload", done, total, left))

    def _begin_result(self, r: Result) -> None:
        c = r.code
        if c == Code.OK:
            return
        if c == Code.NO_SLOT:
            raise _NoSlot()
        if c == Code.JOB_FINISHED:
            if self.ctx.abort_requested(self.job_id) or r.job.state == JobState.ABORTED:
                raise errors.JobAbortedError("cancelled during the upload")
            raise errors.JobRejectedError(f"job {self.job_id:08x} was already printed or ended")
        if c in (Code.TOO_LARGE, Code.UNSUPPORTED, Code.MALFORMED, Code.JOB_MISMATCH):
            raise errors.JobRejectedError(_refusal("JOB_BEGIN", r))
        raise errors.ProtocolError(_refusal("JOB_BEGIN", r))

    def _data_failure(self, r: Result) -> None:
        aborted = self.ctx.abort_requested(self.job_id) or r.job.state == JobState.ABORTED
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
        if c in (Code.MALFORMED, Code.UNSUPPORTED, Code.TOO_LARGE):
            # 1.1 checks the dots at commit: an undeclared powder, a dot outside the circle.
            raise errors.JobRejectedError(_refusal("JOB_COMMIT", r))
        raise errors.ProtocolError(_refusal("JOB_COMMIT", r))

    def _clear_corrupt_flag(self) -> None:
        # The retry worked; the latched JOB_CORRUPT would only worry the barista.
        try:
            link, _ = self.host.current()
            self.host.command(link, _clear_fault_frame(int(Fault.JOB_CORRUPT)))
        except (LinkDown, errors.PrinterError):
            pass


def _refusal(command: str, r: Result) -> str:
    """ "JOB_BEGIN answered UNSUPPORTED (PITCH)": the code and, in a 1.1 session, the
    printer's detail (an unknown one by its number, spec 10.1)."""
    try:
        code = Code(r.code).name
    except ValueError:
        code = f"code {r.code}"
    if not r.detail:
        return f"{command} answered {code}"
    try:
        detail = Detail(r.detail).name
    except ValueError:
        detail = f"detail {r.detail}"
    return f"{command} answered {code} ({detail})"


def _clear_fault_frame(bits: int) -> Callable[[int], Frame]:
    return lambda seq: ClearFault(seq=seq, faults=bits)


class PrintFollower:
    """Start a print and follow it to its end (see :meth:`PrinterDriver.print_job`)."""

    def __init__(
        self, ctx: JobContext, job: JobHandle, clear_faults: bool,
    ) -> None:
        self.ctx = ctx
        self.host = ctx.host
        self.job = job
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

    def run(self) -> FinishedPrint:
        self._check_boot()
        final = self._start()
        if final is None:
            final = self._follow()
        return self._finish(final)

    def _check_boot(self) -> None:
        boot = self.host.boot_id
        if boot is not None and boot != self.job.boot_id:
            raise errors.PrinterRestartedError(self.job.boot_id, boot)

    def _command(self, make: Callable[[int], Frame]) -> Result:
        return self.host.run(lambda link: self.host.command(link, make), "printing",
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
                    cr = self._command(_clear_fault_frame(clearable))
                    if cr.code == Code.OK:
                        continue
                    raise self._fault_error(cr.faults)
                raise self._fault_error(r.faults)
            if c == Code.BUSY:
                raise errors.PrinterBusyError("another print is running")
            if c == Code.POWDER_INSUFFICIENT:
                named = {Detail.COCOA: "cocoa", Detail.CINNAMON: "cinnamon"}.get(
                    Detail(r.detail) if r.detail in set(Detail) else Detail.NONE)
                raise errors.PowderLowError(
                    named or faults.short_powder(r.faults, self.job.powders))
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
                result = pending.wait(self.host.timeouts.command)
            except TimeoutError as exc:
                self.print_sent = self.print_sent or pending.sent
                raise LinkDown(f"no result: {exc}") from exc
            except LinkDown:
                self.print_sent = self.print_sent or pending.sent
                raise
            if result is None:
                raise LinkDown("PRINT completed without its RESULT")
            return result

        return self.host.run(go, "printing", job_boot=self.job.boot_id)

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
        self.ctx.report(
            ProgressEvent(self.job.id, "print", self.rows_done, self.rows_total, left))

    def _follow(self) -> JobInfo:
        t = self.host.timeouts
        host = self.host
        seen_news = -1
        last_heard = time.monotonic()
        paused_since: float | None = None
        while True:
            if host.closed:
                raise errors.DriverClosedError()
            news: News = host.wait_news(seen_news, self.job.id, min(t.poll, 0.25))
            status, prog = news.status, news.progress
            now = time.monotonic()
            state: int | None = None
            if news.count != seen_news:
                seen_news = news.count
                if prog is not None:
                    self._rows(prog.rows_done, prog.rows_total, prog.eta_ms / 1000.0)
                if status is not None and status.job_id == self.job.id:
                    state = status.job_state
                    self._rows(max(status.rows_done, self.rows_done), status.rows_total, None)
                    last_heard = now
                elif prog is not None:
                    last_heard = now
            if state is None and now - last_heard >= t.poll:
                info = host.query(self.job.id, job_boot=self.job.boot_id)
                last_heard = time.monotonic()
                self._note(info)
                state = info.state
                if state == JobState.UNKNOWN:
                    self._check_boot()
                    raise errors.JobNotFoundError(self.job.id)
            if state is not None and state in FINISHED_JOB_STATES:
                return host.query(self.job.id, job_boot=self.job.boot_id)
            if state == JobState.PAUSED:
                paused_since = paused_since or now
                self._last_row_change = now
                if now - paused_since > t.paused_max:
                    raise errors.PrinterStalledError(now - paused_since, self.rows_done)
            elif state is not None:
                paused_since = None
            if now - self._last_row_change > t.print_stall:
                raise errors.PrinterStalledError(now - self._last_row_change, self.rows_done)

    def _finish(self, job: JobInfo) -> FinishedPrint:
        self._note(job)
        if job.state == JobState.DONE:
            return FinishedPrint(self.job.id, job.rows_done, time.monotonic() - self.started_at)
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
