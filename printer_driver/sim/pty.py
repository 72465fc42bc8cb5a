"""The simulated printer behind a pseudo-terminal, like a USB serial adapter.

``PtyServer(printer).start()`` makes a pty pair; hosts open :attr:`path` (or the stable
symlink ``link`` if given) as an ordinary serial port. The pty stays open across host
opens and closes, so reopening it reaches the printer with its job state intact. When the
printer is unplugged (a ``disconnect`` fault) the pty is closed, so the host's reads fail;
once the printer is plugged back a new pty appears (its path may differ: ``link`` is
repointed, and ``on_path`` is called with the new path), like a USB adapter re-enumerating.
POSIX only.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import select
import threading
import tty
from collections.abc import Callable
from pathlib import Path

from printer_driver.sim.printer import Connection, SimPrinter, Unplugged

log = logging.getLogger(__name__)


class PtyServer:
    """Serves one simulated printer on a pseudo-terminal.

    Args:
        printer: the printer (started by the caller).
        link: optional path of a symlink kept pointing at the current pty.
        on_path: called with the device path whenever a (new) pty appears.
    """

    def __init__(
        self, printer: SimPrinter, *, link: str | Path | None = None,
        on_path: Callable[[str], None] | None = None,
    ) -> None:
        self.printer = printer
        self.link = Path(link) if link else None
        self.on_path = on_path
        self.path = ""
        self.generation = 0  # how many ptys were made: 1 at start, +1 per replug
        self.dropped = 0  # bytes lost because nobody read the pty
        self._master = self._slave = -1
        self._conn: Connection | None = None
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = -1, -1

    @property
    def device(self) -> str:
        """What a host should open: the symlink if there is one, else the pty path."""
        return str(self.link) if self.link else self.path

    def start(self) -> PtyServer:
        """Create the pty and start moving bytes. Returns self."""
        self._wake_r, self._wake_w = os.pipe()
        self._open_pty()
        self._conn = self.printer.connect()
        with self._lock:
            self._spawn()
        return self

    def stop(self) -> None:
        """Close the pty (hosts see it vanish) and join every thread."""
        self._stop.set()
        if self._wake_w >= 0:
            os.write(self._wake_w, b"x")
        while True:
            with self._lock:
                conn = self._conn
                threads, self._threads = self._threads, []
            if conn is not None:
                conn.close()
            if not threads:
                break
            for t in threads:
                t.join(5.0)
        self._close_pty()
        for fd in (self._wake_r, self._wake_w):
            if fd >= 0:
                os.close(fd)
        self._wake_r = self._wake_w = -1
        if self.link is not None and self.link.is_symlink():
            self.link.unlink()

    def __enter__(self) -> PtyServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- inside -------------------------------------------------------------------------

    def _open_pty(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line editing: a clean 8-bit line
        os.set_blocking(master, False)
        self._master, self._slave = master, slave
        path = os.ttyname(slave)
        if self.link is not None:
            tmp = self.link.with_name(self.link.name + ".new")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            tmp.symlink_to(path)
            tmp.replace(self.link)  # atomic: the link never dangles mid-update
        self.path = path
        self.generation += 1
        if self.on_path is not None:
            self.on_path(self.path)

    def _close_pty(self) -> None:
        for fd in (self._master, self._slave):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._master = self._slave = -1

    def _spawn(self) -> threading.Thread:
        up = threading.Thread(target=self._to_printer, name="sim-pty-up", daemon=True)
        down = threading.Thread(
            target=self._to_host, args=(up,), name="sim-pty-down", daemon=True
        )
        self._threads += [up, down]
        up.start()
        down.start()
        return up

    def _to_printer(self) -> None:
        conn, master = self._conn, self._master
        assert conn is not None
        try:
            while not self._stop.is_set() and conn.alive:
                ready, _, _ = select.select([master, self._wake_r], [], [], 0.05)
                if master not in ready:
                    continue
                try:
                    data = os.read(master, 4096)
                except BlockingIOError:
                    continue
                except OSError as exc:
                    if exc.errno == errno.EIO:  # no host has it open right now
                        self._stop.wait(0.01)
                        continue
                    raise
                if data:
                    conn.write(data)
        except Unplugged:
            pass

    def _to_host(self, up: threading.Thread) -> None:
        conn = self._conn
        assert conn is not None
        try:
            while not self._stop.is_set():
                data = conn.read_some(4096, 0.05)
                while data and not self._stop.is_set():
                    try:
                        n = os.write(self._master, data)
                    except BlockingIOError:
                        self.dropped += len(data)  # nobody is reading: the bytes are lost
                        break
                    data = data[n:]
        except Unplugged:
            if not self._stop.is_set():
                self._replug(up)

    def _replug(self, up: threading.Thread) -> None:
        """The printer was unplugged: drop the pty, wait to be plugged back, make a new one."""
        up.join()  # it stops within one select timeout; then nobody uses the old fds
        self._close_pty()
        while not self._stop.is_set():
            try:
                conn = self.printer.connect()
            except Unplugged:
                if self._stop.wait(0.02):
                    return
                continue
            with self._lock:
                if self._stop.is_set():
                    conn.close()
                    return
                self._conn = conn
                self._open_pty()
                self._spawn()
            return
