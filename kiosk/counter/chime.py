"""The "your cup is ready" chime: a two-note bell made here with NumPy (no licence to track).

``python -m kiosk.counter.chime [OUT.wav]`` writes it (default: the shipped
``assets/sounds/chime.wav``); ``tests/counter/test_sound.py`` checks the shipped file is
what this code makes. Two bell tones, E6 then C6 (a falling major third, the "ding-dong"
of a shop door), each with two overtones and an exponential decay, 1.3 s, 44.1 kHz mono
16-bit, peak at -3 dBFS.
"""

from __future__ import annotations

import sys
import wave
from pathlib import Path

import numpy as np

from kiosk.settings import paths

RATE_HZ = 44_100
NOTES_HZ = (1318.51, 1046.50)  # E6, C6
NOTE_START_S = (0.0, 0.42)
LENGTH_S = 1.3
PEAK = 10 ** (-3 / 20)  # -3 dBFS: loud enough over a café, never clipping


def chime_path() -> Path:
    """The shipped chime, ``assets/sounds/chime.wav``."""
    return paths.assets_dir() / "sounds" / "chime.wav"


def chime_samples() -> np.ndarray:
    """The chime as ``(N,)`` ``int16`` samples at :data:`RATE_HZ`."""
    t = np.arange(int(LENGTH_S * RATE_HZ)) / RATE_HZ
    out = np.zeros_like(t)
    for freq, start in zip(NOTES_HZ, NOTE_START_S, strict=True):
        local = t - start
        on = local >= 0
        lt = local[on]
        attack = np.minimum(1.0, lt / 0.004)  # 4 ms: a strike, without a click
        bell = (np.sin(2 * np.pi * freq * lt)
                + 0.35 * np.sin(2 * np.pi * 2.0 * freq * lt) * np.exp(-lt * 6.0)
                + 0.15 * np.sin(2 * np.pi * 3.0 * freq * lt) * np.exp(-lt * 9.0))
        out[on] += attack * np.exp(-lt * 3.2) * bell
    fade = np.minimum(1.0, (LENGTH_S - t) / 0.05)  # end at silence, no click
    out *= fade
    out *= PEAK / np.max(np.abs(out))
    return np.round(out * 32767).astype(np.int16)


def write_chime(path: Path) -> Path:
    """Write the chime as a WAV file; returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE_HZ)
        wav.writeframes(chime_samples().astype("<i2").tobytes())
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else chime_path()
    print(write_chime(target))
