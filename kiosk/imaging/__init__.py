"""The imaging core: a customer's photo to a powder mask and a picture of the cup.

Pure NumPy/OpenCV, no Qt. Entry point::

    from kiosk.imaging import render_portrait, RenderSettings
    result = render_portrait("photo.jpg", RenderSettings(style="bold"))
    result.mask.save_png("mask.png")

The modules, in the order a photo meets them (``pipeline`` runs them and times each):

- ``loading`` (with ``decode_cost``): files, bytes and camera frames to one upright BGR
  array, within a memory budget; ``ImageError`` for anything unusable.
- ``borders``: plain frames and letterbox bars set aside before framing.
- ``detection``: which looks a photo gets to find every face (one upright look for a live
  frame; for a still, tilt probes, turned and profile looks only where what was seen says
  so, then the fallbacks); ``cascades``: the Haar cascades, one look through them, and
  the checks that tell a face from a face-like patch.
- ``faces``: face and crop boxes, and which faces a portrait frames (``auto``: the people
  posing, "just me", everyone); ``framing``: the square crop whose circle shows them.
- ``background``: everyone outside the people framed fades to foam; each person prints
  head and shoulders, alone or in a group.
- ``tone``: grey crop to the print's target reflectance, keeping each face's own
  lightness; ``settings``: every knob and the named styles.
- ``tonecurve`` and ``spread``: dot-gain compensation derived from the dot-spread model;
  ``dither`` (``_diffusion`` compiled by numba): reflectance to dots.
- ``preview``: the mask drawn as the cup the customer will see; ``designs``: the no-photo
  designs; ``quality``: how closely a print matches its target as an eye sees it.

See ``docs/architecture.md`` for the contract and the README for the CLI and figures.
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
