"""Driver errors are codes with parameters: every code has a class, the CLI's words, and a
neutral log line that names no front end's button; every fault has the CLI's words."""

from __future__ import annotations

import json

import pytest

from kiosk.cli.printer_words import CLI_WORDS, FAULT_WORDS, cli_message
from kiosk.printing.outcome import ALL_FAILURE_CODES
from printer_driver import errors, faults
from printer_driver.errors import ErrorCode, PrinterError

#: One instance of every error class the driver raises, with typical parameters.
SAMPLES: list[PrinterError] = [
    errors.PortOpenError("/dev/ttyUSB0", "no such device"),
    errors.PortAddressError("garbage://x", "unknown scheme"),
    errors.NotSerialPortError("/dev/null", "not a device"),
    errors.LinkLostError("no answer", during="printing"),
    errors.LinkLostError("no answer", during="connecting"),
    errors.PrinterRestartedError(0x1234, 0x5678),
    errors.ProtocolVersionError(2, 1),
    errors.ProtocolError("PRINT answered code 99"),
    errors.DriverClosedError(),
    errors.PrinterBusyError("another print is running"),
    errors.JobCorruptError("CRC-32 failed 3 times"),
    errors.JobRejectedError("grid 300 over the printer's 254"),
    errors.JobNotFoundError(0xABCD0123),
    errors.JobAbortedError("stopped after 3 of 64 rows"),
    errors.PrinterStalledError(61.04, 17),
    errors.CupMissingError(),
    errors.CupRemovedError(12),
    errors.PowderEmptyError("cocoa", 40),
    errors.PowderLowError("cinnamon"),
    errors.JamError(5),
    errors.OtherFaultError("buffer_overflow"),
]

# Words only a front end may use: buttons, commands, advice.
_FRONT_END_WORDS = ("press", "continue", "print again", "reprint", "photolatte", "serve",
                    "technician", "refill", "check the")


def test_every_code_has_an_error_class_and_every_class_a_code() -> None:
    assert {e.code for e in SAMPLES} == set(ErrorCode)
    concrete = set()
    todo = [PrinterError]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if "code" in vars(cls):
            concrete.add(cls)
    assert concrete == {type(e) for e in SAMPLES}


@pytest.mark.parametrize("exc", SAMPLES, ids=lambda e: f"{type(e).__name__}")
def test_errors_carry_params_and_a_neutral_log_line(exc: PrinterError) -> None:
    text = str(exc)
    assert text and "\n" not in text
    assert not [w for w in _FRONT_END_WORDS if w in text.lower()], text
    data = exc.to_dict()
    assert data["error"] == exc.code.value and data["params"] == exc.params
    assert json.loads(json.dumps(data)) == data  # JSON-able as it is
    for name in type(exc).PARAMS:
        assert getattr(exc, name) == exc.params[name]
        assert exc.params[name] is None or isinstance(exc.params[name], str | int | float)


def test_print_job_sets_job_id_and_print_started_into_params() -> None:
    exc = errors.PowderEmptyError("cinnamon", 3)
    assert "job_id" not in exc.params and exc.print_started is False
    exc.job_id, exc.print_started = 0x1234ABCD, True
    assert exc.params == {"powder": "cinnamon", "rows_done": 3, "job_id": 0x1234ABCD}
    assert exc.to_dict()["print_started"] is True
    # The restart says in its log line whether anything may be on the cup.
    before = errors.PrinterRestartedError(1, 2)
    assert "nothing was printed" in str(before)
    before.print_started = True
    assert "may have begun" in str(before)


def test_every_code_has_cli_words() -> None:
    assert set(CLI_WORDS) == set(ALL_FAILURE_CODES)


@pytest.mark.parametrize("exc", SAMPLES, ids=lambda e: f"{type(e).__name__}")
@pytest.mark.parametrize("started", [False, True])
def test_cli_words_fill_every_parameter_and_name_no_kiosk_button(exc: PrinterError,
                                                                 started: bool) -> None:
    exc.print_started = started
    line = cli_message(exc)
    assert ": " in line and "{" not in line and "None" not in line, line
    assert "Continue" not in line and "press" not in line.lower(), line
    for name in ("url", "powder", "faults"):
        value = exc.params.get(name)
        if isinstance(value, str) and exc.code != ErrorCode.LINK_LOST:
            assert value.lower() in line.lower(), (name, line)


def test_cli_words_follow_print_started() -> None:
    lost = errors.LinkLostError("silence", during="printing")
    assert "before anything was printed" in cli_message(lost)
    lost.print_started = True
    assert "may have finished" in cli_message(lost)
    restarted = errors.PrinterRestartedError(1, 2)
    assert "fresh cup" not in cli_message(restarted)  # nothing printed: the cup is clean
    restarted.print_started = True
    assert "fresh cup" in cli_message(restarted)


def test_every_fault_has_cli_words() -> None:
    assert set(FAULT_WORDS) == {f.name for f in faults.FAULT_TABLE}
