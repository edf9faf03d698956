"""Share links: a signed, expiring, revocable, read-only URL to one client's report.

The URL carries a share id signed with the web secret (itsdangerous, salted
for this use only), so nobody can make one up; the id points to a row that
holds the client, the expiry and a revocation, so a link can be withdrawn
before it expires. Without a configured web secret there are no links: a
per-process random secret would break every link at the next restart.
"""

from __future__ import annotations

import os
from pathlib import Path

from itsdangerous import BadSignature, URLSafeSerializer

from monitor.config import Config

SALT = "replywatch.share.v1"


class NoSecret(RuntimeError):
    """Share links need web.secret_key_env or web.secret_key_file."""


def configured_secret(cfg: Config) -> str | None:
    web = cfg.web
    if web.secret_key_env and os.environ.get(web.secret_key_env):
        return os.environ[web.secret_key_env]
    if web.secret_key_file:
        p = Path(web.secret_key_file)
        p = p if p.is_absolute() else cfg.base_dir / p
        return p.read_text(encoding="utf-8").strip() or None
    return None


def _serializer(cfg: Config) -> URLSafeSerializer:
    secret = configured_secret(cfg)
    if not secret:
        raise NoSecret("share links need a lasting web secret: set web.secret_key_env or web.secret_key_file")
    return URLSafeSerializer(secret, salt=SALT)


def sign(cfg: Config, share_id: str) -> str:
    return str(_serializer(cfg).dumps(share_id))


def unsign(cfg: Config, token: str) -> str | None:
    """The share id in a token, or None if it was not signed by us (or there is no secret now)."""
    try:
        value = _serializer(cfg).loads(token)
    except (BadSignature, NoSecret):
        return None
    return value if isinstance(value, str) else None


def share_url(cfg: Config, token: str, base_url: str | None = None) -> str:
    base = base_url or cfg.web.public_url or f"http://{cfg.web.host}:{cfg.web.port}"
    return f"{base.rstrip('/')}/share/{token}"


def scope(cfg: Config, client: str) -> tuple[str, ...]:
    """The targets a client's report shows: the client and the competitors of the campaigns it is in.

    Other clients of the agency are never shown. A client in no campaign is shown against every competitor.
    """
    groups = {t.name: t.group for t in cfg.targets}
    camps = [c for c in cfg.campaigns if c.targets == "all" or client in c.targets]
    names: set[str] = set()
    for c in camps or ():
        names |= set(groups) if c.targets == "all" else set(c.targets)
    if not camps:
        names = set(groups)
    return tuple(sorted({n for n in names if groups.get(n) == "competitor"} | {client}))
