"""The questions the barista window asks before something that cannot be taken back: cancel
an order, stop a print, print a printed order again, print when a powder may run out,
close the kiosk.

Each function puts its words (translated when shown, so a language switch reaches them) on
the :class:`~kiosk.ui.barista.confirm.ConfirmPage`; ``then(yes)`` runs on the answer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from kiosk.ui.barista.confirm import ConfirmPage
from kiosk.ui.barista.words import powder_name

translate = QCoreApplication.translate
Then = Callable[[bool], None]


def ask_cancel(page: ConfirmPage, ticket: str, then: Then) -> None:
    """"Cancel order 012?": the order leaves the queue and its picture is deleted."""
    page.ask(
        question=lambda: translate("BaristaWindow", "Cancel order {ticket}?").format(
            ticket=ticket),
        detail=lambda: translate(
            "BaristaWindow",
            "The order leaves the queue and its picture is deleted. This cannot be undone."),
        yes=lambda: translate("BaristaWindow", "Yes, cancel order {ticket}").format(
            ticket=ticket),
        no=lambda: translate("BaristaWindow", "No, keep it"),
        then=then,
    )


def ask_stop(page: ConfirmPage, ticket: str, then: Then) -> None:
    """"Stop printing order 012?": the cup will be half printed."""
    page.ask(
        question=lambda: translate("BaristaWindow", "Stop printing order {ticket}?").format(
            ticket=ticket),
        detail=lambda: translate(
            "BaristaWindow",
            "The picture on this cup stays unfinished. You can reprint it on a fresh cup."),
        yes=lambda: translate("BaristaWindow", "Yes, stop printing"),
        no=lambda: translate("BaristaWindow", "No, keep printing"),
        then=then,
    )


def ask_print_again(page: ConfirmPage, ticket: str, then: Then) -> None:
    """"Print order 012 again?": the printed cup must not be under the printer."""
    page.ask(
        question=lambda: translate("BaristaWindow", "Print order {ticket} again?").format(
            ticket=ticket),
        detail=lambda: translate(
            "BaristaWindow",
            "Take the printed cup away and put a fresh cup under the printer first."),
        yes=lambda: translate("BaristaWindow", "Yes, the fresh cup is in place"),
        no=lambda: translate("BaristaWindow", "No"),
        then=then,
        danger=False,
    )


def ask_powder_short(page: ConfirmPage, ticket: str,
                     short: dict[str, tuple[float, float]], then: Then) -> None:
    """"Order 012: cocoa may run out": ``short`` is ``{powder: (grams needed, grams
    left)}`` (:meth:`kiosk.printing.service.PrintService.shortfall`). A half-printed cup
    wastes the drink, so the barista chooses: refill first, or print anyway (the estimate
    is approximate)."""

    def detail() -> str:
        lines = [translate(
            "BaristaWindow",
            "{powder}: this cup needs about {needed:.1f} g, the printer has {left:.1f} g left.",
        ).format(powder=powder_name(p), needed=needed, left=left)
            for p, (needed, left) in sorted(short.items())]
        lines.append(translate(
            "BaristaWindow",
            "Refill the powder first, or print anyway: the picture may come out unfinished."))
        return "\n".join(lines)

    page.ask(
        question=lambda: translate(
            "BaristaWindow", "Order {ticket}: the powder may run out").format(ticket=ticket),
        detail=detail,
        yes=lambda: translate("BaristaWindow", "Print anyway"),
        no=lambda: translate("BaristaWindow", "Not now, I will refill first"),
        then=then,
        danger=False,
    )


def ask_exit(page: ConfirmPage, busy: bool, then: Then) -> None:
    """"Close the kiosk?" (``busy``: a print is running and will be stopped)."""
    page.ask(
        question=lambda: translate("BaristaWindow", "Close the kiosk?"),
        detail=lambda: (
            translate("BaristaWindow", "A print is running: it will be stopped. ")
            if busy else ""
        ) + translate("BaristaWindow", "Customers cannot order until it is started again."),
        yes=lambda: translate("BaristaWindow", "Yes, close the kiosk"),
        no=lambda: translate("BaristaWindow", "No, stay"),
        then=then,
    )
