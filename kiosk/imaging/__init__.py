"""The imaging core: a customer's photo to a powder mask and a picture of the cup.

Pure NumPy/OpenCV, no Qt. Entry point::

    from kiosk.imaging import render_portrait, RenderSettings
    result = render_portrait("photo.jpg", RenderSettings(style="bold"))
    result.mask.save_png("mask.png")

See ``docs/architecture.md`` for the contract and the README for the CLI.
"""

from kiosk.imaging.faces import PICKS, CropBox, FaceBox, FacePick
from kiosk.imaging.loading import ImageError
from kiosk.imaging.pipeline import PortraitResult, render_portrait
from kiosk.imaging.settings import STYLES, RenderSettings, ToneParams

__all__ = [
    "PICKS",
    "STYLES",
    "CropBox",
    "FaceBox",
    "FacePick",
    "ImageError",
    "PortraitResult",
    "RenderSettings",
    "ToneParams",
    "render_portrait",
]
