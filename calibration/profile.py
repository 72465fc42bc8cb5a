"""A printer's calibration profile: what was measured on one machine, and the strict schema.

A profile is a JSON object (``docs/calibration.md`` shows one)::

    format, schema_version, serial, saved_at, note,
    geometry: {offset_x_mm, offset_y_mm, rotation_deg, scale} | null
    tone: {cinnamon: {dither, steps: [{nominal, coverage, lightness, fitted}, ...]} | null,
           cocoa: ... | null}
    dose_mg_per_dot: {cinnamon: mg | null, cocoa: mg | null}
    cups: [{name, foam_diameter_mm, print_diameter_mm}, ...]
    provenance: {geometry | tone | dose: {measured_at, chart, method, photo: {width, height,
                 sha256} | null, residuals: {...}, dots: {...} | null, grams: {...} | null}
                 | null}
    checksum: "sha256:<hex of the canonical JSON of everything else>"

Geometry is the head's measured error in the simulator's convention (``docs/simulator.md``):
where the grid centre lands relative to the cup centre, its clockwise turn, and true over
nominal pitch. Tone is per powder: the landed lightness (CIE L*) of each nominal coverage
step as read from the photo (``null`` where a step could not be read) and the fitted
monotone curve at the same steps. A section that was never measured is ``null``: the print
path then uses nominal values for it.

Reading is strict: an unknown key, a missing key, a wrong type or a value out of range is
refused with a :class:`~calibration.errors.ProfileError` naming the key and the allowed
range (code and parameters; each front end owns the words).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from calibration.errors import ProfileError, ProfileProblem
from printer_driver.placement import LIMITS as HEAD_LIMITS
from printer_driver.placement import HeadGeometry

FORMAT = "photolatte.printer-profile"
SCHEMA_VERSION = 1
POWDERS = ("cinnamon", "cocoa")
SECTIONS = ("geometry", "tone", "dose")
SERIAL_RULE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
"""A printer serial (``docs/protocol.md``, HELLO_REPLY): 1-32 of ``A-Z a-z 0-9 - . _``."""

GEOMETRY_RANGES: dict[str, tuple[float, float]] = HEAD_LIMITS
"""What a working head can be off by; a measurement beyond it is a mistake, not a profile."""
DOSE_RANGE = (0.01, 2.0)
"""mg per dot a doser can drop."""
FOAM_RANGE = (20.0, 200.0)
PRINT_RANGE = (20.0, 120.0)
MIN_TONE_STEPS = 11
MAX_TONE_STEPS = 64
MAX_CUPS = 32
RESIDUAL_KEYS = {
    "geometry": ("fiducials_rms_mm", "rim_rms_mm", "fiducials_used", "fiducials_rejected",
                 "rim_points"),
    "tone": ("fit_rms_lightness", "steps_read", "steps_unread"),
    "dose": (),
}
METHODS = {"geometry": ("photo",), "tone": ("photo",), "dose": ("reservoir", "weighed")}


Geometry = HeadGeometry
"""The head's grid relative to the cup (mm, degrees clockwise, true/nominal pitch): the
driver's :class:`~printer_driver.placement.HeadGeometry`, so a profile's geometry is what
a placed mask carries."""


@dataclass(frozen=True)
class ToneStep:
    """One coverage step of a powder's wedge.

    Attributes:
        nominal: the coverage the chart asked for (0..1).
        coverage: the share of dots really printed where the patch was read (0..1).
        lightness: landed CIE L* read from the photo, or None if the step was unreadable.
        fitted: the monotone curve's L* at ``nominal``.
    """

    nominal: float
    coverage: float
    lightness: float | None
    fitted: float


@dataclass(frozen=True)
class ToneResponse:
    """One powder's measured tone response (steps by increasing nominal coverage)."""

    dither: str
    steps: tuple[ToneStep, ...]


@dataclass(frozen=True)
class CupProfile:
    """A cup the café uses: its foam diameter and the diameter to print (mm)."""

    name: str
    foam_diameter_mm: float
    print_diameter_mm: float


DEFAULT_CUPS = (CupProfile("standard", 82.0, 76.0),)


@dataclass(frozen=True)
class PhotoFacts:
    """What is kept of a measured photo: its size and hash, never the picture."""

    width: int
    height: int
    sha256: str


@dataclass(frozen=True)
class Provenance:
    """Where a section's values came from.

    Attributes:
        measured_at: ISO 8601 time, UTC.
        chart: the chart's name and version (``"geometry/1"``).
        method: ``"photo"``, ``"reservoir"`` or ``"weighed"``.
        photo: the measured photo's facts (photo methods).
        residuals: fit quality figures (named per section, see :data:`RESIDUAL_KEYS`).
        dots: dots printed per powder (dose).
        grams: grams used per powder (dose).
    """

    measured_at: str
    chart: str
    method: str
    photo: PhotoFacts | None = None
    residuals: dict[str, float] = field(default_factory=dict)
    dots: dict[str, int] | None = None
    grams: dict[str, float] | None = None


@dataclass(frozen=True)
class Profile:
    """Everything measured on one machine. Build with :meth:`blank` and ``with_*``."""

    serial: str
    geometry: Geometry | None = None
    tone: dict[str, ToneResponse | None] = field(default_factory=dict)
    dose_mg_per_dot: dict[str, float | None] = field(default_factory=dict)
    cups: tuple[CupProfile, ...] = DEFAULT_CUPS
    provenance: dict[str, Provenance | None] = field(default_factory=dict)
    saved_at: str | None = None
    note: str = ""

    @classmethod
    def blank(cls, serial: str) -> Profile:
        """A profile with nothing measured yet (every section nominal)."""
        check_serial(serial)
        return cls(serial=serial)

    @property
    def calibrated(self) -> bool:
        """True if any section was measured."""
        return any(self.provenance.get(s) is not None for s in SECTIONS)

    def cup(self, name: str | None = None) -> CupProfile:
        """The cup called ``name`` (the first cup if None). Raises KeyError if unknown."""
        if name is None:
            return self.cups[0]
        for cup in self.cups:
            if cup.name == name:
                return cup
        raise KeyError(name)

    def with_geometry(self, geometry: Geometry, provenance: Provenance) -> Profile:
        return replace(self, geometry=geometry,
                       provenance={**self.provenance, "geometry": provenance})

    def with_tone(self, tone: Mapping[str, ToneResponse], provenance: Provenance) -> Profile:
        return replace(self, tone={**self.tone, **tone},
                       provenance={**self.provenance, "tone": provenance})

    def with_dose(self, dose: Mapping[str, float], provenance: Provenance) -> Profile:
        return replace(self, dose_mg_per_dot={**self.dose_mg_per_dot, **dose},
                       provenance={**self.provenance, "dose": provenance})

    # --- JSON ---------------------------------------------------------------------------

    def content(self) -> dict[str, Any]:
        """The canonical JSON-able content, without the checksum."""
        return {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "serial": self.serial,
            "saved_at": self.saved_at,
            "note": self.note,
            "geometry": None if self.geometry is None else {
                "offset_x_mm": _num(self.geometry.offset_x_mm),
                "offset_y_mm": _num(self.geometry.offset_y_mm),
                "rotation_deg": _num(self.geometry.rotation_deg),
                "scale": _num(self.geometry.scale, 6),
            },
            "tone": {p: _tone_dict(self.tone.get(p)) for p in POWDERS},
            "dose_mg_per_dot": {p: _opt_num(self.dose_mg_per_dot.get(p), 5) for p in POWDERS},
            "cups": [
                {"name": c.name, "foam_diameter_mm": _num(c.foam_diameter_mm),
                 "print_diameter_mm": _num(c.print_diameter_mm)} for c in self.cups
            ],
            "provenance": {s: _prov_dict(self.provenance.get(s)) for s in SECTIONS},
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON document: :meth:`content` plus its checksum."""
        doc = self.content()
        doc["checksum"] = checksum(doc)
        return doc

    def to_json(self) -> str:
        """The profile file's text (indented, keys sorted, UTF-8 safe ASCII)."""
        return json.dumps(self.to_dict(), indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, raw: object, *, verify_checksum: bool = True) -> Profile:
        """Read and validate a profile document.

        Raises:
            ProfileError: the first problem found, naming the key.
        """
        return _read_profile(raw, verify_checksum)

    def validated(self) -> Profile:
        """This profile after a round trip through the strict reader (raises if bad)."""
        return Profile.from_dict(self.to_dict())


def check_serial(serial: object) -> str:
    """``serial`` if it is a valid printer serial, else :class:`ProfileError` BAD_SERIAL."""
    if not isinstance(serial, str) or not SERIAL_RULE.fullmatch(serial):
        raise ProfileError(ProfileProblem.BAD_SERIAL, serial=str(serial)[:80],
                           rule="1-32 of A-Z a-z 0-9 - . _, starting with a letter or digit")
    return serial


def checksum(content: Mapping[str, Any]) -> str:
    """``"sha256:<hex>"`` over the canonical JSON of ``content`` without ``checksum``."""
    body = {k: v for k, v in content.items() if k != "checksum"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                      allow_nan=False)
    return "sha256:" + hashlib.sha256(text.encode("ascii")).hexdigest()


def _num(value: float, digits: int = 4) -> float:
    return round(float(value), digits)


def _opt_num(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else _num(value, digits)


def _tone_dict(tone: ToneResponse | None) -> dict[str, Any] | None:
    if tone is None:
        return None
    return {
        "dither": tone.dither,
        "steps": [
            {"nominal": _num(s.nominal), "coverage": _num(s.coverage),
             "lightness": None if s.lightness is None else _num(s.lightness, 3),
             "fitted": _num(s.fitted, 3)} for s in tone.steps
        ],
    }


def _prov_dict(p: Provenance | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "measured_at": p.measured_at,
        "chart": p.chart,
        "method": p.method,
        "photo": None if p.photo is None else {
            "width": p.photo.width, "height": p.photo.height, "sha256": p.photo.sha256},
        "residuals": {k: _num(v, 5) for k, v in sorted(p.residuals.items())},
        "dots": None if p.dots is None else {k: int(v) for k, v in sorted(p.dots.items())},
        "grams": None if p.grams is None else {k: _num(v, 4) for k, v in sorted(p.grams.items())},
    }


# --- the strict reader ---------------------------------------------------------------------


def _obj(raw: object, key: str, required: tuple[str, ...],
         optional: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ProfileError(ProfileProblem.WRONG_TYPE, key=key or "(profile)", expected="object")
    allowed = (*required, *optional)
    for k in raw:
        if k not in allowed:
            name = f"{key}.{k}" if key else str(k)
            raise ProfileError(ProfileProblem.UNKNOWN_KEY, key=name, allowed=sorted(allowed))
    for k in required:
        if k not in raw:
            raise ProfileError(ProfileProblem.MISSING_KEY, key=f"{key}.{k}" if key else k)
    return raw


def _number(raw: object, key: str, lo: float, hi: float) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ProfileError(ProfileProblem.WRONG_TYPE, key=key, expected="number")
    value = float(raw)
    if not (math.isfinite(value) and lo <= value <= hi):
        raise ProfileError(ProfileProblem.OUT_OF_RANGE, key=key, value=raw, min=lo, max=hi)
    return value


def _integer(raw: object, key: str, lo: int, hi: int) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ProfileError(ProfileProblem.WRONG_TYPE, key=key, expected="integer")
    if not lo <= raw <= hi:
        raise ProfileError(ProfileProblem.OUT_OF_RANGE, key=key, value=raw, min=lo, max=hi)
    return raw


def _string(raw: object, key: str, max_len: int = 200) -> str:
    if not isinstance(raw, str):
        raise ProfileError(ProfileProblem.WRONG_TYPE, key=key, expected="string")
    if len(raw) > max_len or any(ord(ch) < 32 for ch in raw):
        raise ProfileError(ProfileProblem.BAD_VALUE, key=key,
                           rule=f"at most {max_len} printable characters")
    return raw


def _time(raw: object, key: str) -> str:
    text = _string(raw, key, 40)
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise ProfileError(ProfileProblem.BAD_VALUE, key=key,
                           rule="an ISO 8601 time such as 2025-01-31T09:30:00+00:00") from None
    return text


def _nullable(raw: object, read: Callable[[object], Any]) -> Any:
    return None if raw is None else read(raw)


def _read_profile(raw: object, verify: bool) -> Profile:
    doc = _obj(raw, "", ("format", "schema_version", "serial", "saved_at", "note", "geometry",
                         "tone", "dose_mg_per_dot", "cups", "provenance", "checksum"))
    if doc["format"] != FORMAT:
        raise ProfileError(ProfileProblem.BAD_VALUE, key="format", rule=f"must be '{FORMAT}'")
    version = _integer(doc["schema_version"], "schema_version", 1, 10**6)
    if version > SCHEMA_VERSION:
        raise ProfileError(ProfileProblem.SCHEMA_TOO_NEW, version=version,
                           supported=SCHEMA_VERSION)
    if verify:
        stated = _string(doc["checksum"], "checksum", 80)
        if stated != checksum(doc):
            raise ProfileError(ProfileProblem.CHECKSUM, path=None)
    serial = check_serial(doc["serial"])
    geometry = _nullable(doc["geometry"], _read_geometry)
    tone_raw = _obj(doc["tone"], "tone", POWDERS)
    tone: dict[str, ToneResponse | None] = {}
    dose: dict[str, float | None] = {}
    dose_raw = _obj(doc["dose_mg_per_dot"], "dose_mg_per_dot", POWDERS)
    for p in POWDERS:
        t, d = tone_raw[p], dose_raw[p]
        tone[p] = None if t is None else _read_tone(t, f"tone.{p}")
        dose[p] = None if d is None else _number(d, f"dose_mg_per_dot.{p}", *DOSE_RANGE)
    cups = _read_cups(doc["cups"])
    prov_raw = _obj(doc["provenance"], "provenance", SECTIONS)
    prov = {s: None if prov_raw[s] is None else _read_provenance(prov_raw[s], s)
            for s in SECTIONS}
    return Profile(
        serial=serial, geometry=geometry, tone=tone, dose_mg_per_dot=dose, cups=cups,
        provenance=prov, saved_at=_nullable(doc["saved_at"], lambda v: _time(v, "saved_at")),
        note=_string(doc["note"], "note", 500),
    )


def _read_geometry(raw: object) -> Geometry:
    g = _obj(raw, "geometry", tuple(GEOMETRY_RANGES))
    return Geometry(**{k: _number(g[k], f"geometry.{k}", lo, hi)
                       for k, (lo, hi) in GEOMETRY_RANGES.items()})


def _read_tone(raw: object, key: str) -> ToneResponse:
    t = _obj(raw, key, ("dither", "steps"))
    dither = _string(t["dither"], f"{key}.dither", 40)
    steps_raw = t["steps"]
    if not isinstance(steps_raw, list):
        raise ProfileError(ProfileProblem.WRONG_TYPE, key=f"{key}.steps", expected="list")
    if not MIN_TONE_STEPS <= len(steps_raw) <= MAX_TONE_STEPS:
        raise ProfileError(ProfileProblem.OUT_OF_RANGE, key=f"{key}.steps", value=len(steps_raw),
                           min=MIN_TONE_STEPS, max=MAX_TONE_STEPS)
    steps = []
    for i, s in enumerate(steps_raw):
        k = f"{key}.steps[{i}]"
        d = _obj(s, k, ("nominal", "coverage", "lightness", "fitted"))
        steps.append(ToneStep(
            nominal=_number(d["nominal"], f"{k}.nominal", 0.0, 1.0),
            coverage=_number(d["coverage"], f"{k}.coverage", 0.0, 1.0),
            lightness=(None if d["lightness"] is None
                       else _number(d["lightness"], f"{k}.lightness", 0.0, 100.0)),
            fitted=_number(d["fitted"], f"{k}.fitted", 0.0, 100.0),
        ))
    for i in range(1, len(steps)):
        if steps[i].nominal <= steps[i - 1].nominal:
            raise ProfileError(ProfileProblem.BAD_VALUE, key=f"{key}.steps[{i}].nominal",
                               rule="nominal coverages must increase")
        if steps[i].fitted > steps[i - 1].fitted + 1e-6:
            raise ProfileError(ProfileProblem.BAD_VALUE, key=f"{key}.steps[{i}].fitted",
                               rule="the fitted lightness must not rise with coverage")
    return ToneResponse(dither, tuple(steps))


def _read_cups(raw: object) -> tuple[CupProfile, ...]:
    if not isinstance(raw, list):
        raise ProfileError(ProfileProblem.WRONG_TYPE, key="cups", expected="list")
    if not 1 <= len(raw) <= MAX_CUPS:
        raise ProfileError(ProfileProblem.OUT_OF_RANGE, key="cups", value=len(raw), min=1,
                           max=MAX_CUPS)
    cups = []
    for i, c in enumerate(raw):
        k = f"cups[{i}]"
        d = _obj(c, k, ("name", "foam_diameter_mm", "print_diameter_mm"))
        name = _string(d["name"], f"{k}.name", 40)
        if not name.strip():
            raise ProfileError(ProfileProblem.BAD_VALUE, key=f"{k}.name", rule="not empty")
        foam = _number(d["foam_diameter_mm"], f"{k}.foam_diameter_mm", *FOAM_RANGE)
        hi = min(PRINT_RANGE[1], foam)
        printed = _number(d["print_diameter_mm"], f"{k}.print_diameter_mm", PRINT_RANGE[0], hi)
        cups.append(CupProfile(name, foam, printed))
    names = [c.name for c in cups]
    if len(set(names)) != len(names):
        raise ProfileError(ProfileProblem.BAD_VALUE, key="cups", rule="cup names must differ")
    return tuple(cups)


def _read_provenance(raw: object, section: str) -> Provenance:
    key = f"provenance.{section}"
    d = _obj(raw, key, ("measured_at", "chart", "method", "photo", "residuals", "dots",
                        "grams"))
    method = _string(d["method"], f"{key}.method", 20)
    if method not in METHODS[section]:
        raise ProfileError(ProfileProblem.BAD_VALUE, key=f"{key}.method",
                           rule="one of " + ", ".join(METHODS[section]))
    photo = None
    if d["photo"] is not None:
        ph = _obj(d["photo"], f"{key}.photo", ("width", "height", "sha256"))
        digest = _string(ph["sha256"], f"{key}.photo.sha256", 64)
        if not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise ProfileError(ProfileProblem.BAD_VALUE, key=f"{key}.photo.sha256",
                               rule="64 lower-case hex digits")
        photo = PhotoFacts(_integer(ph["width"], f"{key}.photo.width", 1, 100_000),
                           _integer(ph["height"], f"{key}.photo.height", 1, 100_000), digest)
    res = _obj(d["residuals"], f"{key}.residuals", (), RESIDUAL_KEYS[section])
    residuals = {k: _number(v, f"{key}.residuals.{k}", 0.0, 1e6) for k, v in res.items()}
    dots = grams = None
    if d["dots"] is not None:
        dr = _obj(d["dots"], f"{key}.dots", (), POWDERS)
        dots = {p: _integer(v, f"{key}.dots.{p}", 1, 10**7) for p, v in dr.items()}
    if d["grams"] is not None:
        gr = _obj(d["grams"], f"{key}.grams", (), POWDERS)
        grams = {p: _number(v, f"{key}.grams.{p}", 0.0, 10_000.0) for p, v in gr.items()}
    return Provenance(_time(d["measured_at"], f"{key}.measured_at"),
                      _string(d["chart"], f"{key}.chart", 40), method, photo, residuals,
                      dots, grams)
