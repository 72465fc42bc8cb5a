"""Pictures made to be hard on a loader: huge ones that cost nothing to make, headers that
claim a size the data does not have, and masks saved the wrong way.

Everything is built in memory, in milliseconds: a "60 megapixel" PNG of plain rows is a few
hundred kilobytes, compressed row by row, never held decoded.
"""

from __future__ import annotations

import io
import json
import struct
import zlib

import numpy as np
from PIL import Image, PngImagePlugin

from printer_driver.mask import PNG_META_KEY, Mask

#: PNG colour types and their channels (for the row length).
GREY, RGB, PALETTE, GREY_ALPHA, RGBA = 0, 2, 3, 4, 6
_CHANNELS = {GREY: 1, RGB: 3, PALETTE: 1, GREY_ALPHA: 2, RGBA: 4}


def chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk with its length and CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def plain_png(width: int, height: int, colour_type: int = GREY, bit_depth: int = 8, *,
              value: int = 0, text: dict[str, str] | None = None) -> bytes:
    """A PNG of ``width`` × ``height`` pixels all of one byte ``value`` (a decompression
    bomb when large: it compresses ~1000:1), with optional text chunks before the pixels."""
    out = [b"\x89PNG\r\n\x1a\n",
           chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, colour_type,
                                      0, 0, 0))]
    if colour_type == PALETTE:
        out.append(chunk(b"PLTE", bytes(range(0, 256, 1)) * 3))
    for key, val in (text or {}).items():
        out.append(chunk(b"tEXt", key.encode() + b"\x00" + val.encode()))
    row = b"\x00" + bytes([value]) * (width * _CHANNELS[colour_type] * bit_depth // 8)
    packer = zlib.compressobj(6)
    body = [packer.compress(row) for _ in range(height)]
    body.append(packer.flush())
    out.append(chunk(b"IDAT", b"".join(body)))
    out.append(chunk(b"IEND", b""))
    return b"".join(out)


def claiming(data: bytes, width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` × ``height`` (its pixels are then cut
    off: a decoder that believes the header allocates that much, then fails)."""
    ihdr = struct.pack(">II", width, height) + data[24:29]
    return data[:16] + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)) + data[33:]


def encode(img: Image.Image, fmt: str, **kw: object) -> bytes:
    """``img`` saved to bytes in ``fmt``."""
    buf = io.BytesIO()
    img.save(buf, format=fmt, **kw)
    return buf.getvalue()


def jpeg_claiming(data: bytes, width: int, height: int) -> bytes:
    """A JPEG whose frame header (SOF0 or SOF2) claims ``width`` × ``height``."""
    for marker in (b"\xff\xc0", b"\xff\xc2"):
        at = data.find(marker)
        if at >= 0:
            out = bytearray(data)
            out[at + 5:at + 9] = struct.pack(">HH", height, width)
            return bytes(out)
    raise ValueError("no frame header")


def webp_claiming(data: bytes, width: int, height: int) -> bytes:
    """A lossless WebP whose VP8L header claims ``width`` × ``height``."""
    assert data[12:16] == b"VP8L" and data[20] == 0x2F
    bits = int.from_bytes(data[21:25], "little") & ~((1 << 28) - 1)
    bits |= (width - 1) | ((height - 1) << 14)
    return data[:21] + bits.to_bytes(4, "little") + data[25:]


def sample_mask(seed: int = 0) -> Mask:
    """A random three-tone 254-dot mask (the default geometry)."""
    rng = np.random.default_rng(seed)
    return Mask.from_levels(rng.integers(0, 3, (254, 254)).astype(np.uint8))


def mask_saved_as(mask: Mask, mode: str) -> bytes:
    """``mask``'s dots and mask data saved as a ``mode`` PNG, as an image editor or a script
    might ("L": dot codes ×100 in grey, "RGB": the display colours)."""
    if mode == "RGB":
        img = Image.open(io.BytesIO(mask.to_png_bytes())).convert("RGB")
    else:
        img = Image.fromarray(np.asarray(mask.dots) * 100, "L")
    info = PngImagePlugin.PngInfo()
    info.add_text(PNG_META_KEY, json.dumps(mask.metadata()))
    return encode(img, "PNG", pnginfo=info)
