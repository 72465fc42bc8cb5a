"""Every calibration code the headless side can send has its own words in both languages:
a refused photo, a run's problem, the check's reason, the machine's calibration state. A
code falling through to the generic sentence, or Korean left in English, would tell the
technician or the barista nothing."""

from __future__ import annotations

import pytest

from calibration.errors import ProfileProblem, Refusal, RunProblem
from kiosk.printing.calibration_service import CheckReason, CheckResult, CheckVerdict
from kiosk.printing.calibration_state import CalibrationState, CalibrationStatus
from kiosk.ui.barista import calibration_words as words

PARAMS = {"found": 12, "needed": 39, "residual_mm": 0.21, "limit_mm": 0.15, "why": "x",
          "reason": "no device", "expected": "A", "found_serial": "B", "path": "/p",
          "offset_mm": 1.2, "rotation_deg": 0.9, "limit_deg": 0.5, "scale_pct": 0.8,
          "limit_pct": 0.5, "refusal": "blurred", "failure": "link_lost"}


@pytest.fixture(params=["en", "ko"])
def language(request, qapp):
    from kiosk.ui.i18n import LanguageManager

    manager = LanguageManager(request.param)
    yield request.param
    manager.set_language("en")


def _all_texts() -> dict[str, str]:
    out = {f"refusal {c}": words.refusal_words(c.value, PARAMS) for c in Refusal}
    out.update({f"run {c}": words.run_problem_words(c.value, PARAMS) for c in RunProblem})
    out.update({f"check {c}": words.check_words(CheckResult(CheckVerdict.CALL_TECHNICIAN, c,
                                                            PARAMS)) for c in CheckReason})
    out.update({f"status {s}": words.status_words(CalibrationState(s)) for s in
                CalibrationStatus})
    out.update({f"profile {c}": words.profile_problem_words(c.value, PARAMS)
                for c in (ProfileProblem.WRITE_FAILED, ProfileProblem.NO_SUCH_VERSION)})
    return out


def test_every_code_has_its_own_words(language):
    texts = _all_texts()
    generic = {words.refusal_words("not_a_code"), words.run_problem_words("not_a_code")}
    for code, text in texts.items():
        assert text.strip() and text not in generic, code
        assert "{" not in text, f"{code}: a parameter left unfilled: {text}"
        if language == "ko":
            assert any("\uac00" <= ch <= "\ud7a3" for ch in text), f"{code} in English: {text}"
    # Different codes say different things (a table copied twice would not).
    refusals = [t for c, t in texts.items() if c.startswith("refusal")]
    assert len(set(refusals)) == len(refusals)
