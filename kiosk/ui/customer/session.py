"""One customer's visit, in memory only: what they chose and the photo taken.

The photo (a BGR camera frame) and everything derived from it (the portrait result, its
mask and cup preview) are held here and nowhere else in the UI, so :meth:`clear` really
deletes them: after it, no reference remains and the memory is freed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from printer_driver.powders import PowderSet

if TYPE_CHECKING:
    from kiosk.imaging.pipeline import PortraitResult
    from kiosk.orders.menu import Drink
    from kiosk.orders.model import Order
    from printer_driver.mask import Mask

DARKNESS_STEP = 0.25  # one "lighter"/"darker" tap; RenderSettings.darkness is -1 .. +1


@dataclass
class CustomerSession:
    """State of one visit. ``photo`` is None for the no-photo designs."""

    drink: Drink | None = None
    consented: bool = False
    design: str | None = None  # None for a portrait, else "heart", "leaf", "text", ...
    photo: np.ndarray | None = None  # (H, W, 3) BGR uint8, memory only
    result: PortraitResult | None = None  # the render of the photo
    mask: Mask | None = None  # what is printed
    preview: np.ndarray | None = None  # (S, S, 3) RGB cup picture
    powders: PowderSet = PowderSet.BOTH
    darkness: float = 0.0
    faces: str | int = "auto"  # who is on the cup: RenderSettings.faces for this photo
    shots: int = 0  # photos taken in this visit (the first plus retakes)
    source: str = "camera"  # where the photos come from: "camera" or "phone"
    order: Order | None = None  # once confirmed
    extra: dict[str, str] = field(default_factory=dict)  # "greeting": the text design's words

    @property
    def is_photo(self) -> bool:
        """True when the cup will show the customer's portrait."""
        return self.design is None

    @property
    def retakes_used(self) -> int:
        """Photos taken after the first."""
        return max(0, self.shots - 1)

    def set_darkness(self, steps: int) -> bool:
        """Move darkness by ``steps`` taps; False when already at the limit."""
        new = min(1.0, max(-1.0, round(self.darkness + steps * DARKNESS_STEP, 4)))
        changed = new != self.darkness
        self.darkness = new
        return changed

    def drop_images(self) -> None:
        """Forget the photo and everything derived from it (after the order is stored)."""
        self.photo = None
        self.result = None
        self.mask = None
        self.preview = None
        self.faces = "auto"  # a new photo has new faces
        self.extra.clear()

    def holds_images(self) -> bool:
        """True while any photo-derived data is held."""
        return any(x is not None for x in (self.photo, self.result, self.mask, self.preview))

    def clear(self, powders: PowderSet = PowderSet.BOTH) -> None:
        """Back to a fresh visit: drops the photo, results and choices."""
        self.drop_images()
        self.drink = None
        self.consented = False
        self.design = None
        self.powders = powders
        self.darkness = 0.0
        self.shots = 0
        self.source = "camera"
        self.order = None
