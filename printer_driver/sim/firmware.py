"""The simulated printer's firmware: the printer side of docs/protocol.md, version 1.1.

Contract with the simulated hardware (``printer_driver.sim.printer`` hosts it)::

    fw = Firmware(machine, config=FirmwareConfig(), rng=random.Random(seed))
    fw.receive(data, now)   # bytes from the host, in order, possibly damaged
    out = fw.poll(now)      # bytes to send to the host now; also advances printing
    fw.reboot(now)          # power cycle: new boot id, every job and record lost
    fw.boot_id              # current random non-zero 32-bit boot id

``now`` is simulated seconds (monotonic, any origin). The firmware never sleeps, reads a
clock or does I/O: the host calls ``receive``/``poll`` as often as it likes (the sim every
few milliseconds). ``machine`` is anything that satisfies :class:`MachineLike`.

What it keeps (RAM, lost by :meth:`Firmware.reboot`): the session (sequence state, RESULT
cache, control nonce memory), up to ``job_slots`` jobs being uploaded, ready or printing,
the last ``records`` finished jobs (job id -> final state, fault, rows printed), and the
latched faults. A new host session (HELLO) keeps jobs, records and faults.

Inspection for tests and the sim: :meth:`Firmware.job_info`, :attr:`Firmware.faults`,
:attr:`Firmware.counters`, :attr:`Firmware.session_active`, :attr:`Firmware.session_minor`.

``FirmwareConfig(protocol_minor=0)`` makes a printer that speaks 1.0 on the wire (it refuses
a 1.1 HELLO as a 1.0 printer does and never sends a 1.1 field), to test mixed versions.
"""

from __future__ import annotations

import random
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from printer_driver.powders import CINNAMON, COCOA, default_tones
from printer_driver.protocol import (
    ALL_FAULTS,
    PROTOCOL_MINOR,
    PROTOCOL_VERSION,
    Abort,
    Ack,
    Capability,
    ClearFault,
    Code,
    CtrlReply,
    Data,
    DecodeError,
    DecodeErrorKind,
    Detail,
    Fault,
    Frame,
    FrameDecoder,
    FrameType,
    Hello,
    HelloReply,
    JobBegin,
    JobCommit,
    JobInfo,
    JobInfoReply,
    JobQuery,
    JobState,
    Nak,
    NakReason,
    Pause,
    Print,
    PrinterState,
    Progress,
    Result,
    Resume,
    Status,
    StatusReq,
    encode_frame,
    fault_code,
    is_control_type,
    is_reserved_type,
    is_sequenced_type,
    serial_problem,
)
from printer_driver.sim.jobcheck import Limits, check_begin, decode_dots

FIRMWARE_VERSION = (1, 1, 0)
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


@runtime_checkable
class MachineLike(Protocol):
    """What the firmware needs from the hardware. Times are simulated seconds.

    Powder names are ``"cinnamon"`` and ``"cocoa"``. ``advance`` prints every row due by
    ``now`` and returns (rows printed so far in this print, fault name or None); fault names
    are ``"cocoa_empty"``, ``"cinnamon_empty"``, ``"cup_removed"``, ``"jam"``, reported while
    the machine stands stopped by the fault. Optional extra: ``jammed() -> bool`` (lets
    CLEAR_FAULT refuse to clear a jam that is still there). ``start`` gets the job's print
    circle (``diameter_mm``) so that the machine's record of the print carries it.
    """

    @property
    def powder_low_grams(self) -> float: ...

    def cup_present(self) -> bool: ...
    def powder_grams(self) -> dict[str, float]: ...
    def start(self, dots: np.ndarray, now: float, *, job_id: str | None = None,
              diameter_mm: float | None = None) -> None: ...
    def advance(self, now: float) -> tuple[int, str | None]: ...
    def abort(self, now: float) -> None: ...
    def pause(self, now: float) -> None: ...
    def resume(self, now: float) -> None: ...
    def busy(self) -> bool: ...
    def estimate_seconds(self, dots: np.ndarray) -> float: ...


@dataclass(frozen=True)
class FirmwareConfig:
    """The printer's limits and timing (advertised in HELLO_REPLY where the spec says).

    Attributes:
        max_payload: largest frame payload accepted, bytes.
        window_frames: receive window, frames (<= 32: the SACK bitmap's reach).
        window_bytes: receive window, payload bytes.
        max_job_bytes: largest job data (compressed) accepted, bytes.
        grid_max: largest grid side, dots.
        job_slots: jobs uploading/ready/printing at once.
        records: finished-job records kept.
        keepalive_s: unsolicited STATUS interval, seconds.
        progress_interval_s: minimum seconds between PROGRESS frames.
        status_min_interval_s: changes closer together than this share one STATUS (a
            bouncing cup sensor must not flood the line).
        nak_holdoff_s: seconds after a NAK before another may be sent within a burst.
        stale_slot_s: an idle uploading/ready job may be evicted after this many seconds.
        pitch_um, diameter_um: the machine's native geometry (HELLO_REPLY).
        mg_per_dot: the firmware's dose estimate per powder name, for POWDER_INSUFFICIENT
            (None: the packaged tone table).
        result_cache: RESULTs kept for duplicates; nonce_cache: control answers kept.
        serial: the printer's serial number (HELLO_REPLY 1.1); "" for none.
        protocol_minor: the highest minor protocol version spoken: 1, or 0 to behave as a
            1.0 printer on the wire.
    """

    version: tuple[int, int, int] = FIRMWARE_VERSION
    max_payload: int = 256
    window_frames: int = 16
    window_bytes: int = 4096
    max_job_bytes: int = 73728
    grid_max: int = 512
    job_slots: int = 2
    records: int = 32
    keepalive_s: float = 1.0
    progress_interval_s: float = 0.25
    status_min_interval_s: float = 0.05
    nak_holdoff_s: float = 0.5
    stale_slot_s: float = 300.0
    pitch_um: int = 300
    diameter_um: int = 76000
    mg_per_dot: dict[str, float] | None = None
    result_cache: int = 64
    nonce_cache: int = 16
    serial: str = ""
    protocol_minor: int = PROTOCOL_MINOR
    capabilities: int = int(
        Capability.PACKBITS | Capability.PAUSE_RESUME | Capability.SACK
        | Capability.POWDER_LEVELS | Capability.CUP_SENSOR | Capability.JOB_RECORDS
    )

    def __post_init__(self) -> None:
        if not 1 <= self.window_frames <= 32:
            raise ValueError("window_frames must be 1..32 (the SACK bitmap covers 32)")
        if not 64 <= self.max_payload <= 1024:
            raise ValueError("max_payload must be 64..1024 bytes")
        if self.window_bytes < self.max_payload:
            raise ValueError("window_bytes must hold at least one full frame")
        if self.serial and (why := serial_problem(self.serial)):
            raise ValueError(f"serial number {self.serial!r} is not valid: {why}")
        if not 0 <= self.protocol_minor <= PROTOCOL_MINOR:
            raise ValueError(f"protocol_minor must be 0..{PROTOCOL_MINOR}")

    def limits(self) -> Limits:
        """What a job is checked against (JOB_BEGIN)."""
        return Limits(self.pitch_um, self.grid_max, self.max_job_bytes)


@dataclass
class _Job:
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


_Answer = tuple[Code, JobInfo, Detail]  # a command's result code, job info and detail
_KNOWN_FAULTS = int(sum(int(bit) for bit in Fault))


def _refusal_of(err: DecodeError) -> tuple[Code, Detail]:
    """How a good-CRC frame that cannot be parsed is answered (5.6)."""
    if err.kind is DecodeErrorKind.UNKNOWN_TYPE:
        return Code.UNSUPPORTED, Detail.TYPE
    return Code.MALFORMED, Detail.PAYLOAD


class Firmware:
    """The protocol state machine of one printer. See the module docstring."""

    def __init__(
        self, machine: MachineLike, *, config: FirmwareConfig | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.machine = machine
        self.config = config or FirmwareConfig()
        self._rng = rng or random.Random()
        tones = default_tones()
        self._mg = dict(self.config.mg_per_dot or {
            "cinnamon": tones[CINNAMON].mg_per_dot, "cocoa": tones[COCOA].mg_per_dot})
        self.boot_id = 0
        self.counters: dict[str, int] = {}
        self._boot(None)

    # --- the contract -------------------------------------------------------------------

    def receive(self, data: bytes, now: float) -> None:
        """Take bytes from the host (any split, possibly damaged) and act on them."""
        self._clock(now)
        for item in self._decoder.feed(data):
            if isinstance(item, DecodeError):
                self._on_decode_error(item, now)
            elif is_control_type(item.TYPE):
                self._on_control(item, now)
            elif is_sequenced_type(item.TYPE):
                self._on_sequenced(item.header_seq, item, now)
            else:
                self._count("printer_frames_ignored")
        if self._ack_dirty:
            self._send(Ack(self._ack_ref, *self._ack_block()))

    def poll(self, now: float) -> bytes:
        """Advance printing to ``now``; return the bytes due to the host (may be empty)."""
        self._clock(now)
        self._run_machine(now)
        self._update_faults(now)
        self._maybe_status(now)
        out = bytes(self._out)
        self._out.clear()
        return out

    def reboot(self, now: float) -> None:
        """Power cycle: stop the machine, new boot id, lose all RAM state."""
        self.machine.abort(now)
        self._boot(now)

    # --- inspection ---------------------------------------------------------------------

    @property
    def faults(self) -> Fault:
        """Fault bits as STATUS reports them (latched, and present as of now)."""
        return Fault(self._latched | self._present_faults())

    @property
    def session_active(self) -> bool:
        return self._session is not None

    @property
    def session_minor(self) -> int:
        """The minor protocol version of the current session (0 without one: 1.0 frames)."""
        return self._minor

    def job_info(self, job_id: int) -> JobInfo:
        """The job's info block, as JOB_QUERY answers it (state UNKNOWN if none)."""
        job = self._jobs.get(job_id)
        if job is not None:
            return job.info()
        return self._records.get(job_id) or JobInfo(job_id)

    # --- boot and bookkeeping -----------------------------------------------------------

    def _boot(self, now: float | None) -> None:
        old = self.boot_id
        while self.boot_id in (0, old):
            self.boot_id = self._rng.getrandbits(32)
        self._boot_time = now
        # Frames up to the protocol's hard limit are decoded, so that a good frame longer
        # than this printer's max_payload is answered MALFORMED instead of NAKed as damage
        # (a host resending it would be NAKed for ever).
        self._decoder = FrameDecoder(accept_payload=self.config.max_payload)
        self._out = bytearray()
        self._session: tuple[int, int] | None = None
        self._minor = 0
        self._hello_reply: HelloReply | None = None
        self._cum_ack = 0
        self._held: dict[int, tuple[Frame | DecodeError, int]] = {}
        self._held_bytes = 0
        self._results: OrderedDict[int, Result] = OrderedDict()
        self._nonces: OrderedDict[tuple[int, int], Frame] = OrderedDict()
        self._ack_dirty = False
        self._ack_ref = 0
        self._nak_armed = True
        self._nak_at = float("-inf")
        self._jobs: dict[int, _Job] = {}
        self._records: OrderedDict[int, JobInfo] = OrderedDict()
        self._printing: _Job | None = None
        self._last_job = 0
        self._latched = Fault.NONE
        self._status_sig: tuple | None = None
        self._status_at = float("-inf")
        self._progress_at = float("-inf")
        self._progress_rows = -1
        self._count("boots")

    def _clock(self, now: float) -> None:
        if self._boot_time is None:
            self._boot_time = now

    def _count(self, name: str, n: int = 1) -> None:
        self.counters[name] = self.counters.get(name, 0) + n

    def _send(self, frame: Frame) -> None:
        if isinstance(frame, (Ack, Nak, Result)):
            self._ack_dirty = False
        self._out += encode_frame(frame)
        self._count("frames_sent")

    def _ack_block(self) -> tuple[int, int, int, int]:
        sack = 0
        for seq in self._held:
            bit = ((seq - self._cum_ack) & 0xFFFF) - 2
            if 0 <= bit < 32:
                sack |= 1 << bit
        return self._cum_ack, sack, self.config.window_frames, self.config.window_bytes

    def _nak(self, reason: NakReason, ref: int, now: float) -> None:
        if not self._nak_armed and now - self._nak_at < self.config.nak_holdoff_s:
            self._count("naks_damped")
            return
        self._nak_armed = False
        self._nak_at = now
        self._count("naks_sent")
        self._send(Nak(ref, *self._ack_block(), int(reason)))

    # --- decoding errors ------------------------------------------------------------------

    def _on_decode_error(self, err: DecodeError, now: float) -> None:
        self._count("frames_invalid")
        if err.line_damage:
            self._nak(NakReason.CRC, 0, now)
            return
        t = err.type or 0
        if err.kind is DecodeErrorKind.VERSION:
            if t == FrameType.HELLO and err.seq:
                self._send(self._make_hello_reply(err.seq, Code.VERSION, 0))
            return
        if is_reserved_type(t):  # never assigned: nobody to answer (5.6)
            self._count("reserved_types")
            return
        code, detail = _refusal_of(err)
        if is_control_type(t):
            self._send(self._ctrl_reply(err.seq or 0, t, code, JobInfo(0), detail))
        elif is_sequenced_type(t):
            self._on_sequenced(err.seq or 0, err, now)
        else:
            self._count("printer_frames_ignored")

    # --- the sequenced channel ------------------------------------------------------------

    def _on_sequenced(self, seq: int, item: Frame | DecodeError, now: float) -> None:
        if self._session is None:
            self._nak(NakReason.NO_SESSION, seq, now)
            return
        self._ack_dirty = True
        self._ack_ref = seq
        d = (seq - self._cum_ack) & 0xFFFF
        if d == 0 or d >= 0x8000:
            self._count("duplicates")
            cached = self._results.get(seq)
            if cached is not None:
                self._send(self._refresh(cached))
            return
        if d == 1:
            self._cum_ack = seq  # first, so the frame's RESULT acknowledges it
            self._deliver(item, seq, now)
            while (nxt := (self._cum_ack + 1) & 0xFFFF) in self._held:
                held, size = self._held.pop(nxt)
                self._held_bytes -= size
                self._cum_ack = nxt
                self._deliver(held, nxt, now)
            self._nak_armed = True
            return
        if d > self.config.window_frames:
            self._count("beyond_window")
            self._latched |= Fault.BUFFER_OVERFLOW  # 5.2: the host overran the window
            self._nak(NakReason.WINDOW, seq, now)
            return
        if seq not in self._held:
            size = len(item.payload()) if isinstance(item, Frame) else max(0, item.raw_len - 6)
            if self._held_bytes + size > self.config.window_bytes:
                self._count("buffer_overflow")
                self._latched |= Fault.BUFFER_OVERFLOW
                self._nak(NakReason.WINDOW, seq, now)
                return
            self._held[seq] = (item, size)
            self._held_bytes += size
        self._nak(NakReason.GAP, seq, now)

    def _detail(self, detail: Detail) -> int | None:
        """The ``detail`` field as this session sends it (None: a 1.0 session has none)."""
        return int(detail) if self._minor >= 1 else None

    def _refresh(self, result: Result) -> Result:
        cum, sack, wf, wb = self._ack_block()
        return Result(result.ref, cum, sack, wf, wb, result.cmd, result.code, result.faults,
                      result.job, result.detail)

    def _deliver(self, item: Frame | DecodeError, seq: int, now: float) -> None:
        self._count("delivered")
        if isinstance(item, DecodeError):
            code, detail = _refusal_of(item)
            self._result(seq, item.type or 0, (code, JobInfo(0), detail))
            return
        answer: _Answer
        if isinstance(item, JobBegin):
            answer = self._job_begin(item, now)
        elif isinstance(item, Data):
            answer = self._data(item, now)
            if answer[0] is Code.OK:
                return  # DATA is answered by the ACK alone unless it failed
        elif isinstance(item, JobCommit):
            answer = self._commit(item.job_id, now)
        elif isinstance(item, Print):
            answer = self._print(item.job_id, now)
        elif isinstance(item, ClearFault):
            answer = self._clear_fault(item.faults), JobInfo(0), Detail.NONE
        else:  # a sequenced type this firmware parses but does not implement
            answer = Code.UNSUPPORTED, JobInfo(0), Detail.TYPE
        self._result(seq, int(item.TYPE), answer)

    def _result(self, seq: int, cmd: int, answer: _Answer) -> None:
        code, info, detail = answer
        result = Result(seq, *self._ack_block(), cmd, int(code), int(self.faults), info,
                        self._detail(detail))
        self._results[seq] = result
        while len(self._results) > self.config.result_cache:
            self._results.popitem(last=False)
        self._send(result)

    # --- the control channel ----------------------------------------------------------------

    def _ctrl_reply(self, ref: int, cmd: int, code: Code, info: JobInfo,
                    detail: Detail = Detail.NONE) -> CtrlReply:
        return CtrlReply(ref, cmd, int(code), int(self.faults), info, self._detail(detail))

    def _on_control(self, frame: Frame, now: float) -> None:
        self._count("control_frames")
        if isinstance(frame, Hello) and frame.minor is not None and not self.config.protocol_minor:
            # A 1.0 printer: a HELLO of more than 4 bytes has the wrong length (5.6).
            self._send(self._ctrl_reply(frame.nonce, int(frame.TYPE), Code.MALFORMED, JobInfo(0)))
            return
        if isinstance(frame, Hello):
            self._hello(frame)
            return
        if frame.header_seq == 0:  # an answer with ref 0 could not be matched: act on nothing
            self._count("nonce_zero")
            self._send(self._ctrl_reply(0, int(frame.TYPE), Code.MALFORMED, JobInfo(0),
                                        Detail.NONCE))
        elif isinstance(frame, StatusReq):
            self._send(self._status(frame.nonce, now))
        elif isinstance(frame, JobQuery):
            self._send(JobInfoReply(frame.nonce, self.job_info(frame.job_id)))
        elif isinstance(frame, (Abort, Pause, Resume)):
            key = (int(frame.TYPE), frame.nonce)
            reply = self._nonces.get(key)
            if reply is None:
                if isinstance(frame, Abort):
                    code, info, detail = self._abort(frame.job_id, now)
                elif isinstance(frame, Pause):
                    code, info, detail = self._pause(frame.job_id, now)
                else:
                    code, info, detail = self._resume(frame.job_id, now)
                reply = self._ctrl_reply(frame.nonce, int(frame.TYPE), code, info, detail)
                self._nonces[key] = reply
                while len(self._nonces) > self.config.nonce_cache:
                    self._nonces.popitem(last=False)
            else:
                self._count("control_repeats")
            self._send(reply)

    def _make_hello_reply(self, nonce: int, code: Code, next_seq: int,
                          minor: int | None = None) -> HelloReply:
        c = self.config
        return HelloReply(
            nonce, int(code), PROTOCOL_VERSION, *c.version, self.boot_id, c.capabilities,
            c.max_payload, c.window_frames, c.window_bytes, c.max_job_bytes, c.grid_max,
            c.job_slots, round(c.keepalive_s * 1000), next_seq, c.pitch_um, c.diameter_um,
            minor, None if minor is None else c.serial,
        )

    def _hello(self, hello: Hello) -> None:
        key = (hello.nonce, hello.first_seq)
        if self._session == key and self._hello_reply is not None:
            self._count("hello_repeats")
            self._send(self._hello_reply)
            return
        if not hello.proto_min <= PROTOCOL_VERSION <= hello.proto_max or hello.nonce == 0:
            code = Code.VERSION if hello.nonce else Code.MALFORMED
            self._send(self._make_hello_reply(hello.nonce, code, 0))
            return
        # 4.5: the session speaks the lower of the two minor versions; a HELLO without
        # the field is a 1.0 host, answered in the 1.0 layout.
        minor = None if hello.minor is None else min(hello.minor, self.config.protocol_minor)
        self._session = key
        self._minor = minor or 0
        self._cum_ack = (hello.first_seq - 1) & 0xFFFF
        self._held.clear()
        self._held_bytes = 0
        self._results.clear()
        self._nonces.clear()
        self._nak_armed = True
        self._ack_dirty = False
        self._count("sessions")
        self._hello_reply = self._make_hello_reply(hello.nonce, Code.OK, hello.first_seq, minor)
        self._send(self._hello_reply)

    # --- jobs -----------------------------------------------------------------------------

    def _finish(self, job: _Job, state: JobState, fault: Fault = Fault.NONE) -> None:
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

    def _job_begin(self, b: JobBegin, now: float) -> _Answer:
        c = self.config
        refusal = check_begin(b, c.limits())
        if refusal is not None:
            return refusal[0], JobInfo(b.job_id), refusal[1]
        if b.job_id in self._records:
            return Code.JOB_FINISHED, self._records[b.job_id], Detail.NONE
        job = self._jobs.get(b.job_id)
        if job is not None:
            probe = _Job(b, now)
            if probe.params() != job.params():
                return Code.JOB_MISMATCH, job.info(), Detail.NONE
            job.touched = now
            return Code.OK, job.info(), Detail.NONE
        if len(self._jobs) >= c.job_slots and not self._evict_stale(now):
            return Code.NO_SLOT, JobInfo(b.job_id), Detail.NONE
        job = _Job(b, now, data=bytearray(b.length), have=np.zeros(b.length, bool))
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

    def _lookup(self, job_id: int) -> tuple[_Job | None, Code, JobInfo]:
        job = self._jobs.get(job_id)
        if job is not None:
            return job, Code.OK, job.info()
        if job_id in self._records:
            return None, Code.JOB_FINISHED, self._records[job_id]
        return None, Code.UNKNOWN_JOB, JobInfo(job_id)

    def _data(self, d: Data, now: float) -> _Answer:
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

    def _commit(self, job_id: int, now: float) -> _Answer:
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

    def _blocking(self, job: _Job | None) -> Fault:
        """Faults that stop ``job`` from printing now (powder-empty only if its dots use it)."""
        block = self._latched & (Fault.CUP_REMOVED | Fault.JAM)
        if not self.machine.cup_present():
            block |= Fault.CUP_MISSING
        for name, bit in _EMPTY.items():
            if self._latched & bit and (job is None or job.dots is None
                                         or np.any(job.dots == _POWDER_CODES[name])):
                block |= bit
        return block

    def _print(self, job_id: int, now: float) -> _Answer:
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

    def _target(self, job_id: int) -> tuple[_Job | None, Code, JobInfo]:
        """The job an ABORT/PAUSE/RESUME names (0: the one printing or paused)."""
        if job_id == 0:
            if self._printing is None:
                return None, Code.BAD_STATE, JobInfo(0)
            return self._printing, Code.OK, self._printing.info()
        return self._lookup(job_id)

    def _abort(self, job_id: int, now: float) -> _Answer:
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

    def _pause(self, job_id: int, now: float) -> _Answer:
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

    def _resume(self, job_id: int, now: float) -> _Answer:
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

    def _fail(self, job: _Job, fault: Fault) -> None:
        self._latched |= fault
        self._count("jobs_failed")
        self._progress(job, None, force=True)
        self._finish(job, JobState.FAILED, fault)

    def _progress(self, job: _Job, now: float | None, *, force: bool = False) -> None:
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

    # --- status -----------------------------------------------------------------------------

    def _status(self, ref: int, now: float) -> Status:
        job = self._printing
        info = job.info() if job is not None else (
            self.job_info(self._last_job) if self._last_job else JobInfo(0))
        if job is None:
            state = PrinterState.IDLE
        else:
            state = PrinterState.PAUSED if job.state is JobState.PAUSED else PrinterState.PRINTING
        grams = self.machine.powder_grams()
        boot = now if self._boot_time is None else self._boot_time
        uptime = round((now - boot) * 1000) & 0xFFFFFFFF
        return Status(
            ref, self.boot_id, int(state), int(self.faults), info.job_id, info.state,
            info.rows_done, info.rows_total,
            max(0, round(grams.get("cinnamon", 0.0) * 1000)),
            max(0, round(grams.get("cocoa", 0.0) * 1000)),
            uptime, max(0, self.config.job_slots - len(self._jobs)),
        )

    def _maybe_status(self, now: float) -> None:
        st = self._status(0, now)
        sig = (st.state, st.faults, st.job_id, st.job_state, st.slots_free)
        since = now - self._status_at
        changed = sig != self._status_sig and since >= self.config.status_min_interval_s
        if changed or since >= self.config.keepalive_s:
            self._send(st)
            self._status_sig = sig
            self._status_at = now
