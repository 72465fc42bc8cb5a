"""The staff codes: trivial codes refused, which code opens which door, the barista pad's
lockout (counted against both codes), a refusing disk never granting a try, the code files
that are not files, and the factory-default gate."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from kiosk.settings.config import KioskConfig
from kiosk.staff.access import Door, StaffAccess, is_simulated_printer
from kiosk.staff.codes import CodeStore
from kiosk.staff.rules import (
    DEFAULT_CODES,
    CodeError,
    CodeErrorCode,
    StaffRole,
    validate_new_code,
)

FAST_N = 2**10
BARISTA, TECHNICIAN = StaffRole.BARISTA, StaffRole.TECHNICIAN
REAL_PRINTER = "/dev/ttyACM0"


class Clock:
    def __init__(self) -> None:
        self.t = 1_800_000_000.0

    def __call__(self) -> float:
        return self.t


def _access(folder: Path, *, printer_url: str = "sim://staff", clock: Clock | None = None,
            max_failures: int = 3) -> StaffAccess:
    kw = {"clock": clock} if clock is not None else {}
    return StaffAccess(
        CodeStore(folder / "barista_code.json", role=BARISTA, max_failures=max_failures,
                  scrypt_n=FAST_N, **kw),
        CodeStore(folder / "technician_pin.json", role=TECHNICIAN, max_failures=max_failures,
                  scrypt_n=FAST_N, **kw),
        printer_url=printer_url)


@pytest.mark.parametrize(("code", "why"), [
    ("1111", CodeErrorCode.REPEATED), ("999999", CodeErrorCode.REPEATED),
    ("1234", CodeErrorCode.IS_DEFAULT), ("0000", CodeErrorCode.IS_DEFAULT),
    ("2345", CodeErrorCode.SEQUENTIAL), ("9876", CodeErrorCode.SEQUENTIAL),
    ("0123", CodeErrorCode.SEQUENTIAL), ("3210", CodeErrorCode.SEQUENTIAL),
    ("7890", CodeErrorCode.SEQUENTIAL), ("8901", CodeErrorCode.SEQUENTIAL),
    ("1098", CodeErrorCode.SEQUENTIAL), ("123456789", CodeErrorCode.SEQUENTIAL),
    ("123", CodeErrorCode.WRONG_LENGTH), ("", CodeErrorCode.NOT_DIGITS),
    ("1234567890123", CodeErrorCode.WRONG_LENGTH), ("12a4", CodeErrorCode.NOT_DIGITS),
    ("１２３４", CodeErrorCode.NOT_DIGITS), (" 2468", CodeErrorCode.NOT_DIGITS),
])
@pytest.mark.parametrize("role", list(StaffRole))
def test_trivial_codes_are_refused_with_the_rule_they_break(code, why, role) -> None:
    with pytest.raises(CodeError) as refused:
        validate_new_code(code, role)
    assert refused.value.code is why and refused.value.is_refusal
    assert refused.value.role is role


@pytest.mark.parametrize("code", ["1357", "2468", "3971", "1235", "1212", "5824", "13579",
                                  "112233", "2580", "90210"])
def test_ordinary_codes_are_accepted(code) -> None:
    assert validate_new_code(code, BARISTA) == code


def test_the_staff_pad_opens_for_the_barista_code_and_the_technician_pin(tmp_path) -> None:
    access = _access(tmp_path)
    access.set_code(BARISTA, "3971")
    access.set_code(TECHNICIAN, "5824")
    barista = access.check(Door.STAFF, "3971")
    assert barista.ok and barista.role is BARISTA
    tech = access.check(Door.STAFF, "5824")
    assert tech.ok and tech.role is TECHNICIAN  # the higher role opens the staff side too
    # The technician's own pad takes the PIN only.
    assert not access.check(Door.TECHNICIAN, "3971").ok
    assert access.check(Door.TECHNICIAN, "5824").ok
    # The old defaults open nothing any more.
    for door in Door:
        for default in DEFAULT_CODES.values():
            assert not access.check(door, default).ok


def test_wrong_codes_on_the_staff_pad_lock_it_and_count_against_the_pin(tmp_path) -> None:
    clock = Clock()
    access = _access(tmp_path, clock=clock, max_failures=3)
    access.set_code(BARISTA, "3971")
    access.set_code(TECHNICIAN, "5824")
    lefts = [access.check(Door.STAFF, "1357").failures_left for _ in range(2)]
    assert lefts == [2, 1]
    locked = access.check(Door.STAFF, "1357")
    assert locked.locked and locked.locked_seconds == pytest.approx(300)
    assert access.locked_seconds(Door.STAFF) == pytest.approx(300)
    # While locked nothing is checked on this pad, the right codes included.
    assert not access.check(Door.STAFF, "3971").ok
    assert not access.check(Door.STAFF, "5824").ok
    # Those three were guesses at the PIN too: its own pad is locked as well.
    assert access.locked_seconds(Door.TECHNICIAN) > 0
    assert not access.check(Door.TECHNICIAN, "5824").ok
    clock.t += 301
    assert access.check(Door.STAFF, "3971").ok
    assert access.check(Door.TECHNICIAN, "5824").ok


def test_a_right_barista_code_never_counts_against_the_pin(tmp_path) -> None:
    access = _access(tmp_path, max_failures=3)
    access.set_code(BARISTA, "3971")
    access.set_code(TECHNICIAN, "5824")
    for _ in range(10):  # a busy day of baristas coming in
        assert access.check(Door.STAFF, "3971").ok
        assert access.check(Door.STAFF, "5824").ok
    assert access.check(Door.TECHNICIAN, "1357").failures_left == 2


@pytest.mark.parametrize("refusal", [errno.ENOSPC, errno.EROFS])
def test_on_a_refusing_disk_the_staff_pad_still_locks(tmp_path, monkeypatch, refusal) -> None:
    import tempfile

    clock = Clock()
    access = _access(tmp_path, clock=clock, max_failures=5)
    access.set_code(BARISTA, "3971")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(refusal, os.strerror(refusal))

    monkeypatch.setattr(os, "fsync", refuse)
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    checks = [access.check(Door.STAFF, "1357") for _ in range(30)]
    assert [c.failures_left for c in checks[:4]] == [4, 3, 2, 1]
    assert all(c.locked for c in checks[4:])
    assert all(c.storage_problem is not None for c in checks)  # each answer says why
    assert not access.check(Door.STAFF, "3971").ok  # a failed write never grants a try
    assert not access.check(Door.STAFF, DEFAULT_CODES[TECHNICIAN]).ok
    clock.t += 301
    assert access.check(Door.STAFF, "3971").ok


def test_a_code_may_not_be_the_other_roles_code(tmp_path) -> None:
    access = _access(tmp_path)
    access.set_code(TECHNICIAN, "5824")
    with pytest.raises(CodeError) as refused:
        access.set_code(BARISTA, "5824")
    assert refused.value.code is CodeErrorCode.SAME_AS_OTHER
    assert access.barista.is_default()  # nothing changed
    access.set_code(BARISTA, "3971")
    with pytest.raises(CodeError, match="differ"):
        access.set_code(TECHNICIAN, "3971")
    assert access.check(Door.TECHNICIAN, "5824").ok


def test_the_gate_needs_new_codes_with_a_real_printer_only(tmp_path) -> None:
    demo = _access(tmp_path / "demo")
    assert demo.demo and demo.gate().takes_orders
    assert demo.gate().defaults == (BARISTA, TECHNICIAN) and demo.gate().must_change == ()
    real = _access(tmp_path / "real", printer_url=REAL_PRINTER)
    gate = real.gate()
    assert not real.demo and not gate.takes_orders
    assert gate.must_change == (BARISTA, TECHNICIAN)
    real.set_code(BARISTA, "3971")
    assert real.gate().must_change == (TECHNICIAN,) and not real.gate().takes_orders
    real.set_code(TECHNICIAN, "5824")
    assert real.gate().takes_orders and real.gate().defaults == ()
    real.reset(TECHNICIAN)  # 'photolatte code reset technician' closes it again
    assert not real.gate().takes_orders


@pytest.mark.parametrize(("url", "simulated"), [
    ("sim://kiosk?speed=1", True), ("SIM://x", True), (" sim://x", True),
    ("/dev/ttyACM0", False), ("socket://10.0.0.5:4000", False), ("simulated", False)])
def test_only_the_built_in_simulator_is_the_demo(url, simulated) -> None:
    assert is_simulated_printer(url) is simulated


def test_for_config_puts_both_files_in_the_data_folder(tmp_path) -> None:
    config = KioskConfig(data_dir=tmp_path, printer_url=REAL_PRINTER)
    access = StaffAccess.for_config(config)
    assert access.barista.path == tmp_path / "barista_code.json"
    assert access.technician.path == tmp_path / "technician_pin.json"
    assert access.barista.max_failures == config.technician.max_failures
    assert not access.gate().takes_orders


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _dev_zero(path: Path) -> Path:
    path.symlink_to("/dev/zero")
    return path


def _huge(path: Path) -> Path:
    path.write_bytes(b" " * (1 << 20))
    return path


@pytest.mark.parametrize("make", [_fifo, _dev_zero, _huge, lambda p: (p.mkdir(), p)[1]])
def test_a_code_file_that_is_no_file_is_damaged_at_once(tmp_path, make) -> None:
    make(tmp_path / "barista_code.json")
    access = _access(tmp_path, printer_url=REAL_PRINTER)
    access.set_code(TECHNICIAN, "5824")
    answers: list[object] = []

    def knock() -> None:
        try:
            answers.append(access.check(Door.STAFF, "3971"))
        except CodeError as exc:
            answers.append(exc)

    t = threading.Thread(target=knock, daemon=True)
    t.start()
    t.join(10)
    assert not t.is_alive(), "reading the code file hung"
    assert isinstance(answers[0], CodeError) and answers[0].code is CodeErrorCode.DAMAGED
    assert "photolatte code reset barista" in str(answers[0])
    # The technician PIN still opens the staff side, and the gate says what is wrong.
    assert access.check(Door.STAFF, "5824").ok
    gate = access.gate()
    assert [p.role for p in gate.problems] == [BARISTA]
    if not access.barista.path.is_dir():  # the way back: a fresh file replaces it
        access.reset(BARISTA)
        assert access.barista.is_default()
