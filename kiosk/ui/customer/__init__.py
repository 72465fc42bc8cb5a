"""The customer's screens: attract → drink → consent → camera → cup → ticket.

:class:`kiosk.ui.customer.window.CustomerWindow` holds the flow; each screen is a widget that
only emits what the customer asked for. The photo lives in
:class:`kiosk.ui.customer.session.CustomerSession` and nowhere else.
"""
