"""The customer screens' calls into the rest of the kiosk, in one place.

Everything here runs off the GUI thread unless said otherwise (rendering takes 10-100 ms).
Imports of the imaging core are deferred so the window can appear before OpenCV and numba
have loaded (the time to the attract screen is a benchmark figure).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from kiosk.orders.waiting import DEFAULT_ORDER_SECONDS, estimate_wait
from printer_driver.powders import PowderSet

if TYPE_CHECKING:
    # Types only: the imaging core loads OpenCV and numba, which the window must not wait
    # for at start (the time to the attract screen is a benchmark figure).
    from kiosk.imaging.faces import FaceBox, FacePick
    from kiosk.imaging.pipeline import FaceHint, PortraitResult
    from kiosk.imaging.settings import RenderSettings
    from kiosk.orders.menu import Drink
    from kiosk.orders.store import OrderStore
    from kiosk.printing.profiles import PrintSettings
    from kiosk.settings.config import KioskConfig
    from kiosk.ui.print_adapter import QtPrintService
    from printer_driver.mask import Mask

DESIGNS = ("heart", "leaf", "text")
"""Built-in no-photo designs offered on the consent screen, in display order."""

LIVE_PREVIEW_PX = 360  # the live cup on screen is ~400 px; smaller renders faster
CUP_PREVIEW_PX = 512

PRINT_SECONDS_ESTIMATE = DEFAULT_ORDER_SECONDS
"""Seconds per order when nothing is known (the ticket's fallback if the estimate fails)."""


def base_settings(config: KioskConfig, *, powders: PowderSet | None = None,
                  darkness: float = 0.0, faces: FacePick = "auto",
                  preview_px: int = CUP_PREVIEW_PX) -> RenderSettings:
    """``RenderSettings`` from the kiosk config's render defaults and the customer's
    choices: ``powders`` (None: the configured set), ``darkness`` (-1..1, the
    lighter/darker control), ``faces`` (who is framed), ``preview_px`` (cup preview side)."""
    from kiosk.imaging import RenderSettings

    render = config.render
    return RenderSettings(powders=powders or render.powders, style=render.style,
                          darkness=darkness, faces=faces, preview_px=preview_px)


def for_printer(settings: RenderSettings, printer: PrintSettings | None,
                drink: Drink | None) -> RenderSettings:
    """``settings`` adjusted for the printer's calibration (``printer``: its
    :class:`~kiosk.printing.profiles.PrintSettings`, None while unknown: nominal values)
    and the cup the drink is served in (its print diameter): the rule
    :func:`kiosk.printing.profiles.render_settings` shared with ``photolatte print``."""
    from kiosk.printing.profiles import render_settings

    return render_settings(printer, settings, None if drink is None else drink.cup)


def render_live(frame: np.ndarray, face_hint: FaceHint,
                settings: RenderSettings) -> PortraitResult:
    """One live-preview render of a camera frame (reuses ``face_hint`` when given: the
    faces of an earlier frame, so a couple stays framed together between looks).

    Live frames skip the thorough face search (tilted, profile, tiny or edge faces:
    ~100 ms); the captured photo gets it.
    """
    from kiosk.imaging import render_portrait

    if settings.detect_thorough:
        settings = replace(settings, detect_thorough=False)
    return render_portrait(frame, settings, face_hint=face_hint)


def render_photo(photo: np.ndarray, settings: RenderSettings,
                 face_hint: FaceHint = None) -> PortraitResult:
    """The full render of the captured photo -> ``PortraitResult``."""
    from kiosk.imaging import render_portrait

    return render_portrait(photo, settings, face_hint=face_hint)


FACE_PICTURE_PX = 160
"""Side of each round face picture on the review screen's "who is on the cup" choice."""


def face_pictures(photo: np.ndarray, faces: Sequence[FaceBox], size: int = FACE_PICTURE_PX, *,
                  mirror: bool = True) -> list[tuple[int, np.ndarray]]:
    """A square RGB ``(size, size, 3)`` picture around each face of ``faces`` (boxes in
    ``photo``'s pixels), mirrored and ordered as the customer saw themselves on the
    camera screen (right to left in the photo): ``[(index in faces, picture), ...]``.
    Parts past the photo's edge repeat it. ``mirror=False`` (a photo sent from a phone,
    which the customer knows unmirrored): as in the photo, left to right."""
    import cv2

    from kiosk.imaging.faces import CropBox
    from kiosk.imaging.framing import extract_crop

    out = []
    order = -1 if mirror else 1
    for index, face in sorted(enumerate(faces), key=lambda item: order * item[1].centre[0]):
        cx, cy = face.centre
        side = 1.5 * face.w
        crop = CropBox(cx - side / 2.0, cy - 0.08 * side - side / 2.0, side)
        image, _ = extract_crop(photo, crop, size)
        rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB if image.ndim == 3 else cv2.COLOR_GRAY2RGB)
        out.append((index, np.ascontiguousarray(rgb[:, ::-1] if mirror else rgb)))
    return out


def render_design(name: str, powders: PowderSet, settings: RenderSettings, *,
                  text: str | None = None) -> tuple[Mask, np.ndarray]:
    """A built-in design's mask and its cup picture, ``(Mask, (S, S, 3) RGB)``.

    ``text`` is the greeting of the ``text`` design (the UI passes it in the customer's
    language)."""
    from kiosk.imaging import designs
    from kiosk.imaging.preview import render_cup

    mask = designs.render_design(name, replace(settings, powders=powders), text=text)
    size = settings.preview_px or CUP_PREVIEW_PX
    preview = render_cup(mask, size, dot_gain=settings.dot_gain)
    return mask, preview


def demo_frame() -> np.ndarray:
    """One frame of the demo camera (the shipped sample portrait), ``(H, W, 3)`` BGR."""
    from kiosk.camera.reader import DemoCamera

    camera = DemoCamera(seed=0)
    camera.open()
    try:
        frame = camera.read()
    finally:
        camera.close()
    if frame is None:
        raise RuntimeError("the demo camera gave no frame")
    return frame


def expected_wait_seconds(store: OrderStore, printer: QtPrintService | None,
                          order_id: int) -> float:
    """Seconds until this order's cup is ready (:func:`kiosk.orders.waiting.estimate_wait`): the
    running print's time left, as the printer reports it, then each order ahead and this
    one at the pace of this kiosk's recent prints."""
    left = None
    progress = printer.last_progress if printer is not None else None
    if progress and progress[2] is not None and progress[2] >= 0:
        left = float(progress[2])  # only used if the store has an order's print running
    return estimate_wait(store, order_id, printer_seconds_left=left)


def wait_minutes(seconds: float) -> int:
    """Whole minutes to announce (rounded up, at least 1)."""
    return max(1, math.ceil(seconds / 60.0))
