"""What picture a file gives the printer: the one judgement ``render`` and ``print`` share.

A file is read once, bounded (:func:`printer_driver.input_files.read_input_file`: a regular
file, at most ``MAX_FILE_BYTES``). A PNG carrying Photo Latte mask data *is* a mask, or an
error when it is not a valid one; it is never rendered as a photo. Anything else is a photo,
rendered by the imaging core. Either way, what the customer should know although the mask
is usable (it prints nothing) comes back as :class:`InputWarning` codes, decided here once
for every front end.

Heavy imports (OpenCV, the imaging core) happen only when a photo is rendered, so printing
a mask PNG stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from printer_driver.input_files import InputCode, InputError, looks_like_png, read_input_file
from printer_driver.mask import Mask, MaskError

if TYPE_CHECKING:
    from kiosk.imaging.pipeline import PortraitResult
    from kiosk.imaging.settings import RenderSettings


class PictureKind(StrEnum):
    """Where a mask came from."""

    MASK = "mask"  # a mask PNG, printed as it is
    PHOTO = "photo"  # a photo, rendered
    DESIGN = "design"  # a built-in design, rendered


class WarningCode(StrEnum):
    """What the customer should know about a usable picture."""

    NOTHING_TO_PRINT = "nothing_to_print"  # params: kind (a PictureKind)
    POWDER_SHORT = "powder_short"  # params: powder, needed_g, left_g (the printer's level)


def shortfall_warnings(short: dict[str, tuple[float, float]]) -> tuple[InputWarning, ...]:
    """A warning per powder a print needs more of than the printer has left (see
    :func:`kiosk.printing.profiles.powder_shortfall`)."""
    return tuple(InputWarning(WarningCode.POWDER_SHORT, {
        "powder": powder, "needed_g": f"{need:.1f}", "left_g": f"{left:.1f}"})
        for powder, (need, left) in sorted(short.items()))


@dataclass(frozen=True)
class InputWarning:
    """A warning about a picture; each front end words it from ``code`` and ``params``."""

    code: WarningCode
    params: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """JSON-able form for ``--json`` output."""
        return {"warning": self.code.value, "params": dict(self.params)}


@dataclass(frozen=True, eq=False)
class Picture:
    """What a file gives the printer.

    Attributes:
        file: the name the messages use for it.
        kind: a mask file or a rendered photo.
        mask: the dots to print.
        portrait: the imaging core's full result for a photo (face, crop, timings); None
            for a mask file.
        warnings: what the customer should know (see :func:`warnings_for`).
    """

    file: str
    kind: PictureKind
    mask: Mask
    portrait: PortraitResult | None
    warnings: tuple[InputWarning, ...]


def warnings_for(mask: Mask, kind: PictureKind) -> tuple[InputWarning, ...]:
    """The warnings a mask of ``kind`` earns: an empty mask prints nothing."""
    if any(mask.dot_counts().values()):
        return ()
    return (InputWarning(WarningCode.NOTHING_TO_PRINT, {"kind": kind.value}),)


def read_picture_file(path: str | Path, *, label: str | None = None) -> bytes:
    """The file's bytes, bounded; the first step of :func:`read_picture`, for a caller that
    wants a bad file refused before slow work (e.g. numba's warm-up).

    Raises:
        InputError: the file cannot be read (code and parameters say why).
    """
    return read_input_file(path, label=label)


def picture_from_bytes(data: bytes, file: str, settings: RenderSettings | None = None, *,
                       masks: bool = True) -> Picture:
    """Judge and, for a photo, render the bytes of a file named ``file``.

    Args:
        data: the file's bytes (see :func:`read_picture_file`).
        file: the name messages use.
        settings: how to render a photo (default: the imaging core's, without a preview).
        masks: whether a mask file is welcome; ``False`` (``render``) refuses one with
            ``is_a_mask``, since rendering a mask as a photo makes nonsense.

    Raises:
        InputError: code and parameters say what is wrong (a ``MaskError`` for a file that
            carries mask data, an ``ImageError`` for a photo).
    """
    mask = mask_in(data, file)
    if mask is not None:
        if not masks:
            raise InputError(InputCode.IS_A_MASK, file, "is already a mask, not a photo")
        return Picture(file, PictureKind.MASK, mask, None, warnings_for(mask, PictureKind.MASK))
    from kiosk.imaging.pipeline import render_portrait  # heavy: OpenCV, only for photos
    from kiosk.imaging.settings import RenderSettings

    result = render_portrait(data, settings or RenderSettings(preview_px=0), name=file)
    return Picture(file, PictureKind.PHOTO, result.mask, result,
                   warnings_for(result.mask, PictureKind.PHOTO))


def read_picture(path: str | Path, settings: RenderSettings | None = None, *,
                 masks: bool = True, label: str | None = None) -> Picture:
    """Read the file at ``path`` and judge it: :func:`read_picture_file`, then
    :func:`picture_from_bytes`.

    Raises:
        InputError: code and parameters say what is wrong; the message names the file.
    """
    file = str(path) if label is None else label
    return picture_from_bytes(read_picture_file(path, label=file), file, settings,
                              masks=masks)


def mask_in(data: bytes, file: str) -> Mask | None:
    """The mask in a file's ``data``; None when it carries no mask data (then it is a
    photo: ``photolatte print`` renders it only once it knows the printer's profile).

    Raises:
        MaskError: a PNG with mask data that is no valid mask (code and parameters say why).
    """
    if not looks_like_png(data):
        return None
    try:
        return Mask.from_png_bytes(data, name=file)
    except MaskError as exc:
        if exc.code is InputCode.NOT_A_MASK:
            return None
        if exc.code is InputCode.DAMAGED:  # a broken PNG: let the photo loader say so
            return None
        raise
