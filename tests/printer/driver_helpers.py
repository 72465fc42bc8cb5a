"""Shared helpers for the driver tests: small random masks, unique simulated printers,
fast timeouts and a check that no thread is left running."""

from __future__ import annotations

import itertools
import threading

import numpy as np

import printer_driver.sim as sim
from printer_driver import LinkSettings, Timeouts
from printer_driver.mask import Mask

_names = itertools.count(1)

# Fast but honest deadlines: the simulated printer runs 50x real time, so a silent printer
# is noticed in half a second and a lost one is given up on within a few seconds.
FAST = Timeouts(
    request=3.0, handshake=1.5, command=5.0, upload_min=10.0, reconnect_first=0.05,
    reconnect_max=0.3, reconnect_total=4.0, print_stall=10.0, poll=0.3,
    link=LinkSettings(liveness_s=0.6, rto_initial=0.3),
)


def small_mask(seed: int = 0, diameter_mm: float = 19.2) -> Mask:
    """A random three-tone mask, 64 dots across by default (prints in a blink at speed 50)."""
    rng = np.random.default_rng(seed)
    n = int(np.ceil(diameter_mm / 0.3 - 1e-9))
    return Mask.from_levels(rng.integers(0, 3, (n, n)), diameter_mm=diameter_mm)


def sim_url(prefix: str, **opts: object) -> tuple[str, str]:
    """A fresh printer name and its sim:// URL with the given options."""
    name = f"{prefix}{next(_names)}"
    opts.setdefault("speed", 50)
    query = "&".join(f"{k}={v}" for k, v in opts.items())
    return name, f"sim://{name}?{query}"


def link_threads() -> list[str]:
    """Names of driver link threads still alive (must be none after a test)."""
    return [t.name for t in threading.enumerate() if t.name.startswith("printer-link-")]


def records(name: str):
    """The simulated printer's print records."""
    return sim.get_printer(name).machine.records


def replug(name: str) -> None:
    """Plug a simulated printer's cable back in now (after ``unplug()`` with no end)."""
    p = sim.get_printer(name)
    with p._cond:
        p._unplugged_until = 0.0


def last_line(text: str) -> str:
    """The last non-blank line of a command's output (its one-line verdict)."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else ""
