"""The receipt printer on real transports: a loopback network printer, a device file, a FIFO
nobody reads. A printer that is out of paper, gone, or silent never blocks anything."""

from __future__ import annotations

import os
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.counter.receipt_printer import ReceiptResult, print_ticket
from kiosk.counter.transports import (
    FileTransport,
    ReceiptProblem,
    TcpTransport,
    parse_receipt_printer,
)

TICKET = b"\x1b@hello\n\x1dV\x00"
PAPER_OK, PAPER_LOW, PAPER_OUT = b"\x12", b"\x1e", b"\x72"  # DLE EOT 4 answers
ONLINE = b"\x12"  # DLE EOT 1: bit 3 clear


class FakeNetworkPrinter:
    """A receipt printer on 127.0.0.1: records bytes, answers DLE EOT queries as told.

    ``answers``: what to answer to each DLE EOT query in turn (None: stay silent)."""

    def __init__(self, answers: list[bytes | None]) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.answers = list(answers)
        self.received = bytearray()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            conn.settimeout(5)
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                self.received += chunk
                for _ in range(chunk.count(b"\x10\x04")):
                    answer = self.answers.pop(0) if self.answers else None
                    if answer is not None:
                        conn.sendall(answer)
        self.done.set()

    def close(self) -> None:
        self.server.close()

    @property
    def ticket(self) -> bytes:
        """What was printed, without the status queries."""
        return bytes(self.received).replace(b"\x10\x04\x04", b"").replace(b"\x10\x04\x01", b"")


@pytest.fixture
def network_printer():
    made: list[FakeNetworkPrinter] = []

    def make(answers: list[bytes | None]) -> FakeNetworkPrinter:
        made.append(FakeNetworkPrinter(answers))
        return made[-1]

    yield make
    for printer in made:
        printer.close()


def test_settings_name_every_kind_of_printer() -> None:
    assert parse_receipt_printer("") is None
    tcp = parse_receipt_printer("tcp://192.168.0.50")
    assert (tcp.kind, tcp.target, tcp.port) == ("tcp", "192.168.0.50", 9100)
    serial = parse_receipt_printer("serial:/dev/ttyUSB0?baudrate=38400")
    assert (serial.kind, serial.target, serial.baudrate) == ("serial", "/dev/ttyUSB0", 38400)
    usb = parse_receipt_printer("usb:04b8:0202")
    assert (usb.kind, usb.vendor, usb.product) == ("usb", 0x04B8, 0x0202)
    assert parse_receipt_printer("file:/dev/usb/lp0").target == "/dev/usb/lp0"
    for bad in ("lp0", "tcp://:9100", "tcp://host:99999", "usb:zz:01", "serial:/dev/x?baudrate=7"):
        with pytest.raises(ValueError, match="write"):
            parse_receipt_printer(bad)


def test_a_network_printer_gets_the_exact_ticket(network_printer) -> None:
    printer = network_printer([PAPER_OK, ONLINE])
    result = print_ticket(TcpTransport("127.0.0.1", printer.port), 7, TICKET)
    assert printer.done.wait(5)
    assert result.printed and result.problem is None and not result.paper_low
    assert printer.ticket == TICKET
    assert bytes(printer.received).startswith(b"\x10\x04\x04")  # paper asked first


def test_paper_out_prints_nothing_and_says_so(network_printer) -> None:
    printer = network_printer([PAPER_OUT])
    result = print_ticket(TcpTransport("127.0.0.1", printer.port), 7, TICKET, target="counter")
    assert printer.done.wait(5)
    assert (result.printed, result.problem, result.params["target"]) == (
        False, ReceiptProblem.PAPER_OUT, "counter")
    assert printer.ticket == b""


def test_paper_low_prints_and_warns(network_printer) -> None:
    printer = network_printer([PAPER_LOW, ONLINE])
    result = print_ticket(TcpTransport("127.0.0.1", printer.port), 7, TICKET)
    assert result.printed and result.paper_low


def test_a_printer_that_answers_once_then_goes_silent_is_offline(network_printer) -> None:
    printer = network_printer([PAPER_OK, None])
    start = time.monotonic()
    result = print_ticket(TcpTransport("127.0.0.1", printer.port), 7, TICKET)
    assert (result.printed, result.problem) == (False, ReceiptProblem.OFFLINE)
    assert time.monotonic() - start < 5


def test_a_printer_that_never_answers_status_is_simply_written_to(network_printer) -> None:
    printer = network_printer([None, None])
    result = print_ticket(TcpTransport("127.0.0.1", printer.port), 7, TICKET)
    assert printer.done.wait(5)
    assert result.printed and printer.ticket == TICKET


def test_no_printer_at_the_address_is_not_connected_at_once() -> None:
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]  # closed again below: nobody listens there
    start = time.monotonic()
    result = print_ticket(TcpTransport("127.0.0.1", port), 7, TICKET)
    assert result.problem is ReceiptProblem.NOT_CONNECTED
    assert time.monotonic() - start < 4


def test_a_device_file_gets_the_exact_ticket(tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    device.touch()
    result = print_ticket(FileTransport(str(device)), 7, TICKET)
    assert result.printed and device.read_bytes() == TICKET


@pytest.mark.parametrize("case", ["missing", "fifo-nobody-reads", "read-only", "folder"])
def test_a_device_that_is_not_there_is_not_connected_without_hanging(tmp_path, case) -> None:
    path = tmp_path / "lp0"
    if case == "fifo-nobody-reads":
        os.mkfifo(path)
    elif case == "read-only":
        path.touch()
        path.chmod(0o400)
        if os.geteuid() == 0:  # root writes anyway: a read-only file system is the case
            path = Path("/proc/version")
    elif case == "folder":
        path.mkdir()
    start = time.monotonic()
    result = print_ticket(FileTransport(str(path)), 7, TICKET)
    assert (result.printed, result.problem) == (False, ReceiptProblem.NOT_CONNECTED)
    assert time.monotonic() - start < 2


def test_a_full_device_fails_in_words() -> None:
    result = print_ticket(FileTransport("/dev/full"), 7, TICKET)
    assert (result.printed, result.problem) == (False, ReceiptProblem.FAILED)
    assert "space" in str(result.params["reason"]).lower()


def test_the_order_never_waits_for_a_slow_or_broken_receipt_printer(
        network_printer, store) -> None:
    """A printer that answers once, then goes silent: the worker waits out its deadline
    (seconds), while the order's own path returns at once; the barista gets the word."""
    from counter_support import new_order

    from kiosk.counter.payment import PayAtCounter, PaymentStatus
    from kiosk.counter.service import CounterService

    printer = network_printer([PAPER_OK, None])
    results: list[ReceiptResult] = []
    got = threading.Event()
    counter = CounterService(store, menu=None, payment=PayAtCounter(), cafe_name="Café",
                             ready_for=timedelta(minutes=5),
                             receipt_printer=parse_receipt_printer(
                                 f"tcp://127.0.0.1:{printer.port}"))
    counter.add_listener(lambda e: (results.append(e), got.set()))
    counter.start()
    try:
        order = new_order(store, price=4500)
        start = time.monotonic()
        outcome = counter.order_stored(order)
        assert time.monotonic() - start < 1.0  # the printer takes 2 s and more
        assert (outcome.status, outcome.amount_won) == (PaymentStatus.PAY_AT_COUNTER, 4500)
        assert got.wait(15)
        assert (results[0].order_id, results[0].problem) == (order.id, ReceiptProblem.OFFLINE)
        assert counter.last_receipt == results[0]
        assert printer.ticket.startswith(b"\x1b@")  # the ticket itself went out
    finally:
        counter.stop()
    assert counter.receipts is not None and counter.receipts._thread is None
