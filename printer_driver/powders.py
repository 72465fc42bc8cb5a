"""The tones a foam printer lays down: foam (no powder), cinnamon and cocoa.

Each tone is data (``data/powders.json``), not a constant in code: its dot code in a
mask, its reflectance in linear light (0..1), its sRGB display colour and its dose in
milligrams per dot. A powder set names which powders a print may use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path

FOAM = 0
CINNAMON = 1
COCOA = 2


class PowderSet(StrEnum):
    """Which powders a print uses. The value is what the command line accepts."""

    COCOA = "cocoa"
    CINNAMON = "cinnamon"
    BOTH = "both"

    @property
    def codes(self) -> tuple[int, ...]:
        """Dot codes allowed in a mask of this set, foam first, darkest last."""
        return {
            PowderSet.COCOA: (FOAM, COCOA),
            PowderSet.CINNAMON: (FOAM, CINNAMON),
            PowderSet.BOTH: (FOAM, CINNAMON, COCOA),
        }[self]

    @property
    def powders(self) -> tuple[str, ...]:
        """Names of the powders this set uses, lightest first."""
        return {
            PowderSet.COCOA: ("cocoa",),
            PowderSet.CINNAMON: ("cinnamon",),
            PowderSet.BOTH: ("cinnamon", "cocoa"),
        }[self]


@dataclass(frozen=True)
class Tone:
    """One printable tone.

    Attributes:
        name: ``"foam"``, ``"cinnamon"`` or ``"cocoa"``.
        code: its dot value in a mask (0, 1, 2).
        reflectance: linear-light reflectance on foam, 0..1.
        display_rgb: sRGB colour for previews, three ints 0..255.
        mg_per_dot: powder dose per dot in milligrams (0 for foam).
    """

    name: str
    code: int
    reflectance: float
    display_rgb: tuple[int, int, int]
    mg_per_dot: float


class PowderDataError(ValueError):
    """The powder table is malformed; fix the JSON file it names."""


def load_tones(path: Path | None = None) -> dict[int, Tone]:
    """Read the tone table (default: the packaged one); returns ``{code: Tone}``.

    Raises:
        PowderDataError: if the file is missing a tone or a field is out of range.
    """
    if path is None:
        text = resources.files("printer_driver").joinpath("data/powders.json").read_text()
        where = "packaged powders.json"
    else:
        text = Path(path).read_text(encoding="utf-8")
        where = str(path)
    try:
        raw = json.loads(text)
        tones: dict[int, Tone] = {}
        for name in ("foam", "cinnamon", "cocoa"):
            entry = raw[name]
            tone = Tone(
                name=name,
                code=int(entry["code"]),
                reflectance=float(entry["reflectance"]),
                display_rgb=tuple(int(v) for v in entry["display_rgb"]),  # type: ignore[arg-type]
                mg_per_dot=float(entry["mg_per_dot"]),
            )
            if not 0.0 < tone.reflectance <= 1.0 or len(tone.display_rgb) != 3:
                raise ValueError(f"{name}: reflectance must be in (0, 1], display_rgb 3 values")
            if tone.mg_per_dot < 0:
                raise ValueError(f"{name}: mg_per_dot must not be negative")
            tones[tone.code] = tone
    except (KeyError, TypeError, ValueError) as exc:
        raise PowderDataError(f"{where}: bad powder table ({exc}); restore the file") from exc
    if sorted(tones) != [FOAM, CINNAMON, COCOA]:
        raise PowderDataError(f"{where}: codes must be foam 0, cinnamon 1, cocoa 2")
    return tones


@cache
def default_tones() -> dict[int, Tone]:
    """The packaged tone table, read once."""
    return load_tones()
