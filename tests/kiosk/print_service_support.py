"""Shared set-up for the print service tests: a listener that records the service's events
and waits on them, fast driver deadlines, small masks and unique simulated printers.

Nothing is mocked: the service talks to ``sim://NAME`` through the real driver.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import TypeVar

import numpy as np

from kiosk.printing import events as ev
from printer_driver import LinkSettings, Timeouts
from printer_driver.mask import Mask

E = TypeVar("E")
_names = itertools.count(1)

# The simulated printer runs fast, so a silent printer is noticed in half a second and a
# lost one is given up on within a few seconds.
FAST = Timeouts(
    request=3.0, handshake=1.5, command=5.0, upload_min=10.0, reconnect_first=0.05,
    reconnect_max=0.3, reconnect_total=3.0, print_stall=10.0, poll=0.3,
    link=LinkSettings(liveness_s=0.6, rto_initial=0.3),
)
WAIT_S = 30.0


def sim_url(prefix: str, **opts: object) -> tuple[str, str]:
    """A fresh printer name and its sim:// URL (speed 50 unless given)."""
    name = f"{prefix}{next(_names)}"
    opts.setdefault("speed", 50)
    query = "&".join(f"{k}={v}" for k, v in opts.items())
    return name, f"sim://{name}?{query}"


def small_mask(seed: int = 0, n: int = 64) -> Mask:
    """A random three-tone mask ``n`` dots across (0.3 mm pitch)."""
    rng = np.random.default_rng(seed)
    return Mask.from_levels(rng.integers(0, 3, (n, n)), diameter_mm=n * 0.3)


def preview() -> np.ndarray:
    return np.zeros((8, 8, 3), np.uint8)


class Listener:
    """Records every event of a service; tests wait on what they expect, never on a clock.

    ``hooks``: called with each event on the service's thread, before it is recorded (a
    test pulls a cable or stops the kiosk at an exact moment of the print).
    """

    def __init__(self) -> None:
        self.events: list[ev.ServiceEvent] = []
        self.hooks: list[Callable[[ev.ServiceEvent], None]] = []
        self._cond = threading.Condition()

    def __call__(self, event: ev.ServiceEvent) -> None:
        for hook in list(self.hooks):
            hook(event)
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def of(self, kind: type[E]) -> list[E]:
        with self._cond:
            return [e for e in self.events if isinstance(e, kind)]

    def wait_for(self, kind: type[E], test: Callable[[E], bool] = lambda e: True,
                 timeout: float = WAIT_S) -> E:
        """The first event of ``kind`` passing ``test``, waiting for it if need be."""
        found: list[E] = []

        def seen() -> bool:
            found[:] = [e for e in self.events if isinstance(e, kind) and test(e)]
            return bool(found)

        with self._cond:
            if not self._cond.wait_for(seen, timeout):
                raise AssertionError(f"no {kind.__name__} within {timeout} s: {self.events}")
        return found[0]

    def on_first(self, kind: type[E], test: Callable[[E], bool],
                 action: Callable[[], None]) -> threading.Event:
        """Run ``action`` once, on the service's thread, at the first matching event."""
        fired = threading.Event()

        def hook(event: ev.ServiceEvent) -> None:
            if isinstance(event, kind) and test(event) and not fired.is_set():
                fired.set()
                action()

        self.hooks.append(hook)
        return fired


def first_row(event: ev.PrintProgress) -> bool:
    return event.phase == "print" and event.done > 0


def uploading(event: ev.PrintProgress) -> bool:
    return event.phase == "upload" and 0 < event.done < event.total
