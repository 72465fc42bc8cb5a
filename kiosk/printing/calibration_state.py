"""Whether a printer is calibrated, as every front end asks it: :class:`CalibrationState`.

One answer for the technician and barista screens, ``photolatte print`` and ``photolatte
printer status``: the profile in force for a serial (``calibration.store``), and in what
state it is. Codes only; each front end words them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from calibration.errors import ProfileError

if TYPE_CHECKING:
    from calibration.profile import Profile
    from calibration.store import ProfileStore


class CalibrationStatus(StrEnum):
    """How a printer stands with calibration."""

    UNKNOWN_PRINTER = "unknown_printer"  # no printer connected yet: its serial is unknown
    NO_SERIAL = "no_serial"  # the printer reports no (valid) serial: nothing can be kept
    NOT_CALIBRATED = "not_calibrated"  # no profile: prints use nominal values
    CALIBRATED = "calibrated"  # its profile applies
    RECOVERED = "recovered"  # the profile file is unusable: the last good version applies
    UNUSABLE = "unusable"  # the profile file is unusable and no version is good: nominal


@dataclass(frozen=True)
class CalibrationState:
    """A printer's calibration at one instant.

    Attributes:
        status: see :class:`CalibrationStatus`.
        serial: the printer's serial (None when unknown or it has none).
        profile: the profile in force (None: nominal values).
        path: the profile's file (None without a serial).
        problem: what is wrong with the profile file (``RECOVERED``, ``UNUSABLE``).
        sent_serial: what a printer sent that is no valid serial (``NO_SERIAL``), or "".
    """

    status: CalibrationStatus
    serial: str | None = None
    profile: Profile | None = None
    path: Path | None = None
    problem: ProfileError | None = None
    sent_serial: str = ""

    @property
    def calibrated(self) -> bool:
        """A measured profile applies to this printer's prints."""
        return self.status in (CalibrationStatus.CALIBRATED, CalibrationStatus.RECOVERED)

    @property
    def measured(self) -> tuple[str, ...]:
        """The sections of the profile in force that were measured."""
        if self.profile is None:
            return ()
        return tuple(s for s in ("geometry", "tone", "dose")
                     if self.profile.provenance.get(s) is not None)

    @property
    def saved_at(self) -> str | None:
        """When the profile in force was saved (ISO 8601), None without one."""
        return None if self.profile is None else self.profile.saved_at


def state_of(store: ProfileStore, serial: str | None, *, sent: str = "") -> CalibrationState:
    """The calibration state of the printer ``serial`` (None: it reports none; ``sent`` is
    what it sent instead) in ``store``."""
    if serial is None:
        return CalibrationState(CalibrationStatus.NO_SERIAL, sent_serial=sent)
    try:
        loaded = store.load(serial)
    except ProfileError as exc:
        return CalibrationState(CalibrationStatus.UNUSABLE, serial,
                                path=_path(store, serial), problem=exc)
    profile = loaded.profile
    if profile is None or not profile.calibrated:
        status = CalibrationStatus.NOT_CALIBRATED
    elif loaded.recovered:
        status = CalibrationStatus.RECOVERED
    else:
        status = CalibrationStatus.CALIBRATED
    return CalibrationState(status, serial, profile, loaded.path, loaded.problem)


def _path(store: ProfileStore, serial: str) -> Path | None:
    try:
        return store.path(serial)
    except ProfileError:
        return None


__all__ = ["CalibrationState", "CalibrationStatus", "state_of"]
