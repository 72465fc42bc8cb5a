"""The printer as the kiosk's windows see it: :class:`PrinterService`.

The service owns one ``printer_driver.PrinterDriver`` inside a worker ``QThread`` (every
driver call blocks: opening, status, upload, a whole print). The GUI thread only ever emits
requests to the worker and receives typed signals back, so it never waits on the printer.

The worker connects to ``config.printer_url`` and reconnects with capped backoff when the
printer goes away; while connected and idle it asks for the status about once a second.
A print is the barista's tap (:meth:`PrinterService.print_order`): the order is moved to
PRINTING in the store *before* a byte goes to the printer, then to PRINTED when the printer
says done, or to INTERRUPTED (something may be on the foam: the driver's ``print_started``)
/ FAILED (nothing was printed) with a :class:`PrintFailure`: a code and its parameters, no
words (``kiosk.ui.barista.words`` owns them). Nothing here ever starts a print by itself;
after a failure the order waits for the barista's Reprint.

Order-store writes happen on the GUI thread (the store's SQLite connection belongs to it);
they are a few small statements, far below the 50 ms stall budget.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from kiosk.orders.model import OrderState
from kiosk.orders.store import PrintResult
from printer_driver.errors import ParamValue

if TYPE_CHECKING:
    from printer_driver.errors import PrinterError
    from printer_driver.values import PrinterInfo, PrinterStatus

log = logging.getLogger(__name__)

POLL_INTERVAL_S = 1.0
RECONNECT_MIN_S = 1.0
RECONNECT_MAX_S = 5.0
STOP_TIMEOUT_S = 10.0
ABORT_ON_STOP_S = 3.0



@dataclass(frozen=True)
class PrintFailure:
    """Why a print did not finish, as the store keeps it and the windows show it.

    Attributes:
        code: a driver ``ErrorCode`` value, or one of the service's own: "not_connected",
            "no_mask", "kiosk_stopped", "unexpected".
        params: the error's parameters (``powder``, ``rows_done``, …).
        print_started: something may be on the foam (the driver's ``print_started``).
        rows_done: rows the printer reported before it stopped.
        detail: a neutral English line for the log, never shown to the barista.
    """

    code: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    print_started: bool = False
    rows_done: int = 0
    detail: str = ""

    @classmethod
    def from_error(cls, exc: PrinterError, rows_seen: int) -> PrintFailure:
        rows = exc.params.get("rows_done")
        rows_done = max(rows_seen, rows) if isinstance(rows, int) else rows_seen
        return cls(exc.code.value, dict(exc.params), exc.print_started or rows_done > 0,
                   rows_done, str(exc))

    def to_record(self) -> str:
        """The text the order store keeps (and the failure signals carry): the code and its
        parameters as JSON, so an order reads in either language later."""
        return json.dumps({"error": self.code, "params": dict(self.params),
                           "print_started": self.print_started}, sort_keys=True)

    @classmethod
    def from_record(cls, text: str | None) -> PrintFailure | None:
        """The failure in ``text`` (from :meth:`to_record`), None for any other text (an
        English sentence stored by an older version)."""
        if not text or not text.startswith("{"):
            return None
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("error"), str):
            return None
        params = data.get("params")
        return cls(data["error"], params if isinstance(params, dict) else {},
                   bool(data.get("print_started")))


# The service's own failures, as the store keeps them (words: kiosk.ui.barista.words).
NO_MASK = PrintFailure("no_mask")
KIOSK_STOPPED = PrintFailure("kiosk_stopped", print_started=True)
MSG_NOT_CONNECTED = PrintFailure("not_connected").to_record()
MSG_NO_MASK = NO_MASK.to_record()
MSG_KIOSK_STOPPED = KIOSK_STOPPED.to_record()


# --- what the windows see ------------------------------------------------------------------


@dataclass(frozen=True)
class PowderLevelView:
    """One powder reservoir. ``grams`` may be None when the printer does not say."""

    powder: str
    grams: float | None
    capacity_grams: float | None = None
    low: bool = False
    empty: bool = False

    @property
    def fraction(self) -> float | None:
        """Fill level 0..1 when the capacity is known."""
        if self.grams is None or not self.capacity_grams:
            return None
        return max(0.0, min(1.0, self.grams / self.capacity_grams))


@dataclass(frozen=True)
class FaultView:
    """A printer fault: ``code`` is its name ("cinnamon_empty", "cup_missing", ...);
    ``needs_ack`` and ``blocks`` are the fault table's answers (``printer_driver.faults``):
    must the barista press Continue, does it stop a print from starting."""

    code: str
    needs_ack: bool = False
    blocks: bool = False


@dataclass(frozen=True)
class PrinterIdentityView:
    """Who the printer is (from ``identify()``); every field already text."""

    firmware: str = ""
    protocol: str = ""
    boot_id: str = ""
    serial: str = ""  # "" when the printer reports none
    model: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PrinterStatusView:
    """The printer at one instant, as plain data for the windows.

    Attributes:
        connected: the link is up and the printer answered.
        state: the printer's own state word ("idle", "printing", "fault", ...) or
            "offline".
        faults: latched faults (empty when all is well).
        powders: reservoir levels, cocoa first.
        identity: firmware, protocol and boot id (None until first identified).
        counters: ``printer_driver.counters.CounterSnapshot`` of the link, or None.
        printing_order: the order id being printed now, or None.
        detail: when offline, the driver's sentence about why.
    """

    connected: bool
    state: str = "offline"
    faults: tuple[FaultView, ...] = ()
    powders: tuple[PowderLevelView, ...] = ()
    identity: PrinterIdentityView | None = None
    counters: Any = None
    printing_order: int | None = None
    detail: str = ""

    @property
    def blocking_faults(self) -> tuple[FaultView, ...]:
        """Faults the barista must fix and confirm with Continue (the fault table's
        ``needs_ack``: latched and blocking). Not "*_low" (a warning), not "cup_missing"
        (live: placing a cup clears it; :attr:`cup_missing` keeps Print disabled), not the
        diagnostics "job_corrupt"/"buffer_overflow" (the technician view lists them)."""
        return tuple(f for f in self.faults if f.needs_ack)

    @property
    def has_fault(self) -> bool:
        """True when a fault needs the barista's hands and Continue."""
        return bool(self.blocking_faults)

    @property
    def cup_missing(self) -> bool:
        """True while the printer's cup sensor sees no cup."""
        return any(f.code == "cup_missing" for f in self.faults)


OFFLINE = PrinterStatusView(connected=False)


def status_view_from(st: PrinterStatus, *, identity: PrinterIdentityView | None,
                     counters: Any, capacity: dict[str, float] | None = None,
                     ) -> PrinterStatusView:
    """Translate a driver ``PrinterStatus`` into a :class:`PrinterStatusView`."""
    capacity = capacity or {}
    order = sorted(st.powder_grams, key=lambda p: (p != "cocoa", p != "cinnamon", p))
    powders = tuple(
        PowderLevelView(powder=p, grams=float(st.powder_grams[p]),
                        capacity_grams=capacity.get(p), low=p in st.low, empty=p in st.empty)
        for p in order
    )
    faults = tuple(FaultView(code=f.name, needs_ack=f.needs_ack, blocks=f.blocks())
                   for f in st.faults)
    return PrinterStatusView(connected=True, state=st.state, faults=faults, powders=powders,
                             identity=identity, counters=counters)


def identity_view_from(info: PrinterInfo) -> PrinterIdentityView:
    """Translate the driver's ``identify()`` answer into text fields."""
    return PrinterIdentityView(
        firmware=info.firmware,
        protocol=info.protocol,
        boot_id=f"{info.boot_id:08X}",
        serial=info.serial or "",
        extra={str(k): str(v) for k, v in info.to_dict().items()},
    )


# --- the worker ------------------------------------------------------------------------------


@dataclass
class _PrintRequest:
    order_id: int | None  # None: a technician's test print
    mask: Any


class _PrinterWorker(QObject):
    """Lives in the service's thread; every slot runs there and may block on the driver."""

    status = Signal(object)  # PrinterStatusView
    connection = Signal(bool, str)  # connected, why not
    progress = Signal(object, int, int, float)  # order id|None, rows done, total, s left
    finished = Signal(object, int)  # order id|None, rows printed
    failed = Signal(object, object)  # order id|None, PrintFailure
    uploaded = Signal(object, str)  # order id|None, the printer's job id
    fault_remains = Signal(str)  # Continue pressed, the cause is still there (a failure record)
    stopped = Signal()

    def __init__(self, url: str, open_driver: Any) -> None:
        super().__init__()
        self._url = url
        self._open_driver = open_driver
        self._timer: QTimer | None = None
        self._backoff = RECONNECT_MIN_S
        self._next_attempt = 0.0
        self._identity: PrinterIdentityView | None = None
        self._current: _PrintRequest | None = None
        self._connected = False
        self._stopping = False
        self.driver: Any = None  # read by the GUI thread for abort()

    # --- life cycle ---

    @Slot()
    def start(self) -> None:
        self._timer = QTimer(self)
        self._timer.setInterval(int(POLL_INTERVAL_S * 1000))
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._tick()

    @Slot()
    def shutdown(self) -> None:
        self._stopping = True
        if self._timer is not None:
            self._timer.stop()
        self._drop_driver("")
        self.stopped.emit()
        QThread.currentThread().quit()

    # --- connection ---

    def _on_event(self, event: Any) -> None:
        """Driver events, from the driver's threads: hand them over by signal only."""
        from printer_driver.events import (
            ConnectionEvent,
            ConnectionState,
            ProgressEvent,
            StatusEvent,
        )

        if isinstance(event, StatusEvent):
            # Keepalives and changes, also while the worker is busy in print_job.
            if self._connected and not self._stopping:
                drv = self.driver
                self.status.emit(status_view_from(
                    event.status, identity=self._identity,
                    counters=_counters_of(drv) if drv is not None else None))
        elif isinstance(event, ProgressEvent):
            req = self._current
            if req is not None and event.phase == "print":
                left = -1.0 if event.seconds_left is None else float(event.seconds_left)
                self.progress.emit(req.order_id, event.done, event.total, left)
        elif isinstance(event, ConnectionEvent):
            if event.state in (ConnectionState.LOST, ConnectionState.RECONNECTING,
                               ConnectionState.GAVE_UP):
                self._set_connected(False, event.detail)
            elif event.state in (ConnectionState.RECONNECTED, ConnectionState.RESTARTED,
                                 ConnectionState.CONNECTED):
                self._set_connected(True, "")

    def _set_connected(self, connected: bool, why: str) -> None:
        if connected != self._connected:
            self._connected = connected
            self.connection.emit(connected, why)
        if not connected:
            self.status.emit(PrinterStatusView(connected=False, detail=why,
                                               identity=self._identity))

    def _drop_driver(self, why: str) -> None:
        drv, self.driver = self.driver, None
        if drv is not None:
            try:
                drv.close()
            except Exception:  # closing a dead port can fail in many ways; it is gone anyway
                log.debug("closing the printer driver failed", exc_info=True)
        self._set_connected(False, why)

    def _try_connect(self) -> None:
        from printer_driver.errors import PrinterError

        now = time.monotonic()
        if now < self._next_attempt:
            return
        try:
            drv = self._open_driver(self._url, on_event=self._on_event)
        except PrinterError as exc:
            self._retry_later(str(exc))
            return
        except Exception as exc:  # a bad URL or an OS error: keep the kiosk up, say why
            log.warning("cannot open the printer at %s: %s", self._url, exc)
            self._retry_later(str(exc))
            return
        self.driver = drv
        self._backoff = RECONNECT_MIN_S
        try:
            self._identity = identity_view_from(drv.identify())
        except PrinterError as exc:
            self._drop_driver(str(exc))
            self._retry_later(str(exc))
            return
        self._set_connected(True, "")

    def _retry_later(self, why: str) -> None:
        self._next_attempt = time.monotonic() + self._backoff
        self._backoff = min(RECONNECT_MAX_S, self._backoff * 2)
        self._set_connected(False, why)

    @Slot()
    def _tick(self) -> None:
        if self._stopping or self._current is not None:
            return
        if self.driver is None:
            self._try_connect()
            if self.driver is None:
                return
        self.poll_now()

    @Slot()
    def poll_now(self) -> None:
        """Ask the printer for its status now and report it."""
        from printer_driver.errors import PrinterError

        drv = self.driver
        if drv is None or self._stopping:
            return
        try:
            st = drv.status()
        except PrinterError as exc:
            log.info("printer status failed: %s", exc)
            self._drop_driver(str(exc))
            self._retry_later(str(exc))
            return
        counters = _counters_of(drv)
        # Cheap (the handshake's answer), and it changes when the printer restarted.
        with contextlib.suppress(PrinterError):
            self._identity = identity_view_from(drv.identify())
        self._set_connected(True, "")
        self.status.emit(status_view_from(st, identity=self._identity, counters=counters))

    # --- requests ---

    @Slot(object)
    def run_print(self, req: _PrintRequest) -> None:
        from printer_driver.errors import PrinterError
        from printer_driver.events import ProgressEvent

        if self.driver is None:
            self._try_connect()
        drv = self.driver
        if drv is None:
            self.failed.emit(req.order_id, PrintFailure("not_connected"))
            return
        self._current = req
        last: dict[str, int] = {"rows": 0}

        def on_progress(event: ProgressEvent) -> None:
            if event.phase == "print":
                last["rows"] = max(last["rows"], event.rows_done)

        try:
            job = drv.upload(req.mask)
            self.uploaded.emit(req.order_id, f"{job.id:08x}")
            result = drv.print_job(job, on_progress=on_progress)
        except PrinterError as exc:
            self._current = None
            log.info("print failed: %r", exc)
            self.failed.emit(req.order_id, PrintFailure.from_error(exc, last["rows"]))
            self._after_print(exc)
            return
        except Exception as exc:  # a driver bug must not kill the worker or lose the order
            log.exception("unexpected error while printing")
            self._current = None
            self.failed.emit(req.order_id, PrintFailure(
                "unexpected", rows_done=last["rows"], print_started=last["rows"] > 0,
                detail=repr(exc)))
            self._after_print(exc)
            return
        self._current = None
        rows = result.rows_printed or int(req.mask.dots.shape[0])
        self.finished.emit(req.order_id, rows)
        self.poll_now()

    def _after_print(self, exc: Exception) -> None:
        from printer_driver.errors import (
            DriverClosedError,
            LinkLostError,
            PrinterRestartedError,
        )

        if self._stopping:
            return
        if isinstance(exc, LinkLostError | DriverClosedError):
            self._drop_driver(str(exc))
            self._retry_later(str(exc))
        elif isinstance(exc, PrinterRestartedError) and self.driver is not None:
            try:
                self._identity = identity_view_from(self.driver.identify())
            except Exception:
                log.debug("re-identify after restart failed", exc_info=True)
        self.poll_now()

    @Slot()
    def clear_fault(self) -> None:
        from printer_driver.errors import PrinterError, PrinterFaultError

        drv = self.driver
        if drv is None:
            return
        try:
            drv.clear_fault()
        except PrinterFaultError as exc:
            # The cause is still there (not refilled, no cup): say so, the fault stays.
            self.fault_remains.emit(PrintFailure.from_error(exc, 0).to_record())
        except PrinterError as exc:
            log.info("clear_fault: %s", exc)
        self.poll_now()


def _counters_of(drv: Any) -> Any:
    counters = getattr(drv, "counters", None)
    snap = getattr(counters, "snapshot", None)
    return snap() if callable(snap) else None


# --- the service -------------------------------------------------------------------------------


class PrinterService(QObject):
    """The printer for the GUI thread; see the module docstring.

    Args:
        store: the :class:`kiosk.orders.store.OrderStore` (orders move PRINTING -> PRINTED/...).
        printer_url: where the printer is (``config.printer_url``).
        open_driver: ``(url, *, on_event) -> driver``; default ``PrinterDriver.open``.
        driver_timeouts: ``printer_driver.driver.Timeouts`` for the default opener (tests
            shorten the reconnect bound).

    Signals:
        statusChanged(PrinterStatusView): about once a second, and after every change.
        progress(order_id, rows_done, rows_total, seconds_left): during an order's print;
            ``seconds_left`` is -1 while unknown.
        printFinished(order_id): the printer said done; the order is PRINTED.
        printFailed(order_id, record): the order is INTERRUPTED or FAILED; ``record`` is the
            :meth:`PrintFailure.to_record` text the store keeps (``barista.words.
            printer_message`` puts it in words, in the current language).
        connectionChanged(bool): the link came up or went down.
        busyChanged(bool): a print (order or test) started or ended.
        testProgress(rows_done, rows_total, seconds_left), testFinished(),
        testFailed(record): the technician's test print (a failure record as above).
        faultRemains(record): Continue was pressed but the printer still has the fault
            (e.g. the reservoir was not refilled); a failure record as above.
    """

    statusChanged = Signal(object)  # noqa: N815 (Qt naming)
    progress = Signal(int, int, int, float)
    printFinished = Signal(int)  # noqa: N815 (Qt naming)
    printFailed = Signal(int, str)  # noqa: N815 (Qt naming)
    connectionChanged = Signal(bool)  # noqa: N815 (Qt naming)
    busyChanged = Signal(bool)  # noqa: N815 (Qt naming)
    testProgress = Signal(int, int, float)  # noqa: N815 (Qt naming)
    testFinished = Signal()  # noqa: N815 (Qt naming)
    testFailed = Signal(str)  # noqa: N815 (Qt naming)
    faultRemains = Signal(str)  # noqa: N815 (Qt naming)

    _request_print = Signal(object)
    _request_clear_fault = Signal()
    _request_poll = Signal()
    _request_shutdown = Signal()

    def __init__(self, store: Any, printer_url: str, *, open_driver: Any = None,
                 driver_timeouts: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._url = printer_url
        self._status: PrinterStatusView = OFFLINE
        self._connected = False
        self._busy_order: int | None = None
        self._busy_test = False
        self._job_rows: dict[int, Any] = {}
        self._progress: tuple[int, int, float] | None = None
        self._abort_threads: list[threading.Thread] = []
        self._started = False
        self._stopped = False

        self._thread = QThread()
        self._thread.setObjectName("printer")
        if open_driver is None:
            def open_driver(url: str, *, on_event: Any) -> Any:
                from printer_driver.driver import PrinterDriver

                return PrinterDriver.open(url, on_event=on_event, timeouts=driver_timeouts)
        self._worker = _PrinterWorker(printer_url, open_driver)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.start)
        self._request_print.connect(self._worker.run_print)
        self._request_clear_fault.connect(self._worker.clear_fault)
        self._request_poll.connect(self._worker.poll_now)
        self._request_shutdown.connect(self._worker.shutdown)
        self._worker.status.connect(self._on_status)
        self._worker.connection.connect(self._on_connection)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.uploaded.connect(self._on_uploaded)
        self._worker.fault_remains.connect(self.faultRemains)

    # --- properties ---

    @property
    def url(self) -> str:
        """The printer URL the service connects to."""
        return self._url

    @property
    def busy(self) -> bool:
        """True while a print (an order's or a test) is running: no idle reset, no 2nd print."""
        return self._busy_order is not None or self._busy_test

    @property
    def printing_order(self) -> int | None:
        """The order being printed now, or None."""
        return self._busy_order

    @property
    def connected(self) -> bool:
        """True while the printer answers."""
        return self._connected

    @property
    def status(self) -> PrinterStatusView:
        """The last status reported (OFFLINE before the first)."""
        return self._status

    @property
    def last_progress(self) -> tuple[int, int, float] | None:
        """(rows done, rows total, seconds left) of the running print, or None."""
        return self._progress

    # --- life cycle ---

    def start(self) -> None:
        """Start the worker thread (connects to the printer in the background)."""
        if not self._started:
            self._started = True
            self._thread.start()

    def stop(self) -> None:
        """Abort a running print, close the driver and join the worker thread.

        An order being printed is left INTERRUPTED in the store (the cup is half done).
        """
        if self._stopped:
            return
        self._stopped = True
        if self._busy_order is not None:
            self._mark_stopped_by_kiosk(self._busy_order)
        drv = self._worker.driver
        if self.busy and drv is not None:
            # The worker is blocked in print_job: cancel the print on the machine (bounded:
            # a printer that does not answer must not hold the kiosk's exit), then close the
            # driver so print_job returns.
            self._worker._stopping = True
            outcome = drv.abort_within(ABORT_ON_STOP_S)
            if not outcome.confirmed:
                log.warning("stopping: the printer did not confirm the abort (%s)",
                            outcome.error or outcome.confirmation)
            _call_quietly(drv.close)
        if self._started:
            self._request_shutdown.emit()
            if not self._thread.wait(int(STOP_TIMEOUT_S * 1000)):
                log.error("the printer thread did not stop in %.0f s", STOP_TIMEOUT_S)
                self._thread.quit()
                self._thread.wait(2000)
        for t in self._abort_threads:
            t.join(timeout=STOP_TIMEOUT_S)
        self._abort_threads.clear()
        self._set_busy(None, test=False)

    # --- slots the windows call ---

    @Slot(int, result=bool)
    def print_order(self, order_id: int) -> bool:
        """The barista tapped Print (or Reprint) for ``order_id``; returns False if refused.

        The order goes to PRINTING in the store before anything is sent. Refused (and
        nothing changes) while another print is running or the printer is not connected.
        """
        if self.busy or self._stopped or not self._connected:
            return False
        mask = self._store.get_mask(order_id)
        boot = self._status.identity.boot_id if self._status.identity else None
        _order, job = self._store.begin_print(order_id, printer_boot_id=boot or None)
        if mask is None:
            self._store.finish_print(job.id, PrintResult.FAILED, error_code=NO_MASK.code)
            self.printFailed.emit(order_id, MSG_NO_MASK)
            return False
        self._job_rows[order_id] = job.id
        self._progress = (0, int(mask.dots.shape[0]), -1.0)
        self._set_busy(order_id, test=False)
        self._request_print.emit(_PrintRequest(order_id, mask))
        return True

    @Slot(object, result=bool)
    def test_print(self, mask: Any) -> bool:
        """Print ``mask`` without an order (the technician's test pattern)."""
        if self.busy or self._stopped or not self._connected:
            return False
        self._progress = (0, int(mask.dots.shape[0]), -1.0)
        self._set_busy(None, test=True)
        self._request_print.emit(_PrintRequest(None, mask))
        return True

    @Slot()
    def abort(self) -> None:
        """Stop the running print now (out of band: never waits behind the job's data)."""
        drv = self._worker.driver
        if not self.busy or drv is None:
            return
        t = threading.Thread(target=_call_quietly, args=(drv.abort,), name="printer-abort",
                             daemon=True)
        self._abort_threads = [x for x in self._abort_threads if x.is_alive()]
        self._abort_threads.append(t)
        t.start()

    @Slot()
    def clear_fault(self) -> None:
        """The barista pressed Continue after fixing a fault (refill, cup, jam)."""
        self._request_clear_fault.emit()

    @Slot()
    def refresh(self) -> None:
        """Ask for a fresh status now (ignored during a print)."""
        if not self.busy:
            self._request_poll.emit()

    # --- worker reports (GUI thread) ---

    def _set_busy(self, order_id: int | None, *, test: bool) -> None:
        was = self.busy
        self._busy_order, self._busy_test = order_id, test
        if not self.busy:
            self._progress = None
        if was != self.busy:
            self.busyChanged.emit(self.busy)

    @Slot(object)
    def _on_status(self, view: PrinterStatusView) -> None:
        if self._busy_order is not None:
            view = _replace(view, printing_order=self._busy_order)
        self._status = view
        self.statusChanged.emit(view)

    @Slot(bool, str)
    def _on_connection(self, connected: bool, why: str) -> None:
        if connected != self._connected:
            self._connected = connected
            self.connectionChanged.emit(connected)

    @Slot(object, int, int, float)
    def _on_progress(self, order_id: int | None, done: int, total: int, left: float) -> None:
        self._progress = (done, total, left)
        if order_id is None:
            self.testProgress.emit(done, total, left)
        else:
            self.progress.emit(order_id, done, total, left)

    @Slot(object, str)
    def _on_uploaded(self, order_id: int | None, job_id: str) -> None:
        print_id = None if order_id is None else self._job_rows.get(order_id)
        if print_id is not None:
            try:
                self._store.update_print_job(print_id, job_id=job_id)
            except Exception:  # bookkeeping only; the print itself goes on
                log.exception("could not record job id %s", job_id)

    @Slot(object, int)
    def _on_finished(self, order_id: int | None, rows: int) -> None:
        self._set_busy(None, test=False)
        if order_id is None:
            self.testFinished.emit()
            return
        self._finish_job(order_id, PrintResult.PRINTED, None)
        self.printFinished.emit(order_id)

    @Slot(object, object)
    def _on_failed(self, order_id: int | None, failure: PrintFailure) -> None:
        self._set_busy(None, test=False)
        if order_id is None:
            self.testFailed.emit(failure.to_record())
            return
        # Something may be on the foam (the driver's print_started): the cup holds part of a
        # picture (INTERRUPTED). Refused or lost before PRINT: nothing happened (FAILED).
        result = PrintResult.INTERRUPTED if failure.print_started else PrintResult.FAILED
        self._finish_job(order_id, result, failure)
        self.printFailed.emit(order_id, failure.to_record())

    # --- store helpers ---

    def _order_state(self, order_id: int) -> OrderState | None:
        try:
            return OrderState(self._store.get(order_id).state)
        except LookupError:
            return None

    def _finish_job(self, order_id: int, result: PrintResult,
                    failure: PrintFailure | None) -> None:
        # The store keeps the code and its parameters; PRINTED/INTERRUPTED/FAILED already
        # say whether anything reached the foam.
        code = None if failure is None else failure.code
        params = None if failure is None else failure.params
        job = self._job_rows.pop(order_id, None)
        if job is not None:
            self._store.finish_print(job, result, error_code=code, error_params=params)
        elif self._order_state(order_id) is OrderState.PRINTING:
            self._store.transition(order_id, result.order_state, error_code=code,
                                   error_params=params)

    def _mark_stopped_by_kiosk(self, order_id: int) -> None:
        try:
            if self._order_state(order_id) is OrderState.PRINTING:
                self._finish_job(order_id, PrintResult.INTERRUPTED, KIOSK_STOPPED)
        except Exception:  # the store reopens PRINTING as INTERRUPTED anyway
            log.exception("could not mark order %s interrupted on stop", order_id)


def _call_quietly(fn: Any) -> None:
    try:
        fn()
    except Exception:
        log.info("printer abort failed", exc_info=True)


def _replace(view: PrinterStatusView, **changes: Any) -> PrinterStatusView:
    from dataclasses import replace

    return replace(view, **changes)
