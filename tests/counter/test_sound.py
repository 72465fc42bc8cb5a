"""The chime: played off the caller's thread, not at all when muted, silent (one log line)
without a device, and through the real library (SDL's disk driver) in CI."""

from __future__ import annotations

import logging
import threading
import wave
from pathlib import Path

import numpy as np

from kiosk.counter import chime as chime_module
from kiosk.counter.sound import ChimePlayer, SdlSink, SoundUnavailableError, sound_device_present

WAV = chime_module.chime_path()


class FakeSink:
    """Records what would have been played, and on which thread."""

    def __init__(self, fail_open: str | None = None) -> None:
        self.fail_open = fail_open
        self.opened = 0
        self.played: list[tuple[Path, float, str]] = []
        self.event = threading.Event()
        self.tried = threading.Event()

    def open(self) -> None:
        self.opened += 1
        self.tried.set()
        if self.fail_open:
            raise SoundUnavailableError(self.fail_open)

    def play(self, wav: Path, volume: float) -> None:
        self.played.append((wav, volume, threading.current_thread().name))
        self.event.set()

    def close(self) -> None:
        pass


def test_the_chime_plays_through_the_sink_on_its_own_thread() -> None:
    sink = FakeSink()
    player = ChimePlayer(WAV, volume=0.5, sink_factory=lambda: sink)
    player.start()
    try:
        player.chime()
        assert sink.event.wait(5)
        assert sink.played == [(WAV, 0.5, "chime")]
        assert player.started.is_set() and player.last_latency is not None
    finally:
        player.stop()


def test_muted_plays_nothing_and_opens_no_device() -> None:
    sink = FakeSink()
    player = ChimePlayer(WAV, muted=True, sink_factory=lambda: sink)
    player.start()
    player.chime()
    player.stop()  # joins: anything queued would have been played by now
    assert (sink.opened, sink.played, player.played) == (0, [], 0)


def test_without_a_device_it_stays_silent_with_one_log_line(caplog) -> None:
    sink = FakeSink(fail_open="no sound card or sound server found")
    ticks = iter(range(0, 1000, 10))  # 10 s between calls: inside the retry minute
    player = ChimePlayer(WAV, sink_factory=lambda: sink, clock=lambda: float(next(ticks)))
    player.start()
    with caplog.at_level(logging.WARNING, logger="kiosk.counter.sound"):
        player.chime()
        assert sink.tried.wait(5)
        player.chime()
        player.chime()
        player.stop()
    lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.counter.sound"]
    assert lines == ["no sound: no sound card or sound server found; the chime stays silent"]
    assert sink.played == [] and sink.opened == 1  # not re-tried within the minute


def test_a_device_plugged_in_later_is_found_on_a_later_chime() -> None:
    sinks = [FakeSink(fail_open="no sound card"), FakeSink()]
    made = iter(sinks)
    now = [0.0]
    player = ChimePlayer(WAV, sink_factory=lambda: next(made), clock=lambda: now[0])
    player.start()
    try:
        player.chime()
        assert sinks[0].tried.wait(5)  # no device yet: silent for a minute
        now[0] = 61.0
        player.chime()
        assert sinks[1].event.wait(5)
        assert len(sinks[1].played) == 1
    finally:
        player.stop()


def test_device_detection_reads_the_session_and_the_cards(tmp_path) -> None:
    cards = tmp_path / "cards"
    cards.write_text("--- no soundcards ---\n")
    assert not sound_device_present({}, cards)
    assert sound_device_present({"SDL_AUDIODRIVER": "disk"}, cards)
    runtime = tmp_path / "run"
    (runtime / "pulse").mkdir(parents=True)
    (runtime / "pulse" / "native").touch()
    assert sound_device_present({"XDG_RUNTIME_DIR": str(runtime)}, cards)
    cards.write_text(" 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n")
    assert sound_device_present({}, cards)
    assert not sound_device_present({}, tmp_path / "missing")


def test_the_real_library_plays_the_chime(tmp_path, monkeypatch) -> None:
    """pygame-ce's mixer on SDL's disk driver: the samples SDL would send to a sound card
    are written to a file instead; the chime must be in it."""
    out = tmp_path / "sdl.raw"
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(out))
    monkeypatch.setenv("SDL_DISKAUDIODELAY", "1")  # ms per buffer: fill the file quickly
    player = ChimePlayer(WAV, volume=1.0, sink_factory=SdlSink)
    player.start()
    try:
        player.chime()
        assert player.started.wait(10), "the mixer did not start"
        done = threading.Event()
        deadline = 10.0
        while not done.wait(0.05) and deadline > 0:  # SDL's own thread writes the file
            deadline -= 0.05
            if out.exists() and out.stat().st_size > 44_100 * 2:
                done.set()
    finally:
        player.stop()
    samples = np.frombuffer(out.read_bytes(), "<i2")
    assert samples.size > 44_100, "less than a second of sound reached the device"
    assert np.abs(samples).max() > 10_000  # the chime's -3 dBFS peak, not silence


def test_the_shipped_chime_is_the_one_this_code_makes() -> None:
    with wave.open(str(WAV), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 44_100)
        shipped = np.frombuffer(wav.readframes(wav.getnframes()), "<i2")
    made = chime_module.chime_samples()
    assert shipped.shape == made.shape
    assert np.abs(shipped.astype(int) - made).max() <= 1  # rounding across NumPy builds
    assert 1.0 < shipped.size / 44_100 < 2.0
