"""Which calibration ``photolatte print`` applies, and how it says so.

    photolatte print PICTURE --port P                    # the machine's own profile
    photolatte print PICTURE --port P --profile FILE     # this profile file instead
    photolatte print PICTURE --port P --no-profile       # the dots exactly as they are

By default the profile kept in the data folder for the serial the printer reports applies
(:func:`kiosk.printing.profile_lookup.store_lookup`, the kiosk's own lookup). A printer
without one prints on nominal values, and the command says "not calibrated" on stderr and in
``--json``. ``--profile FILE`` (an exported profile) applies only to the printer it was
measured on: another serial is refused before anything is sent, naming both. The rules are
:mod:`kiosk.printing`'s; the words are this module's.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from calibration.errors import ProfileError
    from calibration.profile import Profile
    from kiosk.printing.calibration_state import CalibrationState
    from kiosk.printing.profiles import PrintSettings, ProfileLookup
    from printer_driver.values import PrinterInfo


def add_options(p: argparse.ArgumentParser) -> None:
    """``--profile FILE | --no-profile``, ``--cup``, ``--config``, ``--data-dir``."""
    group = p.add_mutually_exclusive_group()
    group.add_argument("--profile", metavar="FILE",
                       help="apply this profile file (a data folder's printers/SERIAL.json "
                            "or the technician's export) instead of the machine's own; "
                            "refused for another printer's serial")
    group.add_argument("--no-profile", action="store_true",
                       help="print the dots exactly as they are, no calibration applied "
                            "(charts, diagnosis)")
    p.add_argument("--cup", metavar="NAME",
                   help="the cup printed on (a cup of the printer's profile; default its "
                        "first): sets a photo's print diameter")
    add_data_options(p)


def add_data_options(p: argparse.ArgumentParser) -> None:
    """``--config`` and ``--data-dir``: where the machine's profiles are kept."""
    p.add_argument("--config", metavar="FILE", help="kiosk config file (TOML)")
    p.add_argument("--data-dir", metavar="DIR",
                   help="data folder holding the printers' profiles (default: the config's)")


def data_dir(args: argparse.Namespace) -> str:
    """The data folder ``--data-dir`` or the config names.

    Raises:
        ValueError: the config file cannot be used (the message says why).
    """
    from kiosk.settings.config import ConfigError, KioskConfig

    if args.data_dir:
        return str(args.data_dir)
    try:
        return str(KioskConfig.from_sources(args.config).data_dir)
    except ConfigError as exc:
        raise ValueError(str(exc)) from exc


@dataclass(frozen=True)
class ProfileChoice:
    """What the command was told to apply.

    Attributes:
        lookup: the print service's lookup.
        source: ``store`` (the data folder's), ``file`` (``--profile``), ``none``.
        profile: the ``--profile`` file's profile (None otherwise).
    """

    lookup: ProfileLookup
    source: str
    profile: Profile | None = None

    @property
    def applies(self) -> bool:
        """False with ``--no-profile``: masks go out as they are."""
        return self.source != "none"


def choose(args: argparse.Namespace) -> ProfileChoice | str:
    """The profile the options ask for, or the sentence saying why it cannot be used."""
    from calibration.errors import ProfileError
    from calibration.store import read_profile_file
    from kiosk.printing.profile_lookup import file_lookup, store_lookup
    from kiosk.printing.profiles import not_calibrated

    if args.no_profile:
        return ProfileChoice(not_calibrated, "none")
    if args.profile:
        try:
            profile = read_profile_file(args.profile)
        except ProfileError as exc:
            return profile_words(exc)
        return ProfileChoice(file_lookup(profile), "file", profile)
    try:
        folder = data_dir(args)
    except ValueError as exc:
        return str(exc)
    return ProfileChoice(store_lookup(folder), "store")


def refusal(choice: ProfileChoice, info: PrinterInfo) -> ProfileError | None:
    """Why ``--profile``'s file must not be applied to the printer ``info`` (another
    serial, or a printer that reports none), None when it may."""
    from calibration.errors import ProfileError, ProfileProblem

    if choice.profile is None or info.serial == choice.profile.serial:
        return None
    return ProfileError(ProfileProblem.SERIAL_MISMATCH, found=choice.profile.serial,
                        expected=info.serial or "without a serial number")


def profile_words(error: ProfileError) -> str:
    """The English sentence for a profile that cannot be used."""
    from kiosk.cli.calibrate_words import describe

    if error.code == "serial_mismatch":
        return (f"the profile is for printer {error.params.get('found')}, but the printer "
                f"connected is {error.params.get('expected')}: nothing printed; use that "
                "printer's own profile, or leave out --profile")
    return describe(error)


def status(choice: ProfileChoice, settings: PrintSettings | None,
           info: PrinterInfo) -> dict[str, object]:
    """The calibration applied to this print, for ``--json`` (``status``: ``calibrated``,
    ``not_calibrated``, ``no_serial`` or ``raw``)."""
    if not choice.applies:
        code = "raw"
    elif info.serial is None:
        code = "no_serial"
    elif settings is not None and settings.calibrated:
        code = "calibrated"
    else:
        code = "not_calibrated"
    return {"status": code, "serial": info.serial, "source": choice.source,
            "label": settings.label if settings is not None else "no profile applied",
            "measured": list(settings.measured) if settings is not None else []}


def status_line(doc: dict[str, object]) -> str:
    """One plain sentence about the calibration a print is made with."""
    code, serial = doc["status"], doc["serial"]
    if code == "raw":
        return "printing raw: the dots exactly as they are, no calibration applied"
    if code == "no_serial":
        return ("not calibrated: the printer reports no serial number, so no profile can "
                "be its own; printing on nominal values")
    if code == "not_calibrated":
        return (f"printer {serial} is not calibrated: printing on nominal values (the "
                "picture may land off centre and too dark or light); calibrate it with "
                f"'photolatte calibrate run --port PORT --camera SRC'")
    return f"applying the {doc['label']}"


def state_line(state: CalibrationState) -> str:
    """``printer status``'s calibration line."""
    from kiosk.printing.calibration_state import CalibrationStatus as S

    if state.status is S.NO_SERIAL:
        return "not calibrated (the printer reports no serial number)"
    if state.status is S.NOT_CALIBRATED:
        return "not calibrated: prints use nominal values ('photolatte calibrate run')"
    if state.status is S.UNUSABLE:
        return "not calibrated: its profile file is damaged and no saved version is good"
    what = ", ".join(state.measured) or "nothing measured"
    extra = " (the current file is damaged: the last good version applies)" \
        if state.status is S.RECOVERED else ""
    return f"calibrated ({what}; saved {state.saved_at}){extra}"


def state_json(state: CalibrationState) -> dict[str, object]:
    """``printer status --json``'s ``calibration`` object."""
    return {"status": state.status.value, "calibrated": state.calibrated,
            "measured": list(state.measured), "saved_at": state.saved_at,
            "path": None if state.path is None else str(state.path),
            "problem": None if state.problem is None else state.problem.code}


def say(message: str) -> None:
    """One line on stderr."""
    print(f"photolatte: {message}", file=sys.stderr, flush=True)


__all__ = ["ProfileChoice", "add_data_options", "add_options", "choose", "data_dir",
           "profile_words", "refusal", "state_json", "state_line", "status", "status_line"]
