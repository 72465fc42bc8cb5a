"""The phone page's words, Korean and English, and the consent words from their one source.

The page's own sentences live in :data:`WORDS`. The consent points are not copied here:
English comes from :mod:`kiosk.orders.consent_text` and Korean from the kiosk's own
translation file (``kiosk/ui/i18n/customer_ko.ts``), read as XML (no Qt on this side).
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from pathlib import Path

from kiosk.orders import consent_text

LANGUAGES = ("ko", "en")
KIOSK_TRANSLATIONS = Path(__file__).resolve().parents[1] / "ui" / "i18n" / "customer_ko.ts"

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Photo Latte",
        "heading": "Your photo on your latte",
        "consent_heading": "What you agreed to at the kiosk",
        "pick_library": "Choose from my photos",
        "pick_camera": "Take a photo now",
        "chosen": "Photo chosen. Send it to the kiosk?",
        "send": "Send to the kiosk",
        "sending": "Sending… {percent}%",
        "checking": "The kiosk is drawing your latte…",
        "sent": "Sent! Look at the kiosk screen.",
        "sent_more": "To try another photo, press “Send another photo” on the kiosk and "
                     "scan its new code.",
        "privacy": "Nothing about your phone is kept. Your photo stays only in the kiosk's "
                   "memory and is never saved.",
        "switch": "한국어",
        "noscript": "This page needs JavaScript to send your photo. Please turn it on, or "
                    "take the photo at the kiosk instead.",
        # Errors, by code (kiosk.phone.errors and the HTTP statuses the page can get).
        "err_expired": "This code has expired. Scan the new code on the kiosk screen.",
        "err_used": "A photo was already sent with this code. To send another, press "
                    "“Send another photo” on the kiosk and scan its new code.",
        "err_not_found": "Nothing here. Scan the code on the kiosk screen.",
        "err_too_large": "This photo is too large to send (over {limit_mb} MB). Please "
                         "choose another photo.",
        "err_not_a_photo": "This file is not a photo. Please choose a photo (JPEG, PNG or "
                           "HEIC).",
        "err_unreadable": "The kiosk cannot read this photo. Please choose another one.",
        "err_empty": "The photo arrived empty. Please choose it again.",
        "err_busy": "Too many tries. Please wait {seconds} seconds and send again.",
        "err_timeout": "The connection was too slow. Move closer to the Wi-Fi and send "
                       "again.",
        "err_network": "The photo could not be sent. Check that your phone is on the café's "
                       "Wi-Fi, then send again.",
        "err_other": "Something went wrong. Please send the photo again, or take one at "
                     "the kiosk.",
    },
    "ko": {
        "title": "포토 라테",
        "heading": "내 사진을 라테 위에",
        "consent_heading": "키오스크에서 동의하신 내용",
        "pick_library": "내 사진에서 고르기",
        "pick_camera": "지금 사진 찍기",
        "chosen": "사진을 골랐어요. 키오스크로 보낼까요?",
        "send": "키오스크로 보내기",
        "sending": "보내는 중… {percent}%",
        "checking": "키오스크가 라테 그림을 만들고 있어요…",
        "sent": "보냈어요! 키오스크 화면을 봐 주세요.",
        "sent_more": "다른 사진을 쓰려면 키오스크에서 “다른 사진 보내기”를 누르고 새 코드를 "
                     "찍어 주세요.",
        "privacy": "휴대폰에 관한 정보는 남기지 않아요. 사진은 키오스크 메모리에만 있고 "
                   "저장되지 않아요.",
        "switch": "English",
        "noscript": "사진을 보내려면 자바스크립트가 필요해요. 켜 주시거나, 키오스크에서 "
                    "사진을 찍어 주세요.",
        "err_expired": "이 코드는 시간이 지났어요. 키오스크 화면의 새 코드를 찍어 주세요.",
        "err_used": "이 코드로 이미 사진을 보냈어요. 다른 사진을 보내려면 키오스크에서 "
                    "“다른 사진 보내기”를 누르고 새 코드를 찍어 주세요.",
        "err_not_found": "여기에는 아무것도 없어요. 키오스크 화면의 코드를 찍어 주세요.",
        "err_too_large": "사진이 너무 커서 보낼 수 없어요({limit_mb}MB 초과). 다른 사진을 "
                         "골라 주세요.",
        "err_not_a_photo": "사진 파일이 아니에요. 사진(JPEG, PNG, HEIC)을 골라 주세요.",
        "err_unreadable": "키오스크가 이 사진을 읽을 수 없어요. 다른 사진을 골라 주세요.",
        "err_empty": "사진이 비어 있어요. 다시 골라 주세요.",
        "err_busy": "너무 여러 번 시도했어요. {seconds}초 뒤에 다시 보내 주세요.",
        "err_timeout": "연결이 너무 느려요. 와이파이 가까이에서 다시 보내 주세요.",
        "err_network": "사진을 보내지 못했어요. 휴대폰이 카페 와이파이에 연결되어 있는지 "
                       "확인하고 다시 보내 주세요.",
        "err_other": "문제가 생겼어요. 사진을 다시 보내 주시거나 키오스크에서 사진을 찍어 "
                     "주세요.",
    },
}


def pick_language(query: str | None, accept_language: str | None) -> str:
    """``"ko"`` or ``"en"``: the page's switch (``?lang=``) first, then the phone's
    languages (``Accept-Language``, in the order the phone gives), Korean when neither says."""
    if query in LANGUAGES:
        return query
    for part in (accept_language or "").split(",")[:12]:
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("ko"):
            return "ko"
        if tag.startswith("en"):
            return "en"
    return "ko"


def words(language: str) -> dict[str, str]:
    """The page's sentences in ``language`` (unknown languages get Korean)."""
    return WORDS.get(language, WORDS["ko"])


def consent_points(language: str, *, minutes: int) -> list[str]:
    """The kiosk's consent points (the wording that names the phone), in ``language``."""
    points = list(consent_text.points(phone=True))
    if language == "ko":
        korean = _translations(consent_text.CONTEXT)
        points = [korean.get(p, p) for p in points]
    return [p.format(minutes=minutes) for p in points]


@functools.cache
def _translations(context: str, path: Path = KIOSK_TRANSLATIONS) -> dict[str, str]:
    """source -> finished translation for one context of a Qt ``.ts`` file."""
    root = ET.parse(path).getroot()
    out: dict[str, str] = {}
    for ctx in root.iter("context"):
        if ctx.findtext("name") != context:
            continue
        for message in ctx.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if (source and translation is not None and translation.text
                    and translation.get("type") not in ("unfinished", "obsolete", "vanished")):
                out[source] = translation.text
    return out
