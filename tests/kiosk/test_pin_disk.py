"""Audit hole 1: the staff code lockout (technician PIN, barista code) on a full or
read-only data folder.

A failed write must never grant a try: failures are counted in memory first, the lockout
holds there, the file catches up when the disk allows, and each check says what is wrong
with the disk. A reset from the shell (``photolatte code reset``) still lifts a lockout.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path

import pytest
from disk_scenarios import SCENARIOS, run_on_tmpfs, unshare_command

from kiosk.staff.codes import CodeStore
from kiosk.staff.rules import CodeError, CodeErrorCode, StaffRole

FAST_N = 2**10


class Clock:
    def __init__(self) -> None:
        self.t = 1_800_000_000.0

    def __call__(self) -> float:
        return self.t


def _refusing(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Make the disk refuse every write of the PIN file as a full (ENOSPC, at the sync) or
    read-only (EROFS, at creating the new file) disk does."""
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    if code == errno.ENOSPC:
        monkeypatch.setattr(os, "fsync", full)
    else:
        monkeypatch.setattr(tempfile, "mkstemp", read_only)


@pytest.mark.parametrize("role", list(StaffRole))
@pytest.mark.parametrize(("refusal", "code"), [
    (errno.ENOSPC, CodeErrorCode.DISK_FULL), (errno.EROFS, CodeErrorCode.READ_ONLY)])
def test_thirty_wrong_codes_on_a_refusing_disk_never_let_the_right_one_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refusal: int,
        code: CodeErrorCode, role: StaffRole) -> None:
    clock = Clock()
    pins = CodeStore(tmp_path / "pin.json", role=role, max_failures=5, lockout_minutes=5,
                     clock=clock, scrypt_n=FAST_N)
    pins.set_code("2468")
    _refusing(monkeypatch, refusal)
    checks = [pins.verify("1111") for _ in range(30)]
    assert [c.failures_left for c in checks[:4]] == [4, 3, 2, 1]
    assert checks[4].locked and all(c.locked for c in checks[4:])
    assert {c.storage_problem.code for c in checks} == {code}  # every answer says why
    assert checks[0].storage_problem.path == tmp_path / "pin.json"
    right = pins.verify("2468")
    assert not right.ok and right.locked and pins.locked_seconds() > 0
    assert [p.name for p in tmp_path.iterdir()] == ["pin.json"]  # nothing half-written
    clock.t += 5 * 60 + 1  # the lockout ends on time, disk or no disk
    assert pins.verify("2468").ok


def test_the_counts_reach_the_file_once_the_disk_allows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    path = tmp_path / "pin.json"
    pins = CodeStore(path, max_failures=5, clock=clock, scrypt_n=FAST_N)
    pins.set_code("2468")
    with monkeypatch.context() as m:
        _refusing(m, errno.ENOSPC)
        for _ in range(5):
            pins.verify("1111")
        assert json.loads(path.read_text())["locked_until"] == 0.0  # not saved yet
    check = pins.verify("2468")  # refused (locked), and the lockout is saved now
    assert check.locked and check.storage_problem is None
    assert json.loads(path.read_text())["locked_until"] > clock.t
    restarted = CodeStore(path, max_failures=5, clock=clock, scrypt_n=FAST_N)
    assert restarted.locked_seconds() == pytest.approx(300)


def test_a_reset_from_the_shell_lifts_a_lockout_held_in_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    pins = CodeStore(tmp_path / "pin.json", max_failures=3, clock=clock, scrypt_n=FAST_N)
    pins.set_code("2468")
    with monkeypatch.context() as m:
        _refusing(m, errno.EROFS)
        for _ in range(3):
            pins.verify("1111")
        assert pins.locked_seconds() > 0
    CodeStore(tmp_path / "pin.json").reset()  # photolatte code reset, once the disk is back
    assert pins.locked_seconds() == 0 and pins.is_default()


def test_set_pin_on_a_full_disk_is_a_coded_error_and_keeps_the_old_pin(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pins = CodeStore(tmp_path / "pin.json", scrypt_n=FAST_N)
    pins.set_code("2468")
    _refusing(monkeypatch, errno.ENOSPC)
    with pytest.raises(CodeError) as err:
        pins.set_code("1357")
    assert err.value.code is CodeErrorCode.DISK_FULL and err.value.is_disk_problem
    assert pins.verify("2468").ok


def test_thirty_wrong_pins_on_a_full_1mib_disk(tmp_path: Path) -> None:
    if unshare_command() is None:  # no mount namespace here: this disk, made to refuse
        report = _full_disk_here(tmp_path)
    else:
        report = run_on_tmpfs("pin_on_full_disk", tmp_path / "disk")
    assert report == {"problems": ["disk_full"], "locked_after": 5, "right_pin_ok": False,
                      "right_pin_locked": True}


def _full_disk_here(tmp_path: Path) -> dict[str, object]:
    mp = pytest.MonkeyPatch()
    try:
        mp.setattr("disk_scenarios._fill", lambda folder: _refusing(mp, errno.ENOSPC))
        return SCENARIOS["pin_on_full_disk"](tmp_path)
    finally:
        mp.undo()
