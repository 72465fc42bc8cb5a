"""Protocol 1.1 (docs/protocol.md 4.5): the minor version in the handshake, the printer's
serial number, the ``detail`` byte, and 1.0 and 1.1 hosts and printers mixed."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import serial
from firmware_harness import Host

import printer_driver.sim as sim
from printer_driver.protocol import (
    Abort,
    Code,
    CtrlReply,
    DecodeError,
    DecodeErrorKind,
    Detail,
    FrameDecoder,
    FrameType,
    Hello,
    HelloReply,
    JobBegin,
    JobInfo,
    Result,
    encode_frame,
    parse_frame,
    serial_problem,
    valid_serial,
)
from printer_driver.protocol.vectors import VECTORS
from printer_driver.sim.config import SimConfigError, default_serial, parse_sim_url
from printer_driver.sim.firmware import FirmwareConfig

ROOT = Path(__file__).resolve().parents[2]
REPLY_10 = next(v for v in VECTORS if isinstance(v, HelloReply) and v.minor is None)


# --- the serial number's format, both ways -----------------------------------------------


@pytest.mark.parametrize("text", ["PL2026-0001", "A", "sim.demo_2", "9" * 32])
def test_valid_serial_numbers(text):
    assert serial_problem(text) is None and valid_serial(text) == text


@pytest.mark.parametrize("text, why", [
    ("", "empty"), ("X" * 33, "33 characters"), ("-PL1", "start with"),
    (".hidden", "start with"), ("PL 1", "' '"), ("PL/1", "'/'"), ("PLé1", "'é'"),
    ("PL\x001", "'\\x00'"),
])
def test_invalid_serial_numbers_say_why(text, why):
    problem = serial_problem(text)
    assert problem is not None and why in problem
    assert valid_serial(text) is None


def test_a_printer_cannot_send_a_serial_over_32_bytes_or_outside_ascii():
    with pytest.raises(ValueError):
        encode_frame(dataclasses.replace(REPLY_10, minor=1, serial="X" * 33))
    with pytest.raises(ValueError):
        encode_frame(dataclasses.replace(REPLY_10, minor=1, serial="PLé"))


def test_a_damaged_serial_still_parses_so_the_host_connects_and_can_refuse_it():
    good = encode_frame(dataclasses.replace(REPLY_10, minor=1, serial="AB"))
    body = bytearray(parse_body_bytes(good))
    body[4 + 36 : 4 + 36 + 3] = b"A/\xff"  # serial field: 'A', '/', 0xFF
    reply = parse_frame(reencode(bytes(body)))
    assert isinstance(reply, HelloReply) and reply.serial == "A/\xff"
    assert valid_serial(reply.serial) is None  # the host reports it unknown


def parse_body_bytes(wire: bytes) -> bytes:
    from printer_driver.protocol import cobs_decode

    return cobs_decode(wire[:-1])[:-2]  # header + payload, CRC dropped


def reencode(head_and_payload: bytes) -> bytes:
    from printer_driver.protocol import cobs_encode, crc16

    body = head_and_payload + crc16(head_and_payload).to_bytes(2, "little")
    return cobs_encode(body) + b"\0"


def test_the_simulator_refuses_a_bad_serial_and_names_the_rule():
    with pytest.raises(SimConfigError, match="letters, digits"):
        parse_sim_url("sim://x?serial=PL%201")
    with pytest.raises(SimConfigError, match="at most 32"):
        parse_sim_url("sim://x?serial=" + "A" * 40)
    with pytest.raises(ValueError, match="serial number"):
        FirmwareConfig(serial="bad serial")
    with pytest.raises(SimConfigError, match=r"1\.0, 1\.1"):
        parse_sim_url("sim://x?protocol=2.0")


# --- layouts ------------------------------------------------------------------------------


def test_each_extended_frame_has_two_layouts_and_half_set_fields_are_refused():
    assert HelloReply.payload_lens() == (35, 68)
    assert Result.payload_lens() == (33, 34)
    assert CtrlReply.payload_lens() == (24, 25)
    assert Hello.payload_lens() == (4, 5)
    with pytest.raises(ValueError, match="minor, serial"):
        encode_frame(dataclasses.replace(REPLY_10, minor=1))  # serial missing


def test_a_hello_from_a_later_minor_version_is_read_and_its_tail_ignored():
    wire = reencode(bytes([1, FrameType.HELLO, 9, 0, 0x00, 0x01, 1, 1, 3, 0xAA, 0xBB]))
    assert parse_frame(wire) == Hello(9, 0x100, 1, 1, minor=3)


def test_a_result_with_a_stray_byte_beyond_its_layouts_is_a_length_error():
    r = Result(1, 1, 0, 16, 4096, 0x10, 0, 0, JobInfo(0), detail=0)
    body = parse_body_bytes(encode_frame(r)) + b"\x00"
    decoded = FrameDecoder().feed(reencode(body))
    assert isinstance(decoded[0], DecodeError) and decoded[0].kind is DecodeErrorKind.LENGTH


def test_a_decoder_with_a_payload_limit_reports_a_longer_good_frame_with_its_header():
    from printer_driver.protocol import Data

    wire = encode_frame(Data(0x1234, 7, 0, bytes(300)))
    err = FrameDecoder(accept_payload=256).feed(wire)[0]
    assert isinstance(err, DecodeError) and err.kind is DecodeErrorKind.TOO_LONG
    assert (err.type, err.seq, err.line_damage) == (FrameType.DATA, 0x1234, False)
    assert FrameDecoder().feed(wire)[0] == Data(0x1234, 7, 0, bytes(300))


# --- negotiation on the firmware ---------------------------------------------------------


def test_a_session_speaks_the_lower_minor_and_a_new_hello_can_change_it():
    h = Host(config=FirmwareConfig(serial="PL-1"))
    reply = only(HelloReply, h.send(Hello(0x10, 0x100, minor=1)))
    assert (reply.minor, reply.serial, h.fw.session_minor) == (1, "PL-1", 1)
    begin = JobBegin(0x100, 5, 254, 150, 76000, 3, 1, 100, 0)
    assert only(Result, h.send(begin)).detail == Detail.PITCH
    reply = only(HelloReply, h.send(Hello(0x11, 0x200)))  # a 1.0 host takes over
    assert (reply.minor, reply.serial, h.fw.session_minor) == (None, None, 0)
    assert only(Result, h.send(dataclasses.replace(begin, seq=0x200))).detail is None
    reply = only(HelloReply, h.send(Hello(0x12, 0x300, minor=7)))  # a later host
    assert reply.minor == 1


def test_a_repeated_hello_gets_the_same_extended_reply():
    h = Host(config=FirmwareConfig(serial="PL-1"))
    first = only(HelloReply, h.send(Hello(0x10, 0x100, minor=1)))
    again = only(HelloReply, h.send(Hello(0x10, 0x100, minor=1)))
    assert first == again and h.fw.counters["hello_repeats"] == 1


def test_a_printer_without_a_serial_sends_an_empty_field():
    h = Host()
    assert only(HelloReply, h.send(Hello(0x10, 0x100, minor=1))).serial == ""


def test_after_a_reboot_the_printer_speaks_1_0_until_the_next_hello():
    h = Host(config=FirmwareConfig(serial="PL-1"))
    h.send(Hello(0x10, 0x100, minor=1))
    h.fw.reboot(h.now)
    reply = only(CtrlReply, h.send(Abort(0x20, 0)))
    assert reply.code == Code.BAD_STATE and reply.detail is None and h.fw.session_minor == 0


def only(cls, frames):
    found = [f for f in frames if isinstance(f, cls)]
    assert len(found) == 1, frames
    return found[0]


# --- the simulated printer by URL and from the command line ------------------------------


def hello_over(port: serial.SerialBase, minor: int | None) -> HelloReply | CtrlReply:
    port.write(encode_frame(Hello(0x33, 0x100, minor=minor)))
    decoder = FrameDecoder()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for f in decoder.feed(port.read(64)):
            if isinstance(f, HelloReply | CtrlReply) and f.ref == 0x33:
                return f
    raise AssertionError("no answer to HELLO")


def test_sim_url_serial_and_the_default_that_is_stable_per_name():
    assert default_serial("demo") == "SIM-2A97516C"  # the same in every run, every machine
    assert default_serial("demo") != default_serial("demo2")
    port = serial.serial_for_url("sim://sn-a?speed=50&serial=PL2026-0042", timeout=0.2)
    try:
        assert hello_over(port, 1).serial == "PL2026-0042"
    finally:
        port.close()
    port = serial.serial_for_url("sim://demo?speed=50", timeout=0.2)
    try:
        reply = hello_over(port, 1)
        assert isinstance(reply, HelloReply) and reply.serial == default_serial("demo")
        assert sim.get_printer("demo").serial == "SIM-2A97516C"
    finally:
        port.close()


def test_sim_url_protocol_1_0_makes_a_printer_that_refuses_a_1_1_hello():
    port = serial.serial_for_url("sim://old?speed=50&protocol=1.0", timeout=0.2)
    try:
        refused = hello_over(port, 1)
        assert isinstance(refused, CtrlReply) and refused.code == Code.MALFORMED
        assert refused.cmd == FrameType.HELLO and refused.detail is None
        reply = hello_over(port, None)
        assert isinstance(reply, HelloReply) and reply.serial is None and reply.code == 0
    finally:
        port.close()


def test_photolatte_sim_reports_the_serial_it_was_given():
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "sim", "--tcp", "0", "--speed", "20",
         "--serial", "PL-CLI-7"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        cwd=ROOT, text=True,
    )
    watchdog = threading.Timer(30, proc.kill)  # a hung test fails instead of hanging
    watchdog.start()
    try:
        url = proc.stdout.readline().strip()
        assert "PL-CLI-7" in proc.stderr.readline()
        port = serial.serial_for_url(url, timeout=0.2)
        try:
            reply = hello_over(port, 1)
        finally:
            port.close()
    finally:
        watchdog.cancel()
        proc.kill()
        proc.communicate()
    assert isinstance(reply, HelloReply) and reply.serial == "PL-CLI-7"


def test_photolatte_sim_refuses_a_bad_serial_with_the_rule(capsys):
    from kiosk.cli import main

    assert main(["sim", "--tcp", "0", "--serial", "PL 7"]) == 2
    err = capsys.readouterr().err
    assert "PL 7" in err and "letters, digits" in err and "Traceback" not in err
