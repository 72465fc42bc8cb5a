"""Helpers shared by the kiosk core tests (imported as a top-level module by pytest)."""

from __future__ import annotations

import numpy as np

from printer_driver.mask import Mask, circle_mask
from printer_driver.powders import PowderSet


def make_mask(seed: int = 0, powders: PowderSet = PowderSet.BOTH) -> Mask:
    """A random but valid mask (distinct per seed, so blobs are recognisable)."""
    rng = np.random.default_rng(seed)
    n = Mask.blank().size
    dots = rng.choice(np.array(powders.codes, np.uint8), size=(n, n))
    dots[~circle_mask(76.0, 0.3)] = 0
    return Mask(dots, powders=powders)


def make_preview(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (512, 512, 3), dtype=np.uint8)
