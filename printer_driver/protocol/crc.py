"""Checksums of the wire protocol (see docs/protocol.md, "Checksums").

- :func:`crc16`: CRC-16/CCITT-FALSE (a.k.a. CRC-16/IBM-3740): width 16, poly 0x1021,
  init 0xFFFF, no input/output reflection, xorout 0x0000. ``crc16(b"123456789") == 0x29B1``.
  Every frame ends with this CRC of its header and payload, little-endian.
- :func:`crc32`: CRC-32/ISO-HDLC (zlib, Ethernet, PNG): poly 0x04C11DB7 reflected, init and
  xorout 0xFFFFFFFF. ``crc32(b"123456789") == 0xCBF43926``. A job's end-to-end check.
"""

from __future__ import annotations

import binascii
import zlib


def _make_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
        table.append(crc & 0xFFFF)
    return tuple(table)


_TABLE = _make_table()


def crc16(data: bytes | bytearray | memoryview, crc: int = 0xFFFF) -> int:
    """CRC-16/CCITT-FALSE of ``data``; pass a previous result as ``crc`` to continue."""
    # binascii.crc_hqx is the same non-reflected 0x1021 CRC with a caller-given init, in C.
    return binascii.crc_hqx(bytes(data), crc)


def crc16_table(data: bytes | bytearray | memoryview, crc: int = 0xFFFF) -> int:
    """Table-driven CRC-16/CCITT-FALSE, as a firmware would write it (reference)."""
    table = _TABLE
    for byte in bytes(data):
        crc = ((crc << 8) & 0xFFFF) ^ table[(crc >> 8) ^ byte]
    return crc


def crc32(data: bytes | bytearray | memoryview, crc: int = 0) -> int:
    """CRC-32/ISO-HDLC (zlib) of ``data``; pass a previous result as ``crc`` to continue."""
    return zlib.crc32(bytes(data), crc) & 0xFFFFFFFF
