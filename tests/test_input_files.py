"""Reading an input file: only a regular file, only so many bytes, never a hang.

What a user relies on: a pipe, a device, a socket or a folder given as a picture is refused
at once with what it is (never read: ``/dev/zero`` would fill the memory, a pipe would wait
for ever, a serial device may reset its board when opened); a huge file is refused by its
size before a byte is read; a file that turns out longer than it said is refused, not cut.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from printer_driver.input_files import MAX_FILE_BYTES, InputCode, InputError, read_input_file


def _refusal(call: Callable[[], object], seconds: float = 10.0) -> InputError:
    """The InputError ``call`` raises, failing the test if it takes more than ``seconds``
    (a hang is the bug these tests look for, so the call runs in a thread of its own)."""
    outcome: dict[str, BaseException | object] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(seconds), f"still blocked after {seconds} s"
    error = outcome.get("error")
    assert isinstance(error, InputError), f"expected a refusal, got {outcome}"
    return error


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8" + bytes(range(256)) * 10)
    assert read_input_file(path) == path.read_bytes()


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "photo.jpg"
    os.mkfifo(fifo)
    error = _refusal(lambda: read_input_file(fifo))
    assert error.code is InputCode.NOT_A_FILE and error.params == {"kind": "pipe"}
    assert str(error) == f"{fifo}: is a pipe, not a file"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_unread(device: str) -> None:
    error = _refusal(lambda: read_input_file(device))
    assert error.code is InputCode.NOT_A_FILE and error.params == {"kind": "device"}


def test_a_link_to_a_device_is_judged_by_what_it_points_to(tmp_path: Path) -> None:
    link = tmp_path / "innocent.png"
    link.symlink_to("/dev/zero")
    assert _refusal(lambda: read_input_file(link)).params == {"kind": "device"}


def test_a_socket_and_a_folder_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "sock.png"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        assert _refusal(lambda: read_input_file(path)).params == {"kind": "socket"}
    assert _refusal(lambda: read_input_file(tmp_path)).params == {"kind": "folder"}


def test_a_huge_file_is_refused_by_its_size_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.jpg"
    with open(big, "wb") as f:  # sparse: 1 GiB that takes no disk and, read, 1 GiB of memory
        f.truncate(1 << 30)
    error = _refusal(lambda: read_input_file(big))
    assert error.code is InputCode.TOO_LARGE
    assert error.params == {"size_bytes": 1 << 30, "limit_bytes": MAX_FILE_BYTES}
    assert "over the 50 MB limit" in str(error)


def test_the_cap_is_inclusive(tmp_path: Path) -> None:
    path = tmp_path / "p.png"
    path.write_bytes(b"x" * 100)
    assert len(read_input_file(path, max_bytes=100)) == 100
    assert _refusal(lambda: read_input_file(path, max_bytes=99)).code is InputCode.TOO_LARGE


def test_a_file_longer_than_its_stated_size_is_refused_not_cut() -> None:
    # /proc files say they are empty and are not: like a file that grows while it is read.
    assert os.stat("/proc/self/status").st_size == 0
    error = _refusal(lambda: read_input_file("/proc/self/status", max_bytes=100))
    assert error.code is InputCode.TOO_LARGE and error.params["size_bytes"] == 101


def test_missing_empty_and_named(tmp_path: Path) -> None:
    assert _refusal(lambda: read_input_file(tmp_path / "nope.jpg")).code is \
        InputCode.NO_SUCH_FILE
    assert _refusal(lambda: read_input_file(tmp_path / "nope" / "x.jpg")).code is \
        InputCode.NO_SUCH_FILE
    (tmp_path / "empty.jpg").write_bytes(b"")
    error = _refusal(lambda: read_input_file(tmp_path / "empty.jpg", label="customer photo"))
    assert error.code is InputCode.EMPTY and error.file == "customer photo"
    assert error.to_dict() == {"error": "empty", "file": "customer photo", "params": {}}
