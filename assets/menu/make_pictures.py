"""Draw the menu's drink pictures (top view of a cup on its saucer) with Pillow.

Run from the repository root: ``python assets/menu/make_pictures.py``. The PNGs it writes
are committed; rerun after changing a colour here. Drawn at 4× and scaled down for smooth
edges. Each picture: a soft shadow, saucer, cup with handle, the drink's surface and a
little latte art or topping that tells the drinks apart, on a transparent background (the
menu card's own colour shows around the saucer, in either look of the kiosk: an opaque
background was a beige square on the white card).
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

SIZE = 360  # final edge in pixels
SS = 4  # supersampling factor
HERE = Path(__file__).resolve().parent

SHADOW = (120, 95, 70)  # the shadow's colour; its strength is its alpha
SAUCER = (252, 250, 246)
CUP = (255, 255, 255)
RIM = (228, 222, 214)


def _circle(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill, outline=None,
            width: int = 0) -> None:
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill, outline=outline, width=width)


def _heart(draw: ImageDraw.ImageDraw, cx: float, cy: float, s: float, fill) -> None:
    pts = []
    for k in range(200):
        t = 2 * math.pi * k / 200
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        pts.append((cx + x * s / 16, cy - y * s / 16))
    draw.polygon(pts, fill=fill)


def _rosetta(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill) -> None:
    for k in range(6):
        y = cy + r * 0.55 - k * r * 0.2
        w = r * (0.62 - 0.07 * k)
        draw.ellipse((cx - w, y - r * 0.09, cx + w, y + r * 0.09), fill=fill)
    draw.line((cx, cy - r * 0.65, cx, cy + r * 0.8), fill=fill, width=int(r * 0.05))


def _base(liquid, foam, foam_r: float, handle_angle: float = -35.0):
    n = SIZE * SS
    c = n / 2
    shadow = Image.new("L", (n, n), 0)
    _circle(ImageDraw.Draw(shadow), c + n * 0.02, c + n * 0.03, n * 0.44, 70)
    shadow = shadow.filter(ImageFilter.GaussianBlur(n * 0.025))
    img = Image.new("RGBA", (n, n), (*SHADOW, 0))
    img.putalpha(shadow)
    d = ImageDraw.Draw(img)
    _circle(d, c, c, n * 0.44, SAUCER, RIM, int(n * 0.006))
    _circle(d, c, c, n * 0.30, None, RIM, int(n * 0.004))
    a = math.radians(handle_angle)
    hx, hy = c + math.cos(a) * n * 0.41, c + math.sin(a) * n * 0.41
    d.line((c, c, hx, hy), fill=RIM, width=int(n * 0.085))
    d.line((c, c, hx, hy), fill=CUP, width=int(n * 0.06))
    _circle(d, hx, hy, n * 0.0425, CUP, RIM, int(n * 0.006))
    _circle(d, c, c, n * 0.33, CUP, RIM, int(n * 0.006))
    _circle(d, c, c, n * 0.28, liquid)
    if foam is not None:
        _circle(d, c, c, n * foam_r, foam)
    return img, d, c, n


def latte():
    img, d, c, n = _base((150, 95, 55), (240, 225, 200), 0.22)
    _rosetta(d, c, c, n * 0.2, (150, 95, 55))
    _rosetta(d, c, c, n * 0.17, (240, 225, 200))
    _heart(d, c, c - n * 0.12, n * 0.05, (150, 95, 55))
    return img


def cappuccino():
    img, d, c, n = _base((130, 80, 45), (246, 238, 224), 0.265)
    for k in range(140):  # cocoa dusting, densest in the middle
        ang = k * 2.39996
        r = n * 0.11 * math.sqrt(k / 140)
        _circle(d, c + r * math.cos(ang), c + r * math.sin(ang), n * 0.006, (120, 75, 45))
    return img


def flat_white():
    img, d, c, n = _base((135, 85, 48), (228, 205, 172), 0.18)
    _heart(d, c, c + n * 0.01, n * 0.15, (246, 236, 220))
    return img


def hot_chocolate():
    img, d, c, n = _base((85, 50, 35), None, 0.0)
    for k, (dx, dy) in enumerate([(-0.08, -0.06), (0.05, -0.1), (0.1, 0.04), (-0.03, 0.09),
                                  (-0.12, 0.05), (0.02, 0.0)]):
        x, y = c + dx * n, c + dy * n
        shade = (255, 240, 240) if k % 2 else (250, 250, 250)
        d.rounded_rectangle((x - n * 0.03, y - n * 0.03, x + n * 0.03, y + n * 0.03),
                            radius=n * 0.01, fill=shade, outline=(225, 215, 210),
                            width=int(n * 0.003))
    return img


def chai_latte():
    img, d, c, n = _base((185, 130, 80), (236, 214, 180), 0.24)
    for k in range(90):  # cinnamon dusting
        ang = k * 2.39996
        r = n * 0.17 * math.sqrt(k / 90)
        _circle(d, c + r * math.cos(ang), c + r * math.sin(ang), n * 0.005, (170, 95, 55))
    # a star anise
    for k in range(8):
        a = 2 * math.pi * k / 8
        x, y = c + n * 0.08 + math.cos(a) * n * 0.035, c + n * 0.07 + math.sin(a) * n * 0.035
        _circle(d, x, y, n * 0.017, (110, 60, 40))
    _circle(d, c + n * 0.08, c + n * 0.07, n * 0.012, (150, 90, 55))
    return img


def placeholder():
    img, d, c, n = _base((200, 190, 178), None, 0.0)
    _heart(d, c, c, n * 0.1, (230, 224, 216))
    return img


PICTURES = {
    "latte.png": latte,
    "cappuccino.png": cappuccino,
    "flat-white.png": flat_white,
    "hot-chocolate.png": hot_chocolate,
    "chai-latte.png": chai_latte,
    "placeholder.png": placeholder,
}


def main() -> None:
    for name, draw in PICTURES.items():
        img = draw().resize((SIZE, SIZE), Image.Resampling.LANCZOS)
        img.save(HERE / name, optimize=True)
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
