"""Find the customer's face and frame a square crop around it.

Detection uses the Haar cascades that OpenCV 4.x wheels ship (works offline, no model
download), on a small equalised grey copy for speed. The crop keeps hair and chin: the
face box fills ``face_fill`` of the crop side and sits a little below its centre.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import cv2
import numpy as np

_CASCADES = ("haarcascade_frontalface_default.xml", "haarcascade_frontalface_alt2.xml")


@dataclass(frozen=True)
class FaceBox:
    """A face rectangle in pixels of some image: left ``x``, top ``y``, width, height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def centre(self) -> tuple[float, float]:
        """``(x, y)`` of the box centre."""
        return (self.x + self.w / 2.0, self.y + self.h / 2.0)

    def scaled(self, factor: float) -> FaceBox:
        """The same box in an image ``factor`` times larger."""
        return FaceBox(self.x * factor, self.y * factor, self.w * factor, self.h * factor)

    def as_list(self) -> list[int]:
        """``[x, y, w, h]`` rounded to whole pixels (for JSON)."""
        return [round(self.x), round(self.y), round(self.w), round(self.h)]


@dataclass(frozen=True)
class CropBox:
    """A square crop in pixels of some image; may extend past the image edges."""

    x: float
    y: float
    side: float

    def scaled(self, factor: float) -> CropBox:
        """The same crop in an image ``factor`` times larger."""
        return CropBox(self.x * factor, self.y * factor, self.side * factor)

    def as_list(self) -> list[int]:
        """``[x, y, side, side]`` rounded to whole pixels (for JSON)."""
        s = round(self.side)
        return [round(self.x), round(self.y), s, s]


_local = threading.local()


def _cascade(name: str) -> cv2.CascadeClassifier:
    """The named cascade, loaded once per thread (a classifier is not safe to share)."""
    loaded = _local.__dict__.setdefault("cascades", {})
    if name not in loaded:
        path = cv2.data.haarcascades + name
        cascade = cv2.CascadeClassifier(path)
        if cascade.empty():  # a broken OpenCV install; framing falls back to a centred crop
            raise RuntimeError(f"face detector model missing: {path}")
        loaded[name] = cascade
    return loaded[name]


def _grey(pixels: np.ndarray) -> np.ndarray:
    return pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)


def _detect_at(grey_full: np.ndarray, side: int, names: tuple[str, ...],
               min_frac: float, equalise: bool = True, *, scale_factor: float = 1.2,
               max_px: int = 0, angle: float = 0.0) -> list[FaceBox]:
    """Faces in ``grey_full`` seen on a copy ``side`` px long, optionally turned ``angle``°.

    ``max_px`` (0: no limit) caps the face size looked for, in pixels of that copy.
    """
    h, w = grey_full.shape[:2]
    factor = min(1.0, side / max(h, w))
    grey = grey_full
    if factor < 1.0:
        size = (max(1, round(w * factor)), max(1, round(h * factor)))
        grey = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
    if equalise:  # helps dim faces, but a large flat surround can wash a small face out
        grey = cv2.equalizeHist(grey)
    turn = None
    if angle:
        gh, gw = grey.shape[:2]
        turn = cv2.getRotationMatrix2D((gw / 2.0, gh / 2.0), angle, 1.0)
        grey = cv2.warpAffine(grey, turn, (gw, gh), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_REPLICATE)
    min_side = max(20, round(min(grey.shape) * min_frac))
    limit = (max_px, max_px) if max_px > min_side else (0, 0)
    for name in names:
        try:
            cascade = _cascade(name)
        except RuntimeError:
            continue
        found = cascade.detectMultiScale(grey, scaleFactor=scale_factor, minNeighbors=5,
                                         minSize=(min_side, min_side), maxSize=limit)
        if len(found):
            boxes = [FaceBox(*(float(v) for v in box)) for box in found]
            if turn is not None:  # back to the upright copy: move each box's centre
                back = cv2.invertAffineTransform(turn)
                boxes = [_moved(b, back) for b in boxes]
            return [b.scaled(1.0 / factor) for b in boxes]
    return []


def _moved(box: FaceBox, affine: np.ndarray) -> FaceBox:
    cx, cy = box.centre
    nx, ny = affine @ np.array([cx, cy, 1.0])
    return FaceBox(float(nx) - box.w / 2.0, float(ny) - box.h / 2.0, box.w, box.h)


#: Largest share of the crop side a face may fill when a close-up leaves no room around it.
MAX_FACE_FILL = 0.85

#: Second-cascade hits a face found only with a margin added (a close-up) must have.
CLOSE_UP_NEIGHBOURS = 8

#: Head tilts tried when an upright look finds nobody (selfies, a head leaned on a hand).
TILTS = (20.0, -20.0)


def detect_faces(pixels: np.ndarray, detect_px: int = 320, *,
                 thorough: bool = True) -> list[FaceBox]:
    """All faces found in ``pixels`` (BGR or grey uint8), in its pixel coordinates.

    Looks on a copy ``detect_px`` on its longest side with the default frontal cascade,
    then ``alt2``. Only when that finds nobody and ``thorough`` is set, it looks again:
    without histogram equalisation, with a margin added (a face filling the frame), on
    copies turned ±20° (tilted heads), then for faces
    too small to see at first on a copy twice as large (four times for big photos), at
    finer scale steps, only for sizes the first look could not see, keeping what a
    second cascade confirms. A clear frontal face costs one look (~15 ms on 640×480);
    a 640×480 frame with nobody in it about 100 ms, a 12 MP photo up to ~0.5 s.
    """
    grey = _grey(pixels)
    faces = _detect_at(grey, detect_px, _CASCADES, 1 / 9)
    if faces or not thorough:
        return faces
    # Equalising lets a busy or bright surround swamp a face: look once without it.
    faces = _detect_at(grey, detect_px, _CASCADES[:1], 1 / 9, equalise=False)
    if not faces:
        # A close-up selfie: the face fills the frame and the detector needs a margin
        # around it, so give it one (the photo's edges repeated, a quarter each side).
        pad = round(0.25 * max(grey.shape))
        padded = cv2.copyMakeBorder(grey, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
        # Smeared edges fool the detector on tiny thumbnails (a 64 px photo whose real face
        # is 12 px gave a "close-up" 53 px box): keep only what the second cascade firmly
        # confirms with the same margin (real close-ups: 15+ neighbours, made-up ones 0-3),
        # and boxes mostly inside the photo.
        faces = [FaceBox(f.x - pad, f.y - pad, f.w, f.h)
                 for f in _detect_at(padded, detect_px, _CASCADES[:1], 1 / 4)
                 if _confirmed(padded, f, neighbours=CLOSE_UP_NEIGHBOURS)]
        faces = [f for f in faces if _inside_share(f, grey.shape[1], grey.shape[0]) >= 0.5]
    for angle in TILTS:
        if faces:
            return faces
        faces = _detect_at(grey, detect_px, _CASCADES[:1], 1 / 9, angle=angle)
    if faces:
        return faces
    longest = max(grey.shape)
    big = longest >= 2.5 * detect_px  # a still photo, not a camera frame: worth more time
    side = min(longest, (4 if big else 2) * detect_px)
    if side > 1.2 * detect_px:
        small_face = round(max(20, min(grey.shape) * min(1.0, detect_px / longest) / 9)
                           * side / detect_px * 1.3)  # what the first look could not see
        faces = _detect_at(grey, side, _CASCADES[:1], 0.0, equalise=False,
                           scale_factor=1.1 if big else 1.15, max_px=small_face)
        # Fine steps on a big busy frame also find cat faces and patterned cups: keep only
        # what the second cascade also sees as a face on an enlarged close-up.
        faces = [f for f in faces if _confirmed(grey, f)]
    return faces


def _inside_share(face: FaceBox, width: int, height: int) -> float:
    """Share (0..1) of the face box's area that lies inside a ``width`` × ``height`` image."""
    iw = max(0.0, min(face.x + face.w, width) - max(face.x, 0.0))
    ih = max(0.0, min(face.y + face.h, height) - max(face.y, 0.0))
    return iw * ih / (face.w * face.h) if face.w > 0 and face.h > 0 else 0.0


def _confirmed(grey: np.ndarray, face: FaceBox, *, neighbours: int = 3) -> bool:
    """Whether ``alt2`` also finds a face in a close-up around ``face`` (about 1 ms), with
    at least ``neighbours`` overlapping hits (more: firmer)."""
    h, w = grey.shape[:2]
    m = 0.5 * face.w
    x0, y0 = max(0, round(face.x - m)), max(0, round(face.y - m))
    x1, y1 = min(w, round(face.x + face.w + m)), min(h, round(face.y + face.h + m))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return False
    k = 96.0 / (x1 - x0)  # the face ends up about 48 px wide, well above the 20 px window
    roi = cv2.resize(grey[y0:y1, x0:x1], None, fx=k, fy=k,
                     interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR)
    try:
        cascade = _cascade(_CASCADES[1])
    except RuntimeError:
        return True
    return len(cascade.detectMultiScale(roi, scaleFactor=1.1, minNeighbors=neighbours,
                                        minSize=(30, 30))) > 0


def main_face(faces: list[FaceBox], width: int, height: int) -> FaceBox | None:
    """The customer's face: large and central wins (area weighted down off-centre)."""
    if not faces:
        return None
    half_diag = 0.5 * float(np.hypot(width, height))

    def score(face: FaceBox) -> float:
        cx, cy = face.centre
        off = float(np.hypot(cx - width / 2.0, cy - height / 2.0)) / half_diag
        return face.w * face.h * (1.0 - 0.6 * off)

    return max(faces, key=score)


def crop_for_face(face: FaceBox | None, width: int, height: int, *,
                  face_fill: float = 0.5, face_drop: float = 0.08) -> CropBox:
    """The square crop for ``face`` in a ``width`` × ``height`` image.

    With a face: side = face width / ``face_fill``, face centre ``face_drop`` × side below
    the crop centre (room for hair above, chin below); for a close-up whose crop would be
    larger than the photo, the crop shrinks to the photo's shorter side, down to a face
    filling :data:`MAX_FACE_FILL` of it. Without: the largest centred
    square, nudged up a little since people stand with their head in the upper part.
    """
    if face is None:
        side = float(min(width, height))
        top = max(0.0, (height - side) / 2.0 - 0.1 * (height - side))
        return CropBox((width - side) / 2.0, top, side)
    side = face.w / face_fill
    short = float(min(width, height))
    if side > short:
        # A close-up: the room for hair and chin is not in the photo and would print as
        # plain foam around a small face. Let the face fill more of the circle instead.
        side = max(short, face.w / MAX_FACE_FILL)
    cx, cy = face.centre
    return CropBox(cx - side / 2.0, cy - face_drop * side - side / 2.0, side)


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
