"""The customer window: the screens in a stack, the flow between them, the idle reset.

Flow (every screen also has Back, and the language toggle sits in the top bar)::

    attract -> menu -> consent -yes-> camera -3-2-1-> review -confirm-> ticket -> attract
                         |--phone--> phone -QR, photo-^ ^  ^--retake (limited)--'
                         `--no--> designs --------------'

"phone" (a photo sent from the customer's phone) is offered only when the ``phone_upload``
setting is on and its server could start (:mod:`kiosk.phone`).

The photo exists only in :class:`~kiosk.ui.customer.session.CustomerSession`; leaving the
review for the ticket, an idle reset or "Done" drops it. Rendering and the camera run in
worker threads (:mod:`kiosk.ui.workers`, :mod:`kiosk.ui.customer.camera_feed`).
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.orders.model import PHOTO_DESIGN
from kiosk.ui.context import AppContext
from kiosk.ui.customer import services
from kiosk.ui.customer.base import Screen, translate
from kiosk.ui.customer.camera_feed import CameraFeed
from kiosk.ui.customer.capture import CameraScreen
from kiosk.ui.customer.consent import ConsentScreen, DesignScreen
from kiosk.ui.customer.idle import IdleOverlay, IdleWatcher
from kiosk.ui.customer.phone import PhoneLink, PhoneScreen, start_phone_service
from kiosk.ui.customer.review import ReviewScreen
from kiosk.ui.customer.session import CustomerSession
from kiosk.ui.customer.start import AttractScreen, MenuScreen
from kiosk.ui.customer.ticket import TicketScreen
from kiosk.ui.i18n import Retranslatable
from kiosk.ui.staff_hold import HOLD_MS, HoldGesture
from kiosk.ui.theme import COMPACT_BELOW_PX, STYLE_SHEET
from kiosk.ui.widgets import LanguageToggle, label, rgb_to_qimage
from kiosk.ui.workers import JobWorker, LivePreviewWorker

log = logging.getLogger(__name__)

SAMPLES_TOKEN = -1  # the start-up job drawing the design thumbnails
BUSY_RETRY_MS = 1000  # while a print runs, look again this often before an idle reset
STAFF_PRESS_MS = HOLD_MS  # hold the name this long: staff only, never by an accidental tap


def greeting_text() -> str:
    """The "text" design's greeting, in the language shown now."""
    return translate("CustomerDesigns", "Thank you")


class CustomerWindow(Retranslatable, QWidget):
    """The customer's touch screen. Build with an :class:`AppContext`; call
    :meth:`shutdown` before the application quits (joins the worker threads).

    Signals:
        screen_changed(name): the screen now shown (``attract``, ``menu``, ...).
        order_placed(order): an order was stored (the barista's queue can refresh).
        reset_done(): the session was cleared and the attract screen is shown.
        staff_requested(): the "Photo Latte" name in the top bar was held for
            :data:`STAFF_PRESS_MS` (the way to the staff code pad on a one-screen kiosk;
            ``staff_hold`` is off, and shows nothing, until the shell turns it on).
    """

    screen_changed = Signal(str)
    order_placed = Signal(object)
    reset_done = Signal()
    staff_requested = Signal()

    def __init__(self, context: AppContext, *, countdown_ms: int = 1000,
                 ticket_seconds: float | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        config = context.config
        self.setObjectName("CustomerWindow")
        self.setStyleSheet(STYLE_SHEET)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumSize(1024, 700)
        self.max_retakes = int(getattr(config, "max_retakes", 3))
        self.session = CustomerSession(powders=self._default_powders())
        self._allow_close = False
        self._token = 0
        self._save_token: int | None = None
        self._saving = False
        self._shutdown = False

        # Workers first: screens connect to them.
        self.live_worker = LivePreviewWorker(self._render_live, self)
        self.jobs = JobWorker(self)
        self.sample_jobs = JobWorker(self)  # its own thread: never displaces a cup render
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="consent-log")
        self.consent_writes: list[Future] = []
        self.camera = CameraFeed(str(getattr(config, "camera", "demo")),
                                 on_frame=self.live_worker.submit_frame, parent=self)
        self._live_settings: Any = None

        # Top bar: name and the language toggle, on every screen.
        top = QWidget()
        top.setObjectName("TopBar")
        top.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.brand = label(role="subtitle", align=Qt.AlignmentFlag.AlignLeft
                           | Qt.AlignmentFlag.AlignVCenter)
        self.staff_hold = HoldGesture(self.brand, STAFF_PRESS_MS, parent=self)
        self.staff_hold.held.connect(self.staff_requested)
        self.language_toggle = LanguageToggle(context.i18n)
        bar = QHBoxLayout(top)
        bar.setContentsMargins(32, 8, 24, 8)
        bar.addWidget(self.brand, 1)
        bar.addWidget(self.language_toggle)

        self.stack = QStackedWidget()
        ticket_kw = {} if ticket_seconds is None else {"show_seconds": ticket_seconds}
        self.attract = AttractScreen(context)
        self.menu = MenuScreen(context)
        self.consent = ConsentScreen(context)
        self.designs = DesignScreen(context)
        self.camera_screen = CameraScreen(context, countdown_ms=countdown_ms)
        self.phone_screen = PhoneScreen(context)
        self.review = ReviewScreen(context)
        self.ticket = TicketScreen(context, **ticket_kw)
        self.screens: dict[str, Screen] = {}
        for screen in (self.attract, self.menu, self.consent, self.designs,
                       self.camera_screen, self.phone_screen, self.review, self.ticket):
            self.stack.addWidget(screen)
            self.screens[screen.name] = screen

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top)
        layout.addWidget(self.stack, 1)

        self.idle = IdleWatcher(float(getattr(config, "idle_seconds", 75.0)), self, root=self)
        self.idle_overlay = IdleOverlay(float(getattr(config, "idle_warning_seconds", 30.0)),
                                        self)
        self._busy_retry = QTimer(self)
        self._busy_retry.setInterval(BUSY_RETRY_MS)
        self._busy_retry.timeout.connect(self._idle_due)
        self._idle_stage = "none"  # none | deferred-warning | warning | deferred-reset
        self.idle_deferrals = 0  # idle resets held back because a print was running

        self.phone_link = PhoneLink(self)
        self.phone_service = start_phone_service(context.config, self.phone_link,
                                                 context.monotonic)
        self.consent.set_phone_offered(self.phone_service is not None)

        self._wire()
        self.live_worker.start()
        self.jobs.start()
        self.sample_jobs.start()
        self._current: Screen = self.attract
        self.retranslate()
        self._render_samples()

    # --- public --------------------------------------------------------------------------

    @property
    def current_screen(self) -> str:
        """Name of the screen shown now."""
        return self._current.name

    def go(self, name: str) -> None:
        """Show the screen called ``name`` (runs the leave/enter hooks)."""
        screen = self.screens[name]
        if screen is self._current:
            return
        previous = self._current
        previous.left()
        if previous is self.camera_screen:
            self._stop_camera()
        if previous is self.phone_screen and self.phone_service is not None:
            self.phone_service.close_session()  # the code dies with the screen
        self._current = screen
        self.stack.setCurrentWidget(screen)
        screen.entered()
        if screen is self.camera_screen:
            # After entered() (which shows "starting"): a camera that fails at once (a
            # typo, an unplugged device) must leave its error panel up, not "starting".
            self._start_camera()
            self.camera_screen.set_can_shoot(self.can_shoot)
        if screen is self.phone_screen:
            self._show_phone_code()
        if name in ("attract", "ticket", "phone"):
            # On the phone screen the customer is busy with their phone, not this screen:
            # the code's lifetime is the limit there; the idle timer returns when it ends.
            self.idle.disarm()
        else:
            self.idle.arm()
        self.screen_changed.emit(name)

    def reset(self) -> None:
        """Back to the attract screen for the next customer; the photo and all derived
        images are dropped, the language returns to the configured one."""
        self._token += 1
        if self._save_token is None:
            self.jobs.cancel()
        self._save_token = None  # a save in flight still commits; no ticket is shown
        self._saving = False
        self._busy_retry.stop()
        self._idle_stage = "none"
        self.idle_overlay.stop()
        self.camera_screen.cancel_countdown()
        self.go("attract")
        self._stop_camera()
        self.session.clear(self._default_powders())
        for screen in self.screens.values():
            if screen is not self.attract:
                screen.left()
        self.context.i18n.set_language(getattr(self.context.config, "lang", "ko"))
        self.reset_done.emit()

    def holds_customer_images(self) -> bool:
        """True while anything from a customer's photo is held by this window."""
        return (
            self.session.holds_images()
            or self.camera_screen.camera_view.image is not None
            or self.camera_screen.cup_view.image is not None
            or self.review.cup_view.image is not None
            or bool(self.review.face_choice.face_buttons)
            or self.camera.capture() is not None
        )

    def allow_close(self) -> None:
        """Let the next close request through (the technician's exit, the app shell)."""
        self._allow_close = True

    def shutdown(self) -> None:
        """Stop the camera and join every worker thread (before the application quits)."""
        if self._shutdown:
            return
        self._shutdown = True
        self.idle.shutdown()
        self.attract.ready_board.stop()
        self._busy_retry.stop()
        self.staff_hold.stop()
        self.camera.stop()
        if self.phone_service is not None:
            self.phone_service.stop()
        self.live_worker.stop()
        self.jobs.stop()
        self.sample_jobs.stop()
        self._writer.shutdown(wait=True)

    # --- Qt events -----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        # Alt+F4 and the window manager's close land here: a kiosk ignores them unless the
        # technician (behind the PIN) or the app shell asked to leave.
        if not self._allow_close:
            event.ignore()
            return
        self.shutdown()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Escape, Ctrl+W, Alt+F4 as keys: swallowed. A touch kiosk has no keyboard duties.
        event.accept()

    def resizeEvent(self, event: QEvent) -> None:
        super().resizeEvent(event)
        compact = self.height() < COMPACT_BELOW_PX
        if compact != bool(self.property("compact")):
            # Short screens: buttons drop to the touch minimum (fonts stay) so every screen
            # fits; the style sheet keys on this property, so re-polish the widgets.
            self.setProperty("compact", compact)
            style = self.style()
            for widget in (self, *self.findChildren(QWidget)):
                style.unpolish(widget)
                style.polish(widget)
                widget.updateGeometry()
        if self.idle_overlay.isVisible():
            self.idle_overlay.setGeometry(self.rect())

    def retranslate(self) -> None:
        self.brand.setText(translate("Customer", "Photo Latte"))
        self.setWindowTitle(translate("Customer", "Photo Latte"))

    # --- wiring --------------------------------------------------------------------------

    def _wire(self) -> None:
        self.attract.start_requested.connect(lambda: self.go("menu"))
        self.menu.back_requested.connect(self.reset)
        self.menu.drink_chosen.connect(self._drink_chosen)
        self.consent.accepted.connect(lambda: self._consent(True))
        self.consent.phone_requested.connect(lambda: self._consent(True, phone=True))
        self.phone_screen.back_requested.connect(lambda: self.go("consent"))
        self.phone_screen.new_code_requested.connect(self._new_phone_code)
        self.phone_screen.expired.connect(self.idle.arm)
        self.phone_link.opened.connect(self._phone_opened)
        self.phone_link.photo_arrived.connect(self._phone_photo)
        self.consent.declined.connect(lambda: self._consent(False))
        self.consent.back_requested.connect(lambda: self.go("menu"))
        self.designs.design_chosen.connect(self._design_chosen)
        self.designs.back_requested.connect(lambda: self.go("consent"))
        self.camera_screen.shoot.connect(self._shoot)
        self.camera_screen.back_requested.connect(lambda: self.go("consent"))
        self.camera_screen.designs_requested.connect(lambda: self.go("designs"))
        self.camera_screen.retry_requested.connect(self._retry_camera)
        self.review.powders_chosen.connect(self._powders_chosen)
        self.review.darker_requested.connect(self._darkness_changed)
        self.review.faces_chosen.connect(self._faces_chosen)
        self.review.retake_requested.connect(self._retake)
        self.review.confirm_requested.connect(self._confirm)
        self.review.back_requested.connect(self._review_back)
        self.ticket.done.connect(self.reset)
        self.camera.frame_ready.connect(self._camera_frame)
        self.camera.state_changed.connect(self._camera_state)
        self.live_worker.preview_ready.connect(self._live_preview)
        self.jobs.finished_job.connect(self._job_done)
        self.sample_jobs.finished_job.connect(self._job_done)
        self.context.i18n.language_changed.connect(lambda _lang: self._render_samples())
        self.jobs.failed_job.connect(self._job_failed)
        self.idle.idle.connect(self._idle_due)
        self.idle_overlay.continued.connect(self._idle_continue)
        self.idle_overlay.timed_out.connect(self._idle_due)

    def _default_powders(self):
        from printer_driver.powders import PowderSet

        render = getattr(self.context.config, "render", None)
        return getattr(render, "powders", PowderSet.BOTH)

    # --- steps ---------------------------------------------------------------------------

    def _drink_chosen(self, drink: Any) -> None:
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

    def _shoot(self) -> None:
        if not self.can_shoot:
            return
        photo = self.camera.capture()
        if photo is None:
            self.camera_screen.set_camera_failed(True)
            return
        self.session.drop_images()
        self.session.design = None
        self.session.photo = photo
        self.session.shots += 1
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

    @property
    def retakes_left(self) -> int:
        """Photos the customer may still retake (``max_retakes`` after the first)."""
        return max(0, self.max_retakes - self.session.retakes_used)

    @property
    def can_shoot(self) -> bool:
        """True while the customer may take a (first or another) photo."""
        return self.session.shots == 0 or self.retakes_left > 0

    def _powders_chosen(self, powders: Any) -> None:
        if powders == self.session.powders:
            return
        self.session.powders = powders
        self._show_review()
        self._submit_render()

    def _faces_chosen(self, pick: Any) -> None:
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

    def _show_review(self) -> None:
        self.review.set_drink(self.session.drink)
        self.review.show_choices(is_photo=self.session.is_photo, powders=self.session.powders,
                                 darkness=self.session.darkness, retakes_left=self.retakes_left,
                                 from_phone=self.session.source == "phone")
        self.go("review")

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
        fields = dict(drink_id=s.drink.id, mask=s.mask, preview=s.preview,
                      design=s.design or PHOTO_DESIGN, darkness=s.darkness,
                      lang=self.context.i18n.language,
                      price_won=getattr(s.drink, "price_won", None),
                      payment=counter.payment.name if counter is not None else "counter")

        def job() -> tuple[Any, float, Any]:
            order = store.create_order(**fields)
            try:
                seconds = services.expected_wait_seconds(store, printer, order.id)
            except Exception:
                log.exception("could not estimate the wait")
                seconds = services.PRINT_SECONDS_ESTIMATE
            outcome = None
            if counter is not None:
                try:  # the receipt is queued here; a broken printer never stops the ticket
                    outcome = counter.order_stored(order)
                except Exception:
                    log.exception("counter: could not start paying / the receipt")
            return order, seconds, outcome

        self._saving = True
        self.review.set_saving(True)
        self.jobs.submit(self._save_token, job)

    def _order_saved(self, order: Any, seconds: float, outcome: Any = None) -> None:
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

    # --- rendering -----------------------------------------------------------------------

    def _settings(self, **changes: Any) -> Any:
        return services.base_settings(self.context.config, **changes)

    def _render_live(self, frame: Any, face_hint: Any) -> Any:
        if self._live_settings is None:
            self._live_settings = self._settings(preview_px=services.LIVE_PREVIEW_PX)
        return services.render_live(frame, face_hint, self._live_settings)

    def _submit_render(self) -> None:
        self._token += 1
        token = self._token
        s = self.session
        settings = self._settings(powders=s.powders, darkness=s.darkness, faces=s.faces,
                                  preview_px=services.CUP_PREVIEW_PX)
        if s.is_photo:
            photo = s.photo
            # Every face found in this photo: a re-render (powders, darker, another face)
            # frames from them without looking again.
            hint = s.result.faces if s.result is not None and s.result.faces else None
            mirror = s.source != "phone"  # the camera screen is a mirror; a phone photo not
            if photo is None:
                return

            def job() -> tuple[Any, Any, Any, Any]:
                result = services.render_photo(photo, settings, hint)
                pictures = [(i, rgb_to_qimage(p)) for i, p in
                            services.face_pictures(photo, result.faces, mirror=mirror)]
                return result, result.mask, rgb_to_qimage(result.preview), pictures
        else:
            name, powders, text = s.design, s.powders, greeting_text()

            def job() -> tuple[Any, Any, Any, Any]:
                mask, preview = services.render_design(name, powders, settings, text=text)
                return preview, mask, rgb_to_qimage(preview), []

        self.review.set_busy(True)
        self.jobs.submit(token, job)

    @Slot(int, object)
    def _job_done(self, token: int, payload: Any) -> None:
        if token == SAMPLES_TOKEN:
            self._samples_ready(payload)
            return
        if token == self._save_token:
            self._save_token = None
            order, seconds, outcome = payload
            self._order_saved(order, seconds, outcome)
            return
        if token != self._token or self.current_screen != "review":
            return  # superseded (another tap) or the customer left: drop it
        result, mask, image, pictures = payload
        s = self.session
        if s.is_photo:
            s.result = result
            s.preview = result.preview
            framed = [result.faces.index(f) for f in result.framed if f in result.faces]
            self.review.set_faces(pictures, framed)
        else:
            s.preview = result
            self.review.set_faces([], [])
        s.mask = mask
        self.review.set_busy(False)
        self.review.set_cup_image(image)

    @Slot(int, str)
    def _job_failed(self, token: int, message: str) -> None:
        if token == self._save_token:
            self._save_token = None
            self._order_failed(message)
            return
        if token != self._token:
            return
        log.warning("cup render failed: %s", message)
        self.review.set_error(True)

    def _render_samples(self) -> None:
        """Design thumbnails and the attract screen's sample cup, in the background.

        The first run also warms up: it imports OpenCV and the imaging core and renders
        once (numba compiles, tone curves are cached), so neither the GUI thread nor the
        first customer pays for it."""
        settings = self._settings(preview_px=320)
        live_settings = self._settings(preview_px=services.LIVE_PREVIEW_PX)
        powders, text = self._default_powders(), greeting_text()
        want_sample = self.attract.cup.image is None

        def job() -> dict[str, Any]:
            out: dict[str, Any] = {}
            if want_sample:
                try:
                    frame = services.demo_frame()
                    services.render_live(frame, None, live_settings)
                    out["sample"] = rgb_to_qimage(
                        services.render_photo(frame, settings).preview)
                except Exception as exc:
                    log.warning("warm-up render failed: %s", exc)
            for name in services.DESIGNS:
                try:
                    _, preview = services.render_design(name, powders, settings, text=text)
                    out[name] = rgb_to_qimage(preview)
                except Exception as exc:
                    log.warning("design %s could not be drawn: %s", name, exc)
            return out

        self.sample_jobs.submit(SAMPLES_TOKEN, job)

    # --- camera --------------------------------------------------------------------------

    def _start_camera(self) -> None:
        self.live_worker.set_active(True)
        self.camera.start()

    def _stop_camera(self) -> None:
        self.live_worker.set_active(False)
        self.camera.stop()
        self.camera_screen.set_camera_image(None)
        self.camera_screen.set_cup_image(None)

    def _retry_camera(self) -> None:
        self.camera_screen.set_camera_waiting()
        self.camera.retry()

    @Slot()
    def _camera_frame(self) -> None:
        if self.current_screen == "camera":
            self.camera_screen.set_camera_image(self.camera.take_image())

    @Slot(str, str)
    def _camera_state(self, state: str, message: str) -> None:
        if self.current_screen != "camera":
            return
        if state == "failed":
            log.warning("camera failed: %s", message)
            self.camera_screen.set_camera_failed(True)


    @Slot()
    def _live_preview(self) -> None:
        latest = self.live_worker.take_latest()
        if latest is not None and self.current_screen == "camera":
            image, face_found = latest
            self.camera_screen.set_cup_image(image, face_found)

    # --- phone ---------------------------------------------------------------------------

    def _show_phone_code(self) -> None:
        service = self.phone_service
        if service is None:
            return
        session = service.open_session()
        self.phone_screen.show_code(session.url, service.seconds_left)

    def _new_phone_code(self) -> None:
        if self.current_screen == "phone":
            self.idle.disarm()
            self._show_phone_code()

    @Slot()
    def _phone_opened(self) -> None:
        if self.current_screen == "phone":
            self.phone_screen.set_phone_opened()

    @Slot(object)
    def _phone_photo(self, photo: Any) -> None:
        if self.current_screen != "phone" or not self.can_shoot:
            return  # the customer left as it arrived: the photo is dropped here
        self.session.drop_images()
        self.session.design = None
        self.session.source = "phone"
        self.session.photo = photo.pixels
        self.session.shots += 1
        self._show_review()
        self._submit_render()

    # --- idle ----------------------------------------------------------------------------

    def _printing(self) -> bool:
        printer = self.context.printer
        return bool(getattr(printer, "busy", False)) if printer is not None else False

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

    # --- samples -------------------------------------------------------------------------

    def _samples_ready(self, images: dict[str, Any]) -> None:
        for name, image in images.items():
            self.designs.set_thumbnail(name, image)
        sample = images.get("sample") or images.get("heart")
        if sample is not None and self.attract.cup.image is None:
            self.attract.set_sample(sample)
