"""Turning measurements into a profile, and the whole technician loop in one call.

:func:`merge_measurement` and :func:`merge_dose` fold a trusted measurement into a profile
(with its provenance); :func:`run_calibration` prints each chart through a callable,
photographs it through another, measures, retakes a refused photo a few times, reads the
dose, and returns the new profile *unsaved*: the caller saves it only when the technician
accepts it. The print path, the camera and the printer's status are all passed in, so the
same loop runs against the simulator, a real printer or a test double.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from calibration import charts, dose
from calibration.errors import MeasurementError, Refusal
from calibration.measure import Measurement, facts_of, measure_photo
from calibration.profile import Profile, Provenance
from calibration.store import now_iso
from printer_driver.mask import Mask


def merge_measurement(profile: Profile, m: Measurement, *, when: str | None = None) -> Profile:
    """``profile`` with the geometry or the tone that ``m`` measured."""
    when = when or now_iso()
    if m.geometry is not None:
        fit = m.geometry
        prov = Provenance(when, m.chart, "photo", m.photo, {
            "fiducials_rms_mm": fit.fiducial_rms_mm, "rim_rms_mm": fit.rim.rms,
            "fiducials_used": fit.fiducials_used, "fiducials_rejected": fit.fiducials_rejected,
            "rim_points": fit.rim.used})
        return profile.with_geometry(fit.geometry, prov)
    if m.tone is not None:
        reading = m.tone
        prov = Provenance(when, m.chart, "photo", m.photo, {
            "fit_rms_lightness": max(reading.fit_rms.values()),
            "steps_read": sum(sum(s.lightness is not None for s in r.steps)
                              for r in reading.responses.values()),
            "steps_unread": sum(reading.unread.values())})
        return profile.with_tone(reading.responses, prov)
    return profile


def merge_dose(profile: Profile, mg_per_dot: Mapping[str, float], *, method: str,
               dots: Mapping[str, int], grams: Mapping[str, float],
               when: str | None = None) -> Profile:
    """``profile`` with measured doses (``method``: ``"reservoir"`` or ``"weighed"``)."""
    prov = Provenance(when or now_iso(), charts.dose_chart().name, method, None, {},
                      {p: int(dots[p]) for p in mg_per_dot},
                      {p: float(grams[p]) for p in mg_per_dot})
    return profile.with_dose(dict(mg_per_dot), prov)


@dataclass
class LoopResult:
    """What :func:`run_calibration` did.

    Attributes:
        profile: the new profile (validated, not saved).
        measurements: the trusted measurement per chart kind.
        refused: every refused photo, in order (retaken).
        photos: the photo each accepted measurement came from (RGB), for an overlay.
    """

    profile: Profile
    measurements: dict[str, Measurement] = field(default_factory=dict)
    refused: list[MeasurementError] = field(default_factory=list)
    photos: dict[str, np.ndarray] = field(default_factory=dict)


def run_calibration(
    print_mask: Callable[[Mask], object],
    take_photo: Callable[[], np.ndarray],
    *,
    serial: str,
    profile: Profile | None = None,
    read_grams: Callable[[], Mapping[str, float]] | None = None,
    kinds: tuple[str, ...] = ("geometry", "tone", "dose"),
    foam_diameter_mm: float | None = None,
    retakes: int = 2,
    on_step: Callable[[str, str], None] | None = None,
) -> LoopResult:
    """Print, photograph and measure each chart of ``kinds``; return the new profile.

    Args:
        print_mask: prints a mask on the cup under the head and returns when it is done
            (e.g. ``PrinterDriver.print_mask``); its exceptions pass through.
        take_photo: a photo of the cup as it is now, ``(H, W, 3)`` uint8 RGB.
        serial: the machine's serial (charts carry its code; profiles are keyed by it).
        profile: the profile to update (default: a blank one).
        read_grams: the printer's reservoir readings in grams per powder, for the dose
            (``PrinterDriver.status().powder_grams``); without it the dose is skipped.
        kinds: which of ``geometry``, ``tone``, ``dose`` to run, in order.
        foam_diameter_mm: the cup's foam diameter (default: the profile's first cup).
        retakes: photos retaken after a refusal before giving up.
        on_step: called with ``(kind, stage)`` as the loop goes (``print``, ``photo``,
            ``measured``, ``retake``), for progress.

    Raises:
        MeasurementError: a chart could not be measured (the last refusal); nothing of
            this run is kept.
    """
    result = LoopResult(profile or Profile.blank(serial))
    foam = foam_diameter_mm or result.profile.cup().foam_diameter_mm
    say = on_step or (lambda kind, stage: None)
    for kind in kinds:
        if kind == "dose":
            if read_grams is None:
                continue
            chart = charts.dose_chart()
            before = dict(read_grams())
            say(kind, "print")
            print_mask(chart.mask)
            after = dict(read_grams())
            assert chart.dose_dots is not None
            mg = dose.from_reservoir(before, after, chart.dose_dots)
            used = {p: before[p] - after[p] for p in mg}
            result.profile = merge_dose(result.profile, mg, method="reservoir",
                                        dots=chart.dose_dots, grams=used)
            say(kind, "measured")
            continue
        chart = charts.chart_for(kind, serial)
        say(kind, "print")
        print_mask(chart.mask)
        last: MeasurementError | None = None
        for attempt in range(retakes + 1):
            say(kind, "photo" if attempt == 0 else "retake")
            photo = np.ascontiguousarray(take_photo())
            try:
                m = measure_photo(photo, serial=serial, expect=kind, foam_diameter_mm=foam,
                                  facts=facts_of(photo))
            except MeasurementError as exc:
                last = exc
                result.refused.append(exc)
                continue
            result.measurements[kind] = m
            result.photos[kind] = photo
            result.profile = merge_measurement(result.profile, m)
            say(kind, "measured")
            break
        else:
            raise last or MeasurementError(Refusal.NO_CUP)
    result.profile = result.profile.validated()
    return result
