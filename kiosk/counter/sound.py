"""Sound: the chime played on its own thread, on Linux's default device, silent without one.

:class:`ChimePlayer` owns one worker thread; :meth:`ChimePlayer.chime` only queues a
request and returns (the GUI thread never waits for audio). The worker opens a
:class:`SoundSink` the first time it needs one:

- :class:`SdlSink` plays through pygame-ce's mixer (SDL 2 inside the wheel), on the
  default device of the desktop session: PulseAudio, PipeWire or ALSA. ``sound.device``
  names another SDL device. ``SDL_AUDIODRIVER=disk`` (tests, CI) writes the samples to a
  file instead, through the very same code.
- With no device (no sound card, no sound server: :func:`sound_device_present`), or if
  the device cannot be opened, the player stays silent and logs one line; it looks again
  at most every :data:`RETRY_SECONDS` (a USB speaker plugged in later starts working).

``sound.mute = true`` (:attr:`ChimePlayer.muted`) plays nothing and opens nothing.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

RETRY_SECONDS = 60.0
BUFFER_SAMPLES = 512  # ~12 ms at 44.1 kHz: the chime starts without a noticeable lag


class SoundUnavailableError(Exception):
    """No device to play on; ``str()`` says why (for the one log line)."""


class SoundSink(Protocol):
    """Something that plays a WAV file. Used from one thread only (the player's)."""

    def open(self) -> None:
        """Get the device; raises :class:`SoundUnavailableError`."""

    def play(self, wav: Path, volume: float) -> None:
        """Start playing ``wav`` at ``volume`` (0..1) and return without waiting for it."""

    def close(self) -> None:
        """Let the device go (safe to call twice)."""


def sound_device_present(environ: dict[str, str] | None = None,
                         cards: Path = Path("/proc/asound/cards")) -> bool:
    """True if there is something to play on: a sound server socket (PulseAudio,
    PipeWire), a sound card, or an SDL driver chosen explicitly (``SDL_AUDIODRIVER``).

    Asked first so that a kiosk without sound does not fill its log with ALSA's errors.
    """
    env = os.environ if environ is None else environ
    if env.get("SDL_AUDIODRIVER") or env.get("PULSE_SERVER"):
        return True
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and any((Path(runtime) / name).exists()
                       for name in ("pulse/native", "pipewire-0")):
        return True
    try:
        text = cards.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return bool(text.strip()) and "no soundcards" not in text


class SdlSink:
    """Plays through pygame-ce's mixer (SDL 2). ``device``: an SDL device name, or None for
    the default."""

    def __init__(self, device: str | None = None) -> None:
        self.device = device or None
        self._mixer: object | None = None
        self._sounds: dict[Path, object] = {}

    def open(self) -> None:
        if not sound_device_present():
            raise SoundUnavailableError("no sound card or sound server found")
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        try:
            import pygame.mixer as mixer
        except ImportError as exc:
            raise SoundUnavailableError(f"pygame-ce is not installed ({exc})") from exc
        try:
            mixer.init(frequency=44_100, size=-16, channels=1, buffer=BUFFER_SAMPLES,
                       devicename=self.device)
        except Exception as exc:  # pygame.error: no such device, device busy
            raise SoundUnavailableError(str(exc)) from exc
        self._mixer = mixer

    def play(self, wav: Path, volume: float) -> None:
        import pygame.mixer as mixer

        sound = self._sounds.get(wav)
        if sound is None:
            sound = mixer.Sound(file=str(wav))
            self._sounds[wav] = sound
        assert isinstance(sound, mixer.Sound)
        sound.set_volume(max(0.0, min(1.0, volume)))
        sound.play()

    def close(self) -> None:
        if self._mixer is not None:
            import pygame.mixer as mixer

            self._sounds.clear()
            mixer.quit()
            self._mixer = None


class ChimePlayer:
    """Plays a WAV off the GUI thread. :meth:`start` before use, :meth:`stop` on close.

    Args:
        wav: the sound (:func:`kiosk.counter.chime.chime_path`).
        muted: play nothing (the ``sound.mute`` setting); :attr:`muted` may change later.
        volume: 0..1.
        sink_factory: makes the sink on the worker thread (default :class:`SdlSink`).
        clock: monotonic seconds (tests pass a fake).
    """

    def __init__(self, wav: Path, *, muted: bool = False, volume: float = 1.0,
                 sink_factory: Callable[[], SoundSink] = SdlSink,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.wav = wav
        self.muted = muted
        self.volume = volume
        self._factory = sink_factory
        self._clock = clock
        self._queue: queue.Queue[float | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._sink: SoundSink | None = None
        self._next_try = 0.0
        self._said: str | None = None
        self.played = 0
        """Chimes started (for tests and the benchmark)."""
        self.last_latency: float | None = None
        """Seconds from the last :meth:`chime` call to the device starting to play it."""
        self.started = threading.Event()
        """Set each time a chime starts playing (tests and the benchmark wait on it)."""

    def start(self) -> None:
        """Start the worker thread (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="chime", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Join the worker and let the device go."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout)

    def chime(self) -> None:
        """Play the chime once, soon; returns at once. Nothing when muted."""
        if self.muted:
            return
        self._queue.put(self._clock())

    def _run(self) -> None:
        try:
            while True:
                asked = self._queue.get()
                if asked is None:
                    return
                # Several Ready taps in a row ring once, not as a burst.
                while True:
                    try:
                        more = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if more is None:
                        return
                self._play(asked)
        finally:
            if self._sink is not None:
                self._sink.close()
                self._sink = None

    def _play(self, asked: float) -> None:
        if self.muted:
            return
        sink = self._open_sink(asked)
        if sink is None:
            return
        try:
            sink.play(self.wav, self.volume)
        except Exception as exc:  # the device went away mid-session: try again later
            self._say(f"cannot play the chime ({exc})")
            sink.close()
            self._sink = None
            self._next_try = asked + RETRY_SECONDS
            return
        self.played += 1
        self.last_latency = self._clock() - asked
        self.started.set()

    def _open_sink(self, asked: float) -> SoundSink | None:
        # Times count from the chime asked for, so "a minute later" means a minute of
        # requests, whatever the worker thread's own delays.
        if self._sink is not None:
            return self._sink
        if asked < self._next_try:
            return None
        sink = self._factory()
        try:
            sink.open()
        except SoundUnavailableError as exc:
            self._say(f"no sound: {exc}; the chime stays silent")
            self._next_try = asked + RETRY_SECONDS
            return None
        self._said = None
        self._sink = sink
        return sink

    def _say(self, line: str) -> None:
        if line != self._said:  # one log line per problem, not one per chime
            log.warning("%s", line)
            self._said = line
