"""A loopback firmware: echoes every byte back and runs any print started on the machine.

For testing the transports (``sim://``, pty, TCP), pacing and byte faults without the
protocol: what the host writes comes back after crossing the line twice. Tests start
prints by calling ``printer.machine.start(dots, printer.now())`` directly.
"""

from __future__ import annotations

import random

from printer_driver.sim.machine import Machine


class LoopbackFirmware:
    """Echo firmware with a boot id that changes on every reboot."""

    def __init__(self, machine: Machine, rng: random.Random | None = None) -> None:
        self.machine = machine
        self.rng = rng or random.Random(0)
        self.boot_id = self.rng.getrandbits(32)
        self.reboots = 0
        self.received = bytearray()
        self._out = bytearray()

    def receive(self, data: bytes, now: float) -> None:
        """Keep ``data`` and queue it to be echoed."""
        self.received += data
        self._out += data

    def poll(self, now: float) -> bytes:
        """Advance any print and return the bytes to echo."""
        self.machine.advance(now)
        out = bytes(self._out)
        self._out.clear()
        return out

    def reboot(self, now: float) -> None:
        """Lose what was queued; new boot id."""
        self._out.clear()
        self.boot_id = self.rng.getrandbits(32)
        self.reboots += 1
