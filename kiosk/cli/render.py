"""``photolatte render``: a photo (or a built-in design) to a powder mask PNG.

    photolatte render PHOTO -o MASK.png [--preview CUP.png] [--style NAME]
                      [--powders cocoa|cinnamon|both] [--diameter-mm D] [--pitch-mm P]
                      [--darkness X] [--dither METHOD] [--dot-gain G] [--json]
    photolatte render --design heart|leaf|text [--text "Thank you"] -o MASK.png ...

Exit codes: 0 done; 2 bad input (unreadable photo, bad option); 1 the output could not be
written. Failures print one line on stderr naming the file and the problem.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_WRITE_FAILED = 1
EXIT_BAD_INPUT = 2

_STYLE_NAMES = ("portrait", "bold", "soft", "sketch")  # kept in step with imaging.STYLES
_DESIGN_NAMES = ("heart", "leaf", "text")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``render`` to the ``photolatte`` command."""
    p = subparsers.add_parser(
        "render", help="turn a photo into a powder mask (and a picture of the cup)",
        description="Turn a photo into a powder mask PNG for the printer, optionally with a "
        "preview of the cup. Photos: JPEG, PNG, WebP, BMP, TIFF or GIF.",
        epilog="styles: portrait (natural, default), bold (strong contrast, reads from afar), "
        "soft (gentle, more mid-tones), sketch (dark lines on clean foam, little powder). "
        "Exit codes: 0 done, 1 cannot write the output, 2 bad photo or option.",
    )
    p.add_argument("photo", metavar="PHOTO", nargs="?", help="photo file to render")
    p.add_argument("-o", "--output", metavar="MASK.png", required=True,
                   help="where to write the mask PNG")
    p.add_argument("--preview", metavar="CUP.png", help="also write a picture of the cup")
    p.add_argument("--preview-px", type=int, default=512, metavar="PX",
                   help="preview side in pixels (default 512)")
    p.add_argument("--style", choices=_STYLE_NAMES, default="portrait",
                   help="look of the portrait (default portrait)")
    p.add_argument("--powders", choices=("cocoa", "cinnamon", "both"), default="both",
                   help="powders to use (default both)")
    p.add_argument("--diameter-mm", type=float, default=76.0, metavar="D",
                   help="print circle diameter in mm (default 76)")
    p.add_argument("--pitch-mm", type=float, default=0.3, metavar="P",
                   help="dot pitch in mm (default 0.3)")
    p.add_argument("--darkness", type=float, default=0.0, metavar="X",
                   help="-1 lighter .. +1 darker (default 0)")
    p.add_argument("--dither", metavar="METHOD",
                   help="dither method: floyd-steinberg, atkinson, jarvis, stucki, "
                   "sierra-lite, bayer8 or blue-noise (default: the style's)")
    p.add_argument("--dot-gain", type=float, default=1.5, metavar="G",
                   help="powder spread, dot diameter / pitch (default 1.5)")
    p.add_argument("--design", choices=_DESIGN_NAMES,
                   help="render a built-in design instead of a photo")
    p.add_argument("--text", help="greeting for --design text (default 'Thank you')")
    p.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    p.set_defaults(func=run_render)


def _fail(code: int, message: str) -> int:
    print(f"photolatte render: {message}", file=sys.stderr)
    return code


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def run_render(args: argparse.Namespace) -> int:
    """Render, write the files, report; returns the exit code."""
    try:
        return _run(args)
    except Exception as exc:  # a bug must still give one line, not a trace, to the user
        if os.environ.get("PHOTOLATTE_DEBUG"):
            raise
        return _fail(EXIT_WRITE_FAILED, f"unexpected error: {_one_line(exc)} "
                     "(set PHOTOLATTE_DEBUG=1 for details)")


def _run(args: argparse.Namespace) -> int:
    # Pillow logs decoder complaints at ERROR; the user gets our one line instead.
    logging.getLogger("PIL").addHandler(logging.NullHandler())
    from kiosk.imaging import ImageError, RenderSettings
    from kiosk.imaging.designs import DesignError, render_design
    from kiosk.imaging.dither import METHODS
    from kiosk.imaging.pipeline import render_portrait
    from kiosk.imaging.preview import render_cup

    if (args.photo is None) == (args.design is None):
        return _fail(EXIT_BAD_INPUT, "give either a PHOTO or --design NAME (not both)")
    if args.dither is not None and args.dither not in METHODS:
        return _fail(EXIT_BAD_INPUT, f"unknown dither '{args.dither}'; choose one of "
                     f"{', '.join(METHODS)}")
    if args.preview and args.preview_px < 32:
        return _fail(EXIT_BAD_INPUT, "--preview-px must be at least 32")
    try:
        settings = RenderSettings(
            diameter_mm=args.diameter_mm, pitch_mm=args.pitch_mm, powders=args.powders,
            style=args.style, darkness=args.darkness, dither=args.dither,
            dot_gain=args.dot_gain, preview_px=args.preview_px if args.preview else 0,
        )
    except ValueError as exc:
        return _fail(EXIT_BAD_INPUT, f"bad option: {_one_line(exc)}")

    summary: dict = {"input": args.photo, "design": args.design}
    if args.design:
        try:
            mask = render_design(args.design, settings, text=args.text)
        except (DesignError, ValueError) as exc:
            return _fail(EXIT_BAD_INPUT, f"design '{args.design}': {_one_line(exc)}")
        preview = render_cup(mask, args.preview_px, dot_gain=args.dot_gain) \
            if args.preview else None
        summary.update(input_size=None, face_found=False, face_box=None, crop_box=None,
                       timings_ms={})
    else:
        try:
            result = render_portrait(args.photo, settings)
        except ImageError as exc:
            return _fail(EXIT_BAD_INPUT, _one_line(exc))
        mask, preview = result.mask, (result.preview if args.preview else None)
        summary.update(
            input_size=list(result.input_size), face_found=result.face_found,
            face_box=result.face_box.as_list() if result.face_box else None,
            crop_box=result.crop_box.as_list(), timings_ms=result.timings_ms,
        )

    try:
        Path(args.output).write_bytes(mask.to_png_bytes())
    except OSError as exc:
        return _fail(EXIT_WRITE_FAILED, f"{args.output}: cannot write the mask "
                     f"({exc.strerror or _one_line(exc)})")
    if preview is not None:
        err = _write_preview(args.preview, preview)
        if err:
            return _fail(EXIT_WRITE_FAILED, f"{args.preview}: cannot write the preview ({err})")

    summary.update(
        mask=str(args.output), preview=args.preview, grid_size=mask.size,
        diameter_mm=mask.diameter_mm, pitch_mm=mask.pitch_mm, powders=mask.powders.value,
        style=settings.style, dither=settings.tone().dither,
        dots=mask.dot_counts(), grams={k: round(v, 3) for k, v in mask.grams().items()},
    )
    if args.json:
        print(json.dumps(summary, sort_keys=True))
    else:
        face = "face found" if summary["face_found"] else (
            f"design {args.design}" if args.design else "no face found: centred crop")
        dots = ", ".join(f"{v} {k}" for k, v in summary["dots"].items())
        grams = sum(summary["grams"].values())
        print(f"{args.output}: {mask.size}×{mask.size} dots, {face}; {dots} dots "
              f"(~{grams:.1f} g powder)" + (f"; preview {args.preview}" if args.preview else ""))
    return EXIT_OK


def _write_preview(path: str, rgb: object) -> str | None:
    from PIL import Image

    try:
        Image.fromarray(rgb, "RGB").save(path)
    except (OSError, ValueError, KeyError) as exc:
        text = exc.strerror if isinstance(exc, OSError) and exc.strerror else _one_line(exc)
        return f"{text}; use a .png or .jpg name" if isinstance(exc, ValueError | KeyError) \
            else text
    return None
