"""Work around a reference-count bug of PySide6 6.12 on Python 3.11 (applied on import).

PySide6/shiboken6 6.12 (abi3 wheels) returns ``None`` from every void Qt method and ``True``
from ``Signal.emit`` without taking a reference. On Python >= 3.12 these objects are immortal
(PEP 683) and nothing happens; on 3.11 each call lowers their reference count by one, and a
kiosk that calls ``setText``/``processEvents``/``QTimer.start`` thousands of times a second
dies within minutes with "Fatal Python error: none_dealloc: deallocating None".

Until the lock moves to Python >= 3.12 or a fixed PySide6, we do what 3.12 does: give
``None``, ``True`` and ``False`` a reference count so large (2**60) that no run can use it
up. On Python >= 3.12 this module does nothing.
"""

from __future__ import annotations

import ctypes
import sys

_BALLAST = 2**60
_applied = False


def apply() -> bool:
    """Make None/True/False effectively immortal on Python < 3.12; True if it did."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first Py_ssize_t of every CPython object (non-debug builds).
        refcnt = ctypes.c_ssize_t.from_address(id(obj))
        if refcnt.value < _BALLAST:
            refcnt.value += _BALLAST
    _applied = True
    return True


apply()
