"""API keys and share links: who may read without the dashboard password.

Tokens are 256-bit random strings; only their SHA-256 is stored, so a copy of
the database does not let anyone in. A plain hash (no salt, no KDF) is enough
for high-entropy tokens and lets a request find its key with one indexed
lookup; the final comparison is constant-time anyway.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.store.models import ApiKey, ShareLink

TOKEN_PREFIX = "rw_"


@dataclass(frozen=True)
class KeyInfo:
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class ShareInfo:
    id: str
    client: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_key(session: Session, name: str, now: datetime) -> str:
    """A new key's token (returned once, never stored). Raises ValueError if the name is taken."""
    if session.scalar(select(ApiKey.id).where(ApiKey.name == name)) is not None:
        raise ValueError(f"an API key named {name!r} exists; revoke it or choose another name")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiKey(name=name, token_sha256=_digest(token), prefix=token[:10], created_at=now))
    session.flush()
    return token


def list_keys(session: Session) -> list[KeyInfo]:
    rows = session.scalars(select(ApiKey).order_by(ApiKey.name))
    return [KeyInfo(k.name, k.prefix, k.created_at, k.last_used_at, k.revoked_at) for k in rows]


def revoke_key(session: Session, name: str, now: datetime) -> bool:
    key = session.scalar(select(ApiKey).where(ApiKey.name == name, ApiKey.revoked_at.is_(None)))
    if key is None:
        return False
    key.revoked_at = now
    return True


def check_key(session: Session, token: str, now: datetime) -> str | None:
    """The key's name if the token is a live key, else None; notes when it was last used."""
    digest = _digest(token)
    key = session.scalar(select(ApiKey).where(ApiKey.token_sha256 == digest))
    if key is None or key.revoked_at is not None or not hmac.compare_digest(key.token_sha256, digest):
        return None
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        key.last_used_at = now  # at most one write a minute per key
    return key.name


def create_share(session: Session, client: str, now: datetime, days: float) -> ShareInfo:
    link = ShareLink(
        id=secrets.token_hex(16), client=client, created_at=now, expires_at=now + timedelta(days=days)
    )
    session.add(link)
    session.flush()
    return _share(link)


def list_shares(session: Session) -> list[ShareInfo]:
    return [_share(s) for s in session.scalars(select(ShareLink).order_by(ShareLink.created_at))]


def revoke_share(session: Session, share_id: str, now: datetime) -> int:
    """Revoke one link by id, or every live link of a client when given a client's name. Returns how many."""
    links = session.scalars(
        select(ShareLink).where(
            (ShareLink.id == share_id) | (ShareLink.client == share_id), ShareLink.revoked_at.is_(None)
        )
    ).all()
    for link in links:
        link.revoked_at = now
    return len(links)


def live_share(session: Session, share_id: str, now: datetime) -> ShareInfo | None:
    link = session.get(ShareLink, share_id)
    if link is None or link.revoked_at is not None or link.expires_at <= now:
        return None
    return _share(link)


def _share(s: ShareLink) -> ShareInfo:
    return ShareInfo(s.id, s.client, s.created_at, s.expires_at, s.revoked_at)
