"""Synthetic portraits drawn with OpenCV: faces of known skin reflectance, alone or in groups.

Each face is drawn in linear light (so its skin reflectance is exact): hair, a shaded face
oval (darker at the sides, a darker band across the eyes, a lighter nose bridge), eyes,
brows, nose shadow, mouth, neck and a shirt, then slightly blurred and coded as sRGB, as a
camera would. OpenCV's Haar cascades find them like real faces (at 0.10 to 0.60 skin
reflectance, on dark, mid and light walls).

What they cannot show: real skin texture, hair, glasses, beards, make-up, real lighting
and shadows, real profiles (the profile drawn here is a silhouette with one eye), and the
way a real camera meters a dark face. They test the geometry and the tone arithmetic;
the quality figures on them are not a substitute for real photos of many skin tones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

#: Skin tint (B, G, R) in linear light, scaled so that the luminance equals the reflectance.
_TINT = np.array([0.70, 0.95, 1.25], np.float32)
_LUMA = np.array([0.0722, 0.7152, 0.2126], np.float32)
_TINT = _TINT / float(_TINT @ _LUMA)
HAIR = 0.025
SHIRT = 0.55


@dataclass(frozen=True)
class Face:
    """One drawn face: centre ``(cx, cy)`` and width ``w`` of its Haar-like box, in pixels;
    ``skin`` linear reflectance 0..1; ``tilt`` degrees counter-clockwise; ``profile`` -1/+1
    for a head turned to face left/right, 0 frontal; ``shirt`` the shirt's reflectance."""

    cx: float
    cy: float
    w: float
    skin: float
    tilt: float = 0.0
    profile: int = 0
    shirt: float = SHIRT


def srgb_u8(linear: np.ndarray) -> np.ndarray:
    """Linear 0..1 to sRGB-coded uint8."""
    v = np.clip(linear, 0.0, 1.0)
    s = np.where(v <= 0.0031308, v * 12.92, 1.055 * np.power(v, 1 / 2.4) - 0.055)
    return (s * 255.0 + 0.5).astype(np.uint8)


def _i(v: float) -> int:
    return round(v)


def _draw_frontal(img: np.ndarray, f: Face) -> None:
    """Draw on a float32 (H, W) luminance canvas, upright, centred at ``(f.cx, f.cy)``."""
    cx, cy, w, skin = f.cx, f.cy, f.w, f.skin
    h, wd = img.shape
    cv2.ellipse(img, (_i(cx), _i(cy - 0.15 * w)), (_i(0.6 * w), _i(0.75 * w)), 0, 0, 360,
                HAIR, -1)
    cv2.rectangle(img, (_i(cx - 0.2 * w), _i(cy + 0.3 * w)), (_i(cx + 0.2 * w), _i(cy + 1.1 * w)),
                  skin * 0.7, -1)
    cv2.ellipse(img, (_i(cx), _i(cy + 1.55 * w)), (_i(1.3 * w), _i(0.6 * w)), 0, 180, 360,
                f.shirt, -1)
    cv2.rectangle(img, (_i(cx - 1.3 * w), _i(cy + 1.55 * w)), (_i(cx + 1.3 * w), h), f.shirt, -1)
    y0, y1 = max(0, _i(cy - 0.7 * w)), min(h, _i(cy + 0.7 * w))
    x0, x1 = max(0, _i(cx - 0.5 * w)), min(wd, _i(cx + 0.5 * w))
    if y1 <= y0 or x1 <= x0:
        return
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    u, v = (xx - cx) / (0.46 * w), (yy - cy) / (0.62 * w)
    inside = u * u + v * v <= 1.0
    shade = 1.0 - 0.45 * np.clip(u * u, 0, 1) - 0.15 * np.clip(v, 0, 1) ** 2
    band = np.exp(-(((yy - (cy - 0.1 * w)) / (0.09 * w)) ** 2)) * (
        1 - np.exp(-(((xx - cx) / (0.07 * w)) ** 2)))
    shade *= 1 - 0.45 * band
    shade *= 1 + 0.12 * np.exp(-(((xx - cx) / (0.05 * w)) ** 2)) * (np.abs(yy - cy) < 0.2 * w)
    region = img[y0:y1, x0:x1]
    region[inside] = (skin * shade)[inside]
    cv2.ellipse(img, (_i(cx), _i(cy - 0.6 * w)), (_i(0.48 * w), _i(0.22 * w)), 0, 180, 360,
                HAIR, -1)
    for s in (-1, 1):
        ex, ey = cx + s * 0.19 * w, cy - 0.1 * w
        cv2.ellipse(img, (_i(ex), _i(ey)), (_i(0.085 * w), _i(0.035 * w)), 0, 0, 360, 0.55, -1)
        cv2.circle(img, (_i(ex), _i(ey)), _i(0.035 * w), 0.015, -1)
        cv2.ellipse(img, (_i(ex), _i(ey - 0.11 * w)), (_i(0.12 * w), _i(0.035 * w)), 0, 190, 350,
                    0.02, max(1, _i(0.035 * w)))
    cv2.ellipse(img, (_i(cx), _i(cy + 0.2 * w)), (_i(0.09 * w), _i(0.035 * w)), 0, 0, 360,
                skin * 0.35, -1)
    cv2.ellipse(img, (_i(cx), _i(cy + 0.37 * w)), (_i(0.16 * w), _i(0.05 * w)), 0, 0, 360,
                skin * 0.4, -1)
    cv2.line(img, (_i(cx - 0.16 * w), _i(cy + 0.37 * w)), (_i(cx + 0.16 * w), _i(cy + 0.37 * w)),
             skin * 0.1, max(1, _i(0.02 * w)))


def _draw_profile(img: np.ndarray, f: Face) -> None:
    """A head seen from its left side (looking left), one eye, nose and lips on the outline."""
    cx, cy, w, skin = f.cx, f.cy, f.w, f.skin
    cv2.ellipse(img, (_i(cx + 0.12 * w), _i(cy - 0.12 * w)), (_i(0.55 * w), _i(0.72 * w)), 0, 0,
                360, HAIR, -1)
    cv2.rectangle(img, (_i(cx - 0.05 * w), _i(cy + 0.3 * w)), (_i(cx + 0.35 * w), _i(cy + 1.1 * w)),
                  skin * 0.7, -1)
    cv2.ellipse(img, (_i(cx + 0.1 * w), _i(cy + 1.55 * w)), (_i(1.1 * w), _i(0.6 * w)), 0, 180,
                360, f.shirt, -1)
    cv2.rectangle(img, (_i(cx - w), _i(cy + 1.55 * w)), (_i(cx + 1.2 * w), img.shape[0]),
                  f.shirt, -1)
    outline = np.array([
        (0.15, -0.62), (-0.18, -0.55), (-0.33, -0.3), (-0.36, -0.12), (-0.50, 0.12),
        (-0.36, 0.18), (-0.40, 0.30), (-0.34, 0.36), (-0.37, 0.44), (-0.30, 0.58),
        (-0.05, 0.66), (0.25, 0.55), (0.45, 0.2), (0.45, -0.3),
    ], np.float32) * w + np.array([cx, cy], np.float32)
    face = np.zeros_like(img)
    cv2.fillPoly(face, [np.round(outline).astype(np.int32)], 1.0, cv2.LINE_AA)
    _, xx = np.mgrid[0:img.shape[0], 0:img.shape[1]].astype(np.float32)
    shade = 1.0 - 0.35 * np.clip((xx - (cx - 0.35 * w)) / (0.8 * w), 0, 1) ** 2
    img[:] = img * (1 - face) + skin * shade * face
    cv2.ellipse(img, (_i(cx + 0.25 * w), _i(cy - 0.3 * w)), (_i(0.3 * w), _i(0.35 * w)), 0, 180,
                300, HAIR, -1)
    cv2.ellipse(img, (_i(cx + 0.2 * w), _i(cy + 0.0 * w)), (_i(0.09 * w), _i(0.13 * w)), 0, 0, 360,
                skin * 0.6, -1)  # the ear
    ex, ey = cx - 0.2 * w, cy - 0.1 * w
    cv2.ellipse(img, (_i(ex), _i(ey)), (_i(0.06 * w), _i(0.03 * w)), 0, 0, 360, 0.5, -1)
    cv2.circle(img, (_i(ex - 0.03 * w), _i(ey)), _i(0.025 * w), 0.015, -1)
    cv2.ellipse(img, (_i(ex + 0.02 * w), _i(ey - 0.1 * w)), (_i(0.1 * w), _i(0.03 * w)), 0,
                190, 350, 0.02, max(1, _i(0.035 * w)))
    cv2.line(img, (_i(cx - 0.37 * w), _i(cy + 0.4 * w)), (_i(cx - 0.25 * w), _i(cy + 0.4 * w)),
             skin * 0.15, max(1, _i(0.02 * w)))


def draw_face(img: np.ndarray, f: Face) -> None:
    """Draw ``f`` onto a float32 (H, W) linear luminance canvas, in place."""
    if f.tilt == 0 and f.profile == 0:
        _draw_frontal(img, f)
        return
    # Draw upright on a canvas of its own around the head, then turn and paste it.
    half = _i(1.9 * f.w)
    layer = np.full((2 * half, 2 * half), -1.0, np.float32)
    local = Face(half, half * 0.8, f.w, f.skin, shirt=f.shirt)
    if f.profile:
        _draw_profile(layer, local)
        if f.profile > 0:
            layer = np.ascontiguousarray(layer[:, ::-1])
            local = Face(2 * half - local.cx, local.cy, f.w, f.skin, shirt=f.shirt)
    else:
        _draw_frontal(layer, local)
    turn = cv2.getRotationMatrix2D((local.cx, local.cy), f.tilt, 1.0)
    turn[:, 2] += (f.cx - local.cx, f.cy - local.cy)
    h, w = img.shape
    warped = cv2.warpAffine(layer, turn, (w, h), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=-1.0)
    drawn = warped >= 0
    img[drawn] = warped[drawn]


def scene(faces: list[Face], size: tuple[int, int] = (640, 480), wall: float = 0.35,
          blur: float = 1.2) -> np.ndarray:
    """A BGR uint8 photo ``size`` (width, height) with ``faces`` in front of a plain wall
    of reflectance ``wall`` (a soft vertical light gradient), skin tinted warm."""
    width, height = size
    lum = np.full((height, width), wall, np.float32)
    lum *= np.linspace(1.08, 0.92, height, dtype=np.float32)[:, None]
    for f in sorted(faces, key=lambda f: f.w):  # nearer (larger) faces in front
        draw_face(lum, f)
    lum = cv2.GaussianBlur(lum, (0, 0), blur)
    # Skin is tinted where the luminance came from a face; the rest stays neutral grey.
    tint = np.ones((height, width, 3), np.float32)
    skin = _skin_mask(faces, width, height)
    tint = tint * (1 - skin[..., None]) + _TINT[None, None, :] * skin[..., None]
    return srgb_u8(lum[..., None] * tint)


def _skin_mask(faces: list[Face], width: int, height: int) -> np.ndarray:
    m = np.zeros((height, width), np.float32)
    for f in faces:
        cv2.ellipse(m, (_i(f.cx), _i(f.cy)), (_i(0.46 * f.w), _i(0.62 * f.w)), -f.tilt, 0, 360,
                    1.0, -1)
    return cv2.GaussianBlur(m, (0, 0), 2.0)


def cheek_points(f: Face) -> list[tuple[float, float]]:
    """Two points on the cheeks (below the eyes, beside the nose), photo pixels."""
    a = math.radians(f.tilt)
    out = []
    for s in (-1, 1):
        du, dv = s * 0.2 * f.w, 0.12 * f.w
        out.append((f.cx + du * math.cos(a) + dv * math.sin(a),
                    f.cy - du * math.sin(a) + dv * math.cos(a)))
    return out


def row_of_faces(skins: list[float], *, width: int = 960, height: int = 480,
                 face_w: float = 120.0, wall: float = 0.35) -> tuple[np.ndarray, list[Face]]:
    """Faces side by side, evenly spaced, one per skin reflectance."""
    step = width / (len(skins) + 1)
    faces = [Face(step * (i + 1), height * 0.42, face_w, s) for i, s in enumerate(skins)]
    return scene(faces, (width, height), wall), faces


def group(n: int, *, skin: float = 0.3, width: int = 1024, height: int = 640,
          face_w: float = 110.0, seed: int = 0,
          shirt: float = SHIRT) -> tuple[np.ndarray, list[Face]]:
    """``n`` people posing together: faces side by side at slightly different heights,
    sizes and skin tones (a family in front of the kiosk), in shirts of reflectance
    ``shirt``."""
    rng = np.random.default_rng(seed)
    step = width / (n + 1)
    faces = [Face(step * (i + 1) + rng.uniform(-8, 8), height * 0.4 + rng.uniform(-25, 25),
                  face_w * rng.uniform(0.85, 1.1), float(np.clip(skin + rng.uniform(-0.15, 0.2),
                                                                 0.08, 0.65)),
                  shirt=shirt)
             for i in range(n)]
    return scene(faces, (width, height)), faces
