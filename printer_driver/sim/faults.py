"""Faults the simulated printer injects on demand, reproducibly from a seed.

A :class:`FaultPlan` says what goes wrong; it reads from (and writes back to) a compact
string, as used in ``sim://NAME?faults=...`` and ``photolatte sim --faults``::

    drop=1e-4,flip=1e-4,disconnect_at=2.0,powder_empty=cocoa@0.5

Byte level (probability per byte on the wire, each direction unless ``direction`` says
otherwise): ``drop``, ``flip`` (one bit), ``duplicate``, ``garbage`` (insert 1–8 random
bytes), ``truncate`` (lose a run of 2–64 bytes), ``delay`` (the line stalls ``delay_s``).
Link level (simulated seconds after the plan is installed; a key may repeat):
``silent_at`` (both directions lose every byte for ``silent_for`` s), ``disconnect_at`` (the
port is unplugged for ``disconnect_for`` s: reads and writes fail, opening fails),
``reset_at`` (the printer reboots with a new boot id; its job is lost).
Machine level (fraction 0..1 of the next print's rows; each fires once):
``powder_empty=POWDER@F``, ``cup_removed=F``, ``jam=F``.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, fields
from typing import Any

BYTE_FAULTS = ("drop", "flip", "duplicate", "garbage", "truncate", "delay")
DIRECTIONS = ("both", "to_printer", "to_host")
_EVENT_LISTS = ("silent_at", "disconnect_at", "reset_at", "cup_removed", "jam")
_POWDERS = ("cinnamon", "cocoa")


class FaultSpecError(ValueError):
    """A fault string or plan is malformed; the message names the bad item."""


@dataclass(frozen=True)
class FaultPlan:
    """What goes wrong, when. All rates are probabilities per byte; times are sim seconds."""

    drop: float = 0.0
    flip: float = 0.0
    duplicate: float = 0.0
    garbage: float = 0.0
    truncate: float = 0.0
    delay: float = 0.0
    delay_s: float = 0.05
    direction: str = "both"
    silent_at: tuple[float, ...] = ()
    silent_for: float = 1.0
    disconnect_at: tuple[float, ...] = ()
    disconnect_for: float = 0.2
    reset_at: tuple[float, ...] = ()
    powder_empty: tuple[tuple[str, float], ...] = ()
    cup_removed: tuple[float, ...] = ()
    jam: tuple[float, ...] = field(default=())

    def __post_init__(self) -> None:
        for name in BYTE_FAULTS:
            rate = getattr(self, name)
            if not (0.0 <= rate <= 1.0):
                raise FaultSpecError(f"fault rate {name}={rate} must be between 0 and 1")
        if self.byte_rate() > 1.0:
            raise FaultSpecError("byte fault rates add up to more than 1 per byte")
        if self.direction not in DIRECTIONS:
            raise FaultSpecError(f"fault direction '{self.direction}' is not one of {DIRECTIONS}")
        for name in ("delay_s", "silent_for", "disconnect_for"):
            value = getattr(self, name)
            if not (value >= 0 and math.isfinite(value)):
                raise FaultSpecError(f"fault {name}={value} must be a duration >= 0 s")
        for name in ("silent_at", "disconnect_at", "reset_at"):
            times = tuple(sorted(float(t) for t in getattr(self, name)))
            if any(not (t >= 0 and math.isfinite(t)) for t in times):
                raise FaultSpecError(f"fault {name} times must be >= 0 s")
            object.__setattr__(self, name, times)
        for name in ("cup_removed", "jam"):
            object.__setattr__(self, name, _fractions(name, getattr(self, name)))
        empties = []
        for powder, frac in self.powder_empty:
            if powder not in _POWDERS:
                raise FaultSpecError(f"powder_empty: unknown powder '{powder}' ({_POWDERS})")
            empties.append((powder, _fractions("powder_empty", (frac,))[0]))
        object.__setattr__(self, "powder_empty", tuple(empties))

    def byte_rate(self) -> float:
        """Total probability that a byte is hit by some byte-level fault."""
        return sum(getattr(self, name) for name in BYTE_FAULTS)

    def damages(self, direction: str) -> bool:
        """True if byte faults apply to bytes travelling ``direction``."""
        return self.byte_rate() > 0 and self.direction in ("both", direction)

    # --- the compact string ----------------------------------------------------------

    @classmethod
    def parse(cls, text: str | None) -> FaultPlan:
        """Read a plan from ``"drop=1e-4,disconnect_at=2.0,powder_empty=cocoa@0.5"``.

        An empty string or None is the fault-free plan.

        Raises:
            FaultSpecError: naming the item that is not understood and what is expected.
        """
        if text is None or not text.strip():
            return cls()
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        lists: dict[str, list] = {name: [] for name in (*_EVENT_LISTS, "powder_empty")}
        for item in filter(None, (part.strip() for part in text.replace(";", ",").split(","))):
            key, sep, raw = (s.strip() for s in item.partition("="))
            if not sep or key not in known:
                raise FaultSpecError(
                    f"fault '{item}' is not understood; write NAME=VALUE with NAME one of "
                    + ", ".join(sorted(known))
                )
            try:
                if key == "direction":
                    values[key] = raw
                elif key == "powder_empty":
                    powder, at, frac = raw.partition("@")
                    lists[key].append((powder.strip(), float(frac) if at else 0.0))
                elif key in lists:
                    lists[key].append(float(raw))
                else:
                    values[key] = float(raw)
            except ValueError as exc:
                raise FaultSpecError(f"fault '{item}': '{raw}' is not a number") from exc
        values.update({k: tuple(v) for k, v in lists.items() if v})
        return cls(**values)

    def to_string(self) -> str:
        """The compact string that :meth:`parse` reads back to an equal plan."""
        default = FaultPlan()
        parts: list[str] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value == getattr(default, f.name):
                continue
            if f.name == "powder_empty":
                parts.extend(f"powder_empty={p}@{frac!r}" for p, frac in value)
            elif isinstance(value, tuple):
                parts.extend(f"{f.name}={v!r}" for v in value)
            elif isinstance(value, str):
                parts.append(f"{f.name}={value}")
            else:
                parts.append(f"{f.name}={float(value)!r}")
        return ",".join(parts)

    def __str__(self) -> str:
        return self.to_string() or "none"


def _fractions(name: str, values: tuple) -> tuple[float, ...]:
    out = tuple(sorted(float(v) for v in values))
    if any(not (0.0 <= v <= 1.0) for v in out):
        raise FaultSpecError(f"fault {name} is a fraction of the print, between 0 and 1")
    return out


@dataclass
class Segment:
    """Bytes on the wire, preceded by a line stall of ``stall_s`` simulated seconds."""

    data: bytes
    stall_s: float = 0.0


class ByteDamager:
    """Damages a byte stream per a plan, reproducibly for a given seed and stream.

    Faults are drawn by skipping a geometric number of clean bytes, so a clean or nearly
    clean stream costs almost nothing. ``counts`` tallies what was done, by fault name.
    """

    def __init__(self, plan: FaultPlan, rng: random.Random, direction: str) -> None:
        self.rng = rng
        self.counts: dict[str, int] = {name: 0 for name in BYTE_FAULTS}
        self.total = 0
        self._kinds = [k for k in BYTE_FAULTS if getattr(plan, k) > 0]
        self._weights = [getattr(plan, k) for k in self._kinds]
        self._p = plan.byte_rate() if plan.damages(direction) else 0.0
        self._delay_s = plan.delay_s
        self._gap = self._next_gap()
        self._skip = 0  # bytes still to lose from a truncation

    def _next_gap(self) -> int:
        if self._p <= 0:
            return -1
        if self._p >= 1:
            return 0
        u = 1.0 - self.rng.random()  # (0, 1]
        return int(math.log(u) / math.log1p(-self._p))

    def damage(self, data: bytes) -> list[Segment]:
        """The segments that really travel when ``data`` is sent."""
        if self._p <= 0 and not self._skip:
            return [Segment(bytes(data))] if data else []
        out: list[Segment] = []
        cur = bytearray()
        stall = 0.0
        i = 0
        while i < len(data):
            if self._skip:
                take = min(self._skip, len(data) - i)
                self._skip -= take
                i += take
                continue
            if self._gap < 0 or self._gap >= len(data) - i:
                if self._gap >= 0:
                    self._gap -= len(data) - i
                cur += data[i:]
                break
            cur += data[i : i + self._gap]
            i += self._gap
            byte = data[i]
            kind = self.rng.choices(self._kinds, self._weights)[0]
            self.counts[kind] += 1
            self.total += 1
            if kind == "drop":
                pass
            elif kind == "flip":
                cur.append(byte ^ (1 << self.rng.randrange(8)))
            elif kind == "duplicate":
                cur += bytes((byte, byte))
            elif kind == "garbage":
                cur += self.rng.randbytes(self.rng.randint(1, 8))
                cur.append(byte)
            elif kind == "truncate":
                self._skip = self.rng.randint(1, 63)
            else:  # delay: this byte and all after it arrive late
                if cur or stall:
                    out.append(Segment(bytes(cur), stall))
                cur = bytearray((byte,))
                stall = self._delay_s
            i += 1
            self._gap = self._next_gap()
        if cur or stall:
            out.append(Segment(bytes(cur), stall))
        return out
