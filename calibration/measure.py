"""Measure one photo of a printed chart: what it is, and what it says about the printer.

``measure_photo(rgb)`` runs the whole chain (``docs/calibration.md``, "Measurement"):
find the cup and rectify its rim, check the photo can be trusted (sharp, exposed, the rim
traceable), find and identify the fiducials, fit the grid's homography (RANSAC, outliers
rejected, residual in mm), then, by the chart's kind, solve the geometry or read the tone
patches. Anything untrustworthy raises :class:`~calibration.errors.MeasurementError`
with its :class:`~calibration.errors.Refusal` code; nothing is measured from such a photo.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from calibration import charts, fiducials, rim
from calibration import geometry as geo
from calibration import tone as tone_mod
from calibration.errors import MeasurementError, Refusal
from calibration.profile import PhotoFacts

CLIPPED_LIMIT = 0.15
"""Share of foam pixels at full white above which a photo counts as over-exposed."""
FOAM_MIN_LEVEL = 60.0
"""Foam darker than this (8-bit grey) is an under-exposed photo."""


@dataclass(frozen=True)
class Findings:
    """What was found, in photo pixels, for drawing over the photo.

    Attributes:
        rim_outer: the outer rim ellipse ``(cx, cy, a, b, angle_deg)``.
        rim_inner: ``(k, 2)`` points traced on the foam's edge.
        fiducials: ``(m, 2)`` fiducials used in the fit.
        expected: ``(e, 2)`` where the fit puts every fiducial of the chart.
        marks: ``(j, 2)`` the stand's index marks found.
        patches: ``(p, 4, 2)`` corners of each tone patch's read window (tone charts).
    """

    rim_outer: tuple[float, float, float, float, float]
    rim_inner: np.ndarray
    fiducials: np.ndarray
    expected: np.ndarray
    marks: np.ndarray
    patches: np.ndarray


@dataclass(frozen=True)
class Measurement:
    """A photo measured.

    Attributes:
        kind: the chart's kind (``"geometry"`` or ``"tone"``).
        chart: its name and version, e.g. ``"geometry/1"``.
        code: the serial code printed on the chart (0: none).
        photo: size and SHA-256 of the photo.
        geometry: the geometry fit (geometry charts).
        tone: the tone reading (tone charts).
        findings: what was found, for an overlay.
        fiducial_rms_mm: RMS residual of the fiducials about the grid's homography.
        seconds: time taken.
    """

    kind: str
    chart: str
    code: int
    photo: PhotoFacts
    geometry: geo.GeometryFit | None
    tone: tone_mod.ToneReading | None
    findings: Findings
    fiducial_rms_mm: float
    seconds: float


def read_photo(path: str | Path) -> tuple[np.ndarray, PhotoFacts]:
    """Load a photo file as RGB uint8 with its facts (size, SHA-256 of the file).

    Read as every input picture is (:func:`printer_driver.input_files.read_input_file`):
    a regular file only, at most 50 MB; a FIFO or a device is refused without blocking.

    Raises:
        MeasurementError: ``PHOTO_UNREADABLE`` (``input_code`` says why: the loader's
            :class:`~printer_driver.input_files.InputCode`) or ``PHOTO_TOO_LARGE``.
    """
    from kiosk.imaging.loading import load_photo
    from printer_driver.input_files import InputCode, InputError, read_input_file

    p = Path(path)
    try:
        data = read_input_file(p)
        loaded = load_photo(data, name=p.name)
    except InputError as exc:
        if exc.code in (InputCode.TOO_LARGE, InputCode.TOO_MANY_PIXELS):
            raise MeasurementError(Refusal.PHOTO_TOO_LARGE, path=str(p),
                                   input_code=exc.code.value, reason=exc.description) from exc
        raise MeasurementError(Refusal.PHOTO_UNREADABLE, path=str(p), input_code=exc.code.value,
                               reason=exc.description) from exc
    pixels = loaded.pixels
    rgb = np.repeat(pixels[..., None], 3, axis=2) if pixels.ndim == 2 else pixels[..., ::-1]
    width, height = loaded.input_size
    return np.ascontiguousarray(rgb), PhotoFacts(width, height,
                                                 hashlib.sha256(data).hexdigest())


def facts_of(rgb: np.ndarray) -> PhotoFacts:
    """Facts for a photo that came as an array (a camera frame): hash of its pixels."""
    arr = np.ascontiguousarray(rgb)
    return PhotoFacts(int(arr.shape[1]), int(arr.shape[0]),
                      hashlib.sha256(arr.tobytes()).hexdigest())


def _check_exposure(canvas: rim.Canvas) -> None:
    """Refuse a photo whose foam is clipped to white or too dark to read."""
    c = canvas.centre
    _, _, col = rim.ray_profiles(canvas.rgb, (c, c), 0.4 * canvas.rim_out_px,
                                 0.8 * canvas.rim_out_px, rays=180, step=2.0)
    samples = col.reshape(-1, 3)
    grey = samples @ np.array([0.299, 0.587, 0.114])
    foam = grey >= np.quantile(grey, 0.5)  # the brighter half: foam, not print
    clipped = float(np.mean(samples[foam].max(axis=1) >= 254.0))
    if clipped > CLIPPED_LIMIT:
        raise MeasurementError(Refusal.OVER_EXPOSED, clipped_share=round(clipped, 3),
                                 limit=CLIPPED_LIMIT)
    level = float(np.median(grey[foam]))
    if level < FOAM_MIN_LEVEL:
        raise MeasurementError(Refusal.UNDER_EXPOSED, foam_level=round(level, 1),
                                 minimum=FOAM_MIN_LEVEL)


def measure_photo(
    rgb: np.ndarray, *, serial: str | None = None, foam_diameter_mm: float = 82.0,
    expect: str | None = None, facts: PhotoFacts | None = None,
) -> Measurement:
    """Measure a photo of a geometry or tone chart.

    Args:
        rgb: ``(H, W, 3)`` uint8 RGB photo.
        serial: the machine's serial: a chart printed for another machine is refused.
        foam_diameter_mm: the photographed cup's foam diameter (the measuring stick).
        expect: refuse any other kind of chart (``"geometry"`` or ``"tone"``).
        facts: the photo's facts (default: from the pixels).

    Raises:
        MeasurementError: why the photo cannot be trusted.
    """
    t0 = time.perf_counter()
    rgb = np.ascontiguousarray(np.asarray(rgb, np.uint8))
    if rgb.ndim != 3 or rgb.shape[2] != 3:
        raise MeasurementError(Refusal.PHOTO_UNREADABLE, path=None,
                                 reason=f"expected an RGB image, got shape {rgb.shape}")
    facts = facts or facts_of(rgb)
    ell = rim.refine_outer(rgb, rim.find_cup(rgb))
    canvas = rim.rectify(rgb, ell)
    _check_exposure(canvas)
    trace = rim.trace_rim(canvas)
    px_per_mm = trace.inner_radius_px / (foam_diameter_mm / 2.0)
    rim.check_sharpness(trace, px_per_mm)
    grid = charts.Grid()
    blobs = fiducials.find_blobs(canvas.rgb, canvas.centre, 0.97 * trace.inner_radius_px,
                                 px_per_mm)
    found = fiducials.identify(blobs, px_per_mm, grid)
    if expect is not None and found.kind != expect:
        raise MeasurementError(Refusal.WRONG_CHART, kind=found.kind, expected=expect)
    machine = charts.serial_code(serial)
    if found.code and machine and found.code != machine:
        raise MeasurementError(Refusal.CHART_OTHER_MACHINE, chart_code=found.code,
                                 machine_code=machine)
    h = found.grid_to_canvas
    to_photo = np.linalg.inv(canvas.from_photo)
    marks = fiducials.stand_marks(canvas.rgb, canvas.centre, canvas.rim_out_px, px_per_mm)
    fit = reading = None
    patches = np.zeros((0, 4, 2))
    if found.kind == "geometry":
        fit = geo.solve(fiducials.to_grid(h, trace.inner), fiducials.to_grid(h, marks),
                        foam_diameter_mm, fiducial_rms_mm=found.residual_mm,
                        fiducials_used=len(found.matched_grid),
                        fiducials_rejected=found.rejected)
    elif found.kind == "tone":
        chart = charts.tone_chart(serial)
        reading = tone_mod.read_patches(tone_mod.linear_luminance(rgb), to_photo @ h, chart)
        patches = np.array([
            fiducials.to_canvas(h, np.array([[p.x_mm - p.read_half_mm, p.y_mm - p.read_half_mm],
                                             [p.x_mm + p.read_half_mm, p.y_mm - p.read_half_mm],
                                             [p.x_mm + p.read_half_mm, p.y_mm + p.read_half_mm],
                                             [p.x_mm - p.read_half_mm, p.y_mm + p.read_half_mm]]))
            for p in chart.patches])
    else:
        raise MeasurementError(Refusal.WRONG_CHART, kind=found.kind,
                                 expected=expect or "geometry or tone")

    def back(pts: np.ndarray) -> np.ndarray:
        return fiducials.to_canvas(to_photo, pts) if len(pts) else np.zeros((0, 2))

    findings = Findings(
        rim_outer=(ell.cx, ell.cy, ell.a, ell.b, ell.angle_deg),
        rim_inner=back(trace.inner),
        fiducials=back(found.matched_canvas),
        expected=back(fiducials.to_canvas(h, found.matched_grid)),
        marks=back(marks),
        patches=np.array([back(p) for p in patches]).reshape(-1, 4, 2),
    )
    return Measurement(found.kind, f"{found.kind}/{charts.CHART_VERSION}", found.code, facts,
                       fit, reading, findings, found.residual_mm, time.perf_counter() - t0)
