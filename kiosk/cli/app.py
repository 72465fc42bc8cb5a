"""``photolatte kiosk``: the customer touch screen and the barista window (the default).

::

    photolatte                     # demo camera, simulated printer, Korean
    photolatte kiosk --camera 0 --printer /dev/ttyACM0 --fullscreen --lang ko
    photolatte kiosk --config /etc/photolatte/kiosk.toml
    photolatte kiosk --screenshots shots/   # walk every screen once, save PNGs, exit

Options override the config file, which overrides the defaults (:mod:`kiosk.settings.config`).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

NO_DISPLAY_MESSAGE = (
    "photolatte: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
    "  On the kiosk, start it from the desktop session (or its autostart).\n"
    "  To run without a screen (tests, CI, screenshots), set QT_QPA_PLATFORM=offscreen:\n"
    "      QT_QPA_PLATFORM=offscreen photolatte kiosk --screenshots shots/\n"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``kiosk`` subcommand."""
    p = subparsers.add_parser(
        "kiosk", help="open the kiosk (the default command)",
        description="Open the customer touch screen and the barista window.")
    p.add_argument("--camera", metavar="CAMERA",
                   help="demo, a camera number (0), a device (/dev/video0), a video file, "
                        "a picture or a folder of pictures (default: demo)")
    p.add_argument("--printer", metavar="URL", dest="printer_url",
                   help="printer URL: a serial port (/dev/ttyACM0), socket://HOST:PORT or "
                        "sim:// (default: the built-in simulated printer)")
    p.add_argument("--fullscreen", action="store_true", default=None,
                   help="full screen, no window decorations, cursor hidden")
    p.add_argument("--lang", choices=("ko", "en"),
                   help="the language the attract screen opens in (default: ko)")
    p.add_argument("--config", metavar="FILE", type=Path,
                   help="settings file (default: kiosk.toml in the user config folder)")
    p.add_argument("--screenshots", metavar="DIR", type=Path,
                   help="walk every customer screen once, save DIR/NN-screen.png, then exit")
    p.set_defaults(func=run)


def display_available(environ: dict[str, str] | None = None,
                      platform: str | None = None) -> bool:
    """False on Linux/BSD when neither a display nor a Qt platform plugin is named."""
    env = os.environ if environ is None else environ
    platform = platform or sys.platform
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


def run(args: argparse.Namespace) -> int:
    """Start the kiosk; returns the exit code."""
    if not display_available():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr, end="")
        return 2
    from kiosk.settings.config import ConfigError, KioskConfig, with_demo_phone

    overrides = {"camera": args.camera, "printer_url": args.printer_url,
                 "fullscreen": args.fullscreen, "lang": args.lang}
    try:
        config = with_demo_phone(KioskConfig.from_sources(args.config, overrides))
    except ConfigError as exc:
        print(f"photolatte: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from kiosk.orders.privacy import install_log_filter

    install_log_filter()
    from kiosk.orders.store import StoreError

    try:
        from kiosk.ui.app import run as run_kiosk

        return run_kiosk(config, screenshots=args.screenshots)
    except StoreError as exc:
        from kiosk.cli.store_words import store_error_line

        print(f"photolatte: {store_error_line(exc)}", file=sys.stderr)
        return 2
