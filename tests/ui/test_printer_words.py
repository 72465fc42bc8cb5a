"""The barista's words for print failures and printer faults are keyed by code: every driver
error code, the print service's own codes and every fault read in English and Korean, with
their parameters filled in, and an edited English sentence can no longer fall back."""

from __future__ import annotations

import re

import pytest

from kiosk.ui.barista.words import error_words, fault_message, printer_message
from kiosk.ui.i18n import LanguageManager
from kiosk.ui.printing import MSG_KIOSK_STOPPED, MSG_NO_MASK, MSG_NOT_CONNECTED, PrintFailure
from printer_driver import faults
from printer_driver.errors import ErrorCode

SERVICE_CODES = ("not_connected", "no_mask", "kiosk_stopped", "unexpected")
PARAMS = {"powder": "cinnamon", "faults": "fault_20", "rows_done": 12, "url": "/dev/x"}
CODES = [c.value for c in ErrorCode] + list(SERVICE_CODES)


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
    assert english and "{" not in english
    # A code is never shown as the generic "stopped unexpectedly" words unless it is that.
    generic = error_words("unexpected", {})
    if code not in ("unexpected", "job_not_found"):
        assert english != generic, code
    languages.set_language("ko")
    korean = error_words(code, PARAMS, print_started=started)
    assert _korean(korean) and "{" not in korean, korean


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
    assert "{" not in english
    # The yellow box's Continue: asked for exactly the faults that need acknowledging.
    assert ("Continue" in english) == fault.needs_ack, english
    assert "reports a problem" not in english  # not the words for an unknown fault
    languages.set_language("ko")
    assert _korean(fault_message(fault.name)), fault_message(fault.name)


def test_stored_records_read_by_code_and_old_sentences_still_read(languages):
    record = PrintFailure("cup_removed", {"rows_done": 3}, print_started=True).to_record()
    assert PrintFailure.from_record(record) == PrintFailure("cup_removed", {"rows_done": 3},
                                                            print_started=True)
    assert printer_message(record) == "Cup removed during printing: place the cup and reprint"
    for own in (MSG_KIOSK_STOPPED, MSG_NO_MASK, MSG_NOT_CONNECTED):
        assert PrintFailure.from_record(own) is not None
    old = "Cinnamon is empty: refill it, then press Continue"  # stored by an older version
    assert PrintFailure.from_record(old) is None and printer_message(old) == old
    languages.set_language("ko")
    assert _korean(printer_message(record))
    assert _korean(printer_message(old))
    assert printer_message("{not json") == "{not json"  # shown as is, never a crash
