"""Using a profile on the print path: pure functions the print service calls.

- :func:`correct_geometry`: resample what is to be printed by the head's measured
  similarity, so every dot lands where the design meant it (``docs/calibration.md`` says
  why this happens in the imaging core, before dithering, and not in the printer).
- :func:`tone_curve_for`: the measured tone response as the imaging core's
  :class:`~kiosk.imaging.tonecurve.ToneCurve` (``RenderSettings.tone_curve``), in place of
  the dot-spread model's default curve.
- :func:`dose_tones`: the powder table with the measured doses, for gram estimates
  (``Mask.grams(tones)``) and low-powder warnings.
- :func:`print_diameter`: the print circle for a cup profile.

A missing section (never measured) gives the nominal answer: no correction, ``None`` for
the curve (the imaging core then uses its default), the packaged doses.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from calibration.colour import reflectance
from calibration.profile import Geometry, Profile, ToneResponse
from kiosk.imaging.placement import place_mask, place_target
from kiosk.imaging.tonecurve import ToneCurve
from printer_driver.mask import Mask
from printer_driver.powders import CINNAMON, COCOA, FOAM, PowderSet, Tone, default_tones

_SAMPLES = 97  # points of the tabulated curve handed to the imaging core


def correct_geometry(
    design: Mask | np.ndarray, geometry: Geometry | None, *, pitch_mm: float = 0.3,
    fill: float | None = None,
) -> Mask | np.ndarray:
    """Pre-distort ``design`` so the head, with its measured error, prints it true.

    A dot at grid index ``u'`` lands at ``R(rotation) @ (scale * u') + offset`` mm from the
    cup centre; it is given the design's value at that point. Content the grid cannot reach
    (beyond its circle after the shift) is lost: a cup profile's print diameter should leave
    room for the offset. The work is the imaging core's (:mod:`kiosk.imaging.placement`).

    Args:
        design: a target reflectance image ``(n, n)`` float (before dithering: resampled
            bilinearly) or a :class:`Mask` (dot codes: nearest dot; one already placed for
            another head is re-placed, one placed for this head comes back as it is).
        geometry: the profile's geometry; None leaves an image unchanged and lays a placed
            mask back out for a nominal head.
        pitch_mm: dot pitch of an image (a mask carries its own).
        fill: value for an image where the design has nothing (default: its maximum,
            i.e. foam).

    Returns:
        The same kind of thing, same shape; a mask says what it is placed for.
    """
    if isinstance(design, Mask):
        return place_mask(design, geometry)
    return place_target(design, geometry, pitch_mm=pitch_mm, fill=fill)


def _landed(response: ToneResponse, foam_r: float) -> tuple[np.ndarray, np.ndarray]:
    """``(coverage, landed reflectance)`` densely sampled from a powder's fitted curve."""
    from calibration.tone import pchip

    nominal = np.r_[0.0, [s.nominal for s in response.steps]]
    lstar = np.r_[float(_lstar(foam_r)), [s.fitted for s in response.steps]]
    keep = np.r_[True, np.diff(nominal) > 0]
    cov = np.linspace(0.0, 1.0, _SAMPLES)
    refl = reflectance(pchip(nominal[keep], lstar[keep], cov))
    return cov, np.minimum.accumulate(np.clip(refl, 0.0, 1.0))


def _lstar(r: float) -> float:
    from calibration.colour import lightness

    return float(lightness(r))


def tone_curve_for(profile: Profile | None, powders: PowderSet) -> ToneCurve | None:
    """The measured dot-gain compensation for a print with ``powders``, or None.

    The curve maps the reflectance wanted on the foam to what the ditherer must be fed,
    in the imaging core's levels (the powder table's reflectances, foam first). For one
    powder it inverts that powder's measured response. For both, feeds between foam and
    cinnamon print cinnamon on foam; feeds between cinnamon and cocoa print cocoa dots
    among cinnamon ones, modelled as cocoa's measured coverage laid over solid cinnamon
    (how the powders combine: each covers what lies under it).

    None (use the default curve) when the profile lacks a measured response for one of the
    powders.
    """
    if profile is None:
        return None
    powders = PowderSet(powders)
    responses = [profile.tone.get(p) for p in powders.powders]
    if any(r is None for r in responses):
        return None
    tones = default_tones()
    foam = tones[FOAM].reflectance
    if powders in (PowderSet.COCOA, PowderSet.CINNAMON):
        ink = tones[COCOA if powders is PowderSet.COCOA else CINNAMON].reflectance
        cov, landed = _landed(responses[0], foam)  # type: ignore[arg-type]
        feed = foam - cov * (foam - ink)
        return ToneCurve.from_measurements(feed.tolist(), landed.tolist(),
                                           source=_source(profile, powders))
    cin, coc = tones[CINNAMON].reflectance, tones[COCOA].reflectance
    cov1, land1 = _landed(profile.tone["cinnamon"], foam)  # type: ignore[arg-type]
    cov2, land2 = _landed(profile.tone["cocoa"], foam)  # type: ignore[arg-type]
    effective = (foam - land2) / max(foam - land2[-1], 1e-6)  # cocoa's coverage 0..1
    mixed = land1[-1] + effective * (land2[-1] - land1[-1])
    feed = np.r_[foam - cov1 * (foam - cin), cin - cov2[1:] * (cin - coc)]
    landed = np.r_[land1, mixed[1:]]
    return ToneCurve.from_measurements(feed.tolist(), landed.tolist(),
                                       source=_source(profile, powders))


def _source(profile: Profile, powders: PowderSet) -> str:
    prov = profile.provenance.get("tone")
    when = prov.measured_at[:10] if prov is not None else "?"
    return f"measured on {profile.serial} ({when}), {powders.value}"


def dose_tones(profile: Profile | None) -> dict[int, Tone]:
    """The powder table with the profile's measured doses (packaged ones where unmeasured)."""
    tones = dict(default_tones())
    if profile is None:
        return tones
    for code in (CINNAMON, COCOA):
        mg = profile.dose_mg_per_dot.get(tones[code].name)
        if mg is not None:
            tones[code] = replace(tones[code], mg_per_dot=float(mg))
    return tones


def print_diameter(profile: Profile | None, cup: str | None = None, *,
                   default_mm: float = 76.0) -> float:
    """The print circle (mm) for the cup profile ``cup`` (the first cup when None).

    Raises:
        KeyError: no cup of that name in the profile.
    """
    if profile is None:
        return default_mm
    return profile.cup(cup).print_diameter_mm
