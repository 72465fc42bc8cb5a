"""The simulated printer behind a TCP port, like a serial device server.

``TcpServer(printer, port=0).start()`` listens on ``127.0.0.1``; a host opens it with
``serial.serial_for_url(server.url)`` (``socket://127.0.0.1:PORT``). Each new connection
takes the printer's line over from the previous one, whose socket is closed; the printer's
job state is untouched, as when a serial port is reopened. While the printer is unplugged
(a ``disconnect`` fault) connections are accepted and closed at once, and an unplug closes
the connection in use.
"""

from __future__ import annotations

import contextlib
import logging
import os
import selectors
import socket
import threading

from printer_driver.sim.printer import Connection, SimPrinter, Unplugged

log = logging.getLogger(__name__)


class _Client:
    """Moves bytes between one accepted socket and one printer connection."""

    def __init__(self, sock: socket.socket, conn: Connection, name: str) -> None:
        self.sock = sock
        self.conn = conn
        self._closed = threading.Event()
        self._up = threading.Thread(target=self._to_printer, name=f"{name}-up", daemon=True)
        self._down = threading.Thread(target=self._to_host, name=f"{name}-down", daemon=True)
        self._up.start()
        self._down.start()

    def _to_printer(self) -> None:
        try:
            while not self._closed.is_set():
                data = self.sock.recv(4096)
                if not data:
                    break
                self.conn.write(data)
        except (OSError, Unplugged):
            pass
        self.close()

    def _to_host(self) -> None:
        try:
            while not self._closed.is_set():
                data = self.conn.read_some(4096, 0.05)
                if data:
                    self.sock.sendall(data)
        except (OSError, Unplugged):
            pass
        self.close()

    def close(self) -> None:
        if self._closed.is_set():
            return
        self._closed.set()
        self.conn.close()
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)

    def join(self) -> None:
        self.close()
        for t in (self._up, self._down):
            if t is not threading.current_thread():
                t.join(5.0)
        self.sock.close()

    @property
    def finished(self) -> bool:
        return not (self._up.is_alive() or self._down.is_alive())


class TcpServer:
    """Serves one simulated printer on a TCP port.

    Args:
        printer: the printer (started by the caller).
        host: address to listen on (default loopback only).
        port: TCP port; 0 picks a free one (see :attr:`port`).
    """

    def __init__(self, printer: SimPrinter, host: str = "127.0.0.1", port: int = 0) -> None:
        self.printer = printer
        self.host = host
        self._requested = port
        self.port = port
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._wake_r, self._wake_w = -1, -1
        self._stop = threading.Event()
        self._clients: list[_Client] = []
        self._lock = threading.Lock()
        self.connections = 0

    @property
    def url(self) -> str:
        """The pyserial URL that reaches the printer."""
        return f"socket://{self.host}:{self.port}"

    def start(self) -> TcpServer:
        """Listen and accept in a background thread. Returns self.

        Raises:
            OSError: if the port cannot be bound (in use, no permission).
        """
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self._requested))
            sock.listen(4)
        except OSError:
            sock.close()
            raise
        self._sock = sock
        self.port = sock.getsockname()[1]
        self._wake_r, self._wake_w = os.pipe()
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._accept_loop, name=f"sim-tcp-{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every connection and the listening socket; join all threads."""
        self._stop.set()
        if self._thread is not None:
            os.write(self._wake_w, b"x")
            self._thread.join(5.0)
            self._thread = None
        with self._lock:
            clients, self._clients = self._clients, []
        for client in clients:
            client.join()
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        for fd in (self._wake_r, self._wake_w):
            if fd >= 0:
                os.close(fd)
        self._wake_r = self._wake_w = -1

    def __enter__(self) -> TcpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _accept_loop(self) -> None:
        assert self._sock is not None
        with selectors.DefaultSelector() as sel:
            sel.register(self._sock, selectors.EVENT_READ)
            sel.register(self._wake_r, selectors.EVENT_READ)
            while not self._stop.is_set():
                ready = sel.select()
                if self._stop.is_set():
                    break
                if not any(key.fileobj is self._sock for key, _ in ready):
                    continue
                try:
                    client_sock, _ = self._sock.accept()
                except OSError:
                    continue
                self._serve(client_sock)

    def _serve(self, client_sock: socket.socket) -> None:
        client_sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            conn = self.printer.connect()
        except Unplugged as exc:
            log.info("refusing a connection: %s", exc)
            client_sock.close()
            return
        self.connections += 1
        client = _Client(client_sock, conn, f"sim-tcp-{self.port}-{self.connections}")
        with self._lock:
            finished = [c for c in self._clients if c.finished]
            self._clients = [c for c in self._clients if not c.finished] + [client]
        for old in finished:
            old.join()
