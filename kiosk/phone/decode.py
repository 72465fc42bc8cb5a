"""A phone's photo, from the bytes received to pixels the imaging core takes, in memory.

JPEG, PNG, WebP, GIF, BMP and TIFF go through the imaging core's bomb-guarded loader
(:func:`kiosk.imaging.loading.load_photo`, the same as camera frames and ``photolatte
render``). iPhone HEIC/HEIF (which the loader does not read) is decoded with
``pillow_heif`` in a short-lived process of its own (:mod:`kiosk.phone.heif_child`), fed
and read through pipes: libheif cannot shrink while decoding, so a 48 MP photo needs
~220 MB for a moment, which stays out of the kiosk's own memory, and a crash of that
native decoder (it parses files from strangers' phones) is a refused photo, not a dead
kiosk. There the pixel size is checked against the loader's limits *before* decoding and
the picture is shrunk at once. Nothing is written to disk.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.imaging.loading import MAX_PIXELS, MAX_SIDE, MIN_SIDE, WORK_SIDE, ImageError, load_photo
from kiosk.phone.errors import EMPTY, NOT_A_PHOTO, UNREADABLE, PhoneError
from printer_driver.input_files import InputCode

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}


@dataclass(frozen=True)
class PhonePhoto:
    """A decoded phone photo.

    Attributes:
        pixels: ``uint8`` ``(h, w, 3)`` BGR (or ``(h, w)`` grey), upright, longest side at
            most :data:`kiosk.imaging.loading.WORK_SIDE`.
        input_size: ``(width, height)`` of the upright original.
        kind: the format seen: ``"jpeg"``, ``"png"``, ``"heif"``, ...
    """

    pixels: np.ndarray
    input_size: tuple[int, int]
    kind: str


def sniff(data: bytes) -> str | None:
    """The image format the first bytes announce, or None when they announce none we read."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"BM"):
        return "bmp"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "heif"
    return None


def decode_photo(data: bytes) -> PhonePhoto:
    """Decode a photo sent from a phone.

    Raises:
        PhoneError: ``empty``, ``not_a_photo`` (no image format we read) or
            ``unreadable`` (damaged, a decompression bomb, too small); ``detail`` holds
            the loader's English sentence for logs.
    """
    if not data:
        raise PhoneError(EMPTY)
    kind = sniff(data)
    if kind is None:
        raise PhoneError(NOT_A_PHOTO)
    try:
        if kind == "heif":
            pixels, size = _decode_heif_apart(data)
        else:
            loaded = load_photo(data, name=LABEL)
            pixels, size = loaded.pixels, loaded.input_size
    except ImageError as exc:
        # The phone page says one thing ("cannot read this photo"); the log keeps why.
        raise PhoneError(UNREADABLE, str(exc), reason=exc.code.value) from exc
    return PhonePhoto(pixels, size, kind)


LABEL = "phone photo"  # how the photo is named in the loader's messages (logs only)
HEIF_SECONDS = 30.0  # a 48 MP HEIC takes ~1 s on two cores; more is a hostile file


def _decode_heif_apart(data: bytes) -> tuple[np.ndarray, tuple[int, int]]:
    """:func:`decode_heif` in a child process (see the module docstring)."""
    try:
        done = subprocess.run([sys.executable, "-m", "kiosk.phone.heif_child"], input=data,
                              capture_output=True, timeout=HEIF_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise _damaged("the HEIC image took too long to decode") from exc
    head, _, body = done.stdout.partition(b"\n")
    try:
        answer = json.loads(head or b"{}")
    except ValueError:
        answer = {}
    if done.returncode != 0 or not answer:
        raise _damaged(f"the HEIC decoder failed (exit {done.returncode})")
    if "error" in answer:
        error = answer["error"]
        raise ImageError(InputCode(error["code"]), LABEL, str(error["description"]),
                         **dict(error.get("params") or {}))
    shape = tuple(int(v) for v in answer["shape"])
    pixels = np.frombuffer(body, np.uint8)
    if pixels.size != int(np.prod(shape)):
        raise _damaged("the HEIC decoder's answer was cut off")
    width, height = (int(v) for v in answer["size"])
    return pixels.reshape(shape).copy(), (width, height)


def _damaged(reason: str) -> ImageError:
    return ImageError(InputCode.DAMAGED, LABEL, f"the image is damaged ({reason})",
                      reason=reason)


def decode_heif(data: bytes) -> tuple[np.ndarray, tuple[int, int]]:
    """HEIC/HEIF bytes -> (pixels as :class:`PhonePhoto` has them, upright original size).

    Runs in :mod:`kiosk.phone.heif_child`; raises :class:`ImageError`."""
    import pillow_heif

    pillow_heif.options.DEPTH_IMAGES = False  # never needed: less parsing of a stranger's file
    pillow_heif.options.AUX_IMAGES = False

    try:
        heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
        primary = heif[heif.primary_index]
        width, height = primary.size
    except (ValueError, RuntimeError, OSError, EOFError) as exc:  # libheif's parse errors
        raise _damaged(f"the HEIC image is damaged ({exc})") from exc
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise ImageError(InputCode.TOO_MANY_PIXELS, LABEL,
                         f"image is {width}×{height} pixels, too large to be a photo (limit "
                         f"{MAX_PIXELS // 1_000_000} megapixels)", width=width, height=height,
                         limit_mp=MAX_PIXELS // 1_000_000, kind="HEIC")
    if width < MIN_SIDE or height < MIN_SIDE:
        raise ImageError(InputCode.TOO_SMALL, LABEL, f"image is only {width}×{height} pixels",
                         width=width, height=height, min_side=MIN_SIDE)
    try:
        full = np.asarray(primary)  # decodes here (libheif applies rotation and mirroring)
    except (ValueError, RuntimeError, OSError) as exc:
        raise _damaged(f"the HEIC image cannot be decoded ({exc})") from exc
    scale = min(1.0, WORK_SIDE / max(width, height))
    if scale < 1.0:  # shrink first: every later step then works on ~1.6 MP, not 50
        small = cv2.resize(full, (max(1, round(width * scale)), max(1, round(height * scale))),
                           interpolation=cv2.INTER_AREA)
    else:
        small = np.array(full)
    del full, primary, heif
    # 8-bit RGB or RGBA (convert_hdr_to_8bit), or grey for a monochrome HEIF.
    if small.ndim == 3 and small.shape[2] == 4:
        bgr = cv2.cvtColor(small, cv2.COLOR_RGBA2BGRA)
    elif small.ndim == 3:
        bgr = cv2.cvtColor(small, cv2.COLOR_RGB2BGR)
    else:
        bgr = small
    loaded = load_photo(bgr, name=LABEL)  # the loader's checks and alpha-on-white
    return loaded.pixels, (width, height)
