"""The phone upload's errors: a code and parameters; each front end owns its words.

The phone page (:mod:`kiosk.phone.texts`), the kiosk screen and ``photolatte phone-test``
each turn a :class:`PhoneError` code into their own sentence.
"""

from __future__ import annotations

from typing import Any


class PhoneError(Exception):
    """Something the phone upload cannot do. ``code`` names it (see the codes below),
    ``params`` carries the numbers and names a message needs."""

    def __init__(self, code: str, detail: str = "", **params: Any) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.params = params


# Start-up (photolatte phone-test, the kiosk's log).
BIND_FAILED = "bind_failed"  # params: host, port, reason ("in_use", "not_here", "denied", ...)
BAD_HOST = "bad_host"  # params: host: neither an address nor an interface with one
ALL_INTERFACES = "all_interfaces"  # 0.0.0.0 / :: named: refused, bind one interface

# A photo from a phone (the page shows these).
NOT_A_PHOTO = "not_a_photo"  # the bytes are no image format we read
UNREADABLE = "unreadable"  # an image, but damaged, too large in pixels or too small
TOO_LARGE = "too_large"  # params: limit_mb
EMPTY = "empty"
