"""The profile's strict schema: every problem is refused naming the key and the range."""

from __future__ import annotations

import copy
import json

import pytest
from cal_profiles import measured

from calibration.errors import ProfileError, ProfileProblem
from calibration.profile import SCHEMA_VERSION, Profile, checksum


def _doc() -> dict:
    return measured().to_dict()


def _refused(doc: dict, *, verify: bool = False) -> ProfileError:
    with pytest.raises(ProfileError) as info:
        Profile.from_dict(doc, verify_checksum=verify)
    return info.value


def test_a_profile_survives_json_exactly() -> None:
    p = measured()
    text = p.to_json()
    again = Profile.from_dict(json.loads(text))
    assert again.to_json() == text
    assert again.geometry == p.geometry and again.dose_mg_per_dot == p.dose_mg_per_dot
    assert again.tone["cocoa"].steps[3].lightness is None  # an unread step stays unread
    assert Profile.blank("PL-1").calibrated is False and p.calibrated


def test_the_checksum_catches_any_edit() -> None:
    doc = _doc()
    doc["geometry"]["offset_x_mm"] = 1.3
    with pytest.raises(ProfileError) as info:
        Profile.from_dict(doc)
    assert info.value.problem is ProfileProblem.CHECKSUM
    doc["checksum"] = checksum(doc)
    assert Profile.from_dict(doc).geometry.offset_x_mm == 1.3  # type: ignore[union-attr]


@pytest.mark.parametrize(("path", "value", "problem", "params"), [
    (("geometry", "offset_x_mm"), 12.5, "out_of_range",
     {"key": "geometry.offset_x_mm", "min": -10.0, "max": 10.0}),
    (("geometry", "scale"), "1.01", "wrong_type", {"key": "geometry.scale", "expected": "number"}),
    (("geometry", "rotation_deg"), True, "wrong_type", {"key": "geometry.rotation_deg"}),
    (("dose_mg_per_dot", "cocoa"), 5.0, "out_of_range",
     {"key": "dose_mg_per_dot.cocoa", "min": 0.01, "max": 2.0}),
    (("dose_mg_per_dot", "cocoa"), float("nan"), "out_of_range", {"key": "dose_mg_per_dot.cocoa"}),
    (("cups", 0, "print_diameter_mm"), 90.0, "out_of_range",
     {"key": "cups[0].print_diameter_mm", "max": 82.0}),
    (("tone", "cocoa", "steps", 4, "fitted"), 99.0, "bad_value",
     {"key": "tone.cocoa.steps[4].fitted"}),
    (("tone", "cocoa", "steps", 2, "coverage"), 1.5, "out_of_range",
     {"key": "tone.cocoa.steps[2].coverage", "min": 0.0, "max": 1.0}),
    (("provenance", "dose", "method"), "guessed", "bad_value", {"key": "provenance.dose.method"}),
    (("provenance", "geometry", "measured_at"), "yesterday", "bad_value",
     {"key": "provenance.geometry.measured_at"}),
    (("provenance", "geometry", "photo", "sha256"), "xyz", "bad_value",
     {"key": "provenance.geometry.photo.sha256"}),
    (("serial",), "../../etc/passwd", "bad_serial", {}),
    (("schema_version",), SCHEMA_VERSION + 1, "schema_too_new", {"supported": SCHEMA_VERSION}),
])
def test_bad_values_are_refused_with_the_key_and_range(path, value, problem, params) -> None:
    doc = _doc()
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    error = _refused(doc)
    assert error.code == problem
    for k, v in params.items():
        assert error.params[k] == v


def test_unknown_and_missing_keys_are_refused_by_name() -> None:
    doc = _doc()
    doc["geometry"]["skew_deg"] = 0.1
    error = _refused(doc)
    assert (error.code, error.params["key"]) == ("unknown_key", "geometry.skew_deg")
    assert "offset_x_mm" in error.params["allowed"]
    doc = _doc()
    del doc["dose_mg_per_dot"]["cinnamon"]
    error = _refused(doc)
    assert (error.code, error.params["key"]) == ("missing_key", "dose_mg_per_dot.cinnamon")
    doc = _doc()
    doc["tone"]["cocoa"]["steps"] = doc["tone"]["cocoa"]["steps"][:5]
    assert _refused(doc).params == {"key": "tone.cocoa.steps", "value": 5, "min": 11, "max": 64}
    doc = _doc()
    doc["cups"].append(copy.deepcopy(doc["cups"][0]))
    assert _refused(doc).params["key"] == "cups"
    assert _refused(["not", "an", "object"]).code == "wrong_type"


def test_nothing_measured_is_an_explicit_null() -> None:
    doc = Profile.blank("PL-1").to_dict()
    assert doc["geometry"] is None and doc["tone"] == {"cinnamon": None, "cocoa": None}
    assert doc["dose_mg_per_dot"] == {"cinnamon": None, "cocoa": None}
    assert doc["provenance"] == {"geometry": None, "tone": None, "dose": None}
    assert Profile.from_dict(doc).calibrated is False
