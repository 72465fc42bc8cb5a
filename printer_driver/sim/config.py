"""Settings of one simulated printer, and how they read from a ``sim://`` URL.

URL form (every option optional)::

    sim://NAME?speed=20&baud=115200&seed=1&faults=drop=1e-4,reset_at=3
        &truth=offset_x=0.4,rotation=1.5&motion=head_speed_mm_s=800&out=/tmp/prints
        &cup=1&reset_on_open=0&latency_ms=1&serial=PL2026-0001&protocol=1.1

Options are separated by ``&`` (so ``faults`` and ``truth`` may contain ``,`` and ``=``);
``%``-escapes are decoded but ``+`` is kept as a plus sign (``1e+3`` works).

The demo's printers (``sim://demo`` and the kiosk's built-in ``sim://kiosk``) start like a
machine fresh from the factory, uncalibrated (:data:`DEMO_TRUTH`: 1.2 mm off, 0.8° turned,
dot gain 1.6), so calibrating them visibly changes the print. Any ``truth=`` replaces that
(``truth=`` alone: the plain default, a perfect head).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from printer_driver.protocol import PROTOCOL_MINOR, serial_problem
from printer_driver.sim.faults import FaultPlan, FaultSpecError
from printer_driver.sim.motion import MotionConfig
from printer_driver.sim.physics import PhysicsTruth, TruthError

DEFAULT_NAME = "default"
URL_OPTIONS = (
    "speed", "baud", "seed", "faults", "truth", "motion", "out", "cup", "reset_on_open",
    "latency_ms", "serial", "protocol",
)
PROTOCOLS = {"1.0": 0, "1.1": 1}  # protocol= value -> the minor version the printer speaks

#: The printers of the demo, which start uncalibrated (see the module docstring).
DEMO_PRINTERS = ("demo", "kiosk")
#: A plausible uncalibrated head: its grid 1.2 mm right of and 0.3 mm above the cup's
#: centre, turned 0.8° clockwise, stretched 0.4 %, its powder spreading to 1.6 x a dot.
DEMO_TRUTH = "offset_x=1.2,offset_y=-0.3,rotation=0.8,scale=1.004,gain=1.6"


def demo_truth() -> PhysicsTruth:
    """The physics of the demo's printers (:data:`DEMO_TRUTH`)."""
    return PhysicsTruth.parse(DEMO_TRUTH)


def default_serial(name: str) -> str:
    """The serial number of the simulated printer called ``name`` when none is given:
    ``SIM-`` and 8 hex digits of a hash of the name, the same in every run."""
    return "SIM-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8].upper()


class SimConfigError(ValueError):
    """A simulated printer setting or URL is malformed; the message says which."""


@dataclass(frozen=True)
class SimSettings:
    """How a simulated printer behaves.

    Attributes:
        speed: simulated seconds per wall-clock second (1 = real time; tests use 20+).
        baud: line rate in bits per second; the line carries ``baud / 10`` bytes/s.
        seed: seeds faults, boot ids and dot jitter, for reproducible runs.
        faults: what goes wrong, when.
        truth: the hidden physics.
        motion: head mechanics.
        out_dir: where finished prints are written (None: nowhere).
        cup: whether a cup stands under the head at power-on.
        reset_on_open: the board reboots when a host opens the port (DTR reset).
        latency_s: extra delay of every byte in each direction, simulated seconds (a USB
            serial adapter adds 1-16 ms).
        tick_s: wall seconds between the printer's steps while a host is attached.
        serial: the serial number it reports (docs/protocol.md 4.4); None: the default of
            its name (:func:`default_serial`).
        protocol_minor: the minor protocol version it speaks: 1, or 0 for a 1.0 printer.
    """

    speed: float = 1.0
    baud: int = 115200
    seed: int = 0
    faults: FaultPlan = field(default_factory=FaultPlan)
    truth: PhysicsTruth = field(default_factory=PhysicsTruth)
    motion: MotionConfig = field(default_factory=MotionConfig)
    out_dir: Path | None = None
    cup: bool = True
    reset_on_open: bool = False
    latency_s: float = 0.001
    tick_s: float = 0.002
    serial: str | None = None
    protocol_minor: int = PROTOCOL_MINOR

    def __post_init__(self) -> None:
        if not (self.speed > 0 and math.isfinite(self.speed)):
            raise SimConfigError(f"speed {self.speed} must be a positive number")
        if not (50 <= int(self.baud) <= 10_000_000):
            raise SimConfigError(f"baud {self.baud} must be between 50 and 10000000")
        if not (0 <= self.latency_s <= 1.0):
            raise SimConfigError(
                f"latency {self.latency_s * 1000:g} ms must be between 0 and 1000 ms"
            )
        if not (0 < self.tick_s <= 0.1):
            raise SimConfigError("tick_s must be between 0 and 0.1 s")
        if self.serial is not None and (why := serial_problem(self.serial)):
            raise SimConfigError(
                f"serial {self.serial!r} is not valid: {why} (e.g. serial=PL2026-0001)")
        if self.protocol_minor not in PROTOCOLS.values():
            raise SimConfigError(
                f"protocol 1.{self.protocol_minor} is not spoken; use one of "
                f"{', '.join(PROTOCOLS)}")

    def serial_for(self, name: str) -> str:
        """The serial number the printer called ``name`` reports."""
        return self.serial if self.serial is not None else default_serial(name)

    @property
    def bytes_per_s(self) -> float:
        """Line rate in bytes per simulated second (8N1: 10 bits a byte)."""
        return self.baud / 10.0


def parse_sim_url(url: str) -> tuple[str, SimSettings, dict[str, str]]:
    """Split ``sim://NAME?opts`` into the printer name, its settings and the raw options.

    Raises:
        SimConfigError: naming the option that is unknown or malformed.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "sim":
        raise SimConfigError(f"'{url}' is not a sim:// URL")
    name = unquote(parts.netloc or parts.path.strip("/")) or DEFAULT_NAME
    raw: dict[str, str] = {}
    for item in filter(None, parts.query.split("&")):
        key, _, value = item.partition("=")
        key = unquote(key).strip().lower()
        if key not in URL_OPTIONS:
            raise SimConfigError(
                f"unknown sim:// option '{key}'; use one of {', '.join(URL_OPTIONS)}"
            )
        raw[key] = unquote(value)
    settings = settings_from_options(raw)
    if name in DEMO_PRINTERS and "truth" not in raw:
        settings = replace(settings, truth=demo_truth())
    return name, settings, raw


def settings_from_options(raw: dict[str, str]) -> SimSettings:
    """Build settings from string options as found in a URL or on the command line."""
    kwargs: dict[str, object] = {}
    try:
        if "speed" in raw:
            kwargs["speed"] = float(raw["speed"])
        if "baud" in raw:
            kwargs["baud"] = int(raw["baud"])
        if "seed" in raw:
            kwargs["seed"] = int(raw["seed"])
        if "latency_ms" in raw:
            kwargs["latency_s"] = float(raw["latency_ms"]) / 1000.0
        if "cup" in raw:
            kwargs["cup"] = _flag(raw["cup"])
        if "reset_on_open" in raw:
            kwargs["reset_on_open"] = _flag(raw["reset_on_open"])
    except ValueError as exc:
        raise SimConfigError(f"sim:// option is malformed: {exc}") from exc
    try:
        if raw.get("faults"):
            kwargs["faults"] = FaultPlan.parse(raw["faults"])
        if raw.get("truth"):
            kwargs["truth"] = PhysicsTruth.parse(raw["truth"])
        if raw.get("motion"):
            kwargs["motion"] = MotionConfig.parse(raw["motion"])
    except (FaultSpecError, TruthError, ValueError) as exc:
        raise SimConfigError(str(exc)) from exc
    if raw.get("out"):
        kwargs["out_dir"] = Path(raw["out"])
    if "serial" in raw:
        kwargs["serial"] = raw["serial"]
    if "protocol" in raw:
        version = raw["protocol"].strip()
        if version not in PROTOCOLS:
            raise SimConfigError(
                f"protocol {version!r} is not spoken; use one of {', '.join(PROTOCOLS)}")
        kwargs["protocol_minor"] = PROTOCOLS[version]
    return SimSettings(**kwargs)  # type: ignore[arg-type]


def _flag(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on", ""):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"'{text}' is not 0 or 1")
