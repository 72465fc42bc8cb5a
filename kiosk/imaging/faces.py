"""Face and crop boxes, and which of several faces a portrait shows.

Plain values, no OpenCV: the detector (:mod:`.detection`) makes :class:`FaceBox` es,
framing (:mod:`.framing`) turns the chosen ones into a :class:`CropBox`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

#: Faces up to this many are framed together by default ("all of us"); with more, the
#: largest, most central face is framed until the customer taps another.
GROUP_MAX = 3

#: A face narrower than this share of the largest face's width is someone behind the
#: group (a bystander), not one of the people posing: ``auto`` leaves them out.
POSING_SHARE = 0.6

#: ``--faces`` words: ``auto`` (the people posing, i.e. faces at least
#: :data:`POSING_SHARE` as wide as the largest: one, it; 2-3, all of them; more, the
#: largest and most central),
#: ``all`` (every face found), ``largest`` (the largest, most central one).
PICKS = ("auto", "all", "largest")


@dataclass(frozen=True)
class FaceBox:
    """A face rectangle in pixels of some image: left ``x``, top ``y``, width, height.

    ``angle``: the head's tilt in degrees, counter-clockwise as seen in the photo (0
    upright); the box is the face's size, centred on it, in upright terms. ``kind``:
    ``frontal`` or ``profile``; ``facing``: for a profile, -1 looking to the photo's left,
    +1 to its right. ``hits``: how many detector windows agreed (more: surer).
    """

    x: float
    y: float
    w: float
    h: float
    angle: float = 0.0
    kind: str = "frontal"
    facing: int = 0
    hits: int = 0

    @property
    def centre(self) -> tuple[float, float]:
        """``(x, y)`` of the box centre."""
        return (self.x + self.w / 2.0, self.y + self.h / 2.0)

    def scaled(self, factor: float) -> FaceBox:
        """The same box in an image ``factor`` times larger."""
        return replace(self, x=self.x * factor, y=self.y * factor, w=self.w * factor,
                       h=self.h * factor)

    def moved(self, dx: float, dy: float) -> FaceBox:
        """The same box shifted by ``(dx, dy)`` pixels."""
        return replace(self, x=self.x + dx, y=self.y + dy)

    def as_list(self) -> list[int]:
        """``[x, y, w, h]`` rounded to whole pixels (for JSON)."""
        return [round(self.x), round(self.y), round(self.w), round(self.h)]

    def along_head(self, du: float, dv: float) -> tuple[float, float]:
        """The photo point ``du`` face widths to the face's right and ``dv`` widths down
        its axis from the box centre (turned with the head's tilt)."""
        a = math.radians(self.angle)
        cx, cy = self.centre
        x, y = du * self.w, dv * self.w
        return (cx + x * math.cos(a) + y * math.sin(a), cy - x * math.sin(a) + y * math.cos(a))


@dataclass(frozen=True)
class CropBox:
    """A square crop in pixels of some image; may extend past the image edges."""

    x: float
    y: float
    side: float

    def scaled(self, factor: float) -> CropBox:
        """The same crop in an image ``factor`` times larger."""
        return CropBox(self.x * factor, self.y * factor, self.side * factor)

    def moved(self, dx: float, dy: float) -> CropBox:
        """The same crop shifted by ``(dx, dy)`` pixels."""
        return CropBox(self.x + dx, self.y + dy, self.side)

    def as_list(self) -> list[int]:
        """``[x, y, side, side]`` rounded to whole pixels (for JSON)."""
        s = round(self.side)
        return [round(self.x), round(self.y), s, s]


FacePick = str | int
"""Which faces to frame: a word of :data:`PICKS` or the 0-based index of one face in the
left-to-right list of faces found."""


def check_pick(pick: FacePick) -> None:
    """Raise ValueError for a pick that is neither a word of :data:`PICKS` nor an index."""
    if isinstance(pick, bool) or not (pick in PICKS or (isinstance(pick, int) and pick >= 0)):
        raise ValueError(f"faces must be one of {', '.join(PICKS)} or a face number, "
                         f"not {pick!r}")


def main_face(faces: Sequence[FaceBox], width: int, height: int) -> FaceBox | None:
    """The customer's face: large and central wins (area weighted down off-centre)."""
    if not faces:
        return None
    half_diag = 0.5 * math.hypot(width, height)

    def score(face: FaceBox) -> float:
        cx, cy = face.centre
        off = math.hypot(cx - width / 2.0, cy - height / 2.0) / half_diag
        return face.w * face.h * (1.0 - 0.6 * off)

    return max(faces, key=score)


def choose_faces(faces: Sequence[FaceBox], pick: FacePick, width: int,
                 height: int) -> tuple[FaceBox, ...]:
    """The faces to frame, as ``pick`` says (see :data:`FacePick`); () without faces.

    An index past the last face falls back to ``auto`` (the face list of a new photo
    may be shorter than the one the customer chose from)."""
    if not faces:
        return ()
    if isinstance(pick, int) and not isinstance(pick, bool):
        if pick < len(faces):
            return (faces[pick],)
        pick = "auto"
    if pick == "all":
        return tuple(faces)
    if pick == "auto":
        widest = max(f.w for f in faces)
        posing = [f for f in faces if f.w >= POSING_SHARE * widest]
        if len(posing) <= GROUP_MAX:
            return tuple(posing)
    main = main_face(faces, width, height)
    return () if main is None else (main,)
