"""The hands a simulated printer lacks: the physical part of fixing a fault, done for the
built-in demo printer (``sim://NAME``).

A real printer's fault is fixed at the machine (free the head, refill a reservoir, put the
cup back) and then acknowledged (the barista's Continue, ``photolatte printer clear``;
:mod:`printer_driver.faults` says which faults need that). The demo's printer lives inside
the kiosk: there is no head to open, so a jam on it could never be cleared and the demo
would be stuck. For a ``sim://`` printer the kiosk offers the hands' part as an action;
the acknowledgement stays the print service's, exactly as for a real printer. For any other
printer every function here answers "nothing to do".

Headless (no Qt): the barista's fault banner asks :func:`fixable` which faults to offer
and calls :func:`fix` before acknowledging.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from printer_driver.sim import Machine, SimConfigError, get_printer, parse_sim_url

log = logging.getLogger(__name__)

#: What a person's hands do for each fault the simulator can have, by the fault table's name.
_HANDS: dict[str, Callable[[Machine], None]] = {
    "jam": lambda m: m.clear_jam(),
    "cup_removed": lambda m: m.place_cup(),
    "cup_missing": lambda m: m.place_cup(),
    "cocoa_empty": lambda m: m.refill("cocoa"),
    "cinnamon_empty": lambda m: m.refill("cinnamon"),
}


def simulated_name(printer_url: str) -> str | None:
    """The simulated printer's name for a ``sim://NAME`` URL; None for any other printer
    (or a ``sim://`` URL that does not parse)."""
    if not printer_url.strip().lower().startswith("sim://"):
        return None
    try:
        return parse_sim_url(printer_url.strip())[0]
    except SimConfigError:
        return None


def fixable(printer_url: str, faults: Iterable[str]) -> tuple[str, ...]:
    """Which of ``faults`` (fault table names) the kiosk can fix by hand on this printer:
    those the simulator knows, on a ``sim://`` printer; () on a real one."""
    if simulated_name(printer_url) is None:
        return ()
    return tuple(f for f in faults if f in _HANDS)


def fix(printer_url: str, faults: Iterable[str]) -> tuple[str, ...]:
    """Do the hands' part of fixing ``faults`` on the simulated printer at ``printer_url``
    (free the head, put the cup back, refill); returns the faults fixed. The faults stay
    latched until acknowledged (``PrintService.clear_faults``), as on the real machine.
    A real printer, or a simulator that is not running: nothing is done, () returned."""
    name = simulated_name(printer_url)
    wanted = fixable(printer_url, faults)
    if name is None or not wanted:
        return ()
    try:
        machine = get_printer(name).machine
    except KeyError:  # not opened (yet): nothing to reach
        log.warning("simulated printer %r is not running: nothing fixed", name)
        return ()
    for fault in wanted:
        _HANDS[fault](machine)
    log.info("simulated printer %r: fixed %s by hand", name, ", ".join(wanted))
    return wanted
