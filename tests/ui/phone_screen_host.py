"""The QR screen alone in a window dressed like the customer window (style, top bar, the
layout band for its size), at any size: for the fit test and for screenshots on a real
display::

    /work/shared/tools/xshot -g 1280x800 /tmp/qr -- .venv/bin/python \\
        tests/ui/phone_screen_host.py 1280x800 ko

(The whole customer window walks every screen at every size: test_customer_fit.py.)
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
from kiosk.ui.layouts import Density, Look, look_for
from kiosk.ui.theme import STYLE_SHEET, style_sheet
from kiosk.ui.widgets import LanguageToggle, label, set_touch_px

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
        self._look: Look | None = None

    def resizeEvent(self, event: Any) -> None:
        # As CustomerWindow does: the layout band for the size (96 dpi).
        look: Look | None = look_for(self.width(), self.height(), Density(96.0))
        if look is not None and look != self._look:
            self._look = look
            self.setStyleSheet(style_sheet(look))
            set_touch_px(self, look.touch_px)
            self.screen.apply_look(look)
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
