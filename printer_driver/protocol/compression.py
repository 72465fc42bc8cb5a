"""Mask data on the wire: 2-bit packed rows, optionally PackBits-compressed.

Packing: each row of ``n`` dots becomes ``ceil(n / 4)`` bytes; dot ``j`` sits in byte
``j // 4`` at bit shift ``2 * (j % 4)`` (first dot in the two least significant bits);
padding bits are 0; rows follow each other from row 0. Codes: 0 foam, 1 cinnamon, 2 cocoa
(3 is invalid).

PackBits (Apple TN1023), as a microcontroller decodes it with a few lines and no tables:
a header byte ``h``; ``0..127``: copy the next ``h + 1`` bytes; ``129..255`` (``-127..-1``
signed): repeat the next byte ``257 - h`` times; ``128``: no-op (never emitted).
The end-to-end CRC-32 of a job is over the packed (uncompressed) bytes.
"""

from __future__ import annotations

import numpy as np

from printer_driver.protocol.constants import Compression
from printer_driver.protocol.crc import crc32


class CompressionError(ValueError):
    """Compressed data or packed dots are malformed."""


def row_bytes(n: int) -> int:
    """Packed bytes per row of ``n`` dots."""
    return (n + 3) // 4


def pack_dots(dots: np.ndarray) -> bytes:
    """Pack an ``(n, n)`` (or ``(rows, n)``) uint8 array of codes 0..2 into 2-bit rows."""
    arr = np.asarray(dots)
    if arr.ndim != 2:
        raise CompressionError(f"dots must be 2-D, not {arr.shape}")
    if arr.size and int(arr.max()) > 2:
        raise CompressionError("dot codes must be 0, 1 or 2")
    rows, n = arr.shape
    width = row_bytes(n) * 4
    padded = np.zeros((rows, width), np.uint8)
    padded[:, :n] = arr
    q = padded.reshape(rows, width // 4, 4)
    packed = q[..., 0] | (q[..., 1] << 2) | (q[..., 2] << 4) | (q[..., 3] << 6)
    return packed.astype(np.uint8).tobytes()


def unpack_dots(data: bytes, n: int, rows: int | None = None) -> np.ndarray:
    """Inverse of :func:`pack_dots`: ``(rows, n)`` uint8 (rows defaults to n).

    Raises:
        CompressionError: wrong length, a code 3, or non-zero padding.
    """
    rows = n if rows is None else rows
    rb = row_bytes(n)
    if len(data) != rows * rb:
        raise CompressionError(f"{len(data)} packed bytes, expected {rows * rb} for {rows}x{n}")
    packed = np.frombuffer(bytes(data), np.uint8).reshape(rows, rb)
    dots = np.stack([(packed >> s) & 3 for s in (0, 2, 4, 6)], axis=-1).reshape(rows, rb * 4)
    if (dots == 3).any():
        raise CompressionError("dot code 3 in packed data")
    if dots[:, n:].any():
        raise CompressionError("non-zero padding bits in packed data")
    return np.ascontiguousarray(dots[:, :n])


def packbits_encode(data: bytes) -> bytes:
    """PackBits-compress ``data`` (runs of 2..128 equal bytes, literals of 1..128)."""
    src = bytes(data)
    n = len(src)
    out = bytearray()
    i = 0
    lit_start = 0
    while i < n:
        # length of the run starting at i
        j = i + 1
        while j < n and j - i < 128 and src[j] == src[i]:
            j += 1
        run = j - i
        # a run of 2 inside a literal is cheaper as literal; take runs of >= 3, or 2 at start
        if run >= 3 or (run == 2 and i == lit_start):
            _flush_literal(out, src, lit_start, i)
            out.append(257 - run)
            out.append(src[i])
            i = j
            lit_start = i
        else:
            i += run
    _flush_literal(out, src, lit_start, n)
    return bytes(out)


def _flush_literal(out: bytearray, src: bytes, start: int, end: int) -> None:
    while start < end:
        count = min(128, end - start)
        out.append(count - 1)
        out += src[start : start + count]
        start += count


def packbits_decode(data: bytes, expected_len: int | None = None) -> bytes:
    """Decompress PackBits; if ``expected_len`` is given the output must have that length.

    Raises:
        CompressionError: a truncated run or literal, or output longer/shorter than expected.
    """
    src = bytes(data)
    out = bytearray()
    i, n = 0, len(src)
    limit = expected_len if expected_len is not None else None
    while i < n:
        h = src[i]
        i += 1
        if h < 128:
            count = h + 1
            if i + count > n:
                raise CompressionError("literal runs past the end of the data")
            out += src[i : i + count]
            i += count
        elif h > 128:
            if i >= n:
                raise CompressionError("run without its byte at the end of the data")
            out += bytes([src[i]]) * (257 - h)
            i += 1
        if limit is not None and len(out) > limit:
            raise CompressionError(f"decompresses to more than {limit} bytes")
    if limit is not None and len(out) != limit:
        raise CompressionError(f"decompresses to {len(out)} bytes, expected {limit}")
    return bytes(out)


def compress(packed: bytes, method: Compression | int = Compression.PACKBITS) -> bytes:
    """Compress packed rows with ``method``."""
    method = Compression(method)
    return packbits_encode(packed) if method is Compression.PACKBITS else bytes(packed)


def decompress(data: bytes, method: Compression | int, expected_len: int) -> bytes:
    """Inverse of :func:`compress`; the result must be ``expected_len`` bytes."""
    method = Compression(method)
    if method is Compression.PACKBITS:
        return packbits_decode(data, expected_len)
    if len(data) != expected_len:
        raise CompressionError(f"{len(data)} bytes, expected {expected_len}")
    return bytes(data)


def encode_job_data(dots: np.ndarray) -> tuple[Compression, bytes, int]:
    """Choose the smaller encoding for ``dots``: ``(method, bytes, crc32 of packed rows)``."""
    packed = pack_dots(dots)
    packed_bits = packbits_encode(packed)
    if len(packed_bits) < len(packed):
        return Compression.PACKBITS, packed_bits, crc32(packed)
    return Compression.NONE, packed, crc32(packed)


def decode_job_data(data: bytes, method: int, n: int, crc: int) -> np.ndarray:
    """Decompress, check the CRC-32 and unpack a job's data to ``(n, n)`` dots.

    Raises:
        CompressionError: on any inconsistency (the printer's JOB_CORRUPT).
    """
    try:
        method = Compression(method)
    except ValueError as exc:
        raise CompressionError(f"unknown compression {method}") from exc
    packed = decompress(data, method, n * row_bytes(n))
    got = crc32(packed)
    if got != crc:
        raise CompressionError(f"CRC-32 {got:08x} does not match the job's {crc:08x}")
    return unpack_dots(packed, n)
