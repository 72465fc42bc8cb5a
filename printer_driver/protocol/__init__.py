"""The foam printer's wire protocol: a pure codec, no I/O. Normative text: docs/protocol.md.

Quick use::

    from printer_driver.protocol import encode_frame, FrameDecoder, Hello, Data
    wire = encode_frame(Hello(nonce=1, first_seq=0x100))
    decoder = FrameDecoder()
    for item in decoder.feed(received_bytes):   # Frame subclasses and DecodeError values
        ...

Job data: :func:`encode_job_data` (dots -> method, bytes, crc32) and
:func:`decode_job_data` (the printer's check).

The names are loaded on first use (PEP 562): ``import printer_driver.protocol.constants`` (the
fault table does) costs that module alone, not NumPy, which only the job data's
compression needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    **dict.fromkeys((
        "ALL_FAULTS", "BLOCKING_FAULTS", "Capability", "Code", "Compression",
        "DATA_HEADER_LEN", "Detail", "FINISHED_JOB_STATES", "Fault", "FrameType",
        "JobState", "LIVE_FAULTS", "MAX_PAYLOAD", "MAX_PAYLOAD_HARD", "NakReason",
        "PROTOCOL_MINOR", "PROTOCOL_VERSION", "PowderBits", "PrinterState",
        "SERIAL_MAX_LEN", "fault_code", "fault_from_code", "is_control_type",
        "is_printer_type", "is_reserved_type", "is_sequenced_type", "serial_problem",
        "valid_serial",
    ), "printer_driver.protocol.constants"),
    **dict.fromkeys((
        "Abort", "Ack", "ClearFault", "CtrlReply", "Data", "DecodeError",
        "DecodeErrorKind", "FRAME_CLASSES", "Frame", "FrameDecoder", "FrameError",
        "Hello", "HelloReply", "JobBegin", "JobCommit", "JobInfo", "JobInfoReply",
        "JobQuery", "Nak", "Pause", "Print", "Progress", "Result", "Resume", "Status",
        "StatusReq", "encode_frame", "frame_body", "parse_body", "parse_frame",
    ), "printer_driver.protocol.frames"),
    **dict.fromkeys((
        "COBSError", "cobs_decode", "cobs_encode",
    ), "printer_driver.protocol.cobs"),
    **dict.fromkeys((
        "CompressionError", "compress", "decode_job_data", "decompress",
        "encode_job_data", "pack_dots", "packbits_decode", "packbits_encode",
        "row_bytes", "unpack_dots",
    ), "printer_driver.protocol.compression"),
    **dict.fromkeys((
        "crc16", "crc32",
    ), "printer_driver.protocol.crc"),
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:  # what type checkers and IDEs see; nothing is imported at run time
    from printer_driver.protocol.cobs import COBSError as COBSError
    from printer_driver.protocol.cobs import cobs_decode as cobs_decode
    from printer_driver.protocol.cobs import cobs_encode as cobs_encode
    from printer_driver.protocol.compression import CompressionError as CompressionError
    from printer_driver.protocol.compression import compress as compress
    from printer_driver.protocol.compression import decode_job_data as decode_job_data
    from printer_driver.protocol.compression import decompress as decompress
    from printer_driver.protocol.compression import encode_job_data as encode_job_data
    from printer_driver.protocol.compression import pack_dots as pack_dots
    from printer_driver.protocol.compression import packbits_decode as packbits_decode
    from printer_driver.protocol.compression import packbits_encode as packbits_encode
    from printer_driver.protocol.compression import row_bytes as row_bytes
    from printer_driver.protocol.compression import unpack_dots as unpack_dots
    from printer_driver.protocol.constants import ALL_FAULTS as ALL_FAULTS
    from printer_driver.protocol.constants import BLOCKING_FAULTS as BLOCKING_FAULTS
    from printer_driver.protocol.constants import DATA_HEADER_LEN as DATA_HEADER_LEN
    from printer_driver.protocol.constants import FINISHED_JOB_STATES as FINISHED_JOB_STATES
    from printer_driver.protocol.constants import LIVE_FAULTS as LIVE_FAULTS
    from printer_driver.protocol.constants import MAX_PAYLOAD as MAX_PAYLOAD
    from printer_driver.protocol.constants import MAX_PAYLOAD_HARD as MAX_PAYLOAD_HARD
    from printer_driver.protocol.constants import PROTOCOL_MINOR as PROTOCOL_MINOR
    from printer_driver.protocol.constants import PROTOCOL_VERSION as PROTOCOL_VERSION
    from printer_driver.protocol.constants import SERIAL_MAX_LEN as SERIAL_MAX_LEN
    from printer_driver.protocol.constants import Capability as Capability
    from printer_driver.protocol.constants import Code as Code
    from printer_driver.protocol.constants import Compression as Compression
    from printer_driver.protocol.constants import Detail as Detail
    from printer_driver.protocol.constants import Fault as Fault
    from printer_driver.protocol.constants import FrameType as FrameType
    from printer_driver.protocol.constants import JobState as JobState
    from printer_driver.protocol.constants import NakReason as NakReason
    from printer_driver.protocol.constants import PowderBits as PowderBits
    from printer_driver.protocol.constants import PrinterState as PrinterState
    from printer_driver.protocol.constants import fault_code as fault_code
    from printer_driver.protocol.constants import fault_from_code as fault_from_code
    from printer_driver.protocol.constants import is_control_type as is_control_type
    from printer_driver.protocol.constants import is_printer_type as is_printer_type
    from printer_driver.protocol.constants import is_reserved_type as is_reserved_type
    from printer_driver.protocol.constants import is_sequenced_type as is_sequenced_type
    from printer_driver.protocol.constants import serial_problem as serial_problem
    from printer_driver.protocol.constants import valid_serial as valid_serial
    from printer_driver.protocol.crc import crc16 as crc16
    from printer_driver.protocol.crc import crc32 as crc32
    from printer_driver.protocol.frames import FRAME_CLASSES as FRAME_CLASSES
    from printer_driver.protocol.frames import Abort as Abort
    from printer_driver.protocol.frames import Ack as Ack
    from printer_driver.protocol.frames import ClearFault as ClearFault
    from printer_driver.protocol.frames import CtrlReply as CtrlReply
    from printer_driver.protocol.frames import Data as Data
    from printer_driver.protocol.frames import DecodeError as DecodeError
    from printer_driver.protocol.frames import DecodeErrorKind as DecodeErrorKind
    from printer_driver.protocol.frames import Frame as Frame
    from printer_driver.protocol.frames import FrameDecoder as FrameDecoder
    from printer_driver.protocol.frames import FrameError as FrameError
    from printer_driver.protocol.frames import Hello as Hello
    from printer_driver.protocol.frames import HelloReply as HelloReply
    from printer_driver.protocol.frames import JobBegin as JobBegin
    from printer_driver.protocol.frames import JobCommit as JobCommit
    from printer_driver.protocol.frames import JobInfo as JobInfo
    from printer_driver.protocol.frames import JobInfoReply as JobInfoReply
    from printer_driver.protocol.frames import JobQuery as JobQuery
    from printer_driver.protocol.frames import Nak as Nak
    from printer_driver.protocol.frames import Pause as Pause
    from printer_driver.protocol.frames import Print as Print
    from printer_driver.protocol.frames import Progress as Progress
    from printer_driver.protocol.frames import Result as Result
    from printer_driver.protocol.frames import Resume as Resume
    from printer_driver.protocol.frames import Status as Status
    from printer_driver.protocol.frames import StatusReq as StatusReq
    from printer_driver.protocol.frames import encode_frame as encode_frame
    from printer_driver.protocol.frames import frame_body as frame_body
    from printer_driver.protocol.frames import parse_body as parse_body
    from printer_driver.protocol.frames import parse_frame as parse_frame
