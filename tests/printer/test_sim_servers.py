"""The simulated printer over a real pseudo-terminal, a TCP device server and the CLI.

The protocol firmware answers here: a HELLO gets a HELLO_REPLY carrying the boot id, so a
reconnect can prove it reached the same, un-restarted printer with its job still going.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import serial

import printer_driver.sim as sim
from printer_driver.protocol import FrameDecoder, Hello, HelloReply, encode_frame
from printer_driver.sim import SimPrinter, SimSettings
from printer_driver.sim.pty import PtyServer
from printer_driver.sim.tcp import TcpServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def printer():
    p = SimPrinter("served", SimSettings(speed=20, seed=3)).start()
    yield p
    p.stop()


def hello(port: serial.SerialBase, nonce: int = 7, timeout: float = 5.0) -> HelloReply:
    """Say HELLO and wait for the answer to it."""
    port.reset_input_buffer()
    port.write(encode_frame(Hello(nonce=nonce, first_seq=0x100)))
    decoder = FrameDecoder()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for item in decoder.feed(port.read(max(1, port.in_waiting))):
            if isinstance(item, HelloReply) and item.ref == nonce:
                return item
    raise AssertionError("no HELLO_REPLY from the simulated printer")


def _start_print(p: SimPrinter) -> None:
    p.machine.start(np.full((254, 254), 2, np.uint8), p.now())


def test_tcp_reconnect_reaches_the_same_printer_with_its_job(printer: SimPrinter) -> None:
    with TcpServer(printer) as server:
        port = serial.serial_for_url(server.url, timeout=0.5)
        first = hello(port)
        _start_print(printer)
        port.close()
        # A new connection (as after a cable or Wi-Fi blip) finds the same boot, same job.
        port = serial.serial_for_url(server.url, timeout=0.5)
        again = hello(port, nonce=8)
        assert again.boot_id == first.boot_id
        record = printer.machine.current
        assert record is not None and record.index == 1
        # A second client takes over; the first one's socket is closed.
        other = serial.serial_for_url(server.url, timeout=0.5)
        assert hello(other, nonce=9).boot_id == first.boot_id
        with pytest.raises(serial.SerialException):
            for _ in range(50):  # the close reaches the old socket within a few reads
                port.read(1)
        other.close()
        port.close()


def test_tcp_unplug_closes_the_connection_and_refuses_until_plugged_back(
    printer: SimPrinter,
) -> None:
    with TcpServer(printer) as server:
        port = serial.serial_for_url(server.url, timeout=0.5)
        hello(port)
        printer.unplug(seconds=2.0)
        with pytest.raises(serial.SerialException):
            for _ in range(50):
                port.read(1)
        port.close()
        back = printer.now() + 2.0
        assert printer.wait_for(lambda: printer.now() >= back, timeout=3.0)
        port = serial.serial_for_url(server.url, timeout=0.5)
        assert hello(port).boot_id == printer.firmware.boot_id
        port.close()


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="pseudo-terminals are POSIX only")
def test_pty_reopen_keeps_the_printer_and_unplug_brings_a_new_device(
    printer: SimPrinter, tmp_path: Path,
) -> None:
    link = tmp_path / "printer"
    with PtyServer(printer, link=link) as server:
        assert link.resolve() == Path(server.path)
        port = serial.Serial(str(link), 115200, timeout=0.5)
        first = hello(port)
        _start_print(printer)
        port.close()
        port = serial.Serial(str(link), 115200, timeout=0.5)
        assert hello(port, nonce=8).boot_id == first.boot_id
        assert printer.machine.current is not None
        printer.unplug(seconds=0.5)
        with pytest.raises(serial.SerialException):
            for _ in range(50):
                port.read(1)
        port.close()
        assert printer.wait_for(lambda: server.generation == 2, timeout=3.0)
        assert link.resolve() == Path(server.path)
        port = serial.Serial(str(link), 115200, timeout=0.5)
        assert hello(port, nonce=9).boot_id == first.boot_id
        assert printer.machine.current is not None  # printing went on while unplugged
        port.close()
    assert not link.exists()


def test_sim_url_speaks_the_protocol() -> None:
    port = serial.serial_for_url("sim://proto?speed=20&seed=4", timeout=0.5)
    reply = hello(port)
    assert reply.boot_id == sim.get_printer("proto").firmware.boot_id != 0
    sim.get_printer("proto").reset()
    assert hello(port, nonce=8).boot_id != reply.boot_id
    port.close()


def test_the_sim_command_serves_tcp_and_stops_cleanly_on_sigint(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "sim", "--tcp", "0", "--speed", "20",
         "--out", str(tmp_path / "out")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        cwd=ROOT, text=True,
    )
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("socket://127.0.0.1:")
        port = serial.serial_for_url(url, timeout=0.5)
        assert hello(port).boot_id != 0
        port.close()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "switched off" in err


def test_the_sim_command_rejects_bad_faults_with_a_hint() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "sim", "--tcp", "0", "--faults", "dorp=1"],
        capture_output=True, text=True, cwd=ROOT, timeout=30, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 2
    assert "not understood" in proc.stderr and "drop" in proc.stderr
