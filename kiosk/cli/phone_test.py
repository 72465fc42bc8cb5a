"""``photolatte phone-test``: can phones on this café's Wi-Fi reach the kiosk?

    photolatte phone-test [--host H] [--port P] [-o MASK.png] [--minutes M]
                          [--config FILE]

Serves the phone page for one session (the same server, page and checks as the kiosk),
prints its address and a QR code in the terminal, waits for one photo, renders it and,
with ``-o``, writes its mask. Says when a phone opened the page (the network is fine) and
names the usual causes when none can (client isolation, a firewall, the wrong interface).

Exit codes: 0 a photo arrived (and the mask was written); 1 no photo before the code
expired, or the mask could not be written; 2 a bad option, an address that cannot be used
or a port in use; 130 Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import Any, TextIO

EXIT_OK = 0
EXIT_NO_PHOTO = 1
EXIT_BAD_INPUT = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``phone-test`` to the ``photolatte`` command."""
    p = subparsers.add_parser(
        "phone-test", help="check that phones on the café Wi-Fi can send a photo",
        description="Serve the phone page for one photo, show its QR code here, wait for a "
                    "phone to send a photo and render it.")
    p.add_argument("--host", metavar="H",
                   help="address or interface to listen on, e.g. wlan0 or 192.168.0.20 "
                        "(default: phone_host from the settings)")
    p.add_argument("--port", metavar="P", type=_port,
                   help="TCP port (default: phone_port from the settings, 8765)")
    p.add_argument("-o", "--output", metavar="MASK.png",
                   help="write the mask of the photo that arrives")
    p.add_argument("--minutes", metavar="M", type=float, default=None,
                   help="how long the code works (default: phone_code_minutes, 5)")
    p.add_argument("--config", metavar="FILE", type=Path,
                   help="settings file (default: kiosk.toml in the user config folder)")
    p.set_defaults(func=run)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (1024-65535)")
    return value


# The CLI's own words for the phone upload's error and advice codes.
ADVICE = {
    "loopback": "{host} is this computer only: phones cannot reach it. Use the Wi-Fi "
                "interface, e.g. --host wlan0, or its address.",
    "not_here": "{host} is not an address of this computer ({addresses}); use one of those.",
    "link_local": "{host} is a self-assigned address: this computer has no address from the "
                  "Wi-Fi (is it connected?).",
}
CAUSES = (
    "If the phone cannot open the page:",
    "  - the phone must be on the same Wi-Fi (not mobile data, not a guest network that "
    "keeps guests apart: turn off 'client/AP isolation' on the router for this network);",
    "  - a firewall on this computer may block port {port}: e.g. sudo ufw allow {port}/tcp;",
    "  - the wrong interface: phones must reach {host} (interfaces here: {addresses}).",
)


def _bind_message(exc: Any, host: str, port: int) -> str:
    reason = exc.params.get("reason", "other")
    if exc.code == "all_interfaces":
        return (f"{host} means every interface; name one, e.g. --host wlan0, so the page is "
                "served on the café Wi-Fi only")
    if exc.code == "bad_host":
        return f"{host} is neither an address nor a network interface of this computer"
    if reason == "in_use":
        return (f"port {port} is in use (a running kiosk serves it too?); close it or choose "
                "another --port")
    if reason == "not_here":
        return f"{host} is not an address of this computer; choose --host from its interfaces"
    if reason == "denied":
        return f"port {port} needs administrator rights; use a port above 1024, e.g. 8765"
    return f"cannot listen on {host} port {port} ({exc.detail})"


class _Waiter:
    """PhoneEvents for the terminal: prints what happens, keeps the one photo."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.photo: Any = None
        self.arrived = threading.Event()

    def phone_opened(self) -> None:
        print("A phone opened the page: the network is fine. Now send a photo.",
              file=self.out, flush=True)

    def phone_photo(self, photo: Any) -> None:
        self.photo = photo
        self.arrived.set()


def run(args: argparse.Namespace) -> int:
    """Serve one session and wait for one photo; returns the exit code."""
    from kiosk.settings.config import ConfigError, KioskConfig

    out, err = sys.stdout, sys.stderr
    try:
        config = KioskConfig.from_sources(args.config)
    except ConfigError as exc:
        print(f"photolatte phone-test: {exc}", file=err)
        return EXIT_BAD_INPUT
    if args.output is not None:
        from kiosk.cli.render import _folder_problem

        problem = _folder_problem(Path(args.output), "-o") if args.output.strip() else (
            "-o needs a file name for the mask, e.g. -o mask.png")
        if problem:
            print(f"photolatte phone-test: {problem}", file=err)
            return EXIT_BAD_INPUT
    if args.minutes is not None and not 1 <= args.minutes <= 30:
        print("photolatte phone-test: --minutes must be from 1 to 30", file=err)
        return EXIT_BAD_INPUT

    from kiosk.phone.errors import PhoneError
    from kiosk.phone.network import advice, interface_addresses
    from kiosk.phone.service import PhoneService, PhoneSettings

    changes: dict[str, Any] = {}
    if args.host is not None:
        changes["host"] = args.host
    if args.port is not None:
        changes["port"] = args.port
    if args.minutes is not None:
        changes["code_minutes"] = args.minutes
    settings = PhoneSettings.from_config(config, **changes)
    waiter = _Waiter(out)
    service = PhoneService(settings, waiter)
    addresses = ", ".join(f"{name} {' '.join(a)}"
                          for name, a in sorted(interface_addresses().items())) or "none"
    try:
        service.start()
    except PhoneError as exc:
        print(f"photolatte phone-test: {_bind_message(exc, settings.host, settings.port)}",
              file=err)
        return EXIT_BAD_INPUT
    try:
        for code in advice(service.address):
            print("Warning: " + ADVICE[code].format(host=service.address, addresses=addresses),
                  file=err)
        session = service.open_session()
        _show(out, session.url, settings.code_minutes)
        for line in CAUSES:
            print(line.format(port=service.port, host=service.address, addresses=addresses),
                  file=out)
        print("Waiting for a photo… (Ctrl-C to stop)", file=out, flush=True)
        if not waiter.arrived.wait(session.lifetime_s):
            print("photolatte phone-test: no photo arrived before the code expired",
                  file=err)
            return EXIT_NO_PHOTO
    finally:
        service.stop()
    return _render(waiter.photo, args.output, out, err)


def _show(out: TextIO, url: str, minutes: float) -> None:
    import segno

    print(f"Open this on a phone on the café Wi-Fi (works {minutes:g} minutes, one photo):",
          file=out)
    print(f"  {url}", file=out)
    segno.make(url, error="m", micro=False).terminal(out=out, compact=True)


def _render(photo: Any, output: str | None, out: TextIO, err: TextIO) -> int:
    from kiosk.imaging import ImageError, RenderSettings, render_portrait

    width, height = photo.input_size
    try:
        result = render_portrait(photo.pixels, RenderSettings())
    except ImageError as exc:
        print(f"photolatte phone-test: the photo arrived but cannot be rendered: {exc}",
              file=err)
        return EXIT_NO_PHOTO
    dots = result.mask.dot_counts()
    face = "face found" if result.face_found else "no face found (cropped in the centre)"
    print(f"Photo arrived: {photo.kind}, {width}×{height}; {face}; "
          + ", ".join(f"{count} {name}" for name, count in dots.items()) + " dots", file=out)
    if output:
        from kiosk.cli.render import _write_all

        problem = _write_all([(output, "-o", "the mask", result.mask.to_png_bytes())])
        if problem:
            print(f"photolatte phone-test: {problem}", file=err)
            return EXIT_NO_PHOTO
        print(f"Mask written: {output}", file=out)
    return EXIT_OK
