"""The shopper inbox watcher: every new message in every folder, processed exactly once.

Correctness comes from the UID sweep: per folder, a checkpoint of
(UIDVALIDITY, last UID) in the database, advanced in the same transaction as
the replies it covers, so a crash at any point neither loses nor double-counts
a message (a repeat is also a no-op in ``store_reply``). IDLE is only a wake-up
to sweep sooner; it is re-issued every ``imap.idle_renew`` (well inside the 29
minutes RFC 2177 allows) and replaced by polling when the server lacks it.

Library: IMAPClient (blocking, run in worker threads). It verifies the server's
TLS certificate and host name by default (imaplib2 does not), has idle() /
idle_check() for push, parses FETCH responses (INTERNALDATE, BODY[]) for us,
and a blocking client per folder is simple to reason about; aioimaplib would
save the threads but leaves response parsing to us.

``received_at`` is the server's INTERNALDATE (our side's clock), never the
sender's Date header, which is kept as ``sent_at`` for reference.

One message can never stop the sweep: each is parsed on its own (parsing never
raises; past its limits only the headers are read) and stored in its own
savepoint. A message that cannot be understood or stored is kept as an
``unparsed`` reply with its raw file, and the checkpoint moves past it. Only
database outages abort a batch (it is retried from the same checkpoint). Sizes
(RFC822.SIZE) are fetched first and batches are cut by bytes; a message over
``imap.max_message_size`` is quarantined: only its headers and the start of its
body are fetched, which is enough to match and classify a reply with a huge
attachment.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import Clock, as_utc
from monitor.config import Config, ImapConfig, read_secret
from monitor.mail.classify import classify
from monitor.mail.match import DbLookup, decide
from monitor.mail.parse import ParsedMail, parse_message
from monitor.store.db import transaction
from monitor.store.models import MailCheckpoint, Probe
from monitor.store.outage import is_outage
from monitor.store.replies import IncomingReply, MatchResult, store_reply
from monitor.store.watchers import record_status
from probes.private import write_private
from probes.tls import tls_context

log = logging.getLogger("replywatch.watch.imap")

FETCH_BATCH = 200  # messages per FETCH at most
FETCH_BATCH_BYTES = 16 * 1024 * 1024  # and bytes per FETCH at most (by RFC822.SIZE)
SIZE_CHUNK = 1000  # UIDs per RFC822.SIZE request (keeps the command line short)
QUARANTINE_KEEP_BYTES = 256 * 1024  # of an oversized message's body, after its headers
MAX_BACKOFF = 60.0
IDLE_CHECK_SECONDS = 1.0  # how often a waiting IDLE looks at the stop flag


@dataclass(frozen=True)
class FetchedMessage:
    uid: int
    raw: bytes
    internaldate: datetime | None
    size: int | None = None  # RFC822.SIZE on the server
    quarantined: bool = False  # over max_message_size: raw holds the headers and the body's start only


@dataclass(frozen=True)
class Prepared:
    """A fetched message, parsed and kept on disk, ready to be stored."""

    m: FetchedMessage
    mail: ParsedMail
    raw_path: str | None


def plan_batches(
    uids: list[int], sizes: dict[int, int], *, max_bytes: int, max_size: int, max_count: int = FETCH_BATCH
) -> list[list[int]]:
    """Consecutive UIDs cut into FETCH batches of at most ``max_bytes`` / ``max_count``.

    A message over ``max_size`` (quarantined) or over ``max_bytes`` goes in a batch of its own.
    """
    batches: list[list[int]] = []
    current: list[int] = []
    used = 0
    for uid in uids:
        size = sizes.get(uid, 0)
        alone = size > max_size or size > max_bytes
        if current and (alone or len(current) >= max_count or used + size > max_bytes):
            batches.append(current)
            current, used = [], 0
        current.append(uid)
        used += size
        if alone:
            batches.append(current)
            current, used = [], 0
    if current:
        batches.append(current)
    return batches


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._@+-]+", "_", name) or "_"


def message_key(mail: ParsedMail, raw: bytes) -> str:
    """Message-ID, or a hash of the raw message for the (rare) mail without one."""
    return mail.message_id or "sha256:" + hashlib.sha256(raw).hexdigest()


def connect(imap: ImapConfig, password: str | None, *, timeout: float = 30.0) -> IMAPClient:
    """Log in over TLS (verified unless the config says otherwise), STARTTLS or plain."""
    ctx = tls_context(imap.verify_tls, imap.ca_file)
    client = IMAPClient(imap.host, port=imap.port, ssl=imap.tls, ssl_context=ctx, timeout=timeout)
    client.normalise_times = False  # keep INTERNALDATE's time zone: aware datetimes
    try:
        if imap.starttls and not imap.tls:
            client.starttls(ctx)
        client.login(imap.username, password or "")
    except BaseException:
        _quiet_logout(client)
        raise
    return client


def _quiet_logout(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:
        try:
            client.shutdown()
        except Exception:  # the connection is being dropped anyway; nothing left to release
            log.debug("IMAP shutdown after a failed logout failed too", exc_info=True)


class InboxWatcher:
    """Sweeps the configured folders into the database; ``run`` keeps doing it until stopped."""

    def __init__(
        self, cfg: Config, factory: sessionmaker[Session], clock: Clock, *, password: str | None = None
    ) -> None:
        imap = cfg.shopper.mailbox.imap
        if imap is None:
            raise ValueError("shopper.mailbox.imap is not configured")
        self.cfg = cfg
        self.imap = imap
        self.factory = factory
        self.clock = clock
        self.password = (
            password
            if password is not None
            else read_secret(imap.password_env, imap.password_file, base=cfg.base_dir)
        )
        self.account = f"{imap.username}@{imap.host}:{imap.port}"
        self.mail_dir = cfg.data_path() / "mail" / _safe(self.account)
        self._modes: dict[str, str] = {}  # folder -> idle | polling, shown in WatcherStatus
        self.max_message_size = int(imap.max_message_size)
        self.batch_bytes = FETCH_BATCH_BYTES
        self.on_stored: Callable[[int], None] | None = None  # test/bench hook: a reply id was stored

    # ------------------------------------------------------------------ one sweep

    async def sweep_once(self) -> int:
        """Connect, process what is new in every folder, disconnect. Returns messages processed."""
        return await asyncio.to_thread(self._sweep_all)

    def _sweep_all(self) -> int:
        client = connect(self.imap, self.password)
        try:
            return sum(self.sweep_folder(client, folder) for folder in self.imap.folders)
        finally:
            _quiet_logout(client)

    def sweep_folder(self, client: IMAPClient, folder: str, info: dict[bytes, Any] | None = None) -> int:
        """Process every message above the folder's checkpoint, in UID order (blocking).

        ``info`` is a SELECT response just obtained, to avoid selecting twice.
        """
        info = info if info is not None else client.select_folder(folder, readonly=True)
        uidvalidity = int(info[b"UIDVALIDITY"])
        last_uid = self._checkpoint(folder, uidvalidity)
        uids = sorted(u for u in client.search(["UID", f"{last_uid + 1}:*"]) if u > last_uid)
        sizes = _sizes(client, uids)
        done = 0
        for batch in plan_batches(uids, sizes, max_bytes=self.batch_bytes, max_size=self.max_message_size):
            done += self._store_batch(folder, uidvalidity, self._fetch(client, batch, sizes), batch[-1])
        # Every UID below UIDNEXT (as of SELECT) was visible to the search above: skip past expunged
        # gaps too, so "checkpoint >= UIDNEXT - 1" means "nothing new" (see _select_quiet).
        seen_upto = max(_uidnext(info) - 1, uids[-1] if uids else last_uid)
        if seen_upto > (uids[-1] if uids else last_uid):
            self._store_batch(folder, uidvalidity, [], seen_upto)
        self._status(
            folder, self._modes.get(folder, "ok"), details={"uidvalidity": uidvalidity, "last_uid": seen_upto}
        )
        return done

    def _select_quiet(self, client: IMAPClient, folder: str) -> None:
        """Sweep until a fresh SELECT shows nothing past the checkpoint; the next command must be IDLE.

        New-mail notices (EXISTS) that arrive while the sweep's own commands run are
        swallowed by those commands, and IDLE only reports changes after the last
        sync, so without this a message arriving mid-sweep could wait for the next
        IDLE renewal. With SELECT as the last command before IDLE, nothing slips by.
        """
        while True:
            info = client.select_folder(folder, readonly=True)
            uidnext = _uidnext(info)
            if uidnext and uidnext - 1 <= self._checkpoint(folder, int(info[b"UIDVALIDITY"])):
                return
            if self.sweep_folder(client, folder, info) == 0 and not uidnext:
                return  # no UIDNEXT from this server: one sweep is all we can do

    def _checkpoint(self, folder: str, uidvalidity: int) -> int:
        with transaction(self.factory) as s:
            cp = s.scalar(
                select(MailCheckpoint).where(
                    MailCheckpoint.account == self.account, MailCheckpoint.folder == folder
                )
            )
            if cp is None:
                s.add(
                    MailCheckpoint(
                        account=self.account,
                        folder=folder,
                        uidvalidity=uidvalidity,
                        last_uid=0,
                        updated_at=self.clock.now(),
                    )
                )
                return 0
            if cp.uidvalidity != uidvalidity:
                # The server renumbered the folder: sweep it all again. Replies are stored once per
                # Message-ID (or content hash), so what was seen before is skipped, not counted twice.
                log.warning(
                    "folder %s of %s changed UIDVALIDITY %s -> %s: re-sweeping it",
                    folder,
                    self.account,
                    cp.uidvalidity,
                    uidvalidity,
                )
                cp.uidvalidity = uidvalidity
                cp.last_uid = 0
                cp.updated_at = self.clock.now()
                return 0
            return int(cp.last_uid)

    def _fetch(self, client: IMAPClient, batch: list[int], sizes: dict[int, int]) -> list[FetchedMessage]:
        """Whole messages, or for one oversized message its headers and the start of its body."""
        if len(batch) == 1 and sizes.get(batch[0], 0) > self.max_message_size:
            uid = batch[0]
            parts = client.fetch(
                batch, ["BODY.PEEK[HEADER]", f"BODY.PEEK[TEXT]<0.{QUARANTINE_KEEP_BYTES}>", "INTERNALDATE"]
            ).get(uid)
            if parts is None:
                return []
            body = next((v for k, v in parts.items() if k.startswith(b"BODY[TEXT]")), b"") or b""
            log.warning(
                "mail %s is %d bytes, over max_message_size (%d): quarantined, headers and %d bytes kept",
                uid,
                sizes[uid],
                self.max_message_size,
                len(body),
                extra={"event": "mail_quarantined"},
            )
            return [
                FetchedMessage(
                    uid,
                    (parts.get(b"BODY[HEADER]") or b"") + body,
                    parts.get(b"INTERNALDATE"),
                    size=sizes[uid],
                    quarantined=True,
                )
            ]
        fetched = client.fetch(batch, ["BODY.PEEK[]", "INTERNALDATE"])
        missing = [uid for uid in batch if uid not in fetched]
        if missing and (present := client.search(["UID", ",".join(map(str, missing))])):
            # Not expunged, yet not returned: never move the checkpoint past them. Ask once more, then give up
            # on this batch (the sweep is retried from the checkpoint) rather than skip a possible reply.
            fetched.update(client.fetch(sorted(present), ["BODY.PEEK[]", "INTERNALDATE"]))
            if lost := [uid for uid in present if uid not in fetched]:
                raise IMAPClientError(f"the server did not return message(s) {lost}, which still exist")
        return [
            FetchedMessage(
                uid,
                fetched[uid].get(b"BODY[]") or b"",
                fetched[uid].get(b"INTERNALDATE"),
                size=sizes.get(uid),
            )
            for uid in batch
            if uid in fetched
        ]

    def _store_batch(self, folder: str, uidvalidity: int, messages: list[FetchedMessage], upto: int) -> int:
        """Store a batch's replies and move the checkpoint past it, in one transaction.

        Each message is stored in its own savepoint: one that fails is kept as ``unparsed``
        and the others go on. Only a database outage aborts the batch (and the checkpoint).
        """
        prepared = [
            Prepared(m, parse_message(m.raw), self._save_raw(folder, uidvalidity, m)) for m in messages
        ]
        stored: list[int] = []
        with transaction(self.factory) as s:
            # The checkpoint is written first: on SQLite that write is what opens the transaction,
            # so the savepoints below nest inside it instead of committing on their own.
            self._advance_checkpoint(s, folder, uidvalidity, upto)
            lookup = DbLookup(s)
            for p in prepared:
                rid = self._store_isolated(s, lookup, folder, p)
                if rid is not None:
                    stored.append(rid)
        if self.on_stored is not None:
            for rid in stored:
                self.on_stored(rid)
        return len(messages)

    def _advance_checkpoint(self, s: Session, folder: str, uidvalidity: int, upto: int) -> None:
        cp = s.scalar(
            select(MailCheckpoint)
            .where(MailCheckpoint.account == self.account, MailCheckpoint.folder == folder)
            .with_for_update()
        )
        if cp is None:
            cp = MailCheckpoint(
                account=self.account,
                folder=folder,
                uidvalidity=uidvalidity,
                last_uid=0,
                updated_at=self.clock.now(),
            )
            s.add(cp)
        if cp.uidvalidity == uidvalidity and cp.last_uid < upto:
            cp.last_uid = upto
        cp.updated_at = self.clock.now()
        s.flush()

    def _store_isolated(self, s: Session, lookup: DbLookup, folder: str, p: Prepared) -> int | None:
        """One message in its own savepoint; if it cannot be stored, it is kept as ``unparsed``."""
        try:
            with s.begin_nested():
                return self._store_one(s, lookup, folder, p)
        except Exception as exc:
            if is_outage(exc):
                raise
            why = f"not stored as parsed: {type(exc).__name__}: {exc}"[:500]
            log.error(
                "mail %s in %s: %s; keeping it as unparsed",
                p.m.uid,
                folder,
                why,
                extra={"event": "mail_unparsed"},
            )
        try:
            with s.begin_nested():
                return self._store_unparsed(s, folder, p, why)
        except Exception as exc:
            if is_outage(exc):
                raise
            # Never again block the folder on it: the raw file stays on disk for a person to look at.
            log.error(
                "mail %s in %s cannot be stored even as unparsed (%s: %s); skipped, raw file %s",
                p.m.uid,
                folder,
                type(exc).__name__,
                exc,
                p.raw_path,
                extra={"event": "mail_skipped"},
            )
            return None

    def _store_one(self, s: Session, lookup: DbLookup, folder: str, p: Prepared) -> int | None:
        m, mail = p.m, p.mail
        if lookup.is_our_message(mail.message_id):
            return None  # a copy of our own question (Bcc, list echo): never a reply
        received_at = self._received_at(m, mail)
        match = decide(mail, lookup, received_at=received_at)
        if mail.problem is not None:
            log.warning(
                "mail %s in %s: %s; kept as unparsed",
                m.uid,
                folder,
                mail.problem,
                extra={"event": "mail_unparsed"},
            )
            return self._store(s, folder, p, "unparsed", (mail.problem,), match.result, match.reason)
        submitted_at = question = None
        if match.result.probe_id is not None:
            row = s.execute(
                select(Probe.submitted_at, Probe.question).where(Probe.id == match.result.probe_id)
            ).first()
            submitted_at, question = (row[0], row[1]) if row else (None, None)
        verdict = classify(
            mail, received_at=received_at, submitted_at=submitted_at, raw=p.m.raw, question=question
        )
        rid = self._store(
            s, folder, p, verdict.kind, verdict.reasons, match.result, match.reason, extra=verdict.details
        )
        if rid is not None:
            log.info(
                "mail %s in %s: %s, %s -> probe %s (%s)",
                m.uid,
                folder,
                verdict.kind,
                mail.sender,
                match.result.probe_id,
                match.result.method,
            )
        return rid

    def _store_unparsed(self, s: Session, folder: str, p: Prepared, why: str) -> int | None:
        """The fallback: no matching, no classification; the raw file and the headers' basics are kept."""
        return self._store(
            s, folder, p, "unparsed", (why,), MatchResult(None, "unmatched", None), "not matched: " + why
        )

    def _store(
        self,
        s: Session,
        folder: str,
        p: Prepared,
        kind: str,
        reasons: tuple[str, ...],
        match: MatchResult,
        match_reason: str,
        extra: dict[str, Any] | None = None,
    ) -> int | None:
        m, mail = p.m, p.mail
        details: dict[str, Any] = {
            "folder": folder,
            "uid": m.uid,
            "account": self.account,
            "internaldate": m.internaldate.isoformat() if m.internaldate else None,
            "match_reason": match_reason,
            "html_only": mail.html_only,
            "sender_name": mail.sender_name,
            **(extra or {}),
        }
        if m.quarantined:
            details["quarantined"] = {
                "size": m.size,
                "kept_bytes": len(m.raw),
                "limit": self.max_message_size,
            }
            reasons = (
                *reasons,
                f"quarantined: {m.size} bytes over the {self.max_message_size}-byte limit; "
                f"headers and the first {len(m.raw)} bytes kept",
            )
        incoming = IncomingReply(
            channel="email",
            kind=kind,
            message_key=message_key(mail, m.raw),
            received_at=self._received_at(m, mail),
            detected_at=self.clock.now(),
            sender=mail.sender,
            subject=mail.subject,
            excerpt=mail.excerpt,
            sent_at=mail.date,
            raw_path=p.raw_path,
            reasons=reasons,
            text=mail.text,
            details=details,
        )
        reply = store_reply(s, incoming, match)
        return None if reply is None else reply.id

    def _received_at(self, m: FetchedMessage, mail: ParsedMail) -> datetime:
        """When our server got the message, by its clock: INTERNALDATE, else our topmost Received header."""
        stamp = m.internaldate if m.internaldate is not None else (mail.received_dates or (None,))[0]
        if stamp is None:
            return self.clock.now()
        return whole_second_midpoint(as_utc(stamp))

    def _save_raw(self, folder: str, uidvalidity: int, m: FetchedMessage) -> str | None:
        name = f"{m.uid}.head.eml" if m.quarantined else f"{m.uid}.eml"  # .head: headers and body start only
        path = self.mail_dir / _safe(folder) / str(uidvalidity) / name
        try:
            write_private(path, m.raw)
        except OSError as exc:
            log.error("cannot keep raw message %s: %s", path, exc)
            return None
        return str(path)

    def _status(
        self, folder: str, state: str, *, error: str | None = None, details: dict[str, Any] | None = None
    ) -> None:
        now = self.clock.now()
        name = f"imap:{self.account}/{folder}"
        try:
            with transaction(self.factory) as s:
                record_status(
                    s, name, now, state, error=error, details=details, merge_details=True, clear_error=False
                )
        except Exception:  # health reporting must never stop the watcher
            log.exception("cannot update watcher status %s", name)

    # ------------------------------------------------------------------ long-running

    async def run(self, stop: asyncio.Event) -> None:
        """Watch every folder until ``stop`` is set: IDLE wake-ups or polling, reconnecting with backoff."""
        await asyncio.gather(*(self._folder_loop(folder, stop) for folder in self.imap.folders))

    async def _folder_loop(self, folder: str, stop: asyncio.Event) -> None:
        backoff = 1.0
        while not stop.is_set():
            client: IMAPClient | None = None
            try:
                client = conn = await asyncio.to_thread(connect, self.imap, self.password)
                await asyncio.to_thread(self.sweep_folder, conn, folder)
                backoff = 1.0
                use_idle = self.imap.idle and b"IDLE" in await asyncio.to_thread(conn.capabilities)
                if not use_idle and self.imap.idle:
                    log.info(
                        "%s does not offer IDLE: polling %s every %s",
                        self.account,
                        folder,
                        self.imap.poll_interval,
                    )
                self._modes[folder] = "idle" if use_idle else "polling"
                self._status(folder, self._modes[folder])
                if use_idle:
                    await self._idle_loop(conn, folder, stop)
                else:
                    await self._poll_loop(conn, folder, stop)
                await asyncio.to_thread(_quiet_logout, conn)
                client = None
            except asyncio.CancelledError:
                raise
            except (IMAPClientError, OSError, EOFError, ssl.SSLError, ConnectionError) as exc:
                why = f"{type(exc).__name__}: {exc}"
                log.warning("imap %s/%s: %s; reconnecting in %.0fs", self.account, folder, why, backoff)
                self._status(folder, "reconnecting", error=why)
                await _wait(stop, backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
            except Exception as exc:  # a bug must not end watching: log it, back off, go on
                if is_outage(exc):  # nothing was stored or skipped: the batch is swept again when it is back
                    log.warning(
                        "imap %s/%s: database unavailable (%s); retrying in %.0fs",
                        self.account,
                        folder,
                        str(exc).splitlines()[0][:200],
                        backoff,
                        extra={"event": "database_unavailable"},
                    )
                else:
                    log.exception("imap %s/%s failed", self.account, folder)
                self._status(folder, "error", error=f"{type(exc).__name__}: {exc}")
                await _wait(stop, backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
            finally:
                if client is not None:
                    # Cancelled or broken: a worker thread may still be inside the client, so
                    # close the socket at once (that also ends the thread) instead of LOGOUT.
                    _drop(client)

    async def _idle_loop(self, client: IMAPClient, folder: str, stop: asyncio.Event) -> None:
        # IDLE is re-issued every idle_renew, and at least every poll_interval: a notification a
        # server forgets to send then delays a reply's detection by one poll at most.
        renew = min(self.imap.idle_renew.total_seconds(), self.imap.poll_interval.total_seconds())
        while not stop.is_set():
            await asyncio.to_thread(self._select_quiet, client, folder)
            await asyncio.to_thread(self._status, folder, "idle")  # heartbeat for `status`, /healthz
            await asyncio.to_thread(client.idle)
            log.debug("idle %s: waiting", folder)
            started = time.monotonic()
            silent_fast = 0
            while not stop.is_set() and time.monotonic() - started < renew:
                t0 = time.monotonic()
                responses = await asyncio.to_thread(client.idle_check, IDLE_CHECK_SECONDS)
                if any(_is_bye(r) for r in responses):
                    raise ConnectionError("server said BYE during IDLE")
                if responses:
                    log.debug("idle %s: %s", folder, responses)
                if any(_is_change(r) for r in responses):
                    break
                # The socket was readable yet nothing came: the server closed the connection
                # (IMAPClient swallows EOF inside idle_check).
                silent_fast = (
                    silent_fast + 1 if not responses and time.monotonic() - t0 < IDLE_CHECK_SECONDS / 2 else 0
                )
                if silent_fast >= 3:
                    raise ConnectionError("connection closed by the server during IDLE")
            await asyncio.to_thread(client.idle_done)
            # Woken, or time to renew: the sweep at the top of the loop runs either way (cheap).

    async def _poll_loop(self, client: IMAPClient, folder: str, stop: asyncio.Event) -> None:
        interval = self.imap.poll_interval.total_seconds()
        while not stop.is_set():
            await _wait(stop, interval)
            if stop.is_set():
                return
            await asyncio.to_thread(client.noop)
            await asyncio.to_thread(self.sweep_folder, client, folder)


def whole_second_midpoint(stamp: datetime) -> datetime:
    """A server time stamped in whole seconds means "some time within that second".

    Taking the middle of the second instead of its start removes the bias of the
    truncation and halves the worst-case error (to 0.5 s) of every latency figure.
    """
    return stamp + timedelta(milliseconds=500) if stamp.microsecond == 0 else stamp


def _sizes(client: IMAPClient, uids: list[int]) -> dict[int, int]:
    """RFC822.SIZE of each UID, asked in chunks; a server that omits one gets it fetched whole."""
    sizes: dict[int, int] = {}
    for i in range(0, len(uids), SIZE_CHUNK):
        for uid, data in client.fetch(uids[i : i + SIZE_CHUNK], ["RFC822.SIZE"]).items():
            try:
                sizes[uid] = int(data.get(b"RFC822.SIZE", 0))
            except (TypeError, ValueError):
                sizes[uid] = 0
    return sizes


def _uidnext(info: dict[bytes, Any]) -> int:
    try:
        return int(info.get(b"UIDNEXT", 0))
    except (TypeError, ValueError):
        return 0


def _drop(client: IMAPClient) -> None:
    try:
        client.shutdown()
    except Exception:  # dropping a broken connection: a failure here changes nothing
        log.debug("IMAP shutdown of a dropped connection failed", exc_info=True)


def _is_bye(response: Any) -> bool:
    return isinstance(response, tuple) and len(response) >= 1 and response[0] == b"BYE"


def _is_change(response: Any) -> bool:
    return (
        isinstance(response, tuple) and len(response) >= 2 and response[1] in (b"EXISTS", b"RECENT", b"FETCH")
    )


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
