"""Pose and shoot: the mirrored camera with a face oval, the live latte beside it, 3-2-1."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QStackedLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.context import AppContext
from kiosk.ui.customer.base import (
    Row,
    Screen,
    clear_layout,
    place_rows,
    set_direction,
    translate,
)
from kiosk.ui.layouts import Look
from kiosk.ui.widgets import CameraView, ImageView, ViewFrame, button, label

COUNTDOWN_FROM = 3


class CameraScreen(Screen):
    """Live camera + live cup preview; "Take my photo" runs a 3-2-1 countdown.

    Landscape: the camera left of the cup; portrait: the camera on top (nearest the lens
    above the screen), the cup under it. Under the cup: how many retakes are left.

    Signals:
        shoot(): the countdown reached zero; the window captures the newest frame.
        back_requested(), designs_requested(): leave without a photo.
        retry_requested(): the customer pressed Retry after a camera failure.
        phone_requested(): the camera failed and the customer sends a photo from their
            phone instead (offered only while the phone upload is on).
    """

    name = "camera"
    shoot = Signal()
    back_requested = Signal()
    designs_requested = Signal()
    retry_requested = Signal()
    phone_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None, *,
                 countdown_ms: int = 1000) -> None:
        super().__init__(context, parent)
        self.title = label(role="title")
        self.camera_caption = label(role="subtitle")
        self.cup_caption = label(role="subtitle")
        self.retakes = label(role="subtitle")
        self.camera_view = CameraView()
        self.cup_view = ImageView(circular=True)
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
        self.phone_button = button()
        self.phone_button.setVisible(False)
        self._phone_offered = False
        self.retry_button.clicked.connect(self.retry_requested)
        self.designs_button.clicked.connect(self.designs_requested)
        self.phone_button.clicked.connect(self.phone_requested)
        f = QVBoxLayout(self.failure)
        self._failure_layout = f
        f.addStretch(1)
        f.addWidget(self.failure_title)
        f.addWidget(self.failure_text)
        # Side by side: stacked, the buttons did not fit under the text on a short screen.
        self._failure_choices = QGridLayout()
        f.addLayout(self._failure_choices)
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
        right.addWidget(self.retakes)
        self._views = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._views.addLayout(left, 3)
        self._views.addLayout(right, 2)

        self._buttons = QVBoxLayout()

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self._views, 1)
        layout.addLayout(self._buttons)

        self._place_buttons(False, 16)
        self._count = 0
        self._timer = QTimer(self)
        self._timer.setInterval(countdown_ms)
        self._timer.timeout.connect(self._tick)
        self._camera_ok = False
        self._can_shoot = True
        self._waiting = False
        self._face_found = True
        self._shots = 0
        self._max_retakes = 0
        self._place_failure_choices(False)
        self.set_camera_failed(False)
        self.countdown_label.setVisible(False)
        self.retranslate()

    def _place_failure_choices(self, stacked: bool) -> None:
        grid = self._failure_choices
        clear_layout(grid)
        for column in range(2):
            grid.setColumnStretch(column, 1 if not stacked or column == 0 else 0)
        if stacked:
            for row, b in enumerate((self.retry_button, self.phone_button,
                                     self.designs_button)):
                grid.addWidget(b, row, 0)
        else:
            grid.addWidget(self.retry_button, 0, 0)
            grid.addWidget(self.designs_button, 0, 1)
            grid.addWidget(self.phone_button, 1, 0, 1, 2)

    def _place_buttons(self, portrait: bool, gap: int) -> None:
        self._buttons.setSpacing(gap)
        rows: list[Row]
        if portrait:
            # The main action across the screen, the ways out under it.
            rows = [[self.take_button], [self.back_button, self.no_photo_button, 1]]
        else:
            # The spare width goes to a stretch: a stretch factor on a button shares space
            # by factor, below the text's width (that cut "Take my photo").
            rows = [[self.back_button, self.no_photo_button, 1, self.take_button]]
        place_rows(self._buttons, rows, gap * 2)

    def apply_look(self, look: Look) -> None:
        super().apply_look(look)
        portrait = look.portrait
        set_direction(self._views, portrait)
        self._views.setSpacing(look.gap_px * 2)
        self._place_buttons(portrait, look.gap_px)
        cup = look.picture_px(280)
        self.cup_view.setMinimumSize(cup, cup)
        self.camera_view.setMinimumSize(look.picture_px(320), look.picture_px(240))
        pad = max(12, look.band.margin_px // 2)
        self._failure_layout.setContentsMargins(pad, pad, pad, pad)
        self._failure_layout.setSpacing(look.gap_px)
        # In the accessibility mode the panel's buttons sit at its foot (within reach).
        self._failure_layout.setStretch(self._failure_layout.count() - 1,
                                        0 if look.reach else 1)
        self._place_failure_choices(portrait)
        self._failure_choices.setSpacing(look.gap_px)

    # --- state from the window ---

    @property
    def camera_failed(self) -> bool:
        """True while the "camera not available" panel is shown."""
        return self._camera_stack.currentWidget() is self.failure

    @property
    def counting(self) -> bool:
        """True during the 3-2-1."""
        return self._timer.isActive()

    def set_camera_image(self, image: QImage | ViewFrame | None) -> None:
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

    def set_cup_image(self, image: QImage | ViewFrame | None, face_found: bool = True) -> None:
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
        for widget in (self.camera_caption, self.cup_caption, self.cup_view, self.retakes):
            widget.setVisible(not failed)
        self._views.setStretch(1, 0 if failed else 2)  # a hidden column keeps its stretch
        self.take_button.setEnabled(not failed and self._can_shoot)
        self._update_hint()

    def set_phone_offered(self, offered: bool) -> None:
        """Offer "Use a photo from my phone" on the failure panel (the upload is on)."""
        self._phone_offered = offered
        self.phone_button.setVisible(offered)

    def set_retakes(self, shots: int, max_retakes: int) -> None:
        """Photos taken so far in this visit and the retakes allowed: the line under the
        cup says how many are left (or which retake this is)."""
        self._shots = shots
        self._max_retakes = max_retakes
        self.retranslate()

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
        self.phone_button.setText(translate("CustomerCamera", "Use a photo from my phone"))
        self.retakes.setVisible(self._can_shoot and not self.camera_failed)
        self.retakes.setText(self._retakes_text())

    def _retakes_text(self) -> str:
        n = self._max_retakes
        if self._shots == 0:
            if n == 0:
                return translate("CustomerCamera", "One photo, no retakes.")
            if n == 1:
                return translate("CustomerCamera", "You can retake it once.")
            return translate("CustomerCamera", "You can retake it {count} times.").format(
                count=n)
        return translate("CustomerCamera", "Retake {number} of {count}").format(
            number=min(self._shots, n), count=n)
