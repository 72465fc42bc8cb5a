"""``photolatte render``: a photo (or a built-in design) to a powder mask PNG.

    photolatte render PHOTO -o MASK.png [--preview CUP.png] [--style NAME]
                      [--powders cocoa|cinnamon|both] [--diameter-mm D] [--pitch-mm P]
                      [--darkness X] [--dither METHOD] [--dot-gain G]
                      [--faces auto|all|largest|N] [--json]
    photolatte render --design heart|leaf|text [--text "Thank you"] -o MASK.png ...

Exit codes: 0 done; 2 bad input (unreadable photo, bad option, an output that would
overwrite the photo or the other output); 1 the output could not be written. Failures print
one line on stderr naming the file and the problem. Outputs are written to a temporary file
beside the target and renamed into place, so a failure never leaves half a file and never
replaces one output without the other.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy loads with the imaging core, not for --help
    import numpy as np

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
                   help="preview side in pixels, 32..4096 (default 512)")
    p.add_argument("--style", choices=_STYLE_NAMES, default="portrait",
                   help="look of the portrait (default portrait)")
    p.add_argument("--powders", choices=("cocoa", "cinnamon", "both"), default="both",
                   help="powders to use (default both)")
    p.add_argument("--diameter-mm", type=float, default=76.0, metavar="D",
                   help="print circle diameter in mm, 20..120 (default 76)")
    p.add_argument("--pitch-mm", type=float, default=0.3, metavar="P",
                   help="dot pitch in mm, 0.1..2, at most 1024 dots across "
                   "(default 0.3)")
    p.add_argument("--darkness", type=float, default=0.0, metavar="X",
                   help="-1 lighter .. +1 darker (default 0)")
    p.add_argument("--dither", metavar="METHOD",
                   help="dither method: floyd-steinberg, atkinson, jarvis, stucki, "
                   "sierra-lite, bayer8 or blue-noise (default: the style's)")
    p.add_argument("--dot-gain", type=float, default=1.5, metavar="G",
                   help="powder spread, dot diameter / pitch (default 1.5)")
    p.add_argument("--faces", type=_faces_option, default="auto", metavar="WHICH",
                   help="which faces to frame: auto (one face: it; two or three people "
                   "posing: all of them; more: the largest), all, largest, or N, the Nth "
                   "face from the left as --json lists them (default auto)")
    p.add_argument("--design", choices=_DESIGN_NAMES,
                   help="render a built-in design instead of a photo")
    p.add_argument("--text", help="greeting for --design text (default 'Thank you')")
    p.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    p.set_defaults(func=run_render)


def _faces_option(text: str) -> str | int:
    """``--faces``: a word, or a face number from 1 (turned into a 0-based index)."""
    word = text.strip().lower()
    if word in ("auto", "all", "largest"):
        return word
    if word.isdigit() and int(word) >= 1:
        return int(word) - 1
    raise argparse.ArgumentTypeError(
        f"'{text}' is not auto, all, largest or a face number from 1 (--json lists the "
        "faces from the left)")


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
    from kiosk.cli.input_words import WANT_PHOTO, input_error_line, warning_json, warning_line
    from kiosk.imaging import RenderSettings
    from kiosk.imaging.designs import DesignError, render_design
    from kiosk.imaging.dither import ERROR_DIFFUSION, METHODS, warm_up
    from kiosk.imaging.preview import render_cup
    from kiosk.imaging.settings import PREVIEW_PX
    from kiosk.printing.inputs import (
        PictureKind,
        picture_from_bytes,
        read_picture_file,
        warnings_for,
    )
    from printer_driver.input_files import InputError

    if args.photo is None and args.design is None:
        return _fail(EXIT_BAD_INPUT, "nothing to render: give a PHOTO file "
                     f"(or --design {'|'.join(_DESIGN_NAMES)})")
    if args.photo is not None and args.design is not None:
        return _fail(EXIT_BAD_INPUT, f"give a PHOTO ({args.photo}) or --design {args.design}, "
                     "not both")
    if args.dither is not None and args.dither not in METHODS:
        return _fail(EXIT_BAD_INPUT, f"unknown dither '{args.dither}'; choose one of "
                     f"{', '.join(METHODS)}")
    lo, hi = PREVIEW_PX
    if args.preview and not lo <= args.preview_px <= hi:  # 0 means "none" only inside
        return _fail(EXIT_BAD_INPUT, f"bad option: preview size {args.preview_px} px is "
                     f"outside {lo}..{hi} px (512 is typical)")
    try:
        settings = RenderSettings(
            diameter_mm=args.diameter_mm, pitch_mm=args.pitch_mm, powders=args.powders,
            style=args.style, darkness=args.darkness, dither=args.dither,
            dot_gain=args.dot_gain, preview_px=args.preview_px, faces=args.faces,
        )
    except ValueError as exc:
        return _fail(EXIT_BAD_INPUT, f"bad option: {_one_line(exc)}")
    if not args.preview:
        settings = replace(settings, preview_px=0)
    problem = _output_problem(args)
    if problem:
        return _fail(*problem)
    data = b""
    if args.photo is not None:  # a pipe, a device or a huge file is refused before any work
        try:
            data = read_picture_file(args.photo)
        except InputError as exc:
            return _fail(EXIT_BAD_INPUT, input_error_line(exc, WANT_PHOTO))

    # Importing numba and loading its compiled loop takes ~0.5 s per process: time it on
    # its own so timings_ms.dither is the dither itself.
    t0 = time.perf_counter()
    if settings.tone().dither in ERROR_DIFFUSION:
        warm_up(background=False)
    warmup_ms = round((time.perf_counter() - t0) * 1000.0, 3)

    summary: dict = {"input": args.photo, "design": args.design}
    if args.design:
        try:
            mask = render_design(args.design, settings, text=args.text)
        except (DesignError, ValueError) as exc:
            return _fail(EXIT_BAD_INPUT, f"design '{args.design}': {_one_line(exc)}")
        preview = render_cup(mask, args.preview_px, dot_gain=args.dot_gain) \
            if args.preview else None
        summary.update(input_size=None, face_found=False, face_box=None, crop_box=None,
                       faces=[], framed=[], timings_ms={"warmup": warmup_ms})
        warnings = warnings_for(mask, PictureKind.DESIGN)
    else:
        try:  # the same judgement as photolatte print: a mask file is refused, not rendered
            picture = picture_from_bytes(data, args.photo, settings, masks=False)
        except InputError as exc:
            return _fail(EXIT_BAD_INPUT, input_error_line(exc, WANT_PHOTO))
        result = picture.portrait
        assert result is not None  # a photo's picture carries its portrait
        mask, preview = result.mask, (result.preview if args.preview else None)
        if isinstance(args.faces, int) and args.faces >= len(result.faces):
            return _fail(EXIT_BAD_INPUT, f"--faces {args.faces + 1}: the photo has "
                         f"{_count(len(result.faces))}; give a number from 1 to "
                         f"{len(result.faces)}, or auto, all, largest" if result.faces else
                         f"--faces {args.faces + 1}: no face was found in the photo; use "
                         "--faces auto")
        warnings = picture.warnings
        summary.update(
            faces=[f.as_list() for f in result.faces],
            framed=[result.faces.index(f) + 1 for f in result.framed if f in result.faces],
            input_size=list(result.input_size), face_found=result.face_found,
            face_box=result.face_box.as_list() if result.face_box else None,
            crop_box=result.crop_box.as_list(),
            timings_ms={"warmup": warmup_ms, **result.timings_ms},
        )

    outputs = [(args.output, "-o", "the mask", mask.to_png_bytes())]
    if preview is not None:
        outputs.append((args.preview, "--preview", "the preview", _preview_bytes(args.preview,
                                                                                 preview)))
    err = _write_all(outputs)
    if err:
        return _fail(EXIT_WRITE_FAILED, err)

    counts = mask.dot_counts()
    summary.update(
        mask=str(args.output), preview=args.preview, grid_size=mask.size,
        diameter_mm=mask.diameter_mm, pitch_mm=mask.pitch_mm, powders=mask.powders.value,
        style=settings.style, dither=settings.tone().dither,
        dots=counts, grams={k: round(v, 3) for k, v in mask.grams().items()},
        warnings=[warning_json(w) for w in warnings],
    )
    for warning in warnings:
        print(f"photolatte render: warning: {warning_line(warning)}", file=sys.stderr)
    if args.json:
        print(json.dumps(summary, sort_keys=True))
    else:
        found = len(summary["faces"])
        face = ("face found" if found == 1 else
                f"{found} faces found, {_count(len(summary['framed']))} framed"
                ) if summary["face_found"] else (
            f"design {args.design}" if args.design else "no face found: centred crop")
        dots = ", ".join(f"{v} {k}" for k, v in summary["dots"].items())
        grams = sum(summary["grams"].values())
        print(f"{args.output}: {mask.size}×{mask.size} dots, {face}; {dots} dots "
              f"(~{grams:.1f} g powder)" + (f"; preview {args.preview}" if args.preview else ""))
    return EXIT_OK


def _count(n: int) -> str:
    return "1 face" if n == 1 else f"{n} faces"


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (symlinks, ``..``, hard links and, when both exist,
    case-insensitive file systems included)."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def _output_problem(args: argparse.Namespace) -> tuple[int, str] | None:
    """``(exit code, message)`` when an output would overwrite the photo or the other
    output, or cannot be written where asked; None when all is well. Checked before the
    render so nothing is lost and no time is wasted."""
    if not args.output.strip():
        return EXIT_BAD_INPUT, "-o needs a file name for the mask, e.g. -o mask.png"
    outputs = [("-o", args.output)] + ([("--preview", args.preview)] if args.preview else [])
    for flag, name in outputs:
        path = Path(name)
        if args.photo is not None and _same_file(path, Path(args.photo)):
            return EXIT_BAD_INPUT, (f"{flag} {name} is the photo {args.photo} itself and would "
                                    f"replace it; choose another {flag} file name")
    if args.preview and _same_file(Path(args.output), Path(args.preview)):
        return EXIT_BAD_INPUT, (f"-o {args.output} and --preview {args.preview} are the same "
                                "file; give the preview another name, e.g. cup.png")
    for flag, name in outputs:
        problem = _folder_problem(Path(name), flag)
        if problem:
            return EXIT_WRITE_FAILED, problem
    if args.preview and _preview_format(args.preview) is None:
        return EXIT_WRITE_FAILED, (f"{args.preview}: cannot write the preview (unknown picture "
                                   "type); use a .png or .jpg name")
    return None


def _folder_problem(path: Path, flag: str) -> str | None:
    """A one-line reason ``path`` cannot be written, with what to do; None if it looks fine."""
    what = "the mask" if flag == "-o" else "the preview"
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        return (f"{path}: cannot write {what} (it is a folder); give a file name, "
                f"e.g. {path / ('mask.png' if flag == '-o' else 'cup.png')}")
    if path.exists() and not path.is_file():
        return (f"{path}: cannot write {what} (it is a device or pipe, not a file); "
                f"choose another {flag} path")
    if not folder.exists():
        return (f"{path}: cannot write {what} (the folder {folder} does not exist); "
                f"create it or choose another {flag} path")
    if not folder.is_dir():
        return (f"{path}: cannot write {what} ({folder} is a file, not a folder); "
                f"choose another {flag} path")
    if not os.access(folder, os.W_OK | os.X_OK):
        return (f"{path}: cannot write {what} (no permission to write in {folder}); "
                f"choose another {flag} path")
    return None


def _preview_format(path: str) -> str | None:
    """Pillow's format name for the preview file's extension, or None if unknown."""
    from PIL import Image

    Image.init()
    fmt = Image.registered_extensions().get(Path(path).suffix.lower())
    return fmt if fmt in Image.SAVE else None


def _preview_bytes(path: str, rgb: np.ndarray) -> bytes:
    """The cup picture encoded as ``path``'s extension says (checked up front)."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgb, "RGB").save(buf, format=_preview_format(path))
    return buf.getvalue()


def _write_all(outputs: list[tuple[str, str, str, bytes]]) -> str | None:
    """Write every ``(path, flag, what, data)`` atomically and together: each goes to a
    temporary file in its own folder first and all are renamed into place only when every
    one was written, so a failure leaves the old files (if any) untouched. Returns a
    one-line error, or None."""
    staged: list[tuple[str, str]] = []
    try:
        for name, flag, what, data in outputs:
            try:  # through a symbolic link: replace the file it points to, keep the link
                staged.append((_stage(os.path.realpath(name), data), os.path.realpath(name)))
            except OSError as exc:
                return _write_error(name, flag, what, exc)
        for index, (temp, name) in enumerate(staged):
            _, flag, what, _ = outputs[index]
            try:
                os.replace(temp, name)
            except OSError as exc:
                return _write_error(name, flag, what, exc)
        staged.clear()
        return None
    finally:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _stage(name: str, data: bytes) -> str:
    """``data`` written and flushed to a new temporary file beside ``name``; its path."""
    target = Path(name)
    fd, temp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".",
                                prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private (0600); give it the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def _write_error(name: str, flag: str, what: str, exc: OSError) -> str:
    problem = _folder_problem(Path(name), flag)
    if problem:
        return problem
    reason = exc.strerror or _one_line(exc)
    return f"{name}: cannot write {what} ({reason}); free some space or choose another {flag} path"
