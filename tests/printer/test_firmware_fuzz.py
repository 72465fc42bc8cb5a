"""The firmware never crashes and never prints a job twice, whatever a host sends; and
every good-CRC control frame, however malformed, gets exactly one answer."""

from __future__ import annotations

import random

from firmware_harness import FakeMachine, Host, portrait_like
from hypothesis import given, settings
from hypothesis import strategies as st

from printer_driver.protocol import (
    Abort,
    ClearFault,
    CtrlReply,
    Data,
    Hello,
    HelloReply,
    JobBegin,
    JobCommit,
    JobInfoReply,
    JobQuery,
    Pause,
    Print,
    Resume,
    Status,
    StatusReq,
    cobs_encode,
    crc16,
    encode_frame,
    frame_body,
    is_control_type,
)
from printer_driver.protocol.cases import CASES, RawFrame
from printer_driver.protocol.vectors import VECTORS
from printer_driver.sim.firmware import FirmwareConfig

JOBS = st.sampled_from([0, 1, 2, 77])
SEQ = st.integers(0x100, 0x118)
NONCE = st.integers(0, 6)  # 0 included: a control frame with nonce 0 is refused (6)

host_frames = st.one_of(
    st.builds(Hello, NONCE, st.sampled_from([0x100, 0x101]), st.integers(0, 2),
              st.integers(0, 2), st.one_of(st.none(), st.integers(0, 3))),
    st.builds(StatusReq, NONCE),
    st.builds(JobQuery, NONCE, JOBS),
    st.builds(Abort, NONCE, JOBS),
    st.builds(Pause, NONCE, JOBS),
    st.builds(Resume, NONCE, JOBS),
    # Pitches and diameters a printer must refuse (0, another pitch, beyond the reach) and
    # powders 0 (all foam) and reserved bits, beside the ones it takes.
    st.builds(JobBegin, SEQ, JOBS, st.sampled_from([0, 1, 2, 16, 9999]),
              st.sampled_from([0, 150, 300, 301]),
              st.sampled_from([0, 600, 4500, 4800, 153600, 10**6]), st.integers(0, 8),
              st.integers(0, 2), st.sampled_from([0, 1, 2, 64, 10**6]),
              st.integers(0, 2**32 - 1)),
    # Up to 300 bytes: longer than max_payload allows (MALFORMED, not NAK CRC).
    st.builds(Data, SEQ, JOBS, st.integers(0, 80), st.binary(min_size=1, max_size=300)),
    st.builds(JobCommit, SEQ, JOBS),
    st.builds(Print, SEQ, JOBS),
    st.builds(ClearFault, SEQ, st.integers(0, 2**32 - 1)),
    # Reserved (0x00, 0x40-0x7F), unknown control and sequenced, and printer types.
    st.builds(RawFrame, st.sampled_from([0x00, 0x07, 0x0F, 0x15, 0x3F, 0x40, 0x7F, 0x81,
                                         0x85, 0x9F]),
              st.integers(0, 0x118), st.binary(max_size=40)),
)


@given(st.lists(st.tuples(host_frames, st.floats(0, 0.3), st.integers(0, 3)), max_size=60),
       st.randoms(use_true_random=False), st.sampled_from([0, 1]))
@settings(max_examples=120, deadline=None)
def test_any_frame_sequence_keeps_the_firmware_sane(steps, rnd, minor):
    machine = FakeMachine(row_s=0.01)
    h = Host(machine=machine, config=FirmwareConfig(serial="PL-FUZZ", protocol_minor=minor))
    h.hello()
    real = portrait_like(16)
    begin, chunks, commit = h.job_frames(1, real, chunk=30)
    script = [begin, *chunks, commit, Print(h.next_seq(), 1)]
    for frame, dt, mangle in steps:
        wire = frame.wire() if isinstance(frame, RawFrame) else encode_frame(frame)
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


def _seed_bodies() -> list[bytes]:
    """Header + payload (no CRC) of every frame the spec publishes: the corpus's seeds."""
    bodies = [frame_body(f)[:-2] for f in VECTORS]
    for case in CASES:
        for _, item in case.steps:
            if isinstance(item, RawFrame):
                bodies.append(item.body()[:-2])
            elif hasattr(item, "TYPE"):
                bodies.append(frame_body(item)[:-2])
    return bodies


def _mutate(body: bytes, rng: random.Random) -> bytes:
    """A malformed frame with a good CRC: a changed type, seq, length or field."""
    b = bytearray(body)
    kind = rng.randrange(6)
    if kind == 0:
        b[1] = rng.randrange(256)  # any type, reserved and printer types included
    elif kind == 1:
        b[2:4] = rng.choice([0, 1, rng.randrange(65536)]).to_bytes(2, "little")  # nonce 0
    elif kind == 2 and len(b) > 4:
        del b[rng.randrange(4, len(b)) :]  # cut the payload short
    elif kind == 3:
        b += bytes(rng.randrange(256) for _ in range(rng.choice([1, 4, 40, 300])))
    elif kind == 4 and len(b) > 4:
        for _ in range(rng.randrange(1, 4)):
            b[rng.randrange(4, len(b))] = rng.randrange(256)
    else:
        b[1] = rng.randrange(1, 0x10)  # some control type, payload of another frame
    return bytes(b)


CORPUS_SIZE = 2000


def test_seeded_malformed_corpus_every_control_frame_answered_once_never_a_crash():
    """2,000 seeded frames built from the spec's own vectors and cases, mutated so that
    their CRC still checks out (malformed, not damaged): the firmware never raises, never
    starts a print, and answers each control frame exactly once (5.6, 6)."""
    rng = random.Random(2026)
    seeds = _seed_bodies()
    answers = (HelloReply, CtrlReply, JobInfoReply, Status)
    starts = 0
    checked = 0
    h = Host(config=FirmwareConfig(serial="PL-FUZZ"))
    for i in range(CORPUS_SIZE):
        if i % 250 == 0:  # a fresh printer now and then, half of them speaking 1.0
            starts += len(h.machine.starts)
            h = Host(config=FirmwareConfig(serial="PL-FUZZ", protocol_minor=(i // 250) % 2))
            h.hello()
        body = _mutate(rng.choice(seeds), rng)
        wire = b"\0" + cobs_encode(body + crc16(body).to_bytes(2, "little")) + b"\0"
        got = h.send_raw(wire)
        h.now += 0.01
        version, ftype, nonce = body[0], body[1], int.from_bytes(body[2:4], "little")
        if version != 1 or not is_control_type(ftype):
            continue
        replies = [f for f in got if isinstance(f, answers) and f.ref == nonce
                   and not (isinstance(f, Status) and nonce == 0)]  # ref 0: a keepalive
        assert len(replies) == 1, (i, body.hex(), got)
        checked += 1
    assert starts + len(h.machine.starts) == 0
    assert checked > CORPUS_SIZE // 4  # the corpus really exercises the control channel
