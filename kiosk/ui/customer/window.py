"""The customer window: the screens in a stack, the flow between them, the idle reset.

Flow (every screen also has Back, and the language toggle sits in the top bar)::

    attract -> menu -> consent -yes-> camera -3-2-1-> review -confirm-> ticket -> attract
                         |--phone--> phone -QR, photo-^ ^  ^--retake (limited)--'
                         `--no--> designs --------------'

"phone" (a photo sent from the customer's phone) is offered only when the ``phone_upload``
setting is on and its server could start (:mod:`kiosk.phone`); a failed camera offers it too.

The window is put together from readable parts: :mod:`.flow` (the steps and what idle
means), :mod:`.rendering` (the renders), :mod:`.devices` (camera and phone) and
:mod:`.fitting` (the layout band for the window's size, the accessibility mode, the
message below the minimum). The photo exists only in
:class:`~kiosk.ui.customer.session.CustomerSession`; leaving the review for the ticket, an
idle reset or "Done" drops it. Rendering and the camera run in worker threads
(:mod:`kiosk.ui.workers`, :mod:`kiosk.ui.customer.camera_feed`).
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLayout, QVBoxLayout, QWidget

from kiosk.ui.context import AppContext
from kiosk.ui.customer.base import Screen, translate
from kiosk.ui.customer.camera_feed import CameraFeed
from kiosk.ui.customer.capture import CameraScreen
from kiosk.ui.customer.consent import ConsentScreen, DesignScreen
from kiosk.ui.customer.devices import PhotoSources
from kiosk.ui.customer.fitting import ScreenFitter
from kiosk.ui.customer.flow import FlowSteps
from kiosk.ui.customer.idle import IdleOverlay, IdleWatcher
from kiosk.ui.customer.phone import PhoneLink, PhoneScreen, start_phone_service
from kiosk.ui.customer.rendering import SAMPLES_TOKEN, Rendering, greeting_text
from kiosk.ui.customer.review import ReviewScreen
from kiosk.ui.customer.session import CustomerSession
from kiosk.ui.customer.start import AttractScreen, MenuScreen
from kiosk.ui.customer.ticket import TicketScreen
from kiosk.ui.i18n import Retranslatable
from kiosk.ui.layouts import Look
from kiosk.ui.staff_hold import HOLD_MS, HoldGesture
from kiosk.ui.theme import style_sheet
from kiosk.ui.widgets import (
    LanguageToggle,
    PageStack,
    TouchScrollArea,
    label,
    set_touch_px,
)
from kiosk.ui.workers import JobWorker, LivePreviewWorker

if TYPE_CHECKING:
    from kiosk.imaging.settings import RenderSettings
    from printer_driver.powders import PowderSet

log = logging.getLogger(__name__)

__all__ = ["SAMPLES_TOKEN", "CustomerWindow", "greeting_text"]

BUSY_RETRY_MS = 1000  # while a print runs, look again this often before an idle reset
STAFF_PRESS_MS = HOLD_MS  # hold the name this long: staff only, never by an accidental tap
SMALLEST_PX = QSize(320, 240)  # below the minimum the window still opens, to say so


class CustomerWindow(FlowSteps, Rendering, PhotoSources, Retranslatable, QWidget):
    """The customer's touch screen. Build with an :class:`AppContext`; call
    :meth:`shutdown` before the application quits (joins the worker threads).

    Signals:
        screen_changed(name): the screen now shown (``attract``, ``menu``, ...).
        order_placed(order): an order was stored (the barista's queue can refresh).
        reset_done(): the session was cleared and the attract screen is shown.
        staff_requested(): the "Photo Latte" name in the top bar was held for
            :data:`STAFF_PRESS_MS` (the way to the staff code pad on a one-screen kiosk;
            ``staff_hold`` is off, and shows nothing, until the shell turns it on).
        look_changed(Look): a new layout band, touch size or accessibility mode applied.
    """

    screen_changed = Signal(str)
    order_placed = Signal(object)
    reset_done = Signal()
    staff_requested = Signal()
    look_changed = Signal(object)

    def __init__(self, context: AppContext, *, countdown_ms: int = 1000,
                 ticket_seconds: float | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        config = context.config
        self.setObjectName("CustomerWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.max_retakes = config.max_retakes
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
        self.camera = CameraFeed(config.camera,
                                 on_frame=self.live_worker.submit_frame, parent=self)
        self._live_settings: RenderSettings | None = None

        # Top bar: name and the language toggle, on every screen.
        top = QWidget()
        top.setObjectName("TopBar")
        top.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.top_bar = top
        self.brand = label(role="subtitle", align=Qt.AlignmentFlag.AlignLeft
                           | Qt.AlignmentFlag.AlignVCenter)
        self.staff_hold = HoldGesture(self.brand, STAFF_PRESS_MS, parent=self)
        self.staff_hold.held.connect(self.staff_requested)
        self.language_toggle = LanguageToggle(context.i18n)
        bar = self._bar = QHBoxLayout(top)
        bar.setContentsMargins(32, 8, 24, 8)
        bar.addWidget(self.brand, 1)
        bar.addWidget(self.language_toggle)

        self.stack = PageStack()
        self.attract = AttractScreen(context)
        self.menu = MenuScreen(context)
        self.consent = ConsentScreen(context)
        self.designs = DesignScreen(context)
        self.camera_screen = CameraScreen(context, countdown_ms=countdown_ms)
        # The live views' frames are painted by the threads that make them (image_view).
        self.camera.view_painter = self.camera_screen.camera_view.painter
        self.live_worker.view_painter = self.camera_screen.cup_view.painter
        self.phone_screen = PhoneScreen(context)
        self.review = ReviewScreen(context)
        self.ticket = (TicketScreen(context) if ticket_seconds is None
                       else TicketScreen(context, show_seconds=ticket_seconds))
        self.screens: dict[str, Screen] = {}
        for screen in (self.attract, self.menu, self.consent, self.designs,
                       self.camera_screen, self.phone_screen, self.review, self.ticket):
            self.stack.addWidget(screen)
            self.screens[screen.name] = screen

        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top)
        layout.addWidget(self.stack, 1)
        # The accessibility mode on a 7-10" panel: the page scrolls (apply_look).
        self.page_scroll = TouchScrollArea(QWidget())
        self.page_scroll.hide()
        # The window is as large as its screen, never larger: a layout too big for it shows
        # as a fault in the walk test (tests/ui/test_customer_fit.py), not as a window
        # running off the edge of the panel.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

        self._idle_seconds = config.idle_seconds
        self._warning_seconds = config.idle_warning_seconds
        self.access_idle_factor = config.screen.access_idle_factor
        self.idle = IdleWatcher(self._idle_seconds, self, root=self)
        self.idle_overlay = IdleOverlay(self._warning_seconds, self)
        self._busy_retry = QTimer(self)
        self._busy_retry.setInterval(BUSY_RETRY_MS)
        self._busy_retry.timeout.connect(self._idle_due)
        self._idle_stage = "none"  # none | deferred-warning | warning | deferred-reset
        self.idle_deferrals = 0  # idle resets held back because a print was running

        self.phone_link = PhoneLink(self)
        self.phone_service = start_phone_service(context.config, self.phone_link,
                                                 context.monotonic)
        self.consent.set_phone_offered(self.phone_service is not None)
        self.camera_screen.set_phone_offered(self.phone_service is not None)

        self.fitter = ScreenFitter(self, config.screen.dpi,
                                   self.apply_look)
        self._wire()
        self.live_worker.start()
        self.jobs.start()
        self.sample_jobs.start()
        self._current: Screen = self.attract
        self.retranslate()
        self.fitter.update()
        self._render_samples()

    # --- public --------------------------------------------------------------------------

    @property
    def current_screen(self) -> str:
        """Name of the screen shown now."""
        return self._current.name

    @property
    def look(self) -> Look | None:
        """The layout in use (None while the window is below the minimum size)."""
        return self.fitter.look

    @property
    def access(self) -> bool:
        """True while the accessibility mode is on (until the next customer)."""
        return self.fitter.access

    def set_access(self, on: bool) -> None:
        """The accessibility mode: text × 1.5, high contrast, controls within reach, idle
        times × ``[screen] access_idle_factor``; a chime when it turns on."""
        if on == self.access:
            self.attract.set_access(on)
            return
        factor = self.access_idle_factor if on else 1.0
        self.idle.set_seconds(self._idle_seconds * factor)
        self.idle_overlay.set_seconds(self._warning_seconds * factor)
        self.idle.poke()
        self.attract.set_access(on)
        self.fitter.set_access(on)
        counter = self.context.counter
        chime = counter.service.chime if counter is not None else None
        if on and chime is not None:
            chime.chime()  # heard: the mode is on, even by someone who cannot read it

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
            self.camera_screen.set_retakes(self.session.shots, self.max_retakes)
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
        images are dropped, the language returns to the configured one and the
        accessibility mode goes off."""
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
        self.set_access(False)
        self.context.i18n.set_language(self.context.config.lang)
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

    # --- layout --------------------------------------------------------------------------

    def apply_look(self, look: Look) -> None:
        """Dress every screen for ``look``: the style sheet (fonts, colours, button
        heights), the touch size, then each screen's own arrangement. The accessibility
        mode's bar sits at the foot of the window, within reach."""
        self.setStyleSheet(style_sheet(look))
        set_touch_px(self, look.touch_px)
        m = look.band.margin_px
        self._bar.setContentsMargins(m, max(4, look.gap_px // 2), m, max(4, look.gap_px // 2))
        layout = self._layout
        self._place_stack(look.scrolls)
        layout.removeWidget(self.top_bar)
        layout.insertWidget(1 if look.reach is not None else 0, self.top_bar)
        for screen in self.screens.values():
            screen.apply_look(look)
        self.idle_overlay.apply_look(look)
        self.look_changed.emit(look)

    def _place_stack(self, scrolls: bool) -> None:
        """The screens straight in the window, or in a scroll area a finger drags."""
        layout = self._layout
        inside = self.page_scroll.widget() is self.stack
        if scrolls == inside:
            return
        if scrolls:
            layout.removeWidget(self.stack)
            self.page_scroll.setWidget(self.stack)  # the placeholder goes
            layout.insertWidget(layout.count(), self.page_scroll, 1)
            self.page_scroll.show()
        else:
            self.page_scroll.takeWidget()
            layout.removeWidget(self.page_scroll)
            self.page_scroll.hide()
            layout.insertWidget(layout.indexOf(self.top_bar) + 1, self.stack, 1)
            self.stack.show()

    def sizeHint(self) -> QSize:
        return QSize(1280, 800)

    def minimumSizeHint(self) -> QSize:
        # Below the layouts' minimum the window says so (fitting.TooSmall): no parent
        # layout may grow it past its screen.
        return SMALLEST_PX

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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fitter.update()
        if self.idle_overlay.isVisible():
            self.idle_overlay.setGeometry(self.rect())
        if self.fitter.too_small.isVisible():
            self.fitter.too_small.setGeometry(self.rect())

    def retranslate(self) -> None:
        self.brand.setText(translate("Customer", "Photo Latte"))
        self.setWindowTitle(translate("Customer", "Photo Latte"))

    # --- wiring --------------------------------------------------------------------------

    def _wire(self) -> None:
        self.attract.start_requested.connect(lambda: self.go("menu"))
        self.attract.access_toggled.connect(self.set_access)
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
        self.camera_screen.phone_requested.connect(self._camera_to_phone)
        self.review.powders_chosen.connect(self._powders_chosen)
        self.review.darker_requested.connect(self._darkness_changed)
        self.review.faces_chosen.connect(self._faces_chosen)
        self.review.design_chosen.connect(self._review_design)
        self.review.retake_requested.connect(self._retake)
        self.review.confirm_requested.connect(self._confirm)
        self.review.back_requested.connect(self._review_back)
        self.review.start_over_requested.connect(self._start_over)
        self.ticket.done.connect(self.reset)
        self.camera.frame_ready.connect(self._camera_frame)
        self.camera.state_changed.connect(self._camera_state)
        self.live_worker.preview_ready.connect(self._live_preview)
        self.jobs.finished_job.connect(self._job_done)
        self.sample_jobs.finished_job.connect(self._job_done)
        self.context.i18n.language_changed.connect(self._language_changed)
        self.jobs.failed_job.connect(self._job_failed)
        self.idle.idle.connect(self._idle_due)
        self.idle_overlay.continued.connect(self._idle_continue)
        self.idle_overlay.timed_out.connect(self._idle_due)

    def _default_powders(self) -> PowderSet:
        return self.context.config.render.powders
