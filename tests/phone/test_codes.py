"""One-time codes: long, random, one photo each, dead on time or when the customer leaves."""

from __future__ import annotations

import pytest

from kiosk.phone.codes import CODE_CHARS, CodeBook, CodeState, looks_like_code


def book() -> tuple[CodeBook, list[float]]:
    clock = [0.0]
    return CodeBook(lambda: clock[0]), clock


def test_codes_are_long_random_and_url_safe():
    b, _ = book()
    codes = {b.issue(60).value for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == CODE_CHARS and looks_like_code(code)
    # 32 URL-safe characters carry 192 bits (>= 128 asked).
    assert CODE_CHARS * 6 >= 128


def test_a_new_code_retires_the_old_one():
    b, _ = book()
    old = b.issue(60).value
    new = b.issue(60).value
    assert b.state(old) is CodeState.EXPIRED
    assert b.state(new) is CodeState.VALID


def test_a_code_expires_after_its_lifetime():
    b, clock = book()
    code = b.issue(300).value
    clock[0] = 299.9
    assert b.state(code) is CodeState.VALID
    assert b.seconds_left() == pytest.approx(0.1)
    clock[0] = 300.0
    assert b.state(code) is CodeState.EXPIRED
    assert b.live() is None and b.seconds_left() == 0.0


def test_one_photo_per_code():
    b, _ = book()
    code = b.issue(60).value
    assert b.consume(code) is CodeState.VALID
    assert b.consume(code) is CodeState.USED
    assert b.state(code) is CodeState.USED


def test_revoke_when_the_customer_leaves():
    b, _ = book()
    code = b.issue(60).value
    b.revoke()
    assert b.consume(code) is CodeState.EXPIRED


def test_near_misses_are_unknown():
    b, _ = book()
    code = b.issue(60).value
    for wrong in (code[:-1] + ("A" if code[-1] != "A" else "B"), code.lower(), code + "x", "",
                  "\udcff" * 32):
        if wrong != code:
            assert b.state(wrong) is CodeState.UNKNOWN
    assert b.state(code) is CodeState.VALID


def test_only_digests_of_retired_codes_are_kept():
    b, _ = book()
    values = [b.issue(60).value for _ in range(40)]
    held = repr(b.__dict__)
    assert all(v not in held for v in values[:-1])
    assert b.state(values[0]) is CodeState.UNKNOWN  # long forgotten (bounded memory)
    assert b.state(values[-2]) is CodeState.EXPIRED
