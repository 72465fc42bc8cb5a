"""A whole simulated printer: firmware, machine, clock, the serial line and its faults.

A :class:`SimPrinter` runs in one background thread (``start()``/``stop()``; ``stop`` joins
it). A host reaches it through a :class:`Connection`, the far end of the cable: the
``sim://`` port, the pty bridge and the TCP bridge all sit on one. Opening a new connection
takes the line over from the old one (which then fails like a port whose device went
away), and the printer keeps its job state across connections, as reopening a serial port
would.

Time: the printer lives in simulated seconds, ``speed`` times faster than the wall clock.
Bytes cross the line at ``baud / 10`` bytes per simulated second in each direction.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

import serial

from printer_driver.sim.config import SimSettings
from printer_driver.sim.faults import ByteDamager, FaultPlan
from printer_driver.sim.line import PacedLine
from printer_driver.sim.machine import Machine, PrintRecord
from printer_driver.sim.output import OutputWriter

log = logging.getLogger(__name__)

HOST_BUFFER = 65536  # bytes a host's receive buffer holds before the oldest are lost
HOST_WRITE_BUFFER = 4096  # bytes a write may queue before it blocks (a tty's buffer)
IDLE_TICK_S = 0.02  # wall seconds between steps with no host and no print
HOST_IDLE_SIM_S = 0.05  # simulated seconds between steps with a host but no print
MIN_WAIT_S = 0.0002  # shortest sleep of the printer thread: bounds its CPU use


class FirmwareLike(Protocol):
    """What the printer needs from its firmware (``printer_driver.sim.firmware``)."""

    def receive(self, data: bytes, now: float) -> None: ...
    def poll(self, now: float) -> bytes: ...
    def reboot(self, now: float) -> None: ...


FirmwareFactory = Callable[[Machine, random.Random], FirmwareLike]


class Unplugged(serial.SerialException):
    """The simulated device went away (unplugged, taken over or closed)."""


class WallClock:
    """Simulated seconds since creation: wall time times ``speed``."""

    def __init__(self, speed: float) -> None:
        self.speed = float(speed)
        self._t0 = time.monotonic()
        self._epoch = time.time()

    def epoch(self, sim_seconds: float) -> float:
        """Wall-clock (UNIX) time at which simulated time ``sim_seconds`` happens."""
        return self._epoch + sim_seconds / self.speed

    def now(self) -> float:
        return (time.monotonic() - self._t0) * self.speed

    def wall(self, sim_seconds: float) -> float:
        """Wall seconds that ``sim_seconds`` take."""
        return sim_seconds / self.speed


class ManualClock(WallClock):
    """A clock that only moves when told to, for step-by-step tests."""

    def __init__(self, speed: float = 1.0) -> None:
        super().__init__(speed)
        self.t = 0.0

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


class Connection:
    """The host's end of the cable: what a port object reads from and writes to.

    Reads and writes use wall-clock timeouts, like a serial port. Every method raises
    :class:`Unplugged` (a ``serial.SerialException``) once the device is gone.
    """

    def __init__(self, printer: SimPrinter) -> None:
        self._printer = printer
        self._cond = printer._cond
        self._rx = bytearray()
        self.alive = True
        self.reason = ""
        self.overflowed = 0
        self._cancel = False

    def _check(self) -> None:
        if not self.alive:
            raise Unplugged(self.reason or "the printer connection is closed")

    @property
    def in_waiting(self) -> int:
        """Bytes received and not yet read."""
        with self._cond:
            self._check()
            return len(self._rx)

    @property
    def out_waiting(self) -> int:
        """Bytes written and not yet delivered to the printer."""
        with self._cond:
            self._check()
            return len(self._printer._to_printer)

    def read(self, size: int, timeout: float | None) -> bytes:
        """Up to ``size`` bytes; waits until ``size`` arrived or ``timeout`` wall seconds.

        ``timeout`` None waits for ``size`` bytes however long it takes; 0 returns at once.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while True:
                self._check()
                if len(self._rx) >= size:
                    break
                if self._cancel:  # like pyserial's, a cancel waiting for a read ends it
                    self._cancel = False
                    break
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    break
                self._cond.wait(remaining if remaining is not None else 0.5)
            out = bytes(self._rx[:size])
            del self._rx[:size]
            return out

    def cancel_read(self) -> None:
        """Make a read blocked in another thread (or the next read) return what it has."""
        with self._cond:
            self._cancel = True
            self._cond.notify_all()

    def drain(self, timeout: float | None = None) -> bool:
        """Wait until everything written has reached the printer; True if it did."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while len(self._printer._to_printer):
                self._check()
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(0.05 if remaining is None else min(remaining, 0.05))
            return True

    def read_some(self, limit: int, timeout: float) -> bytes:
        """Whatever has arrived (at most ``limit``), waiting up to ``timeout`` for a byte."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self._rx:
                self._check()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return b""
                self._cond.wait(remaining)
            self._check()
            out = bytes(self._rx[:limit])
            del self._rx[:limit]
            return out

    def write(self, data: bytes, timeout: float | None = None) -> int:
        """Hand ``data`` to the line. Blocks while the line's buffer is full.

        Raises:
            serial.SerialTimeoutException: if ``timeout`` (wall seconds) ran out first;
                the bytes already queued are sent.
        """
        data = bytes(data)
        deadline = None if timeout is None else time.monotonic() + timeout
        sent = 0
        with self._cond:
            while sent < len(data):
                self._check()
                room = HOST_WRITE_BUFFER - len(self._printer._to_printer)
                if room > 0:
                    chunk = data[sent : sent + room]
                    self._printer._host_wrote(chunk)
                    sent += len(chunk)
                    self._cond.notify_all()  # the printer thread times the new bytes
                    continue
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise serial.SerialTimeoutException("Write timeout")
                self._cond.wait(remaining if remaining is not None else 0.5)
        return sent

    def reset_input_buffer(self) -> None:
        """Discard bytes received and not yet read."""
        with self._cond:
            self._check()
            self._rx.clear()

    def reset_output_buffer(self) -> None:
        """Discard bytes written and not yet on the line."""
        with self._cond:
            self._check()
            self._printer._to_printer.clear()

    def close(self) -> None:
        """Let go of the line (the printer keeps running)."""
        with self._cond:
            if self._printer._conn is self:
                self._printer._conn = None
                self._printer._to_printer.clear()
                self._printer._to_host.clear()
            self._kill("the port is closed")

    def _kill(self, reason: str) -> None:
        if self.alive:
            self.alive = False
            self.reason = reason
            self._cond.notify_all()

    def _deliver(self, data: bytes) -> None:
        self._rx += data
        extra = len(self._rx) - HOST_BUFFER
        if extra > 0:  # a real driver's buffer overflows and loses the oldest bytes
            del self._rx[:extra]
            self.overflowed += extra
        self._cond.notify_all()


class SimPrinter:
    """One simulated foam printer.

    Args:
        name: its name (the NAME in ``sim://NAME``); used in messages and thread names.
        settings: speed, baud, seed, faults, physics, motion, output folder.
        firmware_factory: builds the firmware for a machine; default is
            ``printer_driver.sim.firmware.Firmware`` with the settings' serial number and
            protocol version and the machine's pitch.
        clock: the time source; default is the wall clock times ``settings.speed``.

    Attributes:
        machine: the hardware; tests may inspect it and use its controls.
        firmware: the protocol state machine.
        events: recent link-level and byte-level fault events as ``(sim_time, name)``.
        output: the ``--out`` writer when ``settings.out_dir`` is set, else None.
        serial: the serial number it reports in the handshake (stable per name).
    """

    def __init__(
        self, name: str = "default", settings: SimSettings | None = None, *,
        firmware_factory: FirmwareFactory | None = None, clock: WallClock | None = None,
    ) -> None:
        self.name = name
        self.settings = settings or SimSettings()
        self.clock = clock or WallClock(self.settings.speed)
        self._cond = threading.Condition(threading.RLock())
        self._rng = random.Random(f"photolatte-sim:{self.settings.seed}:firmware")
        self.machine = Machine(
            self.settings.truth, self.settings.motion, on_print_end=self._print_ended
        )
        if not self.settings.cup:
            self.machine.remove_cup()
        self.serial = self.settings.serial_for(name)
        self.firmware = (firmware_factory or self._default_firmware)(self.machine, self._rng)
        self.events: deque[tuple[float, str]] = deque(maxlen=20000)
        self._conn: Connection | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._unplugged_until = -1.0
        self._silent_until = -1.0
        self._schedule: list[tuple[float, str]] = []
        self._fault_gen = 0
        self._listeners: list[Callable[[PrintRecord, dict[str, Any]], None]] = []
        self.output: OutputWriter | None = None
        if self.settings.out_dir is not None:
            self.output = OutputWriter(self.settings.out_dir, self.settings)
            self._listeners.append(self.output.submit)
        self.set_faults(self.settings.faults)

    def _default_firmware(self, machine: Machine, rng: random.Random) -> FirmwareLike:
        from printer_driver.sim.firmware import Firmware, FirmwareConfig

        config = FirmwareConfig(
            serial=self.serial, protocol_minor=self.settings.protocol_minor,
            pitch_um=round(machine.motion.pitch_mm * 1000),
        )
        return Firmware(machine, config=config, rng=rng)

    # --- life cycle --------------------------------------------------------------------

    def start(self) -> SimPrinter:
        """Run the printer in its background thread. Returns self."""
        with self._cond:
            if self._thread is not None:
                return self
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._run, name=f"sim-printer-{self.name}", daemon=True
            )
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread and join it; hosts see the device go away. Idempotent."""
        self._stop.set()
        with self._cond:
            if self._conn is not None:
                self._conn._kill(f"the simulated printer {self.name} was switched off")
                self._conn = None
            self._cond.notify_all()
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                raise RuntimeError(f"simulated printer {self.name} did not stop in {timeout} s")
        if self.output is not None:
            self.output.close()

    @property
    def running(self) -> bool:
        """True while the background thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> SimPrinter:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the host side -----------------------------------------------------------------

    def connect(self, *, dtr: bool = True) -> Connection:
        """Open the line: a new connection that takes over from any previous one.

        ``dtr``: the host asserts DTR as it opens (pyserial's default). A ``reset_on_open``
        board reboots only then, like a real one whose reset line hangs off DTR; a host that
        opens with DTR off leaves it running.

        Raises:
            Unplugged: while the printer is unplugged by a fault, or switched off.
        """
        with self._cond:
            now = self.clock.now()
            self._run_schedule(now)
            if self._stop.is_set():
                raise Unplugged(f"the simulated printer {self.name} is switched off")
            if now < self._unplugged_until:
                raise Unplugged(
                    f"could not open the printer {self.name}: the device is not present "
                    "(unplugged)"
                )
            if self._conn is not None:
                self._conn._kill("another connection opened the printer")
            self._to_printer.clear()
            self._to_host.clear()
            conn = Connection(self)
            self._conn = conn
            self._cond.notify_all()  # leave the idle pace at once
            if self.settings.reset_on_open and dtr:
                self._reboot(now, "reset_on_open")
            return conn

    def dtr_raised(self) -> None:
        """The host asserted DTR on the open line: a ``reset_on_open`` board reboots."""
        with self._cond:
            if self.settings.reset_on_open:
                self._reboot(self.clock.now(), "reset_on_open")

    @property
    def connection(self) -> Connection | None:
        """The host connection currently holding the line, if any."""
        return self._conn

    # --- faults and controls -----------------------------------------------------------

    def set_faults(self, plan: FaultPlan | str) -> None:
        """Install a fault plan now, replacing the previous one.

        Link events are timed from this moment; machine faults apply to the print under
        way (a fraction already passed fires at the next row) or else to the next print.
        """
        if isinstance(plan, str):
            plan = FaultPlan.parse(plan)
        with self._cond:
            now = self.clock.now()
            self.faults = plan
            self._fault_gen += 1
            seed = f"photolatte-sim:{self.settings.seed}:{self._fault_gen}"
            to_printer = ByteDamager(plan, random.Random(seed + ":to_printer"), "to_printer")
            to_host = ByteDamager(plan, random.Random(seed + ":to_host"), "to_host")
            if self._fault_gen == 1:
                rate = self.settings.bytes_per_s
                self._to_printer = PacedLine(rate, to_printer)
                self._to_host = PacedLine(rate, to_host)
            else:  # bytes already on the line keep going; new ones meet the new plan
                self._to_printer.damager = to_printer
                self._to_host.damager = to_host
            self._schedule = sorted(
                [(now + t, "silent") for t in plan.silent_at]
                + [(now + t, "disconnect") for t in plan.disconnect_at]
                + [(now + t, "reset") for t in plan.reset_at]
            )
            self.machine.set_faults(plan)

    def unplug(self, seconds: float | None = None) -> None:
        """Pull the cable now; it is plugged back after ``seconds`` (default: the plan's)."""
        with self._cond:
            now = self.clock.now()
            self._disconnect(now, self.faults.disconnect_for if seconds is None else seconds)

    def reset(self) -> None:
        """Press the reset button: the firmware reboots with a new boot id."""
        with self._cond:
            self._reboot(self.clock.now(), "reset")

    def go_silent(self, seconds: float) -> None:
        """Lose every byte in both directions for ``seconds`` (simulated)."""
        with self._cond:
            now = self.clock.now()
            self._silence(now, seconds)

    def add_listener(self, fn: Callable[[PrintRecord, dict[str, Any]], None]) -> None:
        """Call ``fn(record, summary)`` whenever a print ends (from the printer thread)."""
        with self._cond:
            self._listeners.append(fn)

    def wait_idle(self, timeout: float) -> bool:
        """Wait (wall seconds) until no print is under way; True if it happened."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.machine.busy():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 0.05))
            return True

    def wait_for(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Wait (wall seconds) until ``predicate()`` holds; it is checked whenever bytes
        arrive or a print ends, and at least every 50 ms. True if it came true."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 0.05))
            return True

    def now(self) -> float:
        """The printer's simulated time."""
        return self.clock.now()

    # --- the engine --------------------------------------------------------------------

    def tick(self) -> None:
        """Advance the printer to the clock's present: lines, firmware, machine."""
        with self._cond:
            now = self.clock.now()
            self._run_schedule(now)
            silent = now < self._silent_until
            lag = self.settings.latency_s
            data = self._to_printer.pull(now - lag)
            if data and not silent:
                self.firmware.receive(data, now)
            out = self.firmware.poll(now)
            if out and not silent and self._conn is not None:
                before = self._to_host.damager.total if self._to_host.damager else 0
                self._to_host.push(out, now)
                self._log_damage(self._to_host, before, now, "to_host")
            got = self._to_host.pull(now - lag)
            if got and self._conn is not None:
                self._conn._deliver(got)
            if self._to_printer.bytes_out:
                self._cond.notify_all()  # writers blocked on a full buffer

    def _host_wrote(self, data: bytes) -> None:
        now = self.clock.now()
        if now < self._silent_until:
            return
        before = self._to_printer.damager.total if self._to_printer.damager else 0
        self._to_printer.push(data, now)
        self._log_damage(self._to_printer, before, now, "to_printer")

    def _log_damage(self, line: PacedLine, before: int, now: float, way: str) -> None:
        if line.damager is not None and line.damager.total != before:
            self.events.append((now, f"bytes_damaged_{way}:{line.damager.total - before}"))

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                with self._cond:
                    self.tick()
                    self._cond.wait(self._next_wait())
        except Exception:  # a crash must not leave hosts waiting forever
            log.exception("simulated printer %s crashed", self.name)
            with self._cond:
                if self._conn is not None:
                    self._conn._kill(f"the simulated printer {self.name} crashed")
                    self._conn = None
                self._stop.set()

    def _next_wait(self) -> float:
        """Wall seconds until the next step: the next byte's arrival, else a regular tick."""
        if self.machine.busy():
            wait = self.settings.tick_s
        elif self._conn is not None:  # host writes wake the thread; this paces keepalives
            wait = min(max(self.settings.tick_s, HOST_IDLE_SIM_S / self.clock.speed), IDLE_TICK_S)
        else:
            wait = IDLE_TICK_S
        arrivals = [t for t in (self._to_printer.next_arrival(), self._to_host.next_arrival())
                    if t is not None]
        if arrivals:
            due = (min(arrivals) + self.settings.latency_s - self.clock.now()) / self.clock.speed
            wait = min(wait, max(MIN_WAIT_S, due))
        return wait

    def _run_schedule(self, now: float) -> None:
        while self._schedule and self._schedule[0][0] <= now:
            at, kind = self._schedule.pop(0)
            if kind == "silent":
                self._silence(at, self.faults.silent_for)
            elif kind == "disconnect":
                self._disconnect(at, self.faults.disconnect_for)
            else:
                self._reboot(at, "reset")

    def _silence(self, now: float, seconds: float) -> None:
        self.events.append((now, "silent"))
        self._silent_until = max(self._silent_until, now + seconds)
        self._to_printer.clear()
        self._to_host.clear()

    def _disconnect(self, now: float, seconds: float) -> None:
        self.events.append((now, "disconnect"))
        self._unplugged_until = max(self._unplugged_until, now + seconds)
        if self._conn is not None:
            self._conn._kill(f"the printer {self.name} was unplugged")
            self._conn = None
        self._to_printer.clear()
        self._to_host.clear()

    def _reboot(self, now: float, why: str) -> None:
        self.events.append((now, why))
        self.machine.abort(now)
        self._to_printer.clear()
        self._to_host.clear()
        self.firmware.reboot(now)

    def _print_ended(self, record: PrintRecord) -> None:
        start, end = record.started_at, record.ended_at or self.clock.now()
        seen = [name for t, name in list(self.events) if start <= t <= end]
        summary = {
            "printer": self.name,
            "started_unix": self.clock.epoch(start),
            "ended_unix": self.clock.epoch(end),
            "link_events": [name for name in seen if ":" not in name],
            "bytes_damaged": sum(int(name.split(":")[1]) for name in seen if ":" in name),
        }
        for fn in list(self._listeners):
            try:
                fn(record, summary)
            except Exception:  # a listener's bug must not stop the printer
                log.exception("print listener failed")
