"""The customer screens' calls into the rest of the kiosk, in one place.

Everything here runs off the GUI thread unless said otherwise (rendering takes 10-100 ms).
Imports of the imaging core are deferred so the window can appear before OpenCV and numba
have loaded (the time to the attract screen is a benchmark figure).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np

from kiosk.orders.waiting import DEFAULT_ORDER_SECONDS, estimate_wait
from printer_driver.powders import PowderSet

DESIGNS = ("heart", "leaf", "text")
"""Built-in no-photo designs offered on the consent screen, in display order."""

LIVE_PREVIEW_PX = 360  # the live cup on screen is ~400 px; smaller renders faster
CUP_PREVIEW_PX = 512

PRINT_SECONDS_ESTIMATE = DEFAULT_ORDER_SECONDS
"""Seconds per order when nothing is known (the ticket's fallback if the estimate fails)."""


def base_settings(config: Any, **changes: Any) -> Any:
    """``RenderSettings`` from the kiosk config's render defaults, with ``changes``."""
    from kiosk.imaging import RenderSettings

    render = getattr(config, "render", None)
    values: dict[str, Any] = {}
    if render is not None:
        values["powders"] = render.powders
        values["style"] = render.style
    values.update(changes)
    settings = RenderSettings()
    fields = {k: v for k, v in values.items() if hasattr(settings, k)}
    return replace(settings, **fields)


def for_printer(settings: Any, printer: Any, drink: Any) -> Any:
    """``settings`` adjusted for the printer's calibration (``printer``: its
    :class:`~kiosk.printing.profiles.PrintSettings`, None while unknown: nominal values)
    and the cup the drink is served in (its print diameter): the rule
    :func:`kiosk.printing.profiles.render_settings` shared with ``photolatte print``."""
    from kiosk.printing.profiles import render_settings

    return render_settings(printer, settings, None if drink is None else drink.cup)


def render_live(frame: np.ndarray, face_hint: Any, settings: Any) -> Any:
    """One live-preview render of a camera frame (reuses ``face_hint`` when given: the
    faces of an earlier frame, so a couple stays framed together between looks).

    Live frames skip the thorough face search (tilted, profile, tiny or edge faces:
    ~100 ms); the captured photo gets it.
    """
    from kiosk.imaging import render_portrait

    if getattr(settings, "detect_thorough", False):
        settings = replace(settings, detect_thorough=False)
    return render_portrait(frame, settings, face_hint=face_hint)


def render_photo(photo: np.ndarray, settings: Any, face_hint: Any = None) -> Any:
    """The full render of the captured photo -> ``PortraitResult``."""
    from kiosk.imaging import render_portrait

    return render_portrait(photo, settings, face_hint=face_hint)


FACE_PICTURE_PX = 160
"""Side of each round face picture on the review screen's "who is on the cup" choice."""


def face_pictures(photo: np.ndarray, faces: Any, size: int = FACE_PICTURE_PX, *,
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


def render_design(name: str, powders: PowderSet, settings: Any, *,
                  text: str | None = None) -> tuple[Any, np.ndarray]:
    """A built-in design's mask and its cup picture, ``(Mask, (S, S, 3) RGB)``.

    ``text`` is the greeting of the ``text`` design (the UI passes it in the customer's
    language)."""
    from kiosk.imaging import designs
    from kiosk.imaging.preview import render_cup

    mask = designs.render_design(name, replace(settings, powders=powders), text=text)
    size = getattr(settings, "preview_px", CUP_PREVIEW_PX) or CUP_PREVIEW_PX
    preview = render_cup(mask, size, dot_gain=getattr(settings, "dot_gain", 1.5))
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


def expected_wait_seconds(store: Any, printer: Any, order_id: int) -> float:
    """Seconds until this order's cup is ready (:func:`kiosk.orders.waiting.estimate_wait`): the
    running print's time left, as the printer reports it, then each order ahead and this
    one at the pace of this kiosk's recent prints."""
    left = None
    progress = getattr(printer, "last_progress", None) if printer is not None else None
    if progress and progress[2] is not None and progress[2] >= 0:
        left = float(progress[2])  # only used if the store has an order's print running
    return estimate_wait(store, order_id, printer_seconds_left=left)


def wait_minutes(seconds: float) -> int:
    """Whole minutes to announce (rounded up, at least 1)."""
    return max(1, math.ceil(seconds / 60.0))
