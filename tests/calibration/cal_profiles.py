"""A measured-looking profile to test storage and the schema with (no photo needed)."""

from __future__ import annotations

from calibration.charts import TONE_STEPS
from calibration.profile import (
    Geometry,
    PhotoFacts,
    Profile,
    Provenance,
    ToneResponse,
    ToneStep,
)

WHEN = "2025-03-01T09:30:00+00:00"


def tone(darkest: float) -> ToneResponse:
    steps = []
    for i, c in enumerate(TONE_STEPS):
        lstar = 93.9 - (93.9 - darkest) * (1 - (1 - c) ** 2)
        steps.append(ToneStep(c, c, None if i == 3 else round(lstar, 2), round(lstar, 2)))
    return ToneResponse("floyd-steinberg", tuple(steps))


def measured(serial: str = "PL2026-0001", *, offset_x: float = 1.2) -> Profile:
    photo = PhotoFacts(1024, 768, "ab" * 32)
    p = Profile.blank(serial)
    p = p.with_geometry(Geometry(offset_x, -0.4, 0.8, 1.012),
                        Provenance(WHEN, "geometry/1", "photo", photo,
                                   {"fiducials_rms_mm": 0.01, "fiducials_used": 55}))
    p = p.with_tone({"cinnamon": tone(54.0), "cocoa": tone(25.0)},
                    Provenance(WHEN, "tone/1", "photo", photo, {"fit_rms_lightness": 0.3}))
    return p.with_dose({"cinnamon": 0.21, "cocoa": 0.19},
                       Provenance(WHEN, "dose/1", "reservoir", None, {},
                                  {"cinnamon": 19716, "cocoa": 19716},
                                  {"cinnamon": 4.14, "cocoa": 3.75}))
