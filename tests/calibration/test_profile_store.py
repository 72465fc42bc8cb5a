"""Profiles on disk: one file per machine, atomic saves, 10 versions, and no bad file ever
replacing a good one."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cal_profiles import measured

from calibration.errors import ProfileError, ProfileProblem
from calibration.profile import Geometry
from calibration.store import KEEP_VERSIONS, ProfileStore, file_stem, read_profile_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    return ProfileStore.in_data_dir(tmp_path)


def test_a_machine_without_a_profile_is_not_calibrated(store: ProfileStore) -> None:
    loaded = store.load("PL2026-0001")
    assert loaded.profile is None and not loaded.calibrated and not loaded.recovered
    assert store.history("PL2026-0001") == []


def test_save_and_load_one_file_per_machine(store: ProfileStore, tmp_path: Path) -> None:
    saved = store.save(measured("PL2026-0001"))
    store.save(measured("PL2026-0002", offset_x=-2.0))
    assert saved.saved_at is not None
    assert store.path("PL2026-0001") == tmp_path / "printers" / "PL2026-0001.json"
    one, two = store.load("PL2026-0001"), store.load("PL2026-0002")
    assert one.calibrated and one.profile == saved
    assert two.profile is not None and two.profile.geometry == Geometry(-2.0, -0.4, 0.8, 1.012)
    assert stat.S_IMODE(os.stat(tmp_path / "printers").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(store.path("PL2026-0001")).st_mode) == 0o600


def test_the_last_ten_versions_are_kept_and_any_can_be_restored(store: ProfileStore) -> None:
    for i in range(13):
        store.save(measured(offset_x=i / 10))
    history = store.history("PL2026-0001")
    assert [v.number for v in history] == list(range(1, KEEP_VERSIONS + 1))
    assert history[0].current and not history[1].current
    assert [v.profile.geometry.offset_x_mm for v in history[:3]] == [1.2, 1.1, 1.0]  # type: ignore[union-attr]
    restored = store.restore("PL2026-0001", 3)
    assert restored.geometry is not None and restored.geometry.offset_x_mm == 1.0
    assert "restored version 3" in restored.note
    assert store.load("PL2026-0001").profile == restored
    after = store.history("PL2026-0001")
    assert after[0].current and after[1].profile.geometry.offset_x_mm == 1.2  # type: ignore[union-attr]
    with pytest.raises(ProfileError) as info:
        store.restore("PL2026-0001", 11)
    assert info.value.problem is ProfileProblem.NO_SUCH_VERSION


def test_a_damaged_current_file_falls_back_to_the_last_good_version(store: ProfileStore) -> None:
    store.save(measured(offset_x=0.5))
    store.save(measured(offset_x=0.7))
    path = store.path("PL2026-0001")
    doc = json.loads(path.read_text())
    doc["geometry"]["offset_x_mm"] = 9.0  # hand-edited: the checksum no longer matches
    path.write_text(json.dumps(doc))
    loaded = store.load("PL2026-0001")
    assert loaded.recovered and loaded.problem is not None
    assert loaded.problem.problem is ProfileProblem.CHECKSUM
    assert loaded.profile is not None and loaded.profile.geometry.offset_x_mm == 0.7  # type: ignore[union-attr]
    path.write_bytes(b"\x00" * 40)  # a power cut on a disk that lies about fsync
    assert store.load("PL2026-0001").problem.problem is ProfileProblem.DAMAGED  # type: ignore[union-attr]


def test_a_profile_of_another_machine_is_refused_naming_both(store: ProfileStore,
                                                            tmp_path: Path) -> None:
    store.save(measured("PL2026-0002"))
    other = tmp_path / "other.json"
    other.write_bytes(store.path("PL2026-0002").read_bytes())
    with pytest.raises(ProfileError) as info:
        read_profile_file(other, serial="PL2026-0001")
    assert info.value.problem is ProfileProblem.SERIAL_MISMATCH
    assert (info.value.params["expected"], info.value.params["found"]) == (
        "PL2026-0001", "PL2026-0002")
    # Copied over this machine's file, it is never used.
    store.path("PL2026-0001").parent.mkdir(exist_ok=True)
    store.path("PL2026-0001").write_bytes(other.read_bytes())
    with pytest.raises(ProfileError) as info:
        store.load("PL2026-0001")
    assert info.value.problem is ProfileProblem.SERIAL_MISMATCH


def test_a_fifo_a_device_or_a_huge_file_is_refused_without_blocking(store: ProfileStore,
                                                                   tmp_path: Path) -> None:
    path = store.path("PL2026-0001")
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    with pytest.raises(ProfileError) as info:
        store.load("PL2026-0001")
    assert info.value.problem is ProfileProblem.NOT_A_FILE
    with pytest.raises(ProfileError) as info:
        read_profile_file("/dev/zero")
    assert info.value.problem is ProfileProblem.NOT_A_FILE
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (2 * 1024 * 1024))
    with pytest.raises(ProfileError) as info:
        read_profile_file(big)
    assert info.value.problem is ProfileProblem.TOO_LARGE


@pytest.mark.parametrize("failing", ["fsync", "replace", "open"])
def test_a_failed_write_changes_nothing(store: ProfileStore, monkeypatch, failing: str) -> None:
    first = store.save(measured(offset_x=0.5))
    calls = {"n": 0}
    real = {"fsync": os.fsync, "replace": os.replace, "open": os.open}[failing]

    def broken(*args, **kwargs):
        calls["n"] += 1
        if failing == "open" and not (len(args) > 1 and args[1] & os.O_CREAT):
            return real(*args, **kwargs)
        if failing == "open":
            raise OSError(errno.EROFS, "Read-only file system")
        if failing == "replace" or calls["n"] >= 3:  # the current file, after its version
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(os, failing, broken)
    with pytest.raises(ProfileError) as info:
        store.save(measured(offset_x=0.9))
    monkeypatch.undo()
    assert info.value.problem is ProfileProblem.WRITE_FAILED
    assert info.value.params["reason"] in ("No space left on device", "Read-only file system")
    assert store.load("PL2026-0001").profile == first
    assert [v.profile for v in store.history("PL2026-0001")] == [first]
    leftovers = [p.name for p in store.folder.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_file_names_come_from_the_serial_and_never_collide() -> None:
    assert file_stem("PL2026-0001") == "PL2026-0001"
    odd = [file_stem(s) for s in ("a/b", "a_b", "../x", ".hidden", "é")]
    assert len(set(odd)) == len(odd)
    assert all("/" not in s and not s.startswith(".") for s in odd)
    with pytest.raises(ProfileError) as info:
        ProfileStore("/nowhere").path("../../etc/passwd")
    assert info.value.problem is ProfileProblem.BAD_SERIAL


_SAVER = """
import sys
from calibration.profile import Geometry, Profile, Provenance
from calibration.store import ProfileStore
store = ProfileStore(sys.argv[1])
base = Profile.blank("PL2026-0001")
i = 0
while True:
    i += 1
    p = base.with_geometry(Geometry(offset_x_mm=(i % 900) / 100),
                           Provenance("2025-01-01T00:00:00+00:00", "geometry/1", "photo"))
    print(i, flush=True)
    store.save(p)
"""


def test_a_kill_at_any_moment_of_a_save_leaves_a_good_profile(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "printers")
    store.save(measured(offset_x=0.0))
    previous = 0
    rng = random.Random(7)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(20):
        child = subprocess.Popen([sys.executable, "-c", _SAVER, str(store.folder)],
                                 stdout=subprocess.PIPE, text=True, env=env)
        assert child.stdout is not None
        target = rng.randint(1, 4)
        last = 0
        for line in child.stdout:  # kill it somewhere inside save number ``target``
            last = int(line)
            if last >= target:
                break
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        # The saver may have gone on while we read (a loaded machine): the save it was in
        # when killed is the last number it announced.
        last = max([last, *(int(word) for word in child.stdout.read().split())])
        child.stdout.close()
        loaded = store.load("PL2026-0001")
        assert loaded.profile is not None and not loaded.recovered
        assert loaded.profile.geometry is not None
        got = round(loaded.profile.geometry.offset_x_mm * 100)
        assert got in {last, last - 1 if last > 1 else previous}  # the new one or the last
        previous = got
        assert all(v.profile is not None for v in store.history("PL2026-0001"))
    store.save(measured())  # the next save clears what the killed savers left
    assert [p.name for p in store.folder.rglob("*.tmp")] == []
