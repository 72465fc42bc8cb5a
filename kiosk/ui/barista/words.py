"""Plain words for the barista: order states, printer faults and print failures.

Print failures arrive as codes with parameters (:class:`kiosk.ui.printing.PrintFailure`, the
driver's ``ErrorCode`` plus the print service's own codes); :func:`failure_words` looks the
code up in :data:`_ERROR_WORDS` (context "PrinterErrors") and fills in the parameters, so a
reworded sentence can never fall back to English. Faults are words keyed by the fault's name
in ``printer_driver.faults`` (context "BaristaFaults"). Tests check that every error code
and every fault has words, in both languages.

Orders stored by an older version keep the driver's English sentence; the ones with no
variable part are listed in :data:`_LEGACY_MESSAGES` so they still read in Korean.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import cast

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication

from kiosk.orders.model import OrderState
from kiosk.ui.printing import PrintFailure
from printer_driver.errors import ParamValue

translate = QCoreApplication.translate
# Marks a text for lupdate and returns it unchanged (PySide's stubs say "object").
QT_TRANSLATE_NOOP = cast("Callable[[str, str], str]", QtCore.QT_TRANSLATE_NOOP)

STATE_CONTEXT = "BaristaStates"
MESSAGE_CONTEXT = "PrinterMessages"
ERROR_CONTEXT = "PrinterErrors"
FAULT_CONTEXT = "BaristaFaults"
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
    "powder": QT_TRANSLATE_NOOP("BaristaPowders", "Powder"),
}

# What a print failure says, by code: the driver's ErrorCode values and the print service's
# own codes. {powder} is the powder's name in the current language, {faults} fault names.
_ERROR_WORDS: dict[str, str] = {
    "port_unavailable": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The printer is not connected: check its power and cable, then press Print again"),
    "port_address": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The printer address in the kiosk settings is wrong: call a technician to correct "
        "printer_url"),
    "port_not_serial": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The printer address in the kiosk settings is wrong: call a technician to correct "
        "printer_url"),
    "link_lost": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "Lost the connection to the printer: check the printer's power and cable, then check "
        "the cup and print again"),
    "printer_restarted": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The printer restarted and cancelled the print: serve a fresh cup and print again"),
    "protocol_version": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The printer and the kiosk speak different protocol versions: call a technician to "
        "update the printer or the kiosk"),
    "protocol_error": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The printer gave an unexpected answer: try again; if it repeats, restart the printer "
        "and call a technician"),
    "driver_closed": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The printer connection was closed: wait until the printer is connected again, then "
        "print again"),
    "printer_busy": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The printer is busy with another print: wait for it to finish, or cancel it on the "
        "printer screen, then print again"),
    "job_corrupt": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The picture arrived damaged at the printer and was not printed: print again; if it "
        "repeats, call a technician to check the cable"),
    "job_rejected": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The printer cannot print this picture: choose another design; a technician should "
        "check the cup profile"),
    "job_not_found": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The print stopped unexpectedly: check the cup, then press Reprint; call a technician "
        "if it repeats"),
    "aborted": QT_TRANSLATE_NOOP(
        "PrinterErrors", "The print was cancelled: serve a fresh cup and print again when ready"),
    "stalled": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The printer stopped making progress: check the printer and the cup, cancel the print "
        "on the printer, and print again"),
    "cup_missing": QT_TRANSLATE_NOOP(
        "PrinterErrors", "No cup under the printer: place the cup and press Print again"),
    "cup_removed": QT_TRANSLATE_NOOP(
        "PrinterErrors", "Cup removed during printing: place the cup and reprint"),
    "powder_empty": QT_TRANSLATE_NOOP(
        "PrinterErrors", "{powder} is empty: refill it, then press Continue"),
    "powder_insufficient": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "{powder} is too low for this picture: refill it, then press Print again"),
    "jam": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The print head is jammed: switch the printer off, clear the jam, switch it on and "
        "print again; call a technician if it repeats"),
    "printer_fault": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The printer reports a problem ({faults}): check it, then press Continue; call a "
        "technician if it repeats"),
    # The print service's own.
    "not_connected": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The printer is not connected: check its power and cable, then press Print again"),
    "no_mask": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "This order's picture is no longer stored: cancel the order and ask the customer to "
        "order again"),
    "kiosk_stopped": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The kiosk stopped during this print: check the cup, then press Reprint"),
    "unexpected": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The print stopped unexpectedly: check the cup, then press Reprint; call a technician "
        "if it repeats"),
}

# Where nothing reached the foam (the failure's print_started is False) the cup is still
# clean: these codes then say so instead of "serve a fresh cup".
_NOTHING_PRINTED_WORDS: dict[str, str] = {
    "link_lost": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "Lost the connection to the printer before anything was printed: check its power and "
        "cable, then press Print again"),
    "printer_restarted": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The printer restarted before printing anything: press Print again"),
    "aborted": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The print was cancelled before anything was printed: print again when ready"),
    "cup_removed": QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "A cup was lifted during an earlier print: place the cup, then press Continue"),
}

# Sentences an older version stored with an order (the driver's English); kept so that such
# orders still read in Korean. New failures are stored as codes (PrintFailure).
_LEGACY_MESSAGES = (
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


def error_words(code: str, params: Mapping[str, ParamValue] | None = None, *,
                print_started: bool = True) -> str:
    """What a print failure ``code`` says, in the current language, with its ``params``
    filled in. ``print_started`` False picks the words for "nothing reached the foam"
    where they differ. An unknown code (a newer driver's) gets the generic words."""
    params = params or {}
    source = (None if print_started else _NOTHING_PRINTED_WORDS.get(code)) or _ERROR_WORDS.get(
        code, _ERROR_WORDS["unexpected"])
    return translate(ERROR_CONTEXT, source).format(
        powder=powder_name(str(params.get("powder") or "powder")),
        faults=params.get("faults") or code,
    )


def failure_words(failure: PrintFailure) -> str:
    """A :class:`PrintFailure` in words, in the current language."""
    return error_words(failure.code, failure.params, print_started=failure.print_started)


def printer_message(text: str | None) -> str:
    """A stored (or signalled) print failure in the current language: a failure record by
    its code; a sentence an older version stored, by the legacy table (as is if unknown)."""
    if not text:
        return ""
    failure = PrintFailure.from_record(text)
    if failure is not None:
        return failure_words(failure)
    for prefix, plain in _BY_PREFIX:
        if text.startswith(prefix) and text != plain:
            text = plain
            break
    else:
        if " is not a serial port" in text:  # starts with the port's name
            text = _WRONG_ADDRESS
    return translate(MESSAGE_CONTEXT, text)


# One line per fault of printer_driver.faults.FAULT_TABLE, by name. {powder}: as above.
_FAULT_WORDS: dict[str, str] = {
    "jam": QT_TRANSLATE_NOOP(
        "BaristaFaults",
        "The print head is jammed: switch the printer off, clear the jam, switch it on, "
        "then press Continue"),
    "cup_removed": QT_TRANSLATE_NOOP(
        "BaristaFaults", "The cup was lifted during printing: place a cup, then press Continue"),
    "cup_missing": QT_TRANSLATE_NOOP("BaristaFaults", "No cup under the printer: place a cup"),
    "cocoa_empty": QT_TRANSLATE_NOOP(
        "BaristaFaults", "{powder} is empty: refill it, then press Continue"),
    "cinnamon_empty": QT_TRANSLATE_NOOP(
        "BaristaFaults", "{powder} is empty: refill it, then press Continue"),
    "job_corrupt": QT_TRANSLATE_NOOP(
        "BaristaFaults",
        "A picture arrived damaged and was sent again: a technician should check the cable "
        "if this repeats"),
    "buffer_overflow": QT_TRANSLATE_NOOP(
        "BaristaFaults",
        "The printer's buffer overflowed: a technician should check the kiosk software"),
    "cocoa_low": QT_TRANSLATE_NOOP("BaristaFaults", "{powder} is running low: refill it soon"),
    "cinnamon_low": QT_TRANSLATE_NOOP("BaristaFaults", "{powder} is running low: refill it soon"),
}


def fault_message(code: str) -> str:
    """One line for the printer fault named ``code`` ("cinnamon_empty", "cup_missing", …;
    see ``printer_driver.faults``), in the current language."""
    source = _FAULT_WORDS.get(code)
    if source is None:
        return translate(
            "BaristaFaults", "The printer reports a problem ({code}): check it, then press Continue"
        ).format(code=code)
    powder = code.rsplit("_", 1)[0]
    return translate(FAULT_CONTEXT, source).format(powder=powder_name(powder))


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


# The sentence schema 1 stored for a print the kiosk's restart cut short; the store now keeps
# the code "kiosk_restarted" (kiosk/orders/outcome.py) and these words stay its words.
_KIOSK_RESTARTED = (
    "The kiosk stopped during this print (power cut or restart). "
    "Check the cup, then press Reprint or Cancel.")


def stored_error_words(code: str | None, params: Mapping[str, ParamValue] | None = None, *,
                       print_started: bool = True) -> str:
    """An order's stored outcome (its ``error_code`` and ``error_params``) in the current
    language; "" for none. ``print_started``: the order is INTERRUPTED (something may be on
    the foam) rather than FAILED. An outcome stored as a sentence before codes (``legacy``)
    reads through the legacy table."""
    if not code:
        return ""
    params = params or {}
    if code == "legacy":
        return printer_message(str(params.get("text") or ""))
    if code == "kiosk_restarted":
        return translate(MESSAGE_CONTEXT, _KIOSK_RESTARTED)
    return error_words(code, params, print_started=print_started)
