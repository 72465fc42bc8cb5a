"""The camera error shared by every source."""

from __future__ import annotations

FRAME_WIDTH = 640
FRAME_HEIGHT = 480
"""The frame size the kiosk asks cameras for and the demo produces, in pixels."""


class CameraError(RuntimeError):
    """The camera cannot deliver pictures; the message says what to do."""
