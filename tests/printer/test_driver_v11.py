"""The host side of protocol 1.1: the minor version and the serial from the handshake (with a
1.0 printer too), the printer's detail in a refusal, and the reconnect budget of spec 12.5
(20 s without progress; progress in between starts it again)."""

from __future__ import annotations

import json
import time
from dataclasses import replace

import numpy as np
import pytest
from driver_helpers import FAST, records, sim_url, small_mask

import printer_driver.sim as sim
from kiosk.cli import main
from printer_driver import JobRejectedError, PrinterDriver, PrinterInfo, ProgressEvent
from printer_driver.mask import Mask
from printer_driver.protocol import HelloReply


def test_a_11_printer_gives_its_serial_and_a_10_printer_none(capsys) -> None:
    _, url = sim_url("ser", serial="PL2026-0042")
    with PrinterDriver.open(url, timeouts=FAST) as drv:
        info = drv.identify()
    assert (info.protocol, info.serial) == ("1.1", "PL2026-0042")
    assert main(["printer", "status", "--port", url]) == 0
    out = capsys.readouterr().out
    assert "Serial number      PL2026-0042" in out and "Protocol version   1.1" in out
    assert main(["printer", "status", "--port", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["printer"]["serial"] == "PL2026-0042"

    # A 1.0 printer refuses the 1.1 HELLO; the host asks again in 1.0 and prints as before.
    name, old = sim_url("ser10", protocol="1.0")
    mask = small_mask(4)
    with PrinterDriver.open(old, timeouts=FAST) as drv:
        info = drv.identify()
        drv.print_mask(mask)
    assert (info.protocol, info.serial) == ("1.0", None)
    assert np.array_equal(records(name)[-1].printed, mask.dots)
    assert main(["printer", "status", "--port", old]) == 0
    assert "Serial number      unknown (the printer does not report one)" in (
        capsys.readouterr().out)


def test_a_serial_that_breaks_the_rule_is_never_used_as_a_key(caplog) -> None:
    reply = HelloReply(ref=1, code=0, proto=1, fw_major=1, fw_minor=1, fw_patch=0,
                       boot_id=7, capabilities=0, max_payload=256, window_frames=16,
                       window_bytes=4096, max_job_bytes=73728, grid_max=512, job_slots=2,
                       keepalive_ms=1000, next_seq=0, pitch_um=300, diameter_um=76000,
                       minor=1, serial="../etc")
    info = PrinterInfo.from_reply(reply)
    assert info.serial is None and info.serial_invalid == "../etc"
    assert "not valid" in caplog.text


def test_a_job_at_another_pitch_is_refused_with_both_numbers() -> None:
    name, url = sim_url("pitch")
    rng = np.random.default_rng(1)
    n = 64  # 9.6 mm at 150 um
    mask = Mask.from_levels(rng.integers(0, 3, (n, n)), diameter_mm=9.6, pitch_mm=0.15)
    with PrinterDriver.open(url, timeouts=FAST) as drv, pytest.raises(JobRejectedError) as info:
        drv.upload(mask)
    assert "300 um" in info.value.reason and "150 um" in info.value.reason
    assert records(name) == []


def test_reconnects_with_progress_between_them_are_not_given_up() -> None:
    # Four cable pulls during one print, spread over more than the reconnect budget: the
    # printer answers and the rows move on between them, so the budget starts again.
    name, url = sim_url("pulls", speed=2)
    mask = small_mask(5)
    timeouts = replace(FAST, reconnect_total=1.5, print_stall=20.0)
    pulls: list[float] = []
    rows_total = mask.size

    def on_progress(event: ProgressEvent) -> None:
        if event.phase != "print" or len(pulls) >= 4:
            return
        if event.done >= (len(pulls) + 1) * rows_total // 5:
            pulls.append(time.monotonic())
            sim.get_printer(name).unplug(seconds=0.5 * 2)  # half a wall second

    with PrinterDriver.open(url, timeouts=timeouts) as drv:
        done = drv.print_mask(mask, on_progress=on_progress)
        ended = time.monotonic()
    assert len(pulls) == 4 and ended - pulls[0] > timeouts.reconnect_total
    assert done.rows_printed == rows_total
    assert drv.counters.snapshot().reconnects >= 1
    assert np.array_equal(records(name)[-1].printed, mask.dots)
