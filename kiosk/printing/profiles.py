"""Where a printer's calibration enters the print path: :class:`PrintSettings`.

Every print the service makes asks its :data:`ProfileLookup` for the settings of the
printer it is connected to (by the serial number from the handshake) and applies them to
the mask just before it is uploaded. ``None`` means "not calibrated": the mask goes out as
it is, on nominal values, and the print's :class:`~kiosk.printing.outcome.PrintEnd` says
so (``calibration`` None). The lookup runs for each print, so a profile saved by the
technician applies from the next print on, without a restart.

The calibration package supplies both halves (``calibration.apply``): how a profile
changes a ready mask (geometry, nearest dot) and how it changes a render (tone curve, the
cup's print diameter; a front end that renders for this printer reads
:attr:`PrintService.print_settings <kiosk.printing.service.PrintService.print_settings>`).
Nothing here knows a profile's format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.imaging.settings import RenderSettings
    from printer_driver.mask import Mask
    from printer_driver.values import PrinterInfo


def _same_mask(mask: Mask) -> Mask:
    return mask


def _same_render(settings: RenderSettings) -> RenderSettings:
    return settings


@dataclass(frozen=True)
class PrintSettings:
    """How one printer's prints are adjusted.

    Attributes:
        serial: the printer the profile was measured on.
        label: what the profile is, for logs and screens ("profile 3 of 2026-05-02").
        prepare_mask: a ready mask -> the mask to upload (e.g. the measured geometry
            applied, nearest dot). Must keep the mask's grid.
        adjust_render: render settings -> the settings to render a photo with for this
            printer (e.g. the measured tone curve, the cup's print diameter).
    """

    serial: str
    label: str
    prepare_mask: Callable[[Mask], Mask] = _same_mask
    adjust_render: Callable[[RenderSettings], RenderSettings] = _same_render


#: The settings for the printer described by a handshake, or None when not calibrated.
#: Called on the service's worker thread before each print; it may read files, and should
#: return the last good profile (or None) rather than raise.
ProfileLookup = Callable[["PrinterInfo"], "PrintSettings | None"]


def not_calibrated(info: PrinterInfo) -> PrintSettings | None:
    """The lookup until calibration supplies one: every printer prints on nominal values."""
    return None


__all__ = ["PrintSettings", "ProfileLookup", "not_calibrated"]
