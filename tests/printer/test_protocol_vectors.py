"""The codec against the test vectors published in docs/protocol.md (section 14 and the
COBS/CRC/PackBits examples), so the document a firmware author reads is what we speak."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import printer_driver.protocol.frames as frames_mod
from printer_driver.protocol import (
    FrameType,
    cobs_decode,
    cobs_encode,
    crc16,
    crc32,
    encode_frame,
    frame_body,
    pack_dots,
    packbits_decode,
    packbits_encode,
    parse_frame,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"
TEXT = DOC.read_text(encoding="utf-8")

_VECTOR = re.compile(
    r"^V(\d+) (\w+) \(type 0x([0-9A-F]{2})\)\n"
    r"  fields: (.+)\n"
    r"  body:   ([0-9a-f ]+) \| crc ([0-9a-f ]+)\n"
    r"  wire:   ([0-9a-f ]+)$",
    re.MULTILINE,
)
DOC_VECTORS = _VECTOR.findall(TEXT)
_NAMESPACE = {name: getattr(frames_mod, name) for name in dir(frames_mod) if name[0].isupper()}


def _build(expr: str):
    return eval(expr, {"__builtins__": {"bytes": bytes}}, _NAMESPACE)


def test_document_has_a_vector_for_every_frame_type():
    types = {int(t, 16) for _, _, t, *_ in DOC_VECTORS}
    assert types == {int(t) for t in FrameType}
    assert len(DOC_VECTORS) >= len(FrameType)


@pytest.mark.parametrize("vector", DOC_VECTORS, ids=lambda v: f"V{v[0]}-{v[1]}")
def test_codec_matches_document_vector(vector):
    _, name, type_hex, expr, body_hex, crc_hex, wire_hex = vector
    frame = _build(expr)
    assert type(frame).__name__ == name and int(frame.TYPE) == int(type_hex, 16)
    body = bytes.fromhex(body_hex)
    crc = bytes.fromhex(crc_hex)
    wire = bytes.fromhex(wire_hex)
    assert crc == crc16(body).to_bytes(2, "little")  # CRC-16 low byte first
    assert frame_body(frame) == body + crc
    assert cobs_encode(body + crc) + b"\0" == wire
    assert encode_frame(frame) == wire
    assert parse_frame(wire) == frame
    assert cobs_decode(wire[:-1]) == body + crc


def _hex_cells(row: str) -> list[str]:
    return re.findall(r"`([0-9A-Fa-f ]+)`", row)


def test_cobs_table_in_document():
    rows = [line for line in TEXT.splitlines() if line.startswith("| `") and "…" not in line]
    checked = 0
    for row in rows:
        cells = _hex_cells(row)
        if len(cells) != 2:
            continue
        data, enc = (bytes.fromhex(c) for c in cells)
        if 0 in enc:
            continue  # not a COBS row
        assert cobs_encode(data) == enc and cobs_decode(enc) == data
        checked += 1
    assert checked >= 5
    # the long rows described with an ellipsis
    assert cobs_encode(bytes(range(1, 255))) == b"\xff" + bytes(range(1, 255))
    assert cobs_encode(bytes(range(0, 255))) == b"\x01\xff" + bytes(range(1, 255))
    assert cobs_encode(bytes(range(1, 256))) == b"\xff" + bytes(range(1, 255)) + b"\x02\xff"


def test_check_values_in_document():
    assert "**0x29B1**" in TEXT and crc16(b"123456789") == 0x29B1
    assert "**0xCBF43926**" in TEXT and crc32(b"123456789") == 0xCBF43926


def test_packbits_and_packing_examples_in_document():
    m = re.search(r"Example \(Apple TN1023\): `([^`]+)`\s*→\s*`([^`]+)`", TEXT)
    assert m, "PackBits example missing from docs/protocol.md"
    raw = bytes.fromhex(m.group(1).replace("\n", " "))
    packed = bytes.fromhex(m.group(2))
    assert packbits_encode(raw) == packed
    assert packbits_decode(packed) == raw
    assert "packs to `0x92 0x01`" in TEXT
    import numpy as np

    assert pack_dots(np.array([[2, 0, 1, 2, 1]], np.uint8)) == b"\x92\x01"
