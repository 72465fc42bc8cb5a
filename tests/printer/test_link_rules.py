"""The link's window and resend rules, step by step against a scripted printer (no threads,
no clock): what docs/protocol.md 5.2 and 12.1 promise a firmware author."""

from __future__ import annotations

import time

from printer_driver.link import Link, LinkSettings, _Ctrl
from printer_driver.protocol import (
    Ack,
    ClearFault,
    Data,
    FrameDecoder,
    HelloReply,
    Nak,
    Status,
    StatusReq,
    encode_frame,
)


class _Port:
    """Enough of a pyserial port for a link whose threads are not started."""

    out_waiting = 0
    in_waiting = 0

    def close(self) -> None:
        pass


def _session(window_frames: int = 16, window_bytes: int = 4096, first: int = 0x100) -> Link:
    link = Link(_Port(), settings=LinkSettings())
    link._open_session(HelloReply(
        ref=1, code=0, proto=1, fw_major=1, fw_minor=0, fw_patch=0, boot_id=0xB007,
        capabilities=0x3F, max_payload=256, window_frames=window_frames,
        window_bytes=window_bytes, max_job_bytes=73728, grid_max=512, job_slots=2,
        keepalive_ms=1000, next_seq=first, pitch_um=300, diameter_um=76000), first)
    return link


def _written(link: Link, now: float) -> list:
    """Everything the writer would put on the wire now, decoded."""
    dec = FrameDecoder()
    out = []
    with link._cond:
        while True:
            data, _ = link._next_to_write(now)
            if data is None:
                return out
            out += dec.feed(data)


def _data(link: Link, n: int, size: int = 248) -> list[int]:
    return [link.send(lambda s, k=k: Data(seq=s, job_id=1, offset=k * size, data=bytes(size)),
                      want_result=False).seq for k in range(n)]


def test_held_frames_count_against_the_window_capacity() -> None:
    # Capacity 1040 bytes: four DATA payloads of 256 bytes fit. The printer then delivers
    # the first, holds the third and fourth (the second was lost) and still advertises
    # 1040. The held frames sit in its buffer, so only one more frame may go out
    # (2+3+4+5 = 1024 bytes), not three (as if 1040 were free space beside the held ones).
    link = _session(window_bytes=1040)
    seqs = _data(link, 8)
    t = time.monotonic()
    assert [f.seq for f in _written(link, t)] == seqs[:4]
    link._handle(Ack(ref=seqs[3], cum_ack=seqs[0], sack=0b11, window_frames=16,
                     window_bytes=1040))
    assert [f.seq for f in _written(link, t)] == [seqs[4]]
    # The lost frame arrives (resent): all delivered, the window reopens in full.
    link._handle(Ack(ref=seqs[1], cum_ack=seqs[4], sack=0, window_frames=16,
                     window_bytes=1040))
    assert [f.seq for f in _written(link, t)] == seqs[5:8]


def test_window_frames_bounds_frames_in_flight_from_cum_ack() -> None:
    link = _session(window_frames=3)
    seqs = [link.send(lambda s: ClearFault(seq=s, faults=0), want_result=True).seq
            for _ in range(5)]
    t = time.monotonic()
    assert [f.seq for f in _written(link, t)] == seqs[:3]
    link._handle(Ack(ref=seqs[0], cum_ack=seqs[0], sack=0, window_frames=3, window_bytes=4096))
    assert [f.seq for f in _written(link, t)] == [seqs[3]]


def test_nak_resends_unless_resent_within_one_and_a_half_quickest_round_trips() -> None:
    # Spec 12.1: the guard is 1.5 x RTT_min, not SRTT. Here SRTT is inflated to ~1 s by
    # queueing in the port buffer while the idle line's round trip is 0.1 s.
    link = _session()
    link.rtt.sample(0.1)
    for _ in range(20):
        link.rtt.sample(1.2)
    assert link.rtt.srtt > 1.0 and link.rtt.min_rtt == 0.1
    seqs = _data(link, 3)
    t0 = time.monotonic()
    assert len(_written(link, t0 - 10)) == 3  # sent long ago
    nak = Nak(ref=seqs[2], cum_ack=seqs[0] - 1, sack=0b11, window_frames=16,
              window_bytes=4096, reason=2)
    link._handle(nak)  # the first frame is missing: resent
    resent_at = time.monotonic()
    assert [f.seq for f in _written(link, resent_at)] == [seqs[0]]
    # Another NAK right after (the same burst, or about the old copy): not resent again.
    with link._cond:
        link._on_nak(resent_at + 0.05)
    assert _written(link, resent_at + 0.05) == []
    # A NAK 0.2 s later (> 1.5 x 0.1 s, yet well under SRTT): that resend was lost too,
    # so it goes again now instead of waiting for a backed-off RTO.
    with link._cond:
        link._on_nak(resent_at + 0.2)
    assert [f.seq for f in _written(link, resent_at + 0.2)] == [seqs[0]]


def test_resends_and_control_frames_start_with_a_lone_delimiter() -> None:
    link = _session()
    _data(link, 1)
    t = time.monotonic()
    with link._cond:
        new, _ = link._next_to_write(t)
        assert new[:1] != b"\x00"  # a new frame goes out as is
        link._on_nak(t + 5)
        again, _ = link._next_to_write(t + 5)
    assert again[:1] == b"\x00" and again[1:] == new
    # Control frames too: an ABORT must not be glued to the remains of a damaged frame.
    ctrl = _Ctrl(StatusReq(nonce=9), Status)
    with link._cond:
        link._ctrl[9] = ctrl
        link._ctrl_due.append(ctrl)
        data, _ = link._next_to_write(t + 6)
    assert data == b"\x00" + encode_frame(StatusReq(nonce=9))


def test_a_frame_held_behind_a_resent_hole_gives_no_rtt_sample() -> None:
    # The printer delivers (and answers) a frame held behind a hole only when the resend
    # fills it, a backed-off RTO later: that delay is not a round trip and must not inflate
    # the RTO. A frame acknowledged in order still gives its sample.
    link = _session()
    seqs = _data(link, 3)
    t0 = time.monotonic()
    _written(link, t0 - 2.0)  # all three sent once, 2 s ago
    with link._cond:
        link._on_nak(t0)
    assert [f.seq for f in _written(link, t0)] == [seqs[0]]  # the first was lost: resent
    link._handle(Ack(ref=seqs[1], cum_ack=seqs[1], sack=0, window_frames=16,
                     window_bytes=4096))
    assert link.rtt.srtt is None  # seqs[1] waited 2 s behind the hole: no sample
    link._handle(Ack(ref=seqs[2], cum_ack=seqs[2], sack=0, window_frames=16,
                     window_bytes=4096))
    assert link.rtt.srtt is not None and link.rtt.srtt >= 2.0  # in order: a real sample


def test_progress_undoes_the_rto_doubling_but_silence_keeps_it() -> None:
    link = _session()
    link.rtt.sample(0.02)
    base = link.rtt.rto
    seqs = _data(link, 3)
    t0 = time.monotonic()
    _written(link, t0)
    for k in (1, 2, 3):  # three timeouts without progress: doubled each time
        _written(link, t0 + 10 * k)
    assert link.rtt.rto == min(base * 8, link.rtt.hi)
    link._handle(Ack(ref=seqs[0], cum_ack=seqs[0], sack=0, window_frames=16,
                     window_bytes=4096))  # the printer delivered a frame: alive, lossy
    assert link.rtt.rto == base
