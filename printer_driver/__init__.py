"""The foam printer: mask type, wire protocol, reliable link, driver API and simulator.

    from printer_driver import PrinterDriver, PrinterError
    with PrinterDriver.open("sim://demo?speed=20") as drv:
        drv.print_mask(mask)

Imports nothing from ``kiosk`` or ``calibration`` and never imports Qt.

The names below are loaded on first use (PEP 562): ``import printer_driver.errors`` costs
that module alone, not pyserial, NumPy and the driver; ``from printer_driver import
PrinterDriver`` loads the driver when it is asked for.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

# A library does not decide where logs go: the kiosk (or a test) configures handlers.
logging.getLogger(__name__).addHandler(logging.NullHandler())

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(
        ("Backoff", "backoff_delays"), "printer_driver.backoff"),
    **dict.fromkeys(("Counters", "CounterSnapshot"), "printer_driver.counters"),
    **dict.fromkeys(
        ("AbortConfirmation", "AbortOutcome", "PrinterDriver"), "printer_driver.driver"),
    **dict.fromkeys((
        "CupMissingError", "CupRemovedError", "DriverClosedError", "ErrorCode", "JamError",
        "JobAbortedError", "JobCorruptError", "JobNotFoundError", "JobRejectedError",
        "LinkLostError", "NotSerialPortError", "OtherFaultError", "PortAddressError",
        "PortOpenError", "PowderEmptyError", "PowderLowError", "PrinterBusyError",
        "PrinterError", "PrinterFaultError", "PrinterRestartedError", "PrinterStalledError",
        "ProtocolError", "ProtocolVersionError",
    ), "printer_driver.errors"),
    **dict.fromkeys((
        "ConnectionEvent", "ConnectionState", "FaultEvent", "ProgressEvent", "StatusEvent",
    ), "printer_driver.events"),
    **dict.fromkeys(("FaultInfo", "Severity"), "printer_driver.faults"),
    "LinkSettings": "printer_driver.link",
    "Fault": "printer_driver.protocol.constants",
    **dict.fromkeys((
        "FinishedPrint", "JobHandle", "JobStatus", "PrinterInfo", "PrinterStatus", "Timeouts",
    ), "printer_driver.values"),
}
#: Submodules reachable as attributes (``printer_driver.faults.blocking(...)``).
_SUBMODULES = frozenset({
    "backoff", "connection", "counters", "driver", "errors", "events", "faults", "input_files",
    "jobs", "link", "mask", "ports", "powders", "protocol", "sim", "values",
})

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # later lookups skip this function
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, *_SUBMODULES})


if TYPE_CHECKING:  # what type checkers and IDEs see; nothing is imported at run time
    from printer_driver import faults as faults
    from printer_driver.backoff import Backoff as Backoff
    from printer_driver.backoff import backoff_delays as backoff_delays
    from printer_driver.counters import Counters as Counters
    from printer_driver.counters import CounterSnapshot as CounterSnapshot
    from printer_driver.driver import AbortConfirmation as AbortConfirmation
    from printer_driver.driver import AbortOutcome as AbortOutcome
    from printer_driver.driver import PrinterDriver as PrinterDriver
    from printer_driver.errors import CupMissingError as CupMissingError
    from printer_driver.errors import CupRemovedError as CupRemovedError
    from printer_driver.errors import DriverClosedError as DriverClosedError
    from printer_driver.errors import ErrorCode as ErrorCode
    from printer_driver.errors import JamError as JamError
    from printer_driver.errors import JobAbortedError as JobAbortedError
    from printer_driver.errors import JobCorruptError as JobCorruptError
    from printer_driver.errors import JobNotFoundError as JobNotFoundError
    from printer_driver.errors import JobRejectedError as JobRejectedError
    from printer_driver.errors import LinkLostError as LinkLostError
    from printer_driver.errors import NotSerialPortError as NotSerialPortError
    from printer_driver.errors import OtherFaultError as OtherFaultError
    from printer_driver.errors import PortAddressError as PortAddressError
    from printer_driver.errors import PortOpenError as PortOpenError
    from printer_driver.errors import PowderEmptyError as PowderEmptyError
    from printer_driver.errors import PowderLowError as PowderLowError
    from printer_driver.errors import PrinterBusyError as PrinterBusyError
    from printer_driver.errors import PrinterError as PrinterError
    from printer_driver.errors import PrinterFaultError as PrinterFaultError
    from printer_driver.errors import PrinterRestartedError as PrinterRestartedError
    from printer_driver.errors import PrinterStalledError as PrinterStalledError
    from printer_driver.errors import ProtocolError as ProtocolError
    from printer_driver.errors import ProtocolVersionError as ProtocolVersionError
    from printer_driver.events import ConnectionEvent as ConnectionEvent
    from printer_driver.events import ConnectionState as ConnectionState
    from printer_driver.events import FaultEvent as FaultEvent
    from printer_driver.events import ProgressEvent as ProgressEvent
    from printer_driver.events import StatusEvent as StatusEvent
    from printer_driver.faults import FaultInfo as FaultInfo
    from printer_driver.faults import Severity as Severity
    from printer_driver.link import LinkSettings as LinkSettings
    from printer_driver.protocol.constants import Fault as Fault
    from printer_driver.values import FinishedPrint as FinishedPrint
    from printer_driver.values import JobHandle as JobHandle
    from printer_driver.values import JobStatus as JobStatus
    from printer_driver.values import PrinterInfo as PrinterInfo
    from printer_driver.values import PrinterStatus as PrinterStatus
    from printer_driver.values import Timeouts as Timeouts
