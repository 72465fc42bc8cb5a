"""Face quality figures (issue 10): per category of photo, how many faces stay visible on
the cup and how large they print.

Every face image the project ships or generates: the demo astronaut, the robustness set
(``tests/imaging/robust_cases.py``), scikit-image's cameraman (a profile), tilted and
close-up astronauts, and synthetic faces (``tests/imaging/synthetic_faces.py``) alone, in
rows and groups, tilted, in profile, of dark, medium and light skin on dark, mid and light
walls.

A face is *visible* when the face detector (the thorough search, as for a still photo)
finds it in the simulated print: the mask rendered with the dot-spread model (gain 1.5),
low-passed by the Näsänen eye filter at 350 mm, as grey; found within 0.4 face widths of
where the face should be on the cup. A face that was never framed, or framed off the
circle, is not visible. The *face width in the circle* is the framed face box's width
over the circle's diameter (0.5 is the default portrait framing). Photos of several
people are rendered with every face framed (``auto`` does that for two or three; for
four or five it is ``--faces all``, since a crowd otherwise prints the main face).

Run: ``python -m benchmarks faces``. Heavy imports live inside the functions.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from kiosk.imaging import PortraitResult, RenderSettings

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests" / "imaging"

CATEGORIES = ("one face", "several faces", "tilted", "profile", "close-up", "dark skin",
              "medium skin", "light skin")


@dataclass(frozen=True)
class Photo:
    """A photo and where its faces are: ``(cx, cy, width)`` each, in its pixels."""

    category: str
    name: str
    pixels: np.ndarray | bytes  # BGR uint8 array or encoded bytes
    faces: tuple[tuple[float, float, float], ...]


def _photos() -> Iterator[Photo]:
    import cv2
    import numpy as np
    from skimage import data

    sys.path.insert(0, str(TESTS))
    import robust_cases as rc
    import synthetic_faces as sf

    group_names = {"two-faces"}
    for case in rc.good_cases():
        if case.face is None or case.name in group_names:
            continue
        category = "tilted" if case.tilt else "one face"
        yield Photo(category, case.name, case.photo, (case.face,))
    two = next(c for c in rc.good_cases() if c.name == "two-faces")
    assert two.face is not None
    yield Photo("one face", "customer-and-bystander", two.photo, (two.face,))
    for n, seed in ((2, 1), (2, 2), (3, 3), (3, 4), (4, 5), (5, 6)):
        photo, faces = sf.group(n, seed=seed, width=1024 if n <= 3 else 1200,
                                face_w=110 if n <= 3 else 140)
        yield Photo("several faces", f"group{n}-{seed}", photo,
                    tuple((f.cx, f.cy, f.w) for f in faces))
    photo, faces = sf.row_of_faces([0.1, 0.2, 0.35, 0.6])
    yield Photo("several faces", "row-of-skins", photo, tuple((f.cx, f.cy, f.w) for f in faces))
    for angle in (-35, -28, 28, 35):
        img, face = rc.tilted(angle)
        yield Photo("tilted", f"astronaut{angle:+d}", img, (face,))
    for angle in (-35, -25, 25, 35):
        f = sf.Face(320, 220, 130, 0.3, tilt=angle)
        yield Photo("tilted", f"synthetic{angle:+d}", sf.scene([f]), ((f.cx, f.cy, f.w),))
    yield Photo("profile", "cameraman", cv2.cvtColor(data.camera(), cv2.COLOR_GRAY2BGR),
                ((228.0, 150.0, 72.0),))
    for facing in (-1, 1):
        f = sf.Face(320, 220, 130, 0.3, profile=facing)
        yield Photo("profile", f"synthetic-{'left' if facing < 0 else 'right'}",
                    sf.scene([f]), ((f.cx - 0.05 * f.w * facing, f.cy, 0.8 * f.w),))
    a = rc.astronaut()
    for y0, y1, x0, x1 in ((75, 175, 180, 270), (60, 190, 170, 280), (40, 215, 165, 285)):
        for zoom in (0.75, 1.5):
            crop = cv2.resize(np.ascontiguousarray(a[y0:y1, x0:x1]), None, fx=zoom, fy=zoom)
            face = ((223 - x0) * zoom, (115 - y0) * zoom, 98 * zoom)
            yield Photo("close-up", f"astronaut-{y0}-{x0}x{zoom}", crop, (face,))
    selfie = cv2.resize(np.ascontiguousarray(a[60:200, 160:290]), (150, 162))
    yield Photo("close-up", "selfie-150px", selfie, ((72.0, 63.0, 113.0),))
    for category, skins in (("dark skin", (0.08, 0.12)), ("medium skin", (0.2, 0.3)),
                            ("light skin", (0.45, 0.6))):
        for wall in (0.08, 0.35, 0.8):
            for skin in skins:
                f = sf.Face(320, 210, 120, skin)
                yield Photo(category, f"skin{skin}-wall{wall}", sf.scene([f], wall=wall),
                            ((f.cx, f.cy, f.w),))


def _seen_print(result: PortraitResult, settings: RenderSettings) -> tuple[np.ndarray, float]:
    """The simulated, eye-filtered print as a grey uint8 picture and its pixels per dot."""
    import numpy as np

    from kiosk.imaging.pipeline import levels_for
    from kiosk.imaging.quality import eye_filter
    from kiosk.imaging.spread import spread_reflectance
    from kiosk.imaging.tone import linear_to_srgb

    up = 2
    _, levels = levels_for(settings.powders)
    printed = spread_reflectance(np.asarray(result.mask.dots), levels, gain=settings.dot_gain,
                                 upsample=up)
    seen = eye_filter(printed, settings.pitch_mm / up)
    grey = (linear_to_srgb(np.clip(seen, 0, 1)) * 255 + 0.5).astype(np.uint8)
    return grey, float(up)


def _score(photo: Photo) -> tuple[int, list[float], float]:
    """``(faces visible, widths in the circle of the framed faces, ms)`` for one photo."""
    from kiosk.imaging import RenderSettings, render_portrait
    from kiosk.imaging.detection import detect_faces

    # Several people are asked onto one cup (auto does so for 2-3; 4-5 is --faces all).
    settings = RenderSettings(preview_px=0, faces="all" if photo.category == "several faces"
                              else "auto")
    t = time.perf_counter()
    result = render_portrait(photo.pixels, settings, name=photo.name)
    ms = (time.perf_counter() - t) * 1000
    crop = result.crop_box
    n = result.mask.dots.shape[0]
    grey, up = _seen_print(result, settings)
    found = detect_faces(grey)
    k = n / crop.side * up
    r = crop.side / 2
    visible = 0
    for cx, cy, w in photo.faces:
        if math.hypot(cx - crop.x - r, cy - crop.y - r) > r:
            continue  # off the cup
        px, py, pw = (cx - crop.x) * k, (cy - crop.y) * k, w * k
        if any(math.hypot(f.centre[0] - px, f.centre[1] - py) < 0.4 * pw for f in found):
            visible += 1
    widths = [f.w / crop.side for f in result.framed]
    return visible, widths, ms


def main() -> None:
    """Print per category: faces visible / faces, median face width in the circle."""
    import os

    print(f"load average at start: {', '.join(f'{v:.1f}' for v in os.getloadavg())} "
          f"on {os.cpu_count()} cores")
    totals: dict[str, list[int]] = {c: [0, 0] for c in CATEGORIES}
    widths: dict[str, list[float]] = {c: [] for c in CATEGORIES}
    times: list[float] = []
    misses: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    for photo in _photos():
        visible, w, ms = _score(photo)
        totals[photo.category][0] += visible
        totals[photo.category][1] += len(photo.faces)
        widths[photo.category].extend(w)
        times.append(ms)
        if visible < len(photo.faces):
            misses[photo.category].append(f"{photo.name} {visible}/{len(photo.faces)}")
    print("faces visible in the simulated, eye-filtered print (detector finds them there), "
          "and the median framed face width as a share of the circle's diameter")
    print(f"  {'category':14s} {'visible':>9s}  {'median width':>12s}  misses")
    for c in CATEGORIES:
        seen, total = totals[c]
        med = statistics.median(widths[c]) if widths[c] else 0.0
        print(f"  {c:14s} {seen:4d} / {total:<3d}  {med:12.2f}  {', '.join(misses[c]) or '-'}")
    print(f"  render with detection, median over {len(times)} photos: "
          f"{statistics.median(times):.0f} ms")


if __name__ == "__main__":
    main()
