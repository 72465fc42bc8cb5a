"""Job data: 2-bit packing, PackBits and the end-to-end check a printer runs at commit."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest
from firmware_harness import portrait_like
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from printer_driver.protocol import (
    Compression,
    CompressionError,
    crc32,
    decode_job_data,
    encode_job_data,
    pack_dots,
    packbits_decode,
    packbits_encode,
    row_bytes,
    unpack_dots,
)


@given(hnp.arrays(np.uint8, st.tuples(st.integers(1, 9), st.integers(1, 23)),
                  elements=st.integers(0, 2)))
@settings(max_examples=200, deadline=None)
def test_pack_unpack_round_trip_any_width(dots):
    packed = pack_dots(dots)
    assert len(packed) == dots.shape[0] * row_bytes(dots.shape[1])
    assert np.array_equal(unpack_dots(packed, dots.shape[1], dots.shape[0]), dots)


def test_pack_layout_first_dot_in_low_bits():
    assert pack_dots(np.array([[1, 0, 0, 0, 2, 2, 2, 2]], np.uint8)) == b"\x01\xaa"


def test_unpack_rejects_code_3_padding_and_length():
    with pytest.raises(CompressionError, match="code 3"):
        unpack_dots(b"\x03", 1, 1)
    with pytest.raises(CompressionError, match="padding"):
        unpack_dots(b"\x10", 2, 1)  # dot 2 set in a 2-dot row
    with pytest.raises(CompressionError, match="expected"):
        unpack_dots(b"\x00\x00", 3, 3)
    with pytest.raises(CompressionError):
        pack_dots(np.array([[3]], np.uint8))


@given(st.lists(st.tuples(st.integers(0, 255), st.integers(1, 300)), max_size=40))
@settings(max_examples=300, deadline=None)
def test_packbits_round_trip_runs_and_literals(parts):
    data = b"".join(bytes([v]) * n for v, n in parts)
    enc = packbits_encode(data)
    assert packbits_decode(enc, len(data)) == data
    assert len(enc) <= len(data) + (len(data) + 127) // 128  # worst case: all literals
    assert 128 not in enc[:1]  # never starts with the no-op header


@given(st.binary(max_size=400))
@settings(max_examples=300, deadline=None)
def test_packbits_decoder_never_crashes_on_garbage(data):
    with contextlib.suppress(CompressionError):
        packbits_decode(data, 100)


def test_packbits_decoder_refuses_truncation_and_overflow():
    with pytest.raises(CompressionError, match="past the end"):
        packbits_decode(b"\x05\x01\x02")
    with pytest.raises(CompressionError, match="without its byte"):
        packbits_decode(b"\xfe")
    with pytest.raises(CompressionError, match="more than"):
        packbits_decode(b"\x81\x00", 10)  # 128 zeros into a 10-byte buffer
    with pytest.raises(CompressionError, match="expected"):
        packbits_decode(b"\x00\x07", 10)


def test_job_data_round_trip_and_smaller_than_plain_packing():
    mask = portrait_like(96)
    method, data, crc = encode_job_data(mask.dots)
    assert method is Compression.PACKBITS
    assert len(data) < len(pack_dots(mask.dots))
    assert crc == crc32(pack_dots(mask.dots))
    assert np.array_equal(decode_job_data(data, method, mask.size, crc), mask.dots)


def test_noise_that_does_not_compress_is_sent_plain():
    rng = np.random.default_rng(5)
    dots = rng.integers(0, 3, (64, 64)).astype(np.uint8)
    method, data, crc = encode_job_data(dots)
    assert method is Compression.NONE and data == pack_dots(dots)
    assert np.array_equal(decode_job_data(data, method, 64, crc), dots)


def test_decode_job_data_catches_any_wrong_byte_and_wrong_crc():
    mask = portrait_like(48)
    method, data, crc = encode_job_data(mask.dots)
    with pytest.raises(CompressionError, match="CRC-32"):
        decode_job_data(data, method, mask.size, crc ^ 1)
    rng = np.random.default_rng(2)
    for i in rng.choice(len(data), 40, replace=False):
        bad = bytearray(data)
        bad[i] ^= 1 << int(rng.integers(8))
        with pytest.raises(CompressionError):
            decode_job_data(bytes(bad), method, mask.size, crc)
    with pytest.raises(CompressionError, match="unknown compression"):
        decode_job_data(data, 9, mask.size, crc)
