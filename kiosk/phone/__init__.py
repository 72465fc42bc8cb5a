"""A photo from the customer's phone: a one-page web upload on the café Wi-Fi (no Qt).

The kiosk shows a QR code holding a one-time code; the phone opens a small page, the
customer picks or takes a photo and sends it; the kiosk renders the cup from it like a
camera photo. Pieces:

- :mod:`kiosk.phone.service`: :class:`PhoneService`, what the kiosk and the CLI use.
- :mod:`kiosk.phone.codes`: the one-time codes.
- :mod:`kiosk.phone.app`: the web application (pages, upload, security headers, limits).
- :mod:`kiosk.phone.server`: uvicorn in its own thread, with a header deadline.
- :mod:`kiosk.phone.decode`: the photo's bytes to pixels, in memory (HEIC too).
- :mod:`kiosk.phone.texts`, :mod:`kiosk.phone.page`: the page's words and HTML.
- :mod:`kiosk.phone.network`: which address to bind, and advice when phones cannot reach it.
"""
