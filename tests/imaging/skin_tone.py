"""How the print keeps skin lightness: synthetic faces of known skin reflectance, rendered
side by side and alone, their cheeks read off the simulated, eye-filtered print.

Lightness is on a 0..1 scale both sides: the photo's skin as CIE L*/100, the print's as
its position between the darkest powder (0) and foam (1) in L*. The pipeline maps the
photo's L* linearly onto that printable range, so a print that keeps who people are
keeps the photo's gaps between skins; a tone stage that evens faces out shrinks them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from synthetic_faces import Face, cheek_points, row_of_faces, scene

from kiosk.imaging import PortraitResult, RenderSettings, render_portrait
from kiosk.imaging.pipeline import levels_for
from kiosk.imaging.quality import eye_filter, lstar
from kiosk.imaging.spread import spread_reflectance

#: Skin reflectances (linear light): deep brown to pale.
SKINS = (0.10, 0.20, 0.35, 0.60)
_UP = 3  # simulated print pixels per dot


@dataclass(frozen=True)
class SkinFigures:
    """Photo and print skin lightness (0..1) per face, side by side and each alone."""

    photo: tuple[float, ...]
    side_by_side: tuple[float, ...]
    alone: tuple[float, ...]

    @staticmethod
    def _gaps(values: tuple[float, ...]) -> np.ndarray:
        return np.diff(np.asarray(values))

    def off(self, which: str) -> tuple[float, ...]:
        """Print minus photo lightness per skin (positive: printed lighter)."""
        printed = self.side_by_side if which == "side" else self.alone
        return tuple(p - q for p, q in zip(printed, self.photo, strict=True))

    def kept(self, which: str) -> tuple[float, float]:
        """``(smallest, whole)``: the smallest ratio of a print gap between neighbouring
        skins to the photo's gap, and the ratio for the darkest-to-lightest span."""
        printed = self.side_by_side if which == "side" else self.alone
        ratios = self._gaps(printed) / self._gaps(self.photo)
        whole = (printed[-1] - printed[0]) / (self.photo[-1] - self.photo[0])
        return float(ratios.min()), float(whole)


def printed_lightness(result: PortraitResult, points: list[tuple[float, float]],
                      settings: RenderSettings) -> float:
    """Mean print lightness (0 darkest powder .. 1 foam) around photo ``points``, seen
    through the dot-spread model and the eye filter at 350 mm."""
    _, levels = levels_for(settings.powders)
    printed = spread_reflectance(np.asarray(result.mask.dots), levels, gain=settings.dot_gain,
                                 upsample=_UP)
    seen = lstar(eye_filter(printed, settings.pitch_mm / _UP))
    lo, hi = float(lstar(levels[-1])), float(lstar(levels[0]))
    crop, n = result.crop_box, result.mask.dots.shape[0]
    k = n / crop.side * _UP
    half = 3 * _UP
    vals = []
    for x, y in points:
        r, c = round((y - crop.y) * k), round((x - crop.x) * k)
        vals.append(float(seen[r - half:r + half, c - half:c + half].mean()))
    return (float(np.mean(vals)) - lo) / (hi - lo)


def measure(settings: RenderSettings | None = None,
            skins: tuple[float, ...] = SKINS) -> SkinFigures:
    """Render the faces side by side (all framed) and each alone; read their cheeks."""
    settings = settings or RenderSettings(preview_px=0)
    photo, faces = row_of_faces(list(skins))
    together = render_portrait(photo, _with_all(settings))
    if len(together.framed) != len(faces):
        raise AssertionError(f"{len(together.framed)} of {len(faces)} faces framed")
    side = tuple(printed_lightness(together, cheek_points(f), settings) for f in faces)
    alone = []
    for s in skins:
        face = Face(320, 200, 130, s)
        result = render_portrait(scene([face]), settings)
        alone.append(printed_lightness(result, cheek_points(face), settings))
    photo_l = tuple(float(lstar(s)) / 100.0 for s in skins)
    return SkinFigures(photo_l, side, tuple(alone))


def _with_all(settings: RenderSettings) -> RenderSettings:
    from dataclasses import replace

    return replace(settings, faces="all")
