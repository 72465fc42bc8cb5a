"""The simulated firmware's job logic: the commands of docs/protocol.md 8.2 and the
machine under them (printing, faults, progress).

:class:`JobLogic` is a part of :class:`printer_driver.sim.firmware.Firmware`, split out so
that each half reads in one sitting: the firmware owns the line (sessions, windows,
acknowledgements, control frames, STATUS); this owns the jobs, their records, the latched
faults and the machine. Each command returns its result code, the job's info block and the
``detail`` (10.1) that names what a refusal is about.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from printer_driver.powders import CINNAMON, COCOA
from printer_driver.protocol import (
    ALL_FAULTS,
    Code,
    Data,
    Detail,
    Fault,
    Frame,
    JobBegin,
    JobInfo,
    JobState,
    Progress,
    fault_code,
)
from printer_driver.sim.fwconfig import FirmwareConfig, MachineLike
from printer_driver.sim.jobcheck import check_begin, decode_dots

_POWDER_CODES = {"cinnamon": CINNAMON, "cocoa": COCOA}
_EMPTY = {"cinnamon": Fault.CINNAMON_EMPTY, "cocoa": Fault.COCOA_EMPTY}
_LOW = {"cinnamon": Fault.CINNAMON_LOW, "cocoa": Fault.COCOA_LOW}
_POWDER_DETAIL = {"cinnamon": Detail.CINNAMON, "cocoa": Detail.COCOA}
_MACHINE_FAULTS = {
    "cocoa_empty": Fault.COCOA_EMPTY,
    "cinnamon_empty": Fault.CINNAMON_EMPTY,
    "cup_removed": Fault.CUP_REMOVED,
    "jam": Fault.JAM,
}
_KNOWN_FAULTS = int(sum(int(bit) for bit in Fault))

Answer = tuple[Code, JobInfo, Detail]  # a command's result code, job info and detail


@dataclass
class Job:
    """A job in a slot: its JOB_BEGIN, the bytes received, then its verified dots."""

    begin: JobBegin
    touched: float
    state: JobState = JobState.UPLOADING
    data: bytearray = field(default_factory=bytearray)
    have: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    dots: np.ndarray | None = None
    fault: int = 0
    rows_done: int = 0
    print_seconds: float = 0.0

    def params(self) -> tuple:
        b = self.begin
        return (b.grid, b.pitch_um, b.diameter_um, b.powders, b.compression, b.length, b.crc32)

    def prefix(self) -> int:
        if self.state is not JobState.UPLOADING:
            return self.begin.length
        missing = np.flatnonzero(~self.have)
        return int(missing[0]) if missing.size else self.begin.length

    def info(self) -> JobInfo:
        return JobInfo(
            self.begin.job_id, int(self.state), self.fault, self.prefix(), self.begin.length,
            self.rows_done, self.begin.grid,
        )


class JobLogic:
    """Jobs, records, latched faults and the machine (mixed into ``Firmware``)."""

    machine: MachineLike
    config: FirmwareConfig
    _mg: dict[str, float]
    _jobs: dict[int, Job]
    _records: OrderedDict[int, JobInfo]
    _printing: Job | None
    _last_job: int
    _latched: Fault
    _progress_at: float
    _progress_rows: int
    _send: Callable[[Frame], None]
    _count: Callable[..., None]

    @property
    def faults(self) -> Fault:
        """Fault bits as STATUS reports them (latched, and present as of now)."""
        return Fault(self._latched | self._present_faults())

    def job_info(self, job_id: int) -> JobInfo:
        """The job's info block, as JOB_QUERY answers it (state UNKNOWN if none)."""
        job = self._jobs.get(job_id)
        if job is not None:
            return job.info()
        return self._records.get(job_id) or JobInfo(job_id)

    # --- jobs -----------------------------------------------------------------------------

    def _finish(self, job: Job, state: JobState, fault: Fault = Fault.NONE) -> None:
        job.state = state
        job.fault = fault_code(fault)
        info = job.info()
        self._jobs.pop(job.begin.job_id, None)
        if self._printing is job:
            self._printing = None
        self._records[job.begin.job_id] = info
        self._records.move_to_end(job.begin.job_id)
        while len(self._records) > self.config.records:
            self._records.popitem(last=False)
        self._last_job = job.begin.job_id

    def _job_begin(self, b: JobBegin, now: float) -> Answer:
        c = self.config
        refusal = check_begin(b, c.limits())
        if refusal is not None:
            return refusal[0], JobInfo(b.job_id), refusal[1]
        if b.job_id in self._records:
            return Code.JOB_FINISHED, self._records[b.job_id], Detail.NONE
        job = self._jobs.get(b.job_id)
        if job is not None:
            probe = Job(b, now)
            if probe.params() != job.params():
                return Code.JOB_MISMATCH, job.info(), Detail.NONE
            job.touched = now
            return Code.OK, job.info(), Detail.NONE
        if len(self._jobs) >= c.job_slots and not self._evict_stale(now):
            return Code.NO_SLOT, JobInfo(b.job_id), Detail.NONE
        job = Job(b, now, data=bytearray(b.length), have=np.zeros(b.length, bool))
        self._jobs[b.job_id] = job
        self._last_job = b.job_id
        return Code.OK, job.info(), Detail.NONE

    def _evict_stale(self, now: float) -> bool:
        idle = [j for j in self._jobs.values()
                if j.state in (JobState.UPLOADING, JobState.READY)
                and now - j.touched >= self.config.stale_slot_s]
        if not idle:
            return False
        victim = min(idle, key=lambda j: j.touched)
        self._count("jobs_evicted")
        self._finish(victim, JobState.ABORTED)
        return True

    def _lookup(self, job_id: int) -> tuple[Job | None, Code, JobInfo]:
        job = self._jobs.get(job_id)
        if job is not None:
            return job, Code.OK, job.info()
        if job_id in self._records:
            return None, Code.JOB_FINISHED, self._records[job_id]
        return None, Code.UNKNOWN_JOB, JobInfo(job_id)

    def _data(self, d: Data, now: float) -> Answer:
        job, code, info = self._lookup(d.job_id)
        if job is None:
            return code, info, Detail.NONE
        job.touched = now
        if job.state is not JobState.UPLOADING:
            return Code.OK, info, Detail.NONE
        end = d.offset + len(d.data)
        if end > job.begin.length:
            return Code.BAD_OFFSET, info, Detail.OFFSET
        job.data[d.offset : end] = d.data
        job.have[d.offset : end] = True
        return Code.OK, info, Detail.NONE

    def _commit(self, job_id: int, now: float) -> Answer:
        job, code, info = self._lookup(job_id)
        if job is None:
            return code, info, Detail.NONE
        job.touched = now
        if job.state is not JobState.UPLOADING:
            return Code.OK, info, Detail.NONE
        if not job.have.all():
            return Code.INCOMPLETE, info, Detail.NONE
        dots, refusal = decode_dots(bytes(job.data), job.begin)
        if refusal is not None:
            code, detail = refusal
            if code is Code.JOB_CORRUPT:  # damaged on the way: clear, the host resends
                self._count("jobs_corrupt")
                self._latched |= Fault.JOB_CORRUPT
                job.have[:] = False
                return code, job.info(), detail
            self._count("jobs_refused")  # exactly what the host meant, and not printable
            self._finish(job, JobState.ABORTED)
            return code, self.job_info(job_id), detail
        assert dots is not None
        job.dots = dots
        job.data = bytearray()  # the verified dots replace the compressed bytes
        job.state = JobState.READY
        job.print_seconds = float(self.machine.estimate_seconds(dots))
        self._last_job = job_id
        return Code.OK, job.info(), Detail.NONE

    def _blocking(self, job: Job | None) -> Fault:
        """Faults that stop ``job`` from printing now (powder-empty only if its dots use it)."""
        block = self._latched & (Fault.CUP_REMOVED | Fault.JAM)
        if not self.machine.cup_present():
            block |= Fault.CUP_MISSING
        for name, bit in _EMPTY.items():
            if self._latched & bit and (job is None or job.dots is None
                                         or np.any(job.dots == _POWDER_CODES[name])):
                block |= bit
        return block

    def _print(self, job_id: int, now: float) -> Answer:
        job, code, info = self._lookup(job_id)
        if job is None:
            return code, info, Detail.NONE
        job.touched = now
        if job.state in (JobState.PRINTING, JobState.PAUSED):
            return Code.OK, info, Detail.NONE  # a repeated PRINT never restarts a print
        if job.state is not JobState.READY or job.dots is None:
            return Code.NOT_READY, info, Detail.NONE
        if self._printing is not None:
            return Code.BUSY, info, Detail.NONE
        if self._blocking(job):
            return Code.FAULT_ACTIVE, info, Detail.NONE
        grams = self.machine.powder_grams()
        for name, code_ in _POWDER_CODES.items():
            need_mg = int(np.count_nonzero(job.dots == code_)) * self._mg.get(name, 0.0)
            if need_mg > grams.get(name, 0.0) * 1000.0:
                return Code.POWDER_INSUFFICIENT, info, _POWDER_DETAIL[name]
        self.machine.start(job.dots, now, job_id=f"{job_id:08x}",
                           diameter_mm=job.begin.diameter_um / 1000.0)
        job.state = JobState.PRINTING
        job.rows_done = 0
        self._printing = job
        self._last_job = job_id
        self._progress_rows = -1
        return Code.OK, job.info(), Detail.NONE

    def _target(self, job_id: int) -> tuple[Job | None, Code, JobInfo]:
        """The job an ABORT/PAUSE/RESUME names (0: the one printing or paused)."""
        if job_id == 0:
            if self._printing is None:
                return None, Code.BAD_STATE, JobInfo(0)
            return self._printing, Code.OK, self._printing.info()
        return self._lookup(job_id)

    def _abort(self, job_id: int, now: float) -> Answer:
        job, code, info = self._target(job_id)
        if job is None:
            return code, info, Detail.NONE
        if self._printing is job:
            self._run_machine(now)  # rows finished before the abort count
            if self._printing is not job:  # it ended just now
                return Code.JOB_FINISHED, self.job_info(job.begin.job_id), Detail.NONE
            self.machine.abort(now)
        self._finish(job, JobState.ABORTED)
        self._count("jobs_aborted")
        return Code.OK, self.job_info(job.begin.job_id), Detail.NONE

    def _pause(self, job_id: int, now: float) -> Answer:
        # A finished job answers JOB_FINISHED (from _target), as every command does (8.2).
        job, code, info = self._target(job_id)
        if job is None:
            return code, info, Detail.NONE
        if job.state is JobState.PAUSED:
            return Code.OK, info, Detail.NONE
        if job.state is not JobState.PRINTING:
            return Code.BAD_STATE, info, Detail.NONE
        self.machine.pause(now)
        self._run_machine(now)
        if job.state is JobState.PRINTING:
            job.state = JobState.PAUSED
        return Code.OK, job.info(), Detail.NONE

    def _resume(self, job_id: int, now: float) -> Answer:
        job, code, info = self._target(job_id)
        if job is None:
            return code, info, Detail.NONE
        if job.state is JobState.PRINTING:
            return Code.OK, info, Detail.NONE
        if job.state is not JobState.PAUSED:
            return Code.BAD_STATE, info, Detail.NONE
        if self._blocking(job):
            return Code.FAULT_ACTIVE, info, Detail.NONE
        self.machine.resume(now)
        job.state = JobState.PRINTING
        return Code.OK, job.info(), Detail.NONE

    def _clear_fault(self, mask: int) -> Code:
        """8.2: clear the named latched faults whose cause is gone; FAULT_ACTIVE if a named
        fault is still set (latched, or present: those last while their cause does).
        0xFFFFFFFF names every latched fault and no present one."""
        grams = self.machine.powder_grams()
        jammed = getattr(self.machine, "jammed", None)
        named = Fault(self._latched) if mask == ALL_FAULTS else Fault(mask & _KNOWN_FAULTS)
        for bit in Fault:
            if not bit or not (named & bit) or not (self._latched & bit):
                continue
            name = next((n for n, b in _EMPTY.items() if b == bit), None)
            still = (
                (name is not None and grams.get(name, 0.0) <= 0.0)
                or (bit == Fault.JAM and callable(jammed) and jammed())
            )
            if not still:
                self._latched &= ~bit
        self._count("clear_fault")
        return Code.FAULT_ACTIVE if named & self.faults else Code.OK

    # --- the machine ------------------------------------------------------------------------

    def _run_machine(self, now: float) -> None:
        job = self._printing
        if job is None:
            return
        if job.state is JobState.PAUSED:
            if not self.machine.cup_present():  # a cup lifted while paused is a new cup
                self.machine.abort(now)
                self._fail(job, Fault.CUP_REMOVED)
            return
        rows, fault = self.machine.advance(now)
        job.rows_done = max(job.rows_done, min(int(rows), job.begin.grid))
        if fault is not None:
            self.machine.abort(now)
            self._fail(job, _MACHINE_FAULTS.get(fault, Fault.JAM))
        elif job.rows_done >= job.begin.grid and not self.machine.busy():
            self._progress(job, now, force=True)
            self._finish(job, JobState.DONE)
            self._count("jobs_done")
        else:
            self._progress(job, now)

    def _fail(self, job: Job, fault: Fault) -> None:
        self._latched |= fault
        self._count("jobs_failed")
        self._progress(job, None, force=True)
        self._finish(job, JobState.FAILED, fault)

    def _progress(self, job: Job, now: float | None, *, force: bool = False) -> None:
        if job.rows_done == self._progress_rows and not force:
            return
        if not force and now is not None and now - self._progress_at < (
                self.config.progress_interval_s):
            return
        total = job.begin.grid
        left = job.print_seconds * (total - job.rows_done) / total if total else 0.0
        self._send(Progress(0, job.begin.job_id, job.rows_done, total, round(left * 1000)))
        self._progress_rows = job.rows_done
        if now is not None:
            self._progress_at = now

    def _present_faults(self) -> Fault:
        present = Fault.NONE
        for name, g in self.machine.powder_grams().items():
            if name in _LOW and g < self.machine.powder_low_grams:
                present |= _LOW[name]
        if self._printing is None and not self.machine.cup_present():
            present |= Fault.CUP_MISSING
        return present

    def _update_faults(self, now: float) -> None:
        for name, g in self.machine.powder_grams().items():
            if name in _EMPTY and g <= 0.0:  # a reservoir found empty at rest latches too
                self._latched |= _EMPTY[name]
