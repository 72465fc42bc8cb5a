"""The driver against the simulated printer: in process, over a pseudo-terminal and TCP.

What a café relies on: the dots that land are exactly the mask, once; the barista sees
progress; the abort button works from another thread; a dropped cable is survived, and a
printer restart voids the job instead of printing it twice.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace

import numpy as np
import pytest
from driver_helpers import FAST, records, sim_url, small_mask

import printer_driver.sim as sim
from printer_driver import (
    ConnectionEvent,
    ConnectionState,
    CupMissingError,
    JobAbortedError,
    LinkLostError,
    PortOpenError,
    PrinterDriver,
    PrinterRestartedError,
    ProgressEvent,
    Timeouts,
)
from printer_driver.sim import SimPrinter, SimSettings
from printer_driver.sim.pty import PtyServer
from printer_driver.sim.tcp import TcpServer


def assert_printed_exactly(name: str, mask, *, index: int = -1) -> None:
    rec = records(name)[index]
    assert rec.result == "done"
    assert np.array_equal(rec.printed, mask.dots)
    assert rec.row_prints.max() == 1 and rec.row_prints.min() == 1


def test_print_lands_exactly_the_mask_once_with_progress() -> None:
    name, url = sim_url("drv")
    mask = small_mask(1)
    events: list = []
    with PrinterDriver.open(url, on_event=events.append, timeouts=FAST) as drv:
        result = drv.print_mask(mask)
    assert result.rows_printed == mask.size
    assert_printed_exactly(name, mask)
    assert len(records(name)) == 1
    prints = [e for e in events if isinstance(e, ProgressEvent) and e.phase == "print"]
    uploads = [e for e in events if isinstance(e, ProgressEvent) and e.phase == "upload"]
    assert uploads[-1].done == uploads[-1].total
    assert prints[-1].rows_done == prints[-1].rows_total == mask.size
    assert [e.rows_done for e in prints] == sorted(e.rows_done for e in prints)
    assert any(isinstance(e, ConnectionEvent) and e.state == ConnectionState.CONNECTED
               for e in events)


def test_identify_and_status_report_firmware_powder_and_faults() -> None:
    name, url = sim_url("st")
    with PrinterDriver.open(url, timeouts=FAST) as drv:
        info = drv.identify()
        assert info.protocol_version == 1 and info.firmware.count(".") == 2
        assert info.limits["window_frames"] >= 1 and info.boot_id != 0
        machine = sim.get_printer(name).machine
        machine.set_powder("cocoa", 0.5)
        machine.remove_cup()
        st = drv.status()
        assert st.state == "idle"
        assert st.powder_grams["cocoa"] == pytest.approx(0.5, abs=0.01)
        assert "cocoa" in st.low
        assert "cup_missing" in st.fault_names
        assert [f.name for f in st.faults if f.blocks()] == ["cup_missing"]
        assert st.to_dict()["faults"] == list(st.fault_names)


def test_upload_twice_with_the_same_job_id_prints_once() -> None:
    name, url = sim_url("idem")
    mask = small_mask(2)
    with PrinterDriver.open(url, timeouts=FAST) as drv:
        job = drv.upload(mask, job_id=4242)
        again = drv.upload(mask, job_id=4242)
        assert again.id == job.id and again.crc32 == job.crc32
        drv.print_job(job)
        assert drv.job_state(4242).state == "done"
    assert len(records(name)) == 1
    assert_printed_exactly(name, mask)


def test_abort_from_another_thread_stops_the_print() -> None:
    name, url = sim_url("abort", speed=5)
    mask = small_mask(3)
    started = threading.Event()

    def on_event(e) -> None:
        if isinstance(e, ProgressEvent) and e.phase == "print" and e.rows_done >= 3:
            started.set()

    outcome: list[BaseException | object] = []
    with PrinterDriver.open(url, on_event=on_event, timeouts=FAST) as drv:
        def job() -> None:
            try:
                outcome.append(drv.print_mask(mask))
            except BaseException as exc:
                outcome.append(exc)

        t = threading.Thread(target=job)
        t.start()
        assert started.wait(20)
        t0 = time.monotonic()
        assert drv.abort() is True
        t.join(10)
        assert not t.is_alive()
        assert time.monotonic() - t0 < 5
    assert isinstance(outcome[0], JobAbortedError)
    assert "cancelled" in str(outcome[0])
    rec = records(name)[-1]
    assert rec.result == "aborted" and rec.rows_done < mask.size
    assert rec.row_prints.max() <= 1


def test_reconnect_during_upload_resumes_and_prints_exactly() -> None:
    name, url = sim_url("ru", speed=20, baud=9600)  # a slow line, a quick print
    mask = small_mask(4, diameter_mm=76.0)  # ~16 KB: the upload takes a while at speed 2
    unplugged = threading.Event()

    def on_event(e) -> None:
        if (isinstance(e, ProgressEvent) and e.phase == "upload"
                and e.done > e.total // 3 and not unplugged.is_set()):
            unplugged.set()
            sim.get_printer(name).unplug(0.3)

    events: list = []
    with PrinterDriver.open(url, on_event=lambda e: (events.append(e), on_event(e)),
                            timeouts=FAST) as drv:
        job = drv.upload(mask)
        assert unplugged.is_set()
        assert drv.counters.snapshot().reconnects >= 1
        # Resumed, not restarted: far fewer than two uploads' worth of bytes went out.
        assert drv.counters.snapshot().bytes_sent < 1.8 * job.size
        drv.print_job(job)
    assert any(isinstance(e, ConnectionEvent) and e.state == ConnectionState.RECONNECTED
               for e in events)
    assert_printed_exactly(name, mask)


def test_reconnect_during_printing_follows_the_print_to_its_end() -> None:
    name, url = sim_url("rp", speed=10)
    mask = small_mask(5)
    unplugged = threading.Event()

    def on_event(e) -> None:
        if (isinstance(e, ProgressEvent) and e.phase == "print" and e.rows_done > 10
                and not unplugged.is_set()):
            unplugged.set()
            sim.get_printer(name).unplug(0.5)

    with PrinterDriver.open(url, on_event=on_event, timeouts=FAST) as drv:
        result = drv.print_mask(mask)
        assert unplugged.is_set() and drv.counters.snapshot().reconnects >= 1
    assert result.rows_printed == mask.size
    assert len(records(name)) == 1
    assert_printed_exactly(name, mask)


def test_printer_restart_during_printing_voids_the_job_and_never_reprints() -> None:
    name, url = sim_url("rs", speed=10)
    mask = small_mask(6)
    restarted = threading.Event()

    def on_event(e) -> None:
        if (isinstance(e, ProgressEvent) and e.phase == "print" and e.rows_done > 10
                and not restarted.is_set()):
            restarted.set()
            sim.get_printer(name).reset()

    with PrinterDriver.open(url, on_event=on_event, timeouts=FAST) as drv:
        with pytest.raises(PrinterRestartedError) as info:
            drv.print_mask(mask)
        # The print had begun: the cup may carry part of the picture.
        assert info.value.print_started and info.value.code == "printer_restarted"
        # The link is healthy again on the new boot: status works.
        assert drv.status().state == "idle"
    assert len(records(name)) == 1  # never printed a second time


def test_printer_gone_for_good_gives_up_with_link_lost_in_bounded_time() -> None:
    name, url = sim_url("gone", speed=10)
    mask = small_mask(7)
    with PrinterDriver.open(url, timeouts=FAST) as drv:
        job = drv.upload(mask)
        sim.get_printer(name).unplug(3600)
        t0 = time.monotonic()
        with pytest.raises(LinkLostError) as info:
            drv.print_job(job)
        assert time.monotonic() - t0 < FAST.reconnect_total + 5
        assert info.value.code == "link_lost" and info.value.during


def test_open_a_missing_port_fails_at_once_and_says_what_to_do() -> None:
    # One attempt, no backoff (three would take >= 1.5 s here): the caller decides to retry.
    slow_retries = replace(FAST, connect_attempts=3, reconnect_first=0.5)
    t0 = time.monotonic()
    with pytest.raises(PortOpenError) as info:
        PrinterDriver.open("/dev/does-not-exist-photolatte", timeouts=slow_retries)
    assert time.monotonic() - t0 < 1.0
    assert str(info.value).startswith("Cannot open the printer port /dev/does-not-exist")
    assert info.value.params["url"] == "/dev/does-not-exist-photolatte"
    assert info.value.retryable
    with pytest.raises(LinkLostError):  # a port with no printer behind it
        PrinterDriver.open("loop://", timeouts=Timeouts(handshake=0.5))


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="pseudo-terminals are POSIX only")
def test_print_over_a_real_pseudo_terminal() -> None:
    printer = SimPrinter("ptyprinter", SimSettings(speed=50, seed=9)).start()
    mask = small_mask(8)
    try:
        with PtyServer(printer) as server, PrinterDriver.open(
                server.device, timeouts=FAST) as drv:
            assert drv.print_mask(mask).rows_printed == mask.size
        rec = printer.machine.records[-1]
        assert np.array_equal(rec.printed, mask.dots) and rec.row_prints.max() == 1
    finally:
        printer.stop()


def test_print_over_tcp_and_reconnect_through_the_device_server() -> None:
    printer = SimPrinter("tcpprinter", SimSettings(speed=10, seed=10)).start()
    mask = small_mask(9)
    unplugged = threading.Event()

    def on_event(e) -> None:
        if (isinstance(e, ProgressEvent) and e.phase == "print" and e.rows_done > 5
                and not unplugged.is_set()):
            unplugged.set()
            printer.unplug(0.3)

    try:
        with TcpServer(printer) as server, PrinterDriver.open(
                server.url, on_event=on_event, timeouts=FAST) as drv:
            assert drv.print_mask(mask).rows_printed == mask.size
        rec = printer.machine.records[-1]
        assert np.array_equal(rec.printed, mask.dots) and rec.row_prints.max() == 1
        assert len(printer.machine.records) == 1
    finally:
        printer.stop()


def test_reprint_after_no_cup_reuses_the_waiting_job_and_slots_never_run_out() -> None:
    name, url = sim_url("slots", cup=0)
    masks = [small_mask(40 + i) for i in range(4)]
    with PrinterDriver.open(url, timeouts=FAST) as drv:
        machine = sim.get_printer(name).machine
        # The barista taps Print three times without a cup: one job waits, not three.
        ids = set()
        for _ in range(3):
            job = drv.upload(masks[0])
            ids.add(job.id)
            with pytest.raises(CupMissingError):
                drv.print_job(job)
        assert len(ids) == 1
        # Other customers' pictures each still find a slot (2 on this printer).
        for m in masks[1:]:
            with pytest.raises(CupMissingError):
                drv.print_mask(m)
        machine.place_cup()
        drv.print_mask(masks[0])
    assert_printed_exactly(name, masks[0])
    assert len(records(name)) == 1


def test_abort_during_upload_stops_it_and_frees_the_job() -> None:
    name, url = sim_url("abup", speed=1)
    mask = small_mask(45, diameter_mm=76.0)
    outcome: list[BaseException | object] = []
    half = threading.Event()

    def on_event(e) -> None:
        if isinstance(e, ProgressEvent) and e.phase == "upload" and e.done > 3000:
            half.set()

    with PrinterDriver.open(url, on_event=on_event, timeouts=FAST) as drv:
        def job() -> None:
            try:
                outcome.append(drv.upload(mask, job_id=777))
            except BaseException as exc:
                outcome.append(exc)

        t = threading.Thread(target=job)
        t.start()
        assert half.wait(10)
        drv.abort()
        t.join(10)
        assert not t.is_alive()
        assert isinstance(outcome[0], JobAbortedError)
        assert drv.job_state(777).state == "aborted"
        assert drv.status().slots_free == 2
    assert records(name) == []


def test_time_left_tracks_the_real_remaining_time() -> None:
    """The barista's "time left" must be in seconds of the wall clock, not a wild guess.

    Regression: the print's start time was overwritten by a flag, so "time left" read
    5 hours for a 20-second print.
    """
    _name, url = sim_url("eta", speed=10)
    mask = small_mask(2, diameter_mm=38.4)  # 128 rows: long enough to measure a rate
    seen: list[tuple[float, ProgressEvent]] = []

    def on_event(event) -> None:
        if isinstance(event, ProgressEvent) and event.phase == "print":
            seen.append((time.monotonic(), event))

    with PrinterDriver.open(url, on_event=on_event, timeouts=FAST) as drv:
        drv.print_mask(mask)
    end = time.monotonic()
    estimates = [
        (e.seconds_left, end - t) for t, e in seen
        if e.seconds_left is not None and 0.2 < e.rows_done / e.rows_total < 0.9
    ]
    assert estimates, "no time-left estimate during the print"
    for told, actual in estimates:
        assert told <= 2.0 * actual + 0.5, (told, actual)
        assert told >= 0.3 * actual - 0.5, (told, actual)
