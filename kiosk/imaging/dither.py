"""Dithering: turn a reflectance image into dots of two to four printable tones.

All images here are ``(n, n)`` float32 reflectance in linear light (0 black .. 1 white).
``levels`` are the reflectances of the tones the printer can lay down, sorted descending:
index 0 is the foam (no powder), the last the darkest powder, e.g. ``(0.85, 0.40, 0.12)``
for foam / cinnamon / cocoa, or ``(0.85, 0.12)`` for cocoa only. A dither returns uint8
indices into ``levels``.

Methods (:data:`METHODS`):

- error diffusion: ``floyd-steinberg``, ``atkinson``, ``jarvis``, ``stucki``,
  ``sierra-lite``; each dot takes the nearest level and passes its error on to
  not-yet-visited neighbours (optionally serpentine: alternate rows run right to left,
  which breaks up "worm" artefacts). Sharpest when powder spread is small.
- ordered: ``bayer8`` (8x8 Bayer matrix) and ``blue-noise`` (a 64x64 void-and-cluster
  mask shipped in ``data/blue_noise_64.npy``); each dot compares its position between
  the two adjacent levels with a tiled threshold. Holds up better under large spread.

Values outside ``[levels[-1], levels[0]]`` are clipped first (the printer can do no
lighter than foam nor darker than its darkest powder). Outside ``region`` every index is
0 (foam) and no error flows into or out of it, so the circle's rim gets no halo.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import cv2
import numpy as np

ERROR_DIFFUSION: dict[str, tuple[tuple[tuple[int, int, int], ...], int]] = {
    # name: ((dy, dx, weight), ...), divisor; dx is for left-to-right rows.
    "floyd-steinberg": (((0, 1, 7), (1, -1, 3), (1, 0, 5), (1, 1, 1)), 16),
    # Atkinson passes on only 6/8 of the error on purpose: lighter, crisper highlights.
    "atkinson": (((0, 1, 1), (0, 2, 1), (1, -1, 1), (1, 0, 1), (1, 1, 1), (2, 0, 1)), 8),
    "jarvis": (
        (
            (0, 1, 7), (0, 2, 5),
            (1, -2, 3), (1, -1, 5), (1, 0, 7), (1, 1, 5), (1, 2, 3),
            (2, -2, 1), (2, -1, 3), (2, 0, 5), (2, 1, 3), (2, 2, 1),
        ),
        48,
    ),
    "stucki": (
        (
            (0, 1, 8), (0, 2, 4),
            (1, -2, 2), (1, -1, 4), (1, 0, 8), (1, 1, 4), (1, 2, 2),
            (2, -2, 1), (2, -1, 2), (2, 0, 4), (2, 1, 2), (2, 2, 1),
        ),
        42,
    ),
    "sierra-lite": (((0, 1, 2), (1, -1, 1), (1, 0, 1)), 4),
}
ORDERED = ("bayer8", "blue-noise")
METHODS: tuple[str, ...] = (*ERROR_DIFFUSION, *ORDERED)

BLUE_NOISE_SIZE = 64
BLUE_NOISE_SEED = 20240521
_BLUE_NOISE_FILE = "blue_noise_64.npy"


class DitherError(ValueError):
    """Bad arguments to :func:`dither`; the message says which."""


def dither(
    target: np.ndarray,
    levels: Sequence[float],
    *,
    method: str = "floyd-steinberg",
    serpentine: bool = True,
    region: np.ndarray | None = None,
) -> np.ndarray:
    """Dither ``target`` to indices into ``levels``.

    Args:
        target: ``(h, w)`` reflectance in linear light (any float dtype; not modified).
        levels: 2..4 tone reflectances sorted descending, foam first.
        method: one of :data:`METHODS`.
        serpentine: alternate row direction (error diffusion only).
        region: optional ``(h, w)`` bool; outside it indices are 0 and no error flows.

    Returns:
        ``(h, w)`` uint8 indices into ``levels``.

    Raises:
        DitherError: unknown method, bad levels, or shapes that do not match.
    """
    lv = _check_levels(levels)
    img = np.asarray(target)
    if img.ndim != 2:
        raise DitherError(f"target must be a 2-D reflectance image, got shape {img.shape}")
    if region is not None:
        region = np.ascontiguousarray(region, dtype=bool)
        if region.shape != img.shape:
            raise DitherError(f"region {region.shape} does not match target {img.shape}")
    # Clip to the printable range; NaN (a broken upstream stage) prints as foam, not noise.
    work = np.array(img, dtype=np.float32, order="C", copy=True)
    np.nan_to_num(work, copy=False, nan=lv[0])
    np.clip(work, lv[-1], lv[0], out=work)
    if method in ERROR_DIFFUSION:
        out = _error_diffusion(work, lv, method, serpentine, region)
    elif method in ORDERED:
        mask = bayer_matrix(8) if method == "bayer8" else blue_noise_mask()
        out = ordered_dither(work, lv, mask)
        if region is not None:
            out[~region] = 0
    else:
        raise DitherError(f"unknown dither method '{method}'; choose one of {', '.join(METHODS)}")
    return out


def warm_up(*, background: bool = True) -> threading.Thread | None:
    """Get the compiled error-diffusion loop ready before the first photo needs it.

    Imports numba and compiles the loop (or loads it from the disk cache): ~1 s the first
    time on a machine, ~0.5 s after. The kiosk calls this at start-up, in the background,
    so the first live preview does not stall. Returns the thread, or None when
    ``background`` is False (then it has finished on return). Failures are left for the
    first real dither to report.
    """

    def run() -> None:
        with contextlib.suppress(Exception):  # warming up must never take the kiosk down
            dither(np.full((4, 8), 0.5, np.float32), (0.85, 0.40, 0.12))

    if not background:
        run()
        return None
    thread = threading.Thread(target=run, name="photolatte-dither-warm-up", daemon=True)
    thread.start()
    return thread


def _check_levels(levels: Sequence[float]) -> np.ndarray:
    lv = np.array(levels, dtype=np.float64).ravel()  # a writable copy, whatever came in
    if not 2 <= lv.size <= 4:
        raise DitherError(f"need 2 to 4 levels, got {lv.size}")
    if not np.all(np.isfinite(lv)) or np.any(np.diff(lv) >= 0):
        raise DitherError(f"levels must be finite and strictly descending, got {lv.tolist()}")
    return lv


@lru_cache(maxsize=64)
def _kernel(method: str, width: int) -> tuple[np.ndarray, ...]:
    """``dy, dx, fwd, back, weights`` of an error-diffusion kernel for rows ``width`` wide."""
    taps, divisor = ERROR_DIFFUSION[method]
    dy = np.array([t[0] for t in taps], dtype=np.int64)
    dx = np.array([t[1] for t in taps], dtype=np.int64)
    w = np.array([t[2] for t in taps], dtype=np.float64) / divisor
    return dy, dx, dy * width + dx, dy * width - dx, w


def _error_diffusion(
    work: np.ndarray, levels: np.ndarray, method: str, serpentine: bool,
    region: np.ndarray | None,
) -> np.ndarray:
    from kiosk.imaging import _diffusion  # lazy: numba import + compile only when needed

    h, w = work.shape
    out = np.zeros((h, w), dtype=np.uint8)
    if h == 0 or w == 0:
        return out
    if region is None:
        reg, inner = _full_region((h, w))
    else:  # numba compiles read-only arrays separately: hand it writable ones only
        reg = region if region.flags.writeable else region.copy()
        inner = _interior(reg)
    dy, dx, fwd, back, wt = _kernel(method, w)
    mids = 0.5 * (levels[:-1] + levels[1:])
    _diffusion.diffuse(work, levels, mids, reg, inner, dy, dx, fwd, back, wt,
                       bool(serpentine), out)
    return out


_FOOTPRINT = np.ones((3, 5), np.uint8)  # rows +0..2, columns -2..+2: every kernel's taps


def _interior(region: np.ndarray) -> np.ndarray:
    """Dots whose whole kernel footprint is inside the region and the grid: the compiled
    loop skips its edge checks there."""
    r = region.view(np.uint8)
    inner = cv2.erode(r, _FOOTPRINT, anchor=(2, 0), borderType=cv2.BORDER_CONSTANT,
                      borderValue=0)
    return inner.view(bool)


@cache
def _full_region(shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    region = np.ones(shape, dtype=bool)
    return region, _interior(region)  # private, never written: left writable for numba


def ordered_dither(work: np.ndarray, levels: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Multi-level ordered dither of ``work`` (h, w) with a tiled ``thresholds`` matrix.

    ``thresholds`` holds ranks 0..N-1 (each once); a value between levels ``i`` and
    ``i + 1`` becomes ``i + 1`` where its fractional darkness between them exceeds the
    tile's threshold ``(rank + 0.5) / N``. A value exactly at a level gives that level.
    """
    h, w = work.shape
    th = (thresholds.astype(np.float32) + 0.5) / thresholds.size
    reps = (-(-h // th.shape[0]), -(-w // th.shape[1]))
    tile = np.tile(th, reps)[:h, :w]
    lv = levels.astype(np.float32)
    # Interval index i: levels[i] >= v > levels[i+1]  (levels descending).
    idx = np.searchsorted(-lv, -work, side="right") - 1
    idx = np.clip(idx, 0, lv.size - 2)
    hi, lo = lv[idx], lv[idx + 1]
    frac = (hi - work) / (hi - lo)
    return (idx + (frac > tile)).astype(np.uint8)


def bayer_matrix(size: int = 8) -> np.ndarray:
    """The ``size`` x ``size`` Bayer index matrix (ranks 0..size²-1), size a power of 2."""
    if size < 1 or size & (size - 1):
        raise DitherError(f"Bayer matrix size must be a power of two, got {size}")
    m = np.zeros((1, 1), dtype=np.int64)
    while m.shape[0] < size:
        m = np.block([[4 * m, 4 * m + 2], [4 * m + 3, 4 * m + 1]])
    return m


@cache
def blue_noise_mask() -> np.ndarray:
    """The shipped 64x64 blue-noise rank mask (int64 ranks 0..4095, read-only).

    Falls back to generating it (about a second) if the data file is missing.
    """
    try:
        ref = resources.files("kiosk.imaging").joinpath("data", _BLUE_NOISE_FILE)
        with resources.as_file(ref) as path:
            mask = np.load(Path(path), allow_pickle=False).astype(np.int64)
        if mask.shape != (BLUE_NOISE_SIZE, BLUE_NOISE_SIZE):
            raise ValueError(f"shape {mask.shape}")
    except (OSError, ValueError):
        mask = generate_blue_noise()
    mask.setflags(write=False)
    return mask


def generate_blue_noise(
    size: int = BLUE_NOISE_SIZE, *, seed: int = BLUE_NOISE_SEED, sigma: float = 1.5,
) -> np.ndarray:
    """Void-and-cluster blue-noise mask (Ulichney 1993): ``(size, size)`` int64 ranks.

    Deterministic for a given ``size``, ``seed`` and ``sigma``. This is how
    ``data/blue_noise_64.npy`` was made; regenerate with
    ``python -c "from kiosk.imaging.dither import save_blue_noise; save_blue_noise()"``.
    """
    n = size * size
    # Toroidal Gaussian: energy of a point at every position, wrapping at the edges.
    d = np.minimum(np.arange(size), size - np.arange(size)).astype(np.float64)
    g1 = np.exp(-(d**2) / (2 * sigma**2))
    gauss = np.outer(g1, g1)

    def splat(y: int, x: int) -> np.ndarray:
        return np.roll(np.roll(gauss, y, axis=0), x, axis=1).ravel()

    rng = np.random.default_rng(seed)
    ones = np.zeros(n, dtype=bool)
    ones[rng.choice(n, size=max(1, n // 10), replace=False)] = True
    energy = np.zeros(n)
    for p in np.flatnonzero(ones):
        energy += splat(*divmod(int(p), size))

    def tightest_cluster() -> int:
        return int(np.argmax(np.where(ones, energy, -np.inf)))

    def largest_void() -> int:
        return int(np.argmin(np.where(ones, np.inf, energy)))

    # Relax the random start into an evenly spread prototype pattern.
    for _ in range(4 * n):
        c = tightest_cluster()
        ones[c] = False
        energy -= splat(*divmod(c, size))
        v = largest_void()
        ones[v] = True
        energy += splat(*divmod(v, size))
        if v == c:
            break
    ranks = np.zeros(n, dtype=np.int64)
    proto, proto_energy = ones.copy(), energy.copy()
    count = int(ones.sum())
    # Phase 1: peel the prototype's points off, tightest cluster first.
    for r in range(count - 1, -1, -1):
        c = tightest_cluster()
        ones[c] = False
        energy -= splat(*divmod(c, size))
        ranks[c] = r
    # Phases 2 and 3: fill the largest voids until every position has a rank.
    ones, energy = proto, proto_energy
    for r in range(count, n):
        v = largest_void()
        ones[v] = True
        energy += splat(*divmod(v, size))
        ranks[v] = r
    return ranks.reshape(size, size)


def save_blue_noise(path: str | Path | None = None) -> Path:
    """Regenerate the shipped blue-noise mask file (default: the package's data folder)."""
    target = Path(path) if path else Path(__file__).parent / "data" / _BLUE_NOISE_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    np.save(target, generate_blue_noise().astype(np.uint16))
    return target
