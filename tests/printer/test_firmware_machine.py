"""The firmware driving the simulated hardware (printer_driver.sim.machine.Machine): the
contract both sides agreed, checked with a real portrait-sized job."""

from __future__ import annotations

import numpy as np
from firmware_harness import Host

from printer_driver.mask import Mask
from printer_driver.protocol import Code, Fault, JobState, Print, Result
from printer_driver.sim.firmware import MachineLike
from printer_driver.sim.machine import Machine


def _mask(seed: int = 3) -> Mask:
    rng = np.random.default_rng(seed)
    return Mask.from_levels(rng.integers(0, 3, (254, 254)), diameter_mm=76.0, pitch_mm=0.3)


def _upload_and_print(h: Host, job_id: int, mask: Mask) -> Result:
    begin, chunks, commit = h.job_frames(job_id, mask, chunk=248)
    got = h.send(begin, *chunks, commit)
    assert [r.code for r in got if isinstance(r, Result) and r.ref == commit.seq] == [Code.OK]
    seq = h.next_seq()
    return next(r for r in h.send(Print(seq, job_id)) if isinstance(r, Result) and r.ref == seq)


def test_machine_satisfies_the_firmware_contract():
    assert isinstance(Machine(), MachineLike)


def test_full_size_print_lands_exactly_once():
    machine = Machine()
    h = Host(machine=machine)  # type: ignore[arg-type]
    h.hello()
    mask = _mask()
    assert _upload_and_print(h, 0xC0FFEE, mask).code == Code.OK
    h.run(120.0, step=0.25)
    info = h.fw.job_info(0xC0FFEE)
    assert info.state == JobState.DONE and info.rows_done == 254
    (record,) = machine.records
    assert record.job_id == "00c0ffee"
    assert np.array_equal(record.printed, mask.dots)
    assert record.row_prints.max() == 1 and record.row_prints.min() == 1


def test_cup_lifted_on_the_real_machine_fails_the_job_with_cup_removed():
    machine = Machine()
    h = Host(machine=machine)  # type: ignore[arg-type]
    h.hello()
    assert _upload_and_print(h, 5, _mask()).code == Code.OK
    h.run(3.0, step=0.25)
    machine.remove_cup()
    h.run(2.0, step=0.25)
    info = h.fw.job_info(5)
    assert info.state == JobState.FAILED and info.fault == 6
    assert 0 < info.rows_done < 254
    assert h.fw.faults & Fault.CUP_REMOVED and h.fw.faults & Fault.CUP_MISSING
    assert not machine.busy()
    assert machine.records[0].row_prints.max() == 1
