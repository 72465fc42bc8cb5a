"""Qt tests run headless: the offscreen platform unless a display is chosen explicitly.

Importing :mod:`kiosk.ui` first applies the PySide6 6.12 / Python 3.11 reference-count
guard (see ``kiosk/ui/_pyside_guard.py``) before pytest-qt makes its first Qt call.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import kiosk.ui  # noqa: F401 - the guard must run before any Qt call
