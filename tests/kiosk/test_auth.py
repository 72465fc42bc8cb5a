"""A staff code (the technician PIN by default): salted hash, constant-time check, lockout
that survives restarts; the trivial-code rules."""

from __future__ import annotations

import json
import threading

import pytest

from kiosk.staff.codes import CodeStore
from kiosk.staff.rules import DEFAULT_CODES, CodeError, StaffRole, validate_new_code

DEFAULT_PIN = DEFAULT_CODES[StaffRole.TECHNICIAN]

FAST_N = 2**10  # low scrypt cost keeps the lockout tests quick; hashing is the same code


class Clock:
    def __init__(self) -> None:
        self.t = 1_800_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _store(tmp_path, clock, **kw) -> CodeStore:
    return CodeStore(tmp_path / "pin.json", clock=clock, scrypt_n=FAST_N, **kw)


def test_default_pin_until_one_is_set(tmp_path, clock) -> None:
    pins = _store(tmp_path, clock)
    assert pins.is_default()
    assert pins.verify(DEFAULT_PIN).ok and pins.verify(DEFAULT_PIN).is_default
    pins.set_code("482913")
    assert not pins.is_default()
    assert not pins.verify(DEFAULT_PIN).ok
    check = pins.verify("482913")
    assert check.ok and not check.is_default


def test_pin_is_stored_as_a_salted_hash_never_in_clear(tmp_path) -> None:
    a = CodeStore(tmp_path / "a.json")  # the real cost parameters
    b = CodeStore(tmp_path / "b.json")
    a.set_code("2580")
    b.set_code("2580")
    assert a.stored_hash() != b.stored_hash()  # different salts
    for path in (a.path, b.path):
        text = path.read_text()
        assert "2580" not in text
        data = json.loads(text)
        assert data["kdf"] == "scrypt" and data["n"] >= 2**14 and len(data["salt"]) == 32
    assert a.verify("2580").ok and b.verify("2580").ok
    assert not a.verify("2581").ok


def test_a_reopened_store_checks_the_same_pin(tmp_path, clock) -> None:
    _store(tmp_path, clock).set_code("7391")
    assert _store(tmp_path, clock).verify("7391").ok


@pytest.mark.parametrize("bad", ["123", "12a4", "１２３４", "1234567890123", "", DEFAULT_PIN])
def test_new_pins_must_be_4_to_12_ascii_digits(tmp_path, clock, bad) -> None:
    with pytest.raises(CodeError):
        validate_new_code(bad, StaffRole.TECHNICIAN)
    with pytest.raises(CodeError):
        _store(tmp_path, clock).set_code(bad)


def test_lockout_after_five_failures_refuses_even_the_right_pin(tmp_path, clock) -> None:
    pins = _store(tmp_path, clock, max_failures=5, lockout_minutes=5)
    pins.set_code("1357")
    lefts = [pins.verify("0000").failures_left for _ in range(4)]
    assert lefts == [4, 3, 2, 1]
    fifth = pins.verify("0000")
    assert fifth.locked and fifth.locked_seconds == pytest.approx(300)
    right = pins.verify("1357")
    assert not right.ok and right.locked  # nothing is checked while locked
    clock.t += 299
    assert pins.verify("1357").locked
    clock.t += 2
    assert pins.verify("1357").ok


def test_lockout_survives_a_restart(tmp_path, clock) -> None:
    pins = _store(tmp_path, clock, max_failures=3, lockout_minutes=10)
    pins.set_code("2468")
    for _ in range(3):
        pins.verify("9999")
    restarted = _store(tmp_path, clock, max_failures=3, lockout_minutes=10)
    assert restarted.locked_seconds() == pytest.approx(600)
    assert not restarted.verify("2468").ok
    clock.t += 601
    assert restarted.verify("2468").ok


def test_failure_count_survives_a_restart_and_resets_on_success(tmp_path, clock) -> None:
    pins = _store(tmp_path, clock, max_failures=3)
    pins.set_code("2468")
    pins.verify("1")
    pins.verify("2")
    assert _store(tmp_path, clock, max_failures=3).verify("3").locked
    clock.t += 10_000
    pins.verify("1")
    assert pins.verify("2468").ok
    assert pins.verify("1").failures_left == 2  # counting starts again


def test_reset_restores_the_default_and_lifts_the_lockout(tmp_path, clock) -> None:
    pins = _store(tmp_path, clock, max_failures=2)
    pins.set_code("2468")
    pins.verify("1")
    pins.verify("1")
    assert pins.locked_seconds() > 0
    pins.reset()
    assert pins.is_default() and pins.locked_seconds() == 0
    assert pins.verify(DEFAULT_PIN).ok


def test_damaged_file_says_how_to_recover(tmp_path, clock) -> None:
    pins = _store(tmp_path, clock)
    pins.path.write_text("{garbage")
    with pytest.raises(CodeError, match="photolatte code reset technician"):
        pins.verify("1234")


def test_concurrent_failures_are_all_counted(tmp_path, clock) -> None:
    pins = _store(tmp_path, clock, max_failures=8)
    pins.set_code("2468")
    threads = [threading.Thread(target=pins.verify, args=("0",)) for _ in range(7)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert pins.verify("0").locked  # the 8th failure locks: none was lost to a race
