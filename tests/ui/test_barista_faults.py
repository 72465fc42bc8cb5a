"""The printer's faults as the barista sees them, against the simulated printer through the
real driver: the status line is red and names a jam (never a green "connected" while the
printer is stopped), and the demo's built-in printer, whose head nobody can open, has its
jam cleared from the screen, for real: the simulated machine is freed and prints again.
"""

from __future__ import annotations

import numpy as np
import pytest
from barista_support import close_rig, make_rig, save_screen
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from kiosk.orders.model import OrderState
from kiosk.printing import sim_hands
from kiosk.printing.views import FaultView, PrinterStatusView
from kiosk.ui.barista.status_panel import FaultBanner
from kiosk.ui.barista.style import BAD_INK, OK_INK

WAIT_MS = 30_000


@pytest.fixture
def rig(qtbot, tmp_path):
    rig = make_rig(tmp_path)
    qtbot.addWidget(rig.window)
    qtbot.waitUntil(lambda: rig.service.connected, timeout=WAIT_MS)
    yield rig
    close_rig(rig)


def _click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _ink(label) -> str:
    return label.palette().color(QPalette.ColorRole.WindowText).name().upper()


def _jam_mid_print(qtbot, rig):
    order, mask = rig.add_order(seed=41)
    rig.sim.set_faults("jam=0.5")
    card = rig.card(order.id)
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    with qtbot.waitSignal(rig.service.printFailed, timeout=WAIT_MS):
        _click(qtbot, card.print_button)
    qtbot.waitUntil(rig.window.fault_banner.isVisible, timeout=WAIT_MS)
    return order, mask, card


def test_a_jam_turns_the_status_line_red_and_names_it(qtbot, rig):
    line = rig.window.status_panel.connection
    qtbot.waitUntil(lambda: line.text() == "Printer connected", timeout=WAIT_MS)
    assert _ink(line) == OK_INK.upper()
    _jam_mid_print(qtbot, rig)
    qtbot.waitUntil(lambda: "jammed" in line.text(), timeout=WAIT_MS)
    assert line.text() == "Printer stopped: the print head is jammed"
    assert _ink(line) == BAD_INK.upper()  # red, as "not connected" is
    save_screen(rig.window, "barista_jam_status")
    rig.context.i18n.set_language("ko")
    assert line.text() != "Printer stopped: the print head is jammed"
    assert "Printer" not in line.text() and _ink(line) == BAD_INK.upper()
    rig.context.i18n.set_language("en")
    # Fixed at the machine and acknowledged: green again.
    rig.sim.machine.clear_jam()
    _click(qtbot, rig.window.fault_banner.continue_button)
    qtbot.waitUntil(lambda: line.text() == "Printer connected", timeout=WAIT_MS)
    assert _ink(line) == OK_INK.upper()


def test_the_demo_printers_jam_is_cleared_from_the_screen(qtbot, rig):
    order, mask, card = _jam_mid_print(qtbot, rig)
    banner = rig.window.fault_banner
    assert rig.sim.machine.jammed()
    # Continue alone cannot clear a jam nobody freed: the printer still reports it.
    with qtbot.waitSignal(rig.service.faultRemains, timeout=WAIT_MS):
        _click(qtbot, banner.continue_button)
    assert banner.isVisible() and rig.sim.machine.jammed()
    assert banner.fix_button.text() == "Clear the jam and continue"
    save_screen(rig.window, "barista_demo_jam_banner")
    _click(qtbot, banner.fix_button)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT_MS)
    assert not rig.sim.machine.jammed()
    assert rig.window.status_panel.connection.text() == "Printer connected"
    # The order waits for the barista's tap, and prints whole on a fresh cup.
    assert rig.store.get(order.id).state is OrderState.INTERRUPTED
    qtbot.waitUntil(card.print_button.isEnabled, timeout=WAIT_MS)
    with qtbot.waitSignal(rig.service.printFinished, timeout=WAIT_MS):
        _click(qtbot, card.print_button)
    np.testing.assert_array_equal(rig.sim.machine.records[-1].printed, mask.dots)


def test_a_real_printer_offers_continue_only(qtbot):
    jam = FaultView(code="jam", needs_ack=True, blocks=True)
    view = PrinterStatusView(connected=True, state="fault", faults=(jam,))
    assert sim_hands.fixable("/dev/ttyACM0", ["jam"]) == ()
    assert sim_hands.fix("socket://10.0.0.5:9100", ["jam"]) == ()
    assert sim_hands.fixable("sim://kiosk?speed=1", ["jam", "job_corrupt"]) == ("jam",)
    banner = FaultBanner()
    qtbot.addWidget(banner)
    banner.show()
    banner.set_status(view, sim_hands.fixable("/dev/ttyACM0", ["jam"]))
    assert banner.isVisible() and banner.continue_button.isVisible()
    assert not banner.fix_button.isVisible()
    assert "Demo printer" not in banner.message.text()
