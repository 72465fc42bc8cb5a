"""Audit hole 9 (folder part): the data folder holds face-derived masks and the PIN hash,
so it is private (0700) however it comes to exist, and a looser one of ours is tightened."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest
from kiosk_fakes import make_mask

from kiosk.orders.store import OrderStore
from kiosk.settings import paths
from kiosk.settings.datadir import DiskProblem, disk_problem, ensure_private_dir
from kiosk.staff.codes import CodeStore

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _usual_umask():
    old = os.umask(0o022)  # the usual umask, which gave 0755 folders before
    yield
    os.umask(old)


def test_every_way_the_data_folder_is_made_makes_it_private(tmp_path: Path, monkeypatch) -> None:
    OrderStore(tmp_path / "by-store" / "orders.sqlite3").close()
    CodeStore(tmp_path / "by-pin" / "technician_pin.json", scrypt_n=2**10).set_code("2468")
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path / "by-paths"))
    paths.log_dir(create=True)
    for folder in ("by-store", "by-pin", "by-paths", "by-paths/logs"):
        assert _mode(tmp_path / folder) == 0o700, folder


def test_a_looser_folder_of_ours_is_tightened_and_logged(tmp_path: Path, caplog) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    with caplog.at_level(logging.WARNING):
        OrderStore(folder / "orders.sqlite3").create_order(
            drink_id="latte", mask=make_mask(), preview=None)
    assert _mode(folder) == 0o700
    assert "was open to other users (mode 755); made it private" in caplog.text


def test_someone_elses_folder_is_left_alone_and_logged(tmp_path: Path, monkeypatch,
                                                       caplog) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o775)
    monkeypatch.setattr(os, "getuid", lambda: folder.stat().st_uid + 1)
    with caplog.at_level(logging.WARNING):
        ensure_private_dir(folder)
    assert _mode(folder) == 0o775
    assert "owned by another user" in caplog.text


def test_a_shared_sticky_folder_is_never_tightened(tmp_path: Path, caplog) -> None:
    # data_dir = "/tmp" in a config file, as root: the owner check alone chmodded /tmp to 700.
    folder = tmp_path / "tmp-like"
    folder.mkdir()
    folder.chmod(0o1777)
    with caplog.at_level(logging.WARNING):
        OrderStore(folder / "orders.sqlite3").create_order(
            drink_id="latte", mask=make_mask(), preview=None)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o1777
    assert "shared folder" in caplog.text
    assert _mode(folder / "orders.sqlite3") == 0o600


def test_the_home_folder_itself_is_never_tightened(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o755)
    monkeypatch.setenv("HOME", str(home))
    ensure_private_dir(home)
    assert _mode(home) == 0o755


def test_disk_problems_are_named_from_errno() -> None:
    import errno

    assert disk_problem(OSError(errno.ENOSPC, "x")) is DiskProblem.DISK_FULL
    assert disk_problem(OSError(errno.EROFS, "x")) is DiskProblem.READ_ONLY
    assert disk_problem(OSError(errno.EACCES, "x")) is DiskProblem.NO_ACCESS
    assert disk_problem(OSError(errno.EIO, "x")) is DiskProblem.IO_ERROR
