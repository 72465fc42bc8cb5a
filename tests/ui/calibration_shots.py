"""Screenshots of the technician's calibration wizard, its history and the barista's check,
for docs/calibration.md::

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/ui/calibration_shots.py docs/img
    .venv/bin/python tests/ui/calibration_shots.py OUT --size 800x480 --lang ko

The real barista window over the real print service and an in-process simulated printer
whose head is off (1.2 mm, 0.8°), walked through its own buttons as the tests do; every chart
is printed, photographed by the simulator's camera and measured. Saves
``calibration-STEP-LANG-WxH.png`` (default: English and Korean at 1280x800); pictures wider
or taller than 960 px are halved.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from barista_support import close_rig, make_rig, sim_name  # noqa: E402
from fit_check import settle  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

SERIAL = "PL2026-0007"
TRUTH = "offset_x=1.2,offset_y=-0.6,rotation=0.8,scale=1.01,gain=1.6"
MAX_PX = 960


def _wait(cond: Callable[[], bool], timeout: float = 90.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError("the calibration did not answer")
        QApplication.processEvents()
        time.sleep(0.01)


def _save(window: QWidget, path: Path) -> None:
    settle()
    image = window.grab().toImage()
    if max(image.width(), image.height()) > MAX_PX:  # a page, not a print
        image = image.scaled(image.width() // 2, image.height() // 2,
                             Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    image.save(str(path))
    print(path)


def shoot(out: Path, size: tuple[int, int], lang: str) -> None:
    """Walk the wizard once at ``size`` in ``lang``, saving each step."""
    from calibration_support import BlurCamera

    QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="photolatte-calshots-") as scratch:
        name = sim_name("calshots")
        camera = BlurCamera(name)
        rig = make_rig(Path(scratch), name=name, speed=80,
                       sim_query=f"&serial={SERIAL}&truth={TRUTH}", cup_camera=lambda: camera)
        try:
            w, calibration = rig.window, rig.context.calibration
            assert calibration is not None
            rig.context.i18n.set_language(lang)
            w.resize(*size)
            _wait(lambda: calibration.status().serial == SERIAL)
            tag = f"{lang}-{size[0]}x{size[1]}"

            def shot(step: str) -> None:
                w.resize(*size)
                _save(w, out / f"calibration-{step}-{tag}.png")

            shot("barista-not-calibrated")
            w.open_technician()
            tech = w.technician
            tech.page_scroll.ensureWidgetVisible(tech.calibrate_button)
            shot("technician")
            tech.calibrate_button.click()
            wizard = tech.wizard
            shot("1-choose")
            wizard.choose_all.click()
            shot("2-cup")
            for kind in ("geometry", "tone", "dose"):
                done = []
                calibration.runFinished.connect(done.append)
                wizard.print_button.click()
                if kind == "geometry":
                    _wait(lambda: wizard._rows is not None and wizard._rows[0] > 20)
                    shot("3-printing")
                _wait(lambda d=done: bool(d))
                calibration.runFinished.disconnect(done.append)
                shot(f"4-result-{kind}")
                if kind == "geometry":  # a blurred photo: refused, says why
                    camera.blurred = True
                    wizard.measure_again()
                    done2: list[object] = []
                    calibration.runFinished.connect(done2.append)
                    wizard.print_button.click()
                    _wait(lambda d=done2: bool(d))
                    calibration.runFinished.disconnect(done2.append)
                    shot("5-refused")
                    camera.blurred = False
                    wizard.measure_again()
                    done3: list[object] = []
                    calibration.runFinished.connect(done3.append)
                    wizard.print_button.click()
                    _wait(lambda d=done3: bool(d))
                    calibration.runFinished.disconnect(done3.append)
                wizard.next_button.click()
            shot("6-saved")
            wizard.done_button.click()
            tech.history_button.click()
            tech.history.export()
            shot("7-history")
            w.show_orders()
            check = w.printer_check
            assert check is not None
            done4: list[object] = []
            calibration.checkFinished.connect(done4.append)
            check.start()
            shot("8-check-running")
            _wait(lambda: bool(done4))
            shot("8-check-pass")
            from dataclasses import replace

            rig.sim.settings = replace(rig.sim.settings, truth=replace(
                rig.sim.settings.truth, offset_x_mm=2.2))
            done4.clear()
            check.start()
            _wait(lambda: bool(done4))
            shot("9-check-call-technician")
        finally:
            close_rig(rig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--lang", choices=("en", "ko", "both"), default="both")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    width, height = (int(v) for v in args.size.split("x"))
    for lang in ("en", "ko") if args.lang == "both" else (args.lang,):
        shoot(args.out, (width, height), lang)


if __name__ == "__main__":
    main()
