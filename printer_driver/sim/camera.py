"""The simulator's camera: the printed cup photographed from a seeded, random pose.

A technician's phone or the kiosk's camera never looks straight down at the cup's centre:
it leans (up to 15° off the vertical), points a little beside the centre, stands 20-45 cm
away, zooms in or out and may be turned any way round. :class:`SimCamera` takes the cup as
it really came out (:func:`printer_driver.sim.physics.render_printed_cup`), places it on
the machine's cup stand, looks at it through a pinhole camera with such a pose, adds a
soft highlight on the foam now and then (glare), the lens blur, then the vignetting and
sensor noise of :func:`~printer_driver.sim.physics.photograph`. Everything up to the
sensor happens in linear light, as it does in a real camera: a lens and a pixel average
light, not sRGB codes (averaging codes darkens fine dot texture by up to 2 L*).

The stand carries two white index marks on the machine's y axis, behind and in front of
the cup (:data:`STAND_MARKS_MM`), so that a photo taken from any turn still shows which
way the machine faces: calibration measures the head's rotation against them.

Coordinates: the foam plane in millimetres from the cup centre, x right and y towards the
front of the machine (down in the simulator's pictures); the camera's optical axis points
down into the cup. Photo pixel ``(u, v)`` (column, row) has its centre at ``(u, v)``.
Everything is reproducible from ``seed`` and the shot number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from printer_driver.sim.physics import COUNTER_RGB, CupPicture, photograph

if TYPE_CHECKING:
    from printer_driver.sim.printer import SimPrinter

STAND_MARK_RADIUS_MM = 50.0
"""Distance of the stand's index marks from the cup centre."""
STAND_MARK_DIAMETER_MM = 3.0
STAND_MARKS_MM = ((0.0, -STAND_MARK_RADIUS_MM), (0.0, STAND_MARK_RADIUS_MM))
"""The index marks' centres (behind and in front of the cup), mm in the foam plane."""
STAND_MARK_RGB = (236, 236, 230)
_VIEW_RADIUS_MM = 54.0  # the stand with its marks: what every pose keeps in the frame

DEFAULT_SIZE = (1024, 768)
"""Photo size ``(width, height)`` in pixels."""


@dataclass(frozen=True)
class CameraPose:
    """Where the camera stands and how it looks at the cup.

    Attributes:
        tilt_deg: angle between the optical axis and the vertical (0 = straight down).
        lean_deg: direction of the lean, degrees from +x towards +y in the foam plane.
        turn_deg: the camera's roll about its optical axis (any angle).
        distance_mm: from the camera to the point it aims at.
        aim_x_mm, aim_y_mm: where the optical axis meets the foam plane.
        fill: how much of the frame the stand's view circle (54 mm radius) fills, 0..1.
    """

    tilt_deg: float = 0.0
    lean_deg: float = 0.0
    turn_deg: float = 0.0
    distance_mm: float = 300.0
    aim_x_mm: float = 0.0
    aim_y_mm: float = 0.0
    fill: float = 0.8

    @classmethod
    def random(cls, rng: np.random.Generator, *, max_tilt_deg: float = 15.0) -> CameraPose:
        """A plausible hand-held or mounted pose: any turn, tilt up to ``max_tilt_deg``."""
        r = 10.0 * math.sqrt(rng.uniform())
        a = rng.uniform(0.0, 2 * math.pi)
        return cls(
            tilt_deg=float(rng.uniform(0.0, max_tilt_deg)),
            lean_deg=float(rng.uniform(0.0, 360.0)),
            turn_deg=float(rng.uniform(0.0, 360.0)),
            distance_mm=float(rng.uniform(220.0, 450.0)),
            aim_x_mm=r * math.cos(a), aim_y_mm=r * math.sin(a),
            fill=float(rng.uniform(0.6, 0.95)),
        )

    def homography(self, size: tuple[int, int] = DEFAULT_SIZE) -> np.ndarray:
        """3x3 float64 map from foam-plane mm ``(x, y, 1)`` to photo pixels ``(u, v, w)``."""
        tilt, lean = math.radians(self.tilt_deg), math.radians(self.lean_deg)
        forward = np.array([math.sin(tilt) * math.cos(lean), math.sin(tilt) * math.sin(lean),
                            math.cos(tilt)])
        # Camera-to-world rotation: the lean (about the horizontal axis perpendicular to it)
        # after the roll about the optical axis. With no tilt and no turn the camera's axes
        # are the foam plane's: the photo shows the cup as the simulator's pictures do.
        r_cw = _rotation_to(forward) @ _roll(math.radians(self.turn_deg))
        r_wc = r_cw.T
        centre = np.array([self.aim_x_mm, self.aim_y_mm, 0.0]) - self.distance_mm * forward
        t = -r_wc @ centre
        plane = np.column_stack([r_wc[:, 0], r_wc[:, 1], t])  # (x, y, 1) -> camera coords
        w, h = size
        ring = np.linspace(0, 2 * math.pi, 72, endpoint=False)
        pts = np.stack([_VIEW_RADIUS_MM * np.cos(ring), _VIEW_RADIUS_MM * np.sin(ring),
                        np.ones_like(ring)])
        cam = plane @ pts
        xn, yn = cam[0] / cam[2], cam[1] / cam[2]
        focal = self.fill * min(w / 2 / np.abs(xn).max(), h / 2 / np.abs(yn).max())
        k = np.array([[focal, 0.0, (w - 1) / 2], [0.0, focal, (h - 1) / 2], [0.0, 0.0, 1.0]])
        return k @ plane


def _rotation_to(v: np.ndarray) -> np.ndarray:
    """The rotation taking +z to unit vector ``v`` about the axis perpendicular to both."""
    z = np.array([0.0, 0.0, 1.0])
    axis = np.cross(z, v)
    s, c = float(np.linalg.norm(axis)), float(v @ z)
    if s < 1e-12:
        return np.eye(3)
    k = axis / s
    kx = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + s * kx + (1 - c) * (kx @ kx)


def _roll(a: float) -> np.ndarray:
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


@dataclass(frozen=True)
class Shot:
    """One photo and how it was taken.

    Attributes:
        rgb: ``(height, width, 3)`` uint8 RGB.
        pose: the camera's pose.
        homography: 3x3 map from foam-plane mm to photo pixels (the truth of this shot).
        glare: ``(x_mm, y_mm, sigma_mm, amplitude)`` of the highlight (amplitude in linear
            light, the foam being ~0.77), or None.
    """

    rgb: np.ndarray
    pose: CameraPose
    homography: np.ndarray
    glare: tuple[float, float, float, float] | None


class SimCamera:
    """Photographs printed cups from a random pose per shot, reproducibly.

    Args:
        seed: with the shot number, fixes the pose, the glare and the noise.
        size: ``(width, height)`` of the photos in pixels.
        max_tilt_deg: the steepest lean off the vertical.
        glare: chance (0..1) that a shot has a highlight on the foam.
        noise, vignette, blur_px: as :func:`~printer_driver.sim.physics.photograph`.
    """

    def __init__(
        self, seed: int = 0, *, size: tuple[int, int] = DEFAULT_SIZE,
        max_tilt_deg: float = 15.0, glare: float = 0.5, noise: float = 2.0,
        vignette: float = 0.12, blur_px: float = 0.8,
    ) -> None:
        if not (0.0 <= max_tilt_deg < 60.0):
            raise ValueError(f"max_tilt_deg {max_tilt_deg} must be in 0..60")
        if size[0] < 64 or size[1] < 64:
            raise ValueError(f"photo size {size} is too small")
        self.seed = int(seed)
        self.size = (int(size[0]), int(size[1]))
        self.max_tilt_deg = float(max_tilt_deg)
        self.glare = float(glare)
        self.noise, self.vignette, self.blur_px = float(noise), float(vignette), float(blur_px)

    def pose(self, shot: int = 0) -> CameraPose:
        """The pose of shot number ``shot``."""
        rng = np.random.default_rng((self.seed, int(shot), 1))
        return CameraPose.random(rng, max_tilt_deg=self.max_tilt_deg)

    def shoot(self, picture: CupPicture, *, shot: int = 0,
              pose: CameraPose | None = None) -> Shot:
        """Photograph ``picture`` (a cup from ``render_printed_cup``) as shot ``shot``."""
        import cv2

        rng = np.random.default_rng((self.seed, int(shot), 2))
        pose = pose or self.pose(shot)
        h_plane = pose.homography(self.size)
        size_px = picture.rgb.shape[0]
        ppm = picture.px_per_mm
        c = size_px / 2.0
        # Source pixel (i, j) shows mm ((i + 0.5 - c) / ppm, ...) (see CupPicture).
        src_to_mm = np.array([[1 / ppm, 0, (0.5 - c) / ppm], [0, 1 / ppm, (0.5 - c) / ppm],
                              [0, 0, 1]])
        m = h_plane @ src_to_mm
        # Light is imaged in linear light: the lens and the sensor's pixels average it
        # before any gamma is applied (averaging sRGB codes would darken fine dot texture).
        src = _to_linear(picture.rgb)
        # Shrinking the picture: blur it first, as a lens would, so dots do not alias.
        shrink = 1.0 / math.sqrt(abs(np.linalg.det(_jacobian(m, c - 0.5, c - 0.5))))
        if shrink > 1.05:
            src = cv2.GaussianBlur(src, (0, 0), 0.45 * math.sqrt(shrink**2 - 1.0))
        w, h = self.size
        img = cv2.warpPerspective(src, m, (w, h), flags=cv2.INTER_LINEAR,
                                  borderMode=cv2.BORDER_CONSTANT,
                                  borderValue=tuple(float(v) for v in _to_linear(
                                      np.array([[COUNTER_RGB]], np.uint8))[0, 0]))
        for mark in STAND_MARKS_MM:
            _draw_disc(img, h_plane, mark, STAND_MARK_DIAMETER_MM / 2,
                       _to_linear(np.array([[STAND_MARK_RGB]], np.uint8))[0, 0])
        glare = None
        if rng.uniform() < self.glare:
            r, a = 38.0 * math.sqrt(rng.uniform()), rng.uniform(0, 2 * math.pi)
            glare = (r * math.cos(a), r * math.sin(a), float(rng.uniform(4.0, 10.0)),
                     float(rng.uniform(0.02, 0.10)))
            _add_glare(img, h_plane, *glare)
        if self.blur_px > 0:  # the lens, in linear light too
            img = cv2.GaussianBlur(img, (0, 0), self.blur_px)
        out = CupPicture(rgb=_to_srgb(img), px_per_mm=ppm)
        rgb = photograph(out, noise=self.noise, vignette=self.vignette, blur_px=0.0,
                         seed=int(rng.integers(2**31)))
        return Shot(rgb=rgb, pose=pose, homography=h_plane, glare=glare)


_LINEAR = ((np.arange(256) / 255.0 + 0.055) / 1.055) ** 2.4
_LINEAR[: 11] = np.arange(11) / 255.0 / 12.92  # the sRGB curve's straight foot (<= 0.04045)
_LINEAR_F32 = _LINEAR.astype(np.float32)


def _to_linear(rgb: np.ndarray) -> np.ndarray:
    """sRGB uint8 to linear light float32."""
    return _LINEAR_F32[rgb]


_ENCODE_STEPS = 65535  # linear light in 1/65535 steps: finer than any sRGB code's width


def _encode_table() -> np.ndarray:
    c = np.arange(_ENCODE_STEPS + 1) / _ENCODE_STEPS
    s = np.where(c <= 0.0031308, c * 12.92, 1.055 * np.power(c, 1 / 2.4) - 0.055)
    return np.clip(np.round(s * 255.0), 0, 255).astype(np.uint8)


_ENCODE = _encode_table()


def _to_srgb(lin: np.ndarray) -> np.ndarray:
    """Linear light to sRGB uint8 (through a table: a power per pixel costs 60 ms a photo)."""
    idx = np.clip(lin * _ENCODE_STEPS + 0.5, 0, _ENCODE_STEPS).astype(np.uint16)
    return _ENCODE[idx]


def _jacobian(m: np.ndarray, x: float, y: float) -> np.ndarray:
    """2x2 derivative of the projective map ``m`` at ``(x, y)``."""
    p = m @ np.array([x, y, 1.0])
    jx = (m[:2, 0] * p[2] - p[:2] * m[2, 0]) / p[2] ** 2
    jy = (m[:2, 1] * p[2] - p[:2] * m[2, 1]) / p[2] ** 2
    return np.column_stack([jx, jy])


def _project(h: np.ndarray, pts: np.ndarray) -> np.ndarray:
    q = h @ np.vstack([pts.T, np.ones(len(pts))])
    return (q[:2] / q[2]).T


def _draw_disc(img: np.ndarray, h_plane: np.ndarray, centre: tuple[float, float],
               radius: float, colour: np.ndarray) -> None:
    """Paint a disc of the foam plane into ``img``, anti-aliased by 4x4 supersampling."""
    ring = np.linspace(0, 2 * math.pi, 32, endpoint=False)
    edge = np.column_stack([centre[0] + radius * np.cos(ring), centre[1] + radius * np.sin(ring)])
    uv = _project(h_plane, edge)
    hgt, wid = img.shape[:2]
    u0, v0 = (max(int(np.floor(uv[:, k].min())) - 1, 0) for k in (0, 1))
    u1 = min(int(np.ceil(uv[:, 0].max())) + 2, wid)
    v1 = min(int(np.ceil(uv[:, 1].max())) + 2, hgt)
    if u0 >= u1 or v0 >= v1:
        return
    sub = (np.arange(4) + 0.5) / 4 - 0.5
    uu = (np.arange(u0, u1)[:, None] + sub[None, :]).ravel()
    vv = (np.arange(v0, v1)[:, None] + sub[None, :]).ravel()
    gu, gv = np.meshgrid(uu, vv)
    inv = np.linalg.inv(h_plane)
    q = inv @ np.stack([gu.ravel(), gv.ravel(), np.ones(gu.size)])
    x, y = q[0] / q[2] - centre[0], q[1] / q[2] - centre[1]
    inside = (x * x + y * y <= radius * radius).reshape(v1 - v0, 4, u1 - u0, 4)
    cover = inside.mean(axis=(1, 3))[..., None]
    patch = img[v0:v1, u0:u1]
    patch[:] = patch * (1 - cover) + np.asarray(colour, np.float32) * cover


def _add_glare(img: np.ndarray, h_plane: np.ndarray, x_mm: float, y_mm: float,
               sigma_mm: float, amplitude: float) -> None:
    """Add a soft highlight (a Gaussian in the foam plane); ``amplitude`` in linear light
    (the foam is ~0.77)."""
    hgt, wid = img.shape[:2]
    ring = np.linspace(0, 2 * math.pi, 32, endpoint=False)
    reach = 4.0 * sigma_mm  # beyond 4 sigma the highlight adds less than 0.03 % of its peak
    uv = _project(h_plane, np.column_stack([x_mm + reach * np.cos(ring),
                                            y_mm + reach * np.sin(ring)]))
    u0, v0 = (max(int(np.floor(uv[:, k].min())), 0) for k in (0, 1))
    u1 = min(int(np.ceil(uv[:, 0].max())) + 1, wid)
    v1 = min(int(np.ceil(uv[:, 1].max())) + 1, hgt)
    if u0 >= u1 or v0 >= v1:
        return
    gu, gv = np.meshgrid(np.arange(u0, u1, dtype=np.float64),
                         np.arange(v0, v1, dtype=np.float64))
    inv = np.linalg.inv(h_plane)
    q = inv @ np.stack([gu.ravel(), gv.ravel(), np.ones(gu.size)])
    x, y = q[0] / q[2] - x_mm, q[1] / q[2] - y_mm
    g = amplitude * np.exp(-(x * x + y * y) / (2 * sigma_mm**2))
    img[v0:v1, u0:u1] += g.reshape(v1 - v0, u1 - u0, 1).astype(np.float32)


class PrinterCamera:
    """A camera over a simulated printer's cup: each call photographs its latest print.

    Usable wherever a calibration loop wants ``take_photo() -> RGB``; every call is a new
    shot (a new pose), as a technician taking the picture again would get.

    Args:
        printer: a :class:`~printer_driver.sim.printer.SimPrinter`.
        seed: seeds the poses (default: the printer's own seed).
        size: photo size ``(width, height)``.
    """

    def __init__(self, printer: SimPrinter, *, seed: int | None = None,
                 size: tuple[int, int] = DEFAULT_SIZE) -> None:
        self.printer = printer
        self.camera = SimCamera(printer.settings.seed if seed is None else seed, size=size)
        self.shots = 0

    @property
    def prints(self) -> int:
        """How many prints the printer has recorded (the latest is what a photo shows)."""
        return len(self.printer.machine.records)

    def __call__(self, *, empty_cup: bool = False) -> np.ndarray:
        """The latest print's cup, photographed: ``(height, width, 3)`` uint8 RGB.

        Args:
            empty_cup: before the first print, photograph an empty cup instead of raising
                (a live camera view).

        Raises:
            LookupError: nothing has been printed yet (and not ``empty_cup``).
        """
        from printer_driver.sim.physics import render_printed_cup

        records = self.printer.machine.records
        settings = self.printer.settings
        if not records:
            if not empty_cup:
                raise LookupError("the simulated printer has printed nothing yet")
            dots, index = np.zeros((8, 8), np.uint8), 0  # no dots: any grid will do
        else:
            record = records[-1]
            dots, index = np.array(record.printed, np.uint8), record.index
        picture = render_printed_cup(dots, settings.truth, pitch_mm=settings.motion.pitch_mm,
                                     seed=settings.seed + index)
        self.shots += 1
        return self.camera.shoot(picture, shot=index * 1000 + self.shots).rgb
