"""Pose and shoot: the mirrored camera with a face oval, the live latte beside it, 3-2-1."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QStackedLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.context import AppContext
from kiosk.ui.customer.base import Screen, translate
from kiosk.ui.theme import GAP_PX
from kiosk.ui.widgets import CameraView, ImageView, button, label

COUNTDOWN_FROM = 3


class CameraScreen(Screen):
    """Live camera + live cup preview; "Take my photo" runs a 3-2-1 countdown.

    Signals:
        shoot(): the countdown reached zero; the window captures the newest frame.
        back_requested(), designs_requested(): leave without a photo.
        retry_requested(): the customer pressed Retry after a camera failure.
    """

    name = "camera"
    shoot = Signal()
    back_requested = Signal()
    designs_requested = Signal()
    retry_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None, *,
                 countdown_ms: int = 1000) -> None:
        super().__init__(context, parent)
        self.title = label(role="title")
        self.camera_caption = label(role="subtitle")
        self.cup_caption = label(role="subtitle")
        self.camera_view = CameraView()
        self.cup_view = ImageView(circular=True)
        self.cup_view.setMinimumSize(280, 280)
        self.countdown_label = label(role="countdown")
        self.countdown_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hint = label(role="notice")
        self.hint.setVisible(False)
        self.take_button = button("primary")
        self.take_button.setProperty("tier", "big")
        self.back_button = button()
        self.take_button.clicked.connect(self.start_countdown)
        self.back_button.clicked.connect(self._back)
        self.no_photo_button = button()
        self.no_photo_button.clicked.connect(self._designs)

        # Camera failure panel, shown in place of the camera view.
        self.failure = QFrame()
        self.failure.setProperty("role", "card")
        self.failure_title = label(role="subtitle")
        self.failure_text = label(role="body")
        self.retry_button = button("primary")
        self.designs_button = button()
        self.retry_button.clicked.connect(self.retry_requested)
        self.designs_button.clicked.connect(self.designs_requested)
        f = QVBoxLayout(self.failure)
        f.setContentsMargins(24, 16, 24, 16)
        f.setSpacing(GAP_PX)
        f.addStretch(1)
        f.addWidget(self.failure_title)
        f.addWidget(self.failure_text)
        # Side by side: stacked, the two buttons did not fit under the text on a 1024x768
        # screen and the second one slid over the first.
        choices = QHBoxLayout()
        choices.setSpacing(GAP_PX)
        choices.addWidget(self.retry_button, 1)
        choices.addWidget(self.designs_button, 1)
        f.addLayout(choices)
        f.addStretch(1)

        # The camera view or the failure panel, and over both the countdown and hints.
        self._camera_stack = QStackedWidget()
        self._camera_stack.addWidget(self.camera_view)
        self._camera_stack.addWidget(self.failure)
        overlay = QWidget()
        overlay.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        ov = QVBoxLayout(overlay)
        ov.addStretch(1)
        ov.addWidget(self.countdown_label, 0, Qt.AlignmentFlag.AlignCenter)
        ov.addStretch(1)
        ov.setContentsMargins(12, 12, 12, 12)
        # Full width: a word-wrapped label squeezed to its one-line hint grew taller than
        # the camera view.
        ov.addWidget(self.hint)
        camera_box = QWidget()
        stack = QStackedLayout(camera_box)
        stack.setStackingMode(QStackedLayout.StackingMode.StackAll)
        stack.addWidget(self._camera_stack)
        stack.addWidget(overlay)
        stack.setCurrentWidget(overlay)  # StackAll raises the current widget: keep it on top

        left = QVBoxLayout()
        left.addWidget(self.camera_caption)
        left.addWidget(camera_box, 1)
        right = QVBoxLayout()
        right.addWidget(self.cup_caption)
        right.addWidget(self.cup_view, 1)
        views = QHBoxLayout()
        views.setSpacing(GAP_PX * 2)
        views.addLayout(left, 3)
        views.addLayout(right, 2)
        self._views = views

        buttons = QHBoxLayout()
        buttons.setSpacing(GAP_PX * 2)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.no_photo_button)
        buttons.addStretch(1)
        # No stretch factor: a box layout shares stretched space by factor, below the
        # text's width (that cut "Take my photo"); the spacer takes what is left.
        buttons.addWidget(self.take_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 24)
        layout.setSpacing(GAP_PX)
        layout.addWidget(self.title)
        layout.addLayout(views, 1)
        layout.addLayout(buttons)

        self._count = 0
        self._timer = QTimer(self)
        self._timer.setInterval(countdown_ms)
        self._timer.timeout.connect(self._tick)
        self._camera_ok = False
        self._can_shoot = True
        self._waiting = False
        self._face_found = True
        self.set_camera_failed(False)
        self.countdown_label.setVisible(False)
        self.retranslate()

    # --- state from the window ---

    @property
    def camera_failed(self) -> bool:
        """True while the "camera not available" panel is shown."""
        return self._camera_stack.currentWidget() is self.failure

    @property
    def counting(self) -> bool:
        """True during the 3-2-1."""
        return self._timer.isActive()

    def set_camera_image(self, image: QImage | None) -> None:
        """A new camera frame (None clears). The first frame enables "Take my photo"."""
        if image is not None and not self._camera_ok:
            self.set_camera_failed(False)
        self.camera_view.set_image(image)

    def set_camera_waiting(self) -> None:
        """The camera is opening: no photo can be taken until its first frame."""
        self.cancel_countdown()
        self._camera_stack.setCurrentWidget(self.camera_view)
        self._camera_ok = False
        self._waiting = True
        self.take_button.setEnabled(False)
        self._update_hint()

    def set_cup_image(self, image: QImage | None, face_found: bool = True) -> None:
        """A new live latte preview (None clears)."""
        self.cup_view.set_image(image)
        self._face_found = face_found
        self._update_hint()

    def set_camera_failed(self, failed: bool) -> None:
        """Show or hide the "camera not available" panel."""
        self._camera_ok = not failed
        self._waiting = False
        if failed:
            self.cancel_countdown()
            self.camera_view.set_image(None)
            self.cup_view.set_image(None)
        self._camera_stack.setCurrentWidget(self.failure if failed else self.camera_view)
        # Without a camera the empty cup and the "face in the oval" caption say nothing:
        # the message and its two buttons get the whole width (and fit a short screen).
        for widget in (self.camera_caption, self.cup_caption, self.cup_view):
            widget.setVisible(not failed)
        self._views.setStretch(1, 0 if failed else 2)  # a hidden column keeps its stretch
        self.take_button.setEnabled(not failed and self._can_shoot)
        self._update_hint()

    def set_can_shoot(self, can_shoot: bool) -> None:
        """False once every retake is used: the camera stays, the button says why."""
        self._can_shoot = can_shoot
        self.take_button.setEnabled(self._camera_ok and can_shoot)
        self.retranslate()
        self._update_hint()

    def start_countdown(self) -> None:
        """3-2-1, then :attr:`shoot`."""
        if self.counting or not self._camera_ok or not self._can_shoot:
            return
        self._count = COUNTDOWN_FROM
        self.take_button.setEnabled(False)
        self.countdown_label.setText(str(self._count))
        self.countdown_label.setVisible(True)
        self._timer.start()

    def cancel_countdown(self) -> None:
        """Stop the countdown (back, idle reset, camera failure)."""
        self._timer.stop()
        self.countdown_label.setVisible(False)
        self.take_button.setEnabled(self._camera_ok and self._can_shoot)

    def entered(self) -> None:
        self.set_camera_waiting()

    def left(self) -> None:
        self.cancel_countdown()
        self.camera_view.set_image(None)
        self.cup_view.set_image(None)

    # --- internals ---

    def _tick(self) -> None:
        self._count -= 1
        if self._count > 0:
            self.countdown_label.setText(str(self._count))
            return
        self._timer.stop()
        self.countdown_label.setVisible(False)
        self.take_button.setEnabled(self._camera_ok and self._can_shoot)
        self.shoot.emit()

    def _back(self) -> None:
        self.cancel_countdown()
        self.back_requested.emit()

    def _designs(self) -> None:
        self.cancel_countdown()
        self.designs_requested.emit()

    def _update_hint(self) -> None:
        no_face = self._camera_ok and not self._face_found and self.cup_view.image is not None
        self.hint.setVisible(self._waiting or no_face or (self._camera_ok and not self._can_shoot))
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(translate("CustomerCamera", "Look at the camera and smile"))
        self.camera_caption.setText(translate("CustomerCamera", "Put your face in the oval"))
        self.cup_caption.setText(translate("CustomerCamera", "Your latte, live"))
        if self._can_shoot:
            self.take_button.setText(translate("CustomerCamera", "Take my photo"))
            if self._waiting:
                self.hint.setText(translate("CustomerCamera", "Starting the camera…"))
            else:
                self.hint.setText(translate(
                    "CustomerCamera", "We cannot see your face yet: move into the oval."))
        else:
            self.take_button.setText(translate("CustomerCamera", "No photos left"))
            self.hint.setText(translate(
                "CustomerCamera", "You have used all your photos: please choose a design."))
        self.back_button.setText(translate("Customer", "Back"))
        self.no_photo_button.setText(translate("CustomerCamera", "No photo, use a design"))
        self.failure_title.setText(translate(
            "CustomerCamera", "The camera is not available right now."))
        self.failure_text.setText(translate(
            "CustomerCamera",
            "Please press Retry. If it still does not work, choose a design instead: "
            "your drink is the same."))
        self.retry_button.setText(translate("CustomerCamera", "Retry"))
        self.designs_button.setText(translate("CustomerCamera", "Choose a design instead"))
