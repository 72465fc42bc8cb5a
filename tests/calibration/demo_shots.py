"""The demo printer's cup before and after ``photolatte calibrate run``, as the simulator
draws what really landed (``docs/img/calibration-demo-before-after.png``)::

    python tests/calibration/demo_shots.py docs/img

The portrait is printed with ``photolatte print`` on ``sim://demo`` (uncalibrated: 1.2 mm
off, 0.8° turned, dot gain 1.6), the printer calibrated with ``photolatte calibrate run
--camera sim``, and the same photo printed again. A blue cross marks the cup's centre.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import printer_driver.sim as sim  # noqa: E402
from kiosk.cli import main  # noqa: E402
from printer_driver.sim.physics import render_printed_cup  # noqa: E402

PORT = "sim://demo?speed=40&seed=4"
SIZE = 480


def _quiet(*argv: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(list(argv))


def _cup(label: str) -> np.ndarray:
    printer = sim.get_printer("demo")
    pic = render_printed_cup(np.asarray(printer.machine.records[-1].printed),
                             printer.settings.truth)
    rgb = cv2.resize(pic.rgb, (SIZE, SIZE), interpolation=cv2.INTER_AREA)
    c = SIZE // 2
    cv2.line(rgb, (c, c - 40), (c, c + 40), (0, 90, 220), 2)
    cv2.line(rgb, (c - 40, c), (c + 40, c), (0, 90, 220), 2)
    band = np.full((44, SIZE, 3), 255, np.uint8)
    cv2.putText(band, label, (16, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (40, 30, 20), 2,
                cv2.LINE_AA)
    return np.concatenate([rgb, band], axis=0)


def make(folder: Path) -> Path:
    """Print, calibrate, print again; write the pair into ``folder``."""
    photo = str(ROOT / "assets" / "demo" / "astronaut.jpg")
    with tempfile.TemporaryDirectory() as scratch:
        data = ["--data-dir", scratch]
        try:
            assert _quiet("print", photo, "--port", PORT, *data) == 0
            before = _cup("before: not calibrated")
            assert _quiet("calibrate", "run", "--port", PORT, "--camera", "sim", *data) == 0
            assert _quiet("print", photo, "--port", PORT, *data) == 0
            after = _cup("after 'photolatte calibrate run'")
        finally:
            sim.shutdown_all()
    out = folder / "calibration-demo-before-after.png"
    folder.mkdir(parents=True, exist_ok=True)
    from PIL import Image

    # 64 colours: a third of the size of a full-colour PNG, no visible change.
    Image.fromarray(np.concatenate([before, after], axis=1)).quantize(64).save(
        out, optimize=True)
    return out


if __name__ == "__main__":
    print(make(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img")))
