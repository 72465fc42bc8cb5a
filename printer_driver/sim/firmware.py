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

This module owns the line: framing, sessions, the window and acknowledgements, control
frames and STATUS. The jobs and the machine under them are :mod:`printer_driver.sim.fwjobs`
(mixed in); the settings and the hardware contract :mod:`printer_driver.sim.fwconfig`; the
checks of a job :mod:`printer_driver.sim.jobcheck`.
"""

from __future__ import annotations

import random
from collections import OrderedDict

from printer_driver.powders import CINNAMON, COCOA, default_tones
from printer_driver.protocol import (
    PROTOCOL_VERSION,
    Abort,
    Ack,
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
    Result,
    Resume,
    Status,
    StatusReq,
    encode_frame,
    is_control_type,
    is_reserved_type,
    is_sequenced_type,
)
from printer_driver.sim.fwconfig import FIRMWARE_VERSION, FirmwareConfig, MachineLike
from printer_driver.sim.fwjobs import Answer, Job, JobLogic

__all__ = ["FIRMWARE_VERSION", "Firmware", "FirmwareConfig", "MachineLike"]


def _refusal_of(err: DecodeError) -> tuple[Code, Detail]:
    """How a good-CRC frame that cannot be parsed is answered (5.6)."""
    if err.kind is DecodeErrorKind.UNKNOWN_TYPE:
        return Code.UNSUPPORTED, Detail.TYPE
    return Code.MALFORMED, Detail.PAYLOAD


class Firmware(JobLogic):
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
    def session_active(self) -> bool:
        return self._session is not None

    @property
    def session_minor(self) -> int:
        """The minor protocol version of the current session (0 without one: 1.0 frames)."""
        return self._minor

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
        self._jobs: dict[int, Job] = {}
        self._records: OrderedDict[int, JobInfo] = OrderedDict()
        self._printing: Job | None = None
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
        answer: Answer
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

    def _result(self, seq: int, cmd: int, answer: Answer) -> None:
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
