"""Customer screens: tap to response, per screen change, at each kiosk size.

Runs offscreen (``QT_QPA_PLATFORM=offscreen`` unless a platform is set) with the demo
camera, the real imaging core and a temporary order store. A "tap" is the button's click;
the response is the first paint of the screen it leads to, finished (a zero timer after
the paint event). The baseline, measured in the same run: a bare QStackedWidget whose
button switches between two labelled pages (what Qt itself costs for a page change).

Figures per size (median and worst of ``REPEATS`` taps): every screen change of the flow,
the accessibility mode's button (the whole window restyled) and, for the record, a
resize across bands (not a tap: a window is resized when the kiosk starts).
"""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from benchmarks.qt_wait import run_until

REPEATS = 5
SIZES = [(800, 480), (1024, 600), (1280, 800), (1920, 1080), (1080, 1920), (768, 1366)]


# Polled every 2 ms: the paint clock's figures are a few ms.
_wait = partial(run_until, poll_ms=2)


class PaintClock:
    """Records when ``target`` has finished its next paint after :meth:`arm`."""

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        clock = self

        class Filter(QObject):
            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Paint and clock.armed:
                    clock.armed = False
                    QTimer.singleShot(0, clock.finish)
                return False

        self.filter = Filter()
        self.armed = False
        self.done: float | None = None
        self._target = None

    def arm(self, target) -> None:
        if self._target is not None:
            with contextlib.suppress(RuntimeError):  # the last target's window is gone
                self._target.removeEventFilter(self.filter)
        self._target = target
        target.installEventFilter(self.filter)
        self.done = None
        self.armed = True

    def finish(self) -> None:
        self.done = time.perf_counter()

    def tap(self, target, action: Callable[[], object]) -> float:
        """Milliseconds from ``action()`` (the tap) to ``target`` painted."""
        self.arm(target)
        start = time.perf_counter()
        action()
        if not _wait(lambda: self.done is not None, 10.0):
            raise RuntimeError(f"{target.objectName()} never painted")
        assert self.done is not None
        return (self.done - start) * 1000


def _baseline(clock: PaintClock) -> list[float]:
    from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

    window = QWidget()
    stack = QStackedWidget()
    pages = [QLabel("Page one"), QLabel("Page two")]
    for page in pages:
        stack.addWidget(page)
    button = QPushButton("Next")
    button.clicked.connect(lambda: stack.setCurrentIndex(1 - stack.currentIndex()))
    layout = QVBoxLayout(window)
    layout.addWidget(stack)
    layout.addWidget(button)
    window.resize(1280, 800)
    window.show()
    _wait(lambda: window.isVisible())
    times = []
    for _ in range(REPEATS * 2):
        target = pages[1 - stack.currentIndex()]
        times.append(clock.tap(target, button.click))
    window.close()
    return times


def _size_run(size: tuple[int, int], clock: PaintClock, data: Path) -> dict[str, list[float]]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "ui"))
    from customer_support import close_customer, make_customer

    class Bot:  # make_customer registers the window with qtbot; here it is closed by hand
        def addWidget(self, widget):
            pass

        def waitExposed(self, widget):
            _wait(widget.isVisible)

    rig = make_customer(Bot(), data, lang="en")
    w = rig.window
    w.resize(*size)
    w.idle.set_seconds(3600)
    out: dict[str, list[float]] = {}

    def add(name: str, ms: float) -> None:
        out.setdefault(name, []).append(ms)

    try:
        _wait(lambda: w.attract.cup.image is not None)
        for _ in range(REPEATS):
            add("attract -> menu", clock.tap(w.menu, w.attract.start_button.click))
            add("menu -> consent", clock.tap(
                w.consent, w.menu.drink_buttons[0][0].click))
            add("consent -> designs", clock.tap(w.designs, w.consent.no_button.click))
            _wait(lambda: all(not b.icon().isNull()
                              for b in w.designs.design_buttons.values()))
            add("designs -> review", clock.tap(
                w.review, w.designs.design_buttons["heart"].click))
            _wait(lambda: w.review.confirm_button.isEnabled())
            add("review -> designs (back)", clock.tap(w.designs, w.review.back_button.click))
            add("designs -> consent (back)", clock.tap(
                w.consent, w.designs.back_button.click))
            add("consent -> camera", clock.tap(w.camera_screen, w.consent.yes_button.click))
            _wait(lambda: w.camera_screen.take_button.isEnabled())
            add("camera -> designs", clock.tap(
                w.designs, w.camera_screen.no_photo_button.click))
            w.designs.design_buttons["leaf"].click()
            _wait(lambda: w.review.confirm_button.isEnabled())
            add("review -> ticket (order stored)", clock.tap(
                w.ticket, w.review.confirm_button.click))
            add("ticket -> attract (done)", clock.tap(w.attract, w.ticket.done_button.click))
            add("accessible mode on (restyle)", clock.tap(
                w.attract, w.attract.access_button.click))
            add("accessible mode off (restyle)", clock.tap(
                w.attract, w.attract.access_button.click))
        other = (1280, 800) if size != (1280, 800) else (1024, 600)
        for _ in range(REPEATS):
            add("resize to another band", clock.tap(w.attract, lambda: w.resize(*other)))
            add("resize back", clock.tap(w.attract, lambda: w.resize(*size)))
    finally:
        close_customer(rig)
    return out


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.app import ensure_application

    ensure_application()
    clock = PaintClock()
    base = _baseline(clock)
    base_median = statistics.median(base)
    print(f"baseline: bare QStackedWidget page change, tap to painted: median "
          f"{base_median:.1f} ms, worst {max(base):.1f} ms ({len(base)} taps)")
    slowest: tuple[float, str, str] = (0.0, "", "")
    for size in SIZES:
        with tempfile.TemporaryDirectory(prefix="bench-screens-") as data:
            runs = _size_run(size, clock, Path(data))
        print(f"\n{size[0]}x{size[1]}: tap to painted, ms (median / worst of "
              f"{REPEATS}; ratio of the median to the baseline's)")
        for name, times in runs.items():
            median = statistics.median(times)
            print(f"  {name:34s} {median:7.1f} / {max(times):7.1f}   x{median / base_median:5.1f}")
            if name.startswith(("resize", "accessible")):
                continue
            if median > slowest[0]:
                slowest = (median, name, f"{size[0]}x{size[1]}")
    print(f"\nslowest screen change: {slowest[1]} at {slowest[2]}, median {slowest[0]:.1f} ms "
          f"(baseline {base_median:.1f} ms)")


if __name__ == "__main__":
    main()
