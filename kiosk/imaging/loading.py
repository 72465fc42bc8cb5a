"""Photos in: files, bytes and camera frames become one kind of array.

Everything leaves here as a ``uint8`` array, ``(H, W, 3)`` BGR (OpenCV order) or ``(H, W)``
grey, upright (EXIF orientation applied), transparent areas composited on white (the foam),
and no larger than :data:`WORK_SIDE` on its longest side; the original upright size and the
scale factor are reported so boxes can be given back in the caller's pixels.

Memory is bounded for every accepted input: a file is read only if it is a regular file of
at most ``MAX_FILE_BYTES`` (:mod:`printer_driver.input_files`); what decoding will cost is
estimated from the header (:mod:`kiosk.imaging.decode_cost`) and a picture over
:data:`DECODE_BUDGET` is refused before a pixel is decoded; a JPEG is decoded at 1/2 to 1/8
scale; everything else is converted to 8 bits and box-shrunk strip by strip, so no full-size
copy is ever made beside the decoded image.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from kiosk.imaging import decode_cost
from printer_driver.input_files import InputCode, InputError, read_input_file

#: Longest side kept after loading; a 76 mm print is 254 dots, so more only costs time.
WORK_SIDE = 1280
#: Refuse images above this many pixels (decompression bombs, panoramas of the moon).
MAX_PIXELS = 60_000_000
MAX_SIDE = 30_000
MIN_SIDE = 16
#: Bytes the decoding of one photo may take, the file's own bytes included. With the
#: ~180 MB a rendering process holds anyway (NumPy, OpenCV, numba), a render stays under
#: its 400 MB budget (``python -m benchmarks imaging`` measures the worst accepted inputs).
DECODE_BUDGET = 150_000_000
FORMATS = "JPEG, PNG, WebP, BMP, TIFF or GIF"
_ALLOWED = {"JPEG", "PNG", "WEBP", "BMP", "TIFF", "MPO", "DIB", "GIF"}
#: Pixels converted at a time: a strip of a 30000-pixel-wide image is ~33 rows (~4 MB RGBA).
_STRIP_PIXELS = 1_000_000


class ImageError(InputError):
    """A photo cannot be used; ``code`` says what is wrong, the message names the photo."""


@dataclass(frozen=True)
class LoadedImage:
    """A photo ready for the pipeline.

    Attributes:
        pixels: ``uint8`` ``(h, w, 3)`` BGR or ``(h, w)`` grey, upright, at most WORK_SIDE.
        input_size: ``(width, height)`` of the upright original, in its pixels.
        scale: ``pixels`` size / original size (<= 1).
    """

    pixels: np.ndarray
    input_size: tuple[int, int]
    scale: float


def load_photo(photo: str | Path | bytes | bytearray | memoryview | np.ndarray, *,
               name: str | None = None) -> LoadedImage:
    """Load a path, encoded bytes or an array (BGR, BGRA or grey) for the pipeline.

    Raises:
        ImageError: the input cannot be used; ``code`` is an
            :class:`~printer_driver.input_files.InputCode`, the message starts with the file
            name (or ``name``).
    """
    if isinstance(photo, np.ndarray):
        return _from_array(photo, name or "camera frame")
    if isinstance(photo, bytes | bytearray | memoryview):
        return _from_bytes(bytes(photo), name or "photo")
    if isinstance(photo, str | Path):
        return _from_bytes(read_photo_file(photo, name=name), name or str(photo))
    raise ImageError(InputCode.NOT_A_PICTURE, name or "photo",
                     f"expected a file path, bytes or an image array, not "
                     f"{type(photo).__name__}", detail=type(photo).__name__)


def read_photo_file(path: str | Path, *, name: str | None = None) -> bytes:
    """The bytes of a photo file: a regular file of at most ``MAX_FILE_BYTES``.

    Raises:
        ImageError: as :func:`printer_driver.input_files.read_input_file` says.
    """
    try:
        return read_input_file(path, label=name)
    except InputError as exc:
        raise ImageError(exc.code, exc.file, exc.description, **exc.params) from exc


def _check_size(label: str, width: int, height: int) -> None:
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise ImageError(InputCode.TOO_MANY_PIXELS, label,
                         f"image is {width}×{height} pixels, too large to be a photo (limit "
                         f"{MAX_PIXELS // 1_000_000} megapixels, {MAX_SIDE} pixels a side)",
                         width=width, height=height, limit_mp=MAX_PIXELS // 1_000_000,
                         kind="photo")
    if width < MIN_SIDE or height < MIN_SIDE:
        raise ImageError(InputCode.TOO_SMALL, label,
                         f"image is only {width}×{height} pixels (at least {MIN_SIDE}×"
                         f"{MIN_SIDE})", width=width, height=height, min_side=MIN_SIDE)


def _check_budget(label: str, size: tuple[int, int], cost: decode_cost.Cost,
                  file_bytes: int) -> None:
    if file_bytes + cost.total <= DECODE_BUDGET:
        return
    width, height = size
    limit_mp = max(0.0, (DECODE_BUDGET - file_bytes) / cost.per_pixel / 1e6)
    raise ImageError(InputCode.TOO_MANY_PIXELS, label,
                     f"image is {width}×{height} pixels, more than a {cost.kind} of this size "
                     f"may have here (~{limit_mp:.0f} megapixels)",
                     width=width, height=height, limit_mp=round(limit_mp), kind=cost.kind)


def _bomb(label: str, exc: Exception) -> ImageError:
    """Pillow's own decompression-bomb refusal (far above our limits), as ours."""
    found = re.search(r"\((\d+) pixels\)", str(exc))
    pixels = int(found.group(1)) if found else 0
    return ImageError(InputCode.TOO_MANY_PIXELS, label,
                      f"image has {pixels / 1e6:.0f} megapixels, too large to be a photo",
                      width=0, height=0, megapixels=round(pixels / 1e6),
                      limit_mp=MAX_PIXELS // 1_000_000, kind="photo")


def _from_bytes(data: bytes, label: str) -> LoadedImage:
    if not data:
        raise ImageError(InputCode.EMPTY, label, "the file is empty")
    webp = decode_cost.webp_size(data)
    if webp is not None:  # libwebp allocates its canvas as the file opens: check first
        _check_size(label, *webp)
        _check_budget(label, webp, decode_cost.webp(webp), len(data))
    fmt = "?"
    size = (0, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # e.g. "Corrupt EXIF data": harmless
        # Pillow warns from ~89 megapixels; ours are lower and checked before decoding.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data))
            fmt = img.format or "?"
            if fmt not in _ALLOWED:
                raise ImageError(InputCode.UNSUPPORTED_FORMAT, label,
                                 f"{fmt} images are not supported", format=fmt)
            size = img.size
            _check_size(label, *size)
            orient = _orientation(img)
            if fmt in {"JPEG", "MPO"}:
                _draft(img)
            _check_budget(label, size, decode_cost.estimate(img, fmt, size), len(data))
            img.load()
            pixels = _to_array(img, label)
        except Image.DecompressionBombError as exc:
            raise _bomb(label, exc) from exc
        except UnidentifiedImageError as exc:
            raise ImageError(InputCode.NOT_A_PICTURE, label,
                             f"not a photo this kiosk can read (use {FORMATS})") from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            if isinstance(exc, ImageError):
                raise
            return _decode_with_opencv(data, label, exc, fmt, size)
    # The upright size of the original: swap when the EXIF rotation is a quarter turn.
    width, height = size
    in_w, in_h = (height, width) if orient in (5, 6, 7, 8) else (width, height)
    return _shrink(_upright(pixels, orient), (in_w, in_h))


def _draft(img: Image.Image) -> None:
    """Let libjpeg decode a large JPEG at 1/2, 1/4 or 1/8 scale, the longest side still at
    least WORK_SIDE: fast, and a fraction of the memory."""
    width, height = img.size
    longest = max(width, height)
    if longest >= 2 * WORK_SIDE:
        img.draft(None, (-(-WORK_SIDE * width // longest), -(-WORK_SIDE * height // longest)))


def _orientation(img: Image.Image) -> int:
    """EXIF orientation 1..8; a damaged EXIF block is ignored (upright), not fatal."""
    try:
        value = int(img.getexif().get(0x0112, 1))
    except Exception:  # EXIF parsers raise many kinds; the photo itself is still fine
        return 1
    return value if 1 <= value <= 8 else 1


def _upright(pixels: np.ndarray, orient: int) -> np.ndarray:
    """Apply EXIF orientation ``orient`` (1..8) to a stored-as-is array."""
    ops: dict[int, Callable[[np.ndarray], np.ndarray]] = {
        2: lambda a: a[:, ::-1], 3: lambda a: a[::-1, ::-1], 4: lambda a: a[::-1],
        5: lambda a: a.swapaxes(0, 1), 6: lambda a: np.rot90(a, -1),
        7: lambda a: a.swapaxes(0, 1)[::-1, ::-1], 8: lambda a: np.rot90(a, 1),
    }
    op = ops.get(orient)
    return pixels if op is None else np.ascontiguousarray(op(pixels))


def _to_array(img: Image.Image, label: str) -> np.ndarray:
    """The loaded image as uint8 BGR or grey, box-shrunk by a whole factor so its longest
    side stays at least WORK_SIDE, converted a strip at a time (never a full-size copy)."""
    width, height = img.size
    factor = max(1, max(width, height) // WORK_SIDE)
    fx, fy = min(factor, width), min(factor, height)
    out_w, out_h = width // fx, height // fy
    convert = _converter(img, label)
    rows = max(fy, _STRIP_PIXELS // width // fy * fy)
    out: np.ndarray | None = None
    for y0 in range(0, out_h * fy, rows):
        y1 = min(out_h * fy, y0 + rows)
        part = convert(img.crop((0, y0, out_w * fx, y1)))
        if factor > 1:
            part = cv2.resize(part, (out_w, (y1 - y0) // fy), interpolation=cv2.INTER_AREA)
        if out is None:
            out = np.empty((out_h, out_w, *part.shape[2:]), np.uint8)
        out[y0 // fy:y1 // fy] = part
    assert out is not None  # out_h >= 1: the size was checked
    return out


def _converter(img: Image.Image, label: str) -> Callable[[Image.Image], np.ndarray]:
    """A function from a strip of ``img`` to uint8 BGR or grey, for ``img``'s mode."""
    mode = img.mode
    if mode in {"I;16", "I;16B", "I;16L", "I;16N", "I", "F"}:
        extrema = img.getextrema()  # one band: (min, max)
        high = extrema[1] if isinstance(extrema[1], int | float) else float("nan")
        top = _depth_top(float(high), floating=mode == "F", label=label)
        return lambda strip: _to_uint8(np.asarray(strip), top, label)
    if mode == "L":
        return np.asarray
    if mode == "1":
        return lambda strip: np.asarray(strip.convert("L"))
    if mode in {"RGBA", "LA", "PA", "RGBa", "La"} or (mode == "P" and
                                                      "transparency" in img.info):
        def on_white(strip: Image.Image) -> np.ndarray:
            rgba = np.asarray(strip.convert("RGBA"))
            return _on_white(rgba[..., 2::-1], rgba[..., 3])  # RGB -> BGR, clear = foam
        return on_white
    return lambda strip: cv2.cvtColor(np.asarray(strip.convert("RGB")), cv2.COLOR_RGB2BGR)


def _depth_top(high: float, *, floating: bool, label: str) -> float:
    """The value that maps to white: 1.0 or 255 for floats, 255 or 65535 for integers."""
    if not np.isfinite(high):
        raise ImageError(InputCode.INVALID_PIXELS, label,
                         "image contains invalid (NaN or infinite) values")
    if floating:
        return 1.0 if high <= 1.0 else 255.0
    return 255.0 if high <= 255 else 65535.0


def _to_uint8(arr: np.ndarray, top: float, label: str) -> np.ndarray:
    """An integer or float array scaled so ``top`` is 255, as uint8 (float32 work)."""
    if arr.dtype == np.uint8 and top == 255.0:
        return arr
    work = arr.astype(np.float32)
    if np.issubdtype(arr.dtype, np.floating) and not np.isfinite(work).all():
        raise ImageError(InputCode.INVALID_PIXELS, label,
                         "image contains invalid (NaN or infinite) values")
    work *= np.float32(255.0 / top)
    np.clip(work, 0.0, 255.0, out=work)
    return np.rint(work, out=work).astype(np.uint8)


def _decode_with_opencv(data: bytes, label: str, first: Exception, fmt: str,
                        size: tuple[int, int]) -> LoadedImage:
    """Second chance for TIFF variants Pillow cannot decode; otherwise a clear error."""
    text = str(first).lower()
    if "truncated" in text or "broken" in text or isinstance(first, EOFError):
        raise ImageError(InputCode.DAMAGED, label, "the image is damaged or incomplete "
                         "(cut off)", reason="cut off") from first
    arr = None
    if fmt == "TIFF":
        _check_budget(label, size, decode_cost.raw(size, 8), len(data))  # 16-bit RGBA
        level = cv2.utils.logging.getLogLevel()
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)  # one-line errors
        try:
            arr = cv2.imdecode(np.frombuffer(data, np.uint8),
                               cv2.IMREAD_ANYDEPTH | cv2.IMREAD_ANYCOLOR)
        except cv2.error:
            arr = None
        finally:
            cv2.utils.logging.setLogLevel(level)
    if arr is None:
        raise ImageError(InputCode.DAMAGED, label, f"the image is damaged or cannot be "
                         f"decoded ({first})", reason=str(first)) from first
    return _from_array(arr, label)


#: Array types cv2.resize shrinks as they are (others are converted to uint8 first).
_RESIZABLE = {np.dtype(np.uint8), np.dtype(np.uint16), np.dtype(np.int16),
              np.dtype(np.float32), np.dtype(np.float64)}


def _from_array(arr: np.ndarray, label: str) -> LoadedImage:
    arr = np.asarray(arr)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[..., 0]
    if not (arr.ndim == 2 or (arr.ndim == 3 and arr.shape[2] in (3, 4))):
        raise ImageError(InputCode.NOT_A_PICTURE, label,
                         f"array of shape {arr.shape} is not an image; expected (H, W) grey, "
                         "(H, W, 3) BGR or (H, W, 4) BGRA", detail=f"shape {arr.shape}")
    height, width = arr.shape[:2]
    _check_size(label, width, height)
    if arr.dtype != np.uint8:
        if arr.dtype == np.bool_:
            arr = arr.astype(np.uint8) * np.uint8(255)
        elif np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating):
            floating = bool(np.issubdtype(arr.dtype, np.floating))
            high = float(arr.max()) if arr.size else 0.0
            if floating and not np.isfinite(arr).all():
                high = float("nan")
            top = _depth_top(high, floating=floating, label=label)
            if arr.dtype in _RESIZABLE:  # shrink before converting: no full-size float copy
                arr = _fit(arr)
            arr = _to_uint8(arr, top, label)
        else:
            raise ImageError(InputCode.NOT_A_PICTURE, label,
                             f"pixel type {arr.dtype} is not an image", detail=str(arr.dtype))
    if arr.ndim == 3 and arr.shape[2] == 4:
        arr = _on_white(arr[..., :3], arr[..., 3])
    return _shrink(np.ascontiguousarray(arr), (width, height))


def _on_white(colour: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Composite uint8 ``colour`` (h, w, 3) with ``alpha`` (h, w) over white, as uint8."""
    a = alpha.astype(np.uint16)[..., None]
    out = (colour.astype(np.uint16) * a + 255 * (255 - a) + 127) // 255
    return np.ascontiguousarray(out, dtype=np.uint8)


def _fit(pixels: np.ndarray) -> np.ndarray:
    """``pixels`` shrunk (area average) so the longest side is at most WORK_SIDE."""
    h, w = pixels.shape[:2]
    scale = min(1.0, WORK_SIDE / max(h, w))
    if scale < 1.0:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        pixels = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
    return pixels


def _shrink(pixels: np.ndarray, input_size: tuple[int, int]) -> LoadedImage:
    pixels = _fit(pixels)
    # Report scale against the upright original (JPEG draft decoding may have shrunk it).
    return LoadedImage(pixels, input_size, pixels.shape[1] / input_size[0])
