"""Numbers of the wire protocol: frame types, result codes, faults, states, limits.

docs/protocol.md is the normative text; every value here appears in a table there.
"""

from __future__ import annotations

from enum import IntEnum, IntFlag

PROTOCOL_VERSION = 1  # the major version: the header's version byte, HELLO proto_min/max
# The minor version this codec speaks (1.1). A minor version never changes a 1.0 frame: it
# appends fields that a side sends only once the other has shown it knows them (HELLO's
# ``minor`` field, then HELLO_REPLY's), so 1.0 and 1.1 hosts and printers mix freely.
PROTOCOL_MINOR = 1

HEADER_LEN = 4  # version u8, type u8, seq u16
CRC_LEN = 2
DELIMITER = 0x00
MAX_PAYLOAD = 256  # default printer limit; HELLO_REPLY advertises the real one
MAX_PAYLOAD_HARD = 1024  # no conforming frame has a larger payload
DATA_HEADER_LEN = 8  # job_id u32, offset u32


class FrameType(IntEnum):
    """Frame type byte. 0x01-0x0F host control (unsequenced, nonce), 0x10-0x3F host
    sequenced, 0x80-0xFF printer to host."""

    HELLO = 0x01
    STATUS_REQ = 0x02
    JOB_QUERY = 0x03
    ABORT = 0x04
    PAUSE = 0x05
    RESUME = 0x06

    JOB_BEGIN = 0x10
    DATA = 0x11
    JOB_COMMIT = 0x12
    PRINT = 0x13
    CLEAR_FAULT = 0x14

    HELLO_REPLY = 0x81
    ACK = 0x82
    NAK = 0x83
    RESULT = 0x84
    STATUS = 0x85
    PROGRESS = 0x86
    JOB_INFO = 0x87
    CTRL_REPLY = 0x88


def is_control_type(t: int) -> bool:
    """Host control frame: unsequenced, carries a nonce, never queued behind data."""
    return 0x01 <= t <= 0x0F


def is_sequenced_type(t: int) -> bool:
    """Host sequenced frame: delivered in order, exactly once, within the window."""
    return 0x10 <= t <= 0x3F


def is_printer_type(t: int) -> bool:
    """Frame sent by the printer."""
    return t >= 0x80


def is_reserved_type(t: int) -> bool:
    """0x00 and 0x40-0x7F: never assigned in any version; a receiver drops such frames."""
    return t == 0x00 or 0x40 <= t <= 0x7F


class Code(IntEnum):
    """Result code in RESULT, CTRL_REPLY and HELLO_REPLY."""

    OK = 0
    MALFORMED = 1  # payload length or field out of range
    UNSUPPORTED = 2  # unknown frame type or option
    UNKNOWN_JOB = 3
    JOB_MISMATCH = 4  # JOB_BEGIN reuses a job id with different parameters
    BAD_OFFSET = 5  # DATA outside the job's length
    TOO_LARGE = 6  # job or grid beyond the printer's limits
    NO_SLOT = 7  # all job slots in use
    INCOMPLETE = 8  # JOB_COMMIT before every byte arrived
    JOB_CORRUPT = 9  # CRC-32 or decompression check failed; data discarded
    NOT_READY = 10  # PRINT of a job that is not committed
    FAULT_ACTIVE = 11  # a blocking fault is latched or present (see faults field)
    BUSY = 12  # another job is printing
    BAD_STATE = 13  # e.g. PAUSE when nothing prints
    POWDER_INSUFFICIENT = 14  # not enough powder left for this job
    JOB_FINISHED = 15  # job is done/aborted/failed; it is never printed again
    VERSION = 16  # HELLO: no common protocol version


class Detail(IntEnum):
    """What a refusal is about: the ``detail`` byte of RESULT and CTRL_REPLY (1.1 sessions).

    Names the field or the check that decided the code (docs/protocol.md, section 10.1).
    """

    NONE = 0
    JOB_ID = 1  # job id 0
    GRID = 2  # grid 0, above grid_max, or not the grid of the declared circle
    PITCH = 3  # pitch 0, or not the printer's native pitch
    DIAMETER = 4  # diameter 0, or beyond the head's reach (grid_max x pitch)
    POWDERS = 5  # reserved powder bits, or dots of a powder the job did not declare
    COMPRESSION = 6  # unknown compression
    LENGTH = 7  # length 0, above max_job_bytes, or not the packed size (compression 0)
    PAYLOAD = 8  # payload length wrong for the type, or above max_payload
    TYPE = 9  # unknown frame type
    NONCE = 10  # control frame with nonce 0
    OFFSET = 11  # DATA beyond the job's length
    DOT_CODE = 12  # a dot of code 3
    CIRCLE = 13  # powder on a dot outside the declared print circle
    CRC32 = 14  # the job's CRC-32 does not match its rows
    DECODE = 15  # the PackBits stream overflows the grid or ends short
    CINNAMON = 16  # the powder concerned (POWDER_INSUFFICIENT)
    COCOA = 17


class Fault(IntFlag):
    """Latched or present fault bits (u32 ``faults`` fields)."""

    NONE = 0
    COCOA_LOW = 1 << 0
    CINNAMON_LOW = 1 << 1
    COCOA_EMPTY = 1 << 2
    CINNAMON_EMPTY = 1 << 3
    CUP_MISSING = 1 << 4
    CUP_REMOVED = 1 << 5
    JAM = 1 << 6
    JOB_CORRUPT = 1 << 7
    BUFFER_OVERFLOW = 1 << 8


ALL_FAULTS = 0xFFFFFFFF
# Faults that stop a print from starting (powder-empty only when the job uses that powder).
BLOCKING_FAULTS = (
    Fault.COCOA_EMPTY | Fault.CINNAMON_EMPTY | Fault.CUP_MISSING | Fault.CUP_REMOVED | Fault.JAM
)
# Conditions the printer reports while they last; CLEAR_FAULT cannot clear them.
LIVE_FAULTS = Fault.COCOA_LOW | Fault.CINNAMON_LOW | Fault.CUP_MISSING


def fault_code(bit: Fault) -> int:
    """The u8 fault code of one fault bit (bit index + 1; 0 means none)."""
    return int(bit).bit_length() if bit else 0


def fault_from_code(code: int) -> Fault:
    """Inverse of :func:`fault_code`."""
    return Fault(1 << (code - 1)) if code else Fault.NONE


# The printer's serial number (HELLO_REPLY 1.1): 1-32 characters from A-Z a-z 0-9 and
# "-", ".", "_", starting with a letter or digit, so that it is safe as a file name and in a
# log line (calibration keys a profile file by it). "" on the wire: the printer has none.
SERIAL_MAX_LEN = 32
_SERIAL_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_SERIAL_CHARS = _SERIAL_FIRST | frozenset("-._")


def serial_problem(text: str) -> str | None:
    """Why ``text`` is not a valid serial number (None if it is one).

    The empty string is not a serial number: on the wire it means "none".
    """
    if not text:
        return "it is empty"
    if len(text) > SERIAL_MAX_LEN:
        return f"it has {len(text)} characters, at most {SERIAL_MAX_LEN} are allowed"
    if text[0] not in _SERIAL_FIRST:
        return f"it starts with {text[0]!r}; it must start with a letter or a digit"
    bad = sorted({c for c in text if c not in _SERIAL_CHARS})
    if bad:
        shown = ", ".join(repr(c) for c in bad[:5])
        return f"it contains {shown}; use only letters, digits, '-', '.' and '_'"
    return None


def valid_serial(text: str | None) -> str | None:
    """``text`` if it is a valid serial number, else None (none, or not to be trusted)."""
    return text if text is not None and serial_problem(text) is None else None


class PrinterState(IntEnum):
    IDLE = 0
    PRINTING = 1
    PAUSED = 2


class JobState(IntEnum):
    UNKNOWN = 0
    UPLOADING = 1
    READY = 2
    PRINTING = 3
    PAUSED = 4
    DONE = 5
    ABORTED = 6
    FAILED = 7


FINISHED_JOB_STATES = frozenset({JobState.DONE, JobState.ABORTED, JobState.FAILED})


class NakReason(IntEnum):
    CRC = 1  # damaged frame (CRC, COBS or length)
    GAP = 2  # a frame after a missing one arrived
    NO_SESSION = 3  # sequenced frame before HELLO (or after a reboot)
    WINDOW = 4  # frame beyond the advertised window (dropped)


class Compression(IntEnum):
    NONE = 0  # 2-bit packed rows as they are
    PACKBITS = 1  # PackBits over the 2-bit packed rows


class PowderBits(IntFlag):
    CINNAMON = 1
    COCOA = 2


class Capability(IntFlag):
    PACKBITS = 1 << 0
    PAUSE_RESUME = 1 << 1
    SACK = 1 << 2
    POWDER_LEVELS = 1 << 3
    CUP_SENSOR = 1 << 4
    JOB_RECORDS = 1 << 5
