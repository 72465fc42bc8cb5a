"""The Haar cascades and one look through them: the building blocks of :mod:`.detection`.

OpenCV 4.x wheels ship the cascades (works offline, no model download, BSD licence). A
*look* runs one cascade over a small grey copy of the photo, optionally equalised, turned
or mirrored, and returns face boxes in the photo's own pixels; the checks below tell a
face from a face-like patch (:func:`plausible`, :func:`confirmed`,
:func:`profile_confirmed`). Which looks a photo gets, and when, is :mod:`.detection`'s.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace

import cv2
import numpy as np

from kiosk.imaging.faces import FaceBox

#: The cascades: upright frontal faces (the main one), a second opinion, and profiles.
FRONTAL = "haarcascade_frontalface_default.xml"
ALT2 = "haarcascade_frontalface_alt2.xml"
PROFILE = "haarcascade_profileface.xml"

#: Local equalisation for the second upright look (CLAHE clip limit and tiles across).
LOCAL_CLIP = 2.0
LOCAL_TILES = 4

_local = threading.local()


def _cascade(name: str) -> cv2.CascadeClassifier:
    """The named cascade, loaded once per thread (a classifier is not safe to share)."""
    loaded = _local.__dict__.setdefault("cascades", {})
    if name not in loaded:
        path = cv2.data.haarcascades + name  # type: ignore[attr-defined]  # not in the stubs
        cascade = cv2.CascadeClassifier(path)
        if cascade.empty():  # a broken OpenCV install; framing falls back to a centred crop
            raise RuntimeError(f"face detector model missing: {path}")
        loaded[name] = cascade
    return loaded[name]


def grey_of(pixels: np.ndarray) -> np.ndarray:
    """uint8 grey of a BGR or grey image (the same array when already grey)."""
    return pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)


def _small(grey: np.ndarray, side: int, equalise: bool | str) -> tuple[np.ndarray, float]:
    h, w = grey.shape[:2]
    factor = min(1.0, side / max(h, w))
    out = grey
    if factor < 1.0:
        size = (max(1, round(w * factor)), max(1, round(h * factor)))
        out = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
    if equalise == "local":
        # Tile by tile: a dark face beside a light one (or before a bright wall) gets its
        # own contrast; one histogram for the whole frame leaves it a dark blur.
        tiles = (LOCAL_TILES, LOCAL_TILES)
        out = cv2.createCLAHE(clipLimit=LOCAL_CLIP, tileGridSize=tiles).apply(out)
    elif equalise:  # helps dim faces, but a large flat surround can wash a small face out
        out = cv2.equalizeHist(out)
    return out, factor


def _turned(grey: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """``grey`` turned ``angle``° counter-clockwise on a canvas large enough to keep every
    corner; returns it and the affine map from the turned canvas back to ``grey``."""
    h, w = grey.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
    c, s = abs(turn[0, 0]), abs(turn[0, 1])
    nw, nh = int(h * s + w * c + 0.5), int(h * c + w * s + 0.5)
    turn[0, 2] += nw / 2.0 - w / 2.0
    turn[1, 2] += nh / 2.0 - h / 2.0
    out = cv2.warpAffine(grey, turn, (nw, nh), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_REPLICATE)
    return out, cv2.invertAffineTransform(turn)


def _run(grey: np.ndarray, name: str, min_side: int, *, scale_factor: float = 1.2,
         neighbours: int = 5, max_px: int = 0) -> list[tuple[float, float, float, float, int]]:
    """``(x, y, w, h, hits)`` per detection of cascade ``name`` on ``grey``."""
    try:
        cascade = _cascade(name)
    except RuntimeError:
        return []
    limit = (max_px, max_px) if max_px > min_side else (0, 0)
    found, hits = cascade.detectMultiScale2(grey, scaleFactor=scale_factor,
                                            minNeighbors=neighbours,
                                            minSize=(min_side, min_side), maxSize=limit)
    return [(float(x), float(y), float(w), float(h), int(n))
            for (x, y, w, h), n in zip(found, np.ravel(hits), strict=False)]


def look(grey_full: np.ndarray, side: int, *, name: str = FRONTAL, min_frac: float = 1 / 9,
         equalise: bool | str = True, angle: float = 0.0, mirror: bool = False,
         scale_factor: float = 1.2, max_px: int = 0, neighbours: int = 5) -> list[FaceBox]:
    """Faces in ``grey_full`` seen by cascade ``name`` on a copy ``side`` px long, turned
    ``angle``° counter-clockwise (a head tilted ``-angle``° looks upright there) and/or
    mirrored; boxes in ``grey_full`` pixels, with the head's tilt as their ``angle``.

    ``max_px`` (0: no limit) caps the face size looked for, in pixels of that copy.
    """
    grey, factor = _small(grey_full, side, equalise)
    gw = grey.shape[1]
    if mirror:
        grey = np.ascontiguousarray(grey[:, ::-1])
    back = None
    if angle:
        grey, back = _turned(grey, angle)
    min_side = max(20, round(min(grey_full.shape[:2]) * factor * min_frac))
    kind = "profile" if name == PROFILE else "frontal"
    boxes = []
    for x, y, w, h, hits in _run(grey, name, min_side, scale_factor=scale_factor,
                                 max_px=max_px, neighbours=neighbours):
        cx, cy = x + w / 2.0, y + h / 2.0
        if back is not None:
            cx, cy = (float(v) for v in back @ np.array([cx, cy, 1.0]))
        if mirror:
            cx = gw - cx
        boxes.append(FaceBox((cx - w / 2.0) / factor, (cy - h / 2.0) / factor, w / factor,
                             h / factor, angle=-angle, kind=kind, hits=hits,
                             facing=(1 if mirror else -1) if kind == "profile" else 0))
    return boxes


def merge(boxes: Iterable[FaceBox]) -> list[FaceBox]:
    """One box per face: boxes whose centres lie within half a face width of a stronger
    box's centre are the same face seen in another look (a frontal view wins over a
    profile, then most hits)."""
    kept: list[FaceBox] = []
    for box in sorted(boxes, key=lambda b: (b.kind != "frontal", -b.hits, abs(b.angle))):
        cx, cy = box.centre
        if all(float(np.hypot(cx - k.centre[0], cy - k.centre[1])) > 0.5 * max(k.w, box.w)
               for k in kept):
            kept.append(box)
    return sorted(kept, key=lambda b: b.centre[0])


def inside_share(face: FaceBox, width: int, height: int) -> float:
    """Share (0..1) of the face box's area that lies inside a ``width`` × ``height`` image."""
    iw = max(0.0, min(face.x + face.w, width) - max(face.x, 0.0))
    ih = max(0.0, min(face.y + face.h, height) - max(face.y, 0.0))
    return iw * ih / (face.w * face.h) if face.w > 0 and face.h > 0 else 0.0


def _upright_patch(grey: np.ndarray, face: FaceBox, margin: float, out: int) -> np.ndarray | None:
    """The face (with ``margin`` × its width around it) turned upright and scaled to
    ``out`` × ``out`` px; None when the box is degenerate."""
    side = face.w * (1 + 2 * margin)
    if side < 8:
        return None
    cx, cy = face.centre
    k = out / side
    turn = cv2.getRotationMatrix2D((cx, cy), -face.angle, k)
    turn[0, 2] += out / 2.0 - cx
    turn[1, 2] += out / 2.0 - cy
    return cv2.warpAffine(grey, turn, (out, out), flags=cv2.INTER_AREA if k < 1
                          else cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def confirmed(grey: np.ndarray, face: FaceBox, *, neighbours: int = 3) -> bool:
    """Whether ``alt2`` also finds a face in an upright close-up around ``face`` (about
    1 ms), with at least ``neighbours`` overlapping hits (more: firmer)."""
    roi = _upright_patch(grey, face, 0.5, 96)  # the face ends up ~48 px, above the 20 px window
    if roi is None:
        return False
    try:
        cascade = _cascade(ALT2)
    except RuntimeError:
        return True
    return len(cascade.detectMultiScale(roi, scaleFactor=1.1, minNeighbors=neighbours,
                                        minSize=(30, 30))) > 0


def profile_confirmed(grey: np.ndarray, face: FaceBox) -> bool:
    """Whether the profile cascade sees the face again on an enlarged close-up of it (the
    profile cascade alone fires on folds of cloth and hair)."""
    roi = _upright_patch(grey, face, 0.4, 90)
    if roi is None:
        return False
    if face.facing > 0:
        roi = np.ascontiguousarray(roi[:, ::-1])
    return len(_run(roi, PROFILE, 32, scale_factor=1.08, neighbours=4)) > 0


def plausible(grey: np.ndarray, face: FaceBox) -> bool:
    """Whether ``face`` has a face's structure, not only a face-like patch of light: seen
    upright, the band of the eyes is darker than the cheeks below it, and the box is not
    flat (a wall, a sheet of paper). Profiles are checked by :func:`profile_confirmed`."""
    patch = _upright_patch(grey, face, 0.0, 48)
    if patch is None:
        return False
    p = patch.astype(np.float32)
    if float(p.std()) < 4.0:
        return False
    if face.kind == "profile":
        return True
    eyes = float(p[12:22, 6:42].mean())
    cheeks = float(p[26:34, 6:42].mean())
    forehead = float(p[2:9, 10:38].mean())
    # Real faces: eyes darker than cheeks (brows, lids, sockets) by several grey levels;
    # an eye-and-brow "face" inside a close-up has skin, not eyes, in that band.
    return eyes < cheeks - 1.0 or eyes < forehead - 4.0


#: Turn (degrees) at which :func:`tilt_of` looks at a face again: past Haar's own
#: tolerance of about ±12°, within reach of a head tilted 12-35°.
PROBE_TURN = 20.0


def tilt_of(grey: np.ndarray, face: FaceBox) -> float:
    """The head's tilt as far as an upright look can tell: ``face.angle`` turned by
    :data:`PROBE_TURN` either way when the frontal cascade agrees more strongly there
    (more hits) than on the face as found, else ``face.angle`` (~2 ms for three small
    looks). An upright look finds heads tilted up to ~20°; this says which of them lean."""
    counts = []
    for turn in (0.0, PROBE_TURN, -PROBE_TURN):
        roi = _upright_patch(grey, replace(face, angle=face.angle + turn), 0.4, 64)
        found = [] if roi is None else _run(roi, FRONTAL, 28, scale_factor=1.15,
                                            neighbours=1, max_px=56)
        counts.append(max((n for *_, n in found), default=0))
    best = int(np.argmax(counts))
    return face.angle + (0.0, PROBE_TURN, -PROBE_TURN)[best] if counts[best] > counts[0] \
        else face.angle
