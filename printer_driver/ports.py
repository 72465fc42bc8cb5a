"""Printer addresses: the driver's own URL options, the port errors, the simulator's scheme.

A printer address is anything ``serial.serial_for_url`` opens (``/dev/ttyUSB0``,
``socket://HOST:PORT``, ``sim://NAME?speed=20``) plus the driver's options ``dtr``/``rts``.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path

import serial

from printer_driver import errors

_SIM_PACKAGE = "printer_driver.sim"

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


def port_error(url: str, port_url: str, exc: BaseException) -> errors.PortOpenError:
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


__all__ = ["ensure_sim_handler", "port_error", "split_line_options"]
