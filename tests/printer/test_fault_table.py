"""One table of fault cases, run through the driver, the CLI and the kiosk's status view.

Each case sets up a simulated printer with some faults (alone and in combinations) and a
job using some powders, and states what a person should see: whether the print goes ahead
or which error stops it, which faults the kiosk's yellow box asks to acknowledge with
Continue, whether the kiosk waits for a cup, and whether ``photolatte printer clear`` (and
the kiosk's Continue) can clear everything. The driver's exception, the kiosk's print
service (the order's stored outcome, the barista's words), ``photolatte print`` (exit code,
JSON code, the line), ``photolatte printer status`` / ``clear`` and the kiosk's status view
must all agree with it (they used to disagree on ``cup_missing``).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field

import numpy as np
import pytest
from driver_helpers import FAST, last_line, records

import printer_driver.sim as sim
from kiosk.cli import main
from kiosk.cli.printer_words import cli_message, fault_line
from kiosk.printing import events as ev
from kiosk.printing.outcome import PrintEnd
from kiosk.printing.service import PrintService
from printer_driver import PrinterDriver, PrinterError, faults
from printer_driver.mask import Mask
from printer_driver.powders import CINNAMON, COCOA, FOAM
from printer_driver.protocol.constants import BLOCKING_FAULTS, LIVE_FAULTS, Fault, PowderBits
from printer_driver.sim.config import SimSettings
from printer_driver.sim.firmware import Firmware


class _LatchingFirmware(Firmware):
    """The simulator's firmware, plus a way to latch any fault bits (as if they happened)."""

    def latch(self, bits: int) -> None:
        self._latched |= Fault(bits)


@dataclass(frozen=True)
class Case:
    """A fault situation and what every front end must make of it.

    ``prints``: None when the print goes ahead, else the error code that stops it.
    ``banner``: faults the kiosk asks to acknowledge (Continue) before the print.
    ``clear_ok``: ``photolatte printer clear`` exits 0 after the print attempt.
    """

    name: str
    uses: str  # "cocoa", "cinnamon" or "both": the powders the job's dots use
    latch: int = 0
    cocoa_g: float | None = None
    cinnamon_g: float | None = None
    no_cup: bool = False
    jammed: bool = False
    prints: str | None = None
    banner: frozenset[str] = field(default_factory=frozenset)
    cup_missing: bool = False
    clear_ok: bool = True


def _set(*names: str) -> frozenset[str]:
    return frozenset(names)


CASES = [
    Case("nothing", "both"),
    Case("cocoa low", "both", cocoa_g=10.0),
    Case("cinnamon low", "cinnamon", cinnamon_g=10.0),
    Case("cocoa empty, cocoa job", "cocoa", cocoa_g=0.0, prints="powder_empty",
         banner=_set("cocoa_empty"), clear_ok=False),
    Case("cocoa empty, cinnamon job", "cinnamon", cocoa_g=0.0, banner=_set("cocoa_empty"),
         clear_ok=False),
    Case("cinnamon empty, both", "both", cinnamon_g=0.0, prints="powder_empty",
         banner=_set("cinnamon_empty"), clear_ok=False),
    Case("no cup", "both", no_cup=True, prints="cup_missing", cup_missing=True),
    Case("cup lifted earlier", "both", latch=Fault.CUP_REMOVED, banner=_set("cup_removed")),
    Case("jam still there", "both", latch=Fault.JAM, jammed=True, prints="jam",
         banner=_set("jam"), clear_ok=False),
    Case("jam freed, not acknowledged", "both", latch=Fault.JAM, prints="jam",
         banner=_set("jam")),
    Case("job corrupt", "both", latch=Fault.JOB_CORRUPT),
    Case("buffer overflow", "both", latch=Fault.BUFFER_OVERFLOW),
    Case("no cup and cocoa empty", "cocoa", cocoa_g=0.0, no_cup=True, prints="cup_missing",
         banner=_set("cocoa_empty"), cup_missing=True, clear_ok=False),
    Case("cup lifted and cinnamon empty, cocoa job", "cocoa", latch=Fault.CUP_REMOVED,
         cinnamon_g=0.0, banner=_set("cup_removed", "cinnamon_empty"), clear_ok=False),
    Case("jam, cocoa low, no cup", "both", latch=Fault.JAM, jammed=True, cocoa_g=10.0,
         no_cup=True, prints="jam", banner=_set("jam"), cup_missing=True, clear_ok=False),
]


def _mask(uses: str, seed: int) -> Mask:
    rng = np.random.default_rng(seed)
    ink = {"cocoa": (FOAM, COCOA), "cinnamon": (FOAM, CINNAMON),
           "both": (FOAM, CINNAMON, COCOA)}[uses]
    n = 32  # 9.6 mm: prints in a blink at speed 50
    return Mask.from_levels(rng.choice(ink, (n, n)), diameter_mm=9.6)


def _printer(case: Case, index: int) -> tuple[str, str]:
    name = f"ftab{index}"
    printer = sim.open_printer(name, SimSettings(speed=50, cup=not case.no_cup),
                               firmware_factory=lambda m, rng: _LatchingFirmware(m, rng=rng))
    machine = printer.machine
    if case.cocoa_g is not None:
        machine.set_powder("cocoa", case.cocoa_g)
    if case.cinnamon_g is not None:
        machine.set_powder("cinnamon", case.cinnamon_g)
    if case.jammed:
        machine.jam()
    with printer._cond:  # the printer's own thread runs the firmware under this lock
        firmware = printer.firmware
        assert isinstance(firmware, _LatchingFirmware)
        firmware.latch(case.latch)
    return name, f"sim://{name}"


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c.name for c in CASES])
def test_driver_cli_and_kiosk_agree_on_each_fault_case(index: int, tmp_path, capsys) -> None:
    from kiosk.printing.views import status_view_from

    case = CASES[index]
    name, url = _printer(case, index)
    mask = _mask(case.uses, index)
    path = tmp_path / "mask.png"
    mask.save_png(path)

    # The CLI's status names every fault; it says "printer clear" for exactly the faults
    # the kiosk's box (below) asks Continue for.
    assert main(["printer", "status", "--port", url, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["status"]
    for fault_name, line in zip(listed["faults"], listed["fault_messages"], strict=True):
        assert line == fault_line(fault_name)
        assert ("photolatte printer clear" in line) == (fault_name in case.banner), fault_name

    with PrinterDriver.open(url, timeouts=FAST) as drv:
        st = drv.status()
        assert list(st.fault_names) == listed["faults"]
        # The kiosk: the yellow box (Continue) and the wait for a cup.
        view = status_view_from(st, identity=None, counters=None)
        assert {f.code for f in view.blocking_faults} == case.banner
        assert view.has_fault == bool(case.banner)
        assert view.cup_missing == case.cup_missing
        # The driver: the print goes ahead, or this error stops it.
        error: PrinterError | None = None
        try:
            drv.print_mask(mask)
        except PrinterError as exc:
            error = exc
    assert (error.code if error else None) == case.prints
    if error is not None:
        assert not error.print_started  # refused before PRINT: nothing on the foam
        assert not records(name) or records(name)[-1].result != "done"
    else:
        assert records(name)[-1].result == "done"

    # The kiosk's print service: the same code, nothing on the foam, the order FAILED (or
    # PRINTED), and the barista's words for exactly that code.
    end = _kiosk_print(url, mask, tmp_path)
    assert (end.failure.code if end.failure else None) == case.prints
    if error is not None:
        from kiosk.ui.barista.words import error_words, failure_words

        assert end.outcome.value == "failed" and not end.failure.print_started
        assert failure_words(end.failure) == error_words(case.prints, error.params,
                                                         print_started=False)

    # The CLI's print: the same outcome, the same code, the line for that error.
    code = main(["print", str(path), "--port", url, "--json"])
    out, err = capsys.readouterr()
    data = json.loads(out)
    if case.prints is None:
        assert code == 0 and data["ok"] is True
    else:
        assert error is not None
        assert code == 1 and data["error"] == case.prints
        assert last_line(err) == f"photolatte: {cli_message(error)}"

    # printer clear: exit 0 exactly when nothing is left to acknowledge; Continue agrees.
    assert _kiosk_continue(url) is case.clear_ok
    assert main(["printer", "clear", "--port", url]) == (0 if case.clear_ok else 1)
    capsys.readouterr()


def _kiosk_print(url: str, mask: Mask, folder) -> PrintEnd:
    """One order printed by the kiosk's print service (as the barista's tap does); checks
    that the store recorded what the service reported."""
    from kiosk.orders.store import OrderStore

    with OrderStore(folder / "orders.sqlite3") as store:
        order = store.create_order(drink_id="latte", mask=mask,
                                   preview=np.zeros((8, 8, 3), np.uint8))
        connected = threading.Event()
        ends: list[PrintEnd] = []
        ended = threading.Event()

        def listen(event: ev.ServiceEvent) -> None:
            if isinstance(event, ev.ConnectionChanged) and event.connected:
                connected.set()
            elif isinstance(event, ev.PrintEnded):
                ends.append(event.end)
                ended.set()

        service = PrintService(url, on_event=listen, store=store, timeouts=FAST)
        service.start()
        try:
            assert connected.wait(30) and service.print_order(order.id)
            assert ended.wait(30)
        finally:
            service.stop()
        (end,) = ends
        (job,) = store.print_jobs(order.id)
        assert store.get(order.id).state.value == ("printed" if end.failure is None
                                                   else "failed")
        assert job.error_code == (None if end.failure is None else end.failure.code)
    return end


def _kiosk_continue(url: str) -> bool:
    """The barista's Continue: does the kiosk's service find nothing left to fix?"""
    service = PrintService(url, on_event=lambda e: None, timeouts=FAST,
                           keep_connected=False)
    service.start()
    try:
        return service.clear_faults().result(30).ok
    finally:
        service.stop()


def test_the_table_agrees_with_the_protocol_constants() -> None:
    # Section 9 of docs/protocol.md: which faults block PRINT, which are present (live).
    blocking = sum(int(f.flag) for f in faults.FAULT_TABLE if f.severity.value == "blocking")
    live = sum(int(f.flag) for f in faults.FAULT_TABLE if not f.latched)
    assert blocking == int(BLOCKING_FAULTS)
    assert live == int(LIVE_FAULTS)
    assert {int(f.flag) for f in faults.FAULT_TABLE} == {int(f) for f in Fault if f}


def test_table_questions() -> None:
    both = faults.ALL_POWDERS
    cinnamon_job = int(PowderBits.CINNAMON)
    assert [f.name for f in faults.blocking(Fault.COCOA_EMPTY, cinnamon_job)] == []
    assert [f.name for f in faults.blocking(Fault.COCOA_EMPTY, both)] == ["cocoa_empty"]
    assert faults.clearable_on_print(Fault.COCOA_EMPTY | Fault.CUP_REMOVED, cinnamon_job) == (
        int(Fault.CUP_REMOVED))
    assert faults.clearable_on_print(Fault.JAM) == 0
    assert [f.name for f in faults.to_acknowledge(Fault.CUP_MISSING | Fault.JAM)] == ["jam"]
    assert [f.name for f in faults.warnings(Fault.COCOA_LOW | Fault.JAM)] == ["cocoa_low"]
    # The most urgent blocking fault decides the error; the job's powders count.
    err = faults.error_for_faults(Fault.COCOA_EMPTY | Fault.CINNAMON_EMPTY, uses=cinnamon_job,
                                  rows_done=7)
    assert err.code == "powder_empty" and err.params == {"powder": "cinnamon", "rows_done": 7}
    assert faults.error_for_faults(Fault.JAM | Fault.CUP_MISSING).code == "jam"
    assert faults.error_for_faults(Fault.BUFFER_OVERFLOW).code == "printer_fault"
    # A bit this table does not know (a newer firmware's): latched, blocking, named by bit.
    unknown = faults.info(1 << 20)
    assert unknown.name == "fault_20" and unknown.needs_ack and unknown.blocks()
    assert faults.by_name("fault_20") == unknown
    assert faults.error_for_faults(1 << 20).params == {"faults": "fault_20"}
    with pytest.raises(KeyError):
        faults.by_name("no_such_fault")
