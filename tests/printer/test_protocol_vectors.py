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


# --- case vectors (section 14.2): exchanges played against the simulated printer ---------

_CASES_TEXT = TEXT[TEXT.index("### 14.2"):]
_CASES_START = _CASES_TEXT.index("```text\n") + len("```text\n")
_CASES_BLOCK = _CASES_TEXT[_CASES_START : _CASES_TEXT.index("\n```", _CASES_START)]


def _doc_cases() -> list[dict]:
    """Each case of 14.2: number, title, setup words, steps (way, expr, wire bytes)."""
    cases: list[dict] = []
    for line in _CASES_BLOCK.splitlines():
        if m := re.match(r"^C(\d+) (.+)$", line):
            cases.append({"id": f"C{m.group(1)}", "title": m.group(2), "setup": [], "steps": []})
        elif m := re.match(r"^  setup: (.+)$", line):
            cases[-1]["setup"] = [w.strip() for w in m.group(1).split(";")]
        elif m := re.match(r"^  ([<>]) (.+)$", line):
            cases[-1]["steps"].append([m.group(1), m.group(2), b""])
        elif m := re.match(r"^  = wait ([0-9.]+) s$", line):
            cases[-1]["steps"].append(["=", float(m.group(1)), b""])
        elif m := re.match(r"^    ([0-9a-f ]+)$", line):
            cases[-1]["steps"][-1][2] += bytes.fromhex(m.group(1))
        else:
            raise AssertionError(f"unreadable line in the case vectors: {line!r}")
    return cases


DOC_CASES = _doc_cases()


def _build_step(expr: str):
    from printer_driver.protocol.cases import RawFrame

    return eval(expr, {"__builtins__": {"bytes": bytes}}, {**_NAMESPACE, "RawFrame": RawFrame})


def test_document_has_a_case_for_every_question_the_spec_answers():
    from printer_driver.protocol.cases import CASES

    assert len(DOC_CASES) == len(CASES) >= 18
    titles = " ".join(c["title"] for c in DOC_CASES)
    for topic in ("PITCH", "DIAMETER", "GRID", "powders 0", "POWDERS", "CIRCLE", "PAYLOAD",
                  "CLEAR_FAULT", "Reserved types", "nonce 0", "BUFFER_OVERFLOW",
                  "JOB_FINISHED", "1.0 printer", "1.0 host", "later minor"):
        assert topic in titles, topic


@pytest.mark.parametrize("case", DOC_CASES, ids=lambda c: c["id"])
def test_case_vector_bytes_match_the_codec(case):
    from printer_driver.protocol.cases import RawFrame

    for way, expr, wire in case["steps"]:
        if way == "=":
            continue
        item = _build_step(expr)
        if isinstance(item, RawFrame):
            assert item.wire() == wire
            continue
        assert encode_frame(item) == wire, expr
        assert parse_frame(wire) == item


def _answers(got) -> list:
    """What the case vectors show of the printer's frames: no ACK, no unsolicited STATUS
    (ref 0), no PROGRESS."""
    from printer_driver.protocol import Ack, Progress, Status

    return [f for f in got if not isinstance(f, Ack | Progress)
            and not (isinstance(f, Status) and f.ref == 0)]


@pytest.mark.parametrize("case", DOC_CASES, ids=lambda c: c["id"])
def test_simulated_printer_answers_each_case_as_the_document_says(case):
    from firmware_harness import FakeMachine, Host

    from printer_driver.protocol import DecodeError, Hello
    from printer_driver.protocol.cases import BOOT_ID, SERIAL, RawFrame
    from printer_driver.sim.firmware import FirmwareConfig

    setup = case["setup"]
    machine = FakeMachine(row_s=0.01)
    minor = 1
    for word in setup:
        if word == "no cup":
            machine.cup = False
        elif word == "printer 1.0":
            minor = 0
        elif m := re.fullmatch(r"(cocoa|cinnamon) ([0-9.]+) g", word):
            machine.grams[m.group(1)] = float(m.group(2))
        else:
            assert word == "no session", word
    h = Host(machine=machine, config=FirmwareConfig(serial=SERIAL, protocol_minor=minor))
    h.fw.boot_id = BOOT_ID
    if "no session" not in setup:
        h.send(Hello(0x1, 0x100, minor=1))
    expected: list = []
    got: list = []
    for way, expr, _wire in case["steps"]:
        if way == "<":
            expected.append(_build_step(expr))
            continue
        assert _answers(got) == expected  # answers come before the next host step
        expected, got = [], []
        if way == "=":
            got = h.run(expr, step=0.005)
        else:
            item = _build_step(expr)
            got = h.send_raw(item.wire()) if isinstance(item, RawFrame) else h.send(item)
        assert not [f for f in got if isinstance(f, DecodeError)]
    got += h.run(0.1)
    assert _answers(got) == expected
