"""Screenshots of the barista's queue (and its other pages) at every supported size, for
docs/kiosk.md::

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/ui/barista_shots.py OUT_DIR [--all]

A real window on a real store and simulated printer with a busy counter: one order
printing, two printed (one called ready), four waiting. Saves ``barista-WxH-queue.png`` per
size (``--all``: also the PIN pad and the technician page); pictures wider or taller than
960 px are halved.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from barista_support import BaristaRig, close_rig, make_rig  # noqa: E402
from fit_check import KIOSK_SIZES, settle  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

MAX_PX = 960


def _wait(cond, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError("screen not ready")
        QApplication.processEvents()
        time.sleep(0.01)


def _save(window: QWidget, path: Path) -> None:
    settle()
    image = window.grab().toImage()
    if max(image.width(), image.height()) > MAX_PX:
        image = image.scaled(image.width() // 2, image.height() // 2,
                             Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    image.save(str(path))
    print(path)


def busy_counter(rig: BaristaRig) -> None:
    """Seven orders: two printed (one called), one printing (slowly), four waiting."""
    ready, _ = rig.add_printed_order(seed=1)
    rig.add_printed_order(seed=2, paid=False)
    rig.context.counter.service.mark_ready(ready.id)
    for seed in range(3, 8):
        rig.add_order(seed=seed, drink_id=("latte", "cappuccino", "flat-white")[seed % 3])


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    everything = "--all" in sys.argv
    QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as scratch:
        rig = make_rig(Path(scratch), speed=0.2)
        try:
            busy_counter(rig)
            w = rig.window
            _wait(lambda: rig.service.status.connected)
            first_waiting = min(i for i, c in w.cards.items()
                                if c.print_button.isVisible())
            _wait(lambda: w.cards[first_waiting].print_button.isEnabled())
            w.print_order(first_waiting)
            _wait(lambda: rig.service.busy)
            for size in KIOSK_SIZES:
                w.resize(*size)
                w.refresh()
                _save(w, out / f"barista-{size[0]}x{size[1]}-queue.png")
                if everything:
                    w.open_pin()
                    _save(w, out / f"barista-{size[0]}x{size[1]}-pin.png")
                    w.open_technician()
                    _save(w, out / f"barista-{size[0]}x{size[1]}-technician.png")
                    w.show_orders()
        finally:
            close_rig(rig)


if __name__ == "__main__":
    main()
