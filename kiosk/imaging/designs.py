"""Built-in designs for customers who prefer no photo: a heart, a rosetta leaf, a greeting.

Each design is drawn as a target reflectance on the print grid (normalised coordinates:
the print circle has radius 1, y grows upwards) and then goes through the same tone curve
and dither as a portrait, so it works for any cup geometry and any powder set.

Text uses the first CJK font found on the system (Noto Sans CJK, Nanum, …), otherwise the
scalable Latin font bundled with Pillow; Korean text without a CJK font installed raises a
:class:`DesignError` that says to install one (``fonts-noto-cjk``) rather than printing boxes.
"""

from __future__ import annotations

import glob
from functools import cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from kiosk.imaging.pipeline import levels_for, target_to_mask
from kiosk.imaging.settings import RenderSettings
from printer_driver.mask import Mask, grid_size

DESIGNS = ("heart", "leaf", "text")
DEFAULT_TEXT = "Thank you"
MAX_TEXT = 40
_CJK_FONT_GLOBS = (
    "/usr/share/fonts/**/NotoSansCJK*.tt[fc]", "/usr/share/fonts/**/NotoSerifCJK*.tt[fc]",
    "/usr/share/fonts/**/NanumGothic*.ttf", "/usr/share/fonts/**/NanumBarunGothic*.ttf",
    "/usr/share/fonts/**/*CJK*.tt[fc]", "/usr/share/fonts/**/UnDotum*.ttf",
    "/Library/Fonts/AppleSDGothicNeo*.ttc", "/System/Library/Fonts/AppleSDGothicNeo.ttc",
    "C:/Windows/Fonts/malgun.ttf",
)


class DesignError(ValueError):
    """A design cannot be drawn (unknown name, empty or unprintable text); says what to do."""


def _grid(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Normalised coordinates of dot centres: x right, y up, circle radius 1."""
    pos = (np.arange(n, dtype=np.float32) + 0.5) / (n / 2.0) - 1.0
    return pos[None, :].repeat(n, 0), -pos[:, None].repeat(n, 1)


def _smooth_step(d: np.ndarray, width: float) -> np.ndarray:
    """1 where d < -width, 0 where d > width: an anti-aliased edge."""
    return np.clip(0.5 - d / (2.0 * width), 0.0, 1.0)


def heart_shape(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(fill, outline)`` coverage 0..1 of a heart and a ring around it, ``(n, n)``."""
    x, y = _grid(n)
    x, y = x / 0.62, (y + 0.08) / 0.62
    f = (x * x + y * y - 1.0) ** 3 - x * x * y**3  # the classic implicit heart, <= 0 inside
    inside = (f <= 0).astype(np.uint8)
    px = max(1, round(n * 0.035))
    ker = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * px + 1, 2 * px + 1))
    gap = cv2.dilate(inside, ker)
    ring = cv2.dilate(gap, ker)
    fill = cv2.GaussianBlur(inside.astype(np.float32), (0, 0), 0.6)
    outline = cv2.GaussianBlur((ring - gap).astype(np.float32), (0, 0), 0.6)
    return fill, outline


def leaf_shape(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(layers, stem)``: a rosetta's stacked curved bands and its central stem, ``(n, n)``."""
    x, y = _grid(n)
    t = np.clip((y + 0.78) / 1.52, 0.0, 1.0)  # 0 at the base, 1 at the tip
    half_width = 0.62 * np.clip(np.sin(np.pi * t**0.8), 0, 1) ** 0.9 * (1.0 - 0.25 * t)
    u = x / np.maximum(half_width, 1e-3)
    inside = (np.abs(u) <= 1.0) & (y > -0.78) & (y < 0.74)
    # Bands curve up towards the edge (like poured foam folds) and get finer towards the tip.
    phase = 9.0 * t + 3.2 * t**2 + 1.1 * u * u
    bands = (np.sin(2.0 * np.pi * phase) > -0.1) & inside
    edge = 1.0 - np.abs(u)
    layers = bands.astype(np.float32) * np.clip(edge * 12.0, 0.0, 1.0)
    stem = _smooth_step(np.abs(x) - (0.022 + 0.01 * (1 - t)), 0.012) * (y > -0.92) * (y < 0.76)
    return cv2.GaussianBlur(layers, (0, 0), 0.5), stem.astype(np.float32)


def find_cjk_font() -> str | None:
    """The path of a font with Hangul (the first of the usual CJK fonts installed), or None.

    Used by the text design and by the counter's receipt (Korean lines as pictures)."""
    return _find_cjk_font()


@cache
def _find_cjk_font() -> str | None:
    for pattern in _CJK_FONT_GLOBS:
        found = sorted(glob.glob(pattern, recursive=True))
        if found:
            return found[0]
    return None


def _needs_cjk(text: str) -> bool:
    return any(ord(ch) > 0x24F and not ch.isspace() for ch in text)


def _font(size: int, text: str) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _find_cjk_font()
    if path is not None:
        return ImageFont.truetype(path, size)
    if _needs_cjk(text):
        raise DesignError(
            "this text needs a Korean (CJK) font and none is installed; install "
            "fonts-noto-cjk (or fonts-nanum), or use Latin letters"
        )
    return ImageFont.load_default(size=size)


def _wrap(text: str) -> list[str]:
    """Explicit line breaks win; otherwise split long texts into two balanced lines."""
    if "\n" in text:
        return [line.strip() for line in text.splitlines() if line.strip()]
    words = text.split()
    if len(text) <= 12 or len(words) < 2:
        return [text.strip()]
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i]))
                                                        - len(" ".join(words[i:]))))
    return [" ".join(words[:best]), " ".join(words[best:])]


def text_shape(n: int, text: str) -> np.ndarray:
    """Coverage 0..1 of ``text`` centred in the circle, as large as fits, ``(n, n)``."""
    text = text.strip()
    if not text:
        raise DesignError("the text is empty; type a short greeting")
    if len(text) > MAX_TEXT:
        raise DesignError(f"the text has {len(text)} characters; keep it to {MAX_TEXT}")
    lines = _wrap(text)
    big = 4 * n  # draw large, then shrink: smooth edges at any grid size
    probe = _font(100, text)
    widths, heights = [], []
    for line in lines:
        left, top, right, bottom = probe.getbbox(line)
        widths.append(right - left)
        heights.append(bottom - top)
    # Fit the text block into the square inscribed in the circle (side √2·r ≈ 0.70 d).
    box = 0.68 * big
    line_h = 1.25 * max(max(heights), 1)
    scale = min(box / max(max(widths), 1), box / (line_h * len(lines)))
    font = _font(max(8, int(100 * scale)), text)
    canvas = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(canvas)
    step = line_h * scale
    y0 = big / 2 - step * len(lines) / 2 + step / 2
    for i, line in enumerate(lines):
        draw.text((big / 2, y0 + i * step), line, fill=255, font=font, anchor="mm")
    return cv2.resize(np.asarray(canvas, np.float32) / 255.0, (n, n),
                      interpolation=cv2.INTER_AREA)


def _ring(n: int, radius: float, width: float) -> np.ndarray:
    x, y = _grid(n)
    return _smooth_step(np.abs(np.hypot(x, y) - radius) - width, 0.01)


def render_design(name: str, settings: RenderSettings | None = None, *,
                  text: str | None = None) -> Mask:
    """The named design (``heart``, ``leaf`` or ``text``) as a Mask for these settings.

    ``text`` is the greeting for the ``text`` design (default :data:`DEFAULT_TEXT`).
    Only geometry, powders, dither and dot gain are taken from ``settings``.

    Raises:
        DesignError: unknown design, or text that is empty, too long or lacks a font.
    """
    settings = settings or RenderSettings()
    if name not in DESIGNS:
        raise DesignError(f"unknown design '{name}'; choose one of {', '.join(DESIGNS)}")
    n = grid_size(settings.diameter_mm, settings.pitch_mm)
    _, levels = levels_for(settings.powders)
    foam, dark = levels[0], levels[-1]
    mid = levels[1] if len(levels) == 3 else dark + 0.45 * (foam - dark)
    if name == "heart":
        fill, outline = heart_shape(n)
        shade = fill * (foam - dark) + outline * (foam - mid)
    elif name == "leaf":
        layers, stem = leaf_shape(n)
        shade = np.maximum(layers * (foam - mid), stem * (foam - dark))
    else:
        letters = text_shape(n, DEFAULT_TEXT if text is None else text)
        shade = np.maximum(letters * (foam - dark), _ring(n, 0.9, 0.012) * (foam - mid))
    target = np.clip(foam - shade, dark, foam).astype(np.float32)
    return target_to_mask(target, settings)
