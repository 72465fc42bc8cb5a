"""The simulated printer's own physical truth, and the cup as it really comes out.

Everything here is what a real machine would do *whatever the software believes*: how far a
dot of powder spreads, where the head really sits over the cup, how much powder a dot really
takes. Calibration has to *measure* these from pictures of printed cups; nothing outside
``printer_driver.sim`` may read them. The kiosk's preview has its own, separate model.

Geometry: dot ``(row, col)`` of an ``(n, n)`` grid is meant to land at
``((col + 0.5 - n/2) * pitch, (row + 0.5 - n/2) * pitch)`` mm from the cup's centre (x right,
y down, as in the picture). It really lands at ``R(rotation) @ (scale * nominal) + offset``
plus a small random jitter per dot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace

import numpy as np

from printer_driver.powders import CINNAMON, COCOA, default_tones

POWDER_NAMES = ("cinnamon", "cocoa")
_CODE_OF = {"cinnamon": CINNAMON, "cocoa": COCOA}
RIM_RGB = (246, 244, 240)
"""sRGB of the cup's rim (white porcelain)."""
COUNTER_RGB = (58, 52, 48)
"""sRGB of what surrounds the cup: the machine's dark cup stand."""


class TruthError(ValueError):
    """A physics-truth setting is malformed; the message names the setting."""


@dataclass(frozen=True)
class PhysicsTruth:
    """The printer's hidden physical constants. All lengths in millimetres.

    Attributes:
        dot_sigma_mm: spread of one dot's powder (Gaussian standard deviation).
        dot_gain: how much more area a dot covers than its nominal square (1 = none).
        opacity: optical density of one nominal layer of powder; a solid area covers
            ``1 - exp(-opacity * dot_gain)`` of the foam.
        offset_x_mm, offset_y_mm: where the head's grid centre really lands relative to
            the cup centre (x right, y down).
        scale: true dot pitch / nominal pitch (belt stretch, step calibration).
        rotation_deg: head rotation relative to the cup, degrees, clockwise in the picture.
        jitter_mm: standard deviation of each dot's random placement error.
        mg_per_dot: true powder dose per dot, milligrams, per powder name.
        reservoir_g: reservoir capacity in grams (a refill fills to this), per powder.
        powder_low_g: the level below which the machine reports "powder low".
        cup_inner_mm: the foam's diameter inside the cup rim.
        cup_rim_mm: width of the cup's rim in the picture.
    """

    dot_sigma_mm: float = 0.16
    dot_gain: float = 1.35
    opacity: float = 2.5
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    scale: float = 1.0
    rotation_deg: float = 0.0
    jitter_mm: float = 0.03
    mg_per_dot: dict[str, float] = field(
        default_factory=lambda: {"cinnamon": 0.2, "cocoa": 0.2}
    )
    reservoir_g: dict[str, float] = field(
        default_factory=lambda: {"cinnamon": 250.0, "cocoa": 250.0}
    )
    powder_low_g: float = 25.0
    cup_inner_mm: float = 82.0
    cup_rim_mm: float = 6.0

    def __post_init__(self) -> None:
        checks = {
            "dot_sigma_mm": self.dot_sigma_mm >= 0,
            "dot_gain": self.dot_gain > 0,
            "opacity": self.opacity > 0,
            "scale": 0.5 <= self.scale <= 2.0,
            "jitter_mm": self.jitter_mm >= 0,
            "powder_low_g": self.powder_low_g >= 0,
            "cup_inner_mm": self.cup_inner_mm > 0,
            "cup_rim_mm": self.cup_rim_mm >= 0,
        }
        for name, ok in checks.items():
            value = getattr(self, name)
            if not (ok and math.isfinite(value)):
                raise TruthError(f"physics truth: {name}={value} is out of range")
        for name in ("mg_per_dot", "reservoir_g"):
            table = dict(getattr(self, name))
            for powder in POWDER_NAMES:
                value = float(table.get(powder, -1))
                if not (value >= 0 and math.isfinite(value)):
                    raise TruthError(f"physics truth: {name}[{powder}] must be >= 0")
            object.__setattr__(self, name, {p: float(table[p]) for p in POWDER_NAMES})

    @classmethod
    def from_nominal(cls) -> PhysicsTruth:
        """Truth that matches the packaged powder table's doses exactly."""
        tones = default_tones()
        return cls(mg_per_dot={p: tones[_CODE_OF[p]].mg_per_dot for p in POWDER_NAMES})

    @classmethod
    def parse(cls, text: str, base: PhysicsTruth | None = None) -> PhysicsTruth:
        """Read ``"offset_x_mm=0.4,rotation_deg=1.5,mg_per_dot.cocoa=0.25"`` over ``base``.

        Short aliases: ``offset_x``, ``offset_y``, ``rotation``, ``sigma``, ``gain``,
        ``jitter``, ``low``.

        Raises:
            TruthError: naming the unknown or malformed setting.
        """
        aliases = {
            "offset_x": "offset_x_mm", "offset_y": "offset_y_mm", "rotation": "rotation_deg",
            "sigma": "dot_sigma_mm", "gain": "dot_gain", "jitter": "jitter_mm",
            "low": "powder_low_g",
        }
        truth = base or cls()
        scalars = {f.name for f in fields(cls)} - {"mg_per_dot", "reservoir_g"}
        changes: dict[str, object] = {}
        tables = {"mg_per_dot": dict(truth.mg_per_dot), "reservoir_g": dict(truth.reservoir_g)}
        for item in filter(None, (part.strip() for part in text.split(","))):
            key, sep, raw = item.partition("=")
            key = aliases.get(key.strip(), key.strip())
            try:
                value = float(raw)
            except ValueError:
                value = math.nan
            if not sep or not math.isfinite(value):
                raise TruthError(f"physics truth: '{item}' is not NAME=NUMBER")
            table, _, powder = key.partition(".")
            if table in tables and powder in POWDER_NAMES:
                tables[table][powder] = value
            elif key in scalars:
                changes[key] = value
            else:
                raise TruthError(
                    f"physics truth: unknown setting '{key}'; use one of "
                    f"{sorted(scalars)} or mg_per_dot.POWDER / reservoir_g.POWDER"
                )
        return replace(truth, **changes, **tables)  # type: ignore[arg-type]

    def dot_positions_mm(
        self, rows: np.ndarray, cols: np.ndarray, n: int, pitch_mm: float,
        rng: np.random.Generator | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Where dots ``(rows, cols)`` of an ``(n, n)`` grid really land: ``(x, y)`` in mm.

        Positions are relative to the cup centre; ``rng`` adds placement jitter.
        """
        nx = (np.asarray(cols, np.float64) + 0.5 - n / 2.0) * pitch_mm * self.scale
        ny = (np.asarray(rows, np.float64) + 0.5 - n / 2.0) * pitch_mm * self.scale
        a = math.radians(self.rotation_deg)
        x = math.cos(a) * nx - math.sin(a) * ny + self.offset_x_mm
        y = math.sin(a) * nx + math.cos(a) * ny + self.offset_y_mm
        if rng is not None and self.jitter_mm > 0:
            x = x + rng.normal(0.0, self.jitter_mm, x.shape)
            y = y + rng.normal(0.0, self.jitter_mm, y.shape)
        return x, y


def _srgb_to_linear(c: np.ndarray) -> np.ndarray:
    c = np.asarray(c, np.float64) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _linear_to_srgb(c: np.ndarray) -> np.ndarray:
    c = np.clip(c, 0.0, 1.0)
    s = np.where(c <= 0.0031308, c * 12.92, 1.055 * np.power(c, 1 / 2.4) - 0.055)
    return np.clip(np.round(s * 255.0), 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class CupPicture:
    """A rendered cup: ``rgb`` is ``(size, size, 3)`` uint8; ``px_per_mm`` its scale.

    The cup centre is at the picture's centre: pixel ``(i, j)`` (column, row) shows the
    point ``((i + 0.5 - size/2) / px_per_mm, (j + 0.5 - size/2) / px_per_mm)`` mm.
    """

    rgb: np.ndarray
    px_per_mm: float


def render_printed_cup(
    dots: np.ndarray, truth: PhysicsTruth, *, pitch_mm: float = 0.3, size_px: int = 768,
    seed: int = 0,
) -> CupPicture:
    """Draw the cup top as the powder really landed, as a camera above it would see it.

    Args:
        dots: ``(n, n)`` uint8 dot codes that were actually printed (0 foam, 1, 2 powder).
        truth: the printer's physics.
        pitch_mm: the nominal dot pitch the head steps by.
        size_px: side of the square picture; it spans the cup with its rim plus a margin.
        seed: seeds the per-dot placement jitter, so a picture is reproducible.
    """
    import cv2  # heavy; only the output writer and calibration tests need it

    dots = np.asarray(dots, np.uint8)
    n = dots.shape[0]
    field_mm = truth.cup_inner_mm + 2 * truth.cup_rim_mm + 8.0
    px_per_mm = size_px / field_mm
    centre = size_px / 2.0
    rng = np.random.default_rng(seed)
    tones = default_tones()
    foam = _srgb_to_linear(np.array(tones[0].display_rgb))
    # Deposit each powder's dots as mass on a supersampled-free grid, then spread it.
    cover_sigma_px = max(truth.dot_sigma_mm * px_per_mm, 0.3)
    dot_area_px = (pitch_mm * truth.scale * px_per_mm) ** 2 * truth.dot_gain
    img = np.broadcast_to(foam, (size_px, size_px, 3)).copy()
    for powder in POWDER_NAMES:
        code = _CODE_OF[powder]
        rows, cols = np.nonzero(dots == code)
        if rows.size == 0:
            continue
        x, y = truth.dot_positions_mm(rows, cols, n, pitch_mm, rng)
        # Pixel i spans [i, i + 1) with its centre at i + 0.5 (as the rim below); the
        # splat puts a dot at coordinate p on pixel floor(p), so shift by half a pixel.
        px = x * px_per_mm + centre - 0.5
        py = y * px_per_mm + centre - 0.5
        mass = np.zeros((size_px, size_px), np.float64)
        ix, iy = np.floor(px).astype(int), np.floor(py).astype(int)
        fx, fy = px - ix, py - iy
        # Bilinear splat: a dot between pixels shares its powder between them.
        for dx, dy, w in ((0, 0, (1 - fx) * (1 - fy)), (1, 0, fx * (1 - fy)),
                          (0, 1, (1 - fx) * fy), (1, 1, fx * fy)):
            xx, yy = ix + dx, iy + dy
            ok = (xx >= 0) & (xx < size_px) & (yy >= 0) & (yy < size_px)
            np.add.at(mass, (yy[ok], xx[ok]), w[ok])
        spread = np.asarray(cv2.GaussianBlur(mass, (0, 0), cover_sigma_px), np.float64)
        coverage = 1.0 - np.exp(-spread * dot_area_px * truth.opacity)
        colour = _srgb_to_linear(np.array(tones[code].display_rgb))
        img = img * (1.0 - coverage[..., None]) + colour * coverage[..., None]
    # Outside the foam: the cup's rim, then the counter.
    yy, xx = np.mgrid[0:size_px, 0:size_px]
    r_mm = np.hypot(xx + 0.5 - centre, yy + 0.5 - centre) / px_per_mm
    rim = (r_mm > truth.cup_inner_mm / 2) & (r_mm <= truth.cup_inner_mm / 2 + truth.cup_rim_mm)
    img[rim] = _srgb_to_linear(np.array(RIM_RGB))
    img[r_mm > truth.cup_inner_mm / 2 + truth.cup_rim_mm] = _srgb_to_linear(
        np.array(COUNTER_RGB)
    )
    return CupPicture(rgb=_linear_to_srgb(img), px_per_mm=px_per_mm)


def photograph(
    picture: CupPicture, *, noise: float = 2.0, vignette: float = 0.12, blur_px: float = 0.8,
    seed: int = 0,
) -> np.ndarray:
    """The cup picture as a camera straight above the counter would take it.

    (:mod:`printer_driver.sim.camera` adds a pose: tilt, turn, zoom, glare.)

    Adds lens blur (Gaussian, ``blur_px``), light falling off towards the corners
    (``vignette``: fraction of brightness lost at the picture's corner) and sensor noise
    (``noise``: standard deviation in 8-bit levels), reproducibly for ``seed``. Returns
    ``(height, width, 3)`` uint8 RGB, the picture's shape.
    """
    import cv2

    img = picture.rgb.astype(np.float32)
    if blur_px > 0:
        img = np.asarray(cv2.GaussianBlur(img, (0, 0), blur_px), np.float32)
    h, w = img.shape[:2]  # square for a cup picture; any shape for the simulated camera
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r2 = ((xx - w / 2) ** 2 + (yy - h / 2) ** 2) / ((w / 2) ** 2 + (h / 2) ** 2)
    img *= (1.0 - vignette * r2)[..., None]
    if noise > 0:
        img += np.random.default_rng(seed).normal(0.0, noise, img.shape).astype(np.float32)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)
