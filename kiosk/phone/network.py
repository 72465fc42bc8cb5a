"""Which address the phone upload binds, and what a technician should know about it.

The ``phone_host`` setting is an IP address (``192.168.0.20``) or an interface name
(``wlan0``: its first IPv4 address). "All interfaces" (``0.0.0.0``, ``::``) is refused: the
upload listens on the café's Wi-Fi side only, never on a wired back-office network too.
"""

from __future__ import annotations

import ipaddress
import socket

import psutil

from kiosk.phone.errors import ALL_INTERFACES, BAD_HOST, PhoneError


def interface_addresses() -> dict[str, list[str]]:
    """Interface name -> its IPv4 and IPv6 addresses (IPv6 without a ``%zone``)."""
    out: dict[str, list[str]] = {}
    for name, addresses in psutil.net_if_addrs().items():
        for a in addresses:
            if a.family in (socket.AF_INET, socket.AF_INET6):
                out.setdefault(name, []).append(a.address.split("%")[0])
    return out


def resolve_host(setting: str) -> str:
    """The address to bind for the ``phone_host`` setting.

    Raises:
        PhoneError: ``all_interfaces`` for 0.0.0.0/::, ``bad_host`` for a name that is
            neither an address nor an interface with an IPv4 address.
    """
    text = setting.strip().strip("[]")
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        pass
    else:
        if address.is_unspecified:
            raise PhoneError(ALL_INTERFACES, text, host=text)
        return str(address)
    for name, addresses in interface_addresses().items():
        if name == text:
            ipv4 = [a for a in addresses if ":" not in a]
            if ipv4:
                return ipv4[0]
    raise PhoneError(BAD_HOST, text, host=text)


def url_host(address: str) -> str:
    """``address`` as it goes into a URL (IPv6 in brackets)."""
    return f"[{address}]" if ":" in address else address


def advice(address: str) -> list[str]:
    """Why phones might not reach ``address`` (codes for ``photolatte phone-test``):

    ``loopback``: only this computer can reach it; ``not_here``: no interface has it;
    ``link_local``: a self-assigned address (no DHCP: the Wi-Fi is not really joined).
    """
    found: list[str] = []
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ["not_here"]
    if ip.is_loopback:
        found.append("loopback")
    elif ip.is_link_local:
        found.append("link_local")
    local = {a for addresses in interface_addresses().values() for a in addresses}
    if str(ip) not in local and not ip.is_loopback:
        found.append("not_here")
    return found
