"""The "site" rule: which web site a touchpoint hits, as rate-limit keys.

Scheduling (planning gaps), the dispatcher's pacing and the neighbours check all
ask "is this the same shop?"; they must agree, so the rule lives here once. A
touchpoint's own URL names its site, except for e-mail (its URL, if any, is not
where the probe goes) or when it has none: then the target's URL does. Two keys
come out: the target by name and its registrable domain.
"""

from __future__ import annotations

import contextlib
import ipaddress
from urllib.parse import urlsplit

# Second-level domains under which the registrable name has three labels.
_SECOND_LEVEL = {"com", "net", "org", "co", "gov", "edu", "ac", "msk", "spb", "kiev", "in", "biz", "info"}


def registrable_domain(url_or_host: str) -> str:
    """'https://www.shop.ru/x' -> 'shop.ru'; 'a.b.com.ua' -> 'b.com.ua'; IPs stay as they are.

    An approximation of the public-suffix rule that is enough for rate limits:
    it never splits one site into two keys, at worst it merges neighbours.
    """
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host.rsplit("@", 1)[-1]
    host = (host or url_or_host).strip().strip(".").lower()
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass  # a name, not an address: reduce it below
    # not IDNA-encodable (e.g. an empty label): the lower-cased text is still one stable key
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def site_domain(kind: str, touchpoint_url: str | None, target_url: str) -> str:
    """The registrable domain a touchpoint's probe goes to."""
    return registrable_domain(touchpoint_url if touchpoint_url and kind != "email" else target_url)


def target_key(target: str) -> str:
    return f"target:{target}"


def domain_key(domain: str) -> str:
    return f"domain:{domain}"


def site_keys(target: str, domain: str) -> tuple[str, str]:
    """The rate-limit keys of one probe: its target and its domain."""
    return (target_key(target), domain_key(domain))
