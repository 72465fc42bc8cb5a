"""Seeded trials on the simulator: how well calibration recovers a hidden truth.

For tests and the benchmark only: this module reads the simulator's hidden physics
(``PhysicsTruth``) to *score* a measurement; the measurement itself never sees it.

A trial draws a random truth (offset within +-3 mm, rotation +-3 deg, scale 0.95-1.05, dot
gain 1.0-2.2, dose 0.1-0.4 mg), prints the geometry and tone charts under it
(:func:`render_printed_cup`), photographs each with the simulator's camera from a random
pose, measures the photos, "prints" the dose chart on a simulated machine and reads its
reservoirs, and then checks the tone compensation: a wedge of target lightnesses,
compensated with the measured curve, dithered as the imaging core does and printed under
the truth, is read off the simulator's own picture of the cup (no camera) and compared
with its targets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from calibration import apply, charts, dose
from calibration.colour import lightness, luminance
from calibration.errors import MeasurementError
from calibration.measure import Measurement, measure_photo
from calibration.profile import Profile, Provenance
from printer_driver.mask import Mask
from printer_driver.powders import CINNAMON, COCOA, FOAM, PowderSet, default_tones
from printer_driver.sim.camera import SimCamera
from printer_driver.sim.machine import Machine
from printer_driver.sim.physics import PhysicsTruth, render_printed_cup

SERIAL = "SIM-TRIAL"
WEDGE_STEPS = 8
_WEDGE_DOTS = 36
_WEDGE_READ_MARGIN = 5
_WEDGE_CENTRES_MM = tuple(
    (x, y) for y in (-18.0, -6.0, 6.0, 18.0) for x in (-18.0, -6.0, 6.0, 18.0))
MAX_RETAKES = 3


def random_truth(seed: int) -> PhysicsTruth:
    """A machine as calibration must expect it (the ranges of issue 7)."""
    rng = np.random.default_rng((seed, 7))
    return PhysicsTruth(
        offset_x_mm=float(rng.uniform(-3, 3)), offset_y_mm=float(rng.uniform(-3, 3)),
        rotation_deg=float(rng.uniform(-3, 3)), scale=float(rng.uniform(0.95, 1.05)),
        dot_gain=float(rng.uniform(1.0, 2.2)),
        mg_per_dot={"cinnamon": float(rng.uniform(0.1, 0.4)),
                    "cocoa": float(rng.uniform(0.1, 0.4))},
    )


@dataclass
class TrialResult:
    """One trial's errors (measured - truth) and figures."""

    seed: int
    truth: PhysicsTruth
    offset_err_mm: float = math.nan
    rotation_err_deg: float = math.nan
    scale_err_pct: float = math.nan
    dose_err_pct: dict[str, float] = field(default_factory=dict)
    wedge_err_l: dict[str, float] = field(default_factory=dict)
    """Mean absolute L* error of a compensated wedge per powder set."""
    default_err_l: dict[str, float] = field(default_factory=dict)
    """The same wedge with the imaging core's default (uncalibrated) curve."""
    seconds: list[float] = field(default_factory=list)
    retakes: int = 0
    refusals: list[str] = field(default_factory=list)
    profile: Profile | None = None


def shoot_and_measure(chart: charts.Chart, truth: PhysicsTruth, seed: int, *,
                      expect: str, result: TrialResult, size_px: int = 768) -> Measurement:
    """Print ``chart`` under ``truth``, photograph it, measure; retake a refused photo
    (another pose) up to :data:`MAX_RETAKES` times, as a technician would."""
    picture = render_printed_cup(chart.mask.dots, truth, size_px=size_px, seed=seed)
    camera = SimCamera(seed=seed)
    last: MeasurementError | None = None
    for shot in range(MAX_RETAKES + 1):
        photo = camera.shoot(picture, shot=shot + (0 if expect == "geometry" else 100))
        try:
            m = measure_photo(photo.rgb, serial=SERIAL, expect=expect,
                              foam_diameter_mm=truth.cup_inner_mm)
        except MeasurementError as exc:
            last = exc
            result.refusals.append(exc.code)
            result.retakes += 1
            continue
        result.seconds.append(m.seconds)
        return m
    assert last is not None
    raise last


def wedge(parts: list[tuple[PowderSet, np.ndarray, object]], dot_gain: float = 1.5) -> Mask:
    """Flat patches, one per target reflectance, for each ``(powders, targets, curve)``:
    compensated by ``curve`` (a ToneCurve, or None for the imaging core's default) and
    dithered as the imaging core does. At most 16 patches in all, in reading order."""
    from kiosk.imaging.dither import dither
    from kiosk.imaging.pipeline import levels_for
    from kiosk.imaging.tonecurve import default_tone_curve

    grid = charts.Grid()
    dots = np.zeros((grid.n, grid.n), np.uint8)
    places = iter(_WEDGE_CENTRES_MM)
    used: set[int] = set()
    for powders, targets, curve in parts:
        codes, levels = levels_for(powders)
        used.update(c for c in codes if c)
        if curve is None:
            curve = default_tone_curve(levels, dot_gain, charts.TONE_DITHER)
        lut = np.asarray(codes, np.uint8)
        for t in targets:
            x, y = next(places)
            flat = np.full((_WEDGE_DOTS, _WEDGE_DOTS), t, np.float32)
            idx = dither(curve.apply(flat), levels, method=charts.TONE_DITHER)  # type: ignore[attr-defined]
            c0, r0 = _corner(grid, x), _corner(grid, y)
            dots[r0:r0 + _WEDGE_DOTS, c0:c0 + _WEDGE_DOTS] = lut[idx]
    powders_used = (PowderSet.BOTH if used == {CINNAMON, COCOA}
                    else PowderSet.COCOA if used == {COCOA} else PowderSet.CINNAMON)
    return Mask.from_levels(dots, powders=powders_used)


def _corner(grid: charts.Grid, centre_mm: float) -> int:
    return round(grid.index(centre_mm) - (_WEDGE_DOTS - 1) / 2)


def landed_lightness(mask: Mask, truth: PhysicsTruth, n_patches: int, seed: int) -> np.ndarray:
    """L* of the first ``n_patches`` wedge patches as they really landed, read off the
    simulator's own picture of the cup (the truth places them; no camera)."""
    pic = render_printed_cup(mask.dots, truth, size_px=768, seed=seed)
    lum = luminance(pic.rgb)
    foam_y = float(luminance(np.array(default_tones()[FOAM].display_rgb)))
    foam_r = default_tones()[FOAM].reflectance
    grid = charts.Grid()
    c = pic.rgb.shape[0] / 2.0
    a = math.radians(truth.rotation_deg)
    out = []
    half = (_WEDGE_DOTS / 2 - _WEDGE_READ_MARGIN) * grid.pitch_mm
    g = np.linspace(-half, half, 40)
    for x, y in _WEDGE_CENTRES_MM[:n_patches]:
        cx = grid.mm(_corner(grid, x) + (_WEDGE_DOTS - 1) / 2)
        cy = grid.mm(_corner(grid, y) + (_WEDGE_DOTS - 1) / 2)
        ux, uy = np.meshgrid(cx + g, cy + g)
        px = truth.scale * (math.cos(a) * ux - math.sin(a) * uy) + truth.offset_x_mm
        py = truth.scale * (math.sin(a) * ux + math.cos(a) * uy) + truth.offset_y_mm
        i = np.clip(np.round(px * pic.px_per_mm + c - 0.5).astype(int), 0, lum.shape[1] - 1)
        j = np.clip(np.round(py * pic.px_per_mm + c - 0.5).astype(int), 0, lum.shape[0] - 1)
        out.append(float(lightness(lum[j, i].mean() / foam_y * foam_r)))
    return np.array(out)


def wedge_targets(powders: PowderSet) -> np.ndarray:
    """Target reflectances evenly spaced in L* from the set's darkest level to near foam."""
    from kiosk.imaging.pipeline import levels_for

    _, levels = levels_for(powders)
    lo, hi = float(lightness(levels[-1])), float(lightness(levels[0])) - 3.0
    from calibration.colour import reflectance

    return np.asarray(reflectance(np.linspace(lo, hi, WEDGE_STEPS)), np.float64)


def run_trial(seed: int, *, baseline: bool = False) -> TrialResult:
    """One seeded trial; see the module docstring. ``baseline`` also judges the same wedge
    with the imaging core's default curve (the uncalibrated print). Raises
    MeasurementError only if a chart could not be measured after every retake."""
    truth = random_truth(seed)
    result = TrialResult(seed, truth)
    profile = Profile.blank(SERIAL)
    g = shoot_and_measure(charts.geometry_chart(SERIAL), truth, seed, expect="geometry",
                          result=result)
    assert g.geometry is not None
    geo = g.geometry.geometry
    result.offset_err_mm = math.hypot(geo.offset_x_mm - truth.offset_x_mm,
                                      geo.offset_y_mm - truth.offset_y_mm)
    result.rotation_err_deg = geo.rotation_deg - truth.rotation_deg
    result.scale_err_pct = (geo.scale / truth.scale - 1.0) * 100.0
    profile = profile.with_geometry(geo, Provenance("2025-01-01T00:00:00+00:00", g.chart,
                                                    "photo", g.photo))
    t = shoot_and_measure(charts.tone_chart(SERIAL), truth, seed, expect="tone",
                          result=result)
    assert t.tone is not None
    profile = profile.with_tone(t.tone.responses, Provenance(
        "2025-01-01T00:00:00+00:00", t.chart, "photo", t.photo))
    # Dose: print the dose chart on a simulated machine, read the reservoirs (mg steps).
    chart = charts.dose_chart()
    machine = Machine(truth)
    before = {k: round(v, 3) for k, v in machine.powder_grams().items()}
    machine.start(np.asarray(chart.mask.dots), 0.0)
    machine.advance(1e6)
    after = {k: round(v, 3) for k, v in machine.powder_grams().items()}
    assert chart.dose_dots is not None
    measured = dose.from_reservoir(before, after, chart.dose_dots)
    for p, mg in measured.items():
        result.dose_err_pct[p] = (mg / truth.mg_per_dot[p] - 1.0) * 100.0
    profile = profile.with_dose(measured, Provenance("2025-01-01T00:00:00+00:00", chart.name,
                                                     "reservoir"))
    result.profile = profile.validated()
    # Tone: a compensated wedge per powder, judged on the truth's own picture.
    singles = (PowderSet.CINNAMON, PowderSet.COCOA)
    targets = [wedge_targets(p) for p in singles]

    def judge(curves: list[object], into: dict[str, float]) -> None:
        mask = wedge([(p, t, c) for p, t, c in zip(singles, targets, curves, strict=True)])
        got = landed_lightness(mask, truth, sum(len(t) for t in targets), seed)
        start = 0
        for p, t in zip(singles, targets, strict=True):
            into[p.value] = float(np.mean(np.abs(got[start:start + len(t)] - lightness(t))))
            start += len(t)

    judge([apply.tone_curve_for(profile, p) for p in singles], result.wedge_err_l)
    if baseline:
        judge([None, None], result.default_err_l)
    return result
