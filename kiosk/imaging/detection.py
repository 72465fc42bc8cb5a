"""Find every face in a photo: upright, tilted up to ±35°, turned to profile, tiny or filling
the frame, each checked for a face's structure before anyone frames a close-up on it.

The looks themselves (Haar cascades on small grey copies) are in :mod:`.cascades`; this
module decides which looks a photo gets. A look costs ~10 ms on a 640×480 frame (20 ms of
CPU over both cores), so the search looks further only where what it has seen says so:

1. upright frontal faces, the frame equalised tile by tile (CLAHE: a dark face beside a
   light one, or before a bright wall, keeps its contrast; synthetic rows of faces of skin
   reflectance 0.10-0.60: 40 of 40 found, 13 of 40 with one histogram for the whole
   frame). The quick search (every live frame) stops here.
2. Someone was found (the usual still): each face's tilt is probed (:func:`.tilt_of`,
   ~2 ms); only when a head leans are the turned looks of step 3 made, for the others
   of a couple leaning together. Profiles are looked for only in the band of rows the
   found heads stand in, at their size (someone posing beside them, turned to them; a
   smaller face is a bystander, whom ``auto`` leaves out anyway).
3. Nobody was found: the whole frame equalised at once, a 0.75 copy turned by each of
   :data:`ROLLS` (heads tilted up to ±35°: Haar itself tolerates about ±12°; faces at
   least 1/8 of the shorter side), and the profile cascade on a 0.6 copy and its mirror
   (faces at least 1/6 of the shorter side: the customer, not the room).
4. Still nobody: the ``alt2`` cascade, no equalisation, a margin around a close-up, and a
   larger copy for small faces.

Boxes from several looks that overlap are one face (a frontal view wins over a profile,
then the look with most hits, which gives the roll angle). A box is kept only if it is
:func:`.plausible`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import cv2
import numpy as np

from kiosk.imaging.cascades import (
    ALT2,
    FRONTAL,
    PROFILE,
    confirmed,
    grey_of,
    inside_share,
    look,
    merge,
    plausible,
    profile_confirmed,
    tilt_of,
)
from kiosk.imaging.faces import POSING_SHARE, FaceBox

__all__ = ["ALT2", "FRONTAL", "PROFILE", "close_up", "detect_faces", "grey_of",
           "inside_share", "look", "merge"]

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

#: Hits an upright find needs to be a face (OpenCV's usual minimum).
NEIGHBOURS = 5

#: Weak upright candidates probed for a leaning head, at most (each ~2 ms).
WEAK_PROBES = 3

#: Rows above and below the found faces' boxes, in widths of the widest, in which
#: someone posing with them may stand turned to profile.
BAND = 0.75

#: A profile beside the faces found is looked for between this share of the widest face
#: and its inverse (a profile's box is ~0.8 of the frontal one; the people posing stand
#: about as near the camera as each other).
PARTNER_SHARE = 0.75

#: Side (px) of the profile cascade's window: the band look's copy is scaled so that the
#: smallest face it wants (:data:`PARTNER_SHARE` of the widest) is a little larger.
PROFILE_WINDOW = 20


def detect_faces(pixels: np.ndarray, detect_px: int = 320, *,
                 thorough: bool = True) -> list[FaceBox]:
    """Every face found in ``pixels`` (BGR or grey uint8), in its pixel coordinates, left
    to right. See the module docstring for the looks: with ``thorough`` off one look
    (~10 ms on 640×480); on, a photo with someone upright in it costs about two, one
    with a leaning head about six, one with nobody upright up to eight and the fallback."""
    grey = grey_of(pixels)
    # One look, every candidate kept: the weak ones (too few hits to be a face) cost
    # nothing more and may be a head leaning past Haar's tolerance (see _leaning).
    first = look(grey, detect_px, equalise="local", neighbours=1)
    found = _kept(grey, (b for b in first if b.hits >= NEIGHBOURS))
    if not thorough:
        return merge(found)
    if found:
        found = [replace(f, angle=tilt_of(grey, f)) for f in found]
        weak = [b for b in first if b.hits < NEIGHBOURS]
        if any(f.angle for f in found) or _leaning(grey, weak, found):
            # Leaning beside someone upright: 12-34° (a head past that leans on no one).
            found += _turned_looks(grey, detect_px, ROLLS[:2])
        found += _profiles_beside(grey, found)
        faces = merge(found)
    else:
        found = _kept(grey, look(grey, detect_px))
        found += _turned_looks(grey, detect_px)
        found += _profiles(grey, round(PROFILE_SCALE * detect_px))
        faces = merge(found)
        if not faces:
            faces = merge(_fallback(grey, detect_px))
    return _refuse_parts_of_a_close_up(grey, faces, detect_px)


def _leaning(grey: np.ndarray, weak: list[FaceBox], found: list[FaceBox]) -> bool:
    """Whether one of the ``weak`` upright candidates is a head leaning further than Haar
    tolerates (it agrees more when turned, :func:`.tilt_of`): someone beside an upright
    face, leaning 25-30° (synthetic couples: the leaning face leaves 2-9 hits upright).
    Only candidates of a posing size apart from the faces found are probed, the
    strongest :data:`WEAK_PROBES` of them."""
    widest = max(f.w for f in found)
    apart = [b for b in weak if b.w >= POSING_SHARE * widest and all(
        float(np.hypot(b.centre[0] - f.centre[0], b.centre[1] - f.centre[1])) > 0.5 * f.w
        for f in found)]
    apart.sort(key=lambda b: -b.hits)
    return any(tilt_of(grey, b) for b in apart[:WEAK_PROBES])


def _kept(grey: np.ndarray, boxes: Iterable[FaceBox]) -> list[FaceBox]:
    return [b for b in boxes if plausible(grey, b)]


def _turned_looks(grey: np.ndarray, detect_px: int,
                  rolls: tuple[float, ...] = ROLLS) -> list[FaceBox]:
    """Heads tilted past Haar's tolerance, on a copy turned by each of ``rolls``, each
    confirmed by the second cascade upright."""
    return [b for angle in rolls
            for b in look(grey, round(ROLL_SCALE * detect_px), angle=angle, min_frac=1 / 8,
                          equalise="local")
            if confirmed(grey, b, neighbours=ROLL_NEIGHBOURS) and plausible(grey, b)]


def _profiles(grey: np.ndarray, side: int, *, min_frac: float = 1 / 6, max_px: int = 0,
              ) -> list[FaceBox]:
    """Heads turned to either side: the profile cascade on a ``side`` px copy and on its
    mirror, each find confirmed on an enlarged close-up. Without equalisation: it turns the
    lit side of a profile and the room behind it into one flat bright field (the profile
    cascade looks for that edge)."""
    return [b for mirror in (False, True)
            for b in look(grey, side, name=PROFILE, mirror=mirror, neighbours=PROFILE_NEIGHBOURS,
                          equalise=False, min_frac=min_frac, max_px=max_px)
            if profile_confirmed(grey, b) and plausible(grey, b)]


def _profiles_beside(grey: np.ndarray, faces: list[FaceBox]) -> list[FaceBox]:
    """Profiles of people posing with ``faces``: in the band of rows their heads stand in,
    between :data:`PARTNER_SHARE` and its inverse times the widest face's width."""
    widest = max(f.w for f in faces)
    h = grey.shape[0]
    top = max(0, int(min(f.y for f in faces) - BAND * widest))
    bottom = min(h, int(max(f.y + f.h for f in faces) + BAND * widest + 1))
    band = grey[top:bottom]
    k = min(1.0, 1.1 * PROFILE_WINDOW / (PARTNER_SHARE * widest))
    side = max(PROFILE_WINDOW, round(max(band.shape) * k))
    boxes = _profiles(band, side, min_frac=0.0, max_px=round(widest / PARTNER_SHARE * k))
    return [b.moved(0, top) for b in boxes]


def _fallback(grey: np.ndarray, detect_px: int) -> list[FaceBox]:
    """When no look found anyone: the ``alt2`` cascade, without equalisation, with a
    margin (a close-up), then small faces on a larger copy."""
    faces = [b for b in look(grey, detect_px, name=ALT2) if plausible(grey, b)]
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


