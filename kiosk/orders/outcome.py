"""How a print ended, as the store keeps it: an error code and its parameters, never words.

A failed or interrupted print is stored as a code (the driver's or the print service's:
``powder_empty``, ``link_lost``, ``not_connected`` …, or one of the store's own below) and
a small JSON object of parameters (``{"powder": "cinnamon", "rows_done": 87}``). Each front
end turns them into its own words, so an old order reads in Korean or English alike.

Orders stored before codes (schema 1) kept an English sentence; migration 2 turned it into
the code :data:`LEGACY` with the sentence as the parameter ``text``, and the store's own two
sentences into :data:`KIOSK_RESTARTED` and :data:`SUPERSEDED`.

The printer's job id is kept as the driver prints it: exactly 8 lowercase hex digits.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping

from kiosk.orders.errors import ParamValue

ErrorParams = Mapping[str, ParamValue]
"""An error's parameters: names to JSON scalars (text, whole numbers, numbers, None)."""

KIOSK_RESTARTED = "kiosk_restarted"
"""The kiosk stopped during the print (power cut, crash, restart); set when it reopens."""
SUPERSEDED = "superseded"
"""A reprint started while this attempt was still open."""
LEGACY = "legacy"
"""An outcome stored as an English sentence before codes; params ``{"text": sentence}``."""

_CODE = re.compile(r"[a-z][a-z0-9_]{0,63}")
_JOB_ID = re.compile(r"[0-9a-f]{8}")
MAX_PARAMS_JSON = 4096
"""Bytes: parameters are a few short values, never a log or an image."""


def check_code(code: str) -> str:
    """``code`` if it is a snake_case code (``[a-z][a-z0-9_]*``, at most 64), else ValueError."""
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise ValueError(f"an error code is snake_case text such as 'link_lost', got {code!r}")
    return code


def check_job_id(job_id: str) -> str:
    """``job_id`` if it is the driver's job id text (8 lowercase hex digits), else ValueError."""
    if not isinstance(job_id, str) or not _JOB_ID.fullmatch(job_id):
        raise ValueError(
            f"a job id is 8 lowercase hex digits such as '0000002a', got {job_id!r}")
    return job_id


def encode_params(params: ErrorParams | None) -> str | None:
    """Parameters as compact JSON (keys sorted), or None for none.

    Raises:
        ValueError: a key is not snake_case, a value is not a JSON scalar (text, int,
            finite float, None), or the whole is over :data:`MAX_PARAMS_JSON` bytes.
    """
    if not params:
        return None
    clean: dict[str, ParamValue] = {}
    for key, value in params.items():
        check_code(key)
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"parameter {key!r} must be a finite number, got {value!r}")
        if value is not None and not isinstance(value, str | int | float):
            raise ValueError(
                f"parameter {key!r} must be text, a number or None, got {type(value).__name__}")
        clean[key] = value
    text = json.dumps(clean, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if len(text.encode("utf-8")) > MAX_PARAMS_JSON:
        raise ValueError(f"error parameters are over {MAX_PARAMS_JSON} bytes")
    return text


def decode_params(text: str | None) -> dict[str, ParamValue]:
    """The parameters stored by :func:`encode_params` (an empty dict for none).

    A value that is not a JSON object (a hand-edited row) comes back as ``{"raw": text}``
    rather than failing the whole queue.
    """
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {"raw": text}
    if not isinstance(data, dict):
        return {"raw": text}
    return {str(k): v if v is None or isinstance(v, str | int | float) else str(v)
            for k, v in data.items()}
