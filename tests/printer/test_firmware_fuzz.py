"""The firmware never crashes and never prints a job twice, whatever a host sends."""

from __future__ import annotations

import random

from firmware_harness import FakeMachine, Host, portrait_like
from hypothesis import given, settings
from hypothesis import strategies as st

from printer_driver.protocol import (
    Abort,
    ClearFault,
    Data,
    Hello,
    JobBegin,
    JobCommit,
    JobQuery,
    Pause,
    Print,
    Resume,
    StatusReq,
    encode_frame,
)

JOBS = st.sampled_from([0, 1, 2, 77])
SEQ = st.integers(0x100, 0x118)
NONCE = st.integers(1, 6)

host_frames = st.one_of(
    st.builds(Hello, NONCE, st.sampled_from([0x100, 0x101])),
    st.builds(StatusReq, NONCE),
    st.builds(JobQuery, NONCE, JOBS),
    st.builds(Abort, NONCE, JOBS),
    st.builds(Pause, NONCE, JOBS),
    st.builds(Resume, NONCE, JOBS),
    st.builds(JobBegin, SEQ, JOBS, st.sampled_from([0, 1, 16, 9999]), st.just(300),
              st.just(4800), st.integers(0, 4), st.integers(0, 2),
              st.sampled_from([0, 1, 64, 10**6]), st.integers(0, 2**32 - 1)),
    st.builds(Data, SEQ, JOBS, st.integers(0, 80), st.binary(min_size=1, max_size=40)),
    st.builds(JobCommit, SEQ, JOBS),
    st.builds(Print, SEQ, JOBS),
    st.builds(ClearFault, SEQ, st.integers(0, 2**32 - 1)),
)


@given(st.lists(st.tuples(host_frames, st.floats(0, 0.3), st.integers(0, 3)), max_size=60),
       st.randoms(use_true_random=False))
@settings(max_examples=120, deadline=None)
def test_any_frame_sequence_keeps_the_firmware_sane(steps, rnd):
    machine = FakeMachine(row_s=0.01)
    h = Host(machine=machine)
    h.hello()
    real = portrait_like(16)
    begin, chunks, commit = h.job_frames(1, real, chunk=30)
    script = [begin, *chunks, commit, Print(h.next_seq(), 1)]
    for frame, dt, mangle in steps:
        wire = encode_frame(frame)
        if mangle == 1:
            wire = wire[: rnd.randrange(len(wire))]  # cut short
        elif mangle == 2:
            wire = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 20))) + wire
        h.send_raw(wire)
        while script and rnd.random() < 0.5:
            h.send(script.pop(0))
        if rnd.random() < 0.05:
            machine.cup = not machine.cup
        if rnd.random() < 0.02:
            h.fw.reboot(h.now)
        h.run(dt, step=0.05)
    for frame in script:
        h.send(frame)
    h.run(1.0, step=0.05)
    ids = [job for _, _, job in machine.starts]
    boots = h.fw.counters["boots"]
    if boots == 1:
        assert len(ids) == len(set(ids)), ids  # no job id ever started twice in one boot
    for dots, _, _ in machine.starts:
        assert dots.shape[0] == dots.shape[1]


def test_random_bytes_do_not_crash_or_act():
    rng = random.Random(99)
    h = Host()
    h.hello()
    for _ in range(200):
        h.send_raw(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))))
        h.run(0.01)
    assert not h.machine.starts and h.machine.aborts == 0
    assert h.fw.counters["frames_invalid"] > 0
