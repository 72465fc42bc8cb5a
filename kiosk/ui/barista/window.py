"""The barista's window: printer status, the fault banner, the queue, and the way to the
technician screen.

``BaristaWindow(context)`` takes the :class:`kiosk.ui.context.AppContext` (store, printer
service, menu, language, clocks). The queue is re-read from the order store once a second
(orders arrive from the customer window), in the background (:mod:`.queue_feed`: the read and
new orders' pictures off the GUI thread), and at once after anything the barista does; only
the cards whose words change are updated. Nothing prints unless the barista taps a card's
Print button; cancelling and stopping ask first.

Pages (one at a time, full window): the orders, a confirmation question, the PIN pad, the
technician view, and the "set the staff codes" step, shown instead of the orders while a real
printer is configured and a staff code is still its factory default
(:meth:`kiosk.staff.access.StaffAccess.gate`).

Sizes follow the window like the customer's (:func:`kiosk.ui.barista.style.staff_look`:
the layout band of :mod:`kiosk.ui.layouts`, touch sizes from the screen's density); the
queue (:mod:`kiosk.ui.barista.queue`) scrolls under a finger, the printing order on top.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QImage, QResizeEvent
from PySide6.QtWidgets import (
    QVBoxLayout,
    QWidget,
)

from kiosk.orders.errors import StoreError
from kiosk.orders.model import Order, OrderState
from kiosk.printing.views import PrinterStatusView
from kiosk.staff.access import CodeGate, Door, StaffAccess
from kiosk.ui.barista import questions
from kiosk.ui.barista.confirm import ConfirmPage
from kiosk.ui.barista.counter_actions import CounterActions
from kiosk.ui.barista.counter_panel import PayFirstPage
from kiosk.ui.barista.order_card import OrderCard
from kiosk.ui.barista.orders_page import OrdersPage
from kiosk.ui.barista.pin_page import CodePage
from kiosk.ui.barista.printer_check import PrinterCheck
from kiosk.ui.barista.queue import OrderQueue, PreviewCache, card_words, drink_name
from kiosk.ui.barista.queue_feed import QueueFeed, QueueRead
from kiosk.ui.barista.setup_codes import StaffCodesSetup
from kiosk.ui.barista.style import StaffLook, staff_look, style_sheet
from kiosk.ui.barista.technician import TechnicianView
from kiosk.ui.context import AppContext
from kiosk.ui.i18n import Retranslatable
from kiosk.ui.layouts import density
from kiosk.ui.widgets import PageStack

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

REFRESH_MS = 1000


class BaristaWindow(Retranslatable, QWidget):
    """The barista's screen; see the module docstring.

    Signals:
        codes_changed(): a staff code was changed here (the orders gate may have opened).
    """

    codes_changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.store = context.store
        self.printer = context.printer
        self.setObjectName("BaristaRoot")
        self.look: StaffLook | None = None  # set by apply_look, from the window's size
        if context.staff is None:  # one StaffAccess per kiosk: its lockouts live in memory too
            context.staff = StaffAccess.for_config(context.config)
        self.staff: StaffAccess = context.staff
        self._closed = False
        self.previews = PreviewCache(self.store)
        # What each card shows was drawn from (see queue.card_words): a card is updated only
        # when that changes (200 cards re-worded every second held the GUI thread 30 ms).
        self._shown: dict[int, tuple[object, ...]] = {}
        self.feed = QueueFeed(self.store, self)
        self.feed.ready.connect(self._queue_read)
        self._decoded: dict[int, QImage | None] = {}
        self._status: PrinterStatusView = self.printer.status
        self.undo_seconds = context.config.served_undo_seconds

        # --- the orders page ---
        self.queue = OrderQueue(self._make_card)
        self.cards = self.queue.cards  # order id -> its card (the queue keeps them)
        self.empty_label = self.queue.empty_label
        self.queue_scroll = self.queue.area
        page = self.orders_page = OrdersPage(context.i18n, self.queue)
        self.title, self.status_panel = page.title, page.status_panel
        self.language_button, self.technician_button = (page.language_button,
                                                        page.technician_button)
        self.fault_banner, self.store_banner = page.fault_banner, page.store_banner
        self.store_message, self.receipt_line = page.store_banner.message, page.receipt_line
        self.printer_check: PrinterCheck | None = None
        if context.calibration is not None:
            # The daily check in the top bar, over the printer's status: no height taken
            # from the queue.
            self.printer_check = PrinterCheck(context.calibration)
            page.place_check(self.printer_check, in_top_bar=True)
        self._check_in_top_bar = True
        self.technician_button.clicked.connect(self.open_pin)
        self.fault_banner.continueClicked.connect(self.printer.clear_fault)
        self.fault_banner.fixClicked.connect(self.printer.fix_by_hand)
        self.printer.faultRemains.connect(self.fault_banner.fault_remains)
        self.printer.storeProblem.connect(self._set_store_problem)
        self.counter = context.counter  # CounterBridge or None
        self.desk = CounterActions(self.counter, self.refresh, self.cards.get)
        if self.counter is not None:
            self.counter.receiptResult.connect(self.receipt_line.show_result)
            self.counter.readyChanged.connect(lambda _called: self.refresh())

        # --- the other pages ---
        self.confirm_page = ConfirmPage()
        self.confirm_page.answered.connect(lambda _yes: self.show_orders())
        self.pay_first_page = PayFirstPage()
        self.pay_first_page.answered.connect(lambda _answer: self.show_orders())
        self.pin_page = CodePage(self.staff, Door.TECHNICIAN)
        self.pin_page.accepted.connect(lambda _role: self.open_technician())
        self.pin_page.cancelled.connect(self.show_orders)
        self.technician = TechnicianView(self.printer, self.staff,
                                         calibration=context.calibration)
        self.technician.closed.connect(self.show_orders)
        self.technician.exitRequested.connect(self.ask_exit)
        self.technician.codes_changed.connect(self.codes_changed)
        self.setup_page = StaffCodesSetup(self.staff)
        self.setup_page.codes_changed.connect(self.codes_changed)
        self.setup_page.finished.connect(self.show_orders)

        # As large as the page shown (a QStackedWidget asks for its largest page's size,
        # which made the window taller than an 800x480 panel).
        self.pages = PageStack()
        for shown in (self.orders_page, self.confirm_page, self.pay_first_page, self.pin_page,
                      self.technician, self.setup_page):
            self.pages.addWidget(shown)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

        # --- wiring ---
        self.printer.statusChanged.connect(self._on_status)
        self.printer.progress.connect(self._on_progress)
        self.printer.printFinished.connect(lambda _id: self.refresh())
        self.printer.printFailed.connect(lambda _id, _msg: self.refresh())
        self.printer.busyChanged.connect(lambda _busy: self.refresh())
        self.printer.connectionChanged.connect(lambda _c: self.refresh())
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        self.resize(1280, 900)
        self.apply_look(self._look_now())
        self.retranslate()
        self._on_status(self._status)
        self.show_orders()  # or the "set the staff codes" step, if the codes need it

    # --- navigation ---

    def show_orders(self) -> None:
        """Back to the queue (the "set the staff codes" step first, while it is due)."""
        if not self.staff.gate().takes_orders:
            self.open_setup()
            return
        self.pages.setCurrentWidget(self.orders_page)
        self.refresh()

    def open_setup(self) -> None:
        """The "set the staff codes" step."""
        if self.pages.currentWidget() is not self.setup_page:
            self.setup_page.start()
            self.pages.setCurrentWidget(self.setup_page)
        self.setup_page.refresh()

    def set_gate(self, gate: CodeGate) -> None:
        """The orders gate changed (a code reset from the shell, say): the queue gives way
        to the setup step at once; the step offers the queue again once it opens."""
        if not gate.takes_orders and self.pages.currentWidget() is self.orders_page:
            self.open_setup()
        elif self.pages.currentWidget() is self.setup_page:
            self.setup_page.refresh()

    def end_session(self) -> None:
        """The staff session ended (idle, or Back, on a single-screen kiosk): nothing typed or
        half-done stays for the next person, and the next session starts at the queue."""
        self.pin_page.reset()
        self.technician.leave()
        self.setup_page.start()
        self.show_orders()

    def open_pin(self) -> None:
        """The Technician button: ask for the PIN."""
        self.pin_page.reset()
        self.pages.setCurrentWidget(self.pin_page)

    def open_technician(self) -> None:
        """The right PIN was typed."""
        self.technician.refresh_code_state()
        self.pages.setCurrentWidget(self.technician)

    # --- the barista's actions ---

    def print_order(self, order_id: int) -> bool:
        """Print (or reprint) an order: the barista said the cup is in place."""
        if self.printer.busy:
            return False
        try:
            started = self.printer.print_order(order_id)
        except StoreError as exc:  # e.g. a full disk: say so in words
            log.error("could not start printing order %s: %s", order_id, exc)
            self._set_store_problem(exc)
            started = False
        except Exception:  # an order moved on meanwhile (cancelled elsewhere): just refresh
            log.exception("could not start printing order %s", order_id)
            started = False
        else:
            self._set_store_problem(None)
        self.refresh()
        return started

    def ask_cancel(self, order_id: int) -> None:
        """Cancel asks first: "Cancel order 012?"."""
        questions.ask_cancel(self.confirm_page, self.store.get(order_id).ticket,
                             lambda yes: self._cancel(order_id) if yes else None)
        self.pages.setCurrentWidget(self.confirm_page)

    def ask_stop(self, order_id: int) -> None:
        """Stopping a print asks first: the cup will be half printed."""
        questions.ask_stop(self.confirm_page, self.store.get(order_id).ticket,
                           lambda yes: self.printer.abort() if yes else None)
        self.pages.setCurrentWidget(self.confirm_page)

    def ask_print_again(self, order_id: int) -> None:
        """A printed order printed once more (a smudged picture) asks first: the printed cup
        must not be under the printer."""
        questions.ask_print_again(self.confirm_page, self.store.get(order_id).ticket,
                                  lambda yes: self._print_if(yes, order_id))
        self.pages.setCurrentWidget(self.confirm_page)

    def _print_if(self, yes: bool, order_id: int) -> None:
        if yes:
            # After this answer has taken the window back to the orders: the powder check
            # may ask a question of its own.
            QTimer.singleShot(0, lambda: self.tap_print(order_id))

    def tap_print(self, order_id: int) -> None:
        """The barista tapped Print: print at once, or first ask when a powder may run out
        during this cup (by the printer's levels and this machine's doses)."""
        try:
            short = self.printer.shortfall(order_id)
        except StoreError as exc:  # the print itself will say so in words
            log.error("could not read order %s to check the powders: %s", order_id, exc)
            short = {}
        if not short:
            self.print_order(order_id)
            return
        questions.ask_powder_short(self.confirm_page, self.store.get(order_id).ticket, short,
                                   lambda yes: self._print_now_if(yes, order_id))
        self.pages.setCurrentWidget(self.confirm_page)

    def _print_now_if(self, yes: bool, order_id: int) -> None:
        if yes:
            self.print_order(order_id)

    def ask_exit(self) -> None:
        """The technician wants to close the kiosk: ask first, then ``context.request_exit``."""
        questions.ask_exit(self.confirm_page, self.printer.busy, self._exit_answer)
        self.pages.setCurrentWidget(self.confirm_page)

    def _exit_answer(self, yes: bool) -> None:
        if yes:
            self.context.request_exit()
        else:
            QTimer.singleShot(0, self.open_technician)

    def _cancel(self, order_id: int) -> None:
        self._write(order_id, OrderState.CANCELLED)
        self.desk.board_changed(order_id)
        self.refresh()

    # --- the counter: paid, ready, and "not paid yet" before Served ---

    def set_paid(self, order_id: int, paid: bool) -> None:
        """The card's payment toggle: stored at once."""
        self.desk.set_paid(order_id, paid)

    def call_ready(self, order_id: int) -> None:
        """Ready (or Call again): the number goes on the attract screen, with the chime."""
        self.desk.call_ready(order_id)

    def ask_pay_first(self, order_id: int) -> None:
        """Served on an unpaid order: "paid now", "serve without payment" or "back"."""
        if self.desk.ask_pay_first(self.pay_first_page, order_id,
                                   self.context.i18n.language):
            self.pages.setCurrentWidget(self.pay_first_page)

    def _write(self, order_id: int, state: OrderState) -> None:
        try:
            self.store.transition(order_id, state)
        except StoreError as exc:  # a full or read-only disk: the barista reads why
            log.error("could not mark order %s %s: %s", order_id, state.value, exc)
            self._set_store_problem(exc)
        except Exception:
            log.exception("could not mark order %s %s", order_id, state.value)
        else:
            self._set_store_problem(None)

    @property
    def store_problem(self) -> StoreError | None:
        """What the order store refused last (shown in the yellow box), or None."""
        return self.store_banner.problem

    def _set_store_problem(self, error: StoreError | None, *, from_read: bool = False) -> None:
        self.store_banner.set_problem(error, from_read=from_read)

    def serve(self, order_id: int) -> None:
        """The printed cup was handed over (the card's undo window has ended)."""
        if self._closed:  # closing: the order stays PRINTED, nothing is lost
            return
        self._write(order_id, OrderState.SERVED)
        self.desk.board_changed(order_id)  # collected: off the board
        self.refresh()

    # --- updates ---

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self.context.clock(), UTC)

    def blocked_reason(self, order: Order) -> str:
        """Why this order cannot be printed right now ("" if it can)."""
        if self.printer.busy and self.printer.printing_order != order.id:
            return translate("BaristaWindow", "Wait: the printer is busy with another cup.")
        if not self._status.connected:
            return translate("BaristaWindow", "Wait: the printer is not connected.")
        if self._status.has_fault:
            return translate("BaristaWindow",
                             "First fix the printer (the yellow box), then press Continue.")
        if self._status.cup_missing and self.printer.printing_order != order.id:
            return translate("BaristaWindow", "Place the cup under the printer first.")
        return ""

    def refresh(self) -> None:
        """Re-read the queue from the store now (the barista's own tap shows at once) and
        update the cards whose words changed."""
        if self._closed:
            return
        self.feed.supersede()  # a background read started before this one is older
        try:
            queue = self.store.list_queue()
        except Exception as exc:
            self._read_failed(exc)
            return
        self._show_queue(queue, {})

    def poll(self) -> None:
        """The once-a-second re-read, made in the background (``_queue_read`` shows it)."""
        if not self._closed:
            self.feed.request(self.previews.ids())

    def _queue_read(self, read: QueueRead) -> None:
        if self._closed:
            return
        if read.error is not None:
            self._read_failed(read.error)
            return
        self._show_queue(read.orders, read.previews)

    def _read_failed(self, exc: Exception) -> None:
        if isinstance(exc, StoreError):  # keep the screen up, say why; the next tick tries again
            log.error("could not read the queue: %s", exc)
            self._set_store_problem(exc, from_read=True)
        else:  # keep the screen up; the next tick tries again
            log.error("could not read the queue", exc_info=exc)

    def _show_queue(self, queue: list[Order], decoded: dict[int, QImage | None]) -> None:
        """Show ``queue``: new cards, moved cards (the printing one on top), changed cards,
        gone cards."""
        if self.store_problem is not None and self.store_banner.from_read:
            self._set_store_problem(None)
        now = self._now()
        language = self.context.i18n.language
        self._decoded = decoded  # for the cards _make_card builds now
        by_id = {o.id: o for o in queue}
        changed: list[OrderCard] = []
        for card in self.queue.show_orders(queue, self.printer.printing_order):
            order = by_id[card.order.id]
            name = drink_name(self.context.menu, order.drink_id, language)
            blocked = self.blocked_reason(order)
            words = card_words(order, name, language, blocked, now)
            if self._shown.get(order.id) != words:
                self._shown[order.id] = words
                changed.append(card)
                card.drink_name = name
                card.language = language
                if not order.has_images:
                    card.set_preview(None)
                card.update_order(order, now, blocked_reason=blocked)
            if order.state is OrderState.PRINTING and self.printer.printing_order == order.id:
                progress = self.printer.last_progress
                if progress is not None:
                    card.set_progress(*progress)
        self._decoded = {}
        self.previews.keep_only(by_id)
        for order_id in [i for i in self._shown if i not in by_id]:
            del self._shown[order_id]
        self.queue.fit_cards(changed)
        self._update_status_panel()

    def _make_card(self, order: Order) -> OrderCard:
        language = self.context.i18n.language
        card = OrderCard(order, drink_name(self.context.menu, order.drink_id, language),
                         self.previews.get(order, self._decoded), undo_seconds=self.undo_seconds,
                         counter=self.counter is not None, language=language)
        if self.look is not None:
            card.set_preview_px(self.look.preview_px)
        card.paidToggled.connect(self.set_paid)
        card.readyClicked.connect(self.call_ready)
        card.servedUnpaidClicked.connect(self.ask_pay_first)
        card.printClicked.connect(self.tap_print)
        card.cancelClicked.connect(self.ask_cancel)
        card.stopClicked.connect(self.ask_stop)
        card.servedConfirmed.connect(self.serve)
        card.againClicked.connect(self.ask_print_again)
        return card

    def _fit_cards(self) -> None:
        # Cards put their buttons under the words when the queue is too narrow for them
        # beside (a 1024 px counter screen, a portrait kiosk, Korean words of another length).
        self.queue.fit_cards()

    def _look_now(self) -> StaffLook:
        screen = self.screen()
        reported = screen.physicalDotsPerInch() if screen is not None else None
        dens = density(self.context.config.screen.dpi, reported)
        return staff_look(self.width(), self.height(), dens)

    def apply_look(self, look: StaffLook) -> None:
        """Restyle every page for ``look`` (the window's band changed)."""
        if look == self.look:
            return
        self.look = look
        self.setStyleSheet(style_sheet(look))
        self.orders_page.set_look(look)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.apply_look(self._look_now())
        landscape = self.width() >= self.height()
        if self.printer_check is not None and landscape != self._check_in_top_bar:
            self._check_in_top_bar = landscape
            self.orders_page.place_check(self.printer_check, in_top_bar=landscape)
        self._fit_cards()

    def _ticket_of(self, order_id: int | None) -> str | None:
        card = self.cards.get(order_id) if order_id is not None else None
        return card.order.ticket if card is not None else None

    def _update_status_panel(self) -> None:
        self.status_panel.set_status(
            self._status, printing_ticket=self._ticket_of(self.printer.printing_order))
        self.fault_banner.set_status(self._status, self.printer.fixable_by_hand())

    def _on_status(self, view: PrinterStatusView) -> None:
        before = (self._status.has_fault, self._status.cup_missing, self._status.connected)
        self._status = view
        self._update_status_panel()
        if before != (view.has_fault, view.cup_missing, view.connected):
            self.refresh()  # Print buttons follow the printer at once, not a second later

    def _on_progress(self, order_id: int, done: int, total: int, left: float) -> None:
        card = self.cards.get(order_id)
        if card is not None:
            if card.order.state is not OrderState.PRINTING:
                self.refresh()
            card.set_progress(done, total, left)

    # --- text and life cycle ---

    def retranslate(self) -> None:
        self.setWindowTitle(translate("BaristaWindow", "Photo Latte — Barista"))
        self.title.setText(translate("BaristaWindow", "Orders"))
        self.technician_button.setText(translate("BaristaWindow", "Technician"))
        self.empty_label.setText(translate("BaristaWindow", "No orders waiting."))
        self._set_store_problem(self.store_problem, from_read=self.store_banner.from_read)
        if hasattr(self, "timer"):  # built: re-read the queue so every card's words follow
            self.refresh()

    def shutdown(self) -> None:
        """Stop the refresh timer and wait for PIN threads (the app closes)."""
        self._closed = True
        self.timer.stop()
        self.feed.close()
        for card in self.cards.values():  # an open undo window ends without serving
            card.stop_undo_window()
        self.pin_page.join()
        self.technician.join()
        self.setup_page.change_code.join()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
