"""Find a photo's plain borders (black or white frames, letterbox bars) so framing ignores
them: a border left in the crop prints as a powder arc or a straight bar across the cup.

A border is a run of rows (or columns) at an edge that are each nearly one colour, all
about the same colour, and end in a clear step into the picture. The step is what tells
a frame from a plain wall or a gradient sky, which fade into the picture instead.
"""

from __future__ import annotations

import numpy as np

#: Largest grey spread (standard deviation, 0..255) within one border row or column.
FLAT_STD = 6.0
#: Smallest mean step (0..255) from the border into the picture.
STEP = 18.0
#: Share of the line along which the picture must step away from the border colour (a
#: plain wall above a head, the head a quarter of the width, is no border).
STEP_SHARE = 0.3
#: A border takes at most this share of the photo's side from each edge.
MAX_SHARE = 0.3


def _edge_run(lines: np.ndarray) -> int:
    """How many leading rows of ``lines`` (float32 ``(n, m)`` grey) form a border."""
    limit = int(lines.shape[0] * MAX_SHARE)
    if limit < 2:
        return 0
    head = lines[:limit + 1]
    flat = head.std(axis=1) <= FLAT_STD
    means = head.mean(axis=1)
    n = 0
    while n < limit and flat[n] and abs(means[n] - means[0]) <= 2 * FLAT_STD:
        n += 1
    if n < 2 or n >= limit:
        return 0
    # The picture must differ from the border colour across much of its length: the row
    # after the first (a shrunk copy blends the first picture row with the border).
    diff = np.abs(head[min(n + 1, limit)] - means[0])
    return n if float(np.mean(diff > STEP)) > STEP_SHARE and float(diff.mean()) > STEP else 0


def content_box(grey: np.ndarray) -> tuple[int, int, int, int]:
    """``(x0, y0, x1, y1)`` of the picture inside any plain border of ``grey`` (uint8
    ``(H, W)``); the whole image when it has none."""
    g = grey.astype(np.float32)
    h, w = g.shape
    top = _edge_run(g)
    bottom = _edge_run(g[::-1])
    left = _edge_run(g.T)
    right = _edge_run(g.T[::-1])
    if h - top - bottom < h // 3 or w - left - right < w // 3:
        return (0, 0, w, h)
    return (left, top, w - right, h - bottom)
