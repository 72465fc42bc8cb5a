"""Exchanges whose exact bytes docs/protocol.md publishes (section 14.2, "Case vectors").

Each case is a short script: frames the host sends, the printer's answers, and pauses.
They pin down the answers the spec gives to questions an independent implementation found
open (pitch, powders, over-long frames, CLEAR_FAULT, reserved types, nonce 0, the window,
finished jobs, minor versions). ``tests/printer/test_protocol_vectors.py`` parses them back
out of the document and plays each against the simulated printer's firmware.

Every case starts from a printer just powered up (``SETUP``: boot id 0xDEADBEEF, serial
``PL2026-0001``, the default limits of ``FirmwareConfig``, a cup under the head, 50 g of each
powder) and, unless it says ``no session``, a 1.1 session opened with
``Hello(nonce=0x1, first_seq=0x100, minor=1)``. Shown are the answers: ACK frames, unsolicited
STATUS (ref 0) and PROGRESS are left out.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

import numpy as np

from printer_driver.protocol.cobs import cobs_encode
from printer_driver.protocol.compression import pack_dots
from printer_driver.protocol.constants import (
    PROTOCOL_VERSION,
    Code,
    Detail,
    Fault,
    FrameType,
    JobState,
    NakReason,
)
from printer_driver.protocol.crc import crc16, crc32
from printer_driver.protocol.frames import (
    Abort,
    ClearFault,
    CtrlReply,
    Data,
    Frame,
    Hello,
    HelloReply,
    JobBegin,
    JobCommit,
    JobInfo,
    JobInfoReply,
    JobQuery,
    Nak,
    Pause,
    Print,
    Result,
    Resume,
    Status,
    StatusReq,
)

SERIAL = "PL2026-0001"
BOOT_ID = 0xDEADBEEF
JOB = 0x1234ABCD
WINDOW = (16, 4096)  # the default receive window: frames, bytes


@dataclass(frozen=True)
class RawFrame:
    """A frame no frame class describes (a reserved or unknown type, a longer HELLO): the
    header and payload as given, with the CRC-16 and COBS of any frame."""

    type: int
    seq: int
    payload: bytes = b""
    version: int = PROTOCOL_VERSION

    def body(self) -> bytes:
        """Header + payload + CRC-16 (little-endian): the bytes before COBS."""
        head = struct.pack("<BBH", self.version, self.type, self.seq) + self.payload
        return head + struct.pack("<H", crc16(head))

    def wire(self) -> bytes:
        """The bytes on the line: COBS and the 0x00 delimiter."""
        return cobs_encode(self.body()) + b"\x00"


@dataclass(frozen=True)
class Wait:
    """The host waits this many seconds (the printer keeps printing meanwhile)."""

    seconds: float


HostStep = Frame | RawFrame | Wait


@dataclass(frozen=True)
class Case:
    """One exchange: ``steps`` alternate host frames (or waits) and the answers expected
    after them (``("<", frame)``). ``setup`` words: ``no session``, ``printer 1.0`` (a
    printer that speaks 1.0 on the wire), ``no cup``, ``cocoa G g`` (that much left)."""

    title: str
    steps: tuple[tuple[str, Frame | RawFrame | Wait], ...]
    setup: tuple[str, ...] = field(default=())


def _job(dots: list[list[int]], powders: int, seq: int = 0x100, job_id: int = JOB,
         pitch_um: int = 300) -> tuple[JobBegin, Data, JobCommit]:
    """A tiny job sent plain (compression 0): its JOB_BEGIN, one DATA and JOB_COMMIT."""
    arr = np.array(dots, np.uint8)
    n = arr.shape[0]
    packed = pack_dots(arr)
    begin = JobBegin(seq, job_id, n, pitch_um, n * pitch_um, powders, 0, len(packed),
                     crc32(packed))
    return begin, Data(seq + 1, job_id, 0, packed), JobCommit(seq + 2, job_id)


def _ack(cum: int) -> tuple[int, int, int, int]:
    return cum, 0, *WINDOW


def _info(state: JobState, n: int, length: int, *, have: int | None = None, rows: int = 0,
          job_id: int = JOB, fault: int = 0) -> JobInfo:
    return JobInfo(job_id, int(state), fault, length if have is None else have, length,
                   rows, n)


def _result(seq: int, cmd: FrameType, code: Code, job: JobInfo, detail: Detail = Detail.NONE,
            faults: int = 0) -> Result:
    return Result(seq, *_ack(seq), int(cmd), int(code), faults, job, int(detail))


def _hello_reply(nonce: int, minor: int | None, serial: str | None = SERIAL) -> HelloReply:
    return HelloReply(nonce, int(Code.OK), PROTOCOL_VERSION, 1, 1, 0, BOOT_ID, 0x3F, 256,
                      16, 4096, 73728, 512, 2, 1000, 0x100, 300, 76000,
                      minor, None if minor is None else serial)


_TWO = [[1, 2], [2, 1]]  # a 2 x 2 job (0.6 mm circle holds all four dots), both powders
_BEGIN, _DATA, _COMMIT = _job(_TWO, 3)


def _cases() -> list[Case]:
    cases: list[Case] = []
    add = cases.append

    add(Case("A 1.1 host: HELLO with minor 1; HELLO_REPLY with minor 1 and the serial", (
        (">", Hello(0x1, 0x100, minor=1)),
        ("<", _hello_reply(0x1, 1)),
    ), ("no session",)))
    add(Case("A 1.0 host (4-byte HELLO) and a 1.1 printer: 1.0 layouts, no detail", (
        (">", Hello(0x1, 0x100)),
        ("<", _hello_reply(0x1, None)),
        (">", JobBegin(0x100, JOB, 254, 150, 76000, 3, 1, 5000, 0xCBF43926)),
        ("<", Result(0x100, *_ack(0x100), int(FrameType.JOB_BEGIN), int(Code.UNSUPPORTED), 0,
                     JobInfo(JOB))),
    ), ("no session",)))
    add(Case("A 1.1 host and a 1.0 printer: MALFORMED, then a 1.0 HELLO with a new nonce", (
        (">", Hello(0x1, 0x100, minor=1)),
        ("<", CtrlReply(0x1, int(FrameType.HELLO), int(Code.MALFORMED), 0, JobInfo(0))),
        (">", Hello(0x2, 0x100)),
        ("<", HelloReply(0x2, 0, 1, 1, 1, 0, BOOT_ID, 0x3F, 256, 16, 4096, 73728, 512, 2,
                         1000, 0x100, 300, 76000)),
    ), ("no session", "printer 1.0")))
    add(Case("A host of a later minor version (HELLO of 6 bytes, minor 2): the printer "
             "reads 5 bytes and answers minor 1", (
        (">", RawFrame(int(FrameType.HELLO), 0x1, bytes([0x00, 0x01, 1, 1, 2, 0xFF]))),
        ("<", _hello_reply(0x1, 1)),
    ), ("no session",)))
    add(Case("JOB_BEGIN at 150 um on a 300 um head: UNSUPPORTED, detail PITCH", (
        (">", JobBegin(0x100, JOB, 512, 150, 76800, 3, 1, 5000, 0xCBF43926)),
        ("<", _result(0x100, FrameType.JOB_BEGIN, Code.UNSUPPORTED, JobInfo(JOB),
                      Detail.PITCH)),
    )))
    add(Case("JOB_BEGIN for a 180 mm circle, beyond the head's reach (512 x 300 um): "
             "TOO_LARGE, detail DIAMETER", (
        (">", JobBegin(0x100, JOB, 600, 300, 180000, 3, 1, 5000, 0xCBF43926)),
        ("<", _result(0x100, FrameType.JOB_BEGIN, Code.TOO_LARGE, JobInfo(JOB),
                      Detail.DIAMETER)),
    )))
    add(Case("JOB_BEGIN whose grid is not ceil(diameter / pitch) (253 for 76 mm at 300 um, "
             "not 254): MALFORMED, detail GRID", (
        (">", JobBegin(0x100, JOB, 253, 300, 76000, 3, 1, 5000, 0xCBF43926)),
        ("<", _result(0x100, FrameType.JOB_BEGIN, Code.MALFORMED, JobInfo(JOB),
                      Detail.GRID)),
    )))
    foam = _job([[0, 0], [0, 0]], 0)
    add(Case("An all-foam job declares no powder (powders 0) and prints", (
        (">", foam[0]),
        ("<", _result(0x100, FrameType.JOB_BEGIN, Code.OK, _info(JobState.UPLOADING, 2, 2,
                                                                 have=0))),
        (">", foam[1]),
        (">", foam[2]),
        ("<", _result(0x102, FrameType.JOB_COMMIT, Code.OK, _info(JobState.READY, 2, 2))),
        (">", Print(0x103, JOB)),
        ("<", _result(0x103, FrameType.PRINT, Code.OK, _info(JobState.PRINTING, 2, 2))),
        ("=", Wait(0.5)),
        (">", JobQuery(0x2, JOB)),
        ("<", JobInfoReply(0x2, _info(JobState.DONE, 2, 2, rows=2))),
    )))
    undeclared = _job([[1, 2], [0, 0]], 1)  # cocoa dot, only cinnamon declared
    add(Case("Dots of a powder the job did not declare: the commit is refused MALFORMED, "
             "detail POWDERS, and the job discarded (ABORTED); no JOB_CORRUPT", (
        (">", undeclared[0]),
        ("<", _result(0x100, FrameType.JOB_BEGIN, Code.OK, _info(JobState.UPLOADING, 2, 2,
                                                                 have=0))),
        (">", undeclared[1]),
        (">", undeclared[2]),
        ("<", _result(0x102, FrameType.JOB_COMMIT, Code.MALFORMED,
                      _info(JobState.ABORTED, 2, 2), Detail.POWDERS)),
    )))
    corner = _job([[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], 1)
    add(Case("Powder on a dot outside the declared circle (a corner of a 4 x 4 grid for a "
             "1.2 mm circle): MALFORMED, detail CIRCLE, job discarded", (
        (">", corner[0]),
        ("<", _result(0x100, FrameType.JOB_BEGIN, Code.OK, _info(JobState.UPLOADING, 4, 4,
                                                                 have=0))),
        (">", corner[1]),
        (">", corner[2]),
        ("<", _result(0x102, FrameType.JOB_COMMIT, Code.MALFORMED,
                      _info(JobState.ABORTED, 4, 4), Detail.CIRCLE)),
    )))
    add(Case("A cinnamon-only job declared with both powders prints while cocoa is empty: "
             "the dots, not the field, decide", (
        (">", _job([[1, 0], [0, 1]], 3)[0]),
        ("<", _result(0x100, FrameType.JOB_BEGIN, Code.OK, _info(JobState.UPLOADING, 2, 2,
                                                                 have=0),
                      faults=int(Fault.COCOA_LOW | Fault.COCOA_EMPTY))),
        (">", _job([[1, 0], [0, 1]], 3)[1]),
        (">", _job([[1, 0], [0, 1]], 3)[2]),
        ("<", _result(0x102, FrameType.JOB_COMMIT, Code.OK, _info(JobState.READY, 2, 2),
                      faults=int(Fault.COCOA_LOW | Fault.COCOA_EMPTY))),
        (">", Print(0x103, JOB)),
        ("<", _result(0x103, FrameType.PRINT, Code.OK, _info(JobState.PRINTING, 2, 2),
                      faults=int(Fault.COCOA_LOW | Fault.COCOA_EMPTY))),
    ), ("cocoa 0 g",)))
    add(Case("Too little cocoa left for the job: POWDER_INSUFFICIENT, detail COCOA", (
        (">", _BEGIN),
        ("<", _result(0x100, FrameType.JOB_BEGIN, Code.OK, _info(JobState.UPLOADING, 2, 2,
                                                                 have=0),
                      faults=int(Fault.COCOA_LOW))),
        (">", _DATA),
        (">", _COMMIT),
        ("<", _result(0x102, FrameType.JOB_COMMIT, Code.OK, _info(JobState.READY, 2, 2),
                      faults=int(Fault.COCOA_LOW))),
        (">", Print(0x103, JOB)),
        ("<", _result(0x103, FrameType.PRINT, Code.POWDER_INSUFFICIENT,
                      _info(JobState.READY, 2, 2), Detail.COCOA, faults=int(Fault.COCOA_LOW))),
    ), ("cocoa 0.0001 g",)))
    add(Case("DATA longer than max_payload (a 300-byte chunk): MALFORMED, detail PAYLOAD, "
             "answered once (not NAK CRC for ever)", (
        (">", Data(0x100, JOB, 0, bytes(300))),
        ("<", _result(0x100, FrameType.DATA, Code.MALFORMED, JobInfo(0), Detail.PAYLOAD)),
    )))
    add(Case("CLEAR_FAULT naming CUP_MISSING while no cup stands there: FAULT_ACTIVE; "
             "0xFFFFFFFF names the latched faults only: OK", (
        (">", ClearFault(0x100, int(Fault.CUP_MISSING))),
        ("<", _result(0x100, FrameType.CLEAR_FAULT, Code.FAULT_ACTIVE, JobInfo(0),
                      faults=int(Fault.CUP_MISSING))),
        (">", ClearFault(0x101, 0xFFFFFFFF)),
        ("<", _result(0x101, FrameType.CLEAR_FAULT, Code.OK, JobInfo(0),
                      faults=int(Fault.CUP_MISSING))),
    ), ("no cup",)))
    add(Case("Reserved types 0x00 and 0x40 get no answer; an unknown control type (0x07) "
             "gets UNSUPPORTED, detail TYPE", (
        (">", RawFrame(0x00, 0x5)),
        (">", RawFrame(0x40, 0x6, bytes(4))),
        (">", RawFrame(0x07, 0x7)),
        ("<", CtrlReply(0x7, 0x07, int(Code.UNSUPPORTED), 0, JobInfo(0), int(Detail.TYPE))),
    )))
    add(Case("Control frames with nonce 0 are refused (ref 0, MALFORMED, detail NONCE) and "
             "not acted on", (
        (">", StatusReq(0x0)),
        ("<", CtrlReply(0x0, int(FrameType.STATUS_REQ), int(Code.MALFORMED), 0, JobInfo(0),
                        int(Detail.NONCE))),
        (">", Abort(0x0, 0)),
        ("<", CtrlReply(0x0, int(FrameType.ABORT), int(Code.MALFORMED), 0, JobInfo(0),
                        int(Detail.NONCE))),
    )))
    add(Case("A frame beyond the window (17 ahead of cum_ack, window 16): dropped, NAK "
             "WINDOW, BUFFER_OVERFLOW latched", (
        (">", ClearFault(0x110, 0)),
        ("<", Nak(0x110, *_ack(0xFF), int(NakReason.WINDOW))),
        (">", StatusReq(0x2)),
        ("<", Status(0x2, BOOT_ID, 0, int(Fault.BUFFER_OVERFLOW), 0, 0, 0, 0, 50000, 50000,
                     0, 2)),
    )))
    add(Case("PAUSE and RESUME of a finished job: JOB_FINISHED, as every command on a "
             "finished job", (
        (">", _BEGIN),
        ("<", _result(0x100, FrameType.JOB_BEGIN, Code.OK, _info(JobState.UPLOADING, 2, 2,
                                                                 have=0))),
        (">", _DATA),
        (">", _COMMIT),
        ("<", _result(0x102, FrameType.JOB_COMMIT, Code.OK, _info(JobState.READY, 2, 2))),
        (">", Print(0x103, JOB)),
        ("<", _result(0x103, FrameType.PRINT, Code.OK, _info(JobState.PRINTING, 2, 2))),
        ("=", Wait(0.5)),
        (">", Pause(0x2, JOB)),
        ("<", CtrlReply(0x2, int(FrameType.PAUSE), int(Code.JOB_FINISHED), 0,
                        _info(JobState.DONE, 2, 2, rows=2), 0)),
        (">", Resume(0x3, JOB)),
        ("<", CtrlReply(0x3, int(FrameType.RESUME), int(Code.JOB_FINISHED), 0,
                        _info(JobState.DONE, 2, 2, rows=2), 0)),
    )))
    return cases


CASES: list[Case] = _cases()
