"""What a printer accepts as a job (docs/protocol.md 7.3 and 8.2): pitch, diameter, grid,
powders and the circle, checked in the spec's order, and what the record of a print keeps."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import numpy as np
import pytest
import serial
from firmware_harness import Host, portrait_like
from test_sim_output import send_job_and_print

import printer_driver.sim as sim
from printer_driver.mask import Mask, circle_mask, grid_size
from printer_driver.protocol import (
    Code,
    Detail,
    Fault,
    JobBegin,
    JobInfoReply,
    JobQuery,
    JobState,
    Result,
    Status,
    StatusReq,
    crc32,
    pack_dots,
)
from printer_driver.sim.jobcheck import Limits, check_begin, decode_dots, grid_for, inside_circle

LIMITS = Limits(pitch_um=300, grid_max=512, max_job_bytes=73728)
GOOD = JobBegin(0x100, 7, 254, 300, 76000, 3, 1, 5000, 0)


@pytest.mark.parametrize("change, code, detail", [
    ({}, None, None),
    ({"job_id": 0}, Code.MALFORMED, Detail.JOB_ID),
    ({"grid": 0}, Code.MALFORMED, Detail.GRID),
    ({"pitch_um": 0}, Code.MALFORMED, Detail.PITCH),
    ({"diameter_um": 0}, Code.MALFORMED, Detail.DIAMETER),
    ({"length": 0}, Code.MALFORMED, Detail.LENGTH),
    ({"powders": 4}, Code.MALFORMED, Detail.POWDERS),
    ({"powders": 0}, None, None),  # all foam
    ({"compression": 2}, Code.UNSUPPORTED, Detail.COMPRESSION),
    ({"pitch_um": 150, "grid": 507}, Code.UNSUPPORTED, Detail.PITCH),
    ({"pitch_um": 301, "grid": 253}, Code.UNSUPPORTED, Detail.PITCH),  # exact, no tolerance
    ({"diameter_um": 153601, "grid": 513}, Code.TOO_LARGE, Detail.DIAMETER),
    ({"diameter_um": 153600, "grid": 512}, None, None),  # the whole reach
    ({"grid": 513}, Code.TOO_LARGE, Detail.GRID),
    ({"length": 73729}, Code.TOO_LARGE, Detail.LENGTH),
    ({"grid": 253}, Code.MALFORMED, Detail.GRID),
    ({"grid": 255}, Code.MALFORMED, Detail.GRID),
    ({"compression": 0}, Code.MALFORMED, Detail.LENGTH),  # plain rows: 254 x 64 bytes
    ({"compression": 0, "length": 254 * 64}, None, None),
    # The first failing check decides: job id 0 beats a bad pitch, pitch beats size.
    ({"job_id": 0, "pitch_um": 150}, Code.MALFORMED, Detail.JOB_ID),
    ({"pitch_um": 150, "grid": 9999}, Code.UNSUPPORTED, Detail.PITCH),
])
def test_job_begin_checks_in_the_order_of_the_spec(change, code, detail):
    got = check_begin(dataclasses.replace(GOOD, **change), LIMITS)
    assert got == (None if code is None else (code, detail))


def test_the_printers_circle_is_the_masks_circle_for_whole_micrometres():
    rng = random.Random(5)
    for _ in range(300):
        pitch = rng.choice([150, 250, 265, 300])
        diameter = rng.randrange(1, 80000)
        n = grid_for(diameter, pitch)
        assert n == grid_size(diameter / 1000, pitch / 1000)
        expected = circle_mask(diameter / 1000, pitch / 1000)
        assert np.array_equal(inside_circle(n, pitch, diameter), expected), (pitch, diameter)


def job_of(dots: np.ndarray, powders: int, diameter_um: int) -> tuple[JobBegin, bytes]:
    packed = pack_dots(dots)
    begin = JobBegin(0x100, 9, dots.shape[0], 300, diameter_um, powders, 0, len(packed),
                     crc32(packed))
    return begin, packed


def test_commit_tells_damage_from_a_host_that_meant_it():
    dots = np.array([[1, 2], [2, 1]], np.uint8)
    begin, packed = job_of(dots, 3, 600)
    got, refusal = decode_dots(packed, begin)
    assert refusal is None and got is not None and np.array_equal(got, dots)
    assert decode_dots(b"\x09\x07", begin)[1] == (Code.JOB_CORRUPT, Detail.CRC32)
    short = dataclasses.replace(begin, compression=1)
    assert decode_dots(b"\x05\x09", short)[1] == (Code.JOB_CORRUPT, Detail.DECODE)
    bad_code = bytes([0x03, 0x00])  # dot code 3, with a CRC that matches it
    assert decode_dots(bad_code, dataclasses.replace(begin, crc32=crc32(bad_code)))[1] == (
        Code.MALFORMED, Detail.DOT_CODE)
    padding = bytes([0x40, 0x00])  # a 2-dot row uses 4 bits; bits 6-7 set
    assert decode_dots(padding, dataclasses.replace(begin, crc32=crc32(padding)))[1] == (
        Code.MALFORMED, Detail.DOT_CODE)
    assert decode_dots(packed, dataclasses.replace(begin, powders=1))[1] == (
        Code.MALFORMED, Detail.POWDERS)


def test_a_refused_commit_frees_the_slot_and_latches_nothing():
    h = Host()
    h.hello()
    corner = np.zeros((4, 4), np.uint8)
    corner[0, 0] = 1
    begin, data, commit = h.job_frames(9, Mask.blank(diameter_mm=1.2), chunk=200)
    packed = pack_dots(corner)
    begin = dataclasses.replace(begin, compression=0, length=len(packed), crc32=crc32(packed),
                                powders=1)
    data = dataclasses.replace(data[0], data=packed)
    got = h.send(begin, data, commit)
    result = next(f for f in got if isinstance(f, Result) and f.ref == commit.seq)
    assert result.code == Code.MALFORMED
    assert not h.fw.faults & Fault.JOB_CORRUPT
    assert h.fw.job_info(9).state == JobState.ABORTED
    status = [f for f in h.send(StatusReq(0x77)) if isinstance(f, Status)][-1]
    assert status.slots_free == 2
    # The same job sent again is finished: it never prints (8.1).
    again = next(f for f in h.send(dataclasses.replace(begin, seq=h.next_seq()))
             if isinstance(f, Result))
    assert again.code == Code.JOB_FINISHED
    info = next(f for f in h.send(JobQuery(0x78, 9)) if isinstance(f, JobInfoReply))
    assert info.job.state == JobState.ABORTED


def test_a_portrait_at_the_native_pitch_prints():
    h = Host()
    h.hello()
    begin, chunks, commit = h.job_frames(3, portrait_like(32), chunk=120)
    got = h.send(begin, *chunks, commit)
    assert [f.code for f in got if isinstance(f, Result)] == [Code.OK, Code.OK]


def test_the_record_of_a_print_keeps_the_circle_the_job_declared(tmp_path: Path) -> None:
    """A 59.9 mm circle on a 200-dot grid: the record's mask is the job's, exactly
    (it was written as a 60 mm mask before: the writer guessed the circle from the grid)."""
    out = tmp_path / "prints"
    dots = np.zeros((200, 200), np.uint8)
    dots[90:110, 90:110] = np.random.default_rng(4).integers(0, 3, (20, 20))  # a few frames
    mask = Mask(dots, diameter_mm=59.9, pitch_mm=0.3)
    port = serial.serial_for_url(f"sim://circle?speed=50&seed=1&out={out}", timeout=0.5)
    try:
        send_job_and_print(port, mask, job_id=0x2B)
        printer = sim.get_printer("circle")
        assert printer.output is not None and printer.output.wait_for(1, timeout=15.0)
    finally:
        port.close()
    record = json.loads((out / "print-0001.json").read_text())
    assert record["files"]["mask"] == "print-0001-mask.png" and record["diameter_mm"] == 59.9
    assert Mask.load_png(out / "print-0001-mask.png") == mask
