"""The phone page's words (consent from the kiosk's own source) and the address rules."""

from __future__ import annotations

import re

import pytest

from kiosk.orders import consent_text
from kiosk.phone import network, page, texts
from kiosk.phone.errors import ALL_INTERFACES, BAD_HOST, PhoneError

HANGUL = re.compile("[\uac00-\ud7a3]")


def test_the_page_shows_the_kiosks_consent_words_in_both_languages():
    korean = texts._translations(consent_text.CONTEXT)
    english_points = [p.format(minutes=90) for p in consent_text.points(phone=True)]
    assert texts.consent_points("en", minutes=90) == english_points
    ko = texts.consent_points("ko", minutes=90)
    # Each Korean point is the kiosk's own finished translation, not a copy kept here.
    assert ko == [korean[p].format(minutes=90) for p in consent_text.points(phone=True)]
    assert all(HANGUL.search(p) for p in ko)
    html = page.photo_page("ko", retention_minutes=90, limit_mb=25)
    for point in ko:
        assert point.replace("'", "&#x27;") in html


def test_every_page_word_exists_in_both_languages_with_the_same_placeholders():
    assert texts.WORDS["en"].keys() == texts.WORDS["ko"].keys()
    for key, english in texts.WORDS["en"].items():
        korean = texts.WORDS["ko"][key]
        assert set(re.findall(r"{\w+}", english)) == set(re.findall(r"{\w+}", korean)), key
        if key != "switch":
            assert HANGUL.search(korean), key


@pytest.mark.parametrize(("query", "accept", "expected"), [
    (None, "ko-KR,ko;q=0.9,en;q=0.8", "ko"),
    (None, "en-US,en;q=0.9,ko;q=0.5", "en"),
    (None, "fr-FR,en;q=0.5", "en"),
    (None, None, "ko"),
    ("en", "ko-KR", "en"),
    ("xx", "en", "en"),
])
def test_the_page_language_follows_the_phone_then_the_switch(query, accept, expected):
    assert texts.pick_language(query, accept) == expected


def test_addresses_and_interfaces():
    assert network.resolve_host("127.0.0.1") == "127.0.0.1"
    assert network.resolve_host("lo") == "127.0.0.1"
    assert network.resolve_host("[::1]") == "::1"
    for everything in ("0.0.0.0", "::"):
        with pytest.raises(PhoneError) as caught:
            network.resolve_host(everything)
        assert caught.value.code == ALL_INTERFACES
    with pytest.raises(PhoneError) as caught:
        network.resolve_host("no-such-interface0")
    assert caught.value.code == BAD_HOST
    assert network.url_host("::1") == "[::1]"


def test_advice_for_addresses_phones_cannot_reach():
    assert "loopback" in network.advice("127.0.0.1")
    assert "not_here" in network.advice("203.0.113.9")  # TEST-NET-3, on no interface here
    assert "link_local" in network.advice("169.254.10.10")
