"""The reliable link to the printer over any pyserial port (docs/protocol.md, sections 5, 6, 12).

One :class:`Link` lives for one open port and one protocol session. It runs two threads:

* the **reader** reads the port, decodes frames, applies acknowledgements, hands answers to
  the callers waiting for them and unsolicited STATUS/PROGRESS to ``on_frame``;
* the **writer** owns every ``port.write``: control frames first (never queued behind job
  data), then retransmissions, then new sequenced frames as the printer's window allows.

Reliability (host side, spec 12.1): an adaptive retransmit timeout RTO = SRTT + 4·RTTVAR
(RFC 6298, Karn's rule), clamped to [``rto_min``, ``rto_max``] and doubled on each expiry;
after ``max_retries`` expiries without progress, or ``liveness_s`` without any valid frame,
or a port error, the link is *down*: every waiter gets :class:`LinkDown` and the driver
reconnects. NAKs are damped: a frame resent within the last 1.5 × the quickest round trip
seen is not resent again (spec 12.1 says why not SRTT).

Every wait has a deadline; nothing here sleeps without one.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable

import serial

from printer_driver.counters import ECHO_WARN_FRAMES, Counters
from printer_driver.link_parts import (
    DUP_THRESH,
    SEQ_MOD,
    LinkDown,
    LinkSettings,
    Pending,
    ReplyType,
    RtoEstimator,
    _Ctrl,
    _Seq,
)
from printer_driver.protocol import (
    PROTOCOL_VERSION,
    Ack,
    CtrlReply,
    DecodeError,
    Frame,
    FrameDecoder,
    Hello,
    HelloReply,
    JobInfoReply,
    Nak,
    NakReason,
    Progress,
    Result,
    Status,
)
from printer_driver.protocol.constants import PROTOCOL_MINOR, Code, FrameType, is_printer_type

log = logging.getLogger(__name__)


class Link:
    """Sliding-window ARQ plus out-of-band control over one open pyserial port.

    Thread-safe: any thread may queue sequenced frames, send control frames and wait.
    ``on_frame`` receives every STATUS and PROGRESS (from the reader thread; keep it short).
    """

    def __init__(
        self,
        port: serial.SerialBase,
        *,
        counters: Counters | None = None,
        settings: LinkSettings | None = None,
        on_frame: Callable[[Frame], None] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.port = port
        self.counters = counters or Counters()
        self.settings = settings or LinkSettings()
        self.on_frame = on_frame
        self._rng = rng or random.Random()
        s = self.settings
        # The round-trip estimator; its ``rto`` is the retransmit timeout in seconds. (Named
        # rtt, not rto: ``link.rto.rto`` read as one thing in two meanings.)
        self.rtt = RtoEstimator(s.rto_initial, s.rto_min, s.rto_max, s.clock_granularity)
        self._cond = threading.Condition()
        self._decoder = FrameDecoder()
        self._closed = False
        self.down: LinkDown | None = None
        # Session (set by hello()).
        self.hello_reply: HelloReply | None = None
        self.boot_id: int | None = None
        self._next_abs = 0  # next sequence number to assign (absolute, not wrapped)
        self._cum_abs = -1  # every frame up to here delivered
        self._win_frames = 1
        self._win_bytes = 256
        self._queue: deque[_Seq] = deque()  # not yet sent
        self._flight: dict[int, _Seq] = {}  # sent, not complete (abs -> item)
        self._resend: deque[_Seq] = deque()  # asked for by a NAK
        self._ctrl: dict[int, _Ctrl] = {}  # nonce -> waiting control frame
        self._ctrl_due: deque[_Ctrl] = deque()  # to send now
        self._raw_due: deque[bytes] = deque()  # bytes outside any frame (the flush 0x00)
        self._transmitting: _Seq | None = None  # the frame the writer is putting on the port
        self._nonce = self._rng.randrange(1, SEQ_MOD)
        self._expiries = 0
        self._last_rx = time.monotonic()
        self._liveness = s.liveness_s if s.liveness_s is not None else 3.0
        self._threads: list[threading.Thread] = []
        self._no_out_waiting = False
        self.last_status: Status | None = None
        #: When the printer last made progress for the host (spec 12.5), monotonic; None
        #: while it has shown none on this link (a HELLO_REPLY is not progress).
        self.progress_at: float | None = None
        self._echoes: deque[float] = deque()  # arrival times of recent echoed host frames

    # --- life cycle ---------------------------------------------------------------------

    def start(self) -> Link:
        """Start the reader and writer threads; sends a lone 0x00 to flush a partial frame."""
        self._last_rx = time.monotonic()
        for name, target in (("reader", self._reader), ("writer", self._writer)):
            t = threading.Thread(target=target, name=f"printer-link-{name}", daemon=True)
            self._threads.append(t)
            t.start()
        with self._cond:
            self._raw_due.append(b"\x00")
            self._cond.notify_all()
        return self

    def close(self, *, close_port: bool = True) -> None:
        """Stop both threads (joined) and close the port. Waiters get LinkDown."""
        with self._cond:
            self._closed = True
            if self.down is None:
                self.down = LinkDown("link closed")
            self._cond.notify_all()
        if close_port:
            try:
                self.port.close()
            except Exception:  # closing a dead port may fail; it is gone either way
                log.debug("closing the port failed", exc_info=True)
        me = threading.current_thread()
        for t in self._threads:
            if t is not me:
                t.join(timeout=2.0)
        self._threads.clear()

    def _fail(self, reason: str, *, restarted: bool = False) -> None:
        """Mark the link down (once) and wake every waiter. Caller may hold the lock."""
        with self._cond:
            if self.down is None:
                log.info("printer link down: %s", reason)
                self.down = LinkDown(reason, restarted=restarted)
            self._cond.notify_all()

    def _check(self) -> None:
        if self.down is not None:
            raise LinkDown(self.down.reason, restarted=self.down.restarted)

    # --- session ------------------------------------------------------------------------

    def hello(self, timeout: float) -> HelloReply:
        """Open a session: HELLO with a random nonce and first seq; returns the HELLO_REPLY.

        Minor versions (spec 4.5): HELLO offers 1.1 (``minor``); a 1.0 printer answers such
        a HELLO with CTRL_REPLY MALFORMED and the host asks again in 1.0, with a new nonce,
        within the same ``timeout``. :attr:`minor` is the session's minor version.
        The caller checks ``code`` and ``proto`` (a VERSION answer opens no session).
        """
        deadline = time.monotonic() + timeout
        first = self._rng.randrange(0, SEQ_MOD)
        reply = self.control(
            lambda n: Hello(nonce=n, first_seq=first, proto_min=PROTOCOL_VERSION,
                            proto_max=PROTOCOL_VERSION, minor=PROTOCOL_MINOR),
            (HelloReply, CtrlReply), timeout,
        )
        if isinstance(reply, CtrlReply):
            if reply.cmd != FrameType.HELLO or reply.code != Code.MALFORMED:
                raise LinkDown(f"HELLO answered CTRL_REPLY code {reply.code}")
            log.info("a 1.0 printer: opening a 1.0 session")  # spec 4.5, step 3
            reply = self.control(
                lambda n: Hello(nonce=n, first_seq=first, proto_min=PROTOCOL_VERSION,
                                proto_max=PROTOCOL_VERSION),
                HelloReply, max(0.0, deadline - time.monotonic()),
            )
        if not isinstance(reply, HelloReply):
            raise LinkDown(f"HELLO answered {type(reply).__name__}")
        if reply.code == 0:
            self._open_session(reply, first)
        return reply

    @property
    def minor(self) -> int:
        """The session's minor protocol version (0 for a 1.0 session or none yet)."""
        reply = self.hello_reply
        return reply.minor or 0 if reply is not None else 0

    def _open_session(self, reply: HelloReply, first_seq: int) -> None:
        """Take the printer's HELLO_REPLY: limits, boot id, sequence numbers from ``first_seq``."""
        with self._cond:
            self.hello_reply = reply
            self.boot_id = reply.boot_id
            self._next_abs = first_seq
            self._cum_abs = first_seq - 1
            self._win_frames = reply.window_frames
            self._win_bytes = reply.window_bytes
            if self.settings.liveness_s is None and reply.keepalive_ms:
                self._liveness = max(1.0, 3 * reply.keepalive_ms / 1000.0)

    @property
    def window_frames(self) -> int:
        """Frames the sender may have in flight now (the printer's window, host-capped)."""
        cap = self.settings.window_frames
        return max(1, self._win_frames if cap is None else min(self._win_frames, cap))

    @property
    def max_data(self) -> int:
        """Largest DATA chunk (payload minus job id and offset) this session allows."""
        mp = self.hello_reply.max_payload if self.hello_reply else 256
        return max(1, mp - 8)

    # --- control channel ----------------------------------------------------------------

    def _new_nonce(self) -> int:
        self._nonce = self._nonce % (SEQ_MOD - 1) + 1  # 1..65535, never 0
        return self._nonce

    def control(
        self, make: Callable[[int], Frame], reply_type: ReplyType, timeout: float
    ) -> Frame:
        """Send a control frame built by ``make(nonce)``; return its answer (a frame of
        ``reply_type``, or of one of them when it is a tuple).

        Resent with the same nonce after each RTO, up to ``max_retries`` tries.

        Raises:
            LinkDown: the link failed, or no answer after every try (the link is then down).
            TimeoutError: ``timeout`` passed first (the link stays up).
        """
        if threading.current_thread() in self._threads:
            # An event listener calling back into the driver from the reader thread would
            # wait for an answer only that thread can read.
            raise RuntimeError("do not call the printer from an event callback; "
                               "hand the event to another thread first")
        deadline = time.monotonic() + timeout
        with self._cond:
            self._check()
            nonce = self._new_nonce()
            item = _Ctrl(make(nonce), reply_type)
            self._ctrl[nonce] = item
            self._ctrl_due.append(item)
            self._cond.notify_all()
            try:
                while item.answer is None:
                    self._check()
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError(f"no answer to {type(item.frame).__name__}")
                    self._cond.wait(min(left, 0.25))
                return item.answer
            finally:
                self._ctrl.pop(nonce, None)

    # --- sequenced channel --------------------------------------------------------------

    def send(self, make: Callable[[int], Frame], *, want_result: bool) -> Pending:
        """Queue a sequenced frame built by ``make(seq)``; returns at once.

        ``want_result``: the frame is complete only when its RESULT arrives (commands);
        otherwise an acknowledgement completes it (DATA).
        """
        with self._cond:
            self._check()
            if self.hello_reply is None:
                raise LinkDown("no session")
            abs_seq = self._next_abs
            self._next_abs += 1
            item = _Seq(abs_seq, make(abs_seq % SEQ_MOD), want_result)
            self._queue.append(item)
            self._cond.notify_all()
            return Pending(self, item)

    def _wait_seq(self, item: _Seq, timeout: float) -> Result | None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not item.done:
                self._check()
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"seq {item.abs % SEQ_MOD} not complete")
                self._cond.wait(min(left, 0.25))
            return item.result

    # --- writer thread -------------------------------------------------------------------

    def _window_allows(self, item: _Seq) -> bool:
        s = self.settings
        frames = self._win_frames if s.window_frames is None else min(
            self._win_frames, s.window_frames)
        limit = self._win_bytes if s.window_bytes is None else min(
            self._win_bytes, s.window_bytes)
        if item.abs - self._cum_abs > max(frames, 1):
            return False
        # window_bytes is the printer's buffer capacity from cum_ack+1, not its free space
        # (spec 5.2): held (SACKed) frames count, they sit in that same buffer.
        in_flight = sum(
            f.payload_len for f in self._flight.values()
            if f.abs > self._cum_abs
        )
        # A frame alone larger than the window still goes out when nothing else is in flight.
        return in_flight == 0 or in_flight + item.payload_len <= limit

    def _next_to_write(self, now: float) -> tuple[bytes | None, float]:
        """Pick the next bytes to write (under the lock); also the time to wake up."""
        wake = now + 0.25
        if self._raw_due:
            return self._raw_due.popleft(), now
        # 1. Control frames: out of band, first.
        while self._ctrl_due:
            c = self._ctrl_due.popleft()
            if c.answer is not None or c.frame.header_seq not in self._ctrl:
                continue
            c.tx += 1
            c.last_sent = now
            if c.tx > 1:
                self.counters.add(bytes_retransmitted=len(c.wire) + 1, frames_retransmitted=1)
            return b"\x00" + c.wire, now  # leading 0x00: never glued to a damaged frame
        # Control retransmissions after an RTO.
        for c in self._ctrl.values():
            if c.answer is None and c.tx:
                due = c.last_sent + min(self.rtt.rto * 2 ** (c.tx - 1), self.rtt.hi)
                if now >= due:
                    if c.tx >= self.settings.max_retries:
                        self._fail(f"no answer to {type(c.frame).__name__} after {c.tx} tries")
                        return None, now
                    self._ctrl_due.append(c)
                    self.counters.add(timeouts=1)
                    return self._next_to_write(now)
                wake = min(wake, due)
        # 2. Resends asked for by a NAK.
        while self._resend:
            f = self._resend.popleft()
            if not f.done and f.abs in self._flight:
                return self._transmit(f, now), now
        # 3. Retransmit timeout, per frame: the oldest outstanding frame (not held by the
        # printer) is resent one RTO after it was last sent, so a frame just resent on a
        # NAK gets a whole RTO to come back before it is resent again.
        oldest = self._oldest_unacked()
        if oldest is not None:
            due = oldest.last_sent + self.rtt.rto
            if now >= due:
                self._expiries += 1
                self.counters.add(timeouts=1)
                if self._expiries > self.settings.max_retries:
                    self._fail(f"no acknowledgement after {self._expiries - 1} retransmissions")
                    return None, now
                self.rtt.backoff()
                self._publish_rtt()
                return self._transmit(oldest, now), now
            wake = min(wake, due)
        # 4. New frames within the window, and only while the port's own transmit buffer is
        # short, so a control frame written next waits behind little (spec 6).
        if self._queue and self._window_allows(self._queue[0]):
            if not self._port_has_room():
                return None, min(wake, now + 0.004)
            item = self._queue.popleft()
            self._flight[item.abs] = item
            return self._transmit(item, now), now
        return None, wake

    def _port_has_room(self) -> bool:
        limit = self.settings.port_buffer_bytes
        if not limit or self._no_out_waiting:
            return True
        try:
            return int(self.port.out_waiting) < limit
        except (AttributeError, NotImplementedError, TypeError, ValueError):
            self._no_out_waiting = True  # this port cannot tell: rely on the window alone
            return True
        except (serial.SerialException, OSError):
            return True  # the next write reports the failure

    def _oldest_unacked(self) -> _Seq | None:
        best = None
        for f in self._flight.values():
            if f.done or f.sacked:
                continue
            if best is None or f.abs < best.abs:
                best = f
        return best

    def _transmit(self, f: _Seq, now: float) -> bytes:
        self._transmitting = f
        f.tx += 1
        f.last_sent = now
        if f.tx == 1:
            f.first_sent = now
            return f.wire
        self.counters.add(bytes_retransmitted=len(f.wire) + 1, frames_retransmitted=1)
        # A lone 0x00 first: if damage ate the delimiter of an earlier frame, the printer
        # still holds its remains, and would glue this resend to them.
        return b"\x00" + f.wire

    def _writer(self) -> None:
        try:
            while True:
                with self._cond:
                    while True:
                        if self._closed or self.down is not None:
                            return
                        now = time.monotonic()
                        if now - self._last_rx > self._liveness:
                            self._fail(f"the printer was silent for {self._liveness:.1f} s")
                            return
                        self._transmitting = None
                        data, wake = self._next_to_write(now)
                        if data is not None:
                            sending = self._transmitting
                            break
                        if self.down is not None:
                            return
                        wake = min(wake, self._last_rx + self._liveness + 0.01)
                        self._cond.wait(max(0.001, wake - time.monotonic()))
                try:
                    self.port.write(data)
                except (serial.SerialException, OSError, ValueError, AttributeError) as exc:
                    self._fail(f"writing to the port failed: {exc}")
                    return
                if sending is not None:
                    sending.written = True
                # A lone 0x00 is bytes on the wire but no frame.
                self.counters.add(bytes_sent=len(data), frames_sent=int(data != b"\x00"))
        except Exception as exc:  # a bug here must not leave callers waiting forever
            log.exception("printer link writer crashed")
            self._fail(f"link writer crashed: {exc!r}")

    # --- reader thread -------------------------------------------------------------------

    def _reader(self) -> None:
        try:
            self.port.timeout = self.settings.poll_s
        except Exception:
            log.debug("port timeout not settable", exc_info=True)
        try:
            while not self._closed:
                try:
                    waiting = self.port.in_waiting
                    data = self.port.read(min(max(1, waiting), self.settings.read_chunk))
                except (serial.SerialException, OSError, ValueError, TypeError,
                        AttributeError) as exc:
                    if not self._closed:
                        self._fail(f"reading from the port failed: {exc}")
                    return
                if not data:
                    continue
                self.counters.add(bytes_received=len(data))
                for item in self._decoder.feed(data):
                    if isinstance(item, DecodeError):
                        self.counters.add(invalid_frames=1)
                        continue
                    self.counters.add(frames_received=1)
                    self._handle(item)
                if self.down is not None:
                    return
        except Exception as exc:
            log.exception("printer link reader crashed")
            self._fail(f"link reader crashed: {exc!r}")

    def _handle(self, frame: Frame) -> None:
        now = time.monotonic()
        if not is_printer_type(frame.TYPE):
            # A host frame with a good CRC: our own bytes came back (a line with local
            # echo, a loopback plug). Spec 12.6: never an answer, no sign of life and no
            # progress; count it, and name the echo when 3 come within a liveness interval.
            self.counters.add(echoed_frames=1)
            with self._cond:
                self._echoes.append(now)
                while self._echoes and now - self._echoes[0] > self._liveness:
                    self._echoes.popleft()
                echoing = len(self._echoes) >= ECHO_WARN_FRAMES
            if echoing:
                self.counters.warn_echo(now)
            return
        notify_outside: Frame | None = None
        with self._cond:
            self._last_rx = now
            if isinstance(frame, Status):
                self.last_status = frame
                if self.boot_id is not None and frame.boot_id != self.boot_id:
                    self._fail("the printer restarted (new boot id)", restarted=True)
                notify_outside = frame
            elif isinstance(frame, Progress):
                notify_outside = frame
            if isinstance(frame, Ack | Nak | Result):
                self._apply_ack(frame, now)
            if isinstance(frame, Nak):
                self.counters.add(naks_received=1)
                if frame.reason == NakReason.NO_SESSION and self.hello_reply is not None:
                    self._fail("the printer lost the session", restarted=True)
                else:
                    self._on_nak(now)
            elif isinstance(frame, Ack) and frame.sack.bit_count() >= DUP_THRESH:
                # Enough later frames arrived that the gap below them is a loss, not a
                # reordering: resend now (the printer's NAKs are damped to one per burst).
                # Only a frame not resent within a full RTO: its resend may still be queued.
                self._on_nak(now, guard=self.rtt.rto)
            elif isinstance(frame, Result):
                self._on_result(frame, now)
            if isinstance(frame, HelloReply | Status | JobInfoReply | CtrlReply) and frame.ref:
                c = self._ctrl.get(frame.ref)
                if c is not None and isinstance(frame, c.reply_type) and c.answer is None:
                    c.answer = frame
                    if not isinstance(frame, HelloReply):
                        self.progress_at = now  # an answer to us (spec 12.5)
                    if c.tx == 1:
                        self.rtt.sample(now - c.last_sent)
                        self._publish_rtt()
            self._cond.notify_all()
        if isinstance(notify_outside, Status):  # about once a second: judge the link
            self.counters.check_retry_ratio(now)
        if notify_outside is not None and self.on_frame is not None:
            try:
                self.on_frame(notify_outside)
            except Exception:
                log.exception("link listener failed")

    def _abs_of(self, wire: int) -> int | None:
        """Map a wire seq near the current window to its absolute number (None if far)."""
        base = self._cum_abs
        d = (wire - base) % SEQ_MOD
        if d >= SEQ_MOD // 2:
            d -= SEQ_MOD
        # Valid acks lie between a little before base and the newest sent frame.
        if -64 <= d <= self._next_abs - base:
            return base + d
        return None

    def _apply_ack(self, f: Ack | Nak | Result, now: float) -> None:
        if self.hello_reply is None:
            return
        cum = self._abs_of(f.cum_ack)
        if cum is None:
            return
        self._win_frames = f.window_frames
        self._win_bytes = f.window_bytes
        # RTT sample from the frame named in ref, if it was sent once (Karn's rule) and was
        # not held behind a hole: a frame delivered only when a resend filled the gap below
        # it is acknowledged a backed-off RTO late, which is not a round trip. One such
        # sample inflated the RTO to ~2 s on a fast line and stalled every later loss.
        if isinstance(f, Ack | Result) and f.ref:
            ref = self._abs_of(f.ref)
            item = None if ref is None else self._flight.get(ref)
            if item is not None and item.tx == 1 and not item.sampled:
                item.sampled = True
                if cum < item.abs or not self._resent_below(item.abs):
                    self.rtt.sample(now - item.first_sent)
                    self._publish_rtt()
        progressed = False
        if cum > self._cum_abs:
            acked_bytes = 0
            for a in range(self._cum_abs + 1, cum + 1):
                item = self._flight.get(a)
                if item is None:
                    continue
                item.acked = True
                if not item.want_result or item.result is not None:
                    item.done = True
                    del self._flight[a]
                    if item.frame.TYPE == FrameType.DATA:
                        acked_bytes += item.payload_len - 8
            self._cum_abs = cum
            self.counters.add(payload_bytes_acked=acked_bytes)
            progressed = True
        # Selective acks: bit i -> cum + 2 + i held by the printer.
        for f_ in self._flight.values():
            off = f_.abs - self._cum_abs - 2
            f_.sacked = 0 <= off < 32 and bool(f.sack >> off & 1)
        if progressed:
            self._progress(now)

    def _resent_below(self, abs_seq: int) -> bool:
        """True if a frame still outstanding before ``abs_seq`` had to be sent again."""
        return any(f.tx > 1 for a, f in self._flight.items() if self._cum_abs < a < abs_seq)

    def _progress(self, now: float) -> None:
        self.progress_at = now  # cum_ack moved or a RESULT came (spec 12.5)
        # The printer delivered something new: the line is alive, only lossy. The doubled
        # RTO was for silence; keeping it (Karn's rule waits for a frame sent once, which a
        # lossy line rarely offers) made each later lone loss wait up to 3 s on a line whose
        # round trip is milliseconds.
        self._expiries = 0
        self.rtt.restore()
        self._publish_rtt()

    def _on_nak(self, now: float, *, guard: float | None = None) -> None:
        # Resend cum+1 and the holes below the highest SACKed frame, but not a frame resent
        # so recently that this NAK cannot be about that copy (what stops resend storms).
        # The quickest round trip seen is that bound: a NAK arriving later than that after
        # a lone resend is most likely about the resend, which must not wait for a backed-off
        # RTO (at a bad byte rate that wait grows to seconds).
        if guard is None:
            guard = 1.5 * (self.rtt.min_rtt if self.rtt.min_rtt is not None else self.rtt.rto)
        held = [f.abs for f in self._flight.values() if f.sacked]
        top = max(held) if held else self._cum_abs + 1
        for a in range(self._cum_abs + 1, top + 1):
            f = self._flight.get(a)
            if f is None or f.sacked or f.done or f.tx == 0:
                continue
            if f.tx > 1 and now - f.last_sent < guard:
                continue  # resent a moment ago: that copy may still be on its way
            if f not in self._resend:
                self._resend.append(f)

    def _on_result(self, r: Result, now: float) -> None:
        ref = self._abs_of(r.ref)
        if ref is None:
            return
        item = self._flight.get(ref)
        if item is None or item.done:
            return
        item.result = r
        if item.acked or ref <= self._cum_abs:
            item.done = True
            self._flight.pop(ref, None)
            self._progress(now)
        elif not item.want_result:
            # A failed DATA frame: complete it (the RESULT says it was delivered).
            item.done = True
            self._flight.pop(ref, None)

    def _publish_rtt(self) -> None:
        if self.rtt.srtt is not None:
            self.counters.set_rtt(self.rtt.srtt, self.rtt.rttvar, self.rtt.last, self.rtt.rto)


__all__ = ["Link", "LinkDown", "LinkSettings", "Pending", "ReplyType", "RtoEstimator"]
