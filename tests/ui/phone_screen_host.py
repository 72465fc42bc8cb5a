"""The QR screen alone in a window dressed like the customer window (style, top bar,
compact mode), at any size: for the fit test and for screenshots on a real display::

    /work/shared/tools/xshot -g 1280x800 /tmp/qr -- .venv/bin/python \\
        tests/ui/phone_screen_host.py 1280x800 ko

The whole customer window cannot go below ~824x756 yet (other screens' minimum sizes;
issue 9 reworks every layout); the QR screen must already fit 800x480 and portrait panels.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.context import AppContext
from kiosk.ui.customer.phone import PhoneScreen
from kiosk.ui.i18n import LanguageManager
from kiosk.ui.theme import COMPACT_BELOW_PX, STYLE_SHEET
from kiosk.ui.widgets import LanguageToggle, label

SAMPLE_URL = "http://192.168.100.200:8765/p/" + "Zq3xW9-kLmN0pR7sT_vY2aB4cD6eF8gH"


class PhoneScreenHost(QWidget):
    """A top bar and the :class:`PhoneScreen`, styled as ``CustomerWindow``."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setObjectName("CustomerWindow")
        self.setStyleSheet(STYLE_SHEET)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        top = QWidget()
        top.setObjectName("TopBar")
        top.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar = QHBoxLayout(top)
        bar.setContentsMargins(32, 8, 24, 8)
        bar.addWidget(label("Photo Latte", role="subtitle",
                            align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), 1)
        bar.addWidget(LanguageToggle(context.i18n))
        self.screen = PhoneScreen(context)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top)
        layout.addWidget(self.screen, 1)

    def resizeEvent(self, event: Any) -> None:
        # As CustomerWindow does: short screens get touch-minimum buttons.
        compact = self.height() < COMPACT_BELOW_PX
        if compact != bool(self.property("compact")):
            self.setProperty("compact", compact)
            for widget in (self, *self.findChildren(QWidget)):
                self.style().unpolish(widget)
                self.style().polish(widget)
                widget.updateGeometry()
        super().resizeEvent(event)


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from kiosk.settings.config import KioskConfig

    app = QApplication([sys.argv[0]])
    size = argv[0] if argv else "1280x800"
    lang = argv[1] if len(argv) > 1 else "ko"
    width, height = (int(v) for v in size.split("x"))
    config = KioskConfig(data_dir=Path("/nonexistent"), phone_wifi="Latte Guest")
    context = AppContext(config=config, store=None, menu=None, printer=None,
                         i18n=LanguageManager(lang))
    host = PhoneScreenHost(context)
    host.screen.show_code(SAMPLE_URL, lambda: 272.0)
    host.resize(width, height)
    host.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
