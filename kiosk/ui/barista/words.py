"""Plain words for the barista: order states, printer faults and driver messages.

The driver's messages are English sentences ("Cinnamon is empty: refill it, then press
Continue"); they are stored with the order as they are. The ones with no variable part are
listed here with ``QT_TRANSLATE_NOOP`` so that :func:`printer_message` can show them in
Korean: Qt looks the English sentence up in ``barista_ko.qm`` and returns it unchanged when it
is not there (a message from a newer driver still reads, in English).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kiosk.orders.model import OrderState

translate = QCoreApplication.translate

STATE_CONTEXT = "BaristaStates"
MESSAGE_CONTEXT = "PrinterMessages"
POWDER_CONTEXT = "BaristaPowders"

_STATE_WORDS: dict[OrderState, str] = {
    OrderState.QUEUED: QT_TRANSLATE_NOOP("BaristaStates", "Waiting to print"),
    OrderState.PRINTING: QT_TRANSLATE_NOOP("BaristaStates", "Printing"),
    OrderState.PRINTED: QT_TRANSLATE_NOOP("BaristaStates", "Printed: hand it over"),
    OrderState.SERVED: QT_TRANSLATE_NOOP("BaristaStates", "Served"),
    OrderState.INTERRUPTED: QT_TRANSLATE_NOOP("BaristaStates", "Print stopped"),
    OrderState.FAILED: QT_TRANSLATE_NOOP("BaristaStates", "Print failed"),
    OrderState.CANCELLED: QT_TRANSLATE_NOOP("BaristaStates", "Cancelled"),
}

_POWDER_WORDS = {
    "cocoa": QT_TRANSLATE_NOOP("BaristaPowders", "Cocoa"),
    "cinnamon": QT_TRANSLATE_NOOP("BaristaPowders", "Cinnamon"),
}

# Every fixed sentence the driver (printer_driver/errors.py) and the print service produce.
_MESSAGES = (
    QT_TRANSLATE_NOOP(
        "PrinterMessages", "No cup under the printer: place the cup and press Print again"
    ),
    QT_TRANSLATE_NOOP("PrinterMessages", "Cup removed during printing: place the cup and reprint"),
    QT_TRANSLATE_NOOP("PrinterMessages", "Cocoa is empty: refill it, then press Continue"),
    QT_TRANSLATE_NOOP("PrinterMessages", "Cinnamon is empty: refill it, then press Continue"),
    QT_TRANSLATE_NOOP("PrinterMessages", "Cocoa is running low: refill it soon"),
    QT_TRANSLATE_NOOP("PrinterMessages", "Cinnamon is running low: refill it soon"),
    QT_TRANSLATE_NOOP(
        "PrinterMessages",
        "The print head is jammed: switch the printer off, clear the jam, switch it on and "
        "print again; call a technician if it repeats",
    ),
    QT_TRANSLATE_NOOP(
        "PrinterMessages",
        "Lost the connection to the printer: check the printer's power and cable, then check "
        "the cup and print again",
    ),
    QT_TRANSLATE_NOOP(
        "PrinterMessages",
        "Lost the connection to the printer during printing: check the printer's power and "
        "cable, then check the cup and print again",
    ),
    QT_TRANSLATE_NOOP(
        "PrinterMessages",
        "The printer restarted and cancelled the print: serve a fresh cup and print again",
    ),
    QT_TRANSLATE_NOOP(
        "PrinterMessages",
        "The printer gave an unexpected answer: try again; if it repeats, restart the printer "
        "and call a technician",
    ),
    QT_TRANSLATE_NOOP(
        "PrinterMessages",
        "The printer is busy with another print: wait for it to finish, or cancel it on the "
        "printer screen, then print again",
    ),
    QT_TRANSLATE_NOOP(
        "PrinterMessages",
        "The picture arrived damaged at the printer and was not printed: print again; if it "
        "repeats, call a technician to check the cable",
    ),
    QT_TRANSLATE_NOOP(
        "PrinterMessages",
        "The printer cannot print this picture: choose another design; a technician should "
        "check the cup profile",
    ),
    QT_TRANSLATE_NOOP(
        "PrinterMessages", "The print was cancelled: serve a fresh cup and print again when ready"
    ),
    QT_TRANSLATE_NOOP(
        "PrinterMessages", "The printer connection was closed: reconnect to the printer"
    ),
    QT_TRANSLATE_NOOP(
        "PrinterMessages",
        "The kiosk stopped during this print: check the cup, then press Reprint",
    ),
    QT_TRANSLATE_NOOP(
        "PrinterMessages",
        "The printer is not connected: check its power and cable, then press Print again",
    ),
    QT_TRANSLATE_NOOP(
        "PrinterMessages",
        "This order's picture is no longer stored: cancel the order and ask the customer to "
        "order again",
    ),
    QT_TRANSLATE_NOOP(
        "PrinterMessages",
        "The kiosk stopped during this print (power cut or restart). "
        "Check the cup, then press Reprint or Cancel.",
    ),
    QT_TRANSLATE_NOOP(
        "PrinterMessages",
        "The print stopped unexpectedly: check the cup, then press Reprint; call a technician "
        "if it repeats",
    ),
    QT_TRANSLATE_NOOP(
        "PrinterMessages",
        "The printer address in the kiosk settings is wrong: call a technician to correct "
        "printer_url",
    ),
)


def state_words(state: OrderState | str) -> str:
    """The order state as the barista reads it, in the current language."""
    return translate(STATE_CONTEXT, _STATE_WORDS[OrderState(state)])


def powder_name(powder: str) -> str:
    """"Cocoa"/"Cinnamon" in the current language (unknown names pass through)."""
    text = _POWDER_WORDS.get(powder)
    return translate(POWDER_CONTEXT, text) if text else powder


_WRONG_ADDRESS = (
    "The printer address in the kiosk settings is wrong: call a technician to correct "
    "printer_url"
)

# Driver sentences with a variable part (what it was doing, a port name, a job number),
# shown as the plain sentence for their kind: the barista's next step is the same.
_BY_PREFIX = (
    ("Lost the connection to the printer",
     "Lost the connection to the printer: check the printer's power and cable, then check "
     "the cup and print again"),
    ("Cannot open the printer port",
     "The printer is not connected: check its power and cable, then press Print again"),
    # A wrong setting, not a loose cable: the barista cannot fix it, a technician can.
    ("Not a printer address", _WRONG_ADDRESS),
    ("The printer no longer has print job",
     "The print stopped unexpectedly: check the cup, then press Reprint; call a technician "
     "if it repeats"),
)


def printer_message(message: str | None) -> str:
    """A driver or print-service sentence in the current language (as is if unknown)."""
    if not message:
        return ""
    for prefix, plain in _BY_PREFIX:
        if message.startswith(prefix) and message != plain:
            message = plain
            break
    else:
        if " is not a serial port" in message:  # starts with the port's name
            message = _WRONG_ADDRESS
    return translate(MESSAGE_CONTEXT, message)


def fault_message(code: str, message: str = "") -> str:
    """One line for a latched printer fault ``code`` ("cinnamon_empty", "cup_missing", ...).

    Falls back to the printer's own ``message`` and finally to a generic sentence.
    """
    if code in ("cocoa_empty", "cinnamon_empty"):
        powder = code.removesuffix("_empty").capitalize()
        return printer_message(f"{powder} is empty: refill it, then press Continue")
    if code in ("cocoa_low", "cinnamon_low"):
        powder = code.removesuffix("_low").capitalize()
        return printer_message(f"{powder} is running low: refill it soon")
    if code in ("cup_missing", "no_cup"):
        return translate(
            "BaristaFaults", "No cup under the printer: place the cup, then press Continue"
        )
    if code == "cup_removed":
        return translate(
            "BaristaFaults", "The cup was lifted during printing: place a cup, then press Continue"
        )
    if code == "jam":
        return translate(
            "BaristaFaults",
            "The print head is jammed: switch the printer off, clear the jam, switch it on, "
            "then press Continue",
        )
    if message:
        return printer_message(message)
    return translate(
        "BaristaFaults", "The printer reports a problem ({code}): check it, then press Continue"
    ).format(code=code)


def waiting_words(seconds: float) -> str:
    """"Waiting 3 min" / "Just ordered" in the current language."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return translate("BaristaQueue", "Just ordered")
    return translate("BaristaQueue", "Waiting {minutes} min").format(minutes=minutes)


def time_left_words(seconds: float | None) -> str:
    """"About 12 s left" / "About 2 min left" ("" when unknown)."""
    if seconds is None or seconds < 0:
        return ""
    if seconds < 90:
        return translate("BaristaQueue", "About {seconds} s left").format(
            seconds=max(1, round(seconds))
        )
    return translate("BaristaQueue", "About {minutes} min left").format(
        minutes=round(seconds / 60)
    )
