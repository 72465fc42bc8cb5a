"""``photolatte calibrate chart --port`` and ``photolatte calibrate run``: the charts printed
raw on the machine, keyed to its serial, and the whole loop unattended through the real
print service, driver and simulator (in-process with ``--camera sim``, and a ``photolatte
sim --out`` process with its folder as the camera). A run whose photos are all refused or
whose printer is gone saves nothing."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
from cal_profiles import measured

import printer_driver.sim as sim
from calibration import charts
from calibration.store import ProfileStore
from kiosk.cli import main

ROOT = Path(__file__).resolve().parents[2]
SERIAL = "PL2026-0500"
TRUTH = "offset_x=1.2,offset_y=-0.5,rotation=0.8,scale=1.01,gain=1.6,mg_per_dot.cocoa=0.25"


def _url(name: str, truth: str = TRUTH) -> str:
    return f"sim://{name}?speed=60&seed=3&serial={SERIAL}&truth={truth}"


def _run(capsys, *argv: str) -> tuple[int, dict]:
    code = main(["calibrate", "run", *argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_run_calibrates_the_printer_and_saves_the_profile(tmp_path, capsys):
    code, doc = _run(capsys, "--port", _url("run1"), "--camera", "sim", "--data-dir",
                     str(tmp_path))
    assert code == 0 and doc["ok"] and doc["saved"]
    assert doc["serial"] == SERIAL and doc["kinds"] == ["geometry", "tone", "dose"]
    saved = ProfileStore.in_data_dir(tmp_path).load(SERIAL).profile
    assert saved is not None and saved.calibrated
    g = saved.geometry
    assert g is not None
    assert math.hypot(g.offset_x_mm - 1.2, g.offset_y_mm + 0.5) < 0.25
    assert abs(g.rotation_deg - 0.8) < 0.3 and abs(g.scale - 1.01) < 0.003
    assert abs(saved.dose_mg_per_dot["cocoa"] / 0.25 - 1) < 0.05
    # The charts went out raw: the printer's records hold them dot for dot.
    records = sim.get_printer("run1").machine.records
    assert np.array_equal(np.asarray(records[0].printed),
                          charts.geometry_chart(SERIAL).mask.dots)
    assert main(["calibrate", "show", "--serial", SERIAL, "--data-dir", str(tmp_path),
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "calibrated"


def test_a_dry_run_measures_and_saves_nothing(tmp_path, capsys):
    code, doc = _run(capsys, "--port", _url("run2"), "--camera", "sim", "--kind",
                     "geometry", "--dry-run", "--data-dir", str(tmp_path))
    assert code == 0 and not doc["saved"] and doc["kinds"] == ["geometry"]
    assert abs(doc["profile"]["geometry"]["offset_x_mm"] - 1.2) < 0.25
    assert ProfileStore.in_data_dir(tmp_path).load(SERIAL).profile is None


def test_photos_that_are_all_refused_keep_the_previous_profile(tmp_path, capsys):
    store = ProfileStore.in_data_dir(tmp_path)
    before = store.save(measured(SERIAL))
    # The kiosk's demo camera shows a portrait, never a cup: every photo is refused.
    code, doc = _run(capsys, "--port", _url("run3"), "--camera", "demo", "--kind",
                     "geometry", "--data-dir", str(tmp_path))
    assert code == 1 and not doc["ok"] and doc["error"] == "no_cup"
    assert "nothing saved" in doc["message"]
    assert store.load(SERIAL).profile == before
    assert len(store.history(SERIAL)) == 1


def test_an_unreachable_printer_or_a_bad_camera_is_said_with_its_exit_code(tmp_path, capsys):
    code, doc = _run(capsys, "--port", str(tmp_path / "ttyNONE"), "--camera", "sim",
                     "--data-dir", str(tmp_path))
    assert code == 3 and doc["error"] == "not_connected"
    code, doc = _run(capsys, "--port", _url("run4"), "--camera", str(tmp_path / "nothing"),
                     "--data-dir", str(tmp_path))
    assert code == 2 and doc["error"] == "camera"
    assert not (tmp_path / "printers").exists()


def test_a_chart_printed_on_the_machine_is_raw_and_keyed_to_its_serial(tmp_path, capsys):
    ProfileStore.in_data_dir(tmp_path).save(measured(SERIAL))  # a profile does not apply
    for kind in ("geometry", "tone", "dose"):
        assert main(["calibrate", "chart", kind, "--port", _url("chart1"), "--data-dir",
                     str(tmp_path), "--json"]) == 0
        doc = json.loads(capsys.readouterr().out)
        assert doc["ok"] and doc["calibration"]["status"] == "raw"
        landed = np.asarray(sim.get_printer("chart1").machine.records[-1].printed)
        assert np.array_equal(landed, charts.chart_for(kind, SERIAL).mask.dots), kind


def test_run_calibrates_a_photolatte_sim_process_through_its_out_folder(tmp_path, capsys):
    out = tmp_path / "prints"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "sim", "--tcp", "0", "--speed", "40", "--seed", "2",
         "--serial", SERIAL, "--truth", TRUTH, "--out", str(out)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
        text=True)
    watchdog = threading.Timer(120, proc.kill)  # a hung test fails instead of hanging
    watchdog.start()
    try:
        assert proc.stdout is not None
        port = proc.stdout.readline().strip()
        assert port.startswith("socket://")
        code, doc = _run(capsys, "--port", port, "--camera", str(out), "--kind", "geometry",
                         "--data-dir", str(tmp_path))
    finally:
        watchdog.cancel()
        proc.kill()
        proc.communicate()
    assert code == 0 and doc["saved"]
    g = ProfileStore.in_data_dir(tmp_path).load(SERIAL).profile.geometry
    assert g is not None and math.hypot(g.offset_x_mm - 1.2, g.offset_y_mm + 0.5) < 0.25
    assert abs(g.rotation_deg - 0.8) < 0.3


def test_ctrl_c_stops_the_chart_being_printed_and_saves_nothing(tmp_path, capsys,
                                                                monkeypatch):
    import os
    import signal

    from printer_driver.driver import PrinterDriver

    real = PrinterDriver.print_job
    fired = threading.Event()

    def print_job(self, job, *, on_progress=None, **kw):
        def progress(event) -> None:
            if on_progress is not None:
                on_progress(event)
            if event.phase == "print" and event.done and not fired.is_set():
                fired.set()  # the first row of the first chart: the technician's Ctrl-C
                os.kill(os.getpid(), signal.SIGINT)

        return real(self, job, on_progress=progress, **kw)

    monkeypatch.setattr(PrinterDriver, "print_job", print_job)
    url = f"sim://runstop?speed=5&serial={SERIAL}"
    code, doc = _run(capsys, "--port", url, "--camera", "sim", "--data-dir", str(tmp_path))
    assert code == 130 and doc["error"] == "cancelled"
    assert "nothing saved" in doc["message"]
    printer = sim.get_printer("runstop")
    assert printer.wait_idle(10)
    assert [r.result for r in printer.machine.records] == ["aborted"]
    assert not (tmp_path / "printers").exists()
