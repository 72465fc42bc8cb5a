"""The barista's window and the technician screen behind the PIN.

``BaristaWindow(context)`` (see :mod:`kiosk.ui.barista.window`) is what the app shell shows
next to the customer window. It prints through ``context.printer``, a
:class:`kiosk.ui.print_adapter.QtPrintService`.
"""

from kiosk.ui.barista.window import BaristaWindow

__all__ = ["BaristaWindow"]
