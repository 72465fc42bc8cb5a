"""pyserial URL handler for the in-process simulated printer.

URL format: ``sim://NAME[?speed=20&baud=115200&seed=1&faults=...&truth=...&out=DIR]``
(see :mod:`printer_driver.sim.config` for every option).

``serial.serial_for_url("sim://NAME")`` finds this module once ``"printer_driver.sim"`` is in
``serial.protocol_handler_packages`` (importing :mod:`printer_driver.sim` adds it). The port
behaves like ``serial.Serial``: ``read(size)`` honours ``timeout`` and returns what arrived,
``write`` honours ``write_timeout``, and once the device is unplugged every call raises
``serial.SerialException``. Opening the same NAME again reaches the same printer with its job
state intact, like reopening a serial port.
"""

from __future__ import annotations

import numbers
from typing import Any

from serial.serialutil import PortNotOpenError, SerialBase, SerialException

from printer_driver.sim.config import SimConfigError, parse_sim_url
from printer_driver.sim.printer import Connection, SimPrinter
from printer_driver.sim.registry import open_printer


class Serial(SerialBase):
    """A port connected to a simulated printer in this process."""

    is_open: bool  # set by SerialBase; declared for the type checker

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._conn: Connection | None = None
        self.printer: SimPrinter | None = None
        self._dtr_seen = True
        super().__init__(*args, **kwargs)

    def open(self) -> None:
        """Connect to the printer named in the URL, creating it on first use.

        Raises:
            SerialException: for a malformed URL, or while the printer is unplugged.
        """
        if self.is_open:
            raise SerialException("Port is already open.")
        if self._port is None:
            raise SerialException("Port must be configured before it can be used.")
        try:
            name, settings, _ = parse_sim_url(self._port)
        except SimConfigError as exc:
            raise SerialException(f"could not open port {self._port}: {exc}") from exc
        self._reconfigure_port()
        printer = open_printer(name, settings)
        # DTR as set before open() (pyserial asserts it unless told otherwise): it decides
        # whether a reset_on_open printer reboots, as on a board with DTR wired to reset.
        self._conn = printer.connect(dtr=bool(self._dtr_state))  # Unplugged: SerialException
        self.printer = printer
        self._dtr_seen = bool(self._dtr_state)
        self.is_open = True

    def close(self) -> None:
        """Let go of the printer; it keeps running and can be reopened."""
        if self._conn is not None:
            self._conn.close()
        self._conn = None
        self.is_open = False

    def _reconfigure_port(self) -> None:
        # The simulated line's speed is the printer's own (``baud=`` in the URL); like a
        # real port, the host's baud rate is only checked for sanity.
        rate = self._baudrate
        if not isinstance(rate, numbers.Integral) or not 0 < int(rate) < 2**32:
            raise ValueError(f"invalid baudrate: {self._baudrate!r}")

    def _live(self) -> Connection:
        if not self.is_open or self._conn is None:
            raise PortNotOpenError()
        return self._conn

    @property
    def in_waiting(self) -> int:
        """Bytes received and not yet read."""
        return self._live().in_waiting

    @property
    def out_waiting(self) -> int:
        """Bytes written and not yet delivered to the printer."""
        return self._live().out_waiting

    def read(self, size: int = 1) -> bytes:
        """Read up to ``size`` bytes, waiting at most ``timeout`` seconds for them all."""
        conn = self._live()
        if size <= 0:
            return b""
        return conn.read(size, self._timeout)

    def write(self, data: bytes | bytearray | memoryview) -> int:
        """Send ``data``; blocks while the line's buffer is full (``write_timeout``)."""
        conn = self._live()
        return conn.write(bytes(data), self._write_timeout)

    def flush(self) -> None:
        """Wait until everything written has reached the printer (like ``tcdrain``)."""
        self._live().drain(self._write_timeout)

    def cancel_read(self) -> None:
        """Make a ``read`` blocked in another thread return what it has so far."""
        self._live().cancel_read()

    def reset_input_buffer(self) -> None:
        """Discard received bytes not yet read."""
        self._live().reset_input_buffer()

    def reset_output_buffer(self) -> None:
        """Discard written bytes not yet sent."""
        self._live().reset_output_buffer()

    def send_break(self, duration: float = 0.25) -> None:
        """Accepted and ignored: the printer has no use for a break."""
        self._live()

    def _update_break_state(self) -> None:
        pass

    def _update_rts_state(self) -> None:
        pass

    def _update_dtr_state(self) -> None:
        # Called by pyserial when ``dtr`` is set on an open port: raising it resets a
        # reset_on_open board, as the auto-reset capacitor of a real one does.
        raised = bool(self._dtr_state) and not self._dtr_seen
        self._dtr_seen = bool(self._dtr_state)
        if raised and self.printer is not None and self.is_open:
            self.printer.dtr_raised()

    @property
    def cts(self) -> bool:
        self._live()
        return True

    @property
    def dsr(self) -> bool:
        self._live()
        return True

    @property
    def ri(self) -> bool:
        self._live()
        return False

    @property
    def cd(self) -> bool:
        self._live()
        return True
