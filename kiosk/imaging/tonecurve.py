"""Tone curves: compensate dot gain before dithering.

Powder spreads when it lands, so a patch dithered at reflectance 0.5 prints darker than
0.5. A :class:`ToneCurve` maps the reflectance we *want* on the foam to the reflectance to
*feed the ditherer* so that the print comes out as wanted. It is a monotone table of
samples, interpolated linearly; values outside the table clamp to its ends.

Two sources:

- :func:`default_tone_curve`: derived from the dot-spread model (:mod:`.spread`): dither
  flat patches at many grey values, spread them, measure their mean reflectance, invert.
- :meth:`ToneCurve.from_measurements`: from a printed test chart measured by calibration
  (requested feed values and the reflectance each one actually printed).

Curves save to and load from small JSON files (:meth:`ToneCurve.save`, :meth:`ToneCurve.load`).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = "photolatte.tonecurve"
FORMAT_VERSION = 1


class ToneCurveError(ValueError):
    """A tone curve or its file is malformed; the message says what and what to do."""


@dataclass(frozen=True)
class ToneCurve:
    """A monotone map from desired reflectance to the reflectance fed to the ditherer.

    Attributes:
        desired: sample points, reflectance 0..1, strictly increasing.
        feed: what to feed the ditherer at each point, non-decreasing, same length.
        source: a short note on where the curve came from (shown to technicians).
    """

    desired: tuple[float, ...]
    feed: tuple[float, ...]
    source: str = ""
    _x: np.ndarray = field(init=False, repr=False, compare=False)
    _y: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            x = np.asarray(self.desired, dtype=np.float64).ravel()
            y = np.asarray(self.feed, dtype=np.float64).ravel()
        except (TypeError, ValueError) as exc:
            raise ToneCurveError(f"tone curve samples must be numbers ({exc})") from exc
        if x.size < 2 or x.size != y.size:
            raise ToneCurveError(
                f"a tone curve needs at least 2 (desired, feed) pairs of equal length, "
                f"got {x.size} and {y.size}"
            )
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
            raise ToneCurveError("tone curve samples must be finite numbers")
        if x.min() < 0 or x.max() > 1 or y.min() < 0 or y.max() > 1:
            raise ToneCurveError("tone curve samples are reflectances and must lie in 0..1")
        if np.any(np.diff(x) <= 0):
            raise ToneCurveError("tone curve 'desired' samples must be strictly increasing")
        if np.any(np.diff(y) < 0):
            raise ToneCurveError("tone curve must be monotone: 'feed' must never decrease")
        object.__setattr__(self, "desired", tuple(float(v) for v in x))
        object.__setattr__(self, "feed", tuple(float(v) for v in y))
        x.setflags(write=False)
        y.setflags(write=False)
        object.__setattr__(self, "_x", x)
        object.__setattr__(self, "_y", y)

    # --- construction -----------------------------------------------------------------

    @classmethod
    def identity(cls) -> ToneCurve:
        """The curve that changes nothing (no dot-gain compensation)."""
        return cls((0.0, 1.0), (0.0, 1.0), source="identity")

    @classmethod
    def from_measurements(
        cls, requested: Sequence[float], measured: Sequence[float], *, source: str = "measured",
    ) -> ToneCurve:
        """Invert a measured tone response.

        Args:
            requested: reflectances fed to the ditherer for each test patch.
            measured: the reflectance each patch actually printed (same order).
            source: note stored with the curve.

        Measurement noise may make the response non-monotone; it is first made monotone
        (pool-adjacent-violators, least squares), then inverted by interpolation, so that
        ``curve.apply(measured) ≈ requested``.

        Raises:
            ToneCurveError: too few points, non-finite values, or a response that does not
                get lighter as lighter tones are requested.
        """
        try:
            req = np.asarray(requested, dtype=np.float64).ravel()
            meas = np.asarray(measured, dtype=np.float64).ravel()
        except (TypeError, ValueError) as exc:
            raise ToneCurveError(f"measurements must be numbers ({exc})") from exc
        if req.size != meas.size or req.size < 2:
            raise ToneCurveError(
                f"need at least 2 measurements with one requested value each, got "
                f"{req.size} requested and {meas.size} measured"
            )
        if not (np.all(np.isfinite(req)) and np.all(np.isfinite(meas))):
            raise ToneCurveError("measurements must be finite numbers; re-measure the chart")
        # A meter's noise may read a hair below 0 or above 1; far outside is a unit mistake.
        if min(req.min(), meas.min()) < -0.05 or max(req.max(), meas.max()) > 1.05:
            raise ToneCurveError(
                "measurements are reflectances between 0 and 1 (not percent or L*); "
                f"got {min(req.min(), meas.min()):g}..{max(req.max(), meas.max()):g}"
            )
        req, meas = np.clip(req, 0.0, 1.0), np.clip(meas, 0.0, 1.0)
        order = np.argsort(req, kind="stable")
        req, meas = req[order], meas[order]
        fitted = _isotonic(meas)
        # Collapse runs of equal fitted value (flat response) to one point each.
        starts = np.flatnonzero(np.r_[True, np.diff(fitted) > 1e-12])
        x = fitted[starts]
        ends = [*starts[1:], req.size]
        y = np.array([req[s:e].mean() for s, e in zip(starts, ends, strict=True)])
        if x.size < 2:
            raise ToneCurveError(
                "the measured reflectance does not get lighter as lighter tones are "
                "requested; check the chart order and the measurement, then re-measure"
            )
        return cls(tuple(x), tuple(y), source=source)

    # --- use --------------------------------------------------------------------------

    def apply(self, target: np.ndarray) -> np.ndarray:
        """Map a desired-reflectance image to the ditherer's input (same shape, float32)."""
        arr = np.asarray(target, dtype=np.float32)
        return np.interp(arr, self._x, self._y).astype(np.float32)

    def inverse(self, feed: np.ndarray) -> np.ndarray:
        """The reflectance a given feed value is expected to print (float32)."""
        arr = np.asarray(feed, dtype=np.float32)
        return np.interp(arr, self._y, self._x).astype(np.float32)

    # --- files ------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "format": FORMAT, "version": FORMAT_VERSION, "source": self.source,
            "desired": list(self.desired), "feed": list(self.feed),
        }

    @classmethod
    def from_dict(cls, raw: Any, *, name: str = "tone curve") -> ToneCurve:
        """Build from :meth:`to_dict` output; raises :class:`ToneCurveError` naming ``name``."""
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise ToneCurveError(f"{name}: not a Photo Latte tone curve (no '{FORMAT}' tag)")
        version = raw.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or not (
                1 <= version <= FORMAT_VERSION):
            raise ToneCurveError(f"{name}: tone curve version {version!r} is not supported")
        desired, feed = raw.get("desired"), raw.get("feed")
        if not isinstance(desired, list) or not isinstance(feed, list):
            raise ToneCurveError(f"{name}: 'desired' and 'feed' must be lists of numbers")
        if not all(isinstance(v, int | float) and not isinstance(v, bool)
                   for v in [*desired, *feed]):
            raise ToneCurveError(f"{name}: 'desired' and 'feed' must hold only numbers")
        try:
            return cls(tuple(desired), tuple(feed), source=str(raw.get("source", "")))
        except ToneCurveError as exc:
            raise ToneCurveError(f"{name}: {exc}; re-run tone calibration") from exc

    def save(self, path: str | Path) -> None:
        """Write the curve as JSON (atomically: a crash never leaves half a file)."""
        path = Path(path)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: str | Path) -> ToneCurve:
        """Read a curve written by :meth:`save`.

        Raises:
            ToneCurveError: naming the file, if it is missing, unreadable or malformed.
        """
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise ToneCurveError(f"{path}: cannot read the tone curve ({reason})") from exc
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ToneCurveError(
                f"{path}: tone curve file is damaged ({exc.msg} at line {exc.lineno}); "
                "re-run tone calibration or delete the file to use the default"
            ) from exc
        return cls.from_dict(raw, name=str(path))


def _isotonic(values: np.ndarray) -> np.ndarray:
    """Least-squares non-decreasing fit (pool adjacent violators)."""
    means: list[float] = []
    counts: list[int] = []
    for v in values:
        means.append(float(v))
        counts.append(1)
        while len(means) > 1 and means[-2] > means[-1]:
            m2, c2 = means.pop(), counts.pop()
            m1, c1 = means.pop(), counts.pop()
            means.append((m1 * c1 + m2 * c2) / (c1 + c2))
            counts.append(c1 + c2)
    return np.repeat(np.array(means), counts)


# --- the default curve from the dot-spread model ----------------------------------------

_PATCHES = 65  # grey values sampled between the darkest level and foam
_PATCH = 96  # each flat patch is _PATCH x _PATCH dots ...
_MARGIN = 16  # ... measured inside this margin (edges and start-up transients excluded)
_UPSAMPLE = 4
_BATCH = 8  # patches spread at once (memory: ~5 MB per upsampled array)


def measure_response(
    feeds: Sequence[float], levels: Sequence[float], dot_gain: float, *,
    method: str = "floyd-steinberg", serpentine: bool = True,
) -> np.ndarray:
    """Mean reflectance each flat feed value prints at, under the dot-spread model.

    Dithers a flat ``96 x 96`` patch per feed value (all in one tall image), spreads it
    with :func:`kiosk.imaging.spread.spread_reflectance` and averages the central
    ``64 x 64`` dots. Returns float64 ``(len(feeds),)``.
    """
    from kiosk.imaging.dither import dither
    from kiosk.imaging.spread import spread_reflectance

    f = np.asarray(feeds, dtype=np.float32).ravel()
    target = np.repeat(f, _PATCH)[:, None] * np.ones((1, _PATCH), dtype=np.float32)
    idx = dither(target, levels, method=method, serpentine=serpentine)
    u, m = _UPSAMPLE, _MARGIN
    means = np.empty(f.size, dtype=np.float64)
    # Spread a few patches at a time: the upsampled image of all of them would take
    # hundreds of MB (each patch is measured well inside its margin, so cutting between
    # patches changes nothing).
    for start in range(0, f.size, _BATCH):
        stop = min(start + _BATCH, f.size)
        rows = idx[start * _PATCH : stop * _PATCH]
        fine = spread_reflectance(rows, levels, gain=dot_gain, upsample=u)
        blocks = fine.reshape(stop - start, _PATCH * u, _PATCH * u)
        means[start:stop] = blocks[:, m * u : -m * u, m * u : -m * u].mean(
            axis=(1, 2), dtype=np.float64)
    return means


@lru_cache(maxsize=64)
def _default_curve(
    levels: tuple[float, ...], dot_gain: float, method: str, serpentine: bool,
) -> ToneCurve:
    key = _cache_key(levels, dot_gain, method, serpentine)
    cached = _read_cached(key)
    if cached is not None:
        return cached
    feeds = np.linspace(levels[-1], levels[0], _PATCHES).tolist()
    measured = measure_response(feeds, levels, dot_gain, method=method, serpentine=serpentine)
    curve = ToneCurve.from_measurements(
        feeds, measured.tolist(), source=f"spread model, gain {dot_gain:g}, {method}",
    )
    _write_cached(key, curve)
    return curve


# Deriving a curve takes ~0.1 s (hundreds of thousands of dots dithered and spread): keep
# it in the user's cache folder so a fresh process (the ``render`` command, a kiosk
# restart) does not pay it again. The key covers the arguments and the model's source,
# so a software update never reuses a stale curve. Any cache trouble just recomputes.
_MODEL_MODULES = ("dither", "_diffusion", "spread", "tonecurve")


@lru_cache(maxsize=1)
def _model_digest() -> str:
    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in _MODEL_MODULES:
        try:
            h.update((here / f"{name}.py").read_bytes())
        except OSError:
            h.update(name.encode())
    h.update(f"{_PATCHES},{_PATCH},{_MARGIN},{_UPSAMPLE}".encode())
    return h.hexdigest()


def _cache_key(levels: tuple[float, ...], gain: float, method: str, serpentine: bool) -> str:
    raw = json.dumps([list(levels), gain, method, serpentine, _model_digest()])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _cache_dir() -> Path | None:
    if os.environ.get("PHOTOLATTE_NO_CURVE_CACHE"):
        return None
    try:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("photolatte")) / "tonecurves"
    except Exception:  # no platformdirs or no home folder: no file cache
        return None


def _read_cached(key: str) -> ToneCurve | None:
    folder = _cache_dir()
    if folder is None:
        return None
    try:
        return ToneCurve.load(folder / f"{key}.json")
    except ToneCurveError:  # missing or damaged: recompute (and overwrite)
        return None


def _write_cached(key: str, curve: ToneCurve) -> None:
    folder = _cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        curve.save(folder / f"{key}.json")
    except OSError:
        pass  # read-only or full disk: the curve still works, it is just not kept


def default_tone_curve(
    levels: Sequence[float], dot_gain: float, method: str = "floyd-steinberg",
    *, serpentine: bool = True,
) -> ToneCurve:
    """The dot-gain compensation curve the spread model predicts for these settings.

    Args:
        levels: tone reflectances, descending, foam first (as for ``dither``).
        dot_gain: dot diameter / pitch.
        method: the dither method the curve is for (each spreads differently).
        serpentine: as passed to ``dither``.

    Computed once per distinct argument set per process (~tens of ms), then free.
    """
    lv = tuple(round(float(v), 6) for v in levels)
    gain = round(float(dot_gain), 4)
    if not math.isfinite(gain) or gain <= 0:
        raise ToneCurveError(f"dot gain must be a positive number, got {dot_gain}")
    return _default_curve(lv, gain, str(method), bool(serpentine))
