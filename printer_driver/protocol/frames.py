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


# A field spec is (name, kind): kind is a struct code ("B", "H", "I"), JobInfo, "S32" (a
# 32-byte ASCII text padded with 0x00) or "*" (the rest of the payload as bytes; last only).
_Spec = tuple[tuple[str, Any], ...]
_ACK_SPEC: _Spec = (("cum_ack", "H"), ("sack", "I"), ("window_frames", "B"), ("window_bytes", "H"))
_TEXT_LEN = 32


def _kind_size(kind: Any) -> int:
    if kind is JobInfo:
        return JobInfo._fmt.size
    if kind == "S32":
        return _TEXT_LEN
    return struct.calcsize("<" + kind)


def _pack_fields(frame: Frame, spec: _Spec) -> bytes:
    out = bytearray()
    for name, kind in spec:
        value = getattr(frame, name)
        if kind is JobInfo:
            out += value.pack()
        elif kind == "*":
            out += bytes(value)
        elif kind == "S32":
            raw = str(value).encode("ascii")  # UnicodeEncodeError is a ValueError
            if len(raw) > _TEXT_LEN:
                raise ValueError(f"{name} is {len(raw)} bytes, at most {_TEXT_LEN}")
            out += raw.ljust(_TEXT_LEN, b"\0")
        else:
            out += struct.pack("<" + kind, int(value))
    return bytes(out)


def _unpack_fields(spec: _Spec, payload: bytes, pos: int, values: dict[str, Any]) -> int:
    """Parse ``spec`` from ``payload`` at ``pos`` into ``values``; returns the end position."""
    for name, kind in spec:
        if kind == "*":
            values[name] = bytes(payload[pos:])
            pos = len(payload)
            continue
        size = _kind_size(kind)
        if pos + size > len(payload):
            raise ValueError("short payload")
        chunk = payload[pos : pos + size]
        if kind is JobInfo:
            values[name] = JobInfo.unpack(chunk)
        elif kind == "S32":
            # Lenient on purpose: any byte decodes (latin-1), so a printer with a damaged
            # serial still connects; the host checks it with constants.serial_problem.
            values[name] = bytes(chunk).rstrip(b"\0").decode("latin-1")
        else:
            values[name] = struct.unpack_from("<" + kind, payload, pos)[0]
        pos += size
    return pos


class Frame:
    """Base of every frame class. ``TYPE`` is the type byte; ``SPEC`` the 1.0 payload layout.

    ``EXT_SPEC`` lists the fields a minor version appends (docs/protocol.md 4.5). They are
    all None in a frame of the 1.0 layout and all set in one of the extended layout; the
    payload's length says which. ``EXT_TAIL_OK``: bytes after the known extension are
    accepted and ignored (HELLO only, so that a host of a later minor version needs no
    second try with a printer of this one).
    """

    TYPE: ClassVar[FrameType]
    SPEC: ClassVar[_Spec] = ()
    EXT_SPEC: ClassVar[_Spec] = ()
    EXT_TAIL_OK: ClassVar[bool] = False
    HEADER_FIELD: ClassVar[str] = "seq"

    @property
    def header_seq(self) -> int:
        """The value carried in the header's ``seq`` field."""
        return int(getattr(self, self.HEADER_FIELD))

    @property
    def extended(self) -> bool:
        """True if the frame carries its 1.1 fields (its payload is the longer layout)."""
        return bool(self.EXT_SPEC) and getattr(self, self.EXT_SPEC[0][0]) is not None

    def payload(self) -> bytes:
        """The payload bytes (between header and CRC)."""
        out = _pack_fields(self, self.SPEC)
        if self.EXT_SPEC:
            present = [getattr(self, name) is not None for name, _ in self.EXT_SPEC]
            if all(present):
                out += _pack_fields(self, self.EXT_SPEC)
            elif any(present):
                raise ValueError(
                    f"{type(self).__name__}: set all of "
                    f"{', '.join(n for n, _ in self.EXT_SPEC)} or none")
        return out

    @classmethod
    def from_payload(cls, header_seq: int, payload: bytes) -> Frame:
        """Parse ``payload``; raises ValueError if its length does not fit the layout."""
        values: dict[str, Any] = {cls.HEADER_FIELD: header_seq}
        pos = _unpack_fields(cls.SPEC, payload, 0, values)
        if pos != len(payload) and cls.EXT_SPEC:
            pos = _unpack_fields(cls.EXT_SPEC, payload, pos, values)
            if cls.EXT_TAIL_OK:
                pos = len(payload)
        if pos != len(payload):
            sizes = " or ".join(str(n) for n in cls.payload_lens())
            raise ValueError(f"payload is {len(payload)} bytes, {cls.__name__} has {sizes}")
        return cls(**values)

    @classmethod
    def payload_len(cls) -> int | None:
        """Fixed payload length of the 1.0 layout, or None when the last field is variable."""
        if any(kind == "*" for _, kind in cls.SPEC):
            return None
        return sum(_kind_size(kind) for _, kind in cls.SPEC)

    @classmethod
    def payload_lens(cls) -> tuple[int, ...]:
        """The payload lengths of the layouts: 1.0 alone, or 1.0 and 1.1 (fixed-size types)."""
        base = cls.payload_len()
        if base is None:
            return ()
        if not cls.EXT_SPEC:
            return (base,)
        return (base, base + sum(_kind_size(kind) for _, kind in cls.EXT_SPEC))


# --- host control frames (unsequenced; header seq = nonce, 1..65535) -------------------


@dataclass(frozen=True)
class Hello(Frame):
    nonce: int
    first_seq: int
    proto_min: int = PROTOCOL_VERSION
    proto_max: int = PROTOCOL_VERSION
    minor: int | None = None  # 1.1: the highest minor version of proto_max the host speaks
    TYPE = FrameType.HELLO
    HEADER_FIELD = "nonce"
    SPEC = (("first_seq", "H"), ("proto_min", "B"), ("proto_max", "B"))
    EXT_SPEC = (("minor", "B"),)
    EXT_TAIL_OK = True


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
    minor: int | None = None  # 1.1: the minor version chosen for the session
    serial: str | None = None  # 1.1: the printer's serial number, "" if it has none
    TYPE = FrameType.HELLO_REPLY
    HEADER_FIELD = "ref"
    SPEC = (
        ("code", "B"), ("proto", "B"), ("fw_major", "B"), ("fw_minor", "B"), ("fw_patch", "B"),
        ("boot_id", "I"), ("capabilities", "I"), ("max_payload", "H"), ("window_frames", "B"),
        ("window_bytes", "H"), ("max_job_bytes", "I"), ("grid_max", "H"), ("job_slots", "B"),
        ("keepalive_ms", "H"), ("next_seq", "H"), ("pitch_um", "H"), ("diameter_um", "I"),
    )
    EXT_SPEC = (("minor", "B"), ("serial", "S32"))


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
    detail: int | None = None  # 1.1 sessions: what the code is about (constants.Detail)
    TYPE = FrameType.RESULT
    HEADER_FIELD = "ref"
    SPEC = (*_ACK_SPEC, ("cmd", "B"), ("code", "B"), ("faults", "I"), ("job", JobInfo))
    EXT_SPEC = (("detail", "B"),)


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
    detail: int | None = None  # 1.1 sessions: what the code is about (constants.Detail)
    TYPE = FrameType.CTRL_REPLY
    HEADER_FIELD = "ref"
    SPEC = (("cmd", "B"), ("code", "B"), ("faults", "I"), ("job", JobInfo))
    EXT_SPEC = (("detail", "B"),)


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
    TOO_LONG = "too_long"  # CRC good, payload longer than the receiver's max_payload


@dataclass(frozen=True)
class DecodeError:
    """A block between delimiters that is not a valid frame.

    ``version``, ``type`` and ``seq`` are set only when the CRC was good (the header can
    be trusted): kinds VERSION, UNKNOWN_TYPE, LENGTH, TOO_LONG.
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


def parse_body(body: bytes, *, max_payload: int | None = None) -> Frame:
    """Parse header + payload + CRC (already COBS-decoded). Raises :class:`FrameError`.

    ``max_payload``: a frame of a known type whose payload is longer is refused as
    TOO_LONG (the printer's limit, docs/protocol.md 5.6), not parsed.
    """
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
    if max_payload is not None and len(payload) > max_payload:
        raise FrameError(DecodeError(
            DecodeErrorKind.TOO_LONG, f"{cls.__name__}: payload {len(payload)} bytes, over "
            f"{max_payload}", n, version, ftype, seq))
    try:
        return cls.from_payload(seq, payload)
    except ValueError as exc:
        raise FrameError(DecodeError(
            DecodeErrorKind.LENGTH, f"{cls.__name__}: {exc}", n, version, ftype, seq
        )) from exc


def parse_frame(block: bytes, *, max_payload: int | None = None) -> Frame:
    """Parse one COBS block (delimiter optional). Raises :class:`FrameError`."""
    block = bytes(block)
    if block.endswith(b"\x00"):
        block = block[:-1]
    try:
        body = cobs_decode(block)
    except COBSError as exc:
        raise FrameError(DecodeError(DecodeErrorKind.COBS, str(exc), len(block))) from exc
    return parse_body(body, max_payload=max_payload)


class FrameDecoder:
    """Streaming decoder: feed any bytes, get frames and errors; never raises on input.

    Splits the stream at 0x00; empty blocks (repeated delimiters) are ignored, so a sender
    may send a lone 0x00 to flush a receiver's partial frame. A block longer than
    ``max_payload`` allows is discarded up to the next delimiter and reported once.
    ``accept_payload``: a good frame with a longer payload is reported as a TOO_LONG
    error (the header is kept, so the receiver can answer it) instead of a frame.

    Counters: ``frames`` (valid), ``errors`` (invalid blocks), ``bytes_in``.
    """

    def __init__(
        self, *, max_payload: int = MAX_PAYLOAD_HARD, accept_payload: int | None = None,
    ) -> None:
        self.max_block = max_encoded_len(HEADER_LEN + max_payload + CRC_LEN)
        self.accept_payload = accept_payload
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
                    frame = parse_frame(block, max_payload=self.accept_payload)
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
