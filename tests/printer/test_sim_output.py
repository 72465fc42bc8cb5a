"""``--out DIR``: every print leaves its exact dots, a picture of the cup and a record."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import serial
from PIL import Image

import printer_driver.sim as sim
from printer_driver.mask import Mask
from printer_driver.protocol import (
    FrameDecoder,
    Hello,
    HelloReply,
    JobBegin,
    JobCommit,
    PowderBits,
    Print,
    encode_frame,
    encode_job_data,
)
from printer_driver.protocol.frames import Data
from printer_driver.sim import FaultPlan, SimPrinter, SimSettings
from printer_driver.sim.loopback import LoopbackFirmware


def small_portrait(n: int = 64, seed: int = 2) -> Mask:
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:n, 0:n]
    r = np.hypot(yy - n / 2 + 0.5, xx - n / 2 + 0.5)
    dots = np.where(r < n / 2.5, rng.integers(0, 3, (n, n)), 0).astype(np.uint8)
    return Mask.from_levels(dots, diameter_mm=n * 0.3, pitch_mm=0.3)


def send_job_and_print(port: serial.SerialBase, mask: Mask, job_id: int) -> None:
    """HELLO, then the whole job and PRINT in one window (small job, clean line)."""
    port.write(encode_frame(Hello(nonce=1, first_seq=0x100)))
    decoder = FrameDecoder()
    deadline = time.monotonic() + 5
    while not any(isinstance(f, HelloReply) for f in decoder.feed(port.read(64))):
        assert time.monotonic() < deadline, "no HELLO_REPLY"
    method, data, crc = encode_job_data(mask.dots)
    seq = 0x100
    frames = [JobBegin(seq, job_id, mask.size, 300, round(mask.diameter_mm * 1000),
                       int(PowderBits.CINNAMON | PowderBits.COCOA), int(method), len(data), crc)]
    for off in range(0, len(data), 200):
        seq += 1
        frames.append(Data(seq, job_id, off, data[off : off + 200]))
    frames += [JobCommit(seq + 1, job_id), Print(seq + 2, job_id)]
    assert len(frames) <= 16  # within the printer's advertised window
    port.write(b"".join(encode_frame(f) for f in frames))


def test_a_finished_print_leaves_mask_cup_picture_and_record(tmp_path: Path) -> None:
    out = tmp_path / "prints"
    port = serial.serial_for_url(f"sim://outdemo?speed=50&seed=1&out={out}", timeout=0.5)
    printer = sim.get_printer("outdemo")
    assert printer.output is not None
    mask = small_portrait()
    send_job_and_print(port, mask, job_id=0x2A)
    assert printer.output.wait_for(1, timeout=10.0), "the print never finished"
    port.close()

    record = json.loads((out / "print-0001.json").read_text())
    assert record["result"] == "done"
    assert record["job_id"] == "0000002a"
    assert record["rows_printed"] == record["rows_total"] == 64
    assert record["rows_printed_twice"] == 0 and record["matches_job"] is True
    assert record["faults"] == [] and record["ended_at_s"] > record["started_at_s"]
    assert record["ended_utc"] > record["started_utc"]
    counts = mask.dot_counts()
    assert record["dots_printed"] == {"cinnamon": counts["cinnamon"], "cocoa": counts["cocoa"]}
    assert Mask.load_png(out / "print-0001-mask.png") == mask
    cup = np.asarray(Image.open(out / "print-0001-cup.png"))
    assert cup.shape == (768, 768, 3)
    assert cup[384, 384].sum() < cup[384, 30].sum() + 400  # powder in the middle, not blank


def test_an_interrupted_print_records_the_fault_and_only_the_rows_printed(
    tmp_path: Path,
) -> None:
    settings = SimSettings(speed=50, out_dir=tmp_path, faults=FaultPlan(cup_removed=(0.5,)))
    printer = sim.add_printer(SimPrinter("cupgone", settings, firmware_factory=LoopbackFirmware))
    dots = small_portrait(254).dots
    printer.machine.start(dots, printer.now(), job_id="00000007")
    assert printer.output is not None and printer.output.wait_for(1, timeout=10.0)

    record = json.loads((tmp_path / "print-0001.json").read_text())
    assert record["result"] == "fault" and record["faults"] == ["cup_removed"]
    assert record["rows_printed"] == 127 and record["matches_job"] is False
    printed = Mask.load_png(tmp_path / "print-0001-mask.png").dots
    assert np.array_equal(printed[:127], dots[:127])
    assert not printed[127:].any()
