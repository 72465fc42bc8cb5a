"""The sim:// port behaves like a serial port: timeouts, pacing, unplugging, reopening.

A loopback firmware (echo) stands behind the line here so that the transport is tested on
its own; the protocol firmware is tested by its own suite and by the driver's.
"""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest
import serial

import printer_driver.sim as sim
from printer_driver.sim import ManualClock, SimPrinter, SimSettings
from printer_driver.sim.loopback import LoopbackFirmware

_names = itertools.count()


def echo_printer(**settings) -> tuple[str, SimPrinter]:
    name = f"echo{next(_names)}"
    printer = SimPrinter(name, SimSettings(**settings), firmware_factory=LoopbackFirmware)
    return name, sim.add_printer(printer)


def test_written_bytes_come_back_through_the_printer() -> None:
    name, printer = echo_printer(speed=50)
    port = serial.serial_for_url(f"sim://{name}", timeout=2.0)
    data = bytes(range(256)) * 8
    assert port.write(data) == len(data)
    assert port.read(len(data)) == data
    assert sim.get_printer(name) is printer
    port.close()
    assert not port.is_open


def test_a_read_returns_what_arrived_when_the_timeout_runs_out() -> None:
    name, _ = echo_printer(speed=50)
    port = serial.serial_for_url(f"sim://{name}", timeout=0.2)
    port.write(b"12345")
    t0 = time.monotonic()
    assert port.read(10) == b"12345"
    assert time.monotonic() - t0 >= 0.19
    port.timeout = 0
    assert port.read(10) == b""  # non-blocking: nothing there, no wait


def test_in_waiting_and_reset_input_buffer() -> None:
    name, printer = echo_printer(speed=50)
    port = serial.serial_for_url(f"sim://{name}", timeout=1.0)
    port.write(b"abcdefghij")
    assert printer.wait_for(lambda: port.in_waiting == 10, timeout=2.0)
    assert port.read(4) == b"abcd"
    assert port.in_waiting == 6
    port.reset_input_buffer()
    assert port.in_waiting == 0
    port.write(b"xy")
    assert port.read(2) == b"xy"


def test_bytes_cross_the_line_at_the_baud_rate_in_simulated_time() -> None:
    clock = ManualClock()
    printer = SimPrinter("paced", SimSettings(baud=115200, latency_s=0.0),
                         firmware_factory=LoopbackFirmware, clock=clock)
    conn = printer.connect()
    conn.write(bytes(1152))  # 0.1 s of line time at 11520 bytes/s
    clock.advance(0.05)
    printer.tick()
    assert len(printer.firmware.received) == 576
    clock.advance(0.05)
    printer.tick()
    assert len(printer.firmware.received) == 1152
    # Each echoed byte needs its own 1/11520 s on the way back.
    assert conn.in_waiting == 576
    clock.advance(0.05)
    printer.tick()
    assert conn.in_waiting == 1152


def test_the_adapter_latency_delays_every_byte_each_way() -> None:
    clock = ManualClock()
    printer = SimPrinter("lagged", SimSettings(baud=115200, latency_s=0.016),
                         firmware_factory=LoopbackFirmware, clock=clock)
    conn = printer.connect()
    conn.write(b"x")
    clock.advance(0.016)  # the byte is on the wire for 1/11520 s, then 16 ms in the adapter
    printer.tick()
    assert printer.firmware.received == b""
    clock.advance(0.001)
    printer.tick()
    assert printer.firmware.received == b"x"
    clock.advance(0.016)
    printer.tick()
    assert conn.in_waiting == 0
    clock.advance(0.001)
    printer.tick()
    assert conn.read(1, timeout=0) == b"x"


def test_the_speed_factor_scales_the_wall_clock_pacing() -> None:
    name, _ = echo_printer(speed=10, baud=9600)  # 960 bytes/s simulated, 9600/s wall
    port = serial.serial_for_url(f"sim://{name}", timeout=5.0)
    t0 = time.monotonic()
    port.write(bytes(960))
    assert len(port.read(960)) == 960
    assert time.monotonic() - t0 >= 0.1 * 0.95  # at least one line-time each way, overlapped


def test_a_full_line_blocks_writes_until_the_write_timeout() -> None:
    name, _ = echo_printer(speed=1, baud=300)  # 30 bytes/s: the 4 KiB buffer fills at once
    port = serial.serial_for_url(f"sim://{name}", write_timeout=0.1)
    with pytest.raises(serial.SerialTimeoutException):
        port.write(bytes(10_000))
    assert port.out_waiting > 4000


def test_unplugging_fails_reads_and_opens_until_plugged_back_and_keeps_the_job() -> None:
    name, printer = echo_printer(speed=20, faults="disconnect_for=1.0")
    port = serial.serial_for_url(f"sim://{name}", timeout=0.5)
    dots = np.full((254, 254), 2, np.uint8)
    printer.machine.start(dots, printer.now())
    printer.unplug()
    with pytest.raises(serial.SerialException, match="unplugged"):
        port.read(1)
    with pytest.raises(serial.SerialException, match="unplugged"):
        port.write(b"x")
    with pytest.raises(serial.SerialException, match="not present"):
        serial.serial_for_url(f"sim://{name}")
    back_at = printer.now() + 1.0
    assert printer.wait_for(lambda: printer.now() >= back_at, timeout=2.0)
    port = serial.serial_for_url(f"sim://{name}", timeout=2.0)
    # The printer kept printing while the cable was out; the same job continues.
    record = printer.machine.current
    assert record is not None and record.index == 1 and record.rows_done > 0
    port.write(b"hello")
    assert port.read(5) == b"hello"


def test_a_new_open_takes_the_line_from_the_old_one() -> None:
    name, _ = echo_printer(speed=50)
    old = serial.serial_for_url(f"sim://{name}", timeout=0.5)
    new = serial.serial_for_url(f"sim://{name}?speed=50", timeout=1.0)
    with pytest.raises(serial.SerialException, match="another connection"):
        old.read(1)
    new.write(b"ok")
    assert new.read(2) == b"ok"


def test_a_reset_gives_a_new_boot_and_stops_the_print() -> None:
    _, printer = echo_printer(speed=50, faults="reset_at=0.5")
    boot = printer.firmware.boot_id
    printer.machine.start(np.full((254, 254), 1, np.uint8), printer.now())
    assert printer.wait_for(lambda: printer.firmware.reboots == 1, timeout=3.0)
    assert printer.firmware.boot_id != boot
    assert not printer.machine.busy()
    assert printer.machine.records[-1].result == "aborted"


def test_a_silent_line_loses_everything_for_a_while() -> None:
    name, printer = echo_printer(speed=50, faults="silent_at=0,silent_for=1000")
    port = serial.serial_for_url(f"sim://{name}", timeout=0.2)
    port.write(b"anyone?")
    assert port.read(7) == b""
    assert ("silent" in [e for _, e in printer.events])


def test_byte_faults_damage_the_stream_reproducibly() -> None:
    got = []
    for _ in range(2):
        name, _p = echo_printer(speed=50, seed=5, faults="drop=0.01,flip=0.01,direction=to_host")
        port = serial.serial_for_url(f"sim://{name}", timeout=0.5)
        data = bytes(range(256)) * 8
        port.write(data)
        got.append(port.read(4096))
        port.close()
    assert got[0] == got[1]
    assert got[0] != bytes(range(256)) * 8
    assert 1900 < len(got[0]) < 2048


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sim://x?sped=3", "unknown sim:// option 'sped'"),
        ("sim://x?speed=fast", "malformed"),
        ("sim://x?faults=drop=7", "between 0 and 1"),
        ("sim://x?truth=wobble=1", "unknown setting"),
    ],
)
def test_a_bad_url_says_what_is_wrong(url: str, message: str) -> None:
    with pytest.raises(serial.SerialException, match=message):
        serial.serial_for_url(url)


def test_asking_for_an_unknown_printer_names_it() -> None:
    with pytest.raises(KeyError, match="no simulated printer called 'nobody'"):
        sim.get_printer("nobody")


def test_switching_the_printer_off_ends_the_connection_and_joins_the_thread() -> None:
    name, printer = echo_printer(speed=50)
    port = serial.serial_for_url(f"sim://{name}", timeout=5.0)
    sim.remove_printer(name)
    with pytest.raises(serial.SerialException, match="switched off"):
        port.read(1)
    assert not printer.running
    assert sim.live_sim_threads() == []


def test_flush_waits_for_the_line_and_cancel_read_frees_a_blocked_reader() -> None:
    import threading

    name, printer = echo_printer(speed=20, baud=9600)
    port = serial.serial_for_url(f"sim://{name}", timeout=None)
    port.write(bytes(960))  # one simulated second of line time
    port.flush()
    assert port.out_waiting == 0
    assert len(printer.firmware.received) == 960
    port.reset_input_buffer()
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(port.read(10_000)))
    reader.start()
    assert printer.wait_for(lambda: reader.is_alive(), timeout=1.0)
    port.cancel_read()
    reader.join(5.0)
    assert not reader.is_alive() and len(got) == 1
