"""DTR/RTS on open (serial-lessons #6): a board whose reset hangs off DTR reboots when a
host opens the port. The driver's ``dtr`` setting (argument, URL option, CLI flag) decides,
and the simulated printer resets only when DTR is asserted, as such a board does."""

from __future__ import annotations

import os

import pytest
import serial
from driver_helpers import FAST, sim_url, small_mask

import printer_driver.sim as sim
from printer_driver import PortOpenError, PrinterDriver
from printer_driver.ports import ensure_sim_handler, split_line_options
from printer_driver.sim import SimPrinter, SimSettings
from printer_driver.sim.pty import PtyServer


def test_line_options_come_out_of_the_url_and_the_rest_stays() -> None:
    assert split_line_options("/dev/ttyUSB0") == ("/dev/ttyUSB0", {"dtr": None, "rts": None})
    assert split_line_options("/dev/ttyUSB0?dtr=off") == (
        "/dev/ttyUSB0", {"dtr": False, "rts": None})
    assert split_line_options("sim://a?speed=20&DTR=On&rts=0&seed=3") == (
        "sim://a?speed=20&seed=3", {"dtr": True, "rts": False})
    with pytest.raises(PortOpenError, match="dtr=on or dtr=off"):
        PrinterDriver.open("/dev/ttyUSB0?dtr=maybe")


def test_dtr_off_keeps_a_reset_on_open_printer_and_its_job() -> None:
    name, url = sim_url("dtr", seed=2, reset_on_open=1)
    mask = small_mask(3)
    with PrinterDriver.open(url, timeouts=FAST) as drv:  # default: DTR asserted, a reset
        boot = drv.identify().boot_id
        job = drv.upload(mask)
    printer = sim.get_printer(name)
    # Reopening with DTR off (the URL option, as a kiosk config would) leaves it running:
    # same boot, and the uploaded job still waits ready for the barista's tap.
    with PrinterDriver.open(url + "&dtr=off", timeouts=FAST) as drv:
        assert drv.identify().boot_id == boot == printer.firmware.boot_id
        assert drv.job_state(job.id).state == "ready"
        assert drv.print_job(job).rows_printed == mask.size
    with PrinterDriver.open(url, timeouts=FAST, dtr=False) as drv:  # the argument form
        assert drv.identify().boot_id == boot
    # Today's default (DTR asserted on open) reboots such a board: a new boot id.
    with PrinterDriver.open(url, timeouts=FAST) as drv:
        assert drv.identify().boot_id != boot
        assert drv.job_state(job.id).state == "unknown"


def test_raising_dtr_on_an_open_port_resets_such_a_board() -> None:
    name, url = sim_url("dtrup", reset_on_open=1)
    ensure_sim_handler()
    port = serial.serial_for_url(url, do_not_open=True)
    port.dtr = False
    port.open()
    printer = sim.get_printer(name)
    boot = printer.firmware.boot_id
    port.dtr = False
    assert printer.firmware.boot_id == boot
    port.dtr = True
    assert printer.firmware.boot_id != boot
    port.close()


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="pseudo-terminals are POSIX only")
def test_dtr_setting_reaches_a_real_tty() -> None:
    # A pty has no modem lines to observe, but the port the driver opened must carry the
    # setting (pyserial applies it in open()), and the print must work as usual.
    printer = SimPrinter("ptydtr", SimSettings(speed=50, seed=4)).start()
    mask = small_mask(5)
    try:
        with PtyServer(printer) as server:
            with PrinterDriver.open(server.device, timeouts=FAST, dtr=False, rts=False) as drv:
                port = drv.link.port
                assert isinstance(port, serial.Serial) and port.dtr is False
                assert port.rts is False
                assert drv.print_mask(mask).rows_printed == mask.size
            with PrinterDriver.open(server.device, timeouts=FAST) as drv:
                assert drv.link.port.dtr is True  # the default: asserted, as before
    finally:
        printer.stop()
