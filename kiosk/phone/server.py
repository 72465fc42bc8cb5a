"""The phone upload's HTTP server: uvicorn in a thread of its own, bound to one address.

:class:`PhoneServer` binds the socket itself (so a wrong address or a port in use is a
:class:`~kiosk.phone.errors.PhoneError` at once, and port 0 picks a free port), runs
uvicorn's event loop in a daemon thread, and stops and joins it in :meth:`PhoneServer.stop`.

uvicorn has no deadline for a request's headers: a client sending one byte a minute
(slowloris) would hold its connection for ever. :func:`guarded_protocol` subclasses
uvicorn's h11 protocol (its documented ``http=`` extension point) to add one, answering
``408`` when the headers are not complete in time, and to cap each client's open
connections (``429``). The body has its own timeouts in :mod:`kiosk.phone.app`.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from kiosk.phone.app import ASGIApp
from kiosk.phone.errors import BIND_FAILED, PhoneError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConnectionLimits:
    """Limits below the application.

    Attributes:
        header_s: seconds for a request line and headers to arrive (else 408, closed).
        per_client: open connections one client address may hold (more: 429, closed).
        total: open connections in all (more: uvicorn answers 503).
        keep_alive_s: an idle kept-alive connection is closed after this.
    """

    header_s: float = 10.0
    per_client: int = 8
    total: int = 64
    keep_alive_s: float = 5.0


class _ClientCounter:
    """Open connections per client address; entries vanish at zero (nothing is kept)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._open: Counter[str] = Counter()

    def open(self, client: str) -> bool:
        if self._open[client] >= self.limit:
            return False
        self._open[client] += 1
        return True

    def close(self, client: str) -> None:
        self._open[client] -= 1
        if self._open[client] <= 0:
            del self._open[client]

    def __len__(self) -> int:
        return len(self._open)


def _raw_response(status: int, reason: str, text: str) -> bytes:
    body = text.encode()
    return (f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\ncache-control: no-store\r\n"
            "x-content-type-options: nosniff\r\n\r\n").encode() + body


def guarded_protocol(limits: ConnectionLimits) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a header deadline and a per-client connection cap."""
    counter = _ClientCounter(limits.per_client)

    class GuardedH11Protocol(H11Protocol):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # Never an access log: it would keep each phone's address (and the code).
            # uvicorn's access_log=False does not hold when the root logger has handlers.
            self.access_log = False
            self._guard_client = "?"
            self._guard_counted = False
            self._guard_timer: asyncio.TimerHandle | None = None
            self._guard_cycle: Any = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._guard_client = self.client[0] if self.client else "?"
            self._guard_counted = counter.open(self._guard_client)
            if not self._guard_counted:
                self._refuse(429, "Too Many Requests", "Too many connections\n")
                return
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            if self._guard_counted:
                self._guard_counted = False
                counter.close(self._guard_client)
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if self.transport.is_closing():
                return
            super().data_received(data)
            if self.cycle is not self._guard_cycle:  # a request's headers are complete
                self._guard_cycle = self.cycle
                self._disarm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()  # the next request on this connection gets the same deadline

        def _arm(self) -> None:
            self._disarm()
            self._guard_timer = self.loop.call_later(limits.header_s, self._too_slow)

        def _disarm(self) -> None:
            if self._guard_timer is not None:
                self._guard_timer.cancel()
                self._guard_timer = None

        def _too_slow(self) -> None:
            self._guard_timer = None
            if self.cycle is not None and not self.cycle.response_complete:
                return  # a request is being answered; the application times its body
            self._refuse(408, "Request Timeout", "Request timeout\n")

        def _refuse(self, status: int, reason: str, text: str) -> None:
            if not self.transport.is_closing():
                self.transport.write(_raw_response(status, reason, text))
                self.transport.close()

    GuardedH11Protocol.open_clients = counter  # type: ignore[attr-defined]
    return GuardedH11Protocol


class _Server(uvicorn.Server):
    """uvicorn's server that says when it is listening (or has given up)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets)
        finally:
            self.ready.set()

    def install_signal_handlers(self) -> None:  # older uvicorn; the kiosk owns signals
        return None


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (port 0: any free port).

    Raises:
        PhoneError: ``bind_failed`` with ``reason`` ``in_use``, ``not_here`` (the address
            is not on this computer), ``denied`` (a port below 1024) or ``other``.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(64)
    except OSError as exc:
        sock.close()
        reason = {errno.EADDRINUSE: "in_use", errno.EADDRNOTAVAIL: "not_here",
                  errno.EACCES: "denied"}.get(exc.errno or 0, "other")
        raise PhoneError(BIND_FAILED, f"{host}:{port}: {exc.strerror or exc}",
                         host=host, port=port, reason=reason) from exc
    sock.setblocking(False)
    return sock


class PhoneServer:
    """The HTTP server on ``host``:``port``; :meth:`start`, then :meth:`stop`.

    ``make_app(port)`` builds the application once the port is known (port 0 picks one,
    and the application checks the ``Host`` header against it)."""

    def __init__(self, make_app: Callable[[int], ASGIApp], host: str, port: int,
                 limits: ConnectionLimits | None = None) -> None:
        self.make_app = make_app
        self.host = host
        self.requested_port = port
        self.limits = limits or ConnectionLimits()
        self.protocol = guarded_protocol(self.limits)
        self._sock: socket.socket | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port listened on (the chosen one when 0 was asked for)."""
        if self._sock is None:
            return self.requested_port
        return int(self._sock.getsockname()[1])

    @property
    def running(self) -> bool:
        """True while the server thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = 10.0) -> None:
        """Bind and start serving; returns once the server listens.

        Raises:
            PhoneError: ``bind_failed`` (see :func:`bind`).
        """
        if self._thread is not None:
            return
        self._sock = bind(self.host, self.requested_port)
        config = uvicorn.Config(
            self.make_app(self.port), lifespan="off", log_config=None, access_log=False,
            server_header=False, http=self.protocol, limit_concurrency=self.limits.total,
            timeout_keep_alive=int(max(1, self.limits.keep_alive_s)),
            timeout_graceful_shutdown=2, h11_max_incomplete_event_size=16 * 1024,
        )
        self._server = _Server(config)
        self._thread = threading.Thread(target=self._server.run,
                                        kwargs={"sockets": [self._sock]},
                                        name="phone-server", daemon=True)
        self._thread.start()
        if not self._server.ready.wait(timeout) or not self._server.started:
            self.stop()
            raise PhoneError(BIND_FAILED, "the server did not start", host=self.host,
                             port=self.requested_port, reason="other")
        log.info("phone upload listening on %s port %d", self.host, self.port)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving, close the socket and join the thread (idempotent)."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive() and self._server is not None:
                self._server.force_exit = True
                self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("the phone server thread did not stop in time")
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        self._thread = None
        self._server = None
