"""The customer window's renders: the cup on the review (a photo or a design), the live
latte, the design thumbnails and the attract screen's sample, all in worker threads.

:class:`Rendering` is a mixin of :class:`kiosk.ui.customer.window.CustomerWindow`. A render
is a job with a token; a result whose token is no longer the newest (another tap came, the
customer left) is dropped.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Slot

from kiosk.priority import freeze_long_lived
from kiosk.ui.customer import services
from kiosk.ui.customer.base import translate
from kiosk.ui.customer.session import CustomerSession
from kiosk.ui.widgets import rgb_to_qimage

if TYPE_CHECKING:
    from kiosk.ui.context import AppContext
    from kiosk.ui.customer.consent import DesignScreen
    from kiosk.ui.customer.review import ReviewScreen
    from kiosk.ui.customer.start import AttractScreen
    from kiosk.ui.workers import JobWorker

log = logging.getLogger(__name__)

SAMPLES_TOKEN = -1  # the start-up job drawing the design thumbnails


def greeting_text() -> str:
    """The "text" design's greeting, in the language shown now."""
    return translate("CustomerDesigns", "Thank you")


class Rendering:
    """Render jobs and their results (a mixin: the window provides what is declared)."""

    context: AppContext
    session: CustomerSession
    review: ReviewScreen
    designs: DesignScreen
    attract: AttractScreen
    jobs: JobWorker
    sample_jobs: JobWorker
    _live_settings: Any
    _token: int
    _save_token: int | None

    if TYPE_CHECKING:  # provided by the window and the flow
        @property
        def current_screen(self) -> str: ...
        def _default_powders(self) -> Any: ...
        def _order_saved(self, order: Any, seconds: float, outcome: Any = None) -> None: ...
        def _order_failed(self, message: str) -> None: ...
        def holds_customer_images(self) -> bool: ...

    def _settings(self, **changes: Any) -> Any:
        # The machine's calibration and the drink's cup apply to what the customer sees
        # and to the mask printed (tone curve, print diameter, the head's geometry).
        return services.for_printer(services.base_settings(self.context.config, **changes),
                                    self.context.printer.print_settings, self.session.drink)

    def _render_live(self, frame: Any, face_hint: Any) -> Any:
        printer = self.context.printer.print_settings
        if self._live_settings is None or self._live_settings[0] is not printer:
            self._live_settings = (printer, self._settings(preview_px=services.LIVE_PREVIEW_PX))
        return services.render_live(frame, face_hint, self._live_settings[1])

    def _submit_render(self) -> None:
        self._token += 1
        token = self._token
        s = self.session
        settings = self._settings(powders=s.powders, darkness=s.darkness, faces=s.faces,
                                  preview_px=services.CUP_PREVIEW_PX)
        job: Any
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
            # The greeting in the language shown now: a switch re-renders it
            # (:meth:`_language_changed`), so the cup never keeps the other language.
            name, powders, text = s.design or "heart", s.powders, greeting_text()
            s.extra["greeting"] = text

            def job() -> tuple[Any, Any, Any, Any]:
                mask, preview = services.render_design(name, powders, settings, text=text)
                return preview, mask, rgb_to_qimage(preview), []

        self.review.set_busy(True)
        self.jobs.submit(token, job)

    def _language_changed(self, _language: str) -> None:
        """New thumbnails; and the message design on the review says it in the new one."""
        self._render_samples()
        s = self.session
        if (self.current_screen == "review" and not s.is_photo and s.design == "text"
                and s.extra.get("greeting") != greeting_text() and self._save_token is None):
            self._submit_render()

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

    def _samples_ready(self, images: dict[str, Any]) -> None:
        # The start-up warm-up is over (imports done, numba compiled): what is alive now
        # lives as long as the kiosk. Never with a customer's picture about: a frozen one
        # held in a reference cycle would never be freed.
        if "sample" in images and not self.holds_customer_images():
            freeze_long_lived()
        for name, image in images.items():
            self.designs.set_thumbnail(name, image)
        sample = images.get("sample") or images.get("heart")
        if sample is not None and self.attract.cup.image is None:
            self.attract.set_sample(sample)
