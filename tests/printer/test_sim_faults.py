"""Fault plans: the compact string, its round trip, and byte damage at the asked rates."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from printer_driver.sim import FaultPlan, FaultSpecError
from printer_driver.sim.faults import ByteDamager


def test_the_compact_string_reads_every_kind_of_fault() -> None:
    plan = FaultPlan.parse(
        "drop=1e-4, flip=2e-4,duplicate=1e-5,garbage=1e-5,truncate=1e-6,delay=1e-3,"
        "delay_s=0.1,disconnect_at=2.0,disconnect_at=5,silent_at=1,reset_at=9,"
        "powder_empty=cocoa@0.5,cup_removed=0.25,jam=0.75,direction=to_printer"
    )
    assert plan.drop == 1e-4 and plan.flip == 2e-4 and plan.delay_s == 0.1
    assert plan.disconnect_at == (2.0, 5.0)
    assert plan.silent_at == (1.0,) and plan.reset_at == (9.0,)
    assert plan.powder_empty == (("cocoa", 0.5),)
    assert plan.cup_removed == (0.25,) and plan.jam == (0.75,)
    assert plan.damages("to_printer") and not plan.damages("to_host")
    assert FaultPlan.parse("") == FaultPlan() == FaultPlan.parse(None)
    assert str(FaultPlan()) == "none"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("dorp=1e-4", "not understood"),
        ("drop", "not understood"),
        ("drop=lots", "not a number"),
        ("drop=2", "between 0 and 1"),
        ("powder_empty=sugar@0.5", "unknown powder 'sugar'"),
        ("jam=1.5", "fraction"),
        ("disconnect_at=-1", ">= 0"),
        ("direction=sideways", "direction"),
        ("drop=0.6,flip=0.6", "more than 1"),
    ],
)
def test_a_bad_fault_string_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(FaultSpecError, match=message):
        FaultPlan.parse(text)


rates = st.sampled_from([0.0, 1e-6, 1e-4, 0.01, 0.1])
times = st.lists(st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 3)), max_size=3)
fractions = st.lists(st.floats(0, 1).map(lambda x: round(x, 3)), max_size=2)
plans = st.builds(
    FaultPlan, drop=rates, flip=rates, duplicate=rates, garbage=rates, truncate=rates,
    delay=rates, delay_s=st.sampled_from([0.0, 0.05, 0.5]),
    direction=st.sampled_from(["both", "to_printer", "to_host"]),
    silent_at=times.map(tuple), disconnect_at=times.map(tuple), reset_at=times.map(tuple),
    powder_empty=st.lists(
        st.tuples(st.sampled_from(["cocoa", "cinnamon"]), st.floats(0, 1)), max_size=2
    ).map(tuple),
    cup_removed=fractions.map(tuple), jam=fractions.map(tuple),
)


@settings(max_examples=60, deadline=None)
@given(plans)
def test_a_plan_survives_its_own_string(plan: FaultPlan) -> None:
    assert FaultPlan.parse(plan.to_string()) == plan


def _damage_all(plan: FaultPlan, data: bytes, seed: int, chunk: int = 997):
    d = ByteDamager(plan, random.Random(seed), "to_printer")
    segs = []
    for i in range(0, len(data), chunk):
        segs += d.damage(data[i : i + chunk])
    return d, b"".join(s.data for s in segs), segs


def test_a_clean_plan_passes_bytes_untouched() -> None:
    data = random.Random(1).randbytes(100_000)
    d, out, segs = _damage_all(FaultPlan(), data, seed=1)
    assert out == data and d.total == 0 and all(s.stall_s == 0 for s in segs)


@pytest.mark.parametrize("kind", ["drop", "flip", "duplicate", "garbage", "truncate", "delay"])
def test_each_byte_fault_happens_at_about_its_rate(kind: str) -> None:
    data = bytes(200_000)  # zeros: every change is visible
    rate = 1e-3
    d, out, segs = _damage_all(FaultPlan(**{kind: rate}), data, seed=7)
    assert 140 <= d.counts[kind] <= 260  # 200 expected; well inside 4 sigma
    assert sum(d.counts.values()) == d.counts[kind]
    if kind == "drop":
        assert len(out) == len(data) - d.counts[kind]
    elif kind == "flip":
        assert len(out) == len(data)
        assert sum(bin(b).count("1") for b in out) == d.counts[kind]
    elif kind == "duplicate":
        assert len(out) == len(data) + d.counts[kind]
    elif kind == "garbage":
        assert len(data) + d.counts[kind] <= len(out) <= len(data) + 8 * d.counts[kind]
    elif kind == "truncate":
        assert len(data) - 64 * d.counts[kind] <= len(out) < len(data) - d.counts[kind]
    else:
        assert out == data
        assert sum(1 for s in segs if s.stall_s > 0) == d.counts[kind]


def test_damage_is_reproducible_from_the_seed_and_differs_between_seeds() -> None:
    plan = FaultPlan(drop=1e-3, flip=1e-3, garbage=1e-3)
    data = random.Random(3).randbytes(50_000)
    a = _damage_all(plan, data, seed=11)[1]
    b = _damage_all(plan, data, seed=11, chunk=50_000)[1]  # however the writes are split
    c = _damage_all(plan, data, seed=12)[1]
    assert a == b
    assert a != c


def _is_subsequence(small: bytes, big: bytes) -> bool:
    it = iter(big)
    return all(b in it for b in small)


@settings(max_examples=40, deadline=None)
@given(
    data=st.binary(min_size=0, max_size=3000),
    seed=st.integers(0, 2**16),
    chunks=st.lists(st.integers(1, 500), min_size=1, max_size=8),
    kind=st.sampled_from(["drop", "truncate", "delay"]),
)
def test_losing_and_delaying_never_reorders_or_invents_bytes(
    data: bytes, seed: int, chunks: list[int], kind: str
) -> None:
    d = ByteDamager(FaultPlan(**{kind: 0.05}), random.Random(seed), "to_host")
    out = bytearray()
    pos = 0
    for size in chunks * 100:
        if pos >= len(data):
            break
        out += b"".join(s.data for s in d.damage(data[pos : pos + size]))
        pos += size
    out += b"".join(s.data for s in d.damage(data[pos:]))
    if kind == "delay":
        assert bytes(out) == data
    else:
        assert _is_subsequence(bytes(out), data)
