"""Where photos come from: the camera (frames, the live latte, failures and retries) and the
customer's phone (the QR code's life, the page opened, the photo arriving).

:class:`PhotoSources` is a mixin of :class:`kiosk.ui.customer.window.CustomerWindow`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Slot

from kiosk.ui.customer.session import CustomerSession

if TYPE_CHECKING:
    from kiosk.phone.service import PhoneService
    from kiosk.ui.customer.camera_feed import CameraFeed
    from kiosk.ui.customer.capture import CameraScreen
    from kiosk.ui.customer.idle import IdleWatcher
    from kiosk.ui.customer.phone import PhoneScreen
    from kiosk.ui.workers import LivePreviewWorker

log = logging.getLogger(__name__)


class PhotoSources:
    """Camera and phone handlers (a mixin: the window provides what is declared)."""

    session: CustomerSession
    camera: CameraFeed
    camera_screen: CameraScreen
    phone_screen: PhoneScreen
    phone_service: PhoneService | None
    live_worker: LivePreviewWorker
    idle: IdleWatcher

    if TYPE_CHECKING:  # provided by the window and the other mixins
        @property
        def current_screen(self) -> str: ...
        @property
        def can_shoot(self) -> bool: ...
        def go(self, name: str) -> None: ...
        def _show_review(self) -> None: ...
        def _submit_render(self) -> None: ...

    # --- camera --------------------------------------------------------------------------

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

    def _camera_to_phone(self) -> None:
        """The camera failed; the customer (who already said yes to a photo) sends one
        from their phone instead."""
        if self.phone_service is not None and self.can_shoot:
            self.go("phone")

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
