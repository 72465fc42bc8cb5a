"""``photolatte print`` stopped by Ctrl-C or SIGTERM, and a link lost mid-print: the user
is told the truth about the machine (stopped, maybe still printing, outcome unknown), with
an exit code per case. Signals are real ones, sent to this process from the print's own
progress callback, so no test waits on a clock."""

from __future__ import annotations

import json
import os
import signal
import threading

import pytest
from driver_helpers import FAST, records, replug, sim_url, small_mask

import printer_driver.sim as sim
from kiosk.cli import main, printing
from printer_driver import PrinterDriver


def _lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


def _print_ended(name: str) -> threading.Event:
    """Set when the simulated printer ``name`` (created here, speed 5) ends a print."""
    ended = threading.Event()
    printer = sim.open_printer(name, sim.parse_sim_url(f"sim://{name}?speed=5")[1])
    printer.add_listener(lambda record, summary: ended.set())
    return ended


def _on_first_row(monkeypatch, action) -> None:
    """Run ``action()`` once, from the driver's thread, when the first row is printed."""
    real = PrinterDriver.print_job
    fired = threading.Event()

    def print_job(self, job, *, on_progress=None, **kw):
        def progress(event) -> None:
            if on_progress is not None:
                on_progress(event)
            if event.phase == "print" and event.done and not fired.is_set():
                fired.set()
                action()

        return real(self, job, on_progress=progress, **kw)

    monkeypatch.setattr(PrinterDriver, "print_job", print_job)


def _mask_file(tmp_path, seed: int) -> str:
    path = tmp_path / "mask.png"
    small_mask(seed).save_png(path)
    return str(path)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_during_a_print_stops_it_on_the_printer(tmp_path, capsys, monkeypatch,
                                                         sig, code) -> None:
    name, url = sim_url("stopsig", speed=5)
    path = _mask_file(tmp_path, 25)
    _on_first_row(monkeypatch, lambda: os.kill(os.getpid(), sig))
    assert main(["print", path, "--port", url, "--json"]) == code
    out, err = capsys.readouterr()
    lines = _lines(err)
    assert "photolatte: Stopping the print…" in lines
    assert lines[-1] == (
        "photolatte: The print was cancelled: serve a fresh cup and print again when ready")
    assert json.loads(out)["error"] == "aborted"
    assert sim.get_printer(name).wait_idle(10)
    assert records(name)[-1].result == "aborted"


def test_ctrl_c_with_the_link_down_says_the_print_may_go_on(tmp_path, capsys,
                                                            monkeypatch) -> None:
    name, url = sim_url("stopdown", speed=5)
    path = _mask_file(tmp_path, 26)
    ended = _print_ended(name)
    monkeypatch.setattr(printing, "TIMEOUTS", FAST)
    monkeypatch.setattr(printing, "STOP_SECONDS", 1.0)

    def unplug_then_ctrl_c() -> None:
        sim.get_printer(name).unplug(1e6)
        os.kill(os.getpid(), signal.SIGINT)

    _on_first_row(monkeypatch, unplug_then_ctrl_c)
    assert main(["print", path, "--port", url]) == printing.EXIT_STOP_UNCONFIRMED
    lines = _lines(capsys.readouterr().err)
    assert "photolatte: Stopping the print…" in lines
    assert lines[-1] == (
        "photolatte: Could not reach the printer to stop the print: it may still be "
        "printing; press its stop button or check the cup")
    assert ended.wait(30)  # and indeed the machine printed on, to the end
    assert records(name)[-1].result == "done"


def test_a_second_ctrl_c_while_stopping_is_not_silent(tmp_path, capsys, monkeypatch) -> None:
    name, url = sim_url("stoptwice", speed=5)
    path = _mask_file(tmp_path, 27)
    monkeypatch.setattr(printing, "TIMEOUTS", FAST)
    monkeypatch.setattr(printing, "STOP_SECONDS", 60.0)  # only the second Ctrl-C ends it
    real_abort = PrinterDriver.abort

    def impatient_abort(self, job_id=None):
        os.kill(os.getpid(), signal.SIGINT)  # the user presses Ctrl-C again
        return real_abort(self, job_id)

    monkeypatch.setattr(PrinterDriver, "abort", impatient_abort)

    def unplug_then_ctrl_c() -> None:
        sim.get_printer(name).unplug(1e6)
        os.kill(os.getpid(), signal.SIGINT)

    _on_first_row(monkeypatch, unplug_then_ctrl_c)
    assert main(["print", path, "--port", url]) == printing.EXIT_STOP_UNCONFIRMED
    assert _lines(capsys.readouterr().err)[-1].startswith(
        "photolatte: Could not reach the printer to stop the print")


def test_link_lost_after_print_started_says_outcome_unknown(tmp_path, capsys,
                                                            monkeypatch) -> None:
    name, url = sim_url("lostmid", speed=5)
    path = _mask_file(tmp_path, 28)
    ended = _print_ended(name)
    monkeypatch.setattr(printing, "TIMEOUTS", FAST)
    _on_first_row(monkeypatch, lambda: sim.get_printer(name).unplug(1e6))
    assert main(["print", path, "--port", url, "--json"]) == printing.EXIT_OUTCOME_UNKNOWN
    out, err = capsys.readouterr()
    assert _lines(err)[-1] == (
        "photolatte: Lost the connection while printing: the print may have finished or may "
        "still be running: look at the cup and run 'photolatte printer status' before "
        "printing again")
    data = json.loads(out)
    assert data["error"] == "outcome_unknown" and len(data["job_id"]) == 8
    assert ended.wait(30)
    replug(name)
    # printer status then tells what became of that job, in words
    assert main(["printer", "status", "--port", url]) == 0
    status = capsys.readouterr().out
    assert f"Last job           {data['job_id']}: done, 64/64 rows" in status
    assert main(["printer", "status", "--port", url, "--json"]) == 0
    job = json.loads(capsys.readouterr().out)["last_job"]
    assert job["job_id"] == data["job_id"] and job["state"] == "done"


def test_link_lost_before_print_is_still_unreachable(tmp_path, capsys, monkeypatch) -> None:
    name, url = sim_url("lostup", speed=5)
    path = _mask_file(tmp_path, 29)
    monkeypatch.setattr(printing, "TIMEOUTS", FAST)
    real_upload = PrinterDriver.upload

    def upload_then_unplug(self, mask, **kw):
        job = real_upload(self, mask, **kw)
        sim.get_printer(name).unplug(1e6)
        return job

    monkeypatch.setattr(PrinterDriver, "upload", upload_then_unplug)
    assert main(["print", path, "--port", url]) == printing.EXIT_UNREACHABLE
    assert "before anything was printed" in _lines(capsys.readouterr().err)[-1]
    assert records(name) == []


def test_link_lost_with_the_answer_to_print_is_outcome_unknown(tmp_path, capsys,
                                                               monkeypatch) -> None:
    from printer_driver.link import LinkDown, Pending
    from printer_driver.protocol import Print

    name, url = sim_url("lostanswer", speed=5)
    path = _mask_file(tmp_path, 30)
    ended = _print_ended(name)
    monkeypatch.setattr(printing, "TIMEOUTS", FAST)
    real = Pending.wait

    def wait(self, timeout):
        result = real(self, timeout)
        if isinstance(self._item.frame, Print):  # the printer took PRINT; the answer is lost
            sim.get_printer(name).unplug(1e6)
            raise LinkDown("answer lost")
        return result

    monkeypatch.setattr(Pending, "wait", wait)
    assert main(["print", path, "--port", url]) == printing.EXIT_OUTCOME_UNKNOWN
    assert "may have finished or may still be running" in _lines(capsys.readouterr().err)[-1]
    assert ended.wait(30)
    assert records(name)[-1].result == "done"
