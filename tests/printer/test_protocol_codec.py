"""The codec: CRCs, COBS, frames and the streaming decoder (golden bytes and properties)."""

from __future__ import annotations

import random
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from printer_driver.protocol import (
    FRAME_CLASSES,
    Abort,
    Ack,
    COBSError,
    Data,
    DecodeError,
    DecodeErrorKind,
    FrameDecoder,
    FrameError,
    FrameType,
    JobInfo,
    Print,
    Result,
    StatusReq,
    cobs_decode,
    cobs_encode,
    crc16,
    crc32,
    encode_frame,
    parse_frame,
)
from printer_driver.protocol.crc import crc16_table
from printer_driver.protocol.vectors import VECTORS


def bitwise_crc16(data: bytes) -> int:
    """The C reference in docs/protocol.md, transcribed: independent of the table code."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def test_crc16_is_ccitt_false_with_published_check_values():
    assert crc16(b"123456789") == 0x29B1
    assert crc16(b"") == 0xFFFF
    assert crc16(b"A") == 0xB915


@given(st.binary(max_size=300))
@settings(max_examples=200, deadline=None)
def test_crc16_table_matches_the_bitwise_reference(data):
    assert crc16(data) == bitwise_crc16(data) == crc16_table(data)
    assert crc16(data[len(data) // 2 :], crc16(data[: len(data) // 2])) == crc16(data)


def test_crc32_is_iso_hdlc():
    assert crc32(b"123456789") == 0xCBF43926
    assert crc32(b"") == 0


def test_status_req_golden_bytes_built_by_hand():
    body = bytes([0x01, 0x02, 0x02, 0x00])  # version 1, STATUS_REQ, nonce 2 (LE)
    crc = bitwise_crc16(body)
    assert crc == 0xFA76
    framed = body + struct.pack("<H", crc)  # 01 02 02 00 76 FA: one zero at index 3
    expected = bytes([0x04, 0x01, 0x02, 0x02, 0x03, 0x76, 0xFA, 0x00])
    assert encode_frame(StatusReq(nonce=2)) == expected
    assert cobs_decode(expected[:-1]) == framed


def test_print_golden_bytes():
    # header 01 13 04 01, job id CD AB 34 12 (LE), CRC low byte first
    wire = encode_frame(Print(seq=0x0104, job_id=0x1234ABCD))
    assert wire == bytes.fromhex("0b01130401cdab34128909 00".replace(" ", ""))


def test_every_frame_type_has_a_golden_vector():
    assert {int(f.TYPE) for f in VECTORS} == set(FRAME_CLASSES) == {int(t) for t in FrameType}


@pytest.mark.parametrize("frame", VECTORS, ids=lambda f: type(f).__name__)
def test_vectors_round_trip(frame):
    wire = encode_frame(frame)
    assert wire.endswith(b"\x00") and 0 not in wire[:-1]
    assert parse_frame(wire) == frame
    assert FrameDecoder().feed(wire) == [frame]


@given(st.binary(max_size=1200))
@settings(max_examples=300, deadline=None)
def test_cobs_round_trip_and_no_zero(data):
    enc = cobs_encode(data)
    assert 0 not in enc
    assert len(enc) <= len(data) + len(data) // 254 + 1
    assert cobs_decode(enc) == data


def test_cobs_rejects_overrun_and_inner_zero():
    with pytest.raises(COBSError):
        cobs_decode(b"\x05\x11\x22")
    with pytest.raises(COBSError):
        cobs_decode(b"\x03\x11\x00")
    with pytest.raises(COBSError):
        cobs_decode(b"")


def test_field_out_of_range_is_refused_when_encoding():
    with pytest.raises(ValueError, match="out of range"):
        encode_frame(Abort(nonce=70000, job_id=1))
    with pytest.raises(ValueError):
        encode_frame(Data(seq=1, job_id=1, offset=0, data=bytes(2000)))


def test_wrong_length_with_good_crc_is_malformed_not_line_damage():
    body = bytes([1, FrameType.PRINT, 9, 0, 1, 2, 3])  # PRINT with a 3-byte payload
    wire = cobs_encode(body + struct.pack("<H", crc16(body)))
    with pytest.raises(FrameError) as info:
        parse_frame(wire)
    err = info.value.error
    assert err.kind is DecodeErrorKind.LENGTH and not err.line_damage
    assert (err.type, err.seq) == (FrameType.PRINT, 9)


def test_unknown_type_and_version_keep_the_header():
    for body, kind in (
        (bytes([1, 0x3E, 5, 0]), DecodeErrorKind.UNKNOWN_TYPE),
        (bytes([2, 0x01, 5, 0, 0, 1, 1, 2]), DecodeErrorKind.VERSION),
    ):
        (err,) = FrameDecoder().feed(cobs_encode(body + struct.pack("<H", crc16(body))) + b"\0")
        assert isinstance(err, DecodeError) and err.kind is kind and err.seq == 5


def test_data_without_bytes_is_malformed():
    body = bytes([1, FrameType.DATA, 1, 0]) + bytes(8)
    wire = cobs_encode(body + struct.pack("<H", crc16(body)))
    with pytest.raises(FrameError):
        parse_frame(wire)


def _stream(rng: random.Random, count: int = 12):
    frames = []
    for i in range(count):
        kind = rng.randrange(3)
        if kind == 0:
            frames.append(Data(i, rng.getrandbits(32), rng.randrange(1 << 16),
                               bytes(rng.randrange(256) for _ in range(rng.randrange(1, 248)))))
        elif kind == 1:
            frames.append(Ack(i, rng.randrange(1 << 16), rng.getrandbits(32), 16, 4096))
        else:
            frames.append(Result(i, 1, 0, 16, 4096, 0x13, 0, 0, JobInfo(rng.getrandbits(32), 3)))
    return frames


def test_decoder_resyncs_after_garbage_and_splits_anywhere():
    rng = random.Random(3)
    frames = _stream(rng)
    body = b"".join(encode_frame(f) for f in frames)
    # garbage ended by a delimiter costs nothing; unterminated garbage costs the next frame
    for prefix, expected in ((b"\x13\x37garbage\0", frames), (b"\x13\x37garbage", frames[1:])):
        wire = prefix + body
        for cut in range(0, len(wire), 7):
            dec = FrameDecoder()
            got = dec.feed(wire[:cut]) + dec.feed(wire[cut:])
            assert [g for g in got if not isinstance(g, DecodeError)] == expected
            assert dec.errors == 1 and dec.frames == len(expected)


def test_decoder_ignores_empty_blocks_and_reports_oversize_once():
    dec = FrameDecoder(max_payload=64)
    frame = StatusReq(nonce=9)
    got = dec.feed(b"\0\0" + bytes([0x55] * 500) + b"\0" + encode_frame(frame) + b"\0")
    assert len(got) == 2
    assert isinstance(got[0], DecodeError) and got[0].kind is DecodeErrorKind.OVERSIZE
    assert got[1] == frame


@given(st.binary(max_size=3000), st.integers(1, 64))
@settings(max_examples=300, deadline=None)
def test_random_bytes_never_crash_the_decoder(noise, step):
    dec = FrameDecoder()
    for i in range(0, len(noise), step):
        for item in dec.feed(noise[i : i + step]):
            assert isinstance(item, (DecodeError, *FRAME_CLASSES.values()))


def test_any_single_byte_corruption_is_detected_or_costs_one_frame():
    """Flip, replace, drop or duplicate any one byte of a stream: nothing wrong is accepted,
    and at most the damaged frame (or two, if a delimiter was hit) is lost."""
    rng = random.Random(11)
    frames = _stream(rng, 8)
    wires = [encode_frame(f) for f in frames]
    wire = b"".join(wires)
    bounds = []
    pos = 0
    for w in wires:
        bounds.append((pos, pos + len(w)))
        pos += len(w)
    for i in range(len(wire)):
        for damage in ("flip", "zero", "drop", "dup"):
            if damage == "flip":
                bad = wire[:i] + bytes([wire[i] ^ (1 << rng.randrange(8))]) + wire[i + 1 :]
            elif damage == "zero":
                if wire[i] == 0:
                    continue
                bad = wire[:i] + b"\0" + wire[i + 1 :]
            elif damage == "drop":
                bad = wire[:i] + wire[i + 1 :]
            else:
                bad = wire[:i] + wire[i : i + 1] + wire[i:]
            got = [g for g in FrameDecoder().feed(bad) if not isinstance(g, DecodeError)]
            # every decoded frame is one of the originals, in order
            it = iter(frames)
            assert all(any(g == f for f in it) for g in got), (i, damage)
            hit = next(k for k, (a, b) in enumerate(bounds) if a <= i < b)
            lost = {k for k, f in enumerate(frames) if f not in got}
            assert lost <= {hit, hit + 1}, (i, damage, lost)
            if damage == "flip" and wire[i] != 0:
                assert lost <= {hit}


def test_abort_with_wrong_crc_is_not_acted_on():
    wire = bytearray(encode_frame(Abort(nonce=4, job_id=0x1234ABCD)))
    wire[-2] ^= 0x01  # damage the CRC's high byte
    (err,) = FrameDecoder().feed(bytes(wire))
    assert isinstance(err, DecodeError) and err.line_damage
