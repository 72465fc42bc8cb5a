"""Consistent Overhead Byte Stuffing (Cheshire & Baker, 1999).

COBS rewrites a block so that it contains no 0x00 byte, at a cost of one byte per 254
(plus one). The protocol ends every encoded frame with a single 0x00 delimiter, so a
receiver that lost its place resynchronises at the next 0x00: one damaged byte costs at
most the frame it falls in (and the next, if it destroyed a delimiter).
"""

from __future__ import annotations


class COBSError(ValueError):
    """The bytes between two delimiters are not a valid COBS block."""


def cobs_encode(data: bytes | bytearray | memoryview) -> bytes:
    """Encode ``data``; the result contains no 0x00 and has no delimiter appended."""
    out = bytearray()
    parts = bytes(data).split(b"\x00")
    last = len(parts) - 1
    for i, part in enumerate(parts):
        # a zero-free run longer than 254 bytes becomes full 0xFF blocks first
        while len(part) >= 254:
            out.append(255)
            out += part[:254]
            part = part[254:]
            if not part and i == last:
                # canonical COBS: no empty trailing block after a full block ends the data
                return bytes(out)
        out.append(len(part) + 1)
        out += part
    return bytes(out)


def cobs_decode(data: bytes | bytearray | memoryview) -> bytes:
    """Decode one COBS block (without its delimiter).

    Raises:
        COBSError: if the block contains 0x00 or a code byte points past its end.
    """
    src = bytes(data)
    out = bytearray()
    i, n = 0, len(src)
    if n == 0:
        raise COBSError("empty block")
    while i < n:
        code = src[i]
        if code == 0:
            raise COBSError(f"zero byte at {i} inside a block")
        end = i + code
        if end > n:
            raise COBSError(f"code byte at {i} runs {end - n} bytes past the end")
        chunk = src[i + 1 : end]
        if 0 in chunk:
            raise COBSError("zero byte inside a block")
        out += chunk
        i = end
        if code != 255 and i < n:
            out.append(0)
    return bytes(out)


def max_encoded_len(n: int) -> int:
    """Largest COBS encoding of ``n`` bytes (without the delimiter)."""
    return n + n // 254 + 1
