"""``photolatte sim`` from a shell: commands written together all run at once, and bad
ports, hosts and link paths get advice that fits (not a traceback, not "try another
port" for everything)."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_commands_written_together_all_run_without_waiting_for_more_input() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "sim", "--tcp", "0", "--speed", "20"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        cwd=ROOT, text=True,
    )
    watchdog = threading.Timer(30, proc.kill)  # a hung test fails instead of hanging
    watchdog.start()
    try:
        assert proc.stdout.readline().startswith("socket://")
        assert "ready" in proc.stderr.readline()
        # One write, two lines, and stdin stays open: both must run now.
        proc.stdin.write("cup off\nstatus\n")
        proc.stdin.flush()
        replies = [proc.stderr.readline().strip() for _ in range(2)]
    finally:
        watchdog.cancel()
        proc.kill()
        proc.communicate()
    assert replies[0] == "cup removed"
    assert "no cup" in replies[1]


@pytest.mark.parametrize("port", ["99999", "-1", "65536", "http"])
def test_a_tcp_port_out_of_range_is_refused_by_the_options(capsys, port) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["sim", "--tcp", port])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--tcp" in err and "Traceback" not in err


def test_an_unknown_host_is_named_as_such(capsys) -> None:
    assert main(["sim", "--tcp", "0", "--host", "nohost.invalid"]) == 2
    err = capsys.readouterr().err
    assert "host name is unknown" in err and "another port" not in err


def test_a_link_path_that_cannot_be_made_says_to_pick_another_path(capsys) -> None:
    assert main(["sim", "--pty", "--link", "/proc/no/such/link"]) == 2
    err = capsys.readouterr().err
    assert "/proc/no/such/link" in err and "--link path" in err
    assert "another port" not in err
