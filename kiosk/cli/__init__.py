"""The ``photolatte`` command: one entry point, a subcommand per module.

Each subcommand lives in its own module here exposing ``register(subparsers)``, which adds
its parser and sets ``func`` to a callable ``(args) -> int`` exit code. Modules are imported
only when listed in ``_SUBCOMMANDS``; heavy imports (Qt, OpenCV) belong inside ``func`` so
that ``photolatte --help`` and the headless commands stay fast and Qt-free.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Module names under kiosk.cli, in the order --help lists them.
_SUBCOMMANDS = ("app", "render", "printing", "sim", "admin", "phone_test", "calibrate")

DEFAULT_COMMAND = "kiosk"


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="photolatte",
        description="Photo Latte: portraits in cocoa and cinnamon on milk foam.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _SUBCOMMANDS:
        try:
            module = importlib.import_module(f"kiosk.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"kiosk.cli.{name}":
                continue  # subcommand not built yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``photolatte``; with no arguments, open the kiosk on its defaults."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv:
        argv = [DEFAULT_COMMAND]
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        print("photolatte: stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
