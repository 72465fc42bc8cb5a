"""Example frames whose exact bytes docs/protocol.md publishes ("Test vectors").

``python -m printer_driver.protocol.vectors`` prints both blocks of section 14: the frame
vectors (14.1) and the case vectors (14.2, from :mod:`printer_driver.protocol.cases`). The
tests parse them back out of the document and check the codec against every frame and the
simulated printer against every case, so the document, not this file, is what a firmware
author can trust.
"""

from __future__ import annotations

from printer_driver.protocol.cases import CASES, Case, RawFrame, Wait
from printer_driver.protocol.frames import (
    Abort,
    Ack,
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
    Progress,
    Result,
    Resume,
    Status,
    StatusReq,
    encode_frame,
    frame_body,
)

JOB = 0x1234ABCD

VECTORS: list[Frame] = [
    Hello(nonce=0x0001, first_seq=0x0100, proto_min=1, proto_max=1),
    StatusReq(nonce=0x0002),
    JobQuery(nonce=0x0003, job_id=JOB),
    Abort(nonce=0x0004, job_id=JOB),
    Pause(nonce=0x0005, job_id=0),
    Resume(nonce=0x0006, job_id=0),
    JobBegin(seq=0x0100, job_id=JOB, grid=254, pitch_um=300, diameter_um=76000, powders=3,
             compression=1, length=5000, crc32=0xCBF43926),
    Data(seq=0x0101, job_id=JOB, offset=0, data=bytes([0xFE, 0x00, 0x03, 0x11, 0x22, 0x00])),
    Data(seq=0x0102, job_id=JOB, offset=248, data=bytes(range(1, 9))),
    JobCommit(seq=0x0103, job_id=JOB),
    Print(seq=0x0104, job_id=JOB),
    ClearFault(seq=0x0105, faults=0xFFFFFFFF),
    HelloReply(ref=0x0001, code=0, proto=1, fw_major=1, fw_minor=0, fw_patch=0,
               boot_id=0xDEADBEEF, capabilities=0x3F, max_payload=256, window_frames=16,
               window_bytes=4096, max_job_bytes=73728, grid_max=512, job_slots=2,
               keepalive_ms=1000, next_seq=0x0100, pitch_um=300, diameter_um=76000),
    Ack(ref=0x0101, cum_ack=0x0101, sack=0, window_frames=16, window_bytes=4096),
    # Two frames held (0x0103, 0x0105): the window is the buffer's capacity, still 4096.
    Ack(ref=0x0105, cum_ack=0x0101, sack=0b101, window_frames=16, window_bytes=4096),
    Nak(ref=0x0103, cum_ack=0x0101, sack=0b1, window_frames=16, window_bytes=4096, reason=2),
    Result(ref=0x0100, cum_ack=0x0100, sack=0, window_frames=16, window_bytes=4096,
           cmd=0x10, code=0, faults=0,
           job=JobInfo(JOB, state=1, fault=0, bytes_have=0, bytes_total=5000)),
    Result(ref=0x0103, cum_ack=0x0103, sack=0, window_frames=16, window_bytes=4096,
           cmd=0x12, code=9, faults=0x80,
           job=JobInfo(JOB, state=1, fault=0, bytes_have=0, bytes_total=5000)),
    Result(ref=0x0104, cum_ack=0x0104, sack=0, window_frames=16, window_bytes=4096,
           cmd=0x13, code=11, faults=0x10,
           job=JobInfo(JOB, state=2, fault=0, bytes_have=5000, bytes_total=5000,
                       rows_done=0, rows_total=254)),
    Status(ref=0, boot_id=0xDEADBEEF, state=1, faults=0x1, job_id=JOB, job_state=3,
           rows_done=100, rows_total=254, cinnamon_mg=48250, cocoa_mg=9000,
           uptime_ms=123456, slots_free=1),
    Status(ref=0x0002, boot_id=0xDEADBEEF, state=0, faults=0, job_id=0, job_state=0,
           rows_done=0, rows_total=0, cinnamon_mg=50000, cocoa_mg=50000, uptime_ms=1000,
           slots_free=2),
    Progress(ref=0, job_id=JOB, rows_done=100, rows_total=254, eta_ms=9240),
    JobInfoReply(ref=0x0003, job=JobInfo(JOB, state=7, fault=6, bytes_have=5000,
                                          bytes_total=5000, rows_done=77, rows_total=254)),
    CtrlReply(ref=0x0004, cmd=0x04, code=0, faults=0,
              job=JobInfo(JOB, state=6, fault=0, bytes_have=5000, bytes_total=5000,
                          rows_done=120, rows_total=254)),
    # 1.1 layouts (4.5): HELLO's minor, HELLO_REPLY's minor and serial, the detail byte.
    Hello(nonce=0x0007, first_seq=0x0100, proto_min=1, proto_max=1, minor=1),
    HelloReply(ref=0x0007, code=0, proto=1, fw_major=1, fw_minor=1, fw_patch=0,
               boot_id=0xDEADBEEF, capabilities=0x3F, max_payload=256, window_frames=16,
               window_bytes=4096, max_job_bytes=73728, grid_max=512, job_slots=2,
               keepalive_ms=1000, next_seq=0x0100, pitch_um=300, diameter_um=76000,
               minor=1, serial="PL2026-0001"),
    HelloReply(ref=0x0008, code=0, proto=1, fw_major=1, fw_minor=1, fw_patch=0,
               boot_id=0xDEADBEEF, capabilities=0x3F, max_payload=256, window_frames=16,
               window_bytes=4096, max_job_bytes=73728, grid_max=512, job_slots=2,
               keepalive_ms=1000, next_seq=0x0100, pitch_um=300, diameter_um=76000,
               minor=1, serial=""),
    Result(ref=0x0100, cum_ack=0x0100, sack=0, window_frames=16, window_bytes=4096,
           cmd=0x10, code=2, faults=0, job=JobInfo(JOB), detail=3),
    CtrlReply(ref=0x0000, cmd=0x02, code=1, faults=0, job=JobInfo(0), detail=10),
]


def _expr(frame: Frame | RawFrame) -> str:
    parts = []
    for name, value in frame.__dict__.items():
        if value is None:  # a 1.1 field absent: the frame has the 1.0 layout
            continue
        if isinstance(frame, RawFrame) and name == "version" and value == 1:
            continue
        if isinstance(value, bytes) and len(value) > 16 and not any(value):
            parts.append(f"{name}=bytes({len(value)})")
        elif isinstance(value, str):
            parts.append(f"{name}={value!r}")
        elif isinstance(value, JobInfo):
            inner = ", ".join(f"{k}={_num(v, k)}" for k, v in value.__dict__.items())
            parts.append(f"{name}=JobInfo({inner})")
        elif isinstance(value, bytes):
            parts.append(f"{name}=bytes.fromhex('{value.hex()}')")
        else:
            parts.append(f"{name}={_num(value, name)}")
    return f"{type(frame).__name__}({', '.join(parts)})"


_HEX_FIELDS = {"job_id", "boot_id", "crc32", "sack", "faults", "capabilities", "seq", "nonce",
               "ref", "cum_ack", "first_seq", "next_seq", "cmd", "type"}


def _num(v: int, name: str = "") -> str:
    return f"0x{v:X}" if name in _HEX_FIELDS else str(v)


def markdown_table() -> str:
    """The vectors as the text block in docs/protocol.md: per frame its fields, the bytes
    before COBS (header, payload, CRC-16) and the wire bytes."""
    lines = ["```text"]
    for i, frame in enumerate(VECTORS, 1):
        body = frame_body(frame)
        lines.append(f"V{i:02d} {type(frame).__name__} (type 0x{int(frame.TYPE):02X})")
        lines.append(f"  fields: {_expr(frame)}")
        lines.append(f"  body:   {body[:-2].hex(' ')} | crc {body[-2:].hex(' ')}")
        lines.append(f"  wire:   {encode_frame(frame).hex(' ')}")
    lines.append("```")
    return "\n".join(lines)


def _hex_lines(data: bytes, indent: str = "    ", per_line: int = 32) -> list[str]:
    return [indent + data[i : i + per_line].hex(" ") for i in range(0, len(data), per_line)]


def case_block(case: Case, number: int) -> list[str]:
    """One case as text: title, setup, then ``>`` host frames, ``<`` answers, ``=`` waits,
    each frame followed by its wire bytes (32 a line)."""
    lines = [f"C{number:02d} {case.title}"]
    if case.setup:
        lines.append(f"  setup: {'; '.join(case.setup)}")
    for way, item in case.steps:
        if isinstance(item, Wait):
            lines.append(f"  = wait {item.seconds:g} s")
            continue
        wire = item.wire() if isinstance(item, RawFrame) else encode_frame(item)
        lines.append(f"  {way} {_expr(item)}")
        lines += _hex_lines(wire)
    return lines


def cases_block() -> str:
    """The case vectors as the text block in docs/protocol.md (section 14.2)."""
    lines = ["```text"]
    for i, case in enumerate(CASES, 1):
        lines += case_block(case, i)
    lines.append("```")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
    print()
    print(cases_block())
