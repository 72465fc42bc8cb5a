"""The compiled error-diffusion loop (numba), imported lazily by :mod:`kiosk.imaging.dither`.

Error diffusion is a sequential per-dot loop: pure Python takes ~60 ms on a 256x256 grid,
numba ~1 ms. Importing numba costs ~0.5 s and the first compile ~1 s, so this module is
only imported when an error-diffusion method is first used, and the compiled code is
cached on disk.

The cache must work from a read-only install (numba's default puts it in ``__pycache__``
beside this file), so unless the user set ``NUMBA_CACHE_DIR`` we point numba at
``<user cache dir>/photolatte/numba`` (or a per-user temp folder). If no folder is
writable we compile without a disk cache: slower first call, same results.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

_F = TypeVar("_F", bound=Callable[..., Any])


def _writable_dir(path: Path) -> bool:
    try:
        path.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=path).close()
    except OSError:
        return False
    return True


def _choose_cache_dir() -> str | None:
    """A writable folder for numba's cache, or None if there is none."""
    candidates: list[Path] = []
    try:
        from platformdirs import user_cache_dir

        candidates.append(Path(user_cache_dir("photolatte")) / "numba")
    except Exception:  # platformdirs missing or no home: fall through to the temp folder
        pass
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    candidates.append(Path(tempfile.gettempdir()) / f"photolatte-{uid}" / "numba")
    for path in candidates:
        if _writable_dir(path):
            return str(path)
    return None


def _configure_cache() -> None:
    if os.environ.get("NUMBA_CACHE_DIR"):
        return  # the user's choice wins
    chosen = _choose_cache_dir()
    if chosen is None:
        return
    if "numba" in sys.modules:  # imported by someone else: numba reads config at cache time
        config = getattr(sys.modules["numba"], "config", None)
        if config is not None and not config.CACHE_DIR:
            config.CACHE_DIR = chosen
    else:
        os.environ["NUMBA_CACHE_DIR"] = chosen


_configure_cache()

import numpy as np  # noqa: E402

try:
    from numba import njit
except ImportError as exc:  # a broken or missing numba must not stop the kiosk printing
    njit = None  # type: ignore[assignment]  # checked before every use
    logging.getLogger(__name__).warning(
        "numba unavailable (%s): dithering runs in plain Python, ~1000x slower", exc)

CACHE_ENABLED = njit is not None


def _jit(func: _F) -> _F:
    """``njit(cache=True)``, or ``njit`` when no cache folder can be written."""
    global CACHE_ENABLED
    if njit is None:
        return func
    try:
        return cast(_F, njit(cache=True, nogil=True)(func))
    except RuntimeError:  # "cannot cache function ...: no locator available"
        CACHE_ENABLED = False
        return cast(_F, njit(nogil=True)(func))


def diffuse(
    work: np.ndarray,
    levels: np.ndarray,
    mids: np.ndarray,
    region: np.ndarray,
    interior: np.ndarray,
    dy: np.ndarray,
    dx: np.ndarray,
    fwd: np.ndarray,
    back: np.ndarray,
    weights: np.ndarray,
    serpentine: bool,
    out: np.ndarray,
) -> None:
    """Quantise ``work`` (h, w) float32 in place to the nearest of ``levels``, diffusing error.

    Args (all arrays C-contiguous):
        work: (h, w) float32 target, consumed.
        levels: (k,) float64 descending; ``mids`` (k-1,) the midpoints between them.
        region: (h, w) bool; outside it ``out`` is 0 and no error flows in or out.
        interior: (h, w) bool, dots whose every tap lies inside the grid and the region
            (the fast path: no checks).
        dy, dx: (t,) int64 tap offsets for left-to-right rows; ``fwd``/``back`` the same
            taps as flat offsets ``dy*w + dx`` and ``dy*w - dx`` (right-to-left rows).
        weights: (t,) float64, already divided by the kernel's divisor.
        serpentine: odd rows run right to left.
        out: (h, w) uint8, receives level indices.

    Off the fast path the error is shared only among taps inside the grid and the region,
    rescaled so the kernel's total weight is kept: tone is conserved up to the circle's
    edge, and nothing bleeds outside it. (Precomputing offsets and midpoints in Python
    keeps this function small, which keeps numba's first compile short.)
    """
    h, w = work.shape
    ntap = weights.shape[0]
    nmid = mids.shape[0]
    total = 0.0
    for t in range(ntap):
        total += weights[t]
    flat = work.ravel()
    inner = interior.ravel()
    for y in range(h):
        reverse = serpentine and (y % 2 == 1)
        offs = back if reverse else fwd
        sign = -1 if reverse else 1
        for i in range(w):
            x = w - 1 - i if reverse else i
            if not region[y, x]:
                out[y, x] = 0
                continue
            p = y * w + x
            v = flat[p]
            best = 0  # nearest level: levels descend, so count the midpoints above v
            for j in range(nmid):
                if v < mids[j]:
                    best = j + 1
            out[y, x] = best
            err = v - levels[best]
            if inner[p]:
                for t in range(ntap):
                    flat[p + offs[t]] += err * weights[t]
                continue
            if err == 0.0:
                continue
            inside = 0.0
            for t in range(ntap):
                yy = y + dy[t]
                xx = x + sign * dx[t]
                if yy < h and 0 <= xx < w and region[yy, xx]:
                    inside += weights[t]
            if inside == 0.0:
                continue
            scale = err * total / inside
            for t in range(ntap):
                yy = y + dy[t]
                xx = x + sign * dx[t]
                if yy < h and 0 <= xx < w and region[yy, xx]:
                    work[yy, xx] += scale * weights[t]


diffuse_py = diffuse  # the uncompiled loop: a baseline for benchmarks and a cross-check
diffuse = _jit(diffuse)
