"""Privacy guards: purge on a schedule, and logs that never carry image data."""

from __future__ import annotations

import io
import logging

import numpy as np
from kiosk_fakes import make_mask, make_preview
from PIL import Image

from kiosk.orders.privacy import (
    CONSENT_TEXT_VERSION,
    NoImageDataFilter,
    install_log_filter,
    purge_expired,
)


def test_purge_expired_uses_the_store_retention(store, clock) -> None:
    order = store.create_order(drink_id="latte", mask=make_mask(), preview=make_preview())
    assert purge_expired(store).orders_purged == 0
    clock.advance(minutes=121)
    report = purge_expired(store)
    assert report.orders_purged == 1 and report.at == clock.now
    assert not store.get(order.id).has_images


def test_consent_version_is_recorded(store) -> None:
    store.record_consent(CONSENT_TEXT_VERSION, "ko", accepted=True)
    assert store.consent_log()[0].text_version == CONSENT_TEXT_VERSION


def _logger_to(buf: io.StringIO) -> logging.Logger:
    logger = logging.getLogger(f"privacy-test-{id(buf)}")
    logger.propagate = False
    handler = logging.StreamHandler(buf)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    install_log_filter(logger)
    return logger


def test_log_filter_withholds_frames_bytes_and_images() -> None:
    buf = io.StringIO()
    log = _logger_to(buf)
    frame = np.full((4, 4, 3), 173, np.uint8)
    log.info("frame %s from %s", frame, "camera 0")
    log.info("png %r", b"\x89PNG secret-bytes")
    log.info(Image.new("RGB", (2, 2)))
    log.info("mask %(m)s", {"m": make_mask()})
    log.info("printed order %d", 42)
    text = buf.getvalue()
    assert "173" not in text and "secret-bytes" not in text and "PIL" not in text
    assert text.count("<image data withheld>") == 4
    assert "from camera 0" in text and "printed order 42" in text


def test_installing_twice_adds_one_filter() -> None:
    buf = io.StringIO()
    log = _logger_to(buf)
    install_log_filter(log)
    assert sum(isinstance(f, NoImageDataFilter) for f in log.handlers[0].filters) == 1
