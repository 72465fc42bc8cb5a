"""Every wait has a deadline, and the host survives a strange line.

* A printer that answers HELLO and then nothing: ``photolatte printer status`` and ``print``
  end with exit 3 within the driver's stated bound (they used to reconnect for ever).
* A line with local echo (our own frames come back with a good CRC): ignored and counted,
  the print is exact, the log names the echo (it used to kill the link's reader).
* ``abort_within``: a printer that does not answer never holds the caller.
* ``port_factory`` opens the port for the first connection and every reconnect; the port's
  read timeout is the link's ``poll_s`` (``Timeouts.port_read`` did nothing and is gone).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace

import numpy as np
import pytest
import serial
from driver_helpers import FAST, last_line, records, sim_url, small_mask

import printer_driver.sim as sim
from kiosk.cli import main, printing
from printer_driver import (
    AbortConfirmation,
    DriverClosedError,
    LinkLostError,
    PrinterDriver,
    Timeouts,
)
from printer_driver.ports import ensure_sim_handler
from printer_driver.protocol import Frame, HelloReply
from printer_driver.sim.config import SimSettings
from printer_driver.sim.firmware import Firmware


class _HelloOnlyFirmware(Firmware):
    """A printer that completes every handshake and then says nothing at all."""

    hellos = 0

    def _send(self, frame: Frame) -> None:
        if isinstance(frame, HelloReply):
            type(self).hellos += 1
            super()._send(frame)


def _hello_only_printer(name: str) -> str:
    _HelloOnlyFirmware.hellos = 0
    sim.open_printer(name, SimSettings(speed=50),
                     firmware_factory=lambda m, rng: _HelloOnlyFirmware(m, rng=rng))
    return f"sim://{name}"


def _bound(t: Timeouts) -> float:
    """Spec 12.5: the first loss is noticed after the link's silence limit, reconnecting
    goes on for ``reconnect_total`` without progress, and a handshake may be in flight then
    (3 + 20 + 3 = 26 s with the defaults)."""
    return (t.link.liveness_s or 3.0) + t.reconnect_total + t.handshake


@pytest.mark.parametrize("command", ["status", "print"])
def test_a_printer_that_answers_hello_then_nothing_ends_with_exit_3_in_bounded_time(
        command: str, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(printing, "TIMEOUTS", FAST)
    url = _hello_only_printer(f"hush{command}")
    if command == "status":
        argv = ["printer", "status", "--port", url]
    else:
        path = tmp_path / "mask.png"
        small_mask(3).save_png(path)
        argv = ["print", str(path), "--port", url]
    t0 = time.monotonic()
    code = main(argv)
    took = time.monotonic() - t0
    assert code == 3, capsys.readouterr().err
    assert "stopped answering" in last_line(capsys.readouterr().err)
    assert _HelloOnlyFirmware.hellos >= 2  # it came back, more than once, and was given up
    assert FAST.reconnect_total <= took < _bound(FAST) + 1.0, took


def test_the_driver_gives_up_and_stays_given_up() -> None:
    url = _hello_only_printer("hushdrv")
    with PrinterDriver.open(url, timeouts=FAST) as drv:
        with pytest.raises(LinkLostError) as info:
            drv.status()
        assert info.value.code == "link_lost" and not info.value.print_started
        with pytest.raises(LinkLostError):  # at once: no second round of reconnects
            drv.status()


class _EchoingPort:
    """A serial line with local echo: every byte the host writes also comes back to it,
    as on a half-duplex (RS-485) line, where the echo never falls inside a printer's frame.
    """

    def __init__(self, inner: serial.SerialBase) -> None:
        self.inner = inner
        self._echo = bytearray()
        self._lock = threading.Lock()
        self._mid_frame = False  # the printer's bytes read so far end inside a frame

    @property
    def timeout(self) -> float | None:
        return self.inner.timeout

    @timeout.setter
    def timeout(self, value: float | None) -> None:
        self.inner.timeout = value

    @property
    def in_waiting(self) -> int:
        with self._lock:
            return len(self._echo) + self.inner.in_waiting

    @property
    def out_waiting(self) -> int:
        return self.inner.out_waiting

    def read(self, size: int = 1) -> bytes:
        with self._lock:
            if self._echo and not self._mid_frame:
                chunk = bytes(self._echo)  # whole frames: the host writes them whole
                self._echo.clear()
                return chunk
        data = self.inner.read(size)
        if data:
            self._mid_frame = not data.endswith(b"\x00")
        return data

    def write(self, data: bytes) -> int | None:
        with self._lock:
            self._echo += data
        return self.inner.write(data)

    def close(self) -> None:
        self.inner.close()


def test_a_line_that_echoes_our_frames_still_prints_exactly(caplog) -> None:
    name, url = sim_url("echo")
    ensure_sim_handler()
    mask = small_mask(8)
    caplog.set_level(logging.WARNING, logger="printer_driver")

    def echoing_port() -> serial.SerialBase:
        return _EchoingPort(serial.serial_for_url(url, timeout=0.02))  # type: ignore[return-value]

    with PrinterDriver.open(url, timeouts=FAST, port_factory=echoing_port) as drv:
        drv.print_mask(mask)
        echoed = drv.counters.snapshot().echoed_frames
    assert echoed > 3  # every frame we sent came back, and was ignored
    rec = records(name)[-1]
    assert rec.result == "done" and np.array_equal(rec.printed, mask.dots)
    assert any("echoes" in r.getMessage() for r in caplog.records)


def test_port_factory_opens_every_connection_and_reads_use_the_links_poll() -> None:
    name, url = sim_url("factory")
    ensure_sim_handler()
    opened: list[serial.SerialBase] = []

    def factory() -> serial.SerialBase:
        port = serial.serial_for_url(url, timeout=5.0)
        opened.append(port)
        return port

    with PrinterDriver.open("my-printer", timeouts=FAST, port_factory=factory) as drv:
        assert len(opened) == 1
        assert opened[0].timeout == FAST.link.poll_s  # a read never blocks longer
        sim.get_printer(name).unplug(seconds=0.5 * 50)  # half a wall second at speed 50
        assert drv.status().state == "idle"  # after a reconnect through the factory
    assert len(opened) >= 2
    with pytest.raises(TypeError):
        Timeouts(port_read=0.02)  # type: ignore[call-arg]


def test_abort_within_never_waits_past_its_deadline() -> None:
    name, url = sim_url("abw")
    with PrinterDriver.open(url, timeouts=FAST) as drv:
        # Answered: nothing is printing, the printer says so.
        outcome = drv.abort_within(2.0)
        assert outcome.confirmation is AbortConfirmation.NOTHING and outcome.confirmed
        # A printer that went deaf: the caller gets its answer on time, unconfirmed.
        sim.get_printer(name).go_silent(3600)
        t0 = time.monotonic()
        outcome = drv.abort_within(0.3)
        took = time.monotonic() - t0
        assert outcome.confirmation is AbortConfirmation.UNCONFIRMED
        assert not outcome.confirmed and 0.3 <= took < 0.6, took
        # A second Ctrl-C: stop waiting at once.
        give_up = threading.Event()
        give_up.set()
        t0 = time.monotonic()
        assert drv.abort_within(5.0, give_up=give_up).confirmation is (
            AbortConfirmation.UNCONFIRMED)
        assert time.monotonic() - t0 < 0.3
    outcome = drv.abort_within(1.0)  # closed: the abort fails, and says why
    assert outcome.confirmation is AbortConfirmation.FAILED
    assert isinstance(outcome.error, DriverClosedError)


def test_abort_within_stops_a_running_print() -> None:
    name, url = sim_url("abwp", speed=5)
    mask = small_mask(9)
    with PrinterDriver.open(url, timeouts=replace(FAST, print_stall=30.0)) as drv:
        job = drv.upload(mask)
        started = threading.Event()
        box: dict[str, BaseException] = {}

        def run() -> None:
            try:
                drv.print_job(job, on_progress=lambda e: e.phase == "print" and e.done
                              and started.set())
            except BaseException as exc:  # the abort's JobAbortedError, checked below
                box["error"] = exc

        worker = threading.Thread(target=run)
        worker.start()
        assert started.wait(10.0)
        outcome = drv.abort_within(3.0, job.id)
        worker.join(10.0)
    assert outcome.confirmation is AbortConfirmation.CANCELLED
    assert box["error"].code == "aborted"  # type: ignore[attr-defined]
    assert records(name)[-1].result == "aborted"
