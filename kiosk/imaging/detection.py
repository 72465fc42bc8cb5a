"""Find every face in a photo: upright, tilted up to ±35°, turned to profile, tiny or filling
the frame, each checked for a face's structure before anyone frames a close-up on it.

Detection uses the Haar cascades that OpenCV 4.x wheels ship (works offline, no model
download, BSD licence), on a small equalised grey copy for speed. Why Haar stays and how
the alternatives measured: see the README's render section.

Looks, in order (each on the ``detect_px`` copy):

1. upright frontal (``default``), once with the whole frame's histogram equalised and
   once tile by tile (CLAHE): a dark face beside a light one, or before a bright wall,
   is lost in the first and found in the second (synthetic rows of faces of skin
   reflectance 0.10-0.60: 13 of 40 faces found by the first, 40 of 40 by the second);
   ~10 ms each on a 640×480 frame; the quick search (live preview) makes only the second
   look;
2. the thorough search adds: a 0.75 copy turned by each of :data:`ROLLS` (heads tilted
   up to ±35°: Haar itself tolerates about ±12°; faces at least 1/8 of the shorter side),
   and the profile cascade on a 0.6 copy and its mirror (heads turned to either side;
   faces at least 1/6 of the shorter side: the customer, not the room);
3. only when all of that finds nobody: the ``alt2`` cascade, no equalisation, a margin
   around a close-up, and a larger copy for small faces.

Boxes from several looks that overlap are one face (the look with most hits wins and
gives the roll angle). A box is kept only if it is :func:`plausible`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import cv2
import numpy as np

from kiosk.imaging.faces import FaceBox

_DEFAULT = "haarcascade_frontalface_default.xml"
_ALT2 = "haarcascade_frontalface_alt2.xml"
_PROFILE = "haarcascade_profileface.xml"

#: Turns of the photo (degrees, counter-clockwise) looked at besides upright, for heads
#: tilted the other way: with Haar's own tolerance of about ±12° they cover tilts up to
#: about ±45°.
ROLLS = (22.0, -22.0, 38.0, -38.0)

#: Second-cascade hits a face found on a turned copy must have (real tilted faces: 14+;
#: a cat's face at 38°: 5).
ROLL_NEIGHBOURS = 8

#: Size of the copies the turned and the profile looks search, as a share of
#: ``detect_px``: those looks are for the customer's own face, at least 1/8 (turned) or
#: 1/6 (profile) of the photo's shorter side, which a smaller copy still shows above the
#: detector's 20 px window, at a fraction of the cost.
ROLL_SCALE = 0.75
PROFILE_SCALE = 0.6

#: Longest side (px) up to which a photo may be a small close-up selfie, where a face
#: inside a larger face is refused (see :func:`_refuse_parts_of_a_close_up`).
CLOSE_UP_PX = 400

#: Profile-cascade hits a profile needs (skimage's cameraman, turned to his left: 7).
PROFILE_NEIGHBOURS = 4

#: Second-cascade hits a face found only with a margin added (a close-up) must have.
CLOSE_UP_NEIGHBOURS = 8

#: A face narrower than this share of the photo's shorter side is refused when a face
#: filling the photo is also there (a brow and an eye inside a close-up).
CLOSE_UP_SHARE = 0.55

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


def look(grey_full: np.ndarray, side: int, *, name: str = _DEFAULT, min_frac: float = 1 / 9,
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
    kind = "profile" if name == _PROFILE else "frontal"
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


def detect_faces(pixels: np.ndarray, detect_px: int = 320, *,
                 thorough: bool = True) -> list[FaceBox]:
    """Every face found in ``pixels`` (BGR or grey uint8), in its pixel coordinates, left
    to right. See the module docstring for the looks; a clear frontal face costs one look
    with ``thorough`` off (~10 ms on 640×480) and about seven with it on."""
    grey = grey_of(pixels)
    local = look(grey, detect_px, equalise="local")
    if not thorough:
        return merge(b for b in local if plausible(grey, b))
    found = look(grey, detect_px) + local
    for angle in ROLLS:
        found += [b for b in look(grey, round(ROLL_SCALE * detect_px), angle=angle,
                                  min_frac=1 / 8, equalise="local")
                  if confirmed(grey, b, neighbours=ROLL_NEIGHBOURS)]
    for mirror in (False, True):
        # Without equalisation: it turns the lit side of a profile and the room behind
        # it into one flat bright field (the profile cascade looks for that edge).
        found += [b for b in look(grey, round(PROFILE_SCALE * detect_px), name=_PROFILE,
                                  mirror=mirror,
                                  neighbours=PROFILE_NEIGHBOURS, equalise=False,
                                  min_frac=1 / 6)
                  if profile_confirmed(grey, b)]
    faces = merge(b for b in found if plausible(grey, b))
    if not faces:
        faces = merge(_fallback(grey, detect_px))
    return _refuse_parts_of_a_close_up(grey, faces, detect_px)


def _fallback(grey: np.ndarray, detect_px: int) -> list[FaceBox]:
    """When no look found anyone: the ``alt2`` cascade, without equalisation, with a
    margin (a close-up), then small faces on a larger copy."""
    faces = [b for b in look(grey, detect_px, name=_ALT2) if plausible(grey, b)]
    if faces:
        return faces
    faces = [b for b in look(grey, detect_px, equalise=False) if plausible(grey, b)]
    if faces:
        return faces
    faces = close_up(grey, detect_px)
    if faces:
        return faces
    longest = max(grey.shape)
    big = longest >= 2.5 * detect_px  # a still photo, not a camera frame: worth more time
    side = min(longest, (4 if big else 2) * detect_px)
    if side <= 1.2 * detect_px:
        return []
    small_face = round(max(20, min(grey.shape) * min(1.0, detect_px / longest) / 9)
                       * side / detect_px * 1.3)  # what the first look could not see
    faces = look(grey, side, min_frac=0.0, equalise=False, scale_factor=1.1 if big else 1.15,
                 max_px=small_face)
    # Fine steps on a big busy frame also find cat faces and patterned cups: keep only
    # what the second cascade also sees as a face on an enlarged close-up.
    return [f for f in faces if confirmed(grey, f)]


def close_up(grey: np.ndarray, detect_px: int) -> list[FaceBox]:
    """A face filling the frame: the detector needs a margin around it, so give it one
    (the photo's edges repeated, a quarter each side). Smeared edges fool the detector on
    tiny thumbnails (a 64 px photo whose real face is 12 px gave a "close-up" 53 px box):
    keep only what the second cascade firmly confirms with the same margin (real
    close-ups: 15+ neighbours, made-up ones 0-3), and boxes mostly inside the photo."""
    pad = round(0.25 * max(grey.shape))
    padded = cv2.copyMakeBorder(grey, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    faces = [b.moved(-pad, -pad) for b in look(padded, detect_px, min_frac=1 / 4)
             if confirmed(padded, b, neighbours=CLOSE_UP_NEIGHBOURS)]
    return [f for f in faces if inside_share(f, grey.shape[1], grey.shape[0]) >= 0.5]


def _refuse_parts_of_a_close_up(grey: np.ndarray, faces: list[FaceBox],
                                detect_px: int) -> list[FaceBox]:
    """A close-up selfie can show a small "face" on a brow and an eye; if a face filling
    the photo is also there, that one is the face and the small one inside it goes."""
    short = min(grey.shape[:2])
    if not faces or max(f.w for f in faces) >= CLOSE_UP_SHARE * short:
        return faces
    if max(grey.shape[:2]) > CLOSE_UP_PX:
        return faces  # a camera frame or a large photo: no thumbnail selfie; save the look
    whole = close_up(grey, detect_px)
    if not whole:
        return faces
    big = max(whole, key=lambda f: f.w)
    inside = [f for f in faces if _contains(big, f)]
    if not inside:
        return faces
    return merge([big, *(f for f in faces if f not in inside)])


def _contains(outer: FaceBox, inner: FaceBox) -> bool:
    cx, cy = inner.centre
    return (outer.x <= cx <= outer.x + outer.w and outer.y <= cy <= outer.y + outer.h
            and inner.w < 0.8 * outer.w)


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
        cascade = _cascade(_ALT2)
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
    return len(_run(roi, _PROFILE, 32, scale_factor=1.08, neighbours=4)) > 0


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
