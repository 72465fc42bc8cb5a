"""The in-process simulated printers, by name.

``sim://NAME`` reaches the printer called NAME, creating and starting it on first use with
the URL's settings; later URLs with the same NAME reach the same printer (their settings
are ignored, as a second cable to the same machine would not change the machine). Tests
remove their printers with :func:`remove_printer` or :func:`shutdown_all`, which stop and
join each printer's thread.
"""

from __future__ import annotations

import threading

from printer_driver.sim.config import SimSettings
from printer_driver.sim.printer import FirmwareFactory, SimPrinter

_lock = threading.Lock()
_printers: dict[str, SimPrinter] = {}


def get_printer(name: str) -> SimPrinter:
    """The running simulated printer called ``name``.

    Raises:
        KeyError: if none was created under that name.
    """
    with _lock:
        try:
            return _printers[name]
        except KeyError:
            raise KeyError(
                f"no simulated printer called '{name}'; open sim://{name} first"
            ) from None


def open_printer(
    name: str, settings: SimSettings | None = None, *,
    firmware_factory: FirmwareFactory | None = None,
) -> SimPrinter:
    """The printer called ``name``, created with ``settings`` and started if new."""
    with _lock:
        printer = _printers.get(name)
        if printer is None or not printer.running:
            printer = SimPrinter(name, settings, firmware_factory=firmware_factory)
            printer.start()
            _printers[name] = printer
        return printer


def add_printer(printer: SimPrinter) -> SimPrinter:
    """Make an already built printer reachable as ``sim://<printer.name>`` (and start it).

    Raises:
        ValueError: if a running printer already has that name.
    """
    with _lock:
        old = _printers.get(printer.name)
        if old is not None and old is not printer and old.running:
            raise ValueError(f"a simulated printer called '{printer.name}' is already running")
        _printers[printer.name] = printer
    return printer.start()


def remove_printer(name: str) -> None:
    """Switch the printer off (stop and join its thread) and forget it."""
    with _lock:
        printer = _printers.pop(name, None)
    if printer is not None:
        printer.stop()


def printer_names() -> list[str]:
    """Names of the printers currently known."""
    with _lock:
        return sorted(_printers)


def shutdown_all() -> None:
    """Stop and forget every in-process printer (test teardown)."""
    with _lock:
        printers = list(_printers.values())
        _printers.clear()
    for printer in printers:
        printer.stop()


def live_sim_threads() -> list[str]:
    """Names of simulator threads still running (printers, servers, output writers).

    Tests assert this is empty after their teardown: nothing may be left running.
    """
    return sorted(t.name for t in threading.enumerate() if t.name.startswith("sim-"))
