"""Lines of text as 1-bit pictures, for what a receipt printer's code pages cannot print.

A receipt printer prints Latin text from its built-in fonts, but Hangul (and ₩) is in none of
the code pages ESC/POS printers share: Korean code pages exist only on Korean-market models,
each its own way. A picture of the line (ESC/POS raster, ``GS v 0``) prints the same on every
model, in the kiosk's own Korean font, at the cost of a few kilobytes per line.
"""

from __future__ import annotations

from functools import cache

from PIL import Image, ImageDraw, ImageFont

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def needs_cjk(text: str) -> bool:
    """True if ``text`` has a character beyond Latin (Hangul, ₩ …) that needs a CJK font."""
    return any(ord(ch) > 0x24F and not ch.isspace() for ch in text)


@cache
def cjk_font_path() -> str | None:
    """A font file with Hangul, or None (``fonts-noto-cjk`` is not installed)."""
    from kiosk.imaging.designs import find_cjk_font

    return find_cjk_font()


def line_font(size_px: int, text: str) -> Font | None:
    """A font that draws ``text`` at ``size_px``: the CJK font if installed, else Pillow's
    own Latin font; None when ``text`` needs a CJK font and none is installed."""
    path = cjk_font_path()
    if path is not None:
        return ImageFont.truetype(path, size_px)
    if needs_cjk(text):
        return None
    return ImageFont.load_default(size=size_px)


def render_line(text: str, *, width_px: int, size_px: int, font: Font) -> Image.Image:
    """``text`` centred on a white strip ``width_px`` wide, black ink, mode ``"1"``.

    Text wider than the strip breaks at the space nearest its middle onto two lines, and
    shrinks if it still does not fit (a long drink name is never cut). Each line is as
    tall as the font's ascent + descent, plus 4 px.
    """
    lines = [text]
    if _width(font, text) > width_px and " " in text.strip():
        lines = _split_in_two(text)
    widest = max(_width(font, ln) for ln in lines)
    if widest > width_px and isinstance(font, ImageFont.FreeTypeFont):
        size_px = max(8, int(size_px * width_px / widest))
        font = font.font_variant(size=size_px)
    if isinstance(font, ImageFont.FreeTypeFont):
        ascent, descent = font.getmetrics()
    else:
        ascent, descent = size_px, size_px // 4
    line_h = ascent + descent + 4
    image = Image.new("1", (width_px, line_h * len(lines)), 1)
    draw = ImageDraw.Draw(image)
    for row, ln in enumerate(lines):
        left = font.getbbox(ln)[0]
        draw.text(((width_px - _width(font, ln)) // 2 - left, 2 + row * line_h), ln,
                  font=font, fill=0)
    return image


def _width(font: Font, text: str) -> int:
    left, _, right, _ = font.getbbox(text)
    return int(right - left)


def _split_in_two(text: str) -> list[str]:
    words = text.split()
    middle = len(text) / 2
    best = min(range(1, len(words)),
               key=lambda k: abs(len(" ".join(words[:k])) - middle))
    return [" ".join(words[:best]), " ".join(words[best:])]
