"""``photolatte code set|reset ROLE``, ``code status``, and ``photolatte pin set|reset|status``
(the technician PIN, as before): the staff codes, from the kiosk's shell.

``set`` asks for the new code twice (hidden when typed at a terminal; one line each when
piped, for install scripts) and says "changed" when it is saved; a trivial code (1111, 1234,
a factory default, too short) is refused with the reason. ``reset`` restores the factory
default and lifts a lockout: the way back in for staff who forgot the code (it needs the
computer's shell). ``status`` says which codes are still the defaults, whether a pad is
locked, and whether the kiosk takes orders with them (:meth:`StaffAccess.gate`).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.staff.access import StaffAccess
    from kiosk.staff.rules import StaffRole

ROLES = ("barista", "technician")


def register(subparsers: Any) -> None:
    """Add the ``code`` and ``pin`` commands and their subcommands."""
    code = subparsers.add_parser(
        "code", help="set or reset a staff code (barista code, technician PIN)",
        description="Manage the barista code (opens the barista screen behind the hidden "
                    "hold) and the technician PIN (opens the technician screen).")
    _common(code)
    sub = code.add_subparsers(dest="code_command", metavar="ACTION", required=True)
    c_set = sub.add_parser("set", help="set a new code (asked twice)")
    c_set.add_argument("role", choices=ROLES)
    c_set.set_defaults(func=_cmd_set)
    c_reset = sub.add_parser("reset", help="restore the factory default and lift a lockout")
    c_reset.add_argument("role", choices=ROLES)
    c_reset.set_defaults(func=_cmd_reset)
    c_status = sub.add_parser("status", help="which codes are set, locks, and the orders gate")
    c_status.set_defaults(func=_cmd_status)

    pin = subparsers.add_parser(
        "pin", help="set or reset the technician PIN (= photolatte code ... technician)",
        description="Manage the PIN that guards the technician screen.")
    _common(pin)
    sub = pin.add_subparsers(dest="pin_command", metavar="ACTION", required=True)
    p_set = sub.add_parser("set", help="set a new PIN (asked twice)")
    p_set.set_defaults(func=_cmd_set, role="technician")
    p_reset = sub.add_parser("reset", help="restore the default PIN and lift a lockout")
    p_reset.set_defaults(func=_cmd_reset, role="technician")
    p_status = sub.add_parser("status", help="say whether a PIN is set and if it is locked")
    p_status.set_defaults(func=_cmd_status)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="kiosk config file (TOML)")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="data folder holding the codes (default: from the config)")


def _access(args: argparse.Namespace) -> StaffAccess:
    from kiosk.settings.config import KioskConfig  # imported here: keep --help fast
    from kiosk.staff.access import StaffAccess

    overrides = {"data_dir": args.data_dir} if args.data_dir else None
    return StaffAccess.for_config(KioskConfig.from_sources(args.config, overrides))


def _reader() -> Callable[[str], str]:
    if sys.stdin.isatty():
        return getpass.getpass

    def read(prompt: str) -> str:
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    return read


def _name(role: StaffRole) -> str:
    from kiosk.cli.staff_words import ROLE_NAMES

    return ROLE_NAMES[role]


def _say(args: argparse.Namespace, message: str) -> None:
    print(f"photolatte {args.command}: {message}", file=sys.stderr)


def _cmd_set(args: argparse.Namespace) -> int:
    from kiosk.cli.staff_words import code_error_line
    from kiosk.settings.config import ConfigError
    from kiosk.staff.rules import MAX_DIGITS, MIN_DIGITS, CodeError, StaffRole, validate_new_code

    role = StaffRole(args.role)
    name = _name(role)
    try:
        access = _access(args)
        ask = _reader()
        first = ask(f"New {name} ({MIN_DIGITS}-{MAX_DIGITS} digits): ").strip()
        validate_new_code(first, role)
        second = ask(f"The same {name} again: ").strip()
    except CodeError as exc:
        _say(args, code_error_line(exc))
        return 2
    except ConfigError as exc:
        _say(args, str(exc))
        return 2
    except EOFError:
        _say(args, f"no {name} given; type it twice")
        return 2
    if first != second:
        _say(args, f"the two entries differ; the {name} is unchanged, try again")
        return 1
    try:
        access.set_code(role, first)
    except CodeError as exc:
        _say(args, code_error_line(exc))
        return 2 if exc.is_refusal else 1
    print(f"{name[0].upper()}{name[1:]} changed ({access.store(role).path}).")
    return 0


def _cmd_reset(args: argparse.Namespace) -> int:
    from kiosk.cli.staff_words import code_error_line
    from kiosk.settings.config import ConfigError
    from kiosk.staff.rules import DEFAULT_CODES, CodeError, StaffRole

    role = StaffRole(args.role)
    try:
        access = _access(args)
        access.reset(role)
    except CodeError as exc:
        _say(args, code_error_line(exc))
        return 1
    except ConfigError as exc:
        _say(args, str(exc))
        return 1
    name = _name(role)
    print(f"{name[0].upper()}{name[1:]} reset to the factory default ({DEFAULT_CODES[role]}) "
          f"and its lockout lifted; set a new one with 'photolatte code set {role}'.")
    if not access.demo:
        print("With a real printer the kiosk takes no orders until it is changed.")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    from kiosk.cli.staff_words import code_error_line
    from kiosk.settings.config import ConfigError
    from kiosk.staff.rules import CodeError

    try:
        access = _access(args)
    except ConfigError as exc:
        _say(args, str(exc))
        return 1
    only_technician = args.command == "pin"
    failed = False
    for store in access.stores():
        if only_technician and store.role.value != "technician":
            continue
        name = _name(store.role)
        title = f"{name[0].upper()}{name[1:]}"
        try:
            default = store.is_default()
            locked = store.locked_seconds()
        except CodeError as exc:
            print(f"{title}: {code_error_line(exc)}")
            failed = True
            continue
        state = (f"factory default (change it with 'photolatte code set {store.role}')"
                 if default else "set")
        pad = f"locked for {locked / 60:.1f} more minutes" if locked else "unlocked"
        print(f"{title}: {state}; pad {pad}")
    gate = access.gate()
    if gate.demo:
        print("Orders: taken (the built-in simulated printer allows the factory defaults)")
    elif gate.takes_orders:
        print("Orders: taken")
    else:
        names = " and ".join(_name(r) for r in gate.must_change)
        print(f"Orders: not taken until the factory-default {names} "
              f"{'is' if len(gate.must_change) == 1 else 'are'} changed "
              f"(a real printer is configured: {access.printer_url})")
    return 1 if failed else 0
