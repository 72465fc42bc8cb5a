"""Where a printer's calibration enters the print path: :class:`PrintSettings`.

Every print the service makes asks its :data:`ProfileLookup` for the settings of the
printer it is connected to (by the serial number from the handshake) and applies them to
the mask just before it is uploaded (:attr:`PrintSettings.prepare_mask`: a mask placed for
this head goes out as it is, any other is laid out for it, nearest dot). The lookup runs
for each print, so a profile saved by the technician applies from the next print on,
without a restart. ``None`` from a lookup means "leave every mask as it is" (``--no-profile``);
an uncalibrated printer gets settings with ``calibrated`` False, which print on nominal
values.

A front end that renders a photo for this printer asks :func:`render_settings` (the kiosk
with :attr:`PrintService.print_settings <kiosk.printing.service.PrintService.print_settings>`,
``photolatte print`` after connecting): the measured tone curve, the cup's print diameter,
and the head's geometry, which the imaging core then corrects *before dithering*
(``docs/calibration.md``). The calibration package supplies the rules
(:mod:`kiosk.printing.profile_lookup` builds these settings from a profile); nothing here
knows a profile's format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.imaging.settings import RenderSettings
    from printer_driver.mask import Mask
    from printer_driver.powders import Tone
    from printer_driver.values import PrinterInfo


def _same_mask(mask: Mask) -> Mask:
    return mask


def _same_render(settings: RenderSettings, cup: str | None) -> RenderSettings:
    return settings


@dataclass(frozen=True)
class CupRefusal:
    """A cup whose print circle this printer cannot print (refused when it connects).

    Attributes:
        cup: the cup profile's name.
        print_diameter_mm: the circle it asks for.
        dots: dots across that circle at the printer's pitch.
        grid_max: the most dots across the printer takes (its handshake).
        pitch_mm: the printer's dot pitch.
    """

    cup: str
    print_diameter_mm: float
    dots: int
    grid_max: int
    pitch_mm: float

    @property
    def max_diameter_mm(self) -> float:
        """The widest circle the printer can print, mm."""
        return self.grid_max * self.pitch_mm


@dataclass(frozen=True)
class PrintSettings:
    """How one printer's prints are adjusted.

    Attributes:
        serial: the printer (None: it reports no serial, so no profile can be its own).
        label: what the settings are, for logs and records ("profile of PL2026-0001 saved
            2026-05-02T09:31:12+00:00", "not calibrated").
        calibrated: a profile with something measured applies; False: nominal values.
        prepare_mask: a ready mask -> the mask to upload (laid out for the measured head,
            nearest dot, unless already placed for it). Keeps the mask's grid.
        adjust_render: ``(render settings, cup name or None)`` -> the settings to render a
            photo with for this printer: the measured tone curve, the cup's print diameter
            and the head's geometry (see :func:`render_settings`).
        tones: the powder table with the measured doses (None: the packaged one), for gram
            estimates (:meth:`grams`).
        measured: the profile's sections that were measured (``geometry``, ``tone``, ``dose``).
        cups: the cups this printer can print, by name (the first is the default).
        refused_cups: the profile's cups it cannot (their circle exceeds ``grid_max``).
    """

    serial: str | None
    label: str
    calibrated: bool = False
    prepare_mask: Callable[[Mask], Mask] = _same_mask
    adjust_render: Callable[[RenderSettings, str | None], RenderSettings] = _same_render
    tones: Mapping[int, Tone] | None = None
    measured: tuple[str, ...] = ()
    cups: tuple[str, ...] = ()
    refused_cups: tuple[CupRefusal, ...] = field(default=())

    def grams(self, mask: Mask) -> dict[str, float]:
        """Estimated grams per powder for printing ``mask`` on this printer."""
        return mask.grams(None if self.tones is None else dict(self.tones))

    def shortfall(self, mask: Mask, powder_grams: Mapping[str, float]
                  ) -> dict[str, tuple[float, float]]:
        """The powders the reservoirs hold too little of to print ``mask``:
        ``{powder: (grams needed, grams left)}`` (see :func:`powder_shortfall`)."""
        return powder_shortfall(self.grams(mask), powder_grams)

    def refused(self, cup: str) -> CupRefusal | None:
        """The refusal of cup ``cup``, None if it is printable or unknown."""
        return next((r for r in self.refused_cups if r.cup == cup), None)


#: The settings for the printer described by a handshake, or None to leave masks as they
#: are. Called on the service's worker thread before each print; it may read files, and
#: should return the last good profile (or nominal settings) rather than raise.
ProfileLookup = Callable[["PrinterInfo"], "PrintSettings | None"]


def powder_shortfall(needed: Mapping[str, float], powder_grams: Mapping[str, float]
                     ) -> dict[str, tuple[float, float]]:
    """``{powder: (grams needed, grams left)}`` for each powder a print needs more of than
    its reservoir reports (a powder the printer reports no level for is not judged).

    Args:
        needed: grams per powder the print uses (:meth:`PrintSettings.grams`: the measured
            doses when the printer is calibrated, the powder table's otherwise).
        powder_grams: grams left per powder, as the printer's status reports them.
    """
    return {p: (round(g, 3), round(float(powder_grams[p]), 3))
            for p, g in needed.items() if g > 0 and p in powder_grams
            and float(powder_grams[p]) < g}


def not_calibrated(info: PrinterInfo) -> PrintSettings | None:
    """The lookup that applies nothing: every mask prints as it is (``--no-profile``)."""
    return None


def render_settings(settings: PrintSettings | None, base: RenderSettings,
                    cup: str | None = None) -> RenderSettings:
    """``base`` adjusted for the printer of ``settings`` and the cup ``cup`` (None: the
    printer's default cup). Without settings (the printer is not known yet, or
    ``--no-profile``) the cup's nominal print diameter still applies."""
    if settings is not None:
        return settings.adjust_render(base, cup)
    from kiosk.printing.profile_lookup import nominal_render

    return nominal_render(base, cup)


__all__ = ["CupRefusal", "PrintSettings", "ProfileLookup", "not_calibrated", "powder_shortfall",
           "render_settings"]
