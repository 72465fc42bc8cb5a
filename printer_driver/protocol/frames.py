"""Typed frames and their exact bytes (pure; no I/O). docs/protocol.md is normative.

A frame on the wire is ``COBS(header + payload + crc16) + 0x00`` where the header is
``version u8, type u8, seq u16`` and every multi-byte field is little-endian. ``seq`` means:
the sequence number of a host sequenced frame (field ``seq``), the nonce of a host control
frame (``nonce``), or, in a printer frame, the seq/nonce it answers (``ref``; 0 unsolicited).

Use :func:`encode_frame` to get wire bytes and :class:`FrameDecoder` to turn a byte stream
(with noise) back into frames and :class:`DecodeError` values.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, ClassVar

from printer_driver.protocol.cobs import COBSError, cobs_decode, cobs_encode, max_encoded_len
from printer_driver.protocol.constants import (
    CRC_LEN,
    DELIMITER,
    HEADER_LEN,
    MAX_PAYLOAD_HARD,
    PROTOCOL_VERSION,
    FrameType,
)
from printer_driver.protocol.crc import crc16

_HEADER = struct.Struct("<BBH")


@dataclass(frozen=True)
class JobInfo:
    """A job as the printer sees it (18 bytes on the wire).

    ``bytes_have`` is the length of the prefix received without a gap (resume from there);
    ``fault`` is the fault code that failed the job (0 none); rows are printed rows.
    """

    job_id: int
    state: int = 0
    fault: int = 0
    bytes_have: int = 0
    bytes_total: int = 0
    rows_done: int = 0
    rows_total: int = 0

    _fmt: ClassVar[struct.Struct] = struct.Struct("<IBBIIHH")

    def pack(self) -> bytes:
        return self._fmt.pack(
            self.job_id, self.state, self.fault, self.bytes_have, self.bytes_total,
            self.rows_done, self.rows_total,
        )

    @classmethod
    def unpack(cls, data: bytes) -> JobInfo:
        return cls(*cls._fmt.unpack(data))


# A field spec is (name, kind): kind is a struct code ("B", "H", "I"), JobInfo, or "*"
# (the rest of the payload as bytes; last field only).
_Spec = tuple[tuple[str, Any], ...]
_ACK_SPEC: _Spec = (("cum_ack", "H"), ("sack", "I"), ("window_frames", "B"), ("window_bytes", "H"))


class Frame:
    """Base of every frame class. ``TYPE`` is the type byte; ``SPEC`` the payload layout."""

    TYPE: ClassVar[FrameType]
    SPEC: ClassVar[_Spec] = ()
    HEADER_FIELD: ClassVar[str] = "seq"

    @property
    def header_seq(self) -> int:
        """The value carried in the header's ``seq`` field."""
        return int(getattr(self, self.HEADER_FIELD))

    def payload(self) -> bytes:
        """The payload bytes (between header and CRC)."""
        out = bytearray()
        for name, kind in self.SPEC:
            value = getattr(self, name)
            if kind is JobInfo:
                out += value.pack()
            elif kind == "*":
                out += bytes(value)
            else:
                out += struct.pack("<" + kind, int(value))
        return bytes(out)

    @classmethod
    def from_payload(cls, header_seq: int, payload: bytes) -> Frame:
        """Parse ``payload``; raises ValueError if its length does not fit the layout."""
        values: dict[str, Any] = {cls.HEADER_FIELD: header_seq}
        pos = 0
        for name, kind in cls.SPEC:
            if kind is JobInfo:
                size = JobInfo._fmt.size
                if pos + size > len(payload):
                    raise ValueError("short payload")
                values[name] = JobInfo.unpack(payload[pos : pos + size])
            elif kind == "*":
                size = len(payload) - pos
                values[name] = bytes(payload[pos:])
            else:
                size = struct.calcsize("<" + kind)
                if pos + size > len(payload):
                    raise ValueError("short payload")
                values[name] = struct.unpack_from("<" + kind, payload, pos)[0]
            pos += size
        if pos != len(payload):
            raise ValueError(f"payload is {len(payload)} bytes, {cls.__name__} has {pos}")
        return cls(**values)  # type: ignore[call-arg]

    @classmethod
    def payload_len(cls) -> int | None:
        """Fixed payload length, or None when the last field is variable."""
        total = 0
        for _, kind in cls.SPEC:
            if kind == "*":
                return None
            total += JobInfo._fmt.size if kind is JobInfo else struct.calcsize("<" + kind)
        return total


# --- host control frames (unsequenced; header seq = nonce, 1..65535) -------------------


@dataclass(frozen=True)
class Hello(Frame):
    nonce: int
    first_seq: int
    proto_min: int = PROTOCOL_VERSION
    proto_max: int = PROTOCOL_VERSION
    TYPE = FrameType.HELLO
    HEADER_FIELD = "nonce"
    SPEC = (("first_seq", "H"), ("proto_min", "B"), ("proto_max", "B"))


@dataclass(frozen=True)
class StatusReq(Frame):
    nonce: int
    TYPE = FrameType.STATUS_REQ
    HEADER_FIELD = "nonce"


@dataclass(frozen=True)
class JobQuery(Frame):
    nonce: int
    job_id: int
    TYPE = FrameType.JOB_QUERY
    HEADER_FIELD = "nonce"
    SPEC = (("job_id", "I"),)


@dataclass(frozen=True)
class Abort(Frame):
    nonce: int
    job_id: int = 0
    TYPE = FrameType.ABORT
    HEADER_FIELD = "nonce"
    SPEC = (("job_id", "I"),)


@dataclass(frozen=True)
class Pause(Frame):
    nonce: int
    job_id: int = 0
    TYPE = FrameType.PAUSE
    HEADER_FIELD = "nonce"
    SPEC = (("job_id", "I"),)


@dataclass(frozen=True)
class Resume(Frame):
    nonce: int
    job_id: int = 0
    TYPE = FrameType.RESUME
    HEADER_FIELD = "nonce"
    SPEC = (("job_id", "I"),)


# --- host sequenced frames (header seq = sequence number) ------------------------------


@dataclass(frozen=True)
class JobBegin(Frame):
    seq: int
    job_id: int
    grid: int
    pitch_um: int
    diameter_um: int
    powders: int
    compression: int
    length: int
    crc32: int
    TYPE = FrameType.JOB_BEGIN
    SPEC = (
        ("job_id", "I"), ("grid", "H"), ("pitch_um", "H"), ("diameter_um", "I"),
        ("powders", "B"), ("compression", "B"), ("length", "I"), ("crc32", "I"),
    )


@dataclass(frozen=True)
class Data(Frame):
    seq: int
    job_id: int
    offset: int
    data: bytes
    TYPE = FrameType.DATA
    SPEC = (("job_id", "I"), ("offset", "I"), ("data", "*"))

    @classmethod
    def from_payload(cls, header_seq: int, payload: bytes) -> Frame:
        if len(payload) <= 8:
            raise ValueError("DATA carries no bytes")
        return super().from_payload(header_seq, payload)


@dataclass(frozen=True)
class JobCommit(Frame):
    seq: int
    job_id: int
    TYPE = FrameType.JOB_COMMIT
    SPEC = (("job_id", "I"),)


@dataclass(frozen=True)
class Print(Frame):
    seq: int
    job_id: int
    TYPE = FrameType.PRINT
    SPEC = (("job_id", "I"),)


@dataclass(frozen=True)
class ClearFault(Frame):
    seq: int
    faults: int
    TYPE = FrameType.CLEAR_FAULT
    SPEC = (("faults", "I"),)


# --- printer frames (header seq = ref: the seq or nonce answered, 0 if unsolicited) ----


@dataclass(frozen=True)
class HelloReply(Frame):
    ref: int
    code: int
    proto: int
    fw_major: int
    fw_minor: int
    fw_patch: int
    boot_id: int
    capabilities: int
    max_payload: int
    window_frames: int
    window_bytes: int
    max_job_bytes: int
    grid_max: int
    job_slots: int
    keepalive_ms: int
    next_seq: int
    pitch_um: int
    diameter_um: int
    TYPE = FrameType.HELLO_REPLY
    HEADER_FIELD = "ref"
    SPEC = (
        ("code", "B"), ("proto", "B"), ("fw_major", "B"), ("fw_minor", "B"), ("fw_patch", "B"),
        ("boot_id", "I"), ("capabilities", "I"), ("max_payload", "H"), ("window_frames", "B"),
        ("window_bytes", "H"), ("max_job_bytes", "I"), ("grid_max", "H"), ("job_slots", "B"),
        ("keepalive_ms", "H"), ("next_seq", "H"), ("pitch_um", "H"), ("diameter_um", "I"),
    )


@dataclass(frozen=True)
class Ack(Frame):
    ref: int
    cum_ack: int
    sack: int
    window_frames: int
    window_bytes: int
    TYPE = FrameType.ACK
    HEADER_FIELD = "ref"
    SPEC = _ACK_SPEC


@dataclass(frozen=True)
class Nak(Frame):
    ref: int
    cum_ack: int
    sack: int
    window_frames: int
    window_bytes: int
    reason: int
    TYPE = FrameType.NAK
    HEADER_FIELD = "ref"
    SPEC = (*_ACK_SPEC, ("reason", "B"))


@dataclass(frozen=True)
class Result(Frame):
    ref: int
    cum_ack: int
    sack: int
    window_frames: int
    window_bytes: int
    cmd: int
    code: int
    faults: int
    job: JobInfo
    TYPE = FrameType.RESULT
    HEADER_FIELD = "ref"
    SPEC = (*_ACK_SPEC, ("cmd", "B"), ("code", "B"), ("faults", "I"), ("job", JobInfo))


@dataclass(frozen=True)
class Status(Frame):
    ref: int
    boot_id: int
    state: int
    faults: int
    job_id: int
    job_state: int
    rows_done: int
    rows_total: int
    cinnamon_mg: int
    cocoa_mg: int
    uptime_ms: int
    slots_free: int
    TYPE = FrameType.STATUS
    HEADER_FIELD = "ref"
    SPEC = (
        ("boot_id", "I"), ("state", "B"), ("faults", "I"), ("job_id", "I"), ("job_state", "B"),
        ("rows_done", "H"), ("rows_total", "H"), ("cinnamon_mg", "I"), ("cocoa_mg", "I"),
        ("uptime_ms", "I"), ("slots_free", "B"),
    )


@dataclass(frozen=True)
class Progress(Frame):
    ref: int
    job_id: int
    rows_done: int
    rows_total: int
    eta_ms: int
    TYPE = FrameType.PROGRESS
    HEADER_FIELD = "ref"
    SPEC = (("job_id", "I"), ("rows_done", "H"), ("rows_total", "H"), ("eta_ms", "I"))


@dataclass(frozen=True)
class JobInfoReply(Frame):
    ref: int
    job: JobInfo
    TYPE = FrameType.JOB_INFO
    HEADER_FIELD = "ref"
    SPEC = (("job", JobInfo),)


@dataclass(frozen=True)
class CtrlReply(Frame):
    ref: int
    cmd: int
    code: int
    faults: int
    job: JobInfo
    TYPE = FrameType.CTRL_REPLY
    HEADER_FIELD = "ref"
    SPEC = (("cmd", "B"), ("code", "B"), ("faults", "I"), ("job", JobInfo))


FRAME_CLASSES: dict[int, type[Frame]] = {
    int(cls.TYPE): cls
    for cls in (
        Hello, StatusReq, JobQuery, Abort, Pause, Resume,
        JobBegin, Data, JobCommit, Print, ClearFault,
        HelloReply, Ack, Nak, Result, Status, Progress, JobInfoReply, CtrlReply,
    )
}


# --- encoding and decoding ---------------------------------------------------------------


def frame_body(frame: Frame, *, version: int = PROTOCOL_VERSION) -> bytes:
    """Header + payload + CRC-16 (little-endian): the bytes before COBS."""
    try:
        head = _HEADER.pack(version, int(frame.TYPE), frame.header_seq)
        body = head + frame.payload()
    except struct.error as exc:
        raise ValueError(f"{type(frame).__name__}: a field is out of range ({exc})") from exc
    if len(body) - HEADER_LEN > MAX_PAYLOAD_HARD:
        raise ValueError(f"{type(frame).__name__}: payload over {MAX_PAYLOAD_HARD} bytes")
    return body + struct.pack("<H", crc16(body))


def encode_frame(frame: Frame, *, version: int = PROTOCOL_VERSION) -> bytes:
    """The exact wire bytes of ``frame``: COBS-encoded, 0x00 delimiter included."""
    return cobs_encode(frame_body(frame, version=version)) + bytes([DELIMITER])


class DecodeErrorKind(StrEnum):
    COBS = "cobs"  # not a valid COBS block
    SHORT = "short"  # fewer bytes than header + CRC
    CRC = "crc"  # CRC-16 mismatch: damaged on the line
    OVERSIZE = "oversize"  # longer than any valid frame before a delimiter came
    VERSION = "version"  # CRC good, protocol version not ours
    UNKNOWN_TYPE = "unknown_type"  # CRC good, type byte unknown
    LENGTH = "length"  # CRC good, payload length wrong for the type


@dataclass(frozen=True)
class DecodeError:
    """A block between delimiters that is not a valid frame.

    ``version``, ``type`` and ``seq`` are set only when the CRC was good (the header can
    be trusted): kinds VERSION, UNKNOWN_TYPE, LENGTH.
    """

    kind: DecodeErrorKind
    detail: str
    raw_len: int = 0
    version: int | None = None
    type: int | None = None
    seq: int | None = None

    @property
    def line_damage(self) -> bool:
        """True if the frame was damaged on the line (not a well-formed frame we reject)."""
        return self.kind in (
            DecodeErrorKind.COBS, DecodeErrorKind.SHORT, DecodeErrorKind.CRC,
            DecodeErrorKind.OVERSIZE,
        )


class FrameError(ValueError):
    """Raised by :func:`parse_frame`; ``.error`` holds the :class:`DecodeError`."""

    def __init__(self, error: DecodeError) -> None:
        super().__init__(f"{error.kind}: {error.detail}")
        self.error = error


def parse_body(body: bytes) -> Frame:
    """Parse header + payload + CRC (already COBS-decoded). Raises :class:`FrameError`."""
    n = len(body)
    if n < HEADER_LEN + CRC_LEN:
        raise FrameError(DecodeError(DecodeErrorKind.SHORT, f"{n} bytes", n))
    (got,) = struct.unpack_from("<H", body, n - CRC_LEN)
    want = crc16(body[: n - CRC_LEN])
    if got != want:
        raise FrameError(
            DecodeError(DecodeErrorKind.CRC, f"crc {got:04x} != {want:04x}", n)
        )
    version, ftype, seq = _HEADER.unpack_from(body, 0)
    payload = body[HEADER_LEN : n - CRC_LEN]
    if version != PROTOCOL_VERSION:
        raise FrameError(DecodeError(
            DecodeErrorKind.VERSION, f"protocol version {version}", n, version, ftype, seq))
    cls = FRAME_CLASSES.get(ftype)
    if cls is None:
        raise FrameError(DecodeError(
            DecodeErrorKind.UNKNOWN_TYPE, f"type 0x{ftype:02x}", n, version, ftype, seq))
    try:
        return cls.from_payload(seq, payload)
    except ValueError as exc:
        raise FrameError(DecodeError(
            DecodeErrorKind.LENGTH, f"{cls.__name__}: {exc}", n, version, ftype, seq
        )) from exc


def parse_frame(block: bytes) -> Frame:
    """Parse one COBS block (delimiter optional). Raises :class:`FrameError`."""
    block = bytes(block)
    if block.endswith(b"\x00"):
        block = block[:-1]
    try:
        body = cobs_decode(block)
    except COBSError as exc:
        raise FrameError(DecodeError(DecodeErrorKind.COBS, str(exc), len(block))) from exc
    return parse_body(body)


class FrameDecoder:
    """Streaming decoder: feed any bytes, get frames and errors; never raises on input.

    Splits the stream at 0x00; empty blocks (repeated delimiters) are ignored, so a sender
    may send a lone 0x00 to flush a receiver's partial frame. A block longer than
    ``max_payload`` allows is discarded up to the next delimiter and reported once.

    Counters: ``frames`` (valid), ``errors`` (invalid blocks), ``bytes_in``.
    """

    def __init__(self, *, max_payload: int = MAX_PAYLOAD_HARD) -> None:
        self.max_block = max_encoded_len(HEADER_LEN + max_payload + CRC_LEN)
        self._buf = bytearray()
        self._overflow = False
        self.frames = 0
        self.errors = 0
        self.bytes_in = 0

    def reset(self) -> None:
        """Forget a partial frame (e.g. after reopening the port)."""
        self._buf.clear()
        self._overflow = False

    def feed(self, data: bytes | bytearray | memoryview) -> list[Frame | DecodeError]:
        """Consume ``data``; return the frames and errors completed by it, in order."""
        data = bytes(data)
        self.bytes_in += len(data)
        out: list[Frame | DecodeError] = []
        start = 0
        while True:
            end = data.find(b"\x00", start)
            piece = data[start:] if end < 0 else data[start:end]
            if not self._overflow:
                self._buf += piece
                if len(self._buf) > self.max_block:
                    self._overflow = True
                    self._buf.clear()
            if end < 0:
                return out
            start = end + 1
            if self._overflow:
                self._overflow = False
                self.errors += 1
                out.append(DecodeError(DecodeErrorKind.OVERSIZE, "no delimiter in time"))
            elif self._buf:
                block = bytes(self._buf)
                self._buf.clear()
                try:
                    frame = parse_frame(block)
                except FrameError as exc:
                    self.errors += 1
                    out.append(exc.error)
                else:
                    self.frames += 1
                    out.append(frame)


def frame_fields(frame: Frame) -> dict[str, Any]:
    """The frame's fields as a dict (JobInfo as a nested dict), for logs and docs."""
    out: dict[str, Any] = {}
    for f in fields(frame):  # type: ignore[arg-type]
        value = getattr(frame, f.name)
        out[f.name] = value.__dict__.copy() if isinstance(value, JobInfo) else value
    return out
