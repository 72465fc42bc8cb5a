"""Calibration: seconds per measured photo, accuracy over seeded truths, refusals, a loop.

Figures:
- seconds to measure one photo (median, max; target <= 0.3 s), beside the time to decode
  the same photo from a JPEG file (the baseline: what merely opening it costs);
- over N seeded truths (offset +-3 mm, rotation +-3 deg, scale 0.95-1.05, dot gain 1.0-2.2,
  dose 0.1-0.4 mg, random camera pose with glare half the time): median and max error of
  offset, rotation, scale and dose, and the mean absolute L* error of a tone wedge printed
  with the measured curve, beside the same wedge with the imaging core's default curve
  (what an uncalibrated machine prints);
- the refusal code of each bad photo (none may yield a measurement);
- one unattended run of the whole loop (geometry, tone, dose) on the in-process simulator
  at speed 20, through the driver (target <= 60 s).
"""

from __future__ import annotations

import statistics
import time

TRUTHS = 40


def _stats(name: str, values: list[float], unit: str, limit: float) -> None:
    v = [abs(x) for x in values]
    print(f"  {name:<22} median {statistics.median(v):7.3f} {unit:<4} max {max(v):7.3f} {unit:<4}"
          f" (limit {limit:g} {unit}) {'ok' if max(v) < limit else 'OVER'}")


def main() -> None:
    import cv2
    import numpy as np

    from calibration import charts
    from calibration.errors import MeasurementError
    from calibration.measure import measure_photo
    from calibration.simtrial import random_truth, run_trial
    from printer_driver.sim.camera import SimCamera
    from printer_driver.sim.physics import render_printed_cup

    # --- speed ---------------------------------------------------------------------------
    chart = charts.geometry_chart("BENCH-1")
    tone = charts.tone_chart("BENCH-1")
    shots = []
    for seed in range(8):
        truth = random_truth(seed)
        for c in (chart, tone):
            pic = render_printed_cup(c.mask.dots, truth, seed=seed)
            shots.append(SimCamera(seed).shoot(pic, shot=seed).rgb)
    measure_photo(shots[0])  # warm-up: imports, caches
    times, decode = [], []
    for rgb in shots:
        _, jpeg = cv2.imencode(".jpg", rgb[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, 92])
        t0 = time.perf_counter()
        cv2.imdecode(jpeg, cv2.IMREAD_COLOR)
        decode.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        try:
            measure_photo(rgb, serial="BENCH-1")
        except MeasurementError:
            continue
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(f"measure one 1024x768 photo: median {med:.3f} s, max {max(times):.3f} s "
          f"(target 0.3 s); {med / statistics.median(decode):.0f}x the time to decode it "
          f"from JPEG ({statistics.median(decode) * 1000:.1f} ms)")

    # --- accuracy ------------------------------------------------------------------------
    t0 = time.perf_counter()
    results = [run_trial(seed, baseline=True) for seed in range(TRUTHS)]
    took = time.perf_counter() - t0
    print(f"accuracy over {TRUTHS} seeded truths ({took / TRUTHS:.2f} s per truth):")
    _stats("offset", [r.offset_err_mm for r in results], "mm", 0.25)
    _stats("rotation", [r.rotation_err_deg for r in results], "deg", 0.3)
    _stats("scale", [r.scale_err_pct for r in results], "%", 0.3)
    _stats("dose", [e for r in results for e in r.dose_err_pct.values()], "%", 5.0)
    for powder in ("cinnamon", "cocoa"):
        cal = [r.wedge_err_l[powder] for r in results]
        base = [r.default_err_l[powder] for r in results]
        _stats(f"{powder} wedge", cal, "L*", 2.0)
        ratio = statistics.median(base) / statistics.median(cal)
        print(f"  {'':<22} uncalibrated (default curve): median {statistics.median(base):.2f}"
              f" L*, max {max(base):.2f} L* ({ratio:.0f}x the calibrated median)")
    retakes = sum(r.retakes for r in results)
    codes = sorted({c for r in results for c in r.refusals})
    print(f"  photos retaken: {retakes} of {2 * TRUTHS + retakes} ({', '.join(codes) or 'none'})")

    # --- refusals ------------------------------------------------------------------------
    good = shots[0]
    bad = {
        "random noise": np.random.default_rng(0).integers(0, 256, good.shape, np.uint8),
        "empty cup": SimCamera(3).shoot(render_printed_cup(
            np.zeros((254, 254), np.uint8), random_truth(0)), shot=1).rgb,
        "blurred": cv2.GaussianBlur(good, (0, 0), 6.0),
        "over-exposed": np.clip(good.astype(np.float32) * 1.5, 0, 255).astype(np.uint8),
        "under-exposed": (good.astype(np.float32) * 0.22).astype(np.uint8),
        "cup cut off": np.ascontiguousarray(good[:, : good.shape[1] // 2]),
        "cup far away": cv2.resize(good, (256, 192), interpolation=cv2.INTER_AREA),
        "another machine": good,
    }
    print("bad photos:")
    for name, rgb in bad.items():
        serial = "OTHER-9" if name == "another machine" else "BENCH-1"
        try:
            measure_photo(rgb, serial=serial)
            print(f"  {name:<16} MEASURED (a bad photo must be refused)")
        except MeasurementError as exc:
            print(f"  {name:<16} refused: {exc.code}")

    # --- the whole loop on the simulator ------------------------------------------------
    import printer_driver.sim as sim
    from calibration.session import run_calibration
    from printer_driver import PrinterDriver
    from printer_driver.sim.camera import PrinterCamera

    url = "sim://benchcal?speed=20&seed=4&truth=offset_x=1.2,rotation=0.8,gain=1.6"
    t0 = time.perf_counter()
    drv = PrinterDriver.open(url)
    try:
        printer = sim.get_printer("benchcal")
        run = run_calibration(drv.print_mask, PrinterCamera(printer), serial="BENCH-1",
                              read_grams=lambda: drv.status().powder_grams)
    finally:
        drv.close()
        sim.shutdown_all()
    g = run.profile.geometry
    assert g is not None
    print(f"unattended loop (geometry, tone, dose) on sim:// at speed 20: "
          f"{time.perf_counter() - t0:.1f} s (target 60 s); found offset "
          f"{g.offset_x_mm:+.2f}, {g.offset_y_mm:+.2f} mm, rotation {g.rotation_deg:+.2f} deg "
          f"(truth +1.20, +0.00 mm, +0.80 deg); {len(run.refused)} photo(s) retaken")
