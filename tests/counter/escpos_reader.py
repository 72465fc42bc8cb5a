"""A small ESC/POS reader for the tests: the bytes a receipt printer would get, read back as
the lines it would print (text with its size and weight, or a raster picture).

It knows exactly the commands the kiosk's receipt uses and fails on anything else, so a
receipt that grows a command the reader does not know is noticed, not skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFont

ESC, GS = 0x1B, 0x1D

# Commands with one parameter byte that only change a style the reader does not track.
_ESC_ONE = {ord("-"), ord("M"), ord("{"), ord("d"), ord("t")}
_GS_ONE = {ord("b"), ord("B")}


@dataclass
class Line:
    """One printed line: ``text`` (decoded from ``codepage``) or ``picture`` (1 = ink)."""

    text: str | None = None
    picture: np.ndarray | None = None
    bold: bool = False
    align: int = 0
    size: tuple[int, int] = (1, 1)  # (width, height) multiples


@dataclass
class Receipt:
    lines: list[Line] = field(default_factory=list)
    cut: bool = False
    initialised: bool = False

    @property
    def texts(self) -> list[str | None]:
        """Each line's text, None for a picture."""
        return [ln.text for ln in self.lines]


def read(data: bytes, codepage: str = "cp437") -> Receipt:
    """The lines ``data`` prints. Raises ValueError on a command it does not know."""
    out = Receipt()
    bold, align, size = False, 0, (1, 1)
    text = bytearray()
    i = 0
    while i < len(data):
        b = data[i]
        if b == ESC:
            cmd = data[i + 1]
            if cmd == ord("@"):
                out.initialised = True
                bold, align, size = False, 0, (1, 1)
                i += 2
            elif cmd == ord("!"):
                n = data[i + 2]
                bold = bool(n & 0x08)
                size = (2 if n & 0x20 else 1, 2 if n & 0x10 else 1)
                i += 3
            elif cmd == ord("E"):
                bold = bool(data[i + 2])
                i += 3
            elif cmd == ord("a"):
                align = data[i + 2]
                i += 3
            elif cmd in _ESC_ONE:
                i += 3
            else:
                raise ValueError(f"unknown ESC {cmd:#x} at byte {i}")
        elif b == GS:
            cmd = data[i + 1]
            if cmd == ord("!"):
                n = data[i + 2]
                size = ((n >> 4) + 1, (n & 0x0F) + 1)
                i += 3
            elif cmd in _GS_ONE:
                i += 3
            elif cmd == ord("v") and data[i + 2] == ord("0"):
                width_bytes = data[i + 4] | data[i + 5] << 8
                height = data[i + 6] | data[i + 7] << 8
                start = i + 8
                raw = np.frombuffer(data[start:start + width_bytes * height], np.uint8)
                bits = np.unpackbits(raw).reshape(height, width_bytes * 8)
                out.lines.append(Line(picture=bits, align=align))
                i = start + width_bytes * height
            elif cmd == ord("V"):
                out.cut = True
                i += 3
            else:
                raise ValueError(f"unknown GS {cmd:#x} at byte {i}")
        elif b == 0x0A:
            out.lines.append(Line(text=bytes(text).decode(codepage), bold=bold, align=align,
                                  size=size))
            text.clear()
            i += 1
        else:
            text.append(b)
            i += 1
    if text:
        raise ValueError(f"text not ended by a line feed: {bytes(text)!r}")
    return out


def picture(receipt: Receipt, width: int = 512) -> Image.Image:
    """The receipt drawn as it would look (for a person to check; text in Pillow's font)."""
    rows: list[Image.Image] = []
    font = ImageFont.load_default(size=24)
    for ln in receipt.lines:
        if ln.picture is not None:
            rows.append(Image.fromarray(((1 - ln.picture) * 255).astype(np.uint8)))
            continue
        f = font.font_variant(size=24 * ln.size[1])
        img = Image.new("L", (width, 30 * ln.size[1] + 4), 255)
        draw = ImageDraw.Draw(img)
        w = draw.textlength(ln.text or "", font=f)
        draw.text(((width - w) / 2 if ln.align == 1 else 0, 0), ln.text or "", font=f, fill=0,
                  stroke_width=1 if ln.bold else 0)
        rows.append(img)
    total = sum(r.height for r in rows) + 20
    sheet = Image.new("L", (width, total), 255)
    y = 10
    for r in rows:
        sheet.paste(r, (0, y))
        y += r.height
    return sheet
