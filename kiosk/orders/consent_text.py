"""The photo consent's words: the single source for the kiosk screen and the phone page.

The English here is the source text. The kiosk's consent screen shows it through Qt's
translation system (``translate(CONTEXT, text)``; Korean in ``kiosk/ui/i18n/customer_ko.ts``)
and the phone page (:mod:`kiosk.phone.texts`) reads the same Korean from that ``.ts`` file,
so neither copy can drift. Change a sentence in substance and bump the matching version
below: the consent log records which text each customer saw.
"""

from __future__ import annotations

from kiosk.orders.privacy import CONSENT_TEXT_VERSION


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for Qt's ``lupdate`` without importing Qt (this module is headless)."""
    del context
    return text


CONTEXT = "CustomerConsent"
"""The Qt translation context of every string here."""

TITLE = QT_TRANSLATE_NOOP("CustomerConsent", "May we take your photo?")

WHAT_CAMERA = QT_TRANSLATE_NOOP(
    "CustomerConsent",
    "What: one photo of your face, taken by the camera above this screen.")
WHAT_CAMERA_OR_PHONE = QT_TRANSLATE_NOOP(
    "CustomerConsent",
    "What: one photo of your face, taken by the camera above this screen or sent from "
    "your phone.")
WHY = QT_TRANSLATE_NOOP(
    "CustomerConsent",
    "Why: only to draw your portrait in powder on this one drink. "
    "No face recognition, nothing shared.")
HOW_LONG = QT_TRANSLATE_NOOP(
    "CustomerConsent",
    "How long: the photo stays in this kiosk's memory and is never saved. The powder "
    "pattern made from it is deleted when your drink is served, or after {minutes} "
    "minutes at the latest.")
NO_COST = QT_TRANSLATE_NOOP(
    "CustomerConsent",
    "Saying no costs nothing: you get the same drink with a heart, a leaf or a "
    "message on top.")

SUMMARY = QT_TRANSLATE_NOOP(
    "CustomerConsent",
    "Your photo is never saved. The powder pattern made from it is kept until your drink "
    "is served, {minutes} minutes at most. Prefer no photo? Choose a heart, a leaf or a "
    "message.")
"""The attract screen's line on privacy: what :data:`HOW_LONG` says, in short (not part of
the consent answered, so not versioned)."""

CONSENT_TEXT_VERSION_PHONE = "consent-2026-12-04.phone.1"
"""The version logged when the wording offering the phone (:data:`WHAT_CAMERA_OR_PHONE`)
was shown; :data:`kiosk.orders.privacy.CONSENT_TEXT_VERSION` is the camera-only wording."""


def points(*, phone: bool) -> tuple[str, str, str, str]:
    """The four consent points in English (the source), ``{minutes}`` not yet filled in.

    ``phone``: the wording that also names a photo sent from the customer's phone (shown
    when the kiosk offers it)."""
    return (WHAT_CAMERA_OR_PHONE if phone else WHAT_CAMERA, WHY, HOW_LONG, NO_COST)


def version(*, phone: bool) -> str:
    """The text version to log with a consent answer given to :func:`points` (``phone``)."""
    return CONSENT_TEXT_VERSION_PHONE if phone else CONSENT_TEXT_VERSION
