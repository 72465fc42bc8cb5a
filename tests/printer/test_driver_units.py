"""Figures the kiosk and a technician read, in the units they are documented in: an
attribute that holds a time in one place and a flag or a count in another once made
"time left" read 5 hours. One test per figure."""

from __future__ import annotations

import pytest
from driver_helpers import FAST, sim_url, small_mask

from printer_driver import PrinterDriver, ProgressEvent
from printer_driver.protocol import Hello, StatusReq, encode_frame


def test_upload_time_left_is_seconds_from_the_measured_rate() -> None:
    # The uploader's rate is bytes over seconds since the upload started (started_at, a
    # time): a few KB at 50x speed leave well under a minute, and the last event says 0.
    _, url = sim_url("eta", seed=1)
    events: list[ProgressEvent] = []
    with PrinterDriver.open(url, timeouts=FAST) as drv:
        drv.upload(small_mask(2, diameter_mm=28.8), on_progress=events.append)
    ups = [e for e in events if e.phase == "upload"]
    assert ups and ups[-1].done == ups[-1].total and ups[-1].seconds_left == 0
    lefts = [e.seconds_left for e in ups if e.seconds_left is not None]
    assert lefts and all(0 <= s < 60 for s in lefts), lefts


def test_frames_sent_counts_frames_and_bytes_sent_counts_every_byte() -> None:
    # The lone 0x00 the link writes after opening (and before each control frame) is a
    # byte on the wire, not a frame: open + one status request are exactly two frames.
    _, url = sim_url("count")
    with PrinterDriver.open(url, timeouts=FAST) as drv:
        drv.status()
        snap = drv.counters.snapshot()
    hello = len(encode_frame(Hello(nonce=1, first_seq=2, proto_min=1, proto_max=1, minor=1)))
    status_req = len(encode_frame(StatusReq(nonce=1)))
    assert snap.frames_sent - snap.frames_retransmitted == 2
    assert snap.bytes_sent - snap.bytes_retransmitted == 1 + (1 + hello) + (1 + status_req)


def test_published_rto_is_a_timeout_in_milliseconds_within_its_clamp() -> None:
    _, url = sim_url("rto")
    with PrinterDriver.open(url, timeouts=FAST) as drv:
        drv.print_mask(small_mask(4))
        snap = drv.counters.snapshot()
        rtt = drv.link.rtt
    link = FAST.link
    assert snap.rto_ms == pytest.approx(rtt.rto * 1000)
    assert link.rto_min * 1000 <= snap.rto_ms <= link.rto_max * 1000
    assert 0 < snap.rtt_ms < snap.rto_ms
