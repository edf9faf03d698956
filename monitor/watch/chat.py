"""Watching chat probes after the question: hold the page for a first window, then park and reopen.

A held page sees every message the moment it appears (browser timestamps, exact
timing), but costs a renderer's memory. After ``first_window`` (or when too many
pages are held) the page is parked: its storage state (cookies, localStorage)
goes to disk and the page closes. Every ``reopen_every`` a parked chat is
reopened with that state to read what came meanwhile; those messages are timed
as precisely as the widget displays them (or bounded by the park window).
Replies go through ``monitor.store.replies.store_reply``, the one place that
applies answers to probes. Chat text is untrusted: it is stored, never run.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from monitor.clock import Clock
from monitor.config import Config
from monitor.store.db import transaction
from monitor.store.models import ChatSession, Probe, Touchpoint
from monitor.store.replies import IncomingReply, MatchResult, store_reply
from monitor.store.watchers import record_status
from probes.chat import capture
from probes.chat.session import LiveChat, Record, records_from_json
from probes.chat.vendors import get_adapter

log = logging.getLogger("replywatch.watch.chat")

SETTLE = timedelta(milliseconds=800)
SNAPSHOT_EVERY = 3.0  # seconds between fallback reads of a held page's message list  # let the DOM and API views of one message merge before storing it


@dataclass
class Held:
    live: LiveChat
    evidence_dir: Path
    since: datetime  # watcher clock
    last_snapshot: datetime | None = None  # wall clock


@dataclass(frozen=True)
class _Parked:
    """What a parked chat left behind: enough to open it again."""

    probe_id: int
    details: dict[str, Any]
    vendor: str
    question: str
    state_path: Path
    transcript_path: Path

    @property
    def url(self) -> str:
        return str(self.details.get("url") or "")

    @property
    def evidence_dir(self) -> Path:
        return self.state_path.parent

    @property
    def bubble_depth(self) -> int | None:
        depth = (self.details.get("vendor_details") or {}).get("bubble_depth")
        return depth if isinstance(depth, int) else None


class ChatWatcher:
    """Keeps chat probes' pages (held or parked) and stores what the shop writes back."""

    def __init__(
        self,
        cfg: Config,
        factory: sessionmaker[Session],
        clock: Clock,
        browser: Any,
        *,
        first_window: timedelta | None = None,
        reopen_every: timedelta | None = None,
        max_held: int | None = None,
        reopen_settle: float = 4.0,
        max_reopen_per_check: int = 4,
        poll: float = 0.5,
    ) -> None:
        self.cfg, self.factory, self.clock, self.browser = cfg, factory, clock, browser
        self.first_window = first_window if first_window is not None else cfg.chat.first_window
        self.reopen_every = reopen_every if reopen_every is not None else cfg.chat.reopen_every
        self.max_held = max_held if max_held is not None else cfg.chat.max_held
        self.reopen_settle = reopen_settle
        self.max_reopen_per_check, self.poll = max_reopen_per_check, poll
        self.held: dict[int, Held] = {}
        self._health_at: datetime | None = None
        self._health_counts: tuple[int, int] = (-1, -1)

    # ------------------------------------------------------------------ entry points
    async def hold(self, probe_id: int, live: LiveChat, *, evidence_dir: Path) -> None:
        """Called by ChatProbe right after the question was sent: keep the page open."""
        self.held[probe_id] = Held(live, evidence_dir, self.clock.now())
        transcript = live.save_transcript(evidence_dir)
        with transaction(self.factory) as s:
            row = s.get(ChatSession, probe_id) or ChatSession(
                probe_id=probe_id, vendor=live.vendor, state="held"
            )
            row.vendor, row.state, row.transcript_path = live.vendor, "held", str(transcript)
            row.last_checked_at = self.clock.now()
            row.details = {**(row.details or {}), **self._session_details(live)}
            s.add(row)
        while len(self.held) > self.max_held:  # memory bound: park the oldest
            oldest = min(self.held, key=lambda k: self.held[k].since)
            await self._park(oldest)

    async def check_once(self) -> int:
        """One pass: adopt hand-overs, drain held pages, reopen due parked ones. Returns replies stored."""
        stored = self._adopt()
        for probe_id in list(self.held):
            try:
                stored += await self._check_held(probe_id)
            except Exception as exc:  # one broken page must not stop the others' pass
                log.exception("probe %s: checking the held chat failed; parking it", probe_id)
                await self._park_after_error(probe_id, exc)
        stored += await self._reopen_due()
        self._health(stored)
        return stored

    def _health(self, stored: int) -> None:
        """One WatcherStatus row ("chat") for `replywatch status` and /healthz (written at most every 10 s)."""
        now = self.clock.now()
        real = _now_real()
        with transaction(self.factory) as s:
            parked = (
                s.scalar(select(func.count()).select_from(ChatSession).where(ChatSession.state == "parked"))
                or 0
            )
            counts = (len(self.held), int(parked))
            if (
                not stored
                and counts == self._health_counts
                and self._health_at is not None
                and (real - self._health_at).total_seconds() < 10
            ):
                return
            self._health_at, self._health_counts = real, counts
            record_status(
                s,
                "chat",
                now,
                "ok",
                details={"held": counts[0], "parked": counts[1], "stored_last_pass": stored},
            )

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.check_once()
            except Exception:  # one bad page must not stop the watcher
                log.exception("chat watcher pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.poll)
        await self.close()

    # ------------------------------------------------------------------ held pages
    async def _check_held(self, probe_id: int) -> int:
        h = self.held[probe_id]
        h.live.ingest()
        await self._resnapshot(h)
        status = self._status(probe_id)
        if status == "running":
            return 0  # not yet recorded as submitted: keep messages until submitted_at exists
        n = self._store(probe_id, h.live, settle=True)
        if n:
            h.live.save_transcript(h.evidence_dir)
        if status not in ("submitted",) or self._answered(h.live):
            await self._finish(probe_id)
        elif self.clock.now() - h.since >= self.first_window:
            await self._park(probe_id)
        return n

    async def _resnapshot(self, h: Held) -> None:
        """Every few seconds read the list around our bubble too: catches widgets that re-render
        whole lists (their new nodes are not single messages) or post into frames created late."""
        now = _now_real()
        if h.live.page is None or (
            h.last_snapshot and (now - h.last_snapshot).total_seconds() < SNAPSHOT_EVERY
        ):
            return
        h.last_snapshot = now
        depth = h.live.details.get("bubble_depth")
        try:
            _, messages, _ = await capture.snapshot(
                h.live.page, h.live.question, depth if isinstance(depth, int) else None
            )
        except Exception:
            return
        h.live.ingest_snapshot(
            [m for m in messages if int(m.get("order") or 0) > 0], parked_at=None, now=now, live=True
        )

    async def close(self) -> None:
        """Park every held page (the `probe`/`watch` commands call this before exiting)."""
        for probe_id in list(self.held):
            await self._park(probe_id)

    async def _finish(self, probe_id: int) -> None:
        h = self.held.pop(probe_id)
        self._store(probe_id, h.live, settle=False)
        shot = await h.live.screenshot(h.evidence_dir, "chat-final.png")
        path = h.live.save_transcript(h.evidence_dir)
        await h.live.close()
        self._update(
            probe_id, state="closed", transcript=path, extra={"screenshot": str(shot) if shot else None}
        )

    async def _park(self, probe_id: int) -> None:
        h = self.held.pop(probe_id, None)
        if h is None:
            return
        h.live.ingest()
        if self._status(probe_id) != "running":
            self._store(probe_id, h.live, settle=False)
        shot = await h.live.screenshot(h.evidence_dir, "chat-parked.png")
        try:
            state = await h.live.park(h.evidence_dir)
        except Exception:
            log.exception("probe %s: could not save the chat storage state", probe_id)
            await h.live.close()
            state = None
        path = h.live.save_transcript(h.evidence_dir)
        self._update(
            probe_id,
            state="parked",
            transcript=path,
            storage=state,
            extra={
                "parked_at": self.clock.now().isoformat(),
                "real_parked_at": _now_real().isoformat(),
                "screenshot": str(shot) if shot else None,
                **self._session_details(h.live),
            },
        )

    async def _park_after_error(self, probe_id: int, exc: BaseException) -> None:
        """Save what can be saved of a chat whose check failed, and keep its error with the session."""
        h = self.held.pop(probe_id, None)
        if h is None:
            return
        error = f"{type(exc).__name__}: {exc}"[:300]
        state: Path | None = None
        try:
            state = await h.live.park(h.evidence_dir)
        except Exception:
            await h.live.close()
        self._update(
            probe_id,
            state="parked" if state else "closed",
            storage=state,
            extra={
                "last_error": error,
                "parked_at": self.clock.now().isoformat(),
                "real_parked_at": _now_real().isoformat(),
            },
        )

    # ------------------------------------------------------------------ parked pages
    async def _reopen_due(self) -> int:
        now = self.clock.now()
        with transaction(self.factory) as s:
            rows = s.execute(
                select(ChatSession, Probe.status)
                .join(Probe, Probe.id == ChatSession.probe_id)
                .where(ChatSession.state == "parked")
            ).all()
            due: list[int] = []
            for row, status in rows:
                if status != "submitted":
                    row.state = "closed"
                    continue
                if row.last_checked_at is None or row.last_checked_at + self.reopen_every <= now:
                    due.append(row.probe_id)
        stored = 0
        for probe_id in due[: self.max_reopen_per_check]:
            try:
                stored += await self.reopen(probe_id)
            except Exception:
                log.exception("probe %s: reopening the chat failed", probe_id)
                self._update(probe_id, state="parked", extra={"last_error": "reopen failed"})
        return stored

    async def reopen(self, probe_id: int) -> int:
        """Open the parked chat again with its saved state and read what came meanwhile.

        Unanswered chats stay open (held) again while there is room under ``max_held``,
        so a reply that comes during a `watch` is timed exactly; otherwise parked again.
        """
        parked = self._parked(probe_id)
        if parked is None:
            return 0
        ctx = await self.browser.new_context(
            storage_state=str(parked.state_path), allow_url=parked.url or None, check_redirects=False
        )
        kept = False
        try:
            live, page = await self._open_again(ctx, parked)
            found = await self._read_meanwhile(live, page, parked)
            stored = self._store(probe_id, live, settle=False)
            path, extra = await self._save_reopened(live, ctx, parked, found)
            if not self._answered(live) and len(self.held) < self.max_held:
                # room to hold it: keep the page open again, so what comes next is timed exactly
                await capture.arm(page, parked.question, parked.bubble_depth)
                self.held[probe_id] = Held(
                    live, parked.evidence_dir, self.clock.now(), last_snapshot=_now_real()
                )
                kept = True
                self._update(probe_id, state="held", transcript=path, extra=extra)
            else:
                state = "closed" if self._answered(live) else "parked"
                self._update(probe_id, state=state, transcript=path, extra=extra)
            return stored
        finally:
            if not kept:
                await _close_quietly(ctx, probe_id)

    def _parked(self, probe_id: int) -> _Parked | None:
        """What the parked chat left behind, or None when there is nothing to reopen."""
        with transaction(self.factory) as s:
            row = s.get(ChatSession, probe_id)
            p = s.get(Probe, probe_id)
            if row is None or p is None or not row.storage_state_path:
                return None
            return _Parked(
                probe_id,
                dict(row.details or {}),
                row.vendor,
                p.question,
                Path(row.storage_state_path),
                Path(row.transcript_path or ""),
            )

    async def _open_again(self, ctx: Any, parked: _Parked) -> tuple[LiveChat, Any]:
        """The chat page loaded again with its saved state, its transcript so far, and the widget open."""
        sink = await capture.install(ctx)
        page = await ctx.new_page()
        await page.goto(parked.url, wait_until="load", timeout=30000)
        live = LiveChat(
            probe_id=parked.probe_id,
            vendor=parked.vendor,
            url=parked.url,
            question=parked.question,
            context=ctx,
            page=page,
            sink=sink,
        )
        live.records = _load_records(parked.transcript_path)
        for r in live.records:
            r.stored = True
        if parked.details.get("question_at"):
            live.question_at = datetime.fromisoformat(parked.details["question_at"])
        live.agent_joined = bool(parked.details.get("agent_joined"))
        ad = get_adapter(parked.vendor)
        if parked.vendor != "unknown" and await ad.ready(page, timeout=8):
            await ad.subscribe(page)
        await ad.open(page)
        await asyncio.sleep(self.reopen_settle)
        return live, page

    async def _read_meanwhile(self, live: LiveChat, page: Any, parked: _Parked) -> int:
        """Read the widget's messages; ones new since parking are timed within the park window. Returns how many."""
        _, messages, _ = await capture.snapshot(page, parked.question, parked.bubble_depth)
        real_parked = parked.details.get("real_parked_at")
        parked_at = datetime.fromisoformat(real_parked) if real_parked else None
        live.ingest_snapshot(messages, parked_at=parked_at, now=_now_real())
        return len(messages)

    async def _save_reopened(
        self, live: LiveChat, ctx: Any, parked: _Parked, found: int
    ) -> tuple[Path, dict[str, Any]]:
        """Evidence of the reopening (screenshot, fresh storage state, transcript) and the session's new details."""
        await live.screenshot(parked.evidence_dir, "chat-reopened.png")
        await ctx.storage_state(path=str(parked.state_path))
        path = live.save_transcript(parked.evidence_dir)
        extra = {
            "reopens": int(parked.details.get("reopens", 0)) + 1,
            "last_reopen_found": found,
            "real_parked_at": _now_real().isoformat(),
        }
        return path, extra

    # ------------------------------------------------------------------ hand-over from a probe without a watcher
    def _adopt(self) -> int:
        """Submitted chat probes whose probe watched alone: take their messages and saved state."""
        stored = 0
        with transaction(self.factory) as s:
            have = select(ChatSession.probe_id)
            probes = s.scalars(
                select(Probe).where(
                    Probe.kind == "chat", Probe.status.in_(("submitted", "answered")), Probe.id.not_in(have)
                )
            ).all()
            for p in probes:
                d = p.details or {}
                if not d.get("chat_storage_state"):
                    continue
                tp = s.get(Touchpoint, p.touchpoint_id)
                records = records_from_json(list(d.get("chat_messages") or []))
                for r in records:
                    if r.kind in ("human", "auto", "bot", "greeting") and store_reply(
                        s, _incoming(r, self.clock, d.get("vendor")), MatchResult(p.id, "session", "exact")
                    ):
                        stored += 1
                state = Path(d["chat_storage_state"])
                transcript = state.parent / "chat-transcript.json"
                s.add(
                    ChatSession(
                        probe_id=p.id,
                        vendor=str(d.get("vendor") or "unknown"),
                        state="parked" if p.status == "submitted" else "closed",
                        storage_state_path=str(state),
                        transcript_path=str(transcript),
                        last_checked_at=None,  # due at once: the probe's own window is over
                        details={
                            "url": tp.url if tp else None,
                            "question_at": d.get("question_at"),
                            "real_parked_at": d.get("chat_parked_at"),
                            "adopted": True,
                            "vendor_details": {"bubble_depth": d.get("bubble_depth")},
                            "timing_resolution": d.get("timing_resolution"),
                        },
                    )
                )
        return stored

    # ------------------------------------------------------------------ storage helpers
    def _store(self, probe_id: int, live: LiveChat, *, settle: bool) -> int:
        cutoff = _now_real() - SETTLE
        todo = [
            r
            for r in live.records
            if not r.stored
            and r.kind in ("human", "auto", "bot", "greeting")
            and (not settle or r.at <= cutoff or r.source == "dom+api")
        ]
        if not todo:
            return 0
        n = 0
        with transaction(self.factory) as s:
            for r in todo:
                if store_reply(
                    s, _incoming(r, self.clock, live.vendor), MatchResult(probe_id, "session", "exact")
                ):
                    n += 1
                r.stored = True
                if r.kind == "human" and r.at_bounds:
                    _note_interval(s, probe_id, r)
        return n

    def _status(self, probe_id: int) -> str | None:
        with transaction(self.factory) as s:
            return s.scalar(select(Probe.status).where(Probe.id == probe_id))

    @staticmethod
    def _answered(live: LiveChat) -> bool:
        return any(r.kind == "human" for r in live.records)

    def _session_details(self, live: LiveChat) -> dict[str, Any]:
        return {
            "url": live.url,
            "question_at": live.question_at.isoformat() if live.question_at else None,
            "agent_joined": live.agent_joined,
            "timing_resolution": live.question_resolution,
            "vendor_details": {
                k: v for k, v in live.details.items() if isinstance(v, str | int | float | bool | None)
            },
        }

    def _update(
        self,
        probe_id: int,
        *,
        state: str,
        transcript: Path | None = None,
        storage: Path | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        with transaction(self.factory) as s:
            row = s.get(ChatSession, probe_id)
            if row is None:
                return
            row.state = state
            row.last_checked_at = self.clock.now()
            if transcript is not None:
                row.transcript_path = str(transcript)
            if storage is not None:
                row.storage_state_path = str(storage)
            row.details = {**(row.details or {}), **(extra or {})}


def _note_interval(s: Session, probe_id: int, r: Record) -> None:
    """The answer's time is only known to lie in a window (the widget shows HH:MM): say so with the probe.

    Reports show ``latency_interval`` next to the latency, which is then the window's midpoint.
    """
    p = s.get(Probe, probe_id)
    if p is None or p.submitted_at is None or p.first_human_reply_at is None or r.at_bounds is None:
        return
    if abs((_aware(p.first_human_reply_at) - r.at).total_seconds()) > 0.001:
        return  # this reply is not the one that answered the probe
    lo, hi = (datetime.fromisoformat(x) for x in r.at_bounds)
    sub = _aware(p.submitted_at)
    p.details = {
        **(p.details or {}),
        "latency_interval": {
            "from_s": round(max(0.0, (lo - sub).total_seconds()), 1),
            "to_s": round((hi - sub).total_seconds(), 1),
            "why": f"the widget shows only the time of day ({r.resolution}); the answer came between these bounds",
        },
    }


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def _incoming(r: Record, clock: Clock, vendor: str | None) -> IncomingReply:
    return IncomingReply(
        channel="chat",
        kind=r.kind,
        message_key=r.key,
        received_at=r.at,
        detected_at=clock.now(),
        sender=r.sender,
        excerpt=r.text[:2000],
        reasons=tuple(r.reasons),
        details={
            "source": r.source,
            "timing_resolution": r.resolution,
            "at_bounds": r.at_bounds,
            "vendor": vendor,
            "sender_type": r.sender_type,
            "promise_seconds": r.promise_seconds,
            "buttons": r.buttons,
        },
    )


def _load_records(path: Path) -> list[Record]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return records_from_json(list(data.get("messages") or []))


async def _close_quietly(ctx: Any, probe_id: int) -> None:
    """Close a reopened chat's context; the page's records are stored, and one that will not close
    is gone with the browser anyway."""
    try:
        await ctx.close()
    except Exception:
        log.debug("closing chat context of probe %s failed", probe_id, exc_info=True)


def _now_real() -> datetime:
    """Browser timestamps are wall-clock; comparisons with them use the wall clock too."""
    return datetime.now(UTC)
