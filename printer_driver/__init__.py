"""The foam printer: mask type, wire protocol, reliable link, driver API and simulator.

    from printer_driver import PrinterDriver, PrinterError
    with PrinterDriver.open("sim://demo?speed=20") as drv:
        drv.print_mask(mask)

Imports nothing from ``kiosk`` or ``calibration`` and never imports Qt.
"""

import logging

from printer_driver.counters import Counters, CounterSnapshot
from printer_driver.driver import (
    JobHandle,
    JobStatus,
    PrinterDriver,
    PrinterInfo,
    PrinterStatus,
    PrintResult,
    Timeouts,
)
from printer_driver.errors import (
    CupMissingError,
    CupRemovedError,
    DriverClosedError,
    ErrorCode,
    JamError,
    JobAbortedError,
    JobCorruptError,
    JobNotFoundError,
    JobRejectedError,
    LinkLostError,
    OtherFaultError,
    PortOpenError,
    PowderEmptyError,
    PowderLowError,
    PrinterBusyError,
    PrinterError,
    PrinterFaultError,
    PrinterRestartedError,
    PrinterStalledError,
    ProtocolError,
    ProtocolVersionError,
)
from printer_driver.events import (
    ConnectionEvent,
    ConnectionState,
    FaultEvent,
    ProgressEvent,
    StatusEvent,
)
from printer_driver.link import LinkSettings
from printer_driver.protocol.constants import Fault

# A library does not decide where logs go: the kiosk (or a test) configures handlers.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "ConnectionEvent",
    "ConnectionState",
    "CounterSnapshot",
    "Counters",
    "CupMissingError",
    "CupRemovedError",
    "DriverClosedError",
    "ErrorCode",
    "Fault",
    "FaultEvent",
    "JamError",
    "JobAbortedError",
    "JobCorruptError",
    "JobHandle",
    "JobNotFoundError",
    "JobRejectedError",
    "JobStatus",
    "LinkLostError",
    "LinkSettings",
    "OtherFaultError",
    "PortOpenError",
    "PowderEmptyError",
    "PowderLowError",
    "PrintResult",
    "PrinterBusyError",
    "PrinterDriver",
    "PrinterError",
    "PrinterFaultError",
    "PrinterInfo",
    "PrinterRestartedError",
    "PrinterStalledError",
    "PrinterStatus",
    "ProgressEvent",
    "ProtocolError",
    "ProtocolVersionError",
    "StatusEvent",
    "Timeouts",
]
