"""From a grey face crop to the reflectance the print should have, dot by dot.

Order: spread of the person's grey range over the full scale (so dark, backlit and
washed-out photos meet the filters as a normal one would), edge-preserving smoothing that
grows with the measured sensor noise, local contrast (CLAHE's detail only: faces keep their
lightness relative to each other), darkening of small dark features
(eyes, brows, nostrils, mouth), optional sketch look, unsharp mask, percentile stretch on
the person only that lifts the highlights to clean foam and leaves dark and mid tones
near their own lightness, mid-tone gamma (and the customer's
lighter/darker choice), then a perceptual (CIE L*) mapping of the photo's lightness onto
the printable range between the darkest powder and foam, in linear light, and the fade of
the background to foam. Filters run on sRGB-coded grey, where they were designed to work;
the result is linear-light reflectance because that is what mixing dots averages.
"""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np

from kiosk.imaging.settings import ToneParams

_LUT_SIZE = 1024
#: How far one step of the kiosk's darker button moves mid-tones (exponent factor 2**0.7).
DARKNESS_RANGE = 0.7


def srgb_to_linear(v: np.ndarray | float) -> np.ndarray:
    """sRGB-coded 0..1 to linear light 0..1 (IEC 61966-2-1)."""
    v = np.asarray(v, dtype=np.float64)
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(v: np.ndarray | float) -> np.ndarray:
    """Linear light 0..1 to sRGB-coded 0..1."""
    v = np.clip(np.asarray(v, dtype=np.float64), 0.0, 1.0)
    return np.where(v <= 0.0031308, v * 12.92, 1.055 * v ** (1 / 2.4) - 0.055)


def lstar(y: np.ndarray | float) -> np.ndarray:
    """CIE L* (0..100) of relative luminance ``y`` (0..1)."""
    y = np.asarray(y, dtype=np.float64)
    return np.where(y > (6 / 29) ** 3, 116 * np.cbrt(y) - 16, y * (29 / 3) ** 3)


def lstar_to_y(lum: np.ndarray | float) -> np.ndarray:
    """Relative luminance (0..1) of CIE L* ``lum`` (0..100)."""
    f = (np.asarray(lum, dtype=np.float64) + 16) / 116
    return np.where(f > 6 / 29, f**3, 3 * (6 / 29) ** 2 * (f - 4 / 29))


@cache
def reflectance_lut(dark: float, foam: float) -> np.ndarray:
    """float32 LUT: sRGB-coded grey (index / (size-1)) to print reflectance.

    Photo L* 0..100 maps linearly onto print L* between the darkest powder and foam, so
    equal lightness steps in the photo stay equal steps on the cup.
    """
    grey = np.linspace(0.0, 1.0, _LUT_SIZE)
    lum = lstar(srgb_to_linear(grey))
    lo, hi = float(lstar(dark)), float(lstar(foam))
    lut = lstar_to_y(lo + (hi - lo) * lum / 100.0).astype(np.float32)
    lut.setflags(write=False)
    return lut


def _odd(v: float) -> int:
    return max(1, round(v) // 2 * 2 + 1)


#: Relative noise (sensor noise / the person's grey range) at which smoothing starts to
#: grow: a clean photo measures ~0.005, ISO 3200 in a dim café ~0.02.
NOISE_FLOOR = 0.008
#: Bilateral colour sigma per unit of relative noise above the floor (noisy photos only).
NOISE_GAIN = 8.0
#: Lowest white point of the percentile stretch (0..1 grey after the filters) when the
#: photo has tones that bright: a white point below it lifted a person with nothing white
#: on them (a 0.6 skin printed as foam). 0.85 before the lift was weighted.
WHITE_FLOOR = 0.95
#: A person whose grey range (0.5 to 99.5 percentile, 0..255) is narrower than this is
#: spread over the full scale before filtering (dark, backlit or washed-out photos). A
#: normally exposed person in a mid-grey shirt spans ~150: spreading that would lift a
#: mid or dark skin towards one brightness.
NARROW = 125.0
#: Percentile of the person's grey that tells a light shirt (a large bright area) from a
#: backlit rim (a thin one): see :func:`normalise`.
BODY_PERCENTILE = 85.0
#: Gaussian sigma, in grid cells per 254, of the large-scale lightness that local contrast
#: must not change (a face's overall lightness: who is darker than whom).
BASE_SIGMA = 12.0
#: How the lift from the photo's tone to the print's is shared out (:func:`stretch`): 1
#: lifts every tone by one factor (every face prints lighter than it is), higher keeps
#: dark and mid tones nearer their own lightness and lifts the highlights more.
LIFT_POWER = 3.0
_NOISE_KERNEL = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)


def face_core(size: int, centre: tuple[float, float], width: float) -> np.ndarray:
    """bool ``(size, size)``: the skin of a face (an oval inside its detector box), for
    measuring the face's own grey range. ``centre`` and ``width`` in grid cells."""
    pos = np.arange(size, dtype=np.float32) + 0.5
    dx = ((pos - centre[0]) / max(0.32 * width, 1.0))[None, :]
    dy = ((pos - centre[1]) / max(0.42 * width, 1.0))[:, None]
    return (dx * dx + dy * dy) <= 1.0


def normalise(grey: np.ndarray, weight: np.ndarray | None,
              face: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Spread the person's grey range over 0..255 before filtering; estimate the noise.

    A dark, backlit or washed-out photo keeps its person in a narrow band of grey; the
    filters (bilateral sigma, CLAHE clip, black-hat) are tuned for a full range, so when
    the 0.5 and 99.9 percentiles of the person (``weight`` > 0.5, else the whole crop; the
    99.9th catches eye whites and teeth) are less than :data:`NARROW` apart, they are
    mapped to 0 and 255 first. When the face (``face``, bool) is much darker than the
    brightest part of the person and only a thin rim of the person is brighter (a window
    behind a backlit head bleeds into its outline), the face's own highlights set the
    white point instead, so its features get the range rather than the window. Returns
    the uint8 result and its noise level as a fraction of the range (Immerkær's
    Laplacian estimate, averaged over the person).
    """
    sample = grey[::2, ::2]
    person = None
    if weight is not None:
        person = weight > 0.5
        chosen = sample[person[::2, ::2]]
        if chosen.size >= 64:
            sample = chosen
        else:
            person = None
    lo, hi, body = (float(v) for v in np.percentile(sample, [0.5, 99.9, BODY_PERCENTILE]))
    if face is not None and face.sum() >= 64:
        face_hi = float(np.percentile(grey[face], 99.0))
        # Backlit: only a thin rim of the person (the window bleeding into the outline) is
        # brighter than the face. A dark-skinned face above a light shirt is not backlit:
        # a large part of the person is brighter there, and lifting the face's own
        # highlights to white would print dark skin pale.
        if face_hi < hi - 0.4 * (hi - lo) and body < face_hi + 0.25 * (hi - lo):
            hi = face_hi
    out = grey
    if 8.0 <= hi - lo < NARROW:  # much narrower than a normal photo, not a blank wall
        lut = np.clip((np.arange(256, dtype=np.float32) - lo) * (255.0 / (hi - lo)), 0, 255)
        out = cv2.LUT(grey, np.rint(lut).astype(np.uint8))
    span = max(hi - lo, 8.0)
    lap = np.abs(cv2.filter2D(grey.astype(np.float32), -1, _NOISE_KERNEL))
    level = float(lap[person].mean() if person is not None else lap.mean())
    return out, level * float(np.sqrt(np.pi / 2.0)) / 6.0 / span


def _lowpass(img: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur of ``img`` (float32) with ``sigma`` px, worked out on a quarter-size
    copy when ``sigma`` is large (the result is smooth anyway; ~5x cheaper)."""
    if sigma < 6.0:
        return cv2.GaussianBlur(img, (0, 0), sigma)
    h, w = img.shape[:2]
    small = cv2.resize(img, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), sigma / 4.0)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def enhance(grey: np.ndarray, p: ToneParams, noise: float = 0.0) -> np.ndarray:
    """Filters on a uint8 grey crop; returns float32 0..1 (may overshoot before stretch).

    ``noise`` is the crop's relative noise level (see :func:`normalise`); above
    :data:`NOISE_FLOOR` the edge-preserving smoothing grows with it and runs twice, and the
    sharpening eases off, so a grainy high-ISO photo prints as clean skin, not speckles.
    """
    g = grey
    if p.smooth_sigma > 0 and p.smooth_dots > 1:
        extra = max(0.0, noise - NOISE_FLOOR) * NOISE_GAIN
        sigma = (p.smooth_sigma + extra) * 255.0
        g = cv2.bilateralFilter(g, _odd(p.smooth_dots), sigma, p.smooth_dots / 2.0)
        if extra > 0:
            g = cv2.bilateralFilter(g, _odd(p.smooth_dots), sigma, p.smooth_dots / 2.0)
    else:
        extra = 0.0
    f = g.astype(np.float32) * (1.0 / 255.0)
    if p.clahe_clip > 0:
        tiles = max(1, int(p.clahe_tiles))
        eq = cv2.createCLAHE(clipLimit=float(p.clahe_clip), tileGridSize=(tiles, tiles)).apply(g)
        # CLAHE evens out each tile's lightness: beside each other, a dark face would be
        # lifted and a light one dimmed. Keep its local detail (features, shading) but the
        # photo's large-scale lightness, so skin keeps its tone relative to others.
        e = eq.astype(np.float32) * (1.0 / 255.0)
        sigma = BASE_SIGMA * g.shape[0] / 254.0
        f = _lowpass(f, sigma) + (e - _lowpass(e, sigma))
    if p.feature_boost > 0:
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (_odd(p.feature_dots),) * 2)
        f -= p.feature_boost * cv2.morphologyEx(f, cv2.MORPH_BLACKHAT, kernel)
        np.maximum(f, 0.0, out=f)  # darker than black would skew the stretch
    if p.sketch > 0:
        # Pencil look: divide by the local mean; flat areas go to white, edges stay dark.
        local = cv2.GaussianBlur(f, (0, 0), 3.0)
        lines = np.clip(f / np.maximum(local, 0.02), 0.0, 1.0) ** 3
        f = (1.0 - p.sketch) * f + p.sketch * lines
    if p.sharpen > 0:
        amount = p.sharpen / (1.0 + 15.0 * extra)  # sharpening would bring the grain back
        f += amount * (f - cv2.GaussianBlur(f, (0, 0), p.sharpen_dots))
    return f


def stretch(f: np.ndarray, weight: np.ndarray | None, low: float, high: float,
            clip: float = 1.0) -> np.ndarray:
    """Map ``f`` to 0..1 for the print: its ``low`` percentile where ``weight`` > 0.5 (the
    person) to 0, and ``clip`` × its ``high`` percentile (the highlight clip) and above
    to 1, clean foam.

    Between them the lift is weighted towards the highlights (:data:`LIFT_POWER`):
    lifting every tone by the same factor printed each face lighter than in the photo (a
    0.10 skin at 0.52 of the printable range against its photo's 0.38), so a tone ``u``
    above the black point becomes ``u + (1 - top) * (u / top) ** LIFT_POWER`` (``top``
    the tone made clean foam): dark and mid skin keep nearly their own lightness while
    highlights still reach foam.

    Falls back to the whole image when the weighted area is tiny; a flat image (range
    under 2 %) becomes all 1 (clean foam) rather than noise or a solid disc of powder.
    """
    sample = f[::2, ::2]
    if weight is not None:
        chosen = sample[weight[::2, ::2] > 0.5]
        if chosen.size >= 64:
            sample = chosen
    lo, hi = (float(v) for v in np.percentile(sample, [low, high]))
    # Below 0 is the filters' overshoot (sharpening halos), not a darker photo: taken as
    # the black point it lifted every tone (by ~0.1 for a row of faces).
    lo = max(lo, 0.0)
    # The white point never drops below WHITE_FLOOR: the exposure was already evened out
    # (normalise), so a lower one would only mean a darker face, lifted to the same
    # brightness as everyone else's.
    hi = max(float(hi), min(WHITE_FLOOR, float(f.max())))
    if hi - lo < 0.02:
        if float(f.max() - f.min()) < 0.02:
            # Flat: a covered lens, a dark room or a blank wall. There is no picture to
            # print, and a solid disc of cocoa would waste powder: leave clean foam.
            return np.ones_like(f)
        return np.clip(f * (1.0 / clip), 0.0, 1.0)  # too few samples to judge a range
    top = (hi - lo) * clip
    u = np.clip(f - np.float32(lo), 0.0, None)
    if top >= 1.0:  # brighter than white after the clip: compress evenly
        return np.clip(u * (1.0 / top), 0.0, 1.0)
    lifted = u + np.float32(1.0 - top) * (u * np.float32(1.0 / top)) ** LIFT_POWER
    return np.clip(lifted, 0.0, 1.0)


def to_reflectance(v: np.ndarray, p: ToneParams, darkness: float,
                   dark: float, foam: float) -> np.ndarray:
    """Print grey 0..1 (see :func:`stretch`) to target reflectance, with gamma and the
    customer's lighter/darker choice."""
    v = np.clip(v, 0.0, 1.0)
    exponent = p.gamma * 2.0 ** (DARKNESS_RANGE * darkness)
    if exponent != 1.0:
        v = v**exponent
    lut = reflectance_lut(round(dark, 6), round(foam, 6))
    return lut[np.rint(v * (_LUT_SIZE - 1)).astype(np.intp)]


def tone_map(grey: np.ndarray, alpha: np.ndarray | None, p: ToneParams, *,
             darkness: float, dark: float, foam: float,
             face: np.ndarray | None = None) -> np.ndarray:
    """The print's target reflectance, float32 ``(n, n)`` in ``[dark, foam]``.

    Args:
        grey: uint8 ``(n, n)`` grey crop (sRGB-coded).
        alpha: float32 ``(n, n)``, 1 person .. 0 background (faded to foam); None: all person.
        p: tone parameters.
        darkness: -1 lighter .. +1 darker.
        dark, foam: reflectances of the darkest available tone and of foam.
        face: bool ``(n, n)`` skin of the customer's face (see :func:`face_core`), or None.
    """
    grey, noise = normalise(grey, alpha, face)
    f = enhance(grey, p, noise)
    v = stretch(f, alpha, p.stretch_low, p.stretch_high, p.highlight_clip)
    r = to_reflectance(v, p, darkness, dark, foam)
    if alpha is not None:
        r = alpha * r + (1.0 - alpha) * np.float32(foam)
    return r.astype(np.float32, copy=False)
