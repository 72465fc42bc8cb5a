"""Hard photos made on the fly from the offline pictures scikit-image ships.

Each case is a photo as a customer or a reviewer might hand it in: badly lit, tinted,
noisy, tiny in a busy frame, tilted, rotated by EXIF, huge, 16-bit, CMYK, transparent,
faceless, or damaged. Nothing here is committed as a binary fixture; every case is built
from ``skimage.data`` in memory (a few ms each) and, where the format matters, encoded.

``Case.face`` is where the customer's face is, ``(cx, cy, width)`` in pixels of the
upright photo, or None when there is none to find.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
from PIL import Image

# The astronaut's face (skimage.data.astronaut, 512 x 512): centre and width of the Haar box.
_FACE = (223.0, 115.0, 98.0)


@dataclass(frozen=True)
class Case:
    """A photo and what the kiosk should make of it."""

    name: str
    photo: bytes | np.ndarray
    face: tuple[float, float, float] | None
    tilt: float = 0.0  # degrees the head is turned counter-clockwise in the photo


@cache
def astronaut() -> np.ndarray:
    """(512, 512, 3) BGR, read-only."""
    from skimage import data

    img = np.ascontiguousarray(data.astronaut()[:, :, ::-1])
    img.setflags(write=False)
    return img


@cache
def _sk(name: str) -> np.ndarray:
    from skimage import data

    img = getattr(data, name)()
    img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR) if img.ndim == 2 else img[:, :, 2::-1]
    img = np.ascontiguousarray(img)
    img.setflags(write=False)
    return img


def _jpeg(bgr: np.ndarray, quality: int = 90) -> bytes:
    ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return buf.tobytes()


def _png(img: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", img)
    assert ok
    return buf.tobytes()


def _face_at(scale: float, dx: float, dy: float) -> tuple[float, float, float]:
    cx, cy, w = _FACE
    return (cx * scale + dx, cy * scale + dy, w * scale)


def _person_mask(size: int) -> np.ndarray:
    """Soft float mask of the astronaut's head and shoulders (for pasting onto scenes)."""
    k = size / 512.0
    m = np.zeros((size, size), np.float32)
    cv2.ellipse(m, (round(225 * k), round(130 * k)), (round(95 * k), round(120 * k)), 0, 0,
                360, 1.0, -1)
    cv2.ellipse(m, (round(240 * k), round(420 * k)), (round(250 * k), round(170 * k)), 0, 0,
                360, 1.0, -1)
    return cv2.GaussianBlur(m, (0, 0), max(1.0, 6 * k))


def _paste(scene: np.ndarray, person: np.ndarray, x: int, y: int) -> np.ndarray:
    out = scene.copy()
    s = person.shape[0]
    a = _person_mask(s)[..., None]
    roi = out[y:y + s, x:x + s].astype(np.float32)
    out[y:y + s, x:x + s] = (a * person + (1 - a) * roi).astype(np.uint8)
    return out


def _cafe(width: int, height: int) -> np.ndarray:
    """A busy, cluttered background of cups, rockets and a cat, tiled (no other faces)."""
    tiles = [cv2.resize(_sk(n), (320, 240), interpolation=cv2.INTER_AREA)
             for n in ("coffee", "rocket", "chelsea", "coffee", "hubble_deep_field", "rocket")]
    rows = []
    for r in range(height // 240 + 1):
        row = np.hstack([tiles[(r * 3 + c) % len(tiles)] for c in range(width // 320 + 1)])
        rows.append(row)
    return np.ascontiguousarray(np.vstack(rows)[:height, :width])


def _exif_jpeg(bgr: np.ndarray, orientation: int) -> bytes:
    """A JPEG stored sideways as a phone does, with the EXIF tag that turns it upright."""
    img = Image.fromarray(bgr[:, :, ::-1])
    stored = {6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}[orientation]
    img = img.transpose(stored)
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90, exif=exif.tobytes())
    return buf.getvalue()


def _png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims an absurd size."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))


def _tone(bgr: np.ndarray, fn: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    f = bgr.astype(np.float32) / 255.0
    return np.clip(fn(f) * 255.0 + 0.5, 0, 255).astype(np.uint8)


def backlit() -> np.ndarray:
    """Face dark against a blown-out window: the person at 35 %, the rest near white."""
    a = astronaut()
    m = _person_mask(512)[..., None]
    dark = a.astype(np.float32) * 0.3
    window = 235 + 0.08 * a.astype(np.float32)
    return np.clip(m * dark + (1 - m) * window, 0, 255).astype(np.uint8)


def tilted(angle: float) -> tuple[np.ndarray, tuple[float, float, float]]:
    """The astronaut's head tilted ``angle`` degrees (positive: counter-clockwise)."""
    a = astronaut()
    rot = cv2.getRotationMatrix2D((256.0, 256.0), angle, 1.0)
    img = cv2.warpAffine(a, rot, (512, 512), borderMode=cv2.BORDER_REFLECT)
    cx, cy, w = _FACE
    x, y = rot @ np.array([cx, cy, 1.0])
    return img, (float(x), float(y), w)


def good_cases() -> list[Case]:
    """Photos with one customer to find (or one main one)."""
    a = astronaut()
    rng = np.random.default_rng(7)
    cases = [Case("reference", a.copy(), _FACE)]
    cases.append(Case("backlit", backlit(), _FACE))
    cases.append(Case("underexposed", _tone(a, lambda f: 0.22 * f ** 1.3), _FACE))
    cases.append(Case("overexposed", _tone(a, lambda f: 0.45 + 0.75 * f), _FACE))
    cases.append(Case("low-contrast", _tone(a, lambda f: 0.38 + 0.25 * f), _FACE))
    cases.append(Case("tungsten", _tone(a, lambda f: f * np.array([0.45, 0.8, 1.15])), _FACE))
    cases.append(Case("fluorescent", _tone(a, lambda f: f * np.array([0.85, 1.15, 0.6])), _FACE))
    noisy = np.clip(a.astype(np.float32) * 0.6 + rng.normal(0, 22, a.shape), 0, 255)
    cases.append(Case("high-iso", noisy.astype(np.uint8), _FACE))
    # Small face (person 200 px) far away in a 1600x1200 café, off the middle.
    small = cv2.resize(a, (200, 200), interpolation=cv2.INTER_AREA)
    cases.append(Case("small-in-cafe", _jpeg(_paste(_cafe(1600, 1200), small, 900, 380)),
                      _face_at(200 / 512, 900, 380)))
    # Face near the right edge of a 640x480 camera frame.
    frame = _paste(_cafe(640, 480), cv2.resize(a, (300, 300), interpolation=cv2.INTER_AREA),
                   330, 20)
    cases.append(Case("near-edge", frame, _face_at(300 / 512, 330, 20)))
    for angle in (20, -22):
        img, face = tilted(angle)
        cases.append(Case(f"tilt{angle:+d}", img, face, tilt=angle))
    # Two people: the customer large and central, a second smaller face behind.
    two = _paste(_cafe(900, 600), cv2.resize(a, (160, 160), interpolation=cv2.INTER_AREA),
                 700, 60)
    two = _paste(two, cv2.resize(a, (420, 420), interpolation=cv2.INTER_AREA), 240, 120)
    cases.append(Case("two-faces", two, _face_at(420 / 512, 240, 120)))
    # Phone portrait photos stored sideways with EXIF orientation 6 and 8.
    tall = cv2.resize(_paste(_cafe(512, 700), a, 0, 100), (768, 1050))
    tall_face = _face_at(1.5, 0, 150)
    cases.append(Case("exif6", _exif_jpeg(tall, 6), tall_face))
    cases.append(Case("exif8", _exif_jpeg(tall, 8), tall_face))
    # 4000x3000 (12 MP) JPEG, person filling the middle.
    big = cv2.resize(_cafe(1024, 768), (4000, 3000), interpolation=cv2.INTER_LINEAR)
    big = _paste(big, cv2.resize(a, (2200, 2200), interpolation=cv2.INTER_LINEAR), 900, 500)
    cases.append(Case("12mp", _jpeg(big, 85), _face_at(2200 / 512, 900, 500)))
    cases.append(Case("grey", _png(cv2.cvtColor(a, cv2.COLOR_BGR2GRAY)), _FACE))
    cases.append(Case("16bit", _png(a.astype(np.uint16) * 257), _FACE))
    cmyk = io.BytesIO()
    Image.fromarray(a[:, :, ::-1]).convert("CMYK").save(cmyk, "JPEG", quality=90)
    cases.append(Case("cmyk", cmyk.getvalue(), _FACE))
    bgra = cv2.cvtColor(a, cv2.COLOR_BGR2BGRA)
    bgra[..., 3] = (_person_mask(512) * 255).astype(np.uint8)
    cases.append(Case("rgba", _png(bgra), _FACE))
    return cases


def no_face_cases() -> list[Case]:
    """Photos with nobody in them: the kiosk frames the middle and says so."""
    return [Case("cat", _jpeg(_sk("chelsea")), None), Case("coffee", _jpeg(_sk("coffee")), None)]


def damaged_cases() -> list[tuple[str, bytes, str]]:
    """``(name, bytes, word the message must contain)`` for files that cannot be a photo."""
    good = _jpeg(astronaut())
    rng = np.random.default_rng(11)
    return [
        ("truncated.jpg", good[: len(good) // 2], "damaged"),
        ("random.jpg", rng.integers(0, 256, 20_000, dtype=np.uint8).tobytes(), "not a photo"),
        ("empty.jpg", b"", "empty"),
        ("letter.jpg", b"Dear customer,\nthis is a text file.\n" * 40, "not a photo"),
        ("bomb.png", _png_bomb(), "too large"),
    ]
