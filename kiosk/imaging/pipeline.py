"""The one entry point: a customer's photo in, a powder mask and a cup preview out.

Stages (each timed into ``PortraitResult.timings_ms``): ``load``, ``borders`` (plain frames
and letterbox bars set aside), ``detect`` (skipped with a face hint), ``crop``,
``background``, ``tone``, ``curve`` (dot-gain compensation),
``dither``, ``mask``, ``preview``, and ``total``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from kiosk.imaging.background import foreground_alpha
from kiosk.imaging.borders import content_box
from kiosk.imaging.detection import detect_faces
from kiosk.imaging.faces import CropBox, FaceBox, choose_faces, main_face
from kiosk.imaging.framing import crop_for_faces, extract_crop
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
        face_box: the main face framed (the only one, or the largest and most central of
            a group), in upright input pixels; None without a face.
        face_found: True when a face was detected (or a hint was given).
        crop_box: the square crop in upright input pixels (may reach past the edges).
        faces: every face found, left to right, in upright input pixels.
        framed: the faces the crop was made for (a subset of ``faces``).
        content_box: ``(x0, y0, x1, y1)`` of the picture inside any plain border, in
            upright input pixels (the whole photo when it has none).
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
    faces: tuple[FaceBox, ...] = ()
    framed: tuple[FaceBox, ...] = ()
    content_box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


def levels_for(powders: PowderSet) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """``(codes, reflectances)`` of the tones a powder set prints, foam first, darkest last."""
    tones = default_tones()
    codes = PowderSet(powders).codes
    return codes, tuple(tones[c].reflectance for c in codes)


def target_to_mask(target: np.ndarray, settings: RenderSettings, *,
                   timings: dict[str, float] | None = None) -> Mask:
    """Lay out for the head, dot-gain compensate, dither and wrap a target reflectance
    ``(n, n)`` as a Mask.

    Shared by portraits and the built-in designs. With ``settings.placement`` the target
    is first resampled to where each dot really lands (:func:`~kiosk.imaging.placement.
    place_target`) and the mask says it is placed for that head.
    """
    from kiosk.imaging.dither import dither
    from kiosk.imaging.placement import place_target
    from kiosk.imaging.tonecurve import default_tone_curve

    timings = {} if timings is None else timings
    codes, levels = levels_for(settings.powders)
    t0 = time.perf_counter()
    placement = settings.placement if settings.placement and not settings.placement.nominal \
        else None
    target = place_target(target, placement, pitch_mm=settings.pitch_mm, fill=levels[0])
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
                            pitch_mm=settings.pitch_mm, powders=settings.powders,
                            placement=placement)
    t3 = time.perf_counter()
    timings.update(curve=_ms(t0, t1), dither=_ms(t1, t2), mask=_ms(t2, t3))
    return mask


def _ms(a: float, b: float) -> float:
    return round((b - a) * 1000.0, 3)


FaceHint = FaceBox | Sequence[FaceBox] | None


def _border(pixels: np.ndarray) -> tuple[int, int, int, int]:
    """The picture inside any plain border, ``(x0, y0, x1, y1)`` in ``pixels``' pixels
    (found on a grey copy at most 240 px long, then trimmed one copy pixel inwards: ~0.3 ms,
    paid by every live frame)."""
    h, w = pixels.shape[:2]
    grey = pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
    # A whole-number shrink: OpenCV averages blocks then, ~6x faster than a fractional one.
    step = -(-max(h, w) // 240)
    k = 1.0 / step
    if step > 1:
        grey = cv2.resize(grey, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    x0, y0, x1, y1 = content_box(grey)
    sw, sh = grey.shape[1], grey.shape[0]
    if (x0, y0, x1, y1) == (0, 0, sw, sh):
        return (0, 0, w, h)
    # One copy pixel inwards from each border found: resizing blends the edge.
    x0, y0 = x0 + (x0 > 0), y0 + (y0 > 0)
    x1, y1 = x1 - (x1 < sw), y1 - (y1 < sh)
    return (min(w, round(x0 / k)), min(h, round(y0 / k)), max(0, round(x1 / k)),
            max(0, round(y1 / k)))


def render_portrait(photo: Photo, settings: RenderSettings | None = None, *,
                    face_hint: FaceHint = None, name: str | None = None) -> PortraitResult:
    """Turn a photo into a powder mask and a preview of the cup.

    Args:
        photo: a file path, encoded image bytes, a camera frame ``(H, W, 3)`` BGR uint8,
            ``(H, W, 4)`` BGRA or ``(H, W)`` grey.
        settings: geometry, powders, style, tone and which faces to frame
            (``settings.faces``); defaults: 76 mm, 0.3 mm, both powders, ``auto``.
        face_hint: detection is skipped, as a live preview does: one face box (framed
            alone, e.g. ``result.face_box`` of the previous frame) or every face of an
            earlier look (``result.faces``, chosen from by ``settings.faces``), in upright
            input pixels.
        name: how to call the photo in error messages (default: its path).

    Raises:
        ImageError: the photo cannot be read or used; the message names it and the problem.
    """
    settings = settings or RenderSettings()
    timings: dict[str, float] = {}
    t_start = time.perf_counter()
    loaded = load_photo(photo, name=name)
    pixels, scale = loaded.pixels, loaded.scale
    t = time.perf_counter()
    timings["load"] = _ms(t_start, t)

    bx0, by0, bx1, by1 = _border(pixels)
    view = pixels[by0:by1, bx0:bx1]
    h, w = view.shape[:2]
    t2 = time.perf_counter()
    timings["borders"] = _ms(t, t2)
    t = t2

    hints = _usable_hints(face_hint)
    if hints is not None:
        faces = tuple(f.scaled(scale).moved(-bx0, -by0) for f in hints)
        chosen = faces if isinstance(face_hint, FaceBox) else choose_faces(
            faces, settings.faces, w, h)
    else:
        faces = tuple(detect_faces(view, settings.detect_px, thorough=settings.detect_thorough))
        chosen = choose_faces(faces, settings.faces, w, h)
        t2 = time.perf_counter()
        timings["detect"] = _ms(t, t2)
        t = t2
    found = bool(chosen)

    n = grid_size(settings.diameter_mm, settings.pitch_mm)  # settings checked it already
    crop = crop_for_faces(chosen, w, h, face_fill=settings.face_fill,
                          face_drop=settings.face_drop)
    image, valid = extract_crop(view, crop, n)
    k = n / crop.side
    crop_faces = [f.moved(-crop.x, -crop.y).scaled(k) for f in chosen]
    t2 = time.perf_counter()
    timings["crop"] = _ms(t, t2)

    alpha = foreground_alpha(image, valid, crop_faces, method=settings.segmentation,
                             feather=settings.feather)
    t3 = time.perf_counter()
    timings["background"] = _ms(t2, t3)

    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    _, levels = levels_for(settings.powders)
    skin = None
    for f in crop_faces:
        core = face_core(n, f.centre, f.w)
        skin = core if skin is None else skin | core
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

    def upright(f: FaceBox) -> FaceBox:
        return f.moved(bx0, by0).scaled(inv)

    main = main_face(chosen, w, h)
    return PortraitResult(
        mask=mask,
        preview=preview,
        face_box=None if main is None else upright(main),
        face_found=found,
        crop_box=crop.moved(bx0, by0).scaled(inv),
        input_size=loaded.input_size,
        target=target,
        timings_ms=timings,
        faces=tuple(upright(f) for f in faces),
        framed=tuple(upright(f) for f in chosen),
        content_box=(bx0 * inv, by0 * inv, bx1 * inv, by1 * inv),
    )


def _usable_hints(hint: FaceHint) -> tuple[FaceBox, ...] | None:
    """The hint's boxes, or None (detect) when there is none or one is degenerate (e.g.
    from a bad frame)."""
    if hint is None:
        return None
    boxes = (hint,) if isinstance(hint, FaceBox) else tuple(hint)
    if not boxes or not all(b.w > 1 and b.h > 1 for b in boxes):
        return None
    return boxes
