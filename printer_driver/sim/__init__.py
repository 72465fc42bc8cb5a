"""The simulated foam printer: firmware, hardware, physics, faults and transports.

Reach it like a real printer, by URL::

    import serial, printer_driver.sim          # registers the sim:// scheme with pyserial
    port = serial.serial_for_url("sim://bench?speed=20&seed=1&faults=drop=1e-4", timeout=0.1)
    printer = printer_driver.sim.get_printer("bench")   # inspect or inject faults
    printer.machine.remove_cup()
    printer_driver.sim.shutdown_all()           # stop and join every printer (tests)

or from another process with ``photolatte sim --pty`` / ``photolatte sim --tcp PORT``.
Modules: ``physics`` (the hidden truth and the printed cup), ``motion`` (row times),
``machine`` (head, reservoirs, cup sensor), ``faults`` (plans and byte damage), ``line``
(baud-paced bytes), ``printer`` (:class:`SimPrinter`), ``protocol_sim`` (the pyserial
handler), ``pty``/``tcp`` (servers), ``output`` (``--out DIR`` records), ``firmware``.
"""

from __future__ import annotations

import serial

from printer_driver.sim.config import SimConfigError, SimSettings, parse_sim_url
from printer_driver.sim.faults import FaultPlan, FaultSpecError
from printer_driver.sim.machine import Machine, PrintRecord
from printer_driver.sim.motion import MotionConfig
from printer_driver.sim.physics import PhysicsTruth, TruthError, render_printed_cup
from printer_driver.sim.printer import Connection, ManualClock, SimPrinter, Unplugged
from printer_driver.sim.registry import (
    add_printer,
    get_printer,
    live_sim_threads,
    open_printer,
    printer_names,
    remove_printer,
    shutdown_all,
)

if __name__ not in serial.protocol_handler_packages:
    serial.protocol_handler_packages.append(__name__)

__all__ = [
    "Connection",
    "FaultPlan",
    "FaultSpecError",
    "Machine",
    "ManualClock",
    "MotionConfig",
    "PhysicsTruth",
    "PrintRecord",
    "SimConfigError",
    "SimPrinter",
    "SimSettings",
    "TruthError",
    "Unplugged",
    "add_printer",
    "get_printer",
    "live_sim_threads",
    "open_printer",
    "parse_sim_url",
    "printer_names",
    "remove_printer",
    "render_printed_cup",
    "shutdown_all",
]
