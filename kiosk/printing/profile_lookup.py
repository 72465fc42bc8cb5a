"""A machine's profile as the print path uses it: :class:`PrintSettings` from a profile.

- :func:`settings_for`: the settings of one profile (or none: nominal values) on one
  printer: geometry laid out in the imaging core before dithering for renders, nearest
  dot for ready masks; the measured tone curve for Floyd–Steinberg renders (the method
  the tone chart measures; the other styles keep the default curve); the measured doses
  for gram estimates; the cups, each checked against the printer's reach.
- :class:`StoreLookup`: the kiosk's and ``photolatte print``'s lookup: the profile in the
  data folder for the serial from the handshake, the last good version when the current
  file is damaged (``calibration.store``), nominal values when there is none.
- :func:`file_lookup`: one profile file (``photolatte print --profile FILE``), applied only
  to the printer it was measured on.

The rules for using a profile are :mod:`calibration.apply`'s; this module only wires them
into the print service's seam.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from calibration import apply
from calibration.errors import ProfileError
from calibration.profile import DEFAULT_CUPS, CupProfile, Profile
from kiosk.imaging.placement import place_mask
from kiosk.printing.profiles import CupRefusal, PrintSettings, ProfileLookup
from printer_driver.mask import MaskError, grid_size

if TYPE_CHECKING:
    from calibration.store import ProfileStore
    from kiosk.imaging.settings import RenderSettings
    from kiosk.imaging.tonecurve import ToneCurve
    from printer_driver.mask import Mask
    from printer_driver.powders import PowderSet
    from printer_driver.values import PrinterInfo

log = logging.getLogger(__name__)

#: The dither method the tone chart is printed and measured with.
MEASURED_DITHER = "floyd-steinberg"


def cup_refusals(cups: tuple[CupProfile, ...], info: PrinterInfo | None
                 ) -> tuple[CupRefusal, ...]:
    """The cups whose print circle needs more dots across than the printer takes."""
    if info is None or info.grid_max <= 0 or info.pitch_mm <= 0:
        return ()
    out = []
    for cup in cups:
        try:
            dots = grid_size(cup.print_diameter_mm, info.pitch_mm)
        except MaskError:
            dots = info.grid_max + 1
        if dots > info.grid_max:
            out.append(CupRefusal(cup.name, cup.print_diameter_mm, dots, info.grid_max,
                                  info.pitch_mm))
    return tuple(out)


def _choose_cup(cups: tuple[CupProfile, ...], refused: tuple[CupRefusal, ...],
                name: str | None) -> CupProfile | None:
    usable = [c for c in cups if c.name not in {r.cup for r in refused}]
    if name is not None:
        for cup in usable:
            if cup.name == name:
                return cup
        if any(c.name == name for c in cups):
            log.warning("cup %r cannot be printed on this printer: printing on the "
                        "default cup instead", name)
        else:
            log.warning("no cup %r in the printer's profile: printing on the default cup",
                        name)
    return usable[0] if usable else None


def settings_for(profile: Profile | None, info: PrinterInfo | None, *,
                 label: str | None = None) -> PrintSettings:
    """The print settings of ``profile`` (None: nominal values) on the printer ``info``."""
    calibrated = profile is not None and profile.calibrated
    cups = profile.cups if profile is not None else DEFAULT_CUPS
    refused = cup_refusals(cups, info)
    geometry = profile.geometry if calibrated and profile is not None else None
    serial = profile.serial if profile is not None else (info.serial if info else None)
    curves: dict[PowderSet, ToneCurve | None] = {}
    lock = threading.Lock()

    def curve(powders: PowderSet) -> ToneCurve | None:
        with lock:
            if powders not in curves:
                curves[powders] = apply.tone_curve_for(profile if calibrated else None,
                                                       powders)
            return curves[powders]

    def prepare(mask: Mask) -> Mask:
        return place_mask(mask, geometry)

    def adjust(settings: RenderSettings, cup: str | None) -> RenderSettings:
        chosen = _choose_cup(cups, refused, cup)
        changes: dict[str, object] = {"placement": geometry}
        if chosen is not None:
            changes["diameter_mm"] = chosen.print_diameter_mm
        elif refused:  # no cup fits: the widest circle the head reaches
            changes["diameter_mm"] = min(r.max_diameter_mm for r in refused)
        if settings.tone_curve is None and settings.tone().dither == MEASURED_DITHER:
            measured = curve(settings.powders)
            if measured is not None:
                changes["tone_curve"] = measured
        return replace(settings, **changes)  # type: ignore[arg-type]

    if label is None:
        label = ("not calibrated" if not calibrated or profile is None
                 else f"profile of {profile.serial} saved {profile.saved_at or '?'}")
    measured = () if profile is None else tuple(
        s for s in ("geometry", "tone", "dose") if profile.provenance.get(s) is not None)
    return PrintSettings(
        serial=serial, label=label, calibrated=calibrated, prepare_mask=prepare,
        adjust_render=adjust, tones=apply.dose_tones(profile if calibrated else None),
        measured=measured,
        cups=tuple(c.name for c in cups if c.name not in {r.cup for r in refused}),
        refused_cups=refused)


def nominal_render(base: RenderSettings, cup: str | None = None) -> RenderSettings:
    """``base`` for a printer not known yet: the cup's nominal print diameter only."""
    return settings_for(None, None).adjust_render(base, cup)


class StoreLookup:
    """The lookup over a profile store (the kiosk's data folder): see the module docstring.

    Args:
        store: the profiles.
    """

    def __init__(self, store: ProfileStore) -> None:
        self.store = store

    def __call__(self, info: PrinterInfo) -> PrintSettings | None:
        if info.serial is None:
            return settings_for(None, info, label="not calibrated (the printer has no serial)")
        try:
            loaded = self.store.load(info.serial)
        except ProfileError as exc:  # no good version at all: nominal values, said in logs
            log.warning("the profile of %s cannot be used (%s): printing on nominal values",
                        info.serial, exc)
            return settings_for(None, info)
        if loaded.recovered:
            log.warning("the profile of %s is damaged (%s): using the version saved %s",
                        info.serial, loaded.problem, loaded.profile and loaded.profile.saved_at)
        return settings_for(loaded.profile, info)


def store_lookup(data_dir: str | Path) -> StoreLookup:
    """The lookup every print path of a kiosk uses: the profiles kept in its data folder
    (``DATA_DIR/printers``). The Qt shell, ``photolatte print`` and ``calibrate`` build it
    here, so they read the same files by the same rules."""
    from calibration.store import ProfileStore

    return StoreLookup(ProfileStore.in_data_dir(data_dir))


def file_lookup(profile: Profile) -> ProfileLookup:
    """The lookup for one profile (``--profile FILE``): it applies to its own printer
    only; any other prints on nominal values (the command refuses that before printing)."""

    def lookup(info: PrinterInfo) -> PrintSettings | None:
        if info.serial != profile.serial:
            log.warning("profile for %s, printer %s: not applied", profile.serial, info.serial)
            return settings_for(None, info)
        return settings_for(profile, info, label=f"profile file of {profile.serial} saved "
                                                 f"{profile.saved_at or '?'}")

    return lookup


__all__ = ["MEASURED_DITHER", "StoreLookup", "cup_refusals", "file_lookup", "nominal_render",
           "settings_for", "store_lookup"]
