"""The barista's words for print failures and printer faults are keyed by code: every driver
error code, the print service's own codes, the store's codes and every fault read in English
and Korean, with their parameters filled in; no English sentence is ever matched."""

from __future__ import annotations

import re

import pytest

from kiosk.orders.outcome import KIOSK_RESTARTED, LEGACY, SUPERSEDED
from kiosk.printing.outcome import ALL_FAILURE_CODES, PrintFailure, ServiceCode
from kiosk.ui.barista.words import (
    error_words,
    failure_words,
    fault_message,
    stored_error_words,
)
from kiosk.ui.i18n import LanguageManager
from printer_driver import faults
from printer_driver.errors import ErrorCode

PARAMS = {"powder": "cinnamon", "faults": "fault_20", "rows_done": 12, "url": "/dev/x"}
STORE_CODES = (KIOSK_RESTARTED, SUPERSEDED, LEGACY)
#: Every code an order's outcome may carry: the driver's, the service's and the store's.
CODES = [*ALL_FAILURE_CODES, *STORE_CODES]


def test_the_codes_are_the_driver_s_the_service_s_and_the_store_s():
    assert set(ALL_FAILURE_CODES) == {c.value for c in ErrorCode} | {c.value for c in ServiceCode}


@pytest.fixture
def languages(qtbot):
    manager = LanguageManager("en")
    yield manager
    manager.set_language("en")
    manager.close()


def _korean(text: str) -> bool:
    # Hangul, and no English words left (a placeholder value like fault_20 may remain).
    return bool(re.search("[가-힣]", text)) and not re.search("[A-Za-z]{4,}", text.replace(
        "fault_20", ""))


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("started", [True, False])
def test_every_failure_code_reads_in_both_languages(languages, code: str, started: bool):
    english = error_words(code, PARAMS, print_started=started)
    assert english and "{" not in english and english != code and " " in english
    # A code is never shown as the generic "stopped unexpectedly" words unless it is that.
    generic = error_words("unexpected", {})
    if code not in ("unexpected", "job_not_found"):
        assert english != generic, code
    languages.set_language("ko")
    korean = error_words(code, PARAMS, print_started=started)
    assert _korean(korean) and "{" not in korean and korean != english, korean


def test_parameters_fill_the_words(languages):
    assert error_words("powder_empty", {"powder": "cocoa"}) == (
        "Cocoa is empty: refill it, then press Continue")
    languages.set_language("ko")
    assert "시나몬" in error_words("powder_empty", {"powder": "cinnamon"})


def test_nothing_printed_changes_the_words_where_the_cup_is_clean(languages):
    assert "fresh cup" in error_words("printer_restarted", {}, print_started=True)
    assert "fresh cup" not in error_words("printer_restarted", {}, print_started=False)
    assert "fresh cup" not in error_words("link_lost", {}, print_started=False)


@pytest.mark.parametrize("fault", faults.FAULT_TABLE, ids=lambda f: f.name)
def test_every_fault_reads_in_both_languages_and_asks_continue_when_it_must(languages,
                                                                           fault):
    english = fault_message(fault.name)
    assert "{" not in english and english != fault.name and " " in english
    # The yellow box's Continue: asked for exactly the faults that need acknowledging.
    assert ("Continue" in english) == fault.needs_ack, english
    assert "reports a problem" not in english  # not the words for an unknown fault
    languages.set_language("ko")
    korean = fault_message(fault.name)
    assert _korean(korean) and korean != english, korean


def test_a_failure_and_the_order_it_left_read_the_same(languages):
    failure = PrintFailure("cup_removed", {"rows_done": 3}, print_started=True)
    assert failure_words(failure) == "Cup removed during printing: place the cup and reprint"
    # The order keeps the code and parameters; INTERRUPTED means "print started".
    assert stored_error_words("cup_removed", {"rows_done": 3}, print_started=True) == (
        failure_words(failure))
    assert stored_error_words(None) == ""
    languages.set_language("ko")
    assert _korean(failure_words(failure))
    assert failure_words(failure) == stored_error_words("cup_removed", {"rows_done": 3})


def test_an_unknown_code_from_a_newer_version_gets_the_general_words(languages):
    assert error_words("a_code_from_the_future", {}) == error_words("unexpected", {})
