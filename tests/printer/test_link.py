"""The link's own promises: the retransmit timeout adapts and backs off within its clamp,
damaged bytes are counted and survived, control frames overtake queued job data, and a
high retry ratio is logged for the technician."""

from __future__ import annotations

import logging
import threading
import time

import pytest
import serial
from driver_helpers import FAST, sim_url, small_mask

import printer_driver.sim as sim
from printer_driver import Counters, PrinterDriver, ProgressEvent
from printer_driver.link import Link, LinkDown, LinkSettings, RtoEstimator
from printer_driver.ports import ensure_sim_handler
from printer_driver.protocol import Status, StatusReq


def test_rto_follows_rfc6298_and_stays_clamped() -> None:
    rto = RtoEstimator(1.0, 0.1, 3.0)
    assert rto.rto == 1.0
    rto.sample(0.2)  # first sample: SRTT = R, RTTVAR = R/2
    assert rto.srtt == pytest.approx(0.2) and rto.rttvar == pytest.approx(0.1)
    assert rto.rto == pytest.approx(0.6)
    rto.sample(0.2)
    assert rto.rttvar == pytest.approx(0.075) and rto.rto == pytest.approx(0.5)
    for _ in range(50):
        rto.sample(0.001)
    assert rto.rto == 0.1  # floor
    for _ in range(10):
        rto.backoff()
    assert rto.rto == 3.0  # doubled up to the ceiling, never beyond


def test_retry_ratio_warning_is_logged_once(caplog) -> None:
    c = Counters()
    c.add(bytes_sent=10_000, bytes_retransmitted=2_000, invalid_frames=7)
    with caplog.at_level(logging.WARNING, logger="printer_driver.counters"):
        assert c.check_retry_ratio(now=100.0) is True
        assert c.check_retry_ratio(now=101.0) is False  # rate-limited
    assert "20.0% of bytes were sent again" in caplog.text
    assert c.snapshot().to_dict()["retry_ratio"] == pytest.approx(0.2)
    c.reset()
    assert c.check_retry_ratio(now=1000.0) is False


def test_damage_on_both_wires_is_counted_and_survived() -> None:
    # Damage the printer's answers: the damaged frames must be caught by the CRC and
    # counted, and a lost ACK is covered by the next (cumulative) one, not a resend storm.
    name, url = sim_url("dmg", seed=5, faults="flip=3e-3,garbage=1e-3,direction=to_host")
    mask = small_mask(31, diameter_mm=38.4)
    with PrinterDriver.open(url, timeouts=FAST) as drv:
        drv.print_mask(mask)
        snap = drv.counters.snapshot()
    assert snap.invalid_frames > 0  # the printer's damaged frames were caught by the CRC
    assert snap.retry_ratio < 0.2
    assert snap.rtt_ms is not None and snap.rto_ms >= 100
    assert (sim.get_printer(name).machine.records[-1].printed == mask.dots).all()


def test_status_is_answered_while_a_full_window_of_job_data_waits() -> None:
    # At real line speed a 16 KB upload keeps the window full for over a second; a status
    # request (and so an abort) must overtake the queued data, not wait behind it.
    name, url = sim_url("oob", speed=1)
    mask = small_mask(32, diameter_mm=76.0)
    busy = threading.Event()
    waits: list[float] = []

    def on_event(e) -> None:
        if isinstance(e, ProgressEvent) and e.phase == "upload" and e.done > 2000:
            busy.set()

    with PrinterDriver.open(url, on_event=on_event) as drv:
        t = threading.Thread(target=lambda: drv.upload(mask))
        t.start()
        assert busy.wait(10)
        for _ in range(3):
            t0 = time.monotonic()
            drv.status()
            waits.append(time.monotonic() - t0)
        t.join(20)
    # One DATA frame on the line (23 ms) plus the answer, not a 4 KB window (356 ms).
    assert min(waits) < 0.2, waits
    assert sim.get_printer(name).machine.records == []  # nothing printed by accident


def test_a_silent_printer_takes_the_link_down_by_the_liveness_deadline() -> None:
    ensure_sim_handler()
    name, url = sim_url("quiet")
    port = serial.serial_for_url(url, timeout=0.02)
    link = Link(port, settings=LinkSettings(liveness_s=0.4)).start()
    try:
        link.hello(2.0)
        sim.get_printer(name).go_silent(3600)
        t0 = time.monotonic()
        with pytest.raises(LinkDown):
            link.control(lambda n: StatusReq(nonce=n), Status, 5.0)
        assert time.monotonic() - t0 < 2.0
    finally:
        link.close()
