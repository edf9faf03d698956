"""Which probe does this mail answer? Strongest evidence first, and say which evidence it was.

1. the probe's unique reply address in To/Cc/Delivered-To/X-Original-To (or its
   token in a recipient's local part: some forms mangle addresses);
2. In-Reply-To/References (or a DSN's embedded original) naming our Message-ID;
3. the probe's token in the subject or body (a quoted original carries it);
4. last, the sender's address or domain belonging to a target that has a
   pending probe: only ``probable``, with the reason kept for review.
Anything else is ``unmatched`` and kept for review, never dropped.

The decision (``decide``) is a pure function over a ``ProbeLookup``; ``DbLookup``
answers those questions from the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.identity import TOKEN_ALPHABET, TOKEN_LENGTH, TOKEN_RE
from monitor.mail.parse import ParsedMail
from monitor.store.models import Probe, Target, Touchpoint
from monitor.store.replies import MatchResult

# Domains anyone can have an address at: never evidence that a sender is a given shop.
FREEMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "zoho.com",
        "mail.ru",
        "inbox.ru",
        "list.ru",
        "bk.ru",
        "internet.ru",
        "yandex.ru",
        "ya.ru",
        "yandex.com",
        "yandex.ua",
        "yandex.by",
        "yandex.kz",
        "rambler.ru",
        "lenta.ru",
        "ro.ru",
        "autorambler.ru",
        "ukr.net",
        "i.ua",
        "meta.ua",
        "bigmir.net",
        "online.ua",
        "email.ua",
    }
)


@dataclass(frozen=True)
class MailMatch:
    """The match and the evidence behind it (kept in the reply's details for review)."""

    result: MatchResult
    reason: str


@dataclass(frozen=True)
class PendingProbe:
    probe_id: int
    submitted_at: datetime | None


class ProbeLookup(Protocol):
    def by_addresses(self, addresses: Sequence[str]) -> list[int]: ...
    def by_message_ids(self, ids: Sequence[str]) -> list[int]: ...
    def by_tokens(self, tokens: Sequence[str]) -> list[int]: ...
    def pending_for_sender(self, address: str) -> list[PendingProbe]: ...


UNMATCHED = MailMatch(MatchResult(None, "unmatched", None), "no address, thread, token or sender evidence")


def tokens_in(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(1) for m in TOKEN_RE.finditer(text.lower())))


def tokens_in_local_part(local: str) -> list[str]:
    """Every token-shaped run inside an address's local part, even glued to a name ('annak7m2x9p4qr').

    Loose on purpose: a candidate only counts if it is exactly some probe's token.
    """
    local = local.lower()
    runs = re.findall(f"[{TOKEN_ALPHABET}]{{{TOKEN_LENGTH},}}", local)
    return list(
        dict.fromkeys(r[i : i + TOKEN_LENGTH] for r in runs for i in range(len(r) - TOKEN_LENGTH + 1))
    )


def decide(mail: ParsedMail, lookup: ProbeLookup, *, received_at: datetime | None = None) -> MailMatch:
    """Apply the evidence in order of strength; the first that names exactly one probe wins."""
    if mail.recipients:
        hits = lookup.by_addresses(mail.recipients)
        if hits:
            return MailMatch(MatchResult(hits[0], "address", "exact"), _why("reply address", hits))
        local_tokens = [t for a in mail.recipients for t in tokens_in_local_part(a.split("@")[0])]
        hits = lookup.by_tokens(local_tokens) if local_tokens else []
        if hits:
            return MailMatch(
                MatchResult(hits[0], "address", "exact"), _why("token in a recipient address", hits)
            )
    ids = [*mail.thread_ids, *mail.embedded_ids]
    if ids:
        hits = lookup.by_message_ids(ids)
        if hits:
            return MailMatch(MatchResult(hits[0], "thread", "exact"), _why("In-Reply-To/References", hits))
    tokens = tokens_in(f"{mail.subject}\n{mail.text}")
    if tokens:
        hits = lookup.by_tokens(tokens)
        if hits:
            return MailMatch(MatchResult(hits[0], "token", "exact"), _why("token in subject/body", hits))
    if mail.sender:
        pending = lookup.pending_for_sender(mail.sender)
        if received_at is not None:
            before = [p for p in pending if p.submitted_at is None or p.submitted_at <= received_at]
            pending = before or pending
        if pending:
            best = max(pending, key=lambda p: (p.submitted_at is not None, p.submitted_at or received_at))
            note = f"sender {mail.sender} belongs to a target with {len(pending)} pending probe(s); latest chosen"
            return MailMatch(MatchResult(best.probe_id, "sender-domain", "probable"), note)
    return UNMATCHED


def _why(evidence: str, hits: list[int]) -> str:
    return evidence if len(hits) == 1 else f"{evidence} (also names probes {hits[1:]}; first taken)"


# --------------------------------------------------------------------------- database lookup


def target_domains(target: Target, touchpoints: Iterable[Touchpoint]) -> tuple[set[str], set[str]]:
    """(domains, full addresses) that identify a target's mail; free-mail domains count only as addresses."""
    domains: set[str] = set()
    addresses: set[str] = set()
    for d in target.email_domains or []:
        domains.add(str(d).lower().lstrip("@"))
    for tp in touchpoints:
        if tp.address and "@" in tp.address:
            addr = tp.address.lower()
            dom = addr.split("@", 1)[1]
            (addresses.add(addr) if dom in FREEMAIL_DOMAINS else domains.add(dom))
    host = (urlsplit(target.url).hostname or "").lower()
    if host and not host.replace(".", "").isdigit():
        domains.add(host.removeprefix("www."))
    return domains - FREEMAIL_DOMAINS, addresses


def sender_belongs(sender: str, domains: set[str], addresses: set[str]) -> bool:
    sender = sender.lower()
    if sender in addresses:
        return True
    dom = sender.rsplit("@", 1)[-1]
    return any(dom == d or dom.endswith("." + d) for d in domains)


class DbLookup:
    """ProbeLookup over the database, in the caller's session (the sweep's transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._targets: list[tuple[int, set[str], set[str]]] | None = None

    def by_addresses(self, addresses: Sequence[str]) -> list[int]:
        lowered = [a.lower() for a in addresses]
        q = select(Probe.id).where(func.lower(Probe.reply_address).in_(lowered)).order_by(Probe.id.desc())
        return list(self.session.scalars(q))

    def by_message_ids(self, ids: Sequence[str]) -> list[int]:
        q = select(Probe.id).where(Probe.message_id.in_(list(ids))).order_by(Probe.id.desc())
        return list(self.session.scalars(q))

    def by_tokens(self, tokens: Sequence[str]) -> list[int]:
        q = select(Probe.id).where(Probe.token.in_(list(tokens))).order_by(Probe.id.desc())
        return list(self.session.scalars(q))

    def _target_index(self) -> list[tuple[int, set[str], set[str]]]:
        if self._targets is None:
            tps: dict[int, list[Touchpoint]] = {}
            for tp in self.session.scalars(select(Touchpoint)):
                tps.setdefault(tp.target_id, []).append(tp)
            self._targets = [
                (t.id, *target_domains(t, tps.get(t.id, []))) for t in self.session.scalars(select(Target))
            ]
        return self._targets

    def pending_for_sender(self, address: str) -> list[PendingProbe]:
        ids = [tid for tid, doms, addrs in self._target_index() if sender_belongs(address, doms, addrs)]
        if not ids:
            return []
        q = select(Probe.id, Probe.submitted_at).where(Probe.target_id.in_(ids), Probe.status == "submitted")
        return [PendingProbe(pid, at) for pid, at in self.session.execute(q)]

    def is_our_message(self, message_id: str | None) -> bool:
        """Our own outgoing message (a copy or an echo) is never a reply."""
        return bool(message_id) and bool(self.by_message_ids([message_id]))  # type: ignore[list-item]
