"""The questions the barista window asks before something that cannot be taken back: cancel
an order, stop a print, print a printed order again, close the kiosk.

Each function puts its words (translated when shown, so a language switch reaches them) on
the :class:`~kiosk.ui.barista.confirm.ConfirmPage`; ``then(yes)`` runs on the answer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from kiosk.ui.barista.confirm import ConfirmPage

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
