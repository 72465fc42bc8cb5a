"""The printer's checks of a job: JOB_BEGIN's fields and, at JOB_COMMIT, the dots.

Pure functions, in the order docs/protocol.md (8.2, "Checks") gives them; the first check
that fails decides the answer. Each returns None when the job passes, else the result code
and the :class:`Detail` naming the field or the check.

Two kinds of failure at commit, told apart by the job's CRC-32, which covers the packed
rows: when the rows do not decode or do not match the CRC, the bytes were damaged on the
way (JOB_CORRUPT: the printer clears them, the host sends them again); when they match the
CRC but break a rule, the host sent exactly what it meant and sending it again cannot help
(MALFORMED: the printer discards the job).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from printer_driver.protocol import (
    Code,
    CompressionError,
    Detail,
    JobBegin,
    PowderBits,
    crc32,
    decompress,
    row_bytes,
)

_KNOWN_POWDERS = int(PowderBits.CINNAMON | PowderBits.COCOA)
_POWDER_OF_CODE = {1: PowderBits.CINNAMON, 2: PowderBits.COCOA}

Refusal = tuple[Code, Detail]


@dataclass(frozen=True)
class Limits:
    """What the printer can print (the values HELLO_REPLY advertises)."""

    pitch_um: int
    grid_max: int
    max_job_bytes: int


def grid_for(diameter_um: int, pitch_um: int) -> int:
    """Dots across the smallest grid that holds a circle: ceil(diameter / pitch)."""
    return -(-diameter_um // pitch_um)


def check_begin(b: JobBegin, limits: Limits) -> Refusal | None:
    """JOB_BEGIN's fields against each other and the printer's limits."""
    if b.job_id == 0:
        return Code.MALFORMED, Detail.JOB_ID
    if b.grid == 0:
        return Code.MALFORMED, Detail.GRID
    if b.pitch_um == 0:
        return Code.MALFORMED, Detail.PITCH
    if b.diameter_um == 0:
        return Code.MALFORMED, Detail.DIAMETER
    if b.length == 0:
        return Code.MALFORMED, Detail.LENGTH
    if b.powders & ~_KNOWN_POWDERS:
        return Code.MALFORMED, Detail.POWDERS
    if b.compression not in (0, 1):
        return Code.UNSUPPORTED, Detail.COMPRESSION
    if b.pitch_um != limits.pitch_um:  # the head's pitch is fixed: no other size prints true
        return Code.UNSUPPORTED, Detail.PITCH
    if b.diameter_um > limits.grid_max * limits.pitch_um:
        return Code.TOO_LARGE, Detail.DIAMETER
    if b.grid > limits.grid_max:
        return Code.TOO_LARGE, Detail.GRID
    if b.length > limits.max_job_bytes:
        return Code.TOO_LARGE, Detail.LENGTH
    if b.grid != grid_for(b.diameter_um, b.pitch_um):
        return Code.MALFORMED, Detail.GRID
    if b.compression == 0 and b.length != b.grid * row_bytes(b.grid):
        return Code.MALFORMED, Detail.LENGTH
    return None


def inside_circle(n: int, pitch_um: int, diameter_um: int) -> np.ndarray:
    """Boolean ``(n, n)``: True where a dot's centre lies inside the declared circle.

    Exact in integers: dot (r, c) is inside when
    ``((2c + 1 - n) * pitch)^2 + ((2r + 1 - n) * pitch)^2 <= diameter^2`` (micrometres).
    """
    off = (2 * np.arange(n, dtype=np.int64) + 1 - n) * pitch_um
    sq = off * off
    return (sq[:, None] + sq[None, :]) <= diameter_um * diameter_um


def decode_dots(data: bytes, b: JobBegin) -> tuple[np.ndarray | None, Refusal | None]:
    """The job's dots ``(n, n)`` uint8, or the refusal (JOB_CORRUPT or MALFORMED)."""
    n = b.grid
    try:
        packed = decompress(data, b.compression, n * row_bytes(n))
    except CompressionError:
        return None, (Code.JOB_CORRUPT, Detail.DECODE)
    if crc32(packed) != b.crc32:
        return None, (Code.JOB_CORRUPT, Detail.CRC32)
    rb = row_bytes(n)
    raw = np.frombuffer(packed, np.uint8).reshape(n, rb)
    dots = np.stack([(raw >> s) & 3 for s in (0, 2, 4, 6)], axis=-1).reshape(n, rb * 4)
    if (dots == 3).any() or dots[:, n:].any():  # code 3, or padding bits that are not 0
        return None, (Code.MALFORMED, Detail.DOT_CODE)
    dots = np.ascontiguousarray(dots[:, :n], dtype=np.uint8)
    used = 0
    for code, bit in _POWDER_OF_CODE.items():
        if (dots == code).any():
            used |= int(bit)
    if used & ~b.powders:
        return None, (Code.MALFORMED, Detail.POWDERS)
    if dots[~inside_circle(n, b.pitch_um, b.diameter_um)].any():
        return None, (Code.MALFORMED, Detail.CIRCLE)
    return dots, None
