"""The phone upload as the kiosk and ``photolatte phone-test`` use it: one object.

::

    service = PhoneService(PhoneSettings.from_config(config), events)
    service.start()                     # PhoneError when the address cannot be used
    session = service.open_session()    # a new one-time code; show session.url as a QR
    ...                                 # events.phone_photo(photo) from the server thread
    service.close_session()             # the customer left: the code dies at once
    service.stop()                      # joins the server thread

At most one session (code) is live at a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.phone.app import ASGIApp, PhoneEvents, UploadLimits, build_app
from kiosk.phone.codes import CodeBook
from kiosk.phone.network import resolve_host, url_host
from kiosk.phone.server import ConnectionLimits, PhoneServer


@dataclass(frozen=True)
class PhoneSettings:
    """What the phone upload needs from the kiosk's settings.

    Attributes:
        host: address or interface name to listen on (``phone_host``).
        port: TCP port (``phone_port``; 0 = any free port).
        wifi: the café Wi-Fi's name for the QR screen (``phone_wifi``).
        code_minutes: a code's lifetime in minutes (``phone_code_minutes``).
        limits: upload limits (the size cap from ``phone_max_mb``, timeouts, rates).
        connections: connection limits (header deadline, per-client cap).
    """

    host: str = "127.0.0.1"
    port: int = 8765
    wifi: str = ""
    code_minutes: float = 5.0
    limits: UploadLimits = field(default_factory=UploadLimits)
    connections: ConnectionLimits = field(default_factory=ConnectionLimits)

    @classmethod
    def from_config(cls, config: Any, **changes: Any) -> PhoneSettings:
        """From a :class:`kiosk.settings.config.KioskConfig` (``changes`` override)."""
        limits = UploadLimits(max_bytes=int(config.phone_max_mb * 1024 * 1024),
                              retention_minutes=round(config.retention_minutes))
        values: dict[str, Any] = dict(host=config.phone_host, port=config.phone_port,
                                      wifi=config.phone_wifi,
                                      code_minutes=config.phone_code_minutes, limits=limits)
        values.update(changes)
        return cls(**values)


@dataclass(frozen=True)
class PhoneSession:
    """One customer's code. ``url`` goes into the QR code; ``expires_at`` is on the
    service's monotonic clock."""

    url: str
    code: str
    expires_at: float
    lifetime_s: float


class PhoneService:
    """The server, the code book and the sessions (see the module docstring)."""

    def __init__(self, settings: PhoneSettings, events: PhoneEvents, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.codes = CodeBook(clock)
        self._clock = clock
        self._events = events
        self._server: PhoneServer | None = None
        self.address = ""

    @property
    def running(self) -> bool:
        """True while the server listens."""
        return self._server is not None and self._server.running

    @property
    def port(self) -> int:
        """The port listened on."""
        return self._server.port if self._server is not None else self.settings.port

    @property
    def base_url(self) -> str:
        """``http://ADDRESS:PORT`` of the running server."""
        return f"http://{url_host(self.address)}:{self.port}"

    def start(self) -> None:
        """Resolve the address, bind and serve.

        Raises:
            PhoneError: ``all_interfaces``, ``bad_host`` or ``bind_failed``.
        """
        if self.running:
            return
        self.address = resolve_host(self.settings.host)
        def make_app(port: int) -> ASGIApp:
            return build_app(self.codes, self._events, self.settings.limits,
                             allowed_hosts=self._hosts(port))

        server = PhoneServer(make_app, self.address, self.settings.port,
                             self.settings.connections)
        server.start()
        self._server = server

    def stop(self) -> None:
        """Retire the code, stop the server and join its thread (idempotent)."""
        self.codes.revoke()
        if self._server is not None:
            self._server.stop()
            self._server = None

    def open_session(self) -> PhoneSession:
        """A new code (any earlier one dies) and the address to put in the QR code."""
        lifetime = self.settings.code_minutes * 60.0
        code = self.codes.issue(lifetime)
        return PhoneSession(f"{self.base_url}/p/{code.value}", code.value, code.expires_at,
                            lifetime)

    def close_session(self) -> None:
        """The customer left the QR screen (or the photo was taken): the code dies."""
        self.codes.revoke()

    def seconds_left(self) -> float:
        """Seconds the live code still works (0 when none)."""
        return self.codes.seconds_left()

    def _hosts(self, port: int) -> frozenset[str]:
        host = url_host(self.address).lower()
        return frozenset({host, f"{host}:{port}"})
