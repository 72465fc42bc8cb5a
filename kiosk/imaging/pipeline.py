"""The one entry point: a customer's photo in, a powder mask and a cup preview out.

Stages (each timed into ``PortraitResult.timings_ms``): ``load``, ``detect`` (skipped with
a face hint), ``crop``, ``background``, ``tone``, ``curve`` (dot-gain compensation),
``dither``, ``mask``, ``preview``, and ``total``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from kiosk.imaging.background import foreground_alpha
from kiosk.imaging.framing import (
    CropBox,
    FaceBox,
    crop_for_face,
    detect_faces,
    extract_crop,
    main_face,
)
from kiosk.imaging.loading import load_photo
from kiosk.imaging.settings import RenderSettings
from kiosk.imaging.tone import face_core, tone_map
from printer_driver.mask import Mask, circle_mask, grid_size
from printer_driver.powders import PowderSet, default_tones

Photo = str | Path | bytes | bytearray | np.ndarray


@dataclass(frozen=True, eq=False)
class PortraitResult:
    """What :func:`render_portrait` made.

    Attributes:
        mask: the powder mask to print.
        preview: ``(S, S, 3)`` RGB uint8 picture of the cup (S = ``preview_px``), or a
            ``(0, 0, 3)`` array when ``preview_px`` is 0.
        face_box: the face used for framing, in upright input pixels; None without a face.
        face_found: True when a face was detected (or a hint was given).
        crop_box: the square crop in upright input pixels (may reach past the edges).
        input_size: ``(width, height)`` of the upright input.
        target: float32 ``(n, n)`` reflectance the dither aimed at (before the curve).
        timings_ms: milliseconds per stage, plus ``total``.
    """

    mask: Mask
    preview: np.ndarray
    face_box: FaceBox | None
    face_found: bool
    crop_box: CropBox
    input_size: tuple[int, int]
    target: np.ndarray
    timings_ms: dict[str, float] = field(default_factory=dict)


def levels_for(powders: PowderSet) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """``(codes, reflectances)`` of the tones a powder set prints, foam first, darkest last."""
    tones = default_tones()
    codes = PowderSet(powders).codes
    return codes, tuple(tones[c].reflectance for c in codes)


def target_to_mask(target: np.ndarray, settings: RenderSettings, *,
                   timings: dict[str, float] | None = None) -> Mask:
    """Dot-gain compensate, dither and wrap a target reflectance ``(n, n)`` as a Mask.

    Shared by portraits and the built-in designs.
    """
    from kiosk.imaging.dither import dither
    from kiosk.imaging.tonecurve import default_tone_curve

    timings = {} if timings is None else timings
    codes, levels = levels_for(settings.powders)
    t0 = time.perf_counter()
    method = settings.tone().dither
    curve = settings.tone_curve
    if curve is None:
        curve = default_tone_curve(levels, settings.dot_gain, method,
                                   serpentine=settings.serpentine)
    compensated = curve.apply(target)
    t1 = time.perf_counter()
    # Where the target is clean foam, print nothing and let no error wander in: error
    # diffusion would otherwise drop stray dots into bright skin and the plain background.
    region = circle_mask(settings.diameter_mm, settings.pitch_mm) & (target < levels[0] - 1e-3)
    idx = dither(compensated, levels, method=method,
                 serpentine=settings.serpentine, region=region)
    t2 = time.perf_counter()
    lut = np.asarray(codes, dtype=np.uint8)
    mask = Mask.from_levels(lut[idx], diameter_mm=settings.diameter_mm,
                            pitch_mm=settings.pitch_mm, powders=settings.powders)
    t3 = time.perf_counter()
    timings.update(curve=_ms(t0, t1), dither=_ms(t1, t2), mask=_ms(t2, t3))
    return mask


def _ms(a: float, b: float) -> float:
    return round((b - a) * 1000.0, 3)


def render_portrait(photo: Photo, settings: RenderSettings | None = None, *,
                    face_hint: FaceBox | None = None, name: str | None = None) -> PortraitResult:
    """Turn a photo into a powder mask and a preview of the cup.

    Args:
        photo: a file path, encoded image bytes, a camera frame ``(H, W, 3)`` BGR uint8,
            ``(H, W, 4)`` BGRA or ``(H, W)`` grey.
        settings: geometry, powders, style and tone; defaults: 76 mm, 0.3 mm, both powders.
        face_hint: a face box in upright input pixels (e.g. ``result.face_box`` of the
            previous frame): detection is skipped, as a live preview does.
        name: how to call the photo in error messages (default: its path).

    Raises:
        ImageError: the photo cannot be read or used; the message names it and the problem.
    """
    settings = settings or RenderSettings()
    timings: dict[str, float] = {}
    t_start = time.perf_counter()
    loaded = load_photo(photo, name=name)
    pixels, scale = loaded.pixels, loaded.scale
    h, w = pixels.shape[:2]
    t = time.perf_counter()
    timings["load"] = _ms(t_start, t)

    if face_hint is not None and not (face_hint.w > 1 and face_hint.h > 1):
        face_hint = None  # a degenerate hint (e.g. from a bad frame): detect instead
    if face_hint is not None:
        face = face_hint.scaled(scale)
        found = True
    else:
        faces = detect_faces(pixels, settings.detect_px, thorough=settings.detect_thorough)
        face = main_face(faces, w, h)
        found = face is not None
        t2 = time.perf_counter()
        timings["detect"] = _ms(t, t2)
        t = t2

    n = grid_size(settings.diameter_mm, settings.pitch_mm)  # settings checked it already
    crop = crop_for_face(face, w, h, face_fill=settings.face_fill, face_drop=settings.face_drop)
    image, valid = extract_crop(pixels, crop, n)
    k = n / crop.side
    crop_face = None if face is None else FaceBox((face.x - crop.x) * k, (face.y - crop.y) * k,
                                                  face.w * k, face.h * k)
    t2 = time.perf_counter()
    timings["crop"] = _ms(t, t2)

    alpha = foreground_alpha(image, valid, crop_face, method=settings.segmentation,
                             feather=settings.feather)
    t3 = time.perf_counter()
    timings["background"] = _ms(t2, t3)

    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    _, levels = levels_for(settings.powders)
    skin = None if crop_face is None else face_core(n, crop_face.centre, crop_face.w)
    target = tone_map(grey, alpha, settings.tone(), darkness=settings.darkness,
                      dark=levels[-1], foam=levels[0], face=skin)
    target.setflags(write=False)
    t4 = time.perf_counter()
    timings["tone"] = _ms(t3, t4)

    mask = target_to_mask(target, settings, timings=timings)
    t5 = time.perf_counter()
    if settings.preview_px > 0:
        from kiosk.imaging.preview import render_cup

        preview = render_cup(mask, settings.preview_px, dot_gain=settings.dot_gain)
    else:
        preview = np.zeros((0, 0, 3), np.uint8)
    t6 = time.perf_counter()
    timings["preview"] = _ms(t5, t6)
    timings["total"] = _ms(t_start, t6)

    inv = 1.0 / scale
    return PortraitResult(
        mask=mask,
        preview=preview,
        face_box=None if face is None else face.scaled(inv),
        face_found=found,
        crop_box=crop.scaled(inv),
        input_size=loaded.input_size,
        target=target,
        timings_ms=timings,
    )
