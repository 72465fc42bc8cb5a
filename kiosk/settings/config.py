"""Kiosk settings: one frozen dataclass with documented defaults, read from TOML.

Precedence, lowest first: the defaults below, the config file, the command line.
The file is ``kiosk.toml`` in the user config folder
(:func:`kiosk.settings.paths.default_config_file`) unless ``--config FILE``
names another. Example (every key optional)::

    camera = "demo"                 # "demo", 0, "/dev/video0", a video file, a folder
    printer_url = "sim://kiosk?speed=1"
    calibration_camera = ""         # photographs cups for calibration and the daily check:
                                    # "" the simulator's camera (simulated printer) or the
                                    # kiosk camera; else 0, "/dev/video2", a folder
    fullscreen = false
    lang = "ko"                     # "ko" or "en": the language the attract screen opens in
    data_dir = "/var/lib/photolatte"
    menu_path = "menu.json"          # relative paths are relative to this file's folder
    idle_seconds = 75               # no touch for this long -> "Are you still there?"
    idle_warning_seconds = 30       # ... shown this long, then back to the attract screen
    max_retakes = 3
    retention_minutes = 120         # masks and cup previews deleted after this at the latest
                                    # (10 to 1440: a day at most; they show a face)
    served_undo_seconds = 10        # after "Served", this long to tap Undo (wrong card)
    phone_upload = false            # "use a photo from my phone" (docs/kiosk.md)
    phone_host = "wlan0"            # the café Wi-Fi's interface, or its address
    phone_port = 8765
    phone_wifi = "Cafe Guest"       # the Wi-Fi name the QR screen asks customers to join
    phone_code_minutes = 5          # a QR code works this long
    phone_max_mb = 25               # the largest photo a phone may send

    [render]
    powders = "both"                # "cocoa", "cinnamon" or "both"
    style = "portrait"

    [technician]
    max_failures = 5                # wrong codes in a row before the lockout (3 to 10);
                                    # the barista code and the technician PIN each count
    lockout_minutes = 5             # 1 to 1440 (a day)

    [counter]
    cafe_name = "Photo Latte"       # printed at the top of the receipt
    payment = "counter"             # how customers pay: "counter" (the barista takes it)
    ready_minutes = 5               # a called number stays on the attract screen (1 to 30)

    [receipt]
    printer = ""                    # "" none (on-screen ticket only); "tcp://HOST:9100",
                                    # "serial:/dev/ttyUSB0?baudrate=19200", "usb:04b8:0202",
                                    # "file:/dev/usb/lp0"
    profile = "TM-T88V"             # the printer's python-escpos profile (paper width)

    [sound]
    mute = false                    # true: no chime
    volume = 0.8                    # 0 to 1
    device = ""                     # "" the default sound device; else an SDL device name

    [staff]
    idle_seconds = 90               # the staff screens lock (back to the customer screen)
                                    # after this long without a touch (15 to 1800)

    [screen]
    dpi = 0                         # the panel's real dots per inch; 0 = as it reports
                                    # (set it when touch targets come out the wrong size)
    access_idle_factor = 2          # the accessibility mode's idle times, x the normal ones

Use :meth:`KioskConfig.from_sources`; a malformed file raises :class:`ConfigError` naming
the file, the key and what to write instead; unknown keys are warned about, not fatal
(a newer config on an older kiosk must still start).
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kiosk.settings import paths
from printer_driver.powders import PowderSet

log = logging.getLogger(__name__)

LANGUAGES = ("ko", "en")


class ConfigError(ValueError):
    """A setting is malformed; the message names the file, the key and the fix."""


@dataclass(frozen=True)
class RenderDefaults:
    """How a customer's portrait is rendered before they touch any button.

    Attributes:
        powders: the powder set preselected on the cup preview screen.
        style: an imaging style preset name (``kiosk.imaging.STYLES``).
    """

    powders: PowderSet = PowderSet.BOTH
    style: str = "portrait"


@dataclass(frozen=True)
class TechnicianSettings:
    """The PIN lockout protecting the technician screen.

    Attributes:
        max_failures: wrong PINs in a row that trigger a lockout.
        lockout_minutes: how long the PIN pad stays locked, in minutes.
    """

    max_failures: int = 5
    lockout_minutes: float = 5.0


@dataclass(frozen=True)
class CounterSettings:
    """The counter's rules.

    Attributes:
        cafe_name: the café's name, printed at the top of the receipt.
        payment: how customers pay (:data:`kiosk.counter.payment.METHODS`): ``"counter"``.
        ready_minutes: how long a number called ready stays on the attract screen.
    """

    cafe_name: str = "Photo Latte"
    payment: str = "counter"
    ready_minutes: float = 5.0


@dataclass(frozen=True)
class ReceiptSettings:
    """The receipt printer (:mod:`kiosk.counter.transports`).

    Attributes:
        printer: ``""`` for none, else ``tcp://HOST[:PORT]``, ``serial:PORT[?baudrate=N]``,
            ``usb:VVVV:PPPP`` or ``file:/dev/usb/lp0``.
        profile: a python-escpos printer profile name (code pages, paper width in dots).
    """

    printer: str = ""
    profile: str = "TM-T88V"


@dataclass(frozen=True)
class SoundSettings:
    """The chime (:mod:`kiosk.counter.sound`).

    Attributes:
        mute: play no sound at all.
        volume: 0 (silent) to 1 (full).
        device: an SDL audio device name, or ``""`` for the system's default device.
    """

    mute: bool = False
    volume: float = 0.8
    device: str = ""


@dataclass(frozen=True)
class StaffSettings:
    """The staff side of a single-screen kiosk (behind the hidden hold and a code).

    Attributes:
        idle_seconds: seconds without a touch after which the staff screens lock and the
            customer screen returns (so no customer finds an unlocked barista screen).
    """

    idle_seconds: float = 90.0


@dataclass(frozen=True)
class ScreenSettings:
    """The customer screen (:mod:`kiosk.ui.layouts`).

    Attributes:
        dpi: the panel's dots per inch, to size touch targets in millimetres; 0 uses what
            the screen reports (its EDID), which some panels get wrong.
        access_idle_factor: the accessibility mode multiplies the idle time and the idle
            warning's time by this.
    """

    dpi: float = 0.0
    access_idle_factor: float = 2.0


@dataclass(frozen=True)
class KioskConfig:
    """Everything the kiosk needs to start. See the module docstring for the TOML form.

    Attributes:
        camera: camera spec for :func:`kiosk.camera.reader.open_camera` (``"demo"``, ``"0"``,
            ``"/dev/video0"``, a video file or a folder of pictures).
        printer_url: printer driver URL; the default is the in-process simulated printer.
        calibration_camera: the camera over the cup for the technician's calibration and
            the barista's check (:func:`kiosk.camera.cup.kiosk_cup_camera`); "" = the
            simulator's camera for a simulated printer, else :attr:`camera`.
        fullscreen: open full screen without window decorations (a real kiosk).
        lang: ``"ko"`` or ``"en"``, the language the attract screen starts in.
        data_dir: folder for the orders database and the staff codes.
        menu_path: the drinks menu JSON (:mod:`kiosk.orders.menu`).
        idle_seconds: seconds without a touch before the idle warning.
        idle_warning_seconds: seconds the warning stays before the reset.
        max_retakes: how many times a customer may retake the photo.
        retention_minutes: masks and previews are deleted this long after the order at
            the latest (sooner when it is served or cancelled).
        served_undo_seconds: seconds the barista can undo a "Served" tap before the order
            is marked served and its picture deleted.
        phone_upload: offer "use a photo from my phone" (a web page on the café Wi-Fi).
            Off by default; the built-in demo turns it on for loopback only.
        phone_host: the address or interface name the upload listens on (one interface;
            never all).
        phone_port: its TCP port (0: any free port, for tests).
        phone_wifi: the café Wi-Fi's name, shown beside the QR code ("" says "the café's
            Wi-Fi").
        phone_code_minutes: how long one QR code works, in minutes.
        phone_max_mb: the largest photo a phone may send, in megabytes.
        render: :class:`RenderDefaults`.
        technician: :class:`TechnicianSettings` (the lockout of both staff codes).
        counter: :class:`CounterSettings`.
        receipt: :class:`ReceiptSettings`.
        sound: :class:`SoundSettings`.
        staff: :class:`StaffSettings`.
        screen: :class:`ScreenSettings`.
        source: the config file read, or None for defaults only.
        warnings: human-readable warnings about the file (unknown keys).
    """

    camera: str = "demo"
    printer_url: str = "sim://kiosk?speed=1"
    calibration_camera: str = ""
    fullscreen: bool = False
    lang: str = "ko"
    data_dir: Path = field(default_factory=paths.data_dir)
    menu_path: Path = field(default_factory=paths.default_menu_file)
    idle_seconds: float = 75.0
    idle_warning_seconds: float = 30.0
    max_retakes: int = 3
    retention_minutes: float = 120.0
    served_undo_seconds: float = 10.0
    phone_upload: bool = False
    phone_host: str = "127.0.0.1"
    phone_port: int = 8765
    phone_wifi: str = ""
    phone_code_minutes: float = 5.0
    phone_max_mb: float = 25.0
    render: RenderDefaults = field(default_factory=RenderDefaults)
    technician: TechnicianSettings = field(default_factory=TechnicianSettings)
    counter: CounterSettings = field(default_factory=CounterSettings)
    receipt: ReceiptSettings = field(default_factory=ReceiptSettings)
    sound: SoundSettings = field(default_factory=SoundSettings)
    staff: StaffSettings = field(default_factory=StaffSettings)
    screen: ScreenSettings = field(default_factory=ScreenSettings)
    source: Path | None = field(default=None, compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        # Validate here so that a config built in code (tests, the UI) is checked too.
        where = str(self.source) if self.source else "settings"
        for key, value in _flatten_instance(self).items():
            _check(where, key, value)

    # --- derived paths ---------------------------------------------------------------

    @property
    def db_path(self) -> Path:
        """The orders database file inside :attr:`data_dir`."""
        return Path(self.data_dir) / paths.DB_FILE_NAME

    @property
    def pin_path(self) -> Path:
        """The technician PIN file inside :attr:`data_dir`."""
        return Path(self.data_dir) / paths.PIN_FILE_NAME

    @property
    def barista_code_path(self) -> Path:
        """The barista code file inside :attr:`data_dir`."""
        return Path(self.data_dir) / paths.BARISTA_CODE_FILE_NAME

    def code_path(self, role: str) -> Path:
        """The code file of a staff role (``"barista"`` or ``"technician"``)."""
        if role == "barista":
            return self.barista_code_path
        if role == "technician":
            return self.pin_path
        raise ValueError(f"unknown staff role {role!r}")

    # --- loading ---------------------------------------------------------------------

    @classmethod
    def from_sources(
        cls,
        file: str | Path | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> KioskConfig:
        """Defaults, then ``file`` (or the user config file if it exists), then overrides.

        Args:
            file: a TOML file; an explicitly named file must exist. None means
                :func:`kiosk.settings.paths.default_config_file` if present, else defaults only.
            overrides: command-line values keyed by field name (``"camera"``,
                ``"printer_url"``, ``"fullscreen"``, ``"lang"``, ...) or dotted section
                keys (``"render.powders"``, ``"technician.max_failures"``). ``None``
                values are ignored, so an argparse namespace's unset options can be
                passed as they are.

        Raises:
            ConfigError: naming the file, the key and the fix.
        """
        values: dict[str, Any] = {}
        warnings: list[str] = []
        source: Path | None = None
        if file is not None:
            source = Path(file).expanduser()
            if not source.is_file():
                raise ConfigError(
                    f"{source}: config file not found; check the path given to --config, "
                    "or leave --config out to use the defaults"
                )
        elif paths.default_config_file().is_file():
            source = paths.default_config_file()
        if source is not None:
            values, warnings = _read_file(source)
        for key, value in (overrides or {}).items():
            if value is None:
                continue
            if key not in _FLAT_TYPES:
                raise ConfigError(f"command line: unknown setting '{key}'")
            values[key] = _coerce("command line", key, value)
        for message in warnings:
            log.warning("%s", message)
        return _build(values, source, tuple(warnings))

    def with_overrides(self, **overrides: Any) -> KioskConfig:
        """A copy with some top-level fields changed (validated again)."""
        return replace(self, **overrides)


# --- flat key table: "section.key" -> expected type -------------------------------------

_FLAT_TYPES: dict[str, type] = {
    "camera": str,
    "printer_url": str,
    "calibration_camera": str,
    "fullscreen": bool,
    "lang": str,
    "data_dir": Path,
    "menu_path": Path,
    "idle_seconds": float,
    "idle_warning_seconds": float,
    "max_retakes": int,
    "retention_minutes": float,
    "served_undo_seconds": float,
    "phone_upload": bool,
    "phone_host": str,
    "phone_port": int,
    "phone_wifi": str,
    "phone_code_minutes": float,
    "phone_max_mb": float,
    "render.powders": PowderSet,
    "render.style": str,
    "technician.max_failures": int,
    "technician.lockout_minutes": float,
    "counter.cafe_name": str,
    "counter.payment": str,
    "counter.ready_minutes": float,
    "receipt.printer": str,
    "receipt.profile": str,
    "sound.mute": bool,
    "sound.volume": float,
    "sound.device": str,
    "staff.idle_seconds": float,
    "screen.dpi": float,
    "screen.access_idle_factor": float,
}
_SECTIONS = {"render": RenderDefaults, "technician": TechnicianSettings,
             "counter": CounterSettings, "receipt": ReceiptSettings, "sound": SoundSettings,
             "staff": StaffSettings, "screen": ScreenSettings}
_MAY_BE_EMPTY = {"receipt.printer", "sound.device"}  # "" means none / the default

_EXPECT = {
    str: "a quoted string",
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    Path: "a quoted folder or file path",
    PowderSet: 'one of "cocoa", "cinnamon", "both"',
}


def _read_file(path: Path) -> tuple[dict[str, Any], list[str]]:
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML ({exc}); fix that line, or delete the file to use "
            "the defaults"
        ) from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror})") from exc
    values: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in raw.items():
        if key in _SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: '{key}' must be a [{key}] section")
            for sub, subvalue in value.items():
                flat = f"{key}.{sub}"
                if flat in _FLAT_TYPES:
                    values[flat] = _coerce(str(path), flat, subvalue)
                else:
                    warnings.append(f"{path}: unknown setting '{flat}' ignored")
        elif key in _FLAT_TYPES:
            values[key] = _coerce(str(path), key, value)
            if isinstance(values[key], Path) and not values[key].is_absolute():
                # Relative paths in a config file mean "beside this file", not the cwd.
                values[key] = path.parent / values[key]
        else:
            warnings.append(f"{path}: unknown setting '{key}' ignored (check the spelling)")
    return values, warnings


def _coerce(where: str, key: str, value: Any) -> Any:
    """Convert a TOML or command-line value to the field's type and range-check it."""
    value = _convert(where, key, value)
    _check(where, key, value)
    return value


def _convert(where: str, key: str, value: Any) -> Any:
    kind = _FLAT_TYPES[key]
    bad = ConfigError(f"{where}: '{key}' is {value!r}; write {_EXPECT[kind]}")
    if kind is bool:
        if isinstance(value, bool):
            return value
        raise bad
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad
        return float(value)
    if key == "camera" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # camera = 0 in TOML is natural
    if isinstance(value, str) and not value.strip() and key in _MAY_BE_EMPTY:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise bad
    if kind is Path:
        return Path(value).expanduser()
    if kind is PowderSet:
        try:
            return PowderSet(value.strip().lower())
        except ValueError:
            raise bad from None
    return value.strip()


RANGES: dict[str, tuple[float, float, str]] = {
    "max_retakes": (0, 20, "a whole number from 0 to 20"),
    # Images show a face: kept a day at most; less than 10 minutes would delete an order's
    # picture while it still waits in a busy queue.
    "retention_minutes": (10, 1440, "a number of minutes from 10 to 1440 (a day)"),
    # Fewer than 3 tries locks a technician out over one typo; more than 10 lets a guesser
    # try a tenth of all 4-digit PINs a day with a short lockout.
    "technician.max_failures": (3, 10, "a whole number from 3 to 10"),
    "technician.lockout_minutes": (1, 1440, "a number of minutes from 1 to 1440 (a day)"),
    "phone_port": (0, 65535, "a port number from 1024 to 65535 (0: any free port)"),
    # A code shown for less than a minute cannot be scanned and used; one for more than
    # half an hour outlives the customer at the counter.
    "phone_code_minutes": (1, 30, "a number of minutes from 1 to 30"),
    "phone_max_mb": (1, 100, "a number of megabytes from 1 to 100"),
    # Long enough to walk to the counter; longer and the board fills with collected cups.
    "counter.ready_minutes": (1, 30, "a number of minutes from 1 to 30"),
    "sound.volume": (0, 1, "a number from 0 (silent) to 1 (full)"),
    # Under 15 s locks a barista out while they watch a print; over half an hour leaves the
    # queue open to the next customer on a single-screen kiosk.
    "staff.idle_seconds": (15, 1800, "a number of seconds from 15 to 1800"),
    # 0: the screen's own figure; real panels run from ~70 (a 32" portrait) to ~300 dpi.
    "screen.dpi": (0, 600, "the screen's dots per inch (0: as the screen reports it)"),
    "screen.access_idle_factor": (1, 5, "a number from 1 to 5"),
}
"""Inclusive bounds of the numeric settings that have them, and the words for the fix."""


def _check(where: str, key: str, value: Any) -> None:
    """Range checks shared by file, command line and code."""
    def fail(what: str) -> ConfigError:
        return ConfigError(f"{where}: '{key}' is {value!r}; {what}")

    if key == "lang" and value not in LANGUAGES:
        raise fail('write "ko" or "en"')
    if key in RANGES:
        low, high, words = RANGES[key]
        if not low <= value <= high:
            raise fail(f"write {words}")
    if key in ("idle_seconds", "idle_warning_seconds") and not value > 0:
        raise fail("write a number above 0")
    if key == "served_undo_seconds" and not 0 < value <= 120:
        raise fail("write a number of seconds above 0, at most 120")
    if key in ("camera", "printer_url", "render.style", "phone_host", "counter.cafe_name",
               "receipt.profile") and not str(value).strip():
        raise fail("write a non-empty value")
    if key == "phone_host" and str(value).strip().strip("[]") in ("0.0.0.0", "::"):
        raise fail('name one interface or address (e.g. "wlan0"), never all of them')
    if key == "phone_wifi" and len(str(value)) > 64:
        raise fail("write the Wi-Fi name (at most 64 characters)")
    if key == "counter.cafe_name" and len(str(value)) > 40:
        raise fail("write at most 40 characters (it heads a receipt)")
    if key == "counter.payment" and value not in ("counter",):
        raise fail('write "counter" (customers pay at the counter)')
    if key == "receipt.printer":
        from kiosk.counter.transports import parse_receipt_printer

        try:
            parse_receipt_printer(str(value))
        except ValueError as exc:
            raise fail(str(exc)) from exc
    if key == "receipt.profile":
        from kiosk.counter.profiles import profile_names

        if value not in profile_names():
            raise fail('write a python-escpos printer profile such as "TM-T88V", '
                       '"TM-T20II" (80 mm) or "POS-5890" (58 mm)')
    if key == "printer_url":
        # A bad ?dtr=/?rts= would otherwise show the barista "check the cable" forever.
        from printer_driver.ports import split_line_options

        try:
            split_line_options(str(value))
        except ValueError as exc:
            raise fail(str(exc)) from exc


def with_demo_phone(config: KioskConfig) -> KioskConfig:
    """The built-in demo (no settings file, the demo camera) offers the phone upload on
    loopback only: a browser on this computer can try it; no other machine can reach it.
    Anything else keeps ``phone_upload`` as set (off unless a settings file turns it on)."""
    if config.source is None and config.camera == "demo" and not config.phone_upload:
        return config.with_overrides(phone_upload=True, phone_host="127.0.0.1")
    return config


def _flatten_instance(cfg: KioskConfig) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in _FLAT_TYPES:
        if "." in key:
            section, sub = key.split(".")
            out[key] = getattr(getattr(cfg, section), sub)
        else:
            out[key] = getattr(cfg, key)
    return out


def _build(
    values: dict[str, Any], source: Path | None, warnings: tuple[str, ...]
) -> KioskConfig:
    top: dict[str, Any] = {}
    sections: dict[str, dict[str, Any]] = {name: {} for name in _SECTIONS}
    for key, value in values.items():
        if "." in key:
            section, sub = key.split(".")
            sections[section][sub] = value
        else:
            top[key] = value
    for name, cls in _SECTIONS.items():
        top[name] = cls(**sections[name])
    known = {f.name for f in fields(KioskConfig)}
    assert set(top) <= known
    return KioskConfig(**top, source=source, warnings=warnings)
