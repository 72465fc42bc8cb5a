"""python-escpos, imported the one way the kiosk imports it.

On import, python-escpos (3.1) parses its printer profiles (~0.2 s), pickles them into a
*new* temporary folder per process that nobody removes, and calls ``logging.basicConfig()``,
which would add its own handler to the kiosk's root logger. Here the cache goes to the
kiosk's cache folder (one file, reused) and the ``basicConfig`` finds a handler already in
place and does nothing. Import ``Dummy``/``Usb`` from here, never from ``escpos`` directly.

:func:`kiosk.counter.profiles.profile_names` reads the profile list without importing
python-escpos (the settings check a profile name and must not pay for the import).
"""

from __future__ import annotations

import logging
import os
import tempfile

from kiosk.settings import paths


def _cache_folder() -> str:
    try:
        return str(paths.cache_dir(create=True))
    except OSError:  # a read-only home: the shared temporary folder, not a new one each time
        return tempfile.gettempdir()


os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", _cache_folder())
_placeholder = logging.NullHandler()
_root = logging.getLogger()
_root.addHandler(_placeholder)
try:
    from escpos.printer import Dummy, Usb
finally:
    _root.removeHandler(_placeholder)

__all__ = ["Dummy", "Usb"]

