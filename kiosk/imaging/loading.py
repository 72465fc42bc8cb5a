"""Photos in: files, bytes and camera frames become one kind of array.

Everything leaves here as a ``uint8`` array, ``(H, W, 3)`` BGR (OpenCV order) or ``(H, W)``
grey, upright (EXIF orientation applied), transparent areas composited on white (the foam),
and no larger than :data:`WORK_SIDE` on its longest side; the original upright size and the
scale factor are reported so boxes can be given back in the caller's pixels.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

#: Longest side kept after loading; a 76 mm print is 254 dots, so more only costs time.
WORK_SIDE = 1280
#: Refuse images above this many pixels (decompression bombs, panoramas of the moon).
MAX_PIXELS = 60_000_000
MAX_SIDE = 30_000
MIN_SIDE = 16
FORMATS = "JPEG, PNG, WebP, BMP, TIFF or GIF"
_ALLOWED = {"JPEG", "PNG", "WEBP", "BMP", "TIFF", "MPO", "DIB", "GIF"}


class ImageError(ValueError):
    """A photo cannot be used; the message says what is wrong and what to do."""


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


def load_photo(photo: str | Path | bytes | bytearray | np.ndarray, *,
               name: str | None = None) -> LoadedImage:
    """Load a path, encoded bytes or an array (BGR, BGRA or grey) for the pipeline.

    Raises:
        ImageError: empty, damaged, unsupported, too large or too small input; the message
            starts with the file name (or ``name``).
    """
    if isinstance(photo, np.ndarray):
        return _from_array(photo, name or "camera frame")
    if isinstance(photo, bytes | bytearray | memoryview):
        return _from_bytes(bytes(photo), name or "photo")
    if isinstance(photo, str | Path):
        label = name or str(photo)
        try:
            data = Path(photo).read_bytes()
        except IsADirectoryError as exc:
            raise ImageError(f"{label}: is a folder, not a photo") from exc
        except FileNotFoundError as exc:
            raise ImageError(f"{label}: no such file; check the name") from exc
        except OSError as exc:
            raise ImageError(f"{label}: cannot read the file ({exc.strerror or exc})") from exc
        return _from_bytes(data, label)
    raise ImageError(f"{name or 'photo'}: expected a file path, bytes or an image array, "
                     f"not {type(photo).__name__}")


def _check_size(label: str, width: int, height: int) -> None:
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise ImageError(f"{label}: image is {width}×{height} pixels, too large to be a "
                         f"photo (limit {MAX_PIXELS // 1_000_000} megapixels); use a smaller one")
    if width < MIN_SIDE or height < MIN_SIDE:
        raise ImageError(f"{label}: image is only {width}×{height} pixels; a portrait needs "
                         f"at least {MIN_SIDE}×{MIN_SIDE}")


def _from_bytes(data: bytes, label: str) -> LoadedImage:
    if not data:
        raise ImageError(f"{label}: the file is empty; take or choose the photo again")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # e.g. "Corrupt EXIF data": harmless
        # Pillow only warns between 1x and 2x its pixel limit: treat that as a bomb too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        fmt = "?"
        try:
            img = Image.open(io.BytesIO(data))
            fmt = img.format or "?"
            if fmt not in _ALLOWED:
                raise ImageError(f"{label}: {fmt} images are not supported; use {FORMATS}")
            width, height = img.size
            _check_size(label, width, height)
            if fmt in {"JPEG", "MPO"} and max(width, height) > 2 * WORK_SIDE:
                img.draft("RGB", (WORK_SIDE, WORK_SIDE))  # decode at 1/2, 1/4, 1/8: fast
            img.load()
            orient = _orientation(img)
            img = _reduce(img)
            if orient in _TRANSPOSE:
                img = img.transpose(_TRANSPOSE[orient])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageError(f"{label}: image is too large to be a photo (possible "
                             "decompression bomb); use a smaller one") from exc
        except UnidentifiedImageError as exc:
            raise ImageError(f"{label}: not a photo this kiosk can read; use {FORMATS}") from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            if isinstance(exc, ImageError):
                raise
            return _decode_with_opencv(data, label, exc, try_opencv=fmt == "TIFF")
    # The upright size of the original: swap when the EXIF rotation is a quarter turn.
    in_w, in_h = (height, width) if orient in (5, 6, 7, 8) else (width, height)
    pixels = _pil_to_array(img, label)
    return _shrink(pixels, (in_w, in_h))


_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90,
}


def _orientation(img: Image.Image) -> int:
    """EXIF orientation 1..8; a damaged EXIF block is ignored (upright), not fatal."""
    try:
        value = int(img.getexif().get(0x0112, 1))
    except Exception:  # EXIF parsers raise many kinds; the photo itself is still fine
        return 1
    return value if 1 <= value <= 8 else 1


def _reduce(img: Image.Image) -> Image.Image:
    """Box-shrink very large images by a whole factor before any per-pixel work (memory)."""
    factor = max(img.size) // (2 * WORK_SIDE)
    if factor < 2:
        return img
    if img.mode in {"P", "1", "PA"}:
        img = img.convert("RGBA" if "transparency" in img.info or img.mode == "PA" else "RGB")
    try:
        return img.reduce(factor)
    except ValueError:  # a mode reduce() does not handle: keep full size, _shrink copes
        return img


def _decode_with_opencv(data: bytes, label: str, first: Exception, *,
                        try_opencv: bool) -> LoadedImage:
    """Second chance for TIFF variants Pillow cannot decode; otherwise a clear error."""
    text = str(first).lower()
    if "truncated" in text or "broken" in text or isinstance(first, EOFError):
        raise ImageError(f"{label}: the image is damaged or incomplete (cut off); "
                         "take or copy the photo again") from first
    arr = None
    if try_opencv:
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
        raise ImageError(f"{label}: the image is damaged or cannot be decoded ({first}); "
                         f"use a {FORMATS} photo") from first
    loaded = _from_array(arr, label)
    return loaded


def _pil_to_array(img: Image.Image, label: str) -> np.ndarray:
    mode = img.mode
    if mode in {"I;16", "I;16B", "I;16L", "I;16N", "I", "F"}:
        return _normalise_depth(np.asarray(img), label)
    if mode == "P" and "transparency" in img.info:
        img, mode = img.convert("RGBA"), "RGBA"
    if mode in {"RGBA", "LA", "PA", "RGBa", "La"}:
        rgba = np.asarray(img.convert("RGBA"))
        return _on_white(rgba[..., 2::-1], rgba[..., 3])  # RGB -> BGR, transparent = foam
    if mode in {"L", "1"}:
        return np.asarray(img.convert("L"))
    return cv2.cvtColor(np.asarray(img.convert("RGB")), cv2.COLOR_RGB2BGR)


def _normalise_depth(arr: np.ndarray, label: str) -> np.ndarray:
    """Any integer or float image to uint8 (16-bit by its full range, float as 0..1)."""
    if arr.dtype == np.uint8:
        return arr
    if arr.dtype == np.bool_:
        return arr.astype(np.uint8) * 255
    if np.issubdtype(arr.dtype, np.floating):
        if not np.isfinite(arr).all():
            raise ImageError(f"{label}: image contains invalid (NaN or infinite) values")
        top = 1.0 if arr.size == 0 or float(arr.max()) <= 1.0 else 255.0
        return np.clip(np.rint(arr.astype(np.float32) * (255.0 / top)), 0, 255).astype(np.uint8)
    if np.issubdtype(arr.dtype, np.integer):
        wide = arr.astype(np.int64)
        top = 255 if wide.max(initial=0) <= 255 else 65535
        return np.clip(wide * 255 // top, 0, 255).astype(np.uint8)
    raise ImageError(f"{label}: pixel type {arr.dtype} is not an image")


def _from_array(arr: np.ndarray, label: str) -> LoadedImage:
    arr = np.asarray(arr)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[..., 0]
    if not (arr.ndim == 2 or (arr.ndim == 3 and arr.shape[2] in (3, 4))):
        raise ImageError(f"{label}: array of shape {arr.shape} is not an image; expected "
                         "(H, W) grey, (H, W, 3) BGR or (H, W, 4) BGRA")
    height, width = arr.shape[:2]
    _check_size(label, width, height)
    arr = _normalise_depth(arr, label)
    if arr.ndim == 3 and arr.shape[2] == 4:
        arr = _on_white(arr[..., :3], arr[..., 3])
    return _shrink(np.ascontiguousarray(arr), (width, height))


def _on_white(colour: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Composite uint8 ``colour`` (h, w, 3) with ``alpha`` (h, w) over white, as uint8."""
    a = alpha.astype(np.uint16)[..., None]
    out = (colour.astype(np.uint16) * a + 255 * (255 - a) + 127) // 255
    return np.ascontiguousarray(out, dtype=np.uint8)


def _shrink(pixels: np.ndarray, input_size: tuple[int, int]) -> LoadedImage:
    h, w = pixels.shape[:2]
    scale = min(1.0, WORK_SIDE / max(h, w))
    if scale < 1.0:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        pixels = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
    # Report scale against the upright original (JPEG draft decoding may have shrunk it).
    return LoadedImage(pixels, input_size, pixels.shape[1] / input_size[0])
