"""The Qt layer of the kiosk: the app shell, the customer's screens and the barista's window.

Only this package imports Qt (``tests/test_layering.py``). Shared pieces:
``context.AppContext`` (what both windows get), ``i18n.LanguageManager`` (Korean/English at
any time), ``theme`` (colours, sizes, style sheet) and ``stall.StallMonitor`` (GUI-thread
responsiveness).
"""
