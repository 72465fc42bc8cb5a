"""The powder mask: the printer's input format.

A mask is a square grid of dots over the circular print area on the foam. Each dot is
``uint8``: 0 foam (no powder), 1 cinnamon, 2 cocoa. Dots outside the circle are always
foam. The grid's side is ``ceil(diameter_mm / pitch_mm)`` dots; dot ``(row, col)`` has its
centre at ``((col + 0.5) * pitch, (row + 0.5) * pitch)`` mm from the grid's top-left
corner, and the circle is centred on the grid.

A mask saves as an indexed (palette) PNG whose pixel values are the dot codes and whose
``photolatte.mask`` text chunk carries the metadata as JSON; loading it back is exact.

A mask may be *placed* for a measured head (``placement``, :mod:`printer_driver.placement`):
its dots were laid out so that this head prints the picture centred and true. The metadata
then carries ``placement`` (absent for a mask made for a nominal head, so such files are
byte for byte what older versions wrote, and older readers ignore the key).
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, PngImagePlugin

from printer_driver.input_files import InputCode, InputError, looks_like_png, read_input_file
from printer_driver.placement import HeadGeometry
from printer_driver.powders import FOAM, PowderSet, Tone, default_tones

MASK_FORMAT_VERSION = 1
PNG_META_KEY = "photolatte.mask"
MAX_GRID = 4096  # a 0.3 mm pitch over a 1.2 m "cup": anything larger is a mistake


class MaskError(InputError):
    """A mask is malformed or a mask file cannot be read; ``code`` says which (``bad_mask``
    for dots or geometry made in memory), the message says why."""

    def __init__(self, description: str, *, code: InputCode = InputCode.BAD_MASK,
                 file: str = "", **params: object) -> None:
        super().__init__(code, file, description, **params)


#: How a PNG saved in another mode than dot codes is described.
_MODE_NAMES = {"1": "black and white", "L": "greyscale", "LA": "greyscale with transparency",
               "I": "16-bit greyscale", "I;16": "16-bit greyscale", "RGB": "colour",
               "RGBA": "colour with transparency"}


def grid_size(diameter_mm: float, pitch_mm: float) -> int:
    """Dots across the grid for a circle of ``diameter_mm`` at ``pitch_mm`` per dot."""
    if not (diameter_mm > 0 and pitch_mm > 0 and math.isfinite(diameter_mm / pitch_mm)):
        raise MaskError(f"diameter {diameter_mm} mm and pitch {pitch_mm} mm must be positive")
    n = math.ceil(diameter_mm / pitch_mm - 1e-9)
    if n > MAX_GRID:
        raise MaskError(f"{n} dots across is more than the {MAX_GRID} a printer can take")
    return max(n, 1)


@lru_cache(maxsize=16)
def _circle(n: int, radius_dots: float) -> np.ndarray:
    centre = n / 2.0
    pos = np.arange(n, dtype=np.float64) + 0.5 - centre
    inside = (pos[:, None] ** 2 + pos[None, :] ** 2) <= radius_dots**2 + 1e-9
    inside.setflags(write=False)
    return inside


def circle_mask(diameter_mm: float, pitch_mm: float) -> np.ndarray:
    """Boolean ``(n, n)`` array, True where a dot's centre lies inside the print circle.

    The returned array is shared and read-only.
    """
    n = grid_size(diameter_mm, pitch_mm)
    return _circle(n, diameter_mm / pitch_mm / 2.0)


@dataclass(frozen=True, eq=False)
class Mask:
    """Dots to print, with the geometry and powders they were made for.

    Attributes:
        dots: ``(n, n)`` ``uint8`` array of dot codes, read-only; n = ``grid_size``.
        pitch_mm: distance between dot centres in millimetres.
        diameter_mm: diameter of the print circle in millimetres.
        powders: which powders the dots may use.
        placement: the head geometry the dots were laid out for (calibration's geometry
            correction); None: for a nominal head.
    """

    dots: np.ndarray
    pitch_mm: float = 0.3
    diameter_mm: float = 76.0
    powders: PowderSet = PowderSet.BOTH
    placement: HeadGeometry | None = None
    _counts: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        powders = PowderSet(self.powders)
        object.__setattr__(self, "powders", powders)
        dots = np.asarray(self.dots)
        n = grid_size(self.diameter_mm, self.pitch_mm)
        if dots.shape != (n, n):
            raise MaskError(
                f"dots are {dots.shape}, but a {self.diameter_mm} mm circle at "
                f"{self.pitch_mm} mm pitch needs ({n}, {n})"
            )
        if dots.dtype != np.uint8:
            if not np.issubdtype(dots.dtype, np.integer):
                raise MaskError(f"dots must be integers, not {dots.dtype}")
            dots = dots.astype(np.uint8)
        counts = np.bincount(dots.ravel(), minlength=3)
        bad = [code for code in range(len(counts)) if counts[code] and code not in powders.codes]
        if bad:
            raise MaskError(f"dot codes {bad} are not allowed with powders '{powders.value}'")
        outside = ~circle_mask(self.diameter_mm, self.pitch_mm)
        if dots[outside].any():
            raise MaskError("powder outside the print circle; clear dots outside the circle")
        dots = np.array(dots, dtype=np.uint8, copy=True)
        dots.setflags(write=False)
        object.__setattr__(self, "dots", dots)
        object.__setattr__(self, "_counts", {c: int(counts[c]) for c in range(3)})

    # --- construction -----------------------------------------------------------------

    @classmethod
    def blank(
        cls, *, diameter_mm: float = 76.0, pitch_mm: float = 0.3,
        powders: PowderSet = PowderSet.BOTH,
    ) -> Mask:
        """An all-foam mask of the given geometry."""
        n = grid_size(diameter_mm, pitch_mm)
        return cls(np.zeros((n, n), np.uint8), pitch_mm, diameter_mm, powders)

    @classmethod
    def from_levels(
        cls, dots: np.ndarray, *, diameter_mm: float = 76.0, pitch_mm: float = 0.3,
        powders: PowderSet = PowderSet.BOTH, placement: HeadGeometry | None = None,
    ) -> Mask:
        """Build a mask from dot codes, clearing whatever lies outside the circle."""
        arr = np.array(dots, dtype=np.uint8, copy=True)
        n = grid_size(diameter_mm, pitch_mm)
        if arr.shape != (n, n):
            raise MaskError(f"dots are {arr.shape}, expected ({n}, {n})")
        arr[~circle_mask(diameter_mm, pitch_mm)] = FOAM
        return cls(arr, pitch_mm, diameter_mm, powders, placement)

    # --- facts ----------------------------------------------------------------------

    @property
    def size(self) -> int:
        """Dots across the grid."""
        return int(self.dots.shape[0])

    @property
    def circle(self) -> np.ndarray:
        """Boolean ``(n, n)``: True inside the print circle (read-only)."""
        return circle_mask(self.diameter_mm, self.pitch_mm)

    def dot_counts(self) -> dict[str, int]:
        """Number of dots of each powder, keyed by powder name (foam excluded)."""
        tones = default_tones()
        return {tones[c].name: self._counts[c] for c in (1, 2)}

    def grams(self, tones: dict[int, Tone] | None = None) -> dict[str, float]:
        """Estimated powder use in grams, keyed by powder name."""
        tones = tones or default_tones()
        return {
            tones[c].name: self._counts[c] * tones[c].mg_per_dot / 1000.0 for c in (1, 2)
        }

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mask):
            return NotImplemented
        return (
            self.pitch_mm == other.pitch_mm
            and self.diameter_mm == other.diameter_mm
            and self.powders == other.powders
            and self.placement == other.placement
            and np.array_equal(self.dots, other.dots)
        )

    __hash__ = None  # type: ignore[assignment]  # mutable-looking array: no hashing

    # --- PNG ------------------------------------------------------------------------

    def metadata(self) -> dict:
        """The JSON-able metadata stored beside the dots."""
        meta: dict[str, object] = {
            "version": MASK_FORMAT_VERSION,
            "pitch_mm": self.pitch_mm,
            "diameter_mm": self.diameter_mm,
            "powders": self.powders.value,
            "size": self.size,
        }
        if self.placement is not None:
            meta["placement"] = self.placement.to_dict()
        return meta

    def to_png_bytes(self) -> bytes:
        """The mask as an indexed PNG (pixel value = dot code) with metadata."""
        img = Image.frombytes("P", (self.size, self.size), self.dots.tobytes())
        palette: list[int] = []
        tones = default_tones()
        for code in range(3):
            palette.extend(tones[code].display_rgb)
        img.putpalette(palette + [0, 0, 0] * (256 - 3))
        info = PngImagePlugin.PngInfo()
        info.add_text(PNG_META_KEY, json.dumps(self.metadata(), sort_keys=True))
        buf = io.BytesIO()
        # optimize=True costs ~90 ms per 254x254 mask and saves ~2% on dithered dots.
        img.save(buf, format="PNG", pnginfo=info)
        return buf.getvalue()

    def save_png(self, path: str | Path) -> None:
        """Write the mask PNG to ``path``."""
        Path(path).write_bytes(self.to_png_bytes())

    @classmethod
    def from_png_bytes(cls, data: bytes, *, name: str = "mask") -> Mask:
        """Read a mask PNG written by :meth:`to_png_bytes`.

        A PNG carrying mask data is a mask or an error, never a picture: its size is checked
        against the data (and so against :data:`MAX_GRID`) before a pixel is decoded.

        Raises:
            MaskError: naming ``name``; ``code`` ``not_a_mask`` (not a PNG, or a PNG without
                mask data), ``damaged`` (a PNG that cannot be opened), ``mask_damaged`` or
                ``mask_too_new``.
        """
        if not looks_like_png(data):
            raise MaskError("not a PNG, so not a Photo Latte mask", code=InputCode.NOT_A_MASK,
                            file=name)
        try:
            # The plugin class itself, not Image.open: its pixel-count warning comes before
            # we could see the mask data; the size is checked against the data below instead.
            img = PngImagePlugin.PngImageFile(io.BytesIO(data))
        except (SyntaxError, OSError, ValueError, EOFError) as exc:
            raise MaskError(f"the PNG is damaged ({exc})", code=InputCode.DAMAGED, file=name,
                            reason=str(exc)) from exc
        raw = img.info.get(PNG_META_KEY)
        if raw is None:
            raise MaskError(f"not a Photo Latte mask (no '{PNG_META_KEY}' data)",
                            code=InputCode.NOT_A_MASK, file=name)
        try:
            meta = json.loads(raw)
            version = int(meta["version"])
            pitch, diameter = float(meta["pitch_mm"]), float(meta["diameter_mm"])
            powders = PowderSet(meta["powders"])
            n = grid_size(diameter, pitch)
            placement = (None if meta.get("placement") is None
                         else HeadGeometry.from_dict(meta["placement"]))
        except (ValueError, KeyError, TypeError) as exc:  # MaskError is a ValueError
            raise _damaged(name, f"its mask data is damaged ({exc})") from exc
        if version > MASK_FORMAT_VERSION:
            raise MaskError(f"mask format {version} is newer than this software",
                            code=InputCode.MASK_TOO_NEW, file=name, version=version,
                            supported=MASK_FORMAT_VERSION)
        width, height = img.size
        if (width, height) != (n, n):
            raise _damaged(name, f"it is {width}×{height} pixels, but its mask data says "
                                 f"{n}×{n} dots")
        if img.mode != "P":
            raise _damaged(name, f"it was saved as {_MODE_NAMES.get(img.mode, img.mode)} "
                                 "pixels, not as dot codes")
        try:
            img.load()
        except (SyntaxError, OSError, ValueError, EOFError) as exc:
            raise _damaged(name, f"its dots are cut off or corrupt ({exc})") from exc
        try:
            return cls(np.asarray(img, dtype=np.uint8), pitch, diameter, powders, placement)
        except MaskError as exc:
            raise _damaged(name, exc.description) from exc

    @classmethod
    def load_png(cls, path: str | Path) -> Mask:
        """Read a mask PNG file (a regular file of at most ``MAX_FILE_BYTES``).

        Raises:
            MaskError: naming the file, with the code of what is wrong (see
                :func:`printer_driver.input_files.read_input_file` and :meth:`from_png_bytes`).
        """
        try:
            data = read_input_file(path)
        except InputError as exc:
            raise MaskError(exc.description, code=exc.code, file=exc.file,
                            **exc.params) from exc
        return cls.from_png_bytes(data, name=str(path))


def _damaged(name: str, reason: str) -> MaskError:
    return MaskError(f"carries mask data but is not a valid mask: {reason}",
                     code=InputCode.MASK_DAMAGED, file=name, reason=reason)
