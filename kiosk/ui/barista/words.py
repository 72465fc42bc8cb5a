"""Plain words for the barista: order states, printer faults and print failures.

Print failures arrive as codes with parameters (:class:`kiosk.printing.outcome.PrintFailure`:
the driver's ``ErrorCode`` values and the print service's ``ServiceCode``); the store keeps
the same code and parameters with each order. :func:`error_words` looks the code up in
:data:`_ERROR_WORDS` (context "PrinterErrors") and fills in the parameters, so an order reads
in either language and a reworded sentence can never fall back to English. Faults are words
keyed by the fault's name in ``printer_driver.faults`` (context "BaristaFaults"). Tests check
that every code and every fault has words, in both languages.

No sentence is ever matched: an outcome an older version stored as an English sentence (the
store's code ``legacy``) reads as the words for that code, not as the sentence.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from kiosk.orders.menu import format_price
from kiosk.orders.model import OrderState
from kiosk.orders.outcome import KIOSK_RESTARTED, LEGACY, SUPERSEDED
from kiosk.printing.outcome import PrintFailure, ServiceCode
from kiosk.ui.i18n import QT_TRANSLATE_NOOP
from printer_driver.errors import ParamValue

translate = QCoreApplication.translate

STATE_CONTEXT = "BaristaStates"
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
    # The print service's own (kiosk.printing.outcome.ServiceCode).
    ServiceCode.NOT_CONNECTED.value: QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The printer is not connected: check its power and cable, then press Print again"),
    ServiceCode.NO_MASK.value: QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "This order's picture is no longer stored: cancel the order and ask the customer to "
        "order again"),
    ServiceCode.KIOSK_STOPPED.value: QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The kiosk stopped during this print: check the cup, then press Reprint"),
    ServiceCode.UNEXPECTED.value: QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The print stopped unexpectedly: check the cup, then press Reprint; call a technician "
        "if it repeats"),
    # The order store's own (kiosk.orders.outcome).
    KIOSK_RESTARTED: QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "The kiosk stopped during this print (power cut or restart). Check the cup, then "
        "press Reprint or Cancel."),
    SUPERSEDED: QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "A newer print of this order replaced this one: check the cup, then press Reprint "
        "or Cancel."),
    LEGACY: QT_TRANSLATE_NOOP(
        "PrinterErrors",
        "This print stopped before the kiosk was updated: check the cup, then press Reprint "
        "or Cancel."),
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

def state_words(state: OrderState | str) -> str:
    """The order state as the barista reads it, in the current language."""
    return translate(STATE_CONTEXT, _STATE_WORDS[OrderState(state)])


def powder_name(powder: str) -> str:
    """"Cocoa"/"Cinnamon" in the current language (unknown names pass through)."""
    text = _POWDER_WORDS.get(powder)
    return translate(POWDER_CONTEXT, text) if text else powder


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


# A few words per blocking fault for the status line ("Printer stopped: ..."); the fault
# banner under it says what to do.
_FAULT_TITLES: dict[str, str] = {
    "jam": QT_TRANSLATE_NOOP("BaristaFaults", "the print head is jammed"),
    "cup_removed": QT_TRANSLATE_NOOP("BaristaFaults", "the cup was lifted"),
    "cocoa_empty": QT_TRANSLATE_NOOP("BaristaFaults", "{powder} is empty"),
    "cinnamon_empty": QT_TRANSLATE_NOOP("BaristaFaults", "{powder} is empty"),
}


def fault_title(code: str) -> str:
    """A few words naming the fault ``code`` ("the print head is jammed"), in the current
    language; an unknown fault (a newer firmware's) by its name."""
    source = _FAULT_TITLES.get(code)
    if source is None:
        return translate("BaristaFaults", "a problem ({code})").format(code=code)
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


def stored_error_words(code: str | None, params: Mapping[str, ParamValue] | None = None, *,
                       print_started: bool = True) -> str:
    """An order's stored outcome (its ``error_code`` and ``error_params``) in the current
    language; "" for none. ``print_started``: the order is INTERRUPTED (something may be on
    the foam) rather than FAILED."""
    if not code:
        return ""
    return error_words(code, params, print_started=print_started)


def progress_words(done: int, total: int, seconds_left: float) -> str:
    """A print's progress: "Row 12 of 254 · About 9 s left" (``seconds_left`` < 0: not
    known yet), or that the picture is still being sent."""
    if total <= 0 or done <= 0:
        return translate("BaristaQueue", "Sending the picture to the printer…")
    text = translate("BaristaQueue", "Row {done} of {total}").format(done=done, total=total)
    left = time_left_words(seconds_left if seconds_left >= 0 else None)
    return f"{text} · {left}" if left else text


def payment_words(paid: bool, price_won: int | None, language: str) -> str:
    """The payment toggle's two lines: "Not paid" or "Paid ✓", and the price in won."""
    text = (translate("BaristaQueue", "Paid ✓") if paid
            else translate("BaristaQueue", "Not paid"))
    if price_won is None:
        return text
    return f"{text}\n{format_price(price_won, language)}"
