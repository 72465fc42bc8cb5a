"""The printer driver: open a printer by URL, upload masks as jobs, print them, watch them.

    with PrinterDriver.open("sim://demo?speed=20", on_event=print) as drv:
        job = drv.upload(mask)          # chunked, resumable, CRC-32 verified on the printer
        result = drv.print_job(job)     # blocks until the printer reports the print done

Thread-safety: one thread runs the job calls (``upload``, ``print_job``, ``print_mask``,
``clear_fault``) while others may call ``status``, ``job_state``, ``abort``, ``pause``,
``resume`` and ``identify`` at any time (the UI's abort button): control requests travel out
of band and never wait behind job data.

Reconnecting: when the port fails or the printer goes silent, the driver reopens the URL with
capped exponential backoff (bounded in total), handshakes and compares the printer's boot id.
Same boot: the job carries on from what the printer reports (an upload resumes at the bytes
the printer has; a print is followed to its end from the printer's own records). New boot:
:class:`PrinterRestartedError`, the job is void and never reprinted by the driver. Past the
bound: :class:`LinkLostError`. Every wait has a deadline.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import secrets
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import serial

from printer_driver import errors, faults
from printer_driver.counters import Counters
from printer_driver.events import (
    ConnectionEvent,
    ConnectionState,
    EventCallback,
    FaultEvent,
    ProgressEvent,
    StatusEvent,
    emit,
)
from printer_driver.faults import FaultInfo, error_for_faults
from printer_driver.link import Link, LinkDown, LinkSettings
from printer_driver.mask import Mask
from printer_driver.protocol import (
    PROTOCOL_VERSION,
    Abort,
    ClearFault,
    Code,
    Fault,
    Frame,
    HelloReply,
    JobInfo,
    JobInfoReply,
    JobQuery,
    JobState,
    Pause,
    PrinterState,
    Progress,
    Result,
    Resume,
    Status,
    StatusReq,
)
from printer_driver.protocol import CtrlReply as _CtrlReply
from printer_driver.protocol import fault_from_code as _fault_from_code

log = logging.getLogger(__name__)

_SIM_PACKAGE = "printer_driver.sim"


# --- settings and value types -------------------------------------------------------------


@dataclass(frozen=True)
class Timeouts:
    """Every deadline the driver keeps, in seconds.

    Attributes:
        port_read: how long one port read may block (bounds reaction to close()).
        request: one control request (status, query, abort) including its retries.
        handshake: the HELLO after opening a port.
        connect_attempts: handshakes tried by :meth:`PrinterDriver.open` before giving up.
        command: a sequenced command's RESULT (JOB_BEGIN, COMMIT, PRINT, CLEAR_FAULT).
        upload_min: an upload's deadline is this plus three times its time on the line.
        reconnect_first, reconnect_max: first and largest pause between reopen attempts.
        reconnect_total: give up reconnecting after this long (LinkLostError).
        print_stall: a print whose rows stop advancing for this long has stalled.
        paused_max: how long a paused print may wait for RESUME before the driver gives up.
        poll: while printing, ask for the job's state when nothing was heard for this long.
        link: retransmission and liveness settings of the link itself.
    """

    port_read: float = 0.02
    request: float = 10.0
    handshake: float = 3.0
    connect_attempts: int = 3
    command: float = 15.0
    upload_min: float = 20.0
    reconnect_first: float = 0.1
    reconnect_max: float = 2.0
    reconnect_total: float = 20.0
    print_stall: float = 60.0
    paused_max: float = 900.0
    poll: float = 1.0
    link: LinkSettings = field(default_factory=LinkSettings)


@dataclass(frozen=True)
class PrinterInfo:
    """What the printer said about itself in the handshake."""

    firmware: str
    protocol_version: int
    boot_id: int
    capabilities: tuple[str, ...]
    max_payload: int
    window_frames: int
    window_bytes: int
    max_job_bytes: int
    grid_max: int
    job_slots: int
    keepalive_ms: int
    pitch_mm: float
    diameter_mm: float

    @classmethod
    def from_reply(cls, r: HelloReply) -> PrinterInfo:
        from printer_driver.protocol import Capability

        caps = tuple(c.name.lower() for c in Capability if r.capabilities & c)
        return cls(
            firmware=f"{r.fw_major}.{r.fw_minor}.{r.fw_patch}", protocol_version=r.proto,
            boot_id=r.boot_id, capabilities=caps, max_payload=r.max_payload,
            window_frames=r.window_frames, window_bytes=r.window_bytes,
            max_job_bytes=r.max_job_bytes, grid_max=r.grid_max, job_slots=r.job_slots,
            keepalive_ms=r.keepalive_ms, pitch_mm=r.pitch_um / 1000.0,
            diameter_mm=r.diameter_um / 1000.0,
        )

    @property
    def limits(self) -> dict[str, int]:
        """The printer's limits: payload, window, job size, grid, slots."""
        return {
            "max_payload": self.max_payload, "window_frames": self.window_frames,
            "window_bytes": self.window_bytes, "max_job_bytes": self.max_job_bytes,
            "grid_max": self.grid_max, "job_slots": self.job_slots,
        }

    def to_dict(self) -> dict:
        return {
            "firmware": self.firmware, "protocol_version": self.protocol_version,
            "boot_id": f"{self.boot_id:08x}", "capabilities": list(self.capabilities),
            "limits": self.limits, "keepalive_ms": self.keepalive_ms,
            "pitch_mm": self.pitch_mm, "diameter_mm": self.diameter_mm,
        }


@dataclass(frozen=True)
class PrinterStatus:
    """One status report.

    Attributes:
        state: "idle", "printing" or "paused".
        faults: every fault set (latched or present), as rows of the fault table.
        fault_bits: the same as the protocol's bitmap (for :mod:`printer_driver.faults`).
        powder_grams: grams left per powder name.
        low, empty: powder names flagged low / empty.
        job_id, job_state: the printer's current (or newest) job, None/"unknown" if none.
        rows_done, rows_total: that job's rows.
        boot_id, uptime_s, slots_free: as the printer reports them.
    """

    state: str
    faults: tuple[FaultInfo, ...]
    fault_bits: int
    powder_grams: dict[str, float]
    low: frozenset[str]
    empty: frozenset[str]
    job_id: int | None
    job_state: str
    rows_done: int
    rows_total: int
    boot_id: int
    uptime_s: float
    slots_free: int

    @classmethod
    def from_frame(cls, s: Status) -> PrinterStatus:
        fl = faults.faults_in(s.faults)
        low = {f.powder for f in fl if f.powder and f.severity is faults.Severity.WARNING}
        empty = {f.powder for f in fl if f.powder and f.severity is faults.Severity.BLOCKING}
        return cls(
            state=_enum_name(PrinterState, s.state), faults=fl, fault_bits=s.faults,
            powder_grams={"cinnamon": s.cinnamon_mg / 1000.0, "cocoa": s.cocoa_mg / 1000.0},
            low=frozenset(low), empty=frozenset(empty), job_id=s.job_id or None,
            job_state=_enum_name(JobState, s.job_state), rows_done=s.rows_done,
            rows_total=s.rows_total, boot_id=s.boot_id, uptime_s=s.uptime_ms / 1000.0,
            slots_free=s.slots_free,
        )

    @property
    def fault_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.faults)

    def to_dict(self) -> dict[str, object]:
        return {
            "state": self.state, "faults": list(self.fault_names),
            "powder_grams": {k: round(v, 3) for k, v in self.powder_grams.items()},
            "low": sorted(self.low), "empty": sorted(self.empty),
            "job_id": None if self.job_id is None else f"{self.job_id:08x}",
            "job_state": self.job_state, "rows_done": self.rows_done,
            "rows_total": self.rows_total, "boot_id": f"{self.boot_id:08x}",
            "uptime_s": self.uptime_s, "slots_free": self.slots_free,
        }


@dataclass(frozen=True)
class JobStatus:
    """A job as the printer knows it (JOB_QUERY)."""

    job_id: int
    state: str
    fault: str | None
    bytes_have: int
    bytes_total: int
    rows_done: int
    rows_total: int

    @classmethod
    def from_info(cls, j: JobInfo) -> JobStatus:
        f = _fault_from_code(j.fault) if 0 < j.fault <= 32 else Fault.NONE
        return cls(
            job_id=j.job_id, state=_enum_name(JobState, j.state),
            fault=faults.info(f).name if f else None, bytes_have=j.bytes_have,
            bytes_total=j.bytes_total, rows_done=j.rows_done, rows_total=j.rows_total,
        )


    def to_dict(self) -> dict:
        return {"job_id": f"{self.job_id:08x}", "state": self.state, "fault": self.fault,
                "bytes_have": self.bytes_have, "bytes_total": self.bytes_total,
                "rows_done": self.rows_done, "rows_total": self.rows_total}

    def describe(self) -> str:
        """The job in words: "094b75c7: done, 254/254 rows", "…: failed (jam) after 120 of
        254 rows", "…: aborted after 3 of 254 rows", "…: printing row 12/254"."""
        rows = f"{self.rows_done} of {self.rows_total} rows"
        words = {
            "done": f"done, {self.rows_done}/{self.rows_total} rows",
            "aborted": f"cancelled after {rows}",
            "failed": f"failed ({self.fault or 'fault'}) after {rows}",
            "printing": f"printing row {self.rows_done}/{self.rows_total}",
            "paused": f"paused at row {self.rows_done}/{self.rows_total}",
            "ready": "uploaded, not printed yet",
            "uploading": f"receiving the picture ({self.bytes_have}/{self.bytes_total} bytes)",
            "unknown": "not known to the printer",
        }.get(self.state, f"{self.state}, row {self.rows_done}/{self.rows_total}")
        return f"{self.job_id:08x}: {words}"


@dataclass(frozen=True)
class JobHandle:
    """An uploaded job: its id, the CRC-32 of its packed rows, its size on the wire.

    ``boot_id`` is the printer boot the job lives in; ``rows`` its grid size;
    ``powders`` the powder bits it uses.
    """

    id: int
    crc32: int
    size: int
    rows: int
    boot_id: int
    powders: int
    compression: int


@dataclass(frozen=True)
class PrintResult:
    """A finished print: job id, rows printed, seconds from PRINT to done."""

    job_id: int
    rows_printed: int
    seconds: float


def _enum_name(enum: type, value: int) -> str:
    try:
        return enum(value).name.lower()
    except ValueError:
        return f"unknown_{value}"


_LINE_OPTIONS = ("dtr", "rts")
_ON = {"1": True, "on": True, "true": True, "yes": True,
       "0": False, "off": False, "false": False, "no": False}


def split_line_options(url: str) -> tuple[str, dict[str, bool | None]]:
    """Take the driver's own options out of a port URL: ``dtr`` and ``rts``.

    ``/dev/ttyUSB0?dtr=off`` → (``/dev/ttyUSB0``, {"dtr": False, "rts": None}); the other
    query options stay for the port's own handler (``sim://x?speed=20&dtr=off`` →
    ``sim://x?speed=20``). Values: on/off, 1/0, true/false, yes/no.

    Raises:
        ValueError: a ``dtr``/``rts`` value that is none of those.
    """
    opts: dict[str, bool | None] = dict.fromkeys(_LINE_OPTIONS)
    base, sep, query = url.partition("?")
    if not sep:
        return url, opts
    keep = []
    for item in query.split("&"):
        key, _, value = item.partition("=")
        if key.strip().lower() in _LINE_OPTIONS:
            flag = _ON.get(value.strip().lower())
            if flag is None:
                raise ValueError(f"{key}={value!r}: use {key}=on or {key}=off")
            opts[key.strip().lower()] = flag
        elif item:
            keep.append(item)
    return (base + "?" + "&".join(keep)) if keep else base, opts


def _port_error(url: str, port_url: str, exc: BaseException) -> errors.PortOpenError:
    """The right PortOpenError for a port that would not open: no address at all (bad
    scheme or options, a bare name that is no file) and no serial port (``/dev/null``, a
    regular file) are settings to change; anything else (a missing or busy device) is
    the plain, retryable kind."""
    reason = str(exc)
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 8:
        chain.append(e)
        e = e.__cause__ or e.__context__
    if any(isinstance(c, ValueError) for c in chain):  # unknown scheme, bad option or baud
        return errors.PortAddressError(url, reason)
    if "://" not in port_url:
        path = Path(port_url)
        if path.exists():
            if path.is_dir() or not stat.S_ISCHR(path.stat().st_mode):
                return errors.NotSerialPortError(url, "not a device")
            if any(getattr(c, "errno", None) == errno.ENOTTY or "Inappropriate ioctl" in str(c)
                   for c in chain):
                return errors.NotSerialPortError(url, "a device, but not a serial one")
        elif "/" not in port_url and not port_url.upper().startswith("COM"):
            return errors.PortAddressError(url, "no such device")
    return errors.PortOpenError(url, reason)


def ensure_sim_handler() -> None:
    """Make ``sim://`` URLs resolvable by ``serial.serial_for_url``."""
    if _SIM_PACKAGE not in serial.protocol_handler_packages:
        serial.protocol_handler_packages.append(_SIM_PACKAGE)


# --- the driver ---------------------------------------------------------------------------


class PrinterDriver:
    """A connection to one foam printer. Use :meth:`open`; close with :meth:`close` or
    a ``with`` block. See the module docstring for threads and reconnecting."""

    def __init__(
        self, url: str, *, on_event: EventCallback | None = None, baudrate: int = 115200,
        timeouts: Timeouts | None = None,
        port_factory: Callable[[], serial.SerialBase] | None = None,
        dtr: bool | None = None, rts: bool | None = None,
    ) -> None:
        self.url = url
        try:
            self._port_url, line = split_line_options(url)
        except ValueError as exc:
            raise errors.PortOpenError(url, str(exc)) from exc
        #: DTR/RTS set before the port opens (None: pyserial's default, asserted).
        self.dtr = dtr if dtr is not None else line["dtr"]
        self.rts = rts if rts is not None else line["rts"]
        self.baudrate = baudrate
        self.timeouts = timeouts or Timeouts()
        self.on_event = on_event
        self.counters = Counters()
        self._port_factory = port_factory
        self._job_lock = threading.RLock()
        self._reconnect_lock = threading.Lock()
        self._state = threading.Condition()
        self._closed = threading.Event()
        self._link: Link | None = None
        self._gen = 0
        self._dead: errors.PrinterError | None = None
        self._info: PrinterInfo | None = None
        self._last_faults = 0
        self._last_status: Status | None = None
        self._news = 0  # bumped on every STATUS/PROGRESS, under _state
        self._progress: dict[int, Progress] = {}
        self._active_job: int | None = None
        self._abort_requested: int | None = None
        # Jobs we uploaded that wait on the printer, not yet printed: {mask key: handle}.
        self._waiting: dict[bytes, JobHandle] = {}
        self.last_first_dot_s: float | None = None  # PRINT to first row, last print

    # --- opening and closing -----------------------------------------------------------

    @classmethod
    def open(
        cls, url: str, *, on_event: EventCallback | None = None, baudrate: int = 115200,
        timeouts: Timeouts | None = None, dtr: bool | None = None, rts: bool | None = None,
    ) -> PrinterDriver:
        """Open the port at ``url``, handshake, and return a connected driver.

        ``dtr``, ``rts``: the modem lines' state as the port opens (and reopens after a
        loss). None (default) keeps pyserial's default: both asserted, which reboots boards
        whose reset hangs off DTR (an Arduino-style auto-reset); ``dtr=False`` opens
        without asserting it. The URL may carry them instead: ``/dev/ttyUSB0?dtr=off``
        (an argument given here wins). On Linux the kernel raises DTR for an instant when
        a tty opens, before any setting applies; for such boards also run
        ``stty -F /dev/ttyUSB0 -hupcl`` once (DTR then stays up across closes) or cut the
        board's reset jumper. The printer's boot id tells the driver either way (8.4).

        The port is opened once: a port that will not open (no such device, permission,
        busy) raises :class:`PortOpenError` at once, with no retry; a caller that should
        keep trying (the kiosk's printer service) retries with its own backoff.

        Raises:
            PortOpenError: the port cannot be opened.
            LinkLostError: the port opened but no printer answered.
            ProtocolVersionError: the printer speaks another protocol version.
        """
        drv = cls(url, on_event=on_event, baudrate=baudrate, timeouts=timeouts, dtr=dtr,
                  rts=rts)
        try:
            drv._connect_first()
        except BaseException:
            drv.close()
            raise
        return drv

    def __enter__(self) -> PrinterDriver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the link threads and close the port. Idempotent; waiters get
        :class:`DriverClosedError`."""
        if self._closed.is_set():
            return
        self._closed.set()
        link, self._link = self._link, None
        if link is not None:
            link.close()
        with self._state:
            self._state.notify_all()
        emit(self.on_event, ConnectionEvent(ConnectionState.CLOSED))

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def _open_port(self) -> serial.SerialBase:
        if self._port_factory is not None:
            return self._port_factory()
        ensure_sim_handler()
        try:
            # Configure first, open second: DTR/RTS must be set before open() asserts them.
            port = serial.serial_for_url(
                self._port_url, baudrate=self.baudrate, timeout=self.timeouts.port_read,
                write_timeout=5.0, do_not_open=True,
            )
            if self.dtr is not None:
                port.dtr = self.dtr
            if self.rts is not None:
                port.rts = self.rts
            port.open()
            return port
        except (serial.SerialException, OSError, ValueError) as exc:
            raise _port_error(self.url, self._port_url, exc) from exc

    def _start_link(self) -> tuple[Link, HelloReply]:
        """Open the port, start a link and handshake. Raises PrinterError or LinkDown."""
        port = self._open_port()
        link = Link(port, counters=self.counters, settings=self.timeouts.link,
                    on_frame=self._on_frame)
        link.start()
        try:
            reply = link.hello(self.timeouts.handshake)
        except (LinkDown, TimeoutError) as exc:
            link.close()
            raise LinkDown(f"no handshake: {exc}") from exc
        except BaseException:
            link.close()
            raise
        if reply.code != 0 or reply.proto != PROTOCOL_VERSION:
            link.close()
            raise errors.ProtocolVersionError(reply.proto, PROTOCOL_VERSION)
        return link, reply

    def _connect_first(self) -> None:
        # A port that opens but does not answer gets a few handshakes (the printer may be
        # booting, or a glitch ate the first HELLO); a port that will not open fails at once.
        last: LinkDown | None = None
        for attempt in range(self.timeouts.connect_attempts):
            if attempt and self._closed.wait(self.timeouts.reconnect_first * 2 ** attempt):
                raise errors.DriverClosedError()
            try:
                link, reply = self._start_link()
            except LinkDown as exc:
                last = exc
                continue
            self._link = link
            self._info = PrinterInfo.from_reply(reply)
            emit(self.on_event,
                 ConnectionEvent(ConnectionState.CONNECTED, attempt, self._info.firmware))
            return
        reason = last.reason if last else "no answer"
        raise errors.LinkLostError(f"no printer answered on {self.url}: {reason}",
                                   during="connecting")

    # --- link plumbing -------------------------------------------------------------------

    def _current(self) -> tuple[Link, int]:
        if self._closed.is_set():
            raise errors.DriverClosedError()
        if self._dead is not None:
            raise self._dead
        link = self._link
        if link is None:
            raise errors.DriverClosedError()
        return link, self._gen

    def _reconnect(self, gen: int, why: LinkDown, during: str) -> None:
        """Bring the link back after ``why`` (the link of generation ``gen`` died).

        Raises LinkLostError past the bound, DriverClosedError if closed meanwhile.
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
            emit(self.on_event, ConnectionEvent(ConnectionState.LOST, 0, why.reason))
            t = self.timeouts
            deadline = time.monotonic() + t.reconnect_total
            delay = t.reconnect_first
            attempt = 0
            last = why.reason
            while True:
                if self._closed.is_set():
                    raise errors.DriverClosedError()
                attempt += 1
                emit(self.on_event, ConnectionEvent(ConnectionState.RECONNECTING, attempt))
                try:
                    link, reply = self._start_link()
                except (errors.PortOpenError, LinkDown) as exc:
                    last = str(exc)
                else:
                    self.counters.add(reconnects=1)
                    self._link = link
                    old_boot = self._info.boot_id if self._info else None
                    self._info = PrinterInfo.from_reply(reply)
                    self._gen += 1
                    restarted = old_boot is not None and reply.boot_id != old_boot
                    state = (ConnectionState.RESTARTED if restarted
                             else ConnectionState.RECONNECTED)
                    emit(self.on_event, ConnectionEvent(state, attempt))
                    return
                left = deadline - time.monotonic()
                if left <= 0:
                    self._gen += 1
                    self._dead = errors.LinkLostError(last, during=during)
                    self._link = None
                    emit(self.on_event, ConnectionEvent(ConnectionState.GAVE_UP, attempt, last))
                    raise self._dead
                if self._closed.wait(min(delay, left)):
                    raise errors.DriverClosedError()
                delay = min(delay * 2, t.reconnect_max)

    def _run(self, fn: Callable[[Link], object], during: str, *, job_boot: int | None = None):
        """Run ``fn(link)``; on LinkDown reconnect and run it again (bounded by reconnect).

        With ``job_boot``, a printer restart (new boot id) raises PrinterRestartedError.
        """
        while True:
            link, gen = self._current()
            try:
                return fn(link)
            except LinkDown as exc:
                if self._closed.is_set():
                    raise errors.DriverClosedError() from exc
                self._reconnect(gen, exc, during)
                if job_boot is not None and self._info and self._info.boot_id != job_boot:
                    raise errors.PrinterRestartedError(job_boot, self._info.boot_id) from exc

    def _control(self, make: Callable[[int], Frame], reply: type[Frame], during: str,
                 *, job_boot: int | None = None) -> Frame:
        def go(link: Link) -> Frame:
            try:
                return link.control(make, reply, self.timeouts.request)
            except TimeoutError as exc:
                raise LinkDown(str(exc)) from exc
        return self._run(go, during, job_boot=job_boot)  # type: ignore[return-value]

    def _command(self, link: Link, make: Callable[[int], Frame]) -> Result:
        """Send one sequenced command on ``link`` and wait for its RESULT."""
        pending = link.send(make, want_result=True)
        try:
            result = pending.wait(self.timeouts.command)
        except TimeoutError as exc:
            raise LinkDown(f"no result: {exc}") from exc
        assert result is not None
        return result

    # --- events from the link ------------------------------------------------------------

    def _on_frame(self, frame: Frame) -> None:
        if isinstance(frame, Status):
            with self._state:
                self._last_status = frame
                self._news += 1
                old, self._last_faults = self._last_faults, frame.faults
                self._state.notify_all()
            emit(self.on_event, StatusEvent(PrinterStatus.from_frame(frame)))
            for f in faults.faults_in(old ^ frame.faults):
                emit(self.on_event, FaultEvent(f.name, bool(frame.faults & f.flag)))
        elif isinstance(frame, Progress):
            with self._state:
                self._progress[frame.job_id] = frame
                self._news += 1
                self._state.notify_all()

    # --- questions -------------------------------------------------------------------------

    def identify(self) -> PrinterInfo:
        """What the printer said in the latest handshake (firmware, protocol, limits, boot)."""
        self._current()
        assert self._info is not None
        return self._info

    def status(self) -> PrinterStatus:
        """Ask the printer for its status now (out of band)."""
        st = self._control(lambda n: StatusReq(nonce=n), Status, "a status request")
        assert isinstance(st, Status)
        return PrinterStatus.from_frame(st)

    def job_state(self, job_id: int) -> JobStatus:
        """The printer's record of ``job_id`` (state "unknown" if it has none)."""
        return JobStatus.from_info(self._query(job_id))

    def _query(self, job_id: int, *, job_boot: int | None = None) -> JobInfo:
        r = self._control(lambda n: JobQuery(nonce=n, job_id=job_id), JobInfoReply,
                          "a job query", job_boot=job_boot)
        assert isinstance(r, JobInfoReply)
        return r.job

    # --- control -----------------------------------------------------------------------

    def abort(self, job_id: int | None = None) -> bool:
        """Cancel ``job_id`` (default: this driver's job in progress, else whatever prints).

        Safe from any thread; the job's caller then gets :class:`JobAbortedError`.
        Returns True if the printer cancelled something, False if there was nothing to cancel.
        """
        target = job_id if job_id is not None else (self._active_job or 0)
        self._abort_requested = target or -1
        r = self._control(lambda n: Abort(nonce=n, job_id=target), _CtrlReply, "cancelling")
        assert isinstance(r, _CtrlReply)
        with self._state:
            self._state.notify_all()
        return r.code == Code.OK

    def pause(self) -> bool:
        """Pause the print in progress. True if the printer paused."""
        r = self._control(lambda n: Pause(nonce=n, job_id=0), _CtrlReply, "pausing")
        assert isinstance(r, _CtrlReply)
        return r.code == Code.OK

    def resume(self) -> bool:
        """Resume a paused print. Raises the fault's error if a fault still blocks it."""
        r = self._control(lambda n: Resume(nonce=n, job_id=0), _CtrlReply, "resuming")
        assert isinstance(r, _CtrlReply)
        if r.code == Code.FAULT_ACTIVE:
            raise error_for_faults(r.faults)
        return r.code == Code.OK

    def clear_fault(self, faults: int = 0xFFFFFFFF) -> None:
        """Clear latched faults whose cause is gone (after the barista fixed them).

        Raises:
            The error of a fault that remains (e.g. :class:`PowderEmptyError` if not refilled).
        """
        with self._job_lock:
            r = self._run(lambda link: self._command(
                link, lambda s: ClearFault(seq=s, faults=faults)), "clearing a fault")
        if r.code == Code.FAULT_ACTIVE:
            raise error_for_faults(r.faults)

    # --- jobs --------------------------------------------------------------------------

    def upload(
        self, mask: Mask, *, job_id: int | None = None,
        on_progress: Callable[[ProgressEvent], None] | None = None,
    ) -> JobHandle:
        """Send ``mask`` to the printer as a job; returns once the printer verified it.

        Idempotent and resumable: after a reconnect it carries on from the bytes the
        printer already has; an upload of a job the printer already holds is a no-op.
        Without ``job_id``, a mask this driver uploaded before and that still waits on the
        printer unprinted (say the cup was missing) is reused instead of taking another
        slot; and when every slot is taken by such waiting jobs of ours, the oldest is
        cancelled to make room.

        Raises:
            JobRejectedError, PrinterBusyError, JobCorruptError, JobAbortedError,
            PrinterRestartedError, LinkLostError.
        """
        from printer_driver.jobs import Uploader, mask_key

        with self._job_lock:
            info = self.identify()
            key = mask_key(mask)
            if job_id is None:
                waiting = self._waiting_job(key)
                if waiting is not None:
                    return waiting
                job_id = secrets.randbits(32) or 1
            self._active_job = job_id
            self._abort_requested = None
            try:
                job = Uploader(self, info, mask, job_id, on_progress).run()
            except errors.JobAbortedError:
                self._forget_quietly(job_id)
                raise
            finally:
                self._active_job = None
            self._waiting[key] = job
            return job

    def _waiting_job(self, key: bytes) -> JobHandle | None:
        """Our job for this mask if the printer still holds it ready, else None."""
        job = self._waiting.pop(key, None)
        if job is None or self._info is None or job.boot_id != self._info.boot_id:
            return None
        if self._query(job.id).state != JobState.READY:
            return None
        self._waiting[key] = job
        return job

    def _free_slot(self, keep: int) -> bool:
        """Cancel the oldest of our ready-but-unprinted jobs (not ``keep``). True if one was."""
        for key, job in list(self._waiting.items()):
            if job.id == keep:
                continue
            del self._waiting[key]
            r = self._control(lambda n, j=job.id: Abort(nonce=n, job_id=j), _CtrlReply,
                              "making room for a new print")
            log.info("cancelled waiting job %08x to free a slot (code %s)", job.id,
                     getattr(r, "code", None))
            return True
        return False

    def _forget_quietly(self, job_id: int) -> None:
        """Best effort: make sure a job we gave up on does not keep a slot."""
        with contextlib.suppress(errors.PrinterError):
            self._control(lambda n: Abort(nonce=n, job_id=job_id), _CtrlReply, "cancelling")

    def print_job(
        self, job: JobHandle, *, on_progress: Callable[[ProgressEvent], None] | None = None,
        clear_faults: bool = True,
    ) -> PrintResult:
        """Print an uploaded job and block until the printer reports it done.

        ``clear_faults``: the barista's tap on Print also acknowledges latched faults whose
        cause is gone (a cup lifted from a previous print, a refilled reservoir): the
        driver clears them once and tries again. A jam is never cleared here.

        Raises:
            CupMissingError, CupRemovedError, PowderEmptyError, JamError, JobAbortedError,
            PrinterBusyError, PrinterRestartedError, LinkLostError, …
        """
        from printer_driver.jobs import PrintFollower

        with self._job_lock:
            self._active_job = job.id
            follower = PrintFollower(self, job, on_progress, clear_faults)
            try:
                result = follower.run()
            except errors.PrinterError as exc:
                exc.job_id = job.id
                # Lost without an answer to PRINT: the printer may have started all the same.
                exc.print_started = follower.started or (
                    follower.print_sent and isinstance(
                        exc, errors.LinkLostError | errors.DriverClosedError
                        | errors.PrinterRestartedError))
                if follower.started:  # it printed (part of) the job: never offer it again
                    self._drop_waiting(job.id)
                raise  # not started (no cup, …): the job still waits ready for a reprint
            finally:
                self._active_job = None
            self._drop_waiting(job.id)
            self.last_first_dot_s = follower.first_dot_s
            return result

    def _drop_waiting(self, job_id: int) -> None:
        for key, job in list(self._waiting.items()):
            if job.id == job_id:
                del self._waiting[key]

    def print_mask(
        self, mask: Mask, *, job_id: int | None = None,
        on_progress: Callable[[ProgressEvent], None] | None = None,
    ) -> PrintResult:
        """Upload ``mask`` and print it (see :meth:`upload` and :meth:`print_job`)."""
        with self._job_lock:
            job = self.upload(mask, job_id=job_id, on_progress=on_progress)
            return self.print_job(job, on_progress=on_progress)

    # Used by the uploader and print follower.
    def _emit_progress(self, event: ProgressEvent,
                       on_progress: Callable[[ProgressEvent], None] | None) -> None:
        emit(self.on_event, event)
        if on_progress is not None:
            emit(on_progress, event)  # type: ignore[arg-type]


__all__ = [
    "JobHandle",
    "JobStatus",
    "PrintResult",
    "PrinterDriver",
    "PrinterInfo",
    "PrinterStatus",
    "Timeouts",
    "ensure_sim_handler",
    "split_line_options",
]
