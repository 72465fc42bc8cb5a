"""The print service's link to the printer: connect, reconnect, status, identity.

:class:`PrinterConnection` belongs to one :class:`~kiosk.printing.service.PrintService`
and is driven from its worker thread (``tick``, ``connect``, ``poll``, ``after_error``);
the driver's own threads report through :meth:`PrinterConnection.on_driver_event`, and
callers on any thread read the properties.

In the kiosk's mode (``keep_connected``) it connects in the background and, after a loss,
reopens with the shared capped backoff (:class:`printer_driver.backoff.Backoff`, 1 s
doubling to 5 s); while idle it asks for the status once a tick. A request while the link
is down gets :class:`NotConnectedError` at once: the kiosk reconnects on its own schedule,
never behind a tap. In a command's mode the first request connects, once.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.printing import events as ev
from kiosk.printing.views import (
    OFFLINE,
    PrinterIdentityView,
    PrinterStatusView,
    identity_view_from,
    status_view_from,
)
from printer_driver.backoff import Backoff
from printer_driver.errors import (
    DriverClosedError,
    LinkLostError,
    PrinterError,
    PrinterRestartedError,
)
from printer_driver.events import ConnectionEvent, ConnectionState, Event, StatusEvent

if TYPE_CHECKING:
    from kiosk.printing.profiles import PrintSettings, ProfileLookup
    from printer_driver.driver import PrinterDriver
    from printer_driver.events import EventCallback
    from printer_driver.values import PrinterInfo, PrinterStatus

log = logging.getLogger(__name__)

RECONNECT_MIN_S = 1.0
RECONNECT_MAX_S = 5.0

#: Opens a driver: ``(url, on_event) -> PrinterDriver`` (connected, handshake done).
DriverOpener = Callable[[str, "EventCallback"], "PrinterDriver"]

_UP = (ConnectionState.RECONNECTED, ConnectionState.RESTARTED, ConnectionState.CONNECTED)
_DOWN = (ConnectionState.LOST, ConnectionState.RECONNECTING, ConnectionState.GAVE_UP)
_UPTIME_MASK = 0xFFFFFFFF  # the printer's uptime is 32-bit milliseconds (wraps at ~49.7 d)


class NotConnectedError(DriverClosedError):
    """The kiosk's link is down at a request: it reconnects by itself, not on demand."""


class PrinterConnection:
    """See the module docstring.

    Args:
        url: the printer.
        opener: opens a driver.
        profiles: the calibration lookup, asked again whenever the identity changes.
        emit: where status and connection events go.
        keep_connected: the kiosk's mode.
        printing_order: the order being printed now (for the status views).
    """

    def __init__(self, url: str, opener: DriverOpener, profiles: ProfileLookup,
                 emit: Callable[[ev.ServiceEvent], None], *, keep_connected: bool,
                 printing_order: Callable[[], int | None]) -> None:
        self.url = url
        self._open = opener
        self._profiles = profiles
        self._emit = emit
        self.keep_connected = keep_connected
        self._printing_order = printing_order
        self._lock = threading.Lock()
        self._driver: PrinterDriver | None = None
        self._identity: PrinterIdentityView | None = None
        self._settings: PrintSettings | None = None
        self._connected = False
        self._status = OFFLINE
        # (boot id, uptime ms) of the newest printer status published; its own lock, as
        # publishing calls listeners (never under the connection's lock).
        self._stamp: tuple[int, int] | None = None
        self._status_lock = threading.Lock()
        self._backoff = Backoff(RECONNECT_MIN_S, RECONNECT_MAX_S)
        self._next_attempt = 0.0
        self.closing = False

    # --- what callers read -------------------------------------------------------------

    @property
    def driver(self) -> PrinterDriver | None:
        """The open driver, None while down."""
        return self._driver

    @property
    def connected(self) -> bool:
        return self._connected

    @property
    def status(self) -> PrinterStatusView:
        return self._status

    @property
    def identity(self) -> PrinterIdentityView | None:
        return self._identity

    @property
    def settings(self) -> PrintSettings | None:
        """The connected printer's calibration (None: not calibrated or not known)."""
        return self._settings

    # --- the worker's calls ------------------------------------------------------------

    def require(self) -> PrinterDriver:
        """The driver; connects first in a command's mode.

        Raises:
            NotConnectedError: the kiosk's link is down (it reconnects by itself).
            PrinterError: a command's connection failed.
        """
        drv = self._driver
        if drv is not None:
            return drv
        if self.keep_connected:
            raise NotConnectedError()
        return self.connect()

    def tick(self) -> None:
        """The kiosk's heartbeat: connect when due, else ask for the status."""
        if self._driver is None:
            if time.monotonic() >= self._next_attempt:
                with contextlib.suppress(Exception):  # logged; tried again after a pause
                    self.connect()
            return
        self.poll()

    def connect(self) -> PrinterDriver:
        """Open the printer and handshake. Raises what the opener raises; in the kiosk's
        mode the next attempt is scheduled first."""
        try:
            drv = self._open(self.url, self.on_driver_event)
            try:
                info = drv.identify()
            except BaseException:
                drv.close()
                raise
        except Exception as exc:
            if not isinstance(exc, PrinterError):  # an OS error, a bug: say why, stay up
                log.warning("cannot open the printer at %s: %s", self.url, exc)
            self._retry_later(str(exc))
            raise
        self._backoff.reset()
        with self._lock:
            self._driver = drv
        self._identify(info)
        self._set_connected(True, "")
        if self.keep_connected:
            self.poll()  # the screens see the printer as it is at once, not a tick later
        return drv

    def poll(self) -> None:
        """Ask for the status now and publish it; a failure drops the link."""
        drv = self._driver
        if drv is None or self.closing:
            return
        try:
            st = drv.status()
            with contextlib.suppress(PrinterError):  # cheap, and it changes on a restart
                self._identify(drv.identify())
        except PrinterError as exc:
            log.info("printer status failed: %s", exc)
            self.drop(str(exc))
            self._retry_later(str(exc))
            return
        self._set_connected(True, "")
        self._publish_status(st, drv)

    def after_error(self, error: BaseException | None) -> None:
        """After a print or command: a lost or closed link is dropped (and reopened
        later), a restarted printer identified again."""
        if isinstance(error, LinkLostError | DriverClosedError):
            self.drop(str(error))
            if self.keep_connected:
                self._retry_later(str(error))
        elif isinstance(error, PrinterRestartedError) and self._driver is not None:
            with contextlib.suppress(PrinterError):
                self._identify(self._driver.identify())

    def drop(self, why: str) -> None:
        """Close the driver (if any) and say the printer is not connected."""
        with self._lock:
            drv, self._driver = self._driver, None
        if drv is not None:
            try:
                drv.close()
            except Exception:  # closing a dead port can fail in many ways; it is gone anyway
                log.debug("closing the printer driver failed", exc_info=True)
            self._set_connected(False, why)

    # --- the driver's threads ------------------------------------------------------------

    def on_driver_event(self, event: Event) -> None:
        """The driver's events: keepalive statuses and link changes."""
        if isinstance(event, StatusEvent):
            drv = self._driver
            if self._connected and not self.closing and drv is not None:
                self._publish_status(event.status, drv)
        elif isinstance(event, ConnectionEvent):
            if event.state in _DOWN:
                self._set_connected(False, event.detail)
            elif event.state in _UP:
                self._set_connected(True, "")

    # --- inside ------------------------------------------------------------------------

    def _retry_later(self, why: str) -> None:
        if self.keep_connected:
            delay = self._backoff.next_delay()
            self._next_attempt = time.monotonic() + (RECONNECT_MAX_S if delay is None
                                                     else delay)
        self._set_connected(False, why)

    def _identify(self, info: PrinterInfo) -> None:
        identity = identity_view_from(info)
        if identity != self._identity:
            self._settings = self._lookup(info)
        self._identity = identity

    def _lookup(self, info: PrinterInfo) -> PrintSettings | None:
        try:
            return self._profiles(info)
        except Exception:  # a broken profile must not stop printing on nominal values
            log.exception("the calibration lookup failed for serial %s", info.serial)
            return None

    def refresh_settings(self) -> PrintSettings | None:
        """Ask the lookup again (before each print: a profile saved meanwhile applies)."""
        drv = self._driver
        if drv is not None:
            with contextlib.suppress(PrinterError):
                self._settings = self._lookup(drv.identify())
        return self._settings

    def _set_connected(self, connected: bool, why: str) -> None:
        with self._lock:
            changed, self._connected = connected != self._connected, connected
        if changed:
            self._emit(ev.ConnectionChanged(connected, why))
        if not connected:
            self._publish(PrinterStatusView(connected=False, detail=why,
                                            identity=self._identity))

    def _publish_status(self, st: PrinterStatus, drv: PrinterDriver) -> None:
        """Publish a status the printer reported, unless a newer one is out already: the
        keepalive (the driver's reader thread) and the poll (the worker, which asks for
        the identity too before publishing) race, and an older answer published last
        showed the levels and faults from before, e.g. a refilled reservoir empty again
        until the next poll. Newer is by the printer's own clock (ms since boot, wraps)."""
        stamp = (st.boot_id, round(st.uptime_s * 1000) & _UPTIME_MASK)
        with self._status_lock:
            last = self._stamp
            if last is not None and last[0] == stamp[0]:
                behind = (last[1] - stamp[1]) & _UPTIME_MASK
                if 0 < behind <= _UPTIME_MASK // 2:
                    return
            self._stamp = stamp
            self._publish(status_view_from(st, identity=self._identity,
                                           counters=drv.counters.snapshot(),
                                           printing_order=self._printing_order()))

    def _publish(self, view: PrinterStatusView) -> None:
        self._status = view
        self._emit(ev.StatusChanged(view))


__all__ = ["DriverOpener", "NotConnectedError", "PrinterConnection"]
