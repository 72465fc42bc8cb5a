"""Where receipt bytes go: a network, serial, USB or device-file receipt printer.

The setting ``receipt.printer`` names one (:func:`parse_receipt_printer`)::

    ""                                  none: the on-screen ticket only (the default)
    tcp://192.168.0.50[:9100]           a network printer (raw port 9100)
    serial:/dev/ttyUSB0[?baudrate=19200]
    usb:04b8:0202                       USB vendor:product ids in hex (libusb, via python-escpos)
    file:/dev/usb/lp0                   Linux's own USB printer device (no libusb needed)

Every transport is opened for one ticket and closed right after, explicitly (never in a
property or ``__del__``), and every wait has a deadline, so a printer that is unplugged,
asleep or silent costs one ticket a few seconds on the receipt thread and nothing else.
A failure is a :class:`ReceiptError` with a :class:`ReceiptProblem` code.
"""

from __future__ import annotations

import errno
import os
import select
import socket
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol
from urllib.parse import parse_qs

CONNECT_SECONDS = 3.0
WRITE_SECONDS = 10.0  # 16 KB at 19200 baud takes ~8.5 s
STATUS_SECONDS = 0.5
TCP_PORT = 9100


class ReceiptProblem(StrEnum):
    """Why a ticket did not print (the barista screen has words for each)."""

    NOT_CONNECTED = "not_connected"
    """Cannot reach the printer: unplugged, switched off, wrong address. Params: ``target``."""
    PAPER_OUT = "paper_out"
    """The printer says its paper roll is empty. Params: ``target``."""
    OFFLINE = "offline"
    """Connected, but the printer stopped taking bytes or answering (cover open, jammed,
    asleep). Params: ``target``."""
    FAILED = "failed"
    """Anything else (a driver error). Params: ``target``, ``reason``."""


class ReceiptError(Exception):
    """A ticket could not be printed: :attr:`code` and :attr:`params` (for the words)."""

    def __init__(self, code: ReceiptProblem, **params: str | int | float | None) -> None:
        self.code = code
        self.params: Mapping[str, str | int | float | None] = params
        super().__init__(f"receipt printer {code.value}: {params}")


@dataclass(frozen=True)
class ReceiptPrinterSpec:
    """A parsed ``receipt.printer`` setting.

    Attributes:
        kind: ``"tcp"``, ``"serial"``, ``"usb"`` or ``"file"``.
        target: host, serial port or file path (for ``usb``, ``"VVVV:PPPP"``).
        port: TCP port.
        baudrate: serial speed.
        vendor / product: USB ids.
    """

    kind: str
    target: str
    port: int = TCP_PORT
    baudrate: int = 19200
    vendor: int = 0
    product: int = 0

    def __str__(self) -> str:
        if self.kind == "tcp":
            return f"tcp://{self.target}:{self.port}"
        return f"{self.kind}:{self.target}"


def parse_receipt_printer(value: str) -> ReceiptPrinterSpec | None:
    """The printer a ``receipt.printer`` setting names; None for "" (no printer).

    Raises:
        ValueError: the setting is malformed; the message shows the forms to write.
    """
    text = value.strip()
    if not text:
        return None
    forms = ('write "tcp://HOST:9100", "serial:/dev/ttyUSB0?baudrate=19200", '
             '"usb:04b8:0202", "file:/dev/usb/lp0", or "" for none')
    if text.startswith("tcp://"):
        host, _, port = text[6:].partition(":")
        if not host or (port and not (port.isdigit() and 0 < int(port) < 65536)):
            raise ValueError(f"cannot read the network printer {text!r}; {forms}")
        return ReceiptPrinterSpec("tcp", host, port=int(port) if port else TCP_PORT)
    if text.startswith("serial:"):
        path, _, query = text[7:].partition("?")
        options = parse_qs(query)
        try:
            baud = int(options.get("baudrate", ["19200"])[0])
        except ValueError:
            baud = 0
        if not path or baud not in (9600, 19200, 38400, 57600, 115200):
            raise ValueError(
                f"cannot read the serial printer {text!r}; baudrate is one of 9600, 19200, "
                f"38400, 57600, 115200; {forms}")
        return ReceiptPrinterSpec("serial", path, baudrate=baud)
    if text.startswith("usb:"):
        ids = text[4:].split(":")
        try:
            vendor, product = (int(x, 16) for x in ids)
        except ValueError:
            raise ValueError(f"cannot read the USB printer {text!r}; {forms}") from None
        return ReceiptPrinterSpec("usb", text[4:], vendor=vendor, product=product)
    if text.startswith("file:") and text[5:].strip():
        return ReceiptPrinterSpec("file", text[5:].strip())
    raise ValueError(f"unknown receipt printer {text!r}; {forms}")


class Transport(Protocol):
    """One connection to a receipt printer: open, write, ask, close."""

    def open(self) -> None:
        """Connect; raises :class:`ReceiptError` (``not_connected``)."""

    def write(self, data: bytes) -> None:
        """Send everything within the deadline; raises :class:`ReceiptError`."""

    def ask(self, query: bytes, timeout: float = STATUS_SECONDS) -> bytes:
        """Send a real-time status query; its one-byte answer, or b"" if none came within
        ``timeout`` seconds (many printers never answer on some links)."""

    def close(self) -> None:
        """Disconnect (safe to call twice)."""


class TcpTransport:
    """A network receipt printer on its raw port (9100)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._sock: socket.socket | None = None

    def open(self) -> None:
        try:
            self._sock = socket.create_connection((self.host, self.port), CONNECT_SECONDS)
        except OSError as exc:
            raise ReceiptError(ReceiptProblem.NOT_CONNECTED,
                               target=f"{self.host}:{self.port}", reason=str(exc)) from exc
        self._sock.settimeout(WRITE_SECONDS)

    def write(self, data: bytes) -> None:
        assert self._sock is not None
        try:
            self._sock.sendall(data)
        except TimeoutError as exc:
            raise ReceiptError(ReceiptProblem.OFFLINE, target=f"{self.host}:{self.port}") \
                from exc
        except OSError as exc:
            raise ReceiptError(ReceiptProblem.NOT_CONNECTED,
                               target=f"{self.host}:{self.port}", reason=str(exc)) from exc

    def ask(self, query: bytes, timeout: float = STATUS_SECONDS) -> bytes:
        assert self._sock is not None
        try:
            self._sock.sendall(query)
            self._sock.settimeout(timeout)
            return self._sock.recv(1)
        except OSError:
            return b""
        finally:
            self._sock.settimeout(WRITE_SECONDS)

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            sock.close()


class FileTransport:
    """A printer device file (``/dev/usb/lp0``), or a plain file (tests, a spool folder).

    Opened non-blocking, so a FIFO nobody reads or a device that is gone fails at once
    instead of hanging; writes wait for the device with a deadline.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None

    def open(self) -> None:
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK | os.O_APPEND | os.O_NOCTTY)
        except OSError as exc:
            raise ReceiptError(ReceiptProblem.NOT_CONNECTED, target=self.path,
                               reason=exc.strerror or str(exc)) from exc
        if stat.S_ISDIR(os.fstat(fd).st_mode):  # pragma: no cover (O_WRONLY refuses dirs)
            os.close(fd)
            raise ReceiptError(ReceiptProblem.NOT_CONNECTED, target=self.path,
                               reason="is a folder")
        self._fd = fd

    def write(self, data: bytes) -> None:
        assert self._fd is not None
        view = memoryview(data)
        deadline = time.monotonic() + WRITE_SECONDS
        while view:
            try:
                sent = os.write(self._fd, view)
                view = view[sent:]
                continue
            except BlockingIOError:
                pass
            except OSError as exc:
                problem = ReceiptProblem.NOT_CONNECTED if exc.errno in (
                    errno.ENODEV, errno.ENXIO, errno.EPIPE, errno.EIO) else ReceiptProblem.FAILED
                raise ReceiptError(problem, target=self.path,
                                   reason=exc.strerror or str(exc)) from exc
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([], [self._fd], [], left)[1]:
                raise ReceiptError(ReceiptProblem.OFFLINE, target=self.path)

    def ask(self, query: bytes, timeout: float = STATUS_SECONDS) -> bytes:
        return b""  # a device file is written only: no status is read back

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


class SerialTransport:
    """A serial receipt printer (RS-232 or a USB-serial adapter), via pyserial."""

    def __init__(self, port: str, baudrate: int) -> None:
        self.port, self.baudrate = port, baudrate
        self._serial: object | None = None

    def open(self) -> None:
        import serial

        try:
            self._serial = serial.Serial(self.port, self.baudrate, timeout=STATUS_SECONDS,
                                         write_timeout=WRITE_SECONDS)
        except (OSError, serial.SerialException) as exc:
            raise ReceiptError(ReceiptProblem.NOT_CONNECTED, target=self.port,
                               reason=str(exc)) from exc

    def write(self, data: bytes) -> None:
        import serial

        port = self._serial
        assert isinstance(port, serial.Serial)
        try:
            port.write(data)
            port.flush()
        except serial.SerialTimeoutException as exc:
            raise ReceiptError(ReceiptProblem.OFFLINE, target=self.port) from exc
        except (OSError, serial.SerialException) as exc:
            raise ReceiptError(ReceiptProblem.NOT_CONNECTED, target=self.port,
                               reason=str(exc)) from exc

    def ask(self, query: bytes, timeout: float = STATUS_SECONDS) -> bytes:
        import serial

        port = self._serial
        assert isinstance(port, serial.Serial)
        try:
            port.reset_input_buffer()
            port.timeout = timeout
            port.write(query)
            return bytes(port.read(1))
        except (OSError, serial.SerialException):
            return b""

    def close(self) -> None:
        import serial

        port, self._serial = self._serial, None
        if isinstance(port, serial.Serial):
            port.close()


class UsbTransport:
    """A USB receipt printer through libusb (python-escpos's ``Usb``), by vendor:product.

    python-escpos opens a device the first time its ``device`` property is read and closes
    it in ``__del__``; here it is opened and closed explicitly around each ticket.
    """

    def __init__(self, vendor: int, product: int) -> None:
        self.vendor, self.product = vendor, product
        self._usb: object | None = None

    @property
    def _target(self) -> str:
        return f"usb:{self.vendor:04x}:{self.product:04x}"

    def open(self) -> None:
        from kiosk.counter.escpos_lib import Usb

        printer = Usb(self.vendor, self.product, timeout=int(WRITE_SECONDS * 1000))
        try:
            printer.open()
        except Exception as exc:  # DeviceNotFoundError, USBNotFoundError, NoBackendError
            raise ReceiptError(ReceiptProblem.NOT_CONNECTED, target=self._target,
                               reason=str(exc)) from exc
        self._usb = printer

    def write(self, data: bytes) -> None:
        from kiosk.counter.escpos_lib import Usb

        printer = self._usb
        assert isinstance(printer, Usb)
        try:
            printer._raw(data)  # the library's one byte seam
        except Exception as exc:  # usb.core.USBTimeoutError, USBError
            code = ReceiptProblem.OFFLINE if "timed out" in str(exc).lower() \
                else ReceiptProblem.NOT_CONNECTED
            raise ReceiptError(code, target=self._target, reason=str(exc)) from exc

    def ask(self, query: bytes, timeout: float = STATUS_SECONDS) -> bytes:
        from kiosk.counter.escpos_lib import Usb

        printer = self._usb
        assert isinstance(printer, Usb)
        try:
            printer._raw(query)
            return bytes(printer._read())[:1]
        except Exception:
            return b""

    def close(self) -> None:
        from kiosk.counter.escpos_lib import Usb

        printer, self._usb = self._usb, None
        if isinstance(printer, Usb):
            printer.close()


def make_transport(spec: ReceiptPrinterSpec) -> Transport:
    """An unopened transport for ``spec`` (the caller opens and closes it)."""
    if spec.kind == "tcp":
        return TcpTransport(spec.target, spec.port)
    if spec.kind == "serial":
        return SerialTransport(spec.target, spec.baudrate)
    if spec.kind == "usb":
        return UsbTransport(spec.vendor, spec.product)
    return FileTransport(spec.target)
