"""The customer's steps, as the customer window takes them: drink, consent, photo or design,
the review's choices, confirming, and what idle means on each screen.

:class:`FlowSteps` is a mixin of :class:`kiosk.ui.customer.window.CustomerWindow` (it uses
the window's screens, session and workers); the window wires the screens' signals to these
methods in ``_wire``.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, SignalInstance

from kiosk.orders.model import PHOTO_DESIGN
from kiosk.ui.customer import services
from kiosk.ui.customer.base import translate
from kiosk.ui.customer.session import CustomerSession

if TYPE_CHECKING:
    from kiosk.counter.payment import PaymentOutcome
    from kiosk.imaging.faces import FacePick
    from kiosk.orders.menu import Drink
    from kiosk.orders.model import Order
    from kiosk.ui.context import AppContext
    from kiosk.ui.customer.capture import CameraScreen
    from kiosk.ui.customer.consent import ConsentScreen
    from kiosk.ui.customer.idle import IdleOverlay, IdleWatcher
    from kiosk.ui.customer.review import ReviewScreen
    from kiosk.ui.customer.ticket import TicketScreen
    from kiosk.ui.workers import JobWorker
    from printer_driver.powders import PowderSet

log = logging.getLogger(__name__)


class FlowSteps:
    """The steps between screens (a mixin: the window provides what is declared here)."""

    context: AppContext
    session: CustomerSession
    consent: ConsentScreen
    camera_screen: CameraScreen
    review: ReviewScreen
    ticket: TicketScreen
    idle: IdleWatcher
    idle_overlay: IdleOverlay
    jobs: JobWorker
    max_retakes: int
    consent_writes: list[Future]
    idle_deferrals: int
    _writer: ThreadPoolExecutor
    _busy_retry: QTimer
    _idle_stage: str
    _token: int
    _save_token: int | None
    _saving: bool

    order_placed: SignalInstance
    if TYPE_CHECKING:  # provided by the window and the other mixins
        def go(self, name: str) -> None: ...
        def reset(self) -> None: ...
        def _submit_render(self) -> None: ...
        @property
        def current_screen(self) -> str: ...

    # --- choosing ------------------------------------------------------------------------

    def _drink_chosen(self, drink: Drink) -> None:
        self.session.drink = drink
        self.go("consent")

    def _consent(self, accepted: bool, *, phone: bool = False) -> None:
        from kiosk.orders import consent_text

        store, language = self.context.store, self.context.i18n.language
        # The wording shown names the phone when the kiosk offers it: log which one.
        version = consent_text.version(phone=self.consent.phone_offered)

        def record() -> None:
            try:
                store.record_consent(version, language, accepted)
            except Exception:  # the log is for accountability; the customer is not stuck
                log.exception("could not record the consent answer")

        # A committed write syncs to disk (10-100 ms): not on the GUI thread.
        self.consent_writes.append(self._writer.submit(record))
        del self.consent_writes[:-8]
        self.session.consented = accepted
        if accepted and phone:
            self.go("phone")
        elif accepted:
            self.go("camera")
        else:
            self.session.drop_images()
            self.go("designs")

    def _design_chosen(self, name: str) -> None:
        self.session.drop_images()
        self.session.design = name
        self.session.darkness = 0.0
        self._show_review()
        self._submit_render()

    def _retake(self) -> None:
        if not self.session.is_photo:
            self.go("designs")
            return
        if self.retakes_left <= 0:
            return
        self._token += 1
        self.session.drop_images()
        self.go("phone" if self.session.source == "phone" else "camera")

    def _review_back(self) -> None:
        # Photo: "Use a design instead"; design: back to the designs. Neither way leads
        # back to the camera, so the retake limit holds.
        self._token += 1
        self.session.drop_images()
        self.go("designs")

    def _start_over(self) -> None:
        """"Start over" on the review: everything of this visit goes, as after idle."""
        self.reset()

    @property
    def retakes_left(self) -> int:
        """Photos the customer may still retake (``max_retakes`` after the first)."""
        return max(0, self.max_retakes - self.session.retakes_used)

    @property
    def can_shoot(self) -> bool:
        """True while the customer may take a (first or another) photo."""
        return self.session.shots == 0 or self.retakes_left > 0

    def _powders_chosen(self, powders: PowderSet) -> None:
        if powders == self.session.powders:
            return
        self.session.powders = powders
        self._show_review()
        self._submit_render()

    def _faces_chosen(self, pick: FacePick) -> None:
        """"All of us" or one tapped face: frame them (the faces found stay as they are)."""
        if not self.session.is_photo or pick == self.session.faces:
            return
        self.session.faces = pick
        self._show_review()
        self._submit_render()

    def _darkness_changed(self, steps: int) -> None:
        if self.session.set_darkness(steps):
            self._show_review()
            self._submit_render()

    def _review_design(self, name: str) -> None:
        """Another design picked on the review itself."""
        if self.session.is_photo or name == self.session.design:
            return
        self._design_chosen(name)

    def _show_review(self) -> None:
        self.review.set_drink(self.session.drink)
        self.review.show_choices(is_photo=self.session.is_photo, powders=self.session.powders,
                                 darkness=self.session.darkness, retakes_left=self.retakes_left,
                                 from_phone=self.session.source == "phone",
                                 design=self.session.design)
        self.go("review")

    # --- confirming ----------------------------------------------------------------------

    def _confirm(self) -> None:
        """Store the order in the background (SQLite syncs to disk: 10-300 ms), then show
        the ticket; the ticket appears only once the order is committed."""
        s = self.session
        if s.mask is None or s.drink is None or self._saving:
            return
        self._token += 1
        self._save_token = self._token
        store, printer = self.context.store, self.context.printer
        counter = self.context.counter.service if self.context.counter is not None else None
        drink, mask, preview = s.drink, s.mask, s.preview
        design, darkness = s.design or PHOTO_DESIGN, s.darkness
        lang = self.context.i18n.language
        payment = counter.payment.name if counter is not None else "counter"

        def job() -> tuple[Order, float, PaymentOutcome | None]:
            order = store.create_order(
                drink_id=drink.id, mask=mask, preview=preview, design=design,
                darkness=darkness, lang=lang, price_won=drink.price_won, payment=payment)
            try:
                seconds = services.expected_wait_seconds(store, printer, order.id)
            except Exception:
                log.exception("could not estimate the wait")
                seconds = services.PRINT_SECONDS_ESTIMATE
            outcome: PaymentOutcome | None = None
            if counter is not None:
                try:  # the receipt is queued here; a broken printer never stops the ticket
                    outcome = counter.order_stored(order)
                except Exception:
                    log.exception("counter: could not start paying / the receipt")
            return order, seconds, outcome

        self._saving = True
        self.review.set_saving(True)
        self.jobs.submit(self._save_token, job)

    def _order_saved(self, order: Order, seconds: float,
                     outcome: PaymentOutcome | None = None) -> None:
        self._saving = False
        self.review.set_saving(False)
        s = self.session
        s.order = order
        s.drop_images()  # the store has the mask and a small preview; the photo goes now
        self.review.left()
        self.ticket.show_ticket(
            order.ticket, services.wait_minutes(seconds), drink=s.drink,
            price_won=order.price_won,
            payment=outcome.status if outcome is not None else None)
        self.go("ticket")
        self.order_placed.emit(order)

    def _order_failed(self, message: str) -> None:
        self._saving = False
        self.review.set_saving(False)
        log.error("could not store the order: %s", message)
        self.review.set_error(True)
        self.review.status.setText(translate(
            "CustomerReview", "Sorry, we could not take the order. Please ask at the counter."))

    # --- idle ----------------------------------------------------------------------------

    def _printing(self) -> bool:
        return self.context.printer.busy

    def _idle_due(self) -> None:
        """The idle timer, the warning's end, or the busy retry fired."""
        if self.current_screen in ("attract", "ticket"):
            self._busy_retry.stop()
            self._idle_stage = "none"
            return
        if self._printing():
            self.idle_deferrals += 1
            # Never reset during a print (a single-screen kiosk shares this window with
            # the barista); look again shortly.
            if self._idle_stage in ("none", "deferred-warning"):
                self._idle_stage = "deferred-warning"
            else:
                self._idle_stage = "deferred-reset"
            self._busy_retry.start()
            return
        self._busy_retry.stop()
        if self._idle_stage in ("none", "deferred-warning"):
            self._idle_stage = "warning"
            self.idle.disarm()
            self.camera_screen.cancel_countdown()
            self.idle_overlay.start()
        else:
            self.reset()

    def _idle_continue(self) -> None:
        self._idle_stage = "none"
        self._busy_retry.stop()
        self.idle.arm()
