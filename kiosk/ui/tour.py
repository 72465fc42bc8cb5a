"""``photolatte kiosk --screenshots DIR``: walk every customer screen once and save each.

For the README, for translators checking their words in place, and for looking at the
screens on a real display (or offscreen). Drives the window through its own buttons, so
what is saved is what a customer would see; then emits :attr:`Tour.finished`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

STEP_TIMEOUT_S = 30.0

Step = tuple[str, Callable[[], Any], Callable[[], bool]]


class Tour(QObject):
    """Saves ``DIR/NN-name.png`` for each step: (name, action, ready-condition)."""

    finished = Signal()

    def __init__(self, kiosk: Any, out_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.out_dir = Path(out_dir)
        self.kiosk = kiosk
        self.saved: list[Path] = []
        w = kiosk.customer
        camera = w.camera_screen
        self.steps: list[Step] = [
            ("attract", lambda: None, lambda: w.attract.cup.image is not None),
            ("menu", w.attract.start_button.click, lambda: True),
            ("consent", lambda: w.menu.drink_buttons[0][0].click(), lambda: True),
            ("designs", w.consent.no_button.click,
             lambda: all(not b.icon().isNull() for b in w.designs.design_buttons.values())),
            # A missing camera shows its error panel here (a screen worth saving too).
            ("camera", lambda: (w.designs.back_button.click(), w.consent.yes_button.click()),
             lambda: camera.camera_failed
             or (camera.take_button.isEnabled() and camera.cup_view.image is not None)),
            ("countdown", camera.take_button.click, lambda: camera.countdown_label.isVisible()),
            ("review", lambda: None, self._review_ready),
            *self._ending(),
        ]
        # Without a camera the walk goes on the way a customer would: a design instead.
        self._no_camera_steps: list[Step] = [
            ("review", lambda: (camera.designs_button.click(),
                                w.designs.design_buttons[next(iter(w.designs.design_buttons))]
                                .click()),
             self._review_ready),
            *self._ending(),
        ]
        self._index = -1
        self._deadline = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._poll)

    def _review_ready(self) -> bool:
        w = self.kiosk.customer
        return w.current_screen == "review" and w.review.confirm_button.isEnabled()

    def _ending(self) -> list[Step]:
        """Review in the other language, the idle warning, the ticket."""
        w = self.kiosk.customer
        i18n = self.kiosk.context.i18n
        return [
            ("review-other-language", i18n.toggle, lambda: True),
            ("idle-warning", lambda: (i18n.toggle(), w.idle_overlay.start()),
             w.idle_overlay.isVisible),
            ("ticket", lambda: (w.idle_overlay.continue_button.click(),
                                w.review.confirm_button.click()),
             lambda: w.current_screen == "ticket"),
        ]

    def start(self) -> None:
        """Begin the walk (returns at once; the event loop runs it)."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        w = self.kiosk.customer
        w.idle.set_seconds(3600)  # the tour pauses on screens; no idle reset meanwhile
        self._next()
        self._timer.start()

    def _next(self) -> None:
        if (0 <= self._index < len(self.steps) and self.steps[self._index][0] == "camera"
                and self.kiosk.customer.camera_screen.camera_failed):
            log.info("screenshots: no camera; the rest of the walk takes a design")
            self.steps[self._index + 1:] = self._no_camera_steps
        self._index += 1
        if self._index >= len(self.steps):
            self._timer.stop()
            self.kiosk.customer.reset()
            log.info("screenshots saved in %s", self.out_dir)
            self.finished.emit()
            return
        _, action, _ = self.steps[self._index]
        try:
            action()
        except Exception:  # a tour step failing must not hang the command
            log.exception("screenshot step %s failed", self.steps[self._index][0])
        self._deadline = time.monotonic() + STEP_TIMEOUT_S

    def _poll(self) -> None:
        if self._index >= len(self.steps):
            return
        name, _, ready = self.steps[self._index]
        try:
            done = ready()
        except Exception:
            done = False
        if not done and time.monotonic() < self._deadline:
            return
        if not done:
            log.warning("screenshot %s: screen not ready after %.0f s", name, STEP_TIMEOUT_S)
        path = self.out_dir / f"{self._index + 1:02d}-{name}.png"
        if self.kiosk.customer.grab().save(str(path)):
            self.saved.append(path)
            print(path, flush=True)
        self._next()
