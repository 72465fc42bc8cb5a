"""The words of ``photolatte calibrate``: every calibration code in English, and the
profile in a few lines. Calibration itself speaks in codes (:mod:`calibration.errors`); the
technician screens have their own translations of the same codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from calibration.errors import CalibrationError
    from calibration.profile import Profile

REFUSAL_WORDS: dict[str, str] = {
    "photo_unreadable": "cannot read the photo ({reason})",
    "photo_too_large": "the photo is too large ({reason}); use a smaller copy",
    "no_cup": "no cup found: photograph the whole cup from above, on the machine's dark stand",
    "cup_cut_off": "the cup is cut off at the edge of the photo: step back so all of it "
                   "and the stand's two white marks are in the picture",
    "cup_too_small": "the cup is too small in the photo ({radius_px} px across the rim, at "
                     "least {minimum_px:.0f} needed): come closer or zoom in",
    "rim_unclear": "the cup's rim cannot be followed all round ({found} of {needed} points): "
                   "light the cup evenly and keep the whole rim in view",
    "blurred": "the photo is blurred (edges {edge_mm} mm wide, at most {limit_mm} mm): hold "
               "still and let the camera focus, then take it again",
    "over_exposed": "the photo is over-exposed (the foam is white in {clipped_pct}% of it): "
                    "use less light or lower the exposure",
    "under_exposed": "the photo is too dark: add light or raise the exposure",
    "fiducials_missing": "the chart's marks were not found ({found} of {needed}): print the "
                         "chart on a fresh cup and photograph it from above",
    "chart_unknown": "the chart's code cannot be read: print the chart again with "
                     "'photolatte calibrate chart' and photograph it",
    "wrong_chart": "this is a {kind} chart, not a {expected} chart",
    "chart_other_machine": "this chart was printed for another machine (chart code "
                           "{chart_code:03x}, this machine's is {machine_code:03x}): print "
                           "it on this machine",
    "index_marks_missing": "the stand's two white marks are not both in the photo ({found} "
                           "found): keep the stand around the cup in the picture",
    "residual_too_high": "the {what} do not fit (off by {residual_mm} mm, at most "
                         "{limit_mm} mm): take the photo again, straight above the cup",
    "out_of_range": "{key} measured {value}, outside {min}..{max}: check the cup and the "
                    "printer, then measure again",
    "glare": "a reflection hides the {powder} tone patches ({readable} readable, {needed} "
             "needed): move the light or the camera and take it again",
    "tone_not_monotone": "the {powder} patches do not darken step by step (scatter "
                         "{rms_lightness} L*): take the photo again in even light",
    "dose_reading": "the {powder} reading cannot be right (before {before_g} g, after "
                    "{after_g} g): read the reservoir again around the dose chart",
    "dose_missing": "no {powder} reading given for the dose",
    "inconsistent": "the photos disagree about the {key} (by {spread}, at most {limit}): take "
                    "the photos again",
}

PROFILE_WORDS: dict[str, str] = {
    "unreadable": "{path}: cannot read the profile ({reason})",
    "not_a_file": "{path}: not a regular file",
    "too_large": "{path}: too large to be a profile ({size_bytes} bytes)",
    "damaged": "{path}: the profile is damaged ({reason})",
    "checksum": "{path}: the profile's checksum does not match (edited or damaged)",
    "schema_too_new": "the profile is version {version}, newer than this software "
                      "({supported}): update Photo Latte",
    "unknown_key": "unknown setting '{key}' in the profile (allowed: {allowed_text})",
    "missing_key": "the profile lacks '{key}'",
    "wrong_type": "'{key}' in the profile must be a {expected}",
    "out_of_range": "'{key}' is {value}, outside {min}..{max}",
    "bad_value": "'{key}' in the profile: {rule}",
    "serial_mismatch": "the profile is for printer {found}, not {expected}",
    "bad_serial": "'{serial}' is not a printer serial ({rule})",
    "no_such_version": "there is no version {version} (history holds {available}; see "
                       "'photolatte calibrate history')",
    "write_failed": "{path}: cannot save the profile ({reason}); the previous profile stays "
                    "in force",
}


def describe(error: CalibrationError) -> str:
    """The English sentence for a calibration error's code and parameters."""
    params: dict[str, Any] = dict(error.params)
    if "clipped_share" in params:
        params["clipped_pct"] = round(100 * float(params["clipped_share"]))
    if "allowed" in params:
        params["allowed_text"] = ", ".join(params["allowed"])
    template = REFUSAL_WORDS.get(error.code) or PROFILE_WORDS.get(error.code)
    if template is None:
        return error.code.replace("_", " ")
    try:
        return template.format(**params)
    except (KeyError, ValueError, IndexError):
        return error.code.replace("_", " ")


def plain(value: Any) -> Any:
    """JSON-able copy (numpy numbers to Python)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def summary_lines(profile: Profile) -> list[str]:
    """The profile's sections in a few indented lines (``show``, ``run``)."""
    lines = []
    prov = profile.provenance
    g = profile.geometry
    if g is not None and prov.get("geometry") is not None:
        p = prov["geometry"]
        assert p is not None
        rms = p.residuals.get("fiducials_rms_mm")
        lines.append(f"  geometry: offset {g.offset_x_mm:+.2f} mm, {g.offset_y_mm:+.2f} mm; "
                     f"rotation {g.rotation_deg:+.2f}° clockwise; scale {g.scale:.4f}"
                     f" (measured {p.measured_at}"
                     + (f", residual {rms:.3f} mm)" if rms is not None else ")"))
    else:
        lines.append("  geometry: not measured (prints are not corrected)")
    tone = [f"{p} L* {r.steps[0].fitted:.1f}..{r.steps[-1].fitted:.1f} over {len(r.steps)} "
            "steps" for p, r in profile.tone.items() if r is not None]
    lines.append("  tone: " + ("; ".join(tone) if tone
                               else "not measured (the default dot-gain curve is used)"))
    doses = [f"{p} {mg:.4f} mg per dot" for p, mg in profile.dose_mg_per_dot.items()
             if mg is not None]
    lines.append("  dose: " + (", ".join(doses) if doses
                               else "not measured (the powder table's doses are used)"))
    lines.append("  cups: " + "; ".join(f"{c.name} (foam {c.foam_diameter_mm:g} mm, print "
                                        f"{c.print_diameter_mm:g} mm)" for c in profile.cups))
    return lines


__all__ = ["PROFILE_WORDS", "REFUSAL_WORDS", "describe", "plain", "summary_lines"]
