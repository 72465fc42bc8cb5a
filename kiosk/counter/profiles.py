"""The receipt printer profiles python-escpos knows, read without importing python-escpos
(the settings check ``receipt.profile``; a ``photolatte`` command must not pay 0.2 s and a
temporary folder for it: see :mod:`kiosk.counter.escpos_lib`)."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files


@cache
def profile_names() -> frozenset[str]:
    """Profile names such as ``"TM-T88V"``, ``"TM-T20II"``, ``"POS-5890"``."""
    data = json.loads(files("escpos").joinpath("capabilities.json").read_text("utf-8"))
    return frozenset(data["profiles"])
