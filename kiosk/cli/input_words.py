"""The terminal's English for pictures given to ``photolatte render`` and ``print``.

Keyed by the codes of :class:`printer_driver.input_files.InputCode` and
:class:`kiosk.printing.inputs.WarningCode`; the parameters fill the blanks. One table for
both commands, so they say the same thing about the same file; only what each wants in its
place differs ("a photo" for ``render``, "a mask PNG or a photo" for ``print``).
"""

from __future__ import annotations

from kiosk.printing.inputs import InputWarning, PictureKind, WarningCode
from printer_driver.input_files import InputCode, InputError

FORMATS = "JPEG, PNG, WebP, BMP, TIFF or GIF"
#: What each command takes, as the words end "give {want} file".
WANT_PHOTO = "a photo"
WANT_MASK_OR_PHOTO = "a mask PNG or a photo"

_ERRORS: dict[InputCode, str] = {
    InputCode.NO_SUCH_FILE: "{file}: no such file: check the name",
    InputCode.NOT_A_FILE: "{file} is a {kind}, not a picture: give {want} file",
    InputCode.NOT_ALLOWED: "{file}: not allowed to read it: check the file's permissions",
    InputCode.UNREADABLE: "{file}: cannot read it ({reason}): check the file or copy it again",
    InputCode.TOO_LARGE: "{file}: the file is {size_mb} MB, larger than the {limit_mb} MB a "
                         "picture may be: use a smaller copy",
    InputCode.EMPTY: "{file}: the file is empty: take or choose the picture again",
    InputCode.NOT_A_PICTURE: "{file}: not a photo this kiosk can read: use " + FORMATS,
    InputCode.UNSUPPORTED_FORMAT: "{file}: {format} images are not supported: use " + FORMATS,
    InputCode.TOO_MANY_PIXELS: "{file}: the picture is {size}, too large: a {kind} may have "
                               "about {limit_mp} megapixels here; use a smaller copy",
    InputCode.TOO_SMALL: "{file}: the picture is only {width}×{height} pixels: a portrait "
                         "needs at least {min_side}×{min_side}",
    InputCode.DAMAGED: "{file}: the image is damaged or cannot be decoded ({reason}): take "
                       "or copy the photo again",
    InputCode.INVALID_PIXELS: "{file}: the picture holds invalid (NaN or infinite) values: "
                              "save it again as JPEG or PNG",
    InputCode.NOT_A_MASK: "{file}: not a Photo Latte mask: render a photo with "
                          "'photolatte render' first",
    InputCode.MASK_DAMAGED: "{file}: carries mask data but is not a valid mask ({reason}): "
                            "render the photo again with 'photolatte render'",
    InputCode.MASK_TOO_NEW: "{file}: mask format {version} is newer than this software "
                            "(format {supported}): update Photo Latte",
    InputCode.IS_A_MASK: "{file} is already a mask, not a photo: print it with "
                         "'photolatte print {file}', or render the photo it came from",
    InputCode.BAD_MASK: "{file}: the mask cannot be printed ({description}): render it again",
}
#: A damage the decoder named as the file being cut off gets plainer words.
_CUT_OFF = ("{file}: the image is damaged or incomplete (cut off): take or copy the photo "
            "again")

_WARNINGS: dict[tuple[WarningCode, str], str] = {
    (WarningCode.NOTHING_TO_PRINT, PictureKind.PHOTO):
        "the photo has no contrast: nothing to print; try another photo",
    (WarningCode.NOTHING_TO_PRINT, PictureKind.DESIGN):
        "the design has nothing to print; try another design or text",
    (WarningCode.NOTHING_TO_PRINT, PictureKind.MASK):
        "the mask has no dots: nothing to print; render the photo again",
}


def input_error_line(exc: InputError, want: str = WANT_MASK_OR_PHOTO) -> str:
    """One line for a terminal: what is wrong with the file and what to do."""
    p = exc.params
    values: dict[str, object] = {"file": exc.file, "want": want,
                                 "description": exc.description, **p}
    if exc.code is InputCode.TOO_LARGE:
        values.update(size_mb=_mb(p.get("size_bytes"), "{:.1f}"),
                      limit_mb=_mb(p.get("limit_bytes"), "{:g}"))
    if exc.code is InputCode.TOO_MANY_PIXELS:
        width, height = p.get("width"), p.get("height")
        values["size"] = (f"{width}×{height} pixels" if width and height
                          else f"{p.get('megapixels', '?')} megapixels")
    template = _ERRORS.get(exc.code)
    if exc.code is InputCode.DAMAGED and p.get("reason") == "cut off":
        template = _CUT_OFF
    if template is None:
        return " ".join(str(exc).split())
    try:
        line = template.format_map(values)
    except (KeyError, ValueError, IndexError):  # a code raised without its parameters
        return " ".join(str(exc).split())
    return " ".join(line.split())


def warning_line(warning: InputWarning) -> str:
    """One line for a terminal about a usable picture."""
    if warning.code is WarningCode.POWDER_SHORT:
        p = warning.params
        return (f"this print needs about {p.get('needed_g')} g of {p.get('powder')}, the "
                f"printer has {p.get('left_g')} g left: refill it before printing, or the "
                "print stops part way")
    key = (warning.code, warning.params.get("kind", ""))
    return _WARNINGS.get(key, warning.code.value.replace("_", " "))


def warning_json(warning: InputWarning) -> dict[str, object]:
    """A warning for ``--json``: its code and parameters, and the line in words."""
    return {**warning.to_dict(), "message": warning_line(warning)}


def _mb(value: object, form: str) -> str:
    return form.format(value / 1e6) if isinstance(value, int | float) else "?"
