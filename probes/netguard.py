"""SSRF guard for the browser: a shop's page must not make our Chromium reach private networks.

A configured URL, a redirect or any sub-request of a hostile page could point at
169.254.169.254 (cloud metadata), the router, or services on our own loopback. Every request
of a guarded context goes through a Playwright route handler that resolves the host and
aborts it (before any packet leaves) when an address is not globally routable, unless the
target's own configured URL is on that address or the operator allowed the network
(`browser.allow_networks`; the demo and tests allow 127.0.0.0/8). Chromium resolves names
again itself, so a DNS answer that changes between our check and its connect is not covered:
run behind an egress firewall where that matters.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
GUARDED_SCHEMES = ("http", "https", "ws", "wss", "ftp")
NAVIGATION_FETCH_MS = 30_000


def is_private(ip: IPAddress) -> bool:
    """Not globally routable: private, loopback, link-local, CGNAT, unique-local, multicast, reserved..."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def parse_networks(items: Iterable[str]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(i, strict=False) for i in items)


async def resolve(host: str) -> tuple[IPAddress, ...]:
    """The host's addresses (a literal is itself); empty if it does not resolve."""
    try:
        return (ipaddress.ip_address(host.strip("[]")),)
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return ()
    out: list[IPAddress] = []
    for info in infos:
        try:
            out.append(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]))
        except ValueError:
            continue
    return tuple(out)


@dataclass
class GuardState:
    """One context's guard: what it may reach, and what it refused (for the probe's verdict)."""

    allowed_hosts: frozenset[str]
    allowed_ips: frozenset[IPAddress]
    networks: tuple[IPNetwork, ...]
    blocked: list[str] = field(default_factory=list)
    blocked_navigation: str | None = None
    _cache: dict[str, bool] = field(default_factory=dict)

    async def permits(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in GUARDED_SCHEMES:
            return True  # data:, blob:, about: never leave the machine
        host = (parts.hostname or "").lower()
        if not host:
            return False
        if host in self.allowed_hosts:
            return True
        if host not in self._cache:
            ips = await resolve(host)
            self._cache[host] = bool(ips) and all(self._ip_ok(ip) for ip in ips)
        return self._cache[host]

    def _ip_ok(self, ip: IPAddress) -> bool:
        if not is_private(ip) or ip in self.allowed_ips:
            return True
        return any(ip in n for n in self.networks if n.version == ip.version)


@dataclass(frozen=True)
class NetGuard:
    """The pool-wide policy; `for_target` gives each context its state, with its own URL allowed."""

    networks: tuple[IPNetwork, ...] = ()

    async def for_target(self, url: str | None) -> GuardState:
        hosts: set[str] = set()
        ips: set[IPAddress] = set()
        if url:
            host = (urlsplit(url).hostname or "").lower()
            if host:
                hosts.add(host)
                ips.update(await resolve(host))
        return GuardState(frozenset(hosts), frozenset(ips), self.networks)

    async def install(self, context: Any, url: str | None, *, check_redirects: bool = True) -> GuardState:
        """Route every request of the context through the check.

        Chromium does not show redirect hops to route handlers, so top-level documents are
        fetched here without following redirects: each Location is checked before the browser
        is handed the 3xx and follows it (its next hop comes through this handler again).
        """
        state = await self.for_target(url)

        async def refuse(route: Any, request: Any, where: str) -> None:
            state.blocked.append(where)
            if request.is_navigation_request() and state.blocked_navigation is None:
                state.blocked_navigation = where
            log.warning("blocked a request to a private address: %s", where[:200])
            await route.abort("blockedbyclient")

        async def handler(route: Any, request: Any) -> None:
            if not await state.permits(request.url):
                await refuse(route, request, request.url)
                return
            if not check_redirects or not request.is_navigation_request() or not _main_frame(request):
                await (
                    route.continue_()
                )  # frames and sub-requests stream as usual; only their first hop is checked
                return
            try:
                response = await route.fetch(max_redirects=0, timeout=NAVIGATION_FETCH_MS)
            except Exception:
                await route.abort("connectionfailed")
                return
            location = response.headers.get("location")
            if 300 <= response.status < 400 and location:
                target = urljoin(request.url, location)
                if not await state.permits(target):
                    await refuse(route, request, target)
                    return
            await route.fulfill(response=response)

        await context.route("**/*", handler)
        return state


def _main_frame(request: Any) -> bool:
    try:
        return request.frame.parent_frame is None
    except Exception:  # a service worker's or a detached frame's request
        return False
