"""Which addresses the browser guard refuses: a table, no browser needed."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest

from probes.netguard import NetGuard, is_private, parse_networks

PRIVATE = [
    "10.255.255.1",
    "172.16.0.1",
    "192.168.1.1",
    "127.0.0.1",
    "127.8.9.10",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "fd00::1",
    "fc00::1",
    "fe80::1",
    "::ffff:10.0.0.1",
    "::ffff:127.0.0.1",
    "::",
    "ff02::1",
]
PUBLIC = ["93.184.216.34", "77.88.55.242", "2a00:1450:4001:82a::200e", "::ffff:93.184.216.34"]


@pytest.mark.parametrize("ip", PRIVATE)
def test_it_refuses_private_loopback_and_link_local(ip: str) -> None:
    assert is_private(ipaddress.ip_address(ip))


@pytest.mark.parametrize("ip", PUBLIC)
def test_it_lets_public_addresses_through(ip: str) -> None:
    assert not is_private(ipaddress.ip_address(ip))


def test_it_allows_the_targets_own_address_and_listed_networks_only() -> None:
    async def check() -> None:
        state = await NetGuard(parse_networks(["127.0.0.0/8"])).for_target("http://10.1.2.3:8080/contacts")
        assert await state.permits("http://10.1.2.3:8080/other")  # the target's own intranet address
        assert await state.permits("http://127.0.0.5/")  # an allowed network
        assert not await state.permits("http://10.1.2.4/")
        assert not await state.permits("http://169.254.169.254/latest/meta-data/")
        assert not await state.permits("http://[fd00::1]/")
        assert not await state.permits("http://unresolvable.invalid/")  # no address: nothing to vouch for it
        assert await state.permits("data:text/html,hi") and await state.permits("blob:http://x/1")

    asyncio.run(check())
