"""The driver's connection to one printer: the port, the link, and bringing it back.

:class:`Connection` owns the port (opened by URL or by a ``port_factory``), the current
:class:`~printer_driver.link.Link` and its generation, the handshake and the reconnects, and
what the printer reported last (STATUS, PROGRESS). It is what the long jobs
(:mod:`printer_driver.jobs`) need and all they see of the driver.

Every wait has a deadline. Reconnecting (spec 12.5) reopens the port with capped
exponential backoff (:class:`~printer_driver.backoff.Backoff`) and gives up
``Timeouts.reconnect_total`` after the link was first lost unless the printer made progress
meanwhile: answered a request (a RESULT, cum_ack moving, the answer to a control frame other
than HELLO) or reported the host's job further along. A port that reopens or a HELLO_REPLY
is not progress, so a printer that answers HELLO and then nothing is given up on within
liveness + ``reconnect_total`` + one handshake (26 s with the defaults). The connection then
raises :class:`LinkLostError` and stays dead until reopened.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import serial

from printer_driver import errors, faults
from printer_driver.backoff import Backoff
from printer_driver.counters import Counters
from printer_driver.events import (
    ConnectionEvent,
    ConnectionState,
    EventCallback,
    FaultEvent,
    StatusEvent,
    emit,
)
from printer_driver.link import Link, LinkDown
from printer_driver.ports import ensure_sim_handler, port_error
from printer_driver.protocol import (
    PROTOCOL_VERSION,
    Frame,
    HelloReply,
    JobInfo,
    JobInfoReply,
    JobQuery,
    Progress,
    Result,
    Status,
)
from printer_driver.values import PrinterInfo, PrinterStatus, Timeouts

log = logging.getLogger(__name__)

T = TypeVar("T")
#: Opens a fresh, open pyserial port for the printer (each reconnect calls it again).
PortFactory = Callable[[], serial.SerialBase]


@dataclass(frozen=True)
class News:
    """What the printer reported up to now: ``count`` grows with every STATUS/PROGRESS."""

    count: int
    status: Status | None
    progress: Progress | None


class Connection:
    """One printer's port and link, kept alive across losses (see the module docstring).

    Thread-safe: the job thread and control threads (abort, status) share it.
    """

    def __init__(
        self, url: str, port_url: str, *, baudrate: int, timeouts: Timeouts,
        on_event: EventCallback | None, counters: Counters,
        port_factory: PortFactory | None = None, dtr: bool | None = None,
        rts: bool | None = None,
    ) -> None:
        self.url = url
        self.baudrate = baudrate
        self.timeouts = timeouts
        self.on_event = on_event
        self.counters = counters
        self._port_url = port_url
        self._port_factory = port_factory
        self._dtr, self._rts = dtr, rts
        self._reconnect_lock = threading.Lock()
        # Held while a port is opened: close() then waits, so no thread opens the port
        # again after close() (a simulated printer would be started anew, a device reopened).
        self._open_lock = threading.Lock()
        self._state = threading.Condition()
        self._closed = threading.Event()
        self._link: Link | None = None
        self._starting: set[Link] = set()  # links handshaking now (close() ends them too)
        self._gen = 0
        self._dead: errors.PrinterError | None = None
        self.info: PrinterInfo | None = None
        self._last_faults = 0
        self._last_status: Status | None = None
        self._news = 0  # bumped on every STATUS/PROGRESS, under _state
        self._progress: dict[int, Progress] = {}
        # Spec 12.5: when the link was first lost (None: not reconnecting), and when a job
        # last moved (rows or state) in a STATUS/PROGRESS; both monotonic seconds.
        self._lost_at: float | None = None
        self._job_moved_at = -1.0
        self._job_marks: dict[int, tuple[int | None, int]] = {}

    # --- life cycle ---------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def close(self) -> None:
        """Stop the link and close the port; waiters get DriverClosedError. Idempotent."""
        with self._open_lock:
            if self._closed.is_set():
                return
            self._closed.set()
        link, self._link = self._link, None
        if link is not None:
            link.close()
        with self._state:
            starting = list(self._starting)
        for link in starting:  # a reconnect's handshake in flight must not outlive us
            link.close()
        with self._state:
            self._state.notify_all()
        emit(self.on_event, ConnectionEvent(ConnectionState.CLOSED))

    def connect_first(self) -> None:
        """Open and handshake, a few times (``connect_attempts``) for a port that opens but
        does not answer (a booting printer, a lost first HELLO); a port that will not open
        fails at once with PortOpenError."""
        t = self.timeouts
        backoff = Backoff(t.reconnect_first * 2, t.reconnect_max)
        last: LinkDown | None = None
        for attempt in range(t.connect_attempts):
            if attempt and self._closed.wait(backoff.next_delay() or 0.0):
                raise errors.DriverClosedError()
            try:
                link, reply = self._start_link()
            except LinkDown as exc:
                last = exc
                continue
            self._link = link
            if self._closed.is_set():  # close() ran meanwhile: it may have missed it
                link.close()
                raise errors.DriverClosedError()
            self.info = PrinterInfo.from_reply(reply)
            emit(self.on_event,
                 ConnectionEvent(ConnectionState.CONNECTED, attempt, self.info.firmware))
            return
        reason = last.reason if last else "no answer"
        raise errors.LinkLostError(f"no printer answered on {self.url}: {reason}",
                                   during="connecting")

    def _open_port(self) -> serial.SerialBase:
        if self._port_factory is not None:
            try:
                return self._port_factory()
            except (serial.SerialException, OSError, ValueError) as exc:
                raise port_error(self.url, self._port_url, exc) from exc
        ensure_sim_handler()
        try:
            # Configure first, open second: DTR/RTS must be set before open() asserts them.
            port = serial.serial_for_url(
                self._port_url, baudrate=self.baudrate, timeout=self.timeouts.link.poll_s,
                write_timeout=5.0, do_not_open=True,
            )
            if self._dtr is not None:
                port.dtr = self._dtr
            if self._rts is not None:
                port.rts = self._rts
            port.open()
            return port
        except (serial.SerialException, OSError, ValueError) as exc:
            raise port_error(self.url, self._port_url, exc) from exc

    def _start_link(self) -> tuple[Link, HelloReply]:
        """Open the port, start a link and handshake. Raises PrinterError or LinkDown."""
        with self._open_lock:
            if self._closed.is_set():
                raise errors.DriverClosedError()
            port = self._open_port()
            link = Link(port, counters=self.counters, settings=self.timeouts.link,
                        on_frame=self._on_frame)
            with self._state:
                self._starting.add(link)
        try:
            link.start()
            reply = link.hello(self.timeouts.handshake)
            if self._closed.is_set():  # closed during the handshake: nobody will use it
                raise errors.DriverClosedError()
        except (LinkDown, TimeoutError) as exc:
            link.close()
            raise LinkDown(f"no handshake: {exc}") from exc
        except BaseException:
            link.close()
            raise
        finally:
            with self._state:
                self._starting.discard(link)
        if reply.code != 0 or reply.proto != PROTOCOL_VERSION:
            link.close()
            raise errors.ProtocolVersionError(reply.proto, PROTOCOL_VERSION)
        return link, reply

    # --- the link and bringing it back --------------------------------------------------

    def current(self) -> tuple[Link, int]:
        """The live link and its generation (bumped by every reconnect).

        Raises:
            DriverClosedError, or the LinkLostError the connection died of.
        """
        if self._closed.is_set():
            raise errors.DriverClosedError()
        if self._dead is not None:
            raise self._dead
        link = self._link
        if link is None:
            raise errors.DriverClosedError()
        return link, self._gen

    @property
    def boot_id(self) -> int | None:
        """The printer's boot id from the latest handshake."""
        return self.info.boot_id if self.info else None

    def reconnect(self, gen: int, why: LinkDown, during: str) -> None:
        """Bring the link back after ``why`` (the link of generation ``gen`` died):
        reopen with backoff until a handshake succeeds, within ``reconnect_total`` seconds
        of the moment the link was first lost without progress since (spec 12.5).

        Raises:
            LinkLostError past the bound (the connection is then dead);
            DriverClosedError if closed meanwhile.
        """
        with self._reconnect_lock:
            if self._closed.is_set():
                raise errors.DriverClosedError()
            if self._gen != gen:  # another thread already reconnected (or failed to)
                if self._dead is not None:
                    raise self._dead
                return
            old = self._link
            if old is not None:
                old.close()
            lost_at = self._outage_began(old)
            emit(self.on_event, ConnectionEvent(ConnectionState.LOST, 0, why.reason))
            t = self.timeouts
            backoff = Backoff(t.reconnect_first, t.reconnect_max,
                              deadline=lost_at + t.reconnect_total)
            attempt = 0
            last = why.reason
            while True:
                if self._closed.is_set():
                    raise errors.DriverClosedError()
                if backoff.expired:
                    raise self._give_up(f"no progress for {t.reconnect_total:g} s: {last}",
                                        during, attempt)
                attempt += 1
                emit(self.on_event, ConnectionEvent(ConnectionState.RECONNECTING, attempt))
                try:
                    link, reply = self._start_link()
                except (errors.PortOpenError, LinkDown) as exc:
                    last = str(exc)
                else:
                    self.counters.add(reconnects=1)
                    self._link = link
                    if self._closed.is_set():  # close() ran meanwhile: it may have missed it
                        link.close()
                        raise errors.DriverClosedError()
                    old_boot = self.boot_id
                    self.info = PrinterInfo.from_reply(reply)
                    self._gen += 1
                    restarted = old_boot is not None and reply.boot_id != old_boot
                    state = (ConnectionState.RESTARTED if restarted
                             else ConnectionState.RECONNECTED)
                    emit(self.on_event, ConnectionEvent(state, attempt))
                    return
                delay = backoff.next_delay()
                if delay is None:
                    raise self._give_up(f"no progress for {t.reconnect_total:g} s: {last}",
                                        during, attempt)
                if self._closed.wait(delay):
                    raise errors.DriverClosedError()

    def _outage_began(self, dead: Link | None) -> float:
        """When this loss of the link began: now, unless the link was lost before and the
        printer made no progress since (then the earlier moment; spec 12.5)."""
        now = time.monotonic()
        lost = self._lost_at
        if lost is not None:
            link_progress = dead.progress_at if dead is not None else None
            if (link_progress is not None and link_progress > lost) or (
                    self._job_moved_at > lost):
                lost = None
        self._lost_at = now if lost is None else lost
        return self._lost_at

    def _give_up(self, reason: str, during: str, attempt: int) -> errors.LinkLostError:
        """Declare the connection dead: every later call raises the same LinkLostError."""
        self._gen += 1
        dead = errors.LinkLostError(reason, during=during)
        self._dead = dead
        link, self._link = self._link, None
        if link is not None:
            link.close()
        emit(self.on_event, ConnectionEvent(ConnectionState.GAVE_UP, attempt, reason))
        return dead

    def run(self, fn: Callable[[Link], T], during: str, *, job_boot: int | None = None) -> T:
        """``fn(link)``; on LinkDown reconnect and run it again (bounded by :meth:`reconnect`).

        With ``job_boot``, a printer restart (new boot id) raises PrinterRestartedError.
        """
        while True:
            link, gen = self.current()
            try:
                return fn(link)
            except LinkDown as exc:
                if self._closed.is_set():
                    raise errors.DriverClosedError() from exc
                self.reconnect(gen, exc, during)
                if job_boot is not None and self.boot_id != job_boot:
                    raise errors.PrinterRestartedError(job_boot, self.boot_id) from exc

    def control(self, make: Callable[[int], Frame], reply: type[Frame], during: str,
                *, job_boot: int | None = None) -> Frame:
        """A control request (status, query, abort, …) and its answer, across reconnects."""
        def go(link: Link) -> Frame:
            try:
                return link.control(make, reply, self.timeouts.request)
            except TimeoutError as exc:
                raise LinkDown(str(exc)) from exc
        return self.run(go, during, job_boot=job_boot)

    def command(self, link: Link, make: Callable[[int], Frame]) -> Result:
        """Send one sequenced command on ``link`` and wait for its RESULT (LinkDown if
        none comes within ``Timeouts.command``)."""
        pending = link.send(make, want_result=True)
        try:
            result = pending.wait(self.timeouts.command)
        except TimeoutError as exc:
            raise LinkDown(f"no result: {exc}") from exc
        if result is None:
            raise LinkDown("a command completed without its RESULT")
        return result

    def query(self, job_id: int, *, job_boot: int | None = None) -> JobInfo:
        """The printer's record of ``job_id`` (JOB_QUERY)."""
        r = self.control(lambda n: JobQuery(nonce=n, job_id=job_id), JobInfoReply,
                         "a job query", job_boot=job_boot)
        if not isinstance(r, JobInfoReply):
            raise errors.ProtocolError(f"JOB_QUERY answered {type(r).__name__}")
        return r.job

    # --- what the printer reports by itself ---------------------------------------------

    def _job_moved(self, job_id: int, state: int | None, rows: int) -> None:
        """Note a job's state (None: not reported, a PROGRESS) and rows; a job that moved
        on is progress (spec 12.5), a repeated report is not."""
        if not job_id:
            return
        old_state, old_rows = self._job_marks.get(job_id, (state, rows))
        state = old_state if state is None else state
        if (state, rows) != (old_state, old_rows):
            self._job_moved_at = time.monotonic()
        self._job_marks[job_id] = (state, rows)
        if len(self._job_marks) > 64:  # only recent jobs matter
            self._job_marks.pop(next(iter(self._job_marks)))

    def _on_frame(self, frame: Frame) -> None:
        if isinstance(frame, Status):
            self._job_moved(frame.job_id, frame.job_state, frame.rows_done)
            with self._state:
                self._last_status = frame
                self._news += 1
                old, self._last_faults = self._last_faults, frame.faults
                self._state.notify_all()
            emit(self.on_event, StatusEvent(PrinterStatus.from_frame(frame)))
            for f in faults.faults_in(old ^ frame.faults):
                emit(self.on_event, FaultEvent(f.name, bool(frame.faults & f.flag)))
        elif isinstance(frame, Progress):
            self._job_moved(frame.job_id, None, frame.rows_done)
            with self._state:
                self._progress[frame.job_id] = frame
                self._news += 1
                self._state.notify_all()

    def wait_news(self, seen: int, job_id: int, timeout: float) -> News:
        """What the printer reported, once there is more than ``seen`` (or after
        ``timeout`` seconds): the latest STATUS and ``job_id``'s latest PROGRESS."""
        with self._state:
            if self._news == seen and not self._closed.is_set():
                self._state.wait(timeout)
            return News(self._news, self._last_status, self._progress.get(job_id))

    def wake(self) -> None:
        """Wake :meth:`wait_news` waiters (an abort was asked for)."""
        with self._state:
            self._state.notify_all()


__all__ = ["Connection", "News", "PortFactory"]
