"""What decoding a picture will cost in memory, known from its header before decoding.

Measured with Pillow 13 and libjpeg-turbo/libwebp on this project's machine (peak resident
memory of a decode, over the file's bytes; ``python -m benchmarks imaging`` re-measures the
worst accepted inputs):

- Pillow keeps a decoded image at 1 byte a pixel for ``1``/``L``/``P``, 2 for 16-bit grey
  and 4 for everything else (RGB is stored as RGBX).
- A JPEG decoded with ``draft`` costs only its reduced size, except a *progressive* one:
  libjpeg holds every DCT coefficient of the full image, 2 bytes per coefficient, so
  ~3 bytes a pixel at 4:2:0, 6 at 4:4:4, 8 for CMYK.
- A GIF frame costs ~1.4 bytes a pixel (the frame and a palette index copy).
- A WebP costs ~16 bytes a pixel: Pillow decodes through libwebp's animation decoder, which
  keeps two RGBA canvases, and copies the frame once more on the way in.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, JpegImagePlugin

#: Headroom over the measured figures (allocator rounding, interlaced PNG's row buffers).
MARGIN = 1.1
_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}
_FORMAT_NAMES = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "BMP": "BMP",
                 "DIB": "BMP", "TIFF": "TIFF", "GIF": "GIF"}
WEBP_BYTES_PER_PIXEL = 16.5
GIF_BYTES_PER_PIXEL = 2.0


@dataclass(frozen=True)
class Cost:
    """Memory a decode takes.

    Attributes:
        total: bytes, with :data:`MARGIN`.
        per_pixel: ``total`` per pixel of the picture's full size, bytes.
        kind: the kind of picture in words, e.g. "progressive JPEG", for messages.
    """

    total: int
    per_pixel: float
    kind: str


def _cost(total: float, size: tuple[int, int], kind: str) -> Cost:
    pixels = max(1, size[0] * size[1])
    total *= MARGIN
    return Cost(int(total), total / pixels, kind)


def estimate(img: Image.Image, fmt: str, size: tuple[int, int]) -> Cost:
    """The cost of ``img.load()`` for an opened (and, for a JPEG, drafted) image whose full
    size is ``size`` (``img.size`` is smaller after a JPEG draft)."""
    width, height = img.size
    decoded = width * height * _BYTES_PER_PIXEL.get(img.mode, 4)
    name = _FORMAT_NAMES.get(fmt, fmt)
    if fmt in {"JPEG", "MPO"} and img.info.get("progressive"):
        coefficients = size[0] * size[1] * 2 * _component_share(img)
        return _cost(decoded + coefficients, size, f"progressive {name}")
    if fmt == "GIF":
        return _cost(width * height * GIF_BYTES_PER_PIXEL, size, name)
    return _cost(decoded, size, name)


def _component_share(img: Image.Image) -> float:
    """Coefficients per pixel in a JPEG: 1 per full-resolution component (1.5 at 4:2:0)."""
    layers = img.layer if isinstance(img, JpegImagePlugin.JpegImageFile) else []
    if not layers:
        return 4.0  # unknown: as CMYK, the most
    h_max = max(layer[1] for layer in layers)
    v_max = max(layer[2] for layer in layers)
    return sum(layer[1] * layer[2] for layer in layers) / (h_max * v_max)


def webp(size: tuple[int, int]) -> Cost:
    """The cost of opening and decoding a WebP of ``size``."""
    return _cost(size[0] * size[1] * WEBP_BYTES_PER_PIXEL, size, "WebP")


def raw(size: tuple[int, int], bytes_per_pixel: float, kind: str = "TIFF") -> Cost:
    """The cost of a decoder that allocates ``bytes_per_pixel`` over ``size`` (OpenCV's)."""
    return _cost(size[0] * size[1] * bytes_per_pixel, size, kind)


def webp_size(data: bytes) -> tuple[int, int] | None:
    """``(width, height)`` from a WebP file's first chunk, None if not a WebP (or unreadable:
    the decoder then says so)."""
    if len(data) < 30 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    chunk = data[12:16]
    if chunk == b"VP8X":  # extended: the canvas size, 24 bits each, minus one
        return (int.from_bytes(data[24:27], "little") + 1,
                int.from_bytes(data[27:30], "little") + 1)
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":  # lossy key frame
        return (int.from_bytes(data[26:28], "little") & 0x3FFF,
                int.from_bytes(data[28:30], "little") & 0x3FFF)
    if chunk == b"VP8L" and data[20] == 0x2F:  # lossless: 14 bits each, minus one
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None
