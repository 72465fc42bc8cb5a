"""Helpers shared by the kiosk core tests (imported as a top-level module by pytest)."""

from __future__ import annotations

from pathlib import Path

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


def bytes_on_disk(path: Path) -> bytes:
    """Everything SQLite keeps for this database: main file, WAL, journal and shm."""
    data = b""
    for suffix in ("", "-wal", "-journal", "-shm"):
        p = path.with_name(path.name + suffix)
        if p.exists():
            data += p.read_bytes()
    return data


def chunks(blob: bytes, size: int = 48) -> list[bytes]:
    """Short, distinctive pieces of ``blob`` to search a file for (blobs span overflow
    pages, so look for pieces most of which sit whole in one page)."""
    step = max(size, len(blob) // 60)
    pieces = [blob[i:i + size] for i in range(0, len(blob) - size, step)]
    return [p for p in pieces if len(set(p)) > 12]  # skip runs of zeros found anywhere
