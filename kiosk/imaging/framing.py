"""Frame the chosen faces: a square crop whose inscribed circle (the print) shows them.

One face fills ``face_fill`` of the crop side and sits a little below its centre. A tilted
head prints as posed, not levelled: the customer saw that pose in the mirror-like camera
view and chose it, and turning the photo would tip the shoulders and the room instead; a
head tilted up to 35° keeps its hair inside the usual crop. In a close-up, the face from
forehead to chin (along the tilted head's axis) stays inside the circle as far as the
photo shows it: the crop is framed a little wider or lower rather than losing the chin.
Several faces ("all of us") get the smallest circle that holds every head with its hair,
so each face is as large as the circle allows.

Detection lives in :mod:`.detection`; its names are re-exported here for callers that
framed before faces were plural.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from kiosk.imaging.detection import detect_faces, inside_share
from kiosk.imaging.faces import CropBox, FaceBox, main_face

__all__ = ["CropBox", "FaceBox", "crop_for_face", "crop_for_faces", "detect_faces",
           "extract_crop", "inside_share", "main_face"]

#: Largest share of the crop side a face may fill when a close-up leaves no room around it.
MAX_FACE_FILL = 0.85

#: The face from forehead to chin, in face widths from a Haar box's centre (down is +):
#: ``(centre offset down, half width, half height)`` of an ellipse (measured on the
#: astronaut: the box spans brows to lips, the chin is 0.27-0.36 widths below it).
FACE_OVAL = (0.16, 0.5, 0.7)
#: The head with its hair, as above (the crown ~0.3 widths above the box).
HEAD_OVAL = (-0.02, 0.62, 0.8)
#: Room around what must show, as a share of the circle's radius.
MARGIN = 0.02


def _oval_points(face: FaceBox, oval: tuple[float, float, float], n: int = 24) -> np.ndarray:
    """``n`` points on ``oval`` around ``face``, turned with its tilt, float32 ``(n, 2)``."""
    down, a, b = oval
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return np.array([face.along_head(a * np.cos(v), down + b * np.sin(v)) for v in t],
                    np.float32)


def _must_show(faces: Sequence[FaceBox], oval: tuple[float, float, float], width: int,
               height: int) -> np.ndarray:
    """Points the circle must hold: the ovals, clamped into the photo (what the photo does
    not show cannot be framed, so it does not push the crop out)."""
    pts = np.concatenate([_oval_points(f, oval) for f in faces])
    pts[:, 0] = np.clip(pts[:, 0], 0, width)
    pts[:, 1] = np.clip(pts[:, 1], 0, height)
    return pts


def _holding(cx: float, cy: float, side: float, pts: np.ndarray) -> CropBox:
    """The crop of ``side`` centred as near ``(cx, cy)`` as it can be while its circle
    holds ``pts`` (grown when it cannot)."""
    (ex, ey), er = cv2.minEnclosingCircle(pts)
    er *= 1 + MARGIN
    r = side / 2.0
    off = float(np.hypot(cx - ex, cy - ey))
    if er + off > r:  # something to show would fall outside: move towards it, then grow
        if er >= r:
            cx, cy, r = float(ex), float(ey), float(er)
        else:
            k = (r - er) / off
            cx, cy = float(ex + (cx - ex) * k), float(ey + (cy - ey) * k)
    return CropBox(cx - r, cy - r, 2 * r)


def crop_for_face(face: FaceBox | None, width: int, height: int, *,
                  face_fill: float = 0.5, face_drop: float = 0.08) -> CropBox:
    """The square crop for ``face`` in a ``width`` × ``height`` image.

    With a face: side = face width / ``face_fill``, face centre ``face_drop`` × side below
    the crop centre (room for hair above, chin below); for a
    close-up whose crop would be larger than the photo, the crop shrinks to the photo's
    shorter side, down to a face filling :data:`MAX_FACE_FILL` of it; then the crop moves
    (or grows) so its circle holds the face from forehead to chin. Without: the largest
    centred square, nudged up a little since people stand with their head in the upper part.
    """
    if face is None:
        side = float(min(width, height))
        top = max(0.0, (height - side) / 2.0 - 0.1 * (height - side))
        return CropBox((width - side) / 2.0, top, side)
    side = face.w / face_fill
    short = float(min(width, height))
    cx, cy = face.centre
    if side <= short:
        return CropBox(cx - side / 2.0, cy - face_drop * side - side / 2.0, side)
    # A close-up: the room for hair and chin is not in the photo and would print as plain
    # foam around a small face. Let the face fill more of the circle instead, but never so
    # much that the forehead or the chin (turned with a tilted head) falls off the cup.
    side = max(short, face.w / MAX_FACE_FILL)
    return _holding(cx, cy - face_drop * side, side,
                    _must_show([face], FACE_OVAL, width, height))


def crop_for_faces(faces: Sequence[FaceBox], width: int, height: int, *,
                   face_fill: float = 0.5, face_drop: float = 0.08) -> CropBox:
    """The crop for one face (:func:`crop_for_face`) or several: the smallest circle that
    holds every head with its hair (each face as large as the circle allows), centred on
    them; never tighter than one face alone would be framed by ``MAX_FACE_FILL``."""
    if len(faces) <= 1:
        return crop_for_face(faces[0] if faces else None, width, height,
                             face_fill=face_fill, face_drop=face_drop)
    pts = _must_show(faces, HEAD_OVAL, width, height)
    (ex, ey), er = cv2.minEnclosingCircle(pts)
    side = max(2 * er * (1 + MARGIN), max(f.w for f in faces) / MAX_FACE_FILL)
    return CropBox(float(ex) - side / 2.0, float(ey) - side / 2.0, side)


def extract_crop(pixels: np.ndarray, crop: CropBox, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Cut ``crop`` out of ``pixels`` and resize to ``size`` × ``size``.

    Returns ``(image, valid)``: the crop (same channels as ``pixels``; parts outside the
    photo repeat its edge) and a float32 ``(size, size)`` map, 1 where the crop lies inside
    the photo, 0 outside (the background stage turns those parts to foam).
    """
    h, w = pixels.shape[:2]
    x0, y0 = round(crop.x), round(crop.y)
    side = max(1, round(crop.side))
    x1, y1 = x0 + side, y0 + side
    ix0, iy0, ix1, iy1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if ix1 <= ix0 or iy1 <= iy0:  # crop entirely off the photo: nothing to show
        shape = (size, size) if pixels.ndim == 2 else (size, size, pixels.shape[2])
        return np.full(shape, 255, np.uint8), np.zeros((size, size), np.float32)
    part = pixels[iy0:iy1, ix0:ix1]
    pads = (iy0 - y0, y1 - iy1, ix0 - x0, x1 - ix1)
    if any(pads):
        part = cv2.copyMakeBorder(part, *pads, cv2.BORDER_REPLICATE)
    interp = cv2.INTER_AREA if side > size else cv2.INTER_LINEAR
    image = cv2.resize(part, (size, size), interpolation=interp)
    valid = np.ones((size, size), np.float32)
    if any(pads):
        k = size / side
        t, b, lft, r = (round(p * k) for p in pads)
        valid[:t, :] = 0
        valid[size - b:, :] = 0  # b == 0: empty slice
        valid[:, :lft] = 0
        valid[:, size - r:] = 0
    return image, valid
