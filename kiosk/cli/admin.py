"""``photolatte pin set | reset | status``: the technician PIN, from the kiosk's shell.

``pin set`` asks for the new PIN twice (hidden when typed at a terminal; one line each when
piped, for install scripts). ``pin reset`` restores the default PIN and lifts a lockout:
the way back in for a technician who forgot the PIN (it needs the computer's shell).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.staff.pin import PinStore


def register(subparsers: Any) -> None:
    """Add the ``pin`` command and its ``set``, ``reset`` and ``status`` subcommands."""
    pin = subparsers.add_parser(
        "pin", help="set or reset the technician PIN",
        description="Manage the PIN that guards the technician screen.")
    pin.add_argument("--config", metavar="FILE", help="kiosk config file (TOML)")
    pin.add_argument("--data-dir", metavar="DIR",
                     help="data folder holding the PIN (default: from the config)")
    sub = pin.add_subparsers(dest="pin_command", metavar="ACTION", required=True)
    p_set = sub.add_parser("set", help="set a new PIN (asked twice)")
    p_set.set_defaults(func=_cmd_set)
    p_reset = sub.add_parser("reset", help="restore the default PIN and lift a lockout")
    p_reset.set_defaults(func=_cmd_reset)
    p_status = sub.add_parser("status", help="say whether a PIN is set and if it is locked")
    p_status.set_defaults(func=_cmd_status)


def _store(args: argparse.Namespace) -> PinStore:
    from kiosk.settings.config import KioskConfig  # imported here: keep --help fast
    from kiosk.staff.pin import PinStore

    overrides = {"data_dir": args.data_dir} if args.data_dir else None
    config = KioskConfig.from_sources(args.config, overrides)
    return PinStore.for_config(config)


def _reader() -> Callable[[str], str]:
    if sys.stdin.isatty():
        return getpass.getpass

    def read(prompt: str) -> str:
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    return read


def _cmd_set(args: argparse.Namespace) -> int:
    from kiosk.cli.store_words import pin_error_line
    from kiosk.settings.config import ConfigError
    from kiosk.staff.pin import PinError, validate_new_pin

    try:
        store = _store(args)
        ask = _reader()
        first = ask("New technician PIN (4-12 digits): ").strip()
        validate_new_pin(first)
        second = ask("The same PIN again: ").strip()
    except PinError as exc:
        print(f"photolatte pin: {pin_error_line(exc)}", file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"photolatte pin: {exc}", file=sys.stderr)
        return 2
    except EOFError:
        print("photolatte pin: no PIN given; type it twice", file=sys.stderr)
        return 2
    if first != second:
        print("photolatte pin: the two PINs differ; nothing changed, try again",
              file=sys.stderr)
        return 1
    try:
        store.set_pin(first)
    except PinError as exc:
        print(f"photolatte pin: {pin_error_line(exc)}", file=sys.stderr)
        return 1
    print(f"Technician PIN set ({store.path}).")
    return 0


def _cmd_reset(args: argparse.Namespace) -> int:
    from kiosk.cli.store_words import pin_error_line
    from kiosk.settings.config import ConfigError
    from kiosk.staff.pin import DEFAULT_PIN, PinError

    try:
        store = _store(args)
        store.reset()
    except PinError as exc:
        print(f"photolatte pin: {pin_error_line(exc)}", file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(f"photolatte pin: {exc}", file=sys.stderr)
        return 1
    print(f"Technician PIN reset to the default ({DEFAULT_PIN}) and the lockout lifted; "
          "set a new one with 'photolatte pin set'.")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    from kiosk.cli.store_words import pin_error_line
    from kiosk.settings.config import ConfigError
    from kiosk.staff.pin import PinError

    try:
        store = _store(args)
        default = store.is_default()
        locked = store.locked_seconds()
    except PinError as exc:
        print(f"photolatte pin: {pin_error_line(exc)}", file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(f"photolatte pin: {exc}", file=sys.stderr)
        return 1
    print("PIN: " + ("default (change it with 'photolatte pin set')" if default else "set"))
    print("Keypad: " + (f"locked for {locked / 60:.1f} more minutes" if locked else "unlocked"))
    return 0
