"""Every knob of the photo-to-mask pipeline in one frozen value, plus the named styles.

Units: millimetres for geometry, fractions (0..1) of the crop or of the tone range for
everything else, dot units for blur radii (one dot = one grid cell = ``pitch_mm``).

Style-controlled parameters default to ``None``, meaning "whatever the style says";
give a value to override the style for that parameter only. :meth:`RenderSettings.tone`
resolves them into a :class:`ToneParams` with every value filled in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any

from kiosk.imaging.dither import METHODS
from kiosk.imaging.faces import FacePick, check_pick
from printer_driver.mask import grid_size
from printer_driver.placement import HeadGeometry
from printer_driver.powders import PowderSet

SEGMENTATIONS = ("colour", "grabcut", "oval", "none")

#: Print circle diameters a cup can take, mm: an espresso cup's foam to a large bowl.
DIAMETER_MM = (20.0, 120.0)
#: Dot pitches a print head can place, mm.
PITCH_MM = (0.1, 2.0)
#: Most dots across the grid (diameter / pitch): 1024 is already ~8 MB of work arrays and a
#: print of several minutes; :data:`printer_driver.mask.MAX_GRID` (the file format's limit)
#: is larger, so every mask rendered here can be saved and sent.
MAX_DOTS = 1024
#: Cup preview side, pixels (0: no preview).
PREVIEW_PX = (32, 4096)


@dataclass(frozen=True)
class ToneParams:
    """Tone-mapping parameters, resolved from a style and any overrides.

    Defaults are the ``portrait`` style. Values are on the 0..1 grey scale (sRGB-coded)
    unless noted.

    Attributes:
        smooth_sigma: bilateral filter colour sigma (0..1 grey); 0 disables smoothing.
            Irons out skin texture and sensor noise while keeping edges.
        smooth_dots: bilateral filter diameter in dots.
        clahe_clip: CLAHE clip limit (OpenCV units, ~1 none .. 4 strong); 0 disables.
        clahe_tiles: CLAHE tiles across the crop.
        feature_boost: how strongly small dark features (eyes, brows, nostrils, mouth)
            are darkened further (0 off .. 1 strong), via a morphological black-hat.
        feature_dots: size of those features in dots (the black-hat kernel).
        sharpen: unsharp-mask amount (0 off, 1 = add the full high-pass once).
        sharpen_dots: unsharp-mask Gaussian sigma in dots (~1.5 keeps the 8-16 cycles per
            face width band that recognition relies on).
        stretch_low: percentile of the head's grey values mapped to full cocoa.
        stretch_high: percentile mapped to full foam.
        highlight_clip: grey level (after the stretch) at and above which the print is
            clean foam, so bright skin carries no stray dots.
        gamma: mid-tone exponent applied after the stretch (>1 darker, <1 lighter).
        sketch: 0..1 blend towards a pencil-sketch rendering (dark lines on foam).
        dither: dither method name (see ``kiosk.imaging.dither.METHODS``).
    """

    smooth_sigma: float = 0.08
    smooth_dots: int = 5
    clahe_clip: float = 2.0
    clahe_tiles: int = 6
    feature_boost: float = 0.5
    feature_dots: int = 9
    sharpen: float = 0.6
    sharpen_dots: float = 1.5
    stretch_low: float = 1.0
    stretch_high: float = 97.0
    highlight_clip: float = 0.92
    gamma: float = 1.0
    sketch: float = 0.0
    dither: str = "floyd-steinberg"


#: Named looks for ``--style`` and the kiosk's style picker: overrides of :class:`ToneParams`.
#: - ``portrait`` (default): natural likeness, gentle local contrast, clean foam highlights.
#: - ``bold``: poster-like, strong local contrast and sharpening, more foam, crisp features;
#:   reads best from a distance and with heavy dot spread.
#: - ``soft``: smooth and gentle, low contrast, more mid-tone; flattering, blue-noise dither.
#: - ``sketch``: pencil-drawing look, dark lines on mostly clean foam; uses little powder.
STYLES: dict[str, dict[str, Any]] = {
    "portrait": {},
    "bold": {
        "clahe_clip": 3.5, "sharpen": 1.1, "feature_boost": 0.8, "stretch_low": 3.0,
        "stretch_high": 92.0, "highlight_clip": 0.85, "gamma": 1.15, "smooth_sigma": 0.12,
    },
    "soft": {
        "clahe_clip": 1.2, "sharpen": 0.25, "smooth_sigma": 0.14, "smooth_dots": 7,
        "feature_boost": 0.35, "stretch_low": 0.5, "stretch_high": 99.0,
        "highlight_clip": 0.97, "gamma": 0.9, "dither": "blue-noise",
    },
    "sketch": {
        "sketch": 1.0, "clahe_clip": 1.5, "sharpen": 0.4, "feature_boost": 0.7,
        "stretch_low": 0.5, "stretch_high": 99.5, "highlight_clip": 0.9, "gamma": 1.3,
        "dither": "atkinson",
    },
}

_TONE_FIELDS = tuple(f.name for f in fields(ToneParams))


@dataclass(frozen=True)
class RenderSettings:
    """How a photo becomes a powder mask and a cup preview.

    Attributes:
        diameter_mm: print circle diameter (cup profile), default 76 mm; 20..120 mm.
        pitch_mm: dot pitch, default 0.3 mm (254 dots across 76 mm); 0.1..2 mm, and at
            most :data:`MAX_DOTS` (1024) dots across.
        powders: which powders to use (``both``: foam, cinnamon, cocoa).
        style: a key of :data:`STYLES`.
        darkness: -1 (lighter) .. +1 (darker), the kiosk's lighter/darker buttons.
        serpentine: error diffusion alternates direction per row (fewer worm artefacts).
        face_fill: face-box width as a fraction of the square crop (0.5: hair and chin fit).
        face_drop: face centre below the crop centre, as a fraction of the crop side.
        faces: which faces to frame: ``auto`` (one face: it; two or three: all of them;
            more: the largest, most central), ``all``, ``largest``, or the 0-based index
            of one face in the left-to-right list of faces found.
        detect_px: longest side of the grey image the face detector sees (speed vs reach).
        detect_thorough: besides upright frontal faces, look for heads tilted up to ±35°
            and faces in profile, and when nobody is found, look again (no equalisation,
            a close-up's margin, small faces on a larger copy); see
            :mod:`kiosk.imaging.detection`. A live preview that re-detects every frame
            turns it off; stills keep it.
        segmentation: background removal: ``colour`` (colour model inside an oval),
            ``grabcut`` (slower, sharper), ``oval`` (vignette only) or ``none``.
        feather: softness of the background fade, as a fraction of the crop side.
        preview_px: side of the cup preview in pixels (0: no preview, else 32..4096).
        dot_gain: powder spread, dot diameter / pitch (for preview and default tone curve).
        tone_curve: a dot-gain compensation curve (``ToneCurve``) or None for the default
            derived from the dot-spread model at ``dot_gain``.
        placement: the measured head geometry to lay the dots out for, so they land
            centred and true (applied to the target before dithering, see
            :mod:`kiosk.imaging.placement`); None: a nominal head.
        (tone parameters): see :class:`ToneParams`; ``None`` takes the style's value.
    """

    diameter_mm: float = 76.0
    pitch_mm: float = 0.3
    powders: PowderSet = PowderSet.BOTH
    style: str = "portrait"
    darkness: float = 0.0
    serpentine: bool = True
    face_fill: float = 0.5
    face_drop: float = 0.08
    faces: FacePick = "auto"
    detect_px: int = 320
    detect_thorough: bool = True
    segmentation: str = "colour"
    feather: float = 0.06
    preview_px: int = 512
    dot_gain: float = 1.5
    tone_curve: Any = None
    placement: HeadGeometry | None = None
    smooth_sigma: float | None = None
    smooth_dots: int | None = None
    clahe_clip: float | None = None
    clahe_tiles: int | None = None
    feature_boost: float | None = None
    feature_dots: int | None = None
    sharpen: float | None = None
    sharpen_dots: float | None = None
    stretch_low: float | None = None
    stretch_high: float | None = None
    highlight_clip: float | None = None
    gamma: float | None = None
    sketch: float | None = None
    dither: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "powders", PowderSet(self.powders))
        if self.style not in STYLES:
            raise ValueError(f"unknown style '{self.style}'; choose one of {sorted(STYLES)}")
        if not (math.isfinite(self.darkness) and -1.0 <= self.darkness <= 1.0):
            raise ValueError(f"darkness {self.darkness} must be between -1 and +1")
        if self.segmentation not in SEGMENTATIONS:
            raise ValueError(f"segmentation must be one of {SEGMENTATIONS}")
        if not 0.2 <= self.face_fill <= 0.9:
            raise ValueError("face_fill must be between 0.2 and 0.9 of the crop")
        check_pick(self.faces)
        self._check_geometry()
        if not (math.isfinite(self.dot_gain) and 0.5 <= self.dot_gain <= 4.0):
            raise ValueError(f"dot gain {self.dot_gain:g} is outside 0.5..4 "
                             "(dot diameter / pitch; 1.5 is typical)")
        lo, hi = PREVIEW_PX
        if not (self.preview_px == 0 or lo <= self.preview_px <= hi):
            raise ValueError(f"preview size {self.preview_px} px is outside {lo}..{hi} px "
                             "(512 is typical)")
        if self.detect_px < 64:
            raise ValueError(f"face search size {self.detect_px} px is below 64 px")
        tone = self.tone()
        if tone.dither not in METHODS:
            raise ValueError(f"unknown dither '{tone.dither}'; choose one of {', '.join(METHODS)}")
        if not 0 <= tone.stretch_low < tone.stretch_high <= 100:
            raise ValueError("need 0 <= stretch_low < stretch_high <= 100 (percentiles)")
        if not 0.3 <= tone.highlight_clip <= 1.0 or tone.gamma <= 0:
            raise ValueError("highlight_clip must be in 0.3..1 and gamma positive")

    def _check_geometry(self) -> None:
        """Refuse a circle or pitch no printer takes (ValueError naming the allowed range)."""
        d, p = self.diameter_mm, self.pitch_mm
        if not (math.isfinite(d) and DIAMETER_MM[0] <= d <= DIAMETER_MM[1]):
            raise ValueError(f"diameter {d:g} mm is outside {DIAMETER_MM[0]:g}..{DIAMETER_MM[1]:g}"
                             " mm (76 mm fits a standard latte cup)")
        if not (math.isfinite(p) and PITCH_MM[0] <= p <= PITCH_MM[1]):
            raise ValueError(f"pitch {p:g} mm is outside {PITCH_MM[0]:g}..{PITCH_MM[1]:g} mm "
                             "(0.3 mm is typical)")
        n = grid_size(d, p)
        if n > MAX_DOTS:
            raise ValueError(f"diameter {d:g} mm at pitch {p:g} mm makes {n} dots across, more "
                             f"than {MAX_DOTS}; use a pitch of at least {d / MAX_DOTS:.2f} mm")

    def tone(self) -> ToneParams:
        """The tone parameters in force: the style's preset with any explicit overrides."""
        explicit = {k: getattr(self, k) for k in _TONE_FIELDS if getattr(self, k) is not None}
        return replace(ToneParams(), **{**STYLES[self.style], **explicit})

    def with_style(self, style: str) -> RenderSettings:
        """A copy using ``style`` (explicit tone overrides stay)."""
        return replace(self, style=style)
