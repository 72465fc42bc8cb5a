"""The simulated printer's firmware, driven frame by frame by a scripted host."""

from __future__ import annotations

import random

import numpy as np
import pytest
from firmware_harness import FakeMachine, Host, portrait_like

from printer_driver.protocol import (
    Abort,
    Ack,
    ClearFault,
    Code,
    CtrlReply,
    Data,
    DecodeError,
    Fault,
    FrameType,
    Hello,
    HelloReply,
    JobBegin,
    JobCommit,
    JobInfoReply,
    JobQuery,
    JobState,
    Nak,
    NakReason,
    Pause,
    Print,
    PrinterState,
    Progress,
    Result,
    Resume,
    Status,
    StatusReq,
    crc16,
    encode_frame,
)
from printer_driver.protocol.cobs import cobs_encode
from printer_driver.sim.firmware import FIRMWARE_VERSION, Firmware, FirmwareConfig, MachineLike


def of(kind, items):
    return [f for f in items if isinstance(f, kind)]


def result_for(items, seq):
    found = [f for f in items if isinstance(f, Result) and f.ref == seq]
    assert len(found) == 1, items
    return found[0]


def uploaded(h: Host, job_id: int = 7, n: int = 64):
    """Handshake and upload a job; returns (mask, commit RESULT)."""
    h.hello()
    mask = portrait_like(n)
    begin, chunks, commit = h.job_frames(job_id, mask)
    got = h.send(begin, *chunks, commit)
    return mask, result_for(got, commit.seq)


def printed(h: Host, job_id: int = 7):
    seq = h.next_seq()
    return result_for(h.send(Print(seq, job_id)), seq)


def test_fake_machine_satisfies_the_contract():
    assert isinstance(FakeMachine(), MachineLike)


# --- handshake and sessions -------------------------------------------------------------


def test_handshake_advertises_limits_and_a_boot_id():
    h = Host(config=FirmwareConfig(window_frames=8, window_bytes=2048))
    boot = of(Status, h.poll())
    assert boot and boot[0].boot_id == h.fw.boot_id != 0  # a STATUS at power-up
    reply = h.hello()
    assert reply.code == Code.OK and reply.proto == 1
    assert (reply.window_frames, reply.window_bytes, reply.max_payload) == (8, 2048, 256)
    assert reply.boot_id == h.fw.boot_id and reply.next_seq == h.seq
    assert (reply.fw_major, reply.fw_minor, reply.fw_patch) == FIRMWARE_VERSION == (1, 1, 0)
    assert reply.grid_max >= 254 and reply.job_slots >= 1 and reply.keepalive_ms == 1000


def test_duplicate_hello_keeps_the_session_new_hello_restarts_it():
    h = Host()
    h.hello()
    s = h.next_seq()
    h.send(ClearFault(s, 0))
    again = h.send(Hello(h.nonce, 0x100))  # the first HELLO, repeated (its reply was lost)
    assert of(HelloReply, again)[0].next_seq == 0x100
    # the session was not reset: the next seq is still the expected one
    s2 = h.next_seq()
    assert result_for(h.send(ClearFault(s2, 0)), s2).cum_ack == s2
    h.seq = 0x4000
    h.hello()
    s3 = h.next_seq()
    assert result_for(h.send(ClearFault(s3, 0)), s3).cum_ack == 0x4000


def test_unsupported_version_is_answered_not_silently_ignored():
    h = Host()
    got = h.send(Hello(0x77, 1, proto_min=2, proto_max=3))
    assert of(HelloReply, got)[0].code == Code.VERSION
    assert not h.fw.session_active
    body = bytes([9, FrameType.HELLO, 0x78, 0, 1, 0, 9, 9])  # a version-9 HELLO
    got = h.send_raw(cobs_encode(body + crc16(body).to_bytes(2, "little")) + b"\0")
    assert of(HelloReply, got)[0].code == Code.VERSION and of(HelloReply, got)[0].ref == 0x78


def test_sequenced_frames_without_session_get_one_nak_no_session():
    h = Host()
    got = h.send(*(ClearFault(i, 0) for i in range(5)))
    naks = of(Nak, got)
    assert len(naks) == 1 and naks[0].reason == NakReason.NO_SESSION
    assert not of(Result, got)


# --- upload -------------------------------------------------------------------------------


def test_upload_out_of_order_and_duplicated_gives_exactly_one_ready_job():
    h = Host()
    h.hello()
    mask = portrait_like(64)
    begin, chunks, commit = h.job_frames(9, mask, chunk=40)
    frames = [begin, *chunks, commit]
    order = frames[:]
    random.Random(4).shuffle(order)
    order += frames[2:6] + frames[:1]  # duplicates, some after delivery
    got = []
    for f in order:
        got += h.send(f)
    assert result_for(got, commit.seq).code == Code.OK
    assert len(of(Result, [g for g in got if g.ref == begin.seq])) >= 1
    info = h.fw.job_info(9)
    assert info.state == JobState.READY and info.bytes_have == info.bytes_total
    assert not h.machine.starts  # nothing prints before PRINT
    assert result_for(h.send(Print(h.next_seq(), 9)), h.seq - 1).code == Code.OK
    h.run(1.0)
    assert len(h.machine.starts) == 1
    assert np.array_equal(h.machine.starts[0][0], mask.dots)
    assert h.fw.job_info(9).state == JobState.DONE


def test_gap_is_sacked_nak_damped_and_filled_by_retransmission():
    h = Host()
    h.hello()
    mask = portrait_like(64)
    begin, chunks, _commit = h.job_frames(3, mask, chunk=30)
    got = h.send(begin, *chunks[1:6])  # chunk 0 lost
    naks = of(Nak, got)
    assert len(naks) == 1 and naks[0].reason == NakReason.GAP  # one NAK for the burst
    last = of(Ack, got)[-1]
    assert last.cum_ack == begin.seq
    assert last.sack == 0b11111  # chunks 1..5 held
    got = h.send(chunks[0])
    assert of(Ack, got)[-1].cum_ack == chunks[5].seq and of(Ack, got)[-1].sack == 0
    assert h.fw.job_info(3).bytes_have == 6 * 30


def test_frames_beyond_the_window_are_dropped_not_buffered():
    h = Host(config=FirmwareConfig(window_frames=4, window_bytes=600))
    h.hello()
    got = h.send(ClearFault(h.seq + 6, 0))
    assert of(Nak, got)[0].reason == NakReason.WINDOW
    got = h.send(*(Data(h.seq + k, 1, 240 * k, bytes(240)) for k in (1, 2, 3, 4)))
    assert h.fw.faults & Fault.BUFFER_OVERFLOW  # a third 248-byte payload exceeds 600
    assert bin(of(Ack, got)[-1].sack).count("1") == 2  # two held; the rest dropped


def test_duplicate_command_replays_its_result_and_never_acts_twice():
    h = Host()
    _mask, _ = uploaded(h)
    seq = h.next_seq()
    first = result_for(h.send(Print(seq, 7)), seq)
    again = result_for(h.send(Print(seq, 7)), seq)
    assert first.code == again.code == Code.OK and again.job == first.job
    assert len(h.machine.starts) == 1


def test_lost_result_is_replayed_after_a_reconnect_too():
    h = Host()
    uploaded(h)
    assert printed(h).code == Code.OK
    h.seq = 0x9000
    h.hello()  # the host reconnects and, unsure, sends PRINT again under a new seq
    assert printed(h).code == Code.OK and len(h.machine.starts) == 1
    h.run(1.0)
    again = printed(h)
    assert again.code == Code.JOB_FINISHED and again.job.state == JobState.DONE
    assert len(h.machine.starts) == 1  # never reprinted


def test_corrupt_data_fails_commit_with_job_corrupt_and_can_be_resent():
    h = Host()
    h.hello()
    mask = portrait_like(64)
    begin, chunks, commit = h.job_frames(5, mask)
    bad = Data(chunks[1].seq, 5, chunks[1].offset, bytes([chunks[1].data[0] ^ 0x40])
               + chunks[1].data[1:])
    got = h.send(begin, chunks[0], bad, *chunks[2:], commit)
    res = result_for(got, commit.seq)
    assert res.code == Code.JOB_CORRUPT and res.faults & Fault.JOB_CORRUPT
    assert res.job.state == JobState.UPLOADING and res.job.bytes_have == 0
    seq = h.next_seq()
    assert result_for(h.send(Print(seq, 5)), seq).code == Code.NOT_READY
    # resend the data under new seqs: the same job now verifies
    resend = [Data(h.next_seq(), 5, c.offset, c.data) for c in chunks]
    seq = h.next_seq()
    got = h.send(*resend, JobCommit(seq, 5))
    assert result_for(got, seq).code == Code.OK
    assert not h.machine.starts


def test_job_begin_rules():
    h = Host()
    h.hello()
    mask = portrait_like(64)
    begin, _, _ = h.job_frames(11, mask)
    h.seq = begin.seq  # only JOB_BEGINs are sent here
    fields = dict(begin.__dict__)

    def begin_with(**kw):
        seq = h.next_seq()
        return result_for(h.send(JobBegin(**{**fields, "seq": seq, **kw})), seq)

    assert begin_with().code == Code.OK
    assert begin_with().code == Code.OK  # idempotent
    assert begin_with(crc32=1).code == Code.JOB_MISMATCH
    assert begin_with(job_id=12, grid=4000).code == Code.TOO_LARGE
    assert begin_with(job_id=12, length=10**6).code == Code.TOO_LARGE
    assert begin_with(job_id=12, compression=7).code == Code.UNSUPPORTED
    assert begin_with(job_id=0).code == Code.MALFORMED
    assert begin_with(job_id=13).code == Code.OK
    assert begin_with(job_id=14).code == Code.NO_SLOT  # two slots by default
    h.now += 301  # an abandoned upload may be evicted after 300 s
    assert begin_with(job_id=14).code == Code.OK
    assert h.fw.job_info(11).state == JobState.ABORTED


def test_commit_before_all_bytes_is_incomplete_and_tells_where_to_resume():
    h = Host()
    h.hello()
    begin, chunks, _commit = h.job_frames(21, portrait_like(64), chunk=50)
    h.seq = chunks[2].seq  # chunk 2 never sent; the rest go under fresh seqs
    h.send(begin, chunks[0], chunks[1])
    later = [Data(h.next_seq(), 21, c.offset, c.data) for c in chunks[3:]]
    seq = h.next_seq()
    res = result_for(h.send(*later, JobCommit(seq, 21)), seq)
    assert res.code == Code.INCOMPLETE and res.job.bytes_have == 100


def test_data_errors_get_a_result_success_only_an_ack():
    h = Host()
    h.hello()
    begin, chunks, _ = h.job_frames(8, portrait_like(64))
    h.seq = chunks[1].seq
    got = h.send(begin, chunks[0])
    assert not [r for r in of(Result, got) if r.ref == chunks[0].seq]
    seq = h.next_seq()
    res = result_for(h.send(Data(seq, 8, begin.length, b"x")), seq)
    assert res.code == Code.BAD_OFFSET
    seq = h.next_seq()
    assert result_for(h.send(Data(seq, 99, 0, b"x")), seq).code == Code.UNKNOWN_JOB


# --- printing, progress, status ----------------------------------------------------------------


def test_progress_while_printing_and_final_status():
    h = Host(machine=FakeMachine(row_s=0.02))
    uploaded(h)
    printed(h)
    got = h.run(2.0)
    prog = of(Progress, got)
    assert prog[-1].rows_done == prog[-1].rows_total == 64 and prog[-1].eta_ms == 0
    times = sorted({p.rows_done for p in prog})
    assert times == sorted(times) and len(prog) <= 2.0 * 4 + 2
    assert of(Status, got)[-1].job_state == JobState.DONE
    assert of(Status, got)[-1].state == PrinterState.IDLE


def test_keepalive_status_every_second_when_idle():
    h = Host()
    h.poll()
    got = h.run(3.5, step=0.05)
    assert len(of(Status, got)) == 3


def test_status_request_and_job_query_answer_with_the_nonce():
    h = Host()
    uploaded(h)
    got = h.send(StatusReq(0x1111), JobQuery(0x1112, 7), JobQuery(0x1113, 0xDEAD))
    st = next(f for f in of(Status, got) if f.ref == 0x1111)
    assert st.cinnamon_mg == 50000 and st.slots_free == 1 and st.job_id == 7
    infos = {f.ref: f.job for f in of(JobInfoReply, got)}
    assert infos[0x1112].state == JobState.READY
    assert infos[0x1113].state == JobState.UNKNOWN


# --- faults --------------------------------------------------------------------------------


def test_print_refused_without_cup_and_allowed_once_placed():
    h = Host()
    uploaded(h)
    h.machine.cup = False
    h.run(0.05)
    res = printed(h)
    assert res.code == Code.FAULT_ACTIVE and res.faults & Fault.CUP_MISSING
    assert not h.machine.starts
    h.machine.cup = True
    assert printed(h).code == Code.OK


def test_cup_removed_mid_print_fails_job_latches_and_blocks_until_cleared():
    h = Host(machine=FakeMachine(fault_at_row=(20, "cup_removed")))
    uploaded(h, job_id=7)
    printed(h, 7)
    got = h.run(1.0)
    info = h.fw.job_info(7)
    assert info.state == JobState.FAILED and info.fault == 6 and info.rows_done == 20
    assert of(Status, got)[-1].faults & Fault.CUP_REMOVED
    assert h.machine.aborts == 1  # the machine was stopped
    begin, chunks, commit = h.job_frames(8, portrait_like(64, seed=2))
    h.send(begin, *chunks, commit)
    res = printed(h, 8)
    assert res.code == Code.FAULT_ACTIVE and res.faults & Fault.CUP_REMOVED
    seq = h.next_seq()
    assert result_for(h.send(ClearFault(seq, 0xFFFFFFFF)), seq).code == Code.OK
    assert printed(h, 8).code == Code.OK
    assert len(h.machine.starts) == 2


def test_powder_empty_blocks_only_jobs_that_use_it_and_clears_after_refill():
    h = Host(machine=FakeMachine(fault_at_row=(10, "cocoa_empty")))
    uploaded(h, job_id=7)
    printed(h, 7)
    h.machine.grams["cocoa"] = 0.0
    h.run(1.0)
    assert h.fw.job_info(7).fault == 3 and h.fw.faults & Fault.COCOA_EMPTY
    # a cinnamon-only job may still print
    from printer_driver.mask import Mask
    from printer_driver.powders import PowderSet

    cin = portrait_like(64).dots.copy()
    cin[cin == 2] = 1
    mask = Mask(cin, pitch_mm=0.3, diameter_mm=64 * 0.3, powders=PowderSet.CINNAMON)
    begin, chunks, commit = h.job_frames(8, mask)
    h.send(begin, *chunks, commit)
    assert printed(h, 8).code == Code.OK
    h.run(1.0)
    seq = h.next_seq()
    assert result_for(h.send(ClearFault(seq, int(Fault.COCOA_EMPTY))), seq).code == (
        Code.FAULT_ACTIVE)  # still empty
    h.machine.grams["cocoa"] = 40.0
    seq = h.next_seq()
    assert result_for(h.send(ClearFault(seq, int(Fault.COCOA_EMPTY))), seq).code == Code.OK
    assert not h.fw.faults & Fault.COCOA_EMPTY


def test_jam_cannot_be_cleared_while_still_jammed():
    h = Host(machine=FakeMachine(fault_at_row=(5, "jam")))
    uploaded(h)
    printed(h)
    h.machine.is_jammed = True
    h.run(0.5)
    seq = h.next_seq()
    assert result_for(h.send(ClearFault(seq, int(Fault.JAM))), seq).code == Code.FAULT_ACTIVE
    h.machine.is_jammed = False
    seq = h.next_seq()
    assert result_for(h.send(ClearFault(seq, int(Fault.JAM))), seq).code == Code.OK


def test_powder_low_is_reported_and_insufficient_powder_refuses_print():
    h = Host()
    uploaded(h)
    h.machine.grams["cocoa"] = 0.01  # 10 mg: less than the job needs
    got = h.run(0.1)
    assert of(Status, got)[-1].faults & Fault.COCOA_LOW
    assert printed(h).code == Code.POWDER_INSUFFICIENT
    assert not h.machine.starts


# --- control channel ------------------------------------------------------------------------


def test_abort_is_not_queued_behind_missing_data_and_acts_once():
    h = Host(machine=FakeMachine(row_s=0.05))
    uploaded(h, job_id=7)
    printed(h, 7)
    h.run(0.5)
    h.send(ClearFault(h.seq + 3, 0))  # a gap: sequenced traffic is stuck
    got = h.send(Abort(0x2001, 7))
    reply = of(CtrlReply, got)[0]
    assert reply.code == Code.OK and reply.job.state == JobState.ABORTED
    assert 0 < reply.job.rows_done < 64
    assert h.machine.aborts == 1
    again = of(CtrlReply, h.send(Abort(0x2001, 7)))[0]
    assert again == reply and h.machine.aborts == 1
    other = of(CtrlReply, h.send(Abort(0x2002, 7)))[0]
    assert other.code == Code.JOB_FINISHED


def test_delayed_duplicate_pause_does_not_undo_resume():
    h = Host(machine=FakeMachine(row_s=0.05))
    uploaded(h)
    printed(h)
    h.run(0.3)
    got = h.send(Pause(0x3001, 0))
    assert of(CtrlReply, got)[0].job.state == JobState.PAUSED
    assert of(Status, got + h.run(0.1))[-1].state == PrinterState.PAUSED
    assert of(CtrlReply, h.send(Resume(0x3002, 0)))[0].job.state == JobState.PRINTING
    assert of(CtrlReply, h.send(Pause(0x3001, 0)))[0].job.state == JobState.PAUSED  # replayed
    assert h.fw.job_info(7).state == JobState.PRINTING
    h.run(5.0)
    assert h.fw.job_info(7).state == JobState.DONE


def test_abort_of_a_ready_job_discards_it_and_pause_with_nothing_printing_is_bad_state():
    h = Host()
    uploaded(h)
    assert of(CtrlReply, h.send(Pause(0x10, 0)))[0].code == Code.BAD_STATE
    reply = of(CtrlReply, h.send(Abort(0x11, 7)))[0]
    assert reply.code == Code.OK and reply.job.state == JobState.ABORTED
    assert printed(h).code == Code.JOB_FINISHED
    assert of(CtrlReply, h.send(Abort(0x12, 0xBEEF)))[0].code == Code.UNKNOWN_JOB


def test_malformed_control_frame_is_refused_with_a_reply():
    h = Host()
    body = bytes([1, FrameType.ABORT, 0x44, 0, 1, 2])  # ABORT with 2 payload bytes
    got = h.send_raw(cobs_encode(body + crc16(body).to_bytes(2, "little")) + b"\0")
    reply = of(CtrlReply, got)[0]
    assert reply.ref == 0x44 and reply.code == Code.MALFORMED and h.machine.aborts == 0


def test_unknown_sequenced_type_is_delivered_in_order_as_unsupported():
    h = Host()
    h.hello()
    seq = h.next_seq()
    body = bytes([1, 0x3A, seq & 0xFF, seq >> 8, 1, 2, 3])
    got = h.send_raw(cobs_encode(body + crc16(body).to_bytes(2, "little")) + b"\0")
    res = result_for(got, seq)
    assert res.code == Code.UNSUPPORTED and res.cmd == 0x3A and res.cum_ack == seq


def test_line_noise_gets_one_nak_and_no_action():
    h = Host()
    h.hello()
    rng = random.Random(1)
    noise = bytes(rng.randrange(256) for _ in range(3000))
    got = h.send_raw(noise)
    assert len(of(Nak, got)) <= 1
    assert h.machine.aborts == 0 and not h.machine.starts and not h.fw.faults


# --- records and reboot --------------------------------------------------------------------------


def test_job_query_after_completion_survives_reconnect():
    h = Host()
    uploaded(h)
    printed(h)
    h.run(1.0)
    h.seq = 0x2222
    h.hello()  # a new session (the host reconnected)
    info = of(JobInfoReply, h.send(JobQuery(0x5000, 7)))[0].job
    assert info.state == JobState.DONE and info.rows_done == info.rows_total == 64


def test_reboot_voids_jobs_and_changes_boot_id():
    h = Host(machine=FakeMachine(row_s=0.05))
    uploaded(h, job_id=7)
    printed(h, 7)
    h.run(0.2)
    old = h.fw.boot_id
    h.fw.reboot(h.now)
    assert h.fw.boot_id not in (0, old)
    assert h.machine.aborts == 1
    boot_status = of(Status, h.poll())
    assert boot_status and boot_status[0].boot_id == h.fw.boot_id
    got = h.send(JobQuery(0x6000, 7), Print(h.next_seq(), 7))
    assert of(JobInfoReply, got)[0].job.state == JobState.UNKNOWN
    assert of(Nak, got)[0].reason == NakReason.NO_SESSION
    assert h.hello().boot_id == h.fw.boot_id
    assert printed(h, 7).code == Code.UNKNOWN_JOB
    assert len(h.machine.starts) == 1


def test_records_are_bounded():
    h = Host(config=FirmwareConfig(records=3))
    h.hello()
    for job_id in range(1, 6):
        begin, chunks, commit = h.job_frames(job_id, portrait_like(16))
        h.send(begin, *chunks, commit)
        h.send(Abort(0x100 + job_id, job_id))
    assert h.fw.job_info(1).state == JobState.UNKNOWN
    assert h.fw.job_info(5).state == JobState.ABORTED


# --- property: a damaged, reordered, duplicated upload still yields one exact print ----------


@pytest.mark.parametrize("seed", range(6))
def test_random_damage_still_prints_the_mask_exactly_once(seed):
    rng = random.Random(seed)
    h = Host(machine=FakeMachine(row_s=0.002), seed=seed)
    h.hello()
    mask = portrait_like(48, seed=seed)
    begin, chunks, commit = h.job_frames(77, mask, chunk=rng.choice([20, 60, 248]))
    pending = {f.seq: f for f in (begin, *chunks, commit)}
    print_seq = None
    for _round in range(60):
        if not pending and print_seq is None:
            print_seq = h.next_seq()
            pending[print_seq] = Print(print_seq, 77)
        if not pending:
            break
        wire = bytearray()
        for f in rng.sample(list(pending.values()), len(pending)):
            raw = bytearray(encode_frame(f))
            if rng.random() < 0.2:
                raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
            if rng.random() < 0.1:
                raw = raw + raw
            if rng.random() < 0.1:
                continue
            wire += raw
        got = h.send_raw(bytes(wire))
        acks = [f for f in got if isinstance(f, (Ack, Nak, Result))]
        if rng.random() < 0.3:
            acks = acks[:-1]  # an answer lost on the way back
        for a in acks:
            for s in list(pending):
                if ((s - a.cum_ack) & 0xFFFF) >= 0x8000 or s == a.cum_ack:
                    pending.pop(s)
    assert not pending
    h.run(1.0)
    assert len(h.machine.starts) == 1
    assert np.array_equal(h.machine.starts[0][0], mask.dots)
    assert h.fw.job_info(77).state == JobState.DONE
    assert not any(isinstance(x, DecodeError) for x in h.inbox)


def test_firmware_contract_signature():
    fw = Firmware(FakeMachine(), rng=random.Random(1))
    assert fw.poll(0.0) and fw.boot_id
    fw.receive(b"", 0.0)
    fw.reboot(0.1)
    assert isinstance(fw.config, FirmwareConfig)
    assert of(Status, Host().poll())
    assert HelloReply and JobBegin  # imported types are the public API


def test_bouncing_cup_sensor_does_not_flood_the_line():
    h = Host()
    h.poll()
    got = []
    for i in range(200):  # the sensor flips every millisecond for 0.2 s
        h.machine.cup = bool(i % 2)
        got += h.run(0.001, step=0.001)
    h.machine.cup = True
    got += h.run(0.2)
    statuses = of(Status, got)
    assert len(statuses) <= 0.4 / 0.05 + 1
    assert not statuses[-1].faults & Fault.CUP_MISSING  # the final state is reported


# --- window meaning and the lone delimiter (docs/protocol.md 5.2, 3.2) ---------------------------


def test_held_frames_do_not_shrink_the_advertised_window_vectors_v15_v16():
    # The window is the buffer's capacity: the firmware advertises the full window_bytes
    # while frames are held, and produces exactly the spec's vectors V16 (NAK GAP) and V15.
    from printer_driver.protocol.vectors import VECTORS

    h = Host()
    assert h.hello().window_bytes == 4096
    h.send(ClearFault(0x100, 0), ClearFault(0x101, 0))  # delivered: cum_ack = 0x101
    got = h.send(ClearFault(0x103, 0))  # 0x102 lost: held
    assert of(Nak, got) == [VECTORS[15]]
    got = h.send(ClearFault(0x105, 0))  # 0x104 lost too: two held
    assert of(Nak, got) == []  # damped: one NAK per burst
    assert of(Ack, got)[-1] == VECTORS[14]
    assert of(Ack, got)[-1].window_bytes == h.fw.config.window_bytes


def test_host_counting_held_frames_against_the_window_never_overflows():
    # A window of 600 bytes holds two 248-byte payloads: with the first frame lost, a host
    # that counts the held ones (as 5.2 says) sends at most three frames, and nothing
    # overflows; the lost frame's resend then delivers all of them.
    h = Host(config=FirmwareConfig(window_frames=8, window_bytes=600))
    h.hello()
    begin = JobBegin(h.next_seq(), 9, 64, 300, 19200, 3, 0, 1024, 0)
    h.send(begin)
    frames = [Data(h.next_seq(), 9, 248 * k, bytes(248)) for k in range(3)]
    got = h.send(*frames[1:])  # frames[0] lost on the line
    ack = of(Ack, got)[-1] if of(Ack, got) else of(Nak, got)[-1]
    assert bin(ack.sack).count("1") == 2 and ack.window_bytes == 600
    assert not h.fw.faults & Fault.BUFFER_OVERFLOW
    got = h.send(frames[0])
    assert of(Ack, got)[-1].cum_ack == frames[2].seq
    assert h.fw.job_info(9).bytes_have == 3 * 248


def test_lone_delimiters_before_frames_are_ignored_in_both_directions():
    # The driver sends a lone 0x00 before each resend and control frame (3.2): the
    # firmware must take it as an empty block, not as damage: no NAK, no invalid frame.
    h = Host()
    h.hello()
    invalid = h.fw.counters.get("frames_invalid", 0)
    got = h.send_raw(b"\x00" + encode_frame(StatusReq(0x61)) + b"\x00\x00\x00"
                     + encode_frame(ClearFault(h.next_seq(), 0)))
    assert [f.ref for f in of(Status, got)] == [0x61]
    assert len(of(Result, got)) == 1 and of(Nak, got) == []
    assert h.fw.counters.get("frames_invalid", 0) == invalid
    # It also ends a damaged partial frame: the next frame is not glued to the remains.
    got = h.send_raw(encode_frame(StatusReq(0x62))[:5] + b"\x00"
                     + encode_frame(StatusReq(0x63)))
    assert [f.ref for f in of(Status, got)] == [0x63]
    # Printer to host: the host's decoder ignores empty blocks too.
    from printer_driver.protocol import FrameDecoder

    dec = FrameDecoder()
    out = dec.feed(b"\x00\x00" + encode_frame(Status(0x7, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
                   + b"\x00")
    assert len(out) == 1 and isinstance(out[0], Status) and dec.errors == 0
