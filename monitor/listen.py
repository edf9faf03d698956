"""Addresses a listener binds to, written HOST:PORT in the config ("127.0.0.1:9464", "[::1]:9464").

One parser for every such setting, so each says the same thing about the same mistake.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

EXAMPLE = "expected HOST:PORT like 127.0.0.1:9464 or [::1]:9464"
ANY_HOST = frozenset({"0.0.0.0", "::"})  # every address: overlaps any other host on the same port
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*$")


def parse_listen(value: Any) -> tuple[str, int]:
    """'127.0.0.1:9464', '[::1]:9464', 'localhost:9464' -> (host, port). Raises ValueError saying what is wrong."""
    if not isinstance(value, str):
        raise ValueError(f"{EXAMPLE}, found {value!r}")
    if "/" in value:
        raise ValueError(f"{EXAMPLE} (an address to listen on, not a URL), found {value!r}")
    host, sep, port = value.strip().rpartition(":")
    if not sep or not host:
        raise ValueError(f"{EXAMPLE} (both the host and the port), found {value!r}")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
        if not _is_ip(host, 6):
            raise ValueError(f"{EXAMPLE}: {host!r} in brackets is not an IPv6 address")
    elif ":" in host:
        raise ValueError(f"{EXAMPLE}: write an IPv6 address in brackets, like [::1]:9464; found {value!r}")
    elif not _HOSTNAME.match(host) or (host.replace(".", "").isdigit() and not _is_ip(host, 4)):
        raise ValueError(f"{EXAMPLE}: {host!r} is neither an IP address nor a host name")
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"{EXAMPLE}: the port must be a number from 1 to 65535, found {port!r}")
    return host, int(port)


def overlaps(a: tuple[str, int], b: tuple[str, int]) -> bool:
    """Whether two listeners would fight over one socket: the same port on the same or every address."""
    return a[1] == b[1] and (a[0] == b[0] or bool({a[0], b[0]} & ANY_HOST))


def _is_ip(text: str, version: int) -> bool:
    try:
        return ipaddress.ip_address(text).version == version
    except ValueError:
        return False
