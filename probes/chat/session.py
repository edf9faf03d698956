"""One live chat conversation: its page, what it captured, and the messages merged from DOM and API.

The probe creates it, the watcher (monitor/watch/chat.py) keeps it, parks it
(storage state on disk) and reopens it. Messages get a stable key (text hash +
occurrence) so the same message read live and again from a reopened page is
stored once. Nothing here touches the database.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import nh3
from playwright.async_api import BrowserContext, Page

from probes.chat import capture
from probes.chat.base import ChatAdapter
from probes.chat.classify import ChatMessage, Context, classify, is_noise, is_offline_text, promised_seconds
from probes.chat.vendors import get_adapter
from probes.private import private_dir, write_private

CLOCK_RE = re.compile(r"(?:^|\s)([0-2]?\d):([0-5]\d)(?::([0-5]\d))?(?=\s|$)")
MAX_MESSAGES = 200  # per conversation: bounds memory of a long-held page


@dataclass
class Record:
    """A message in the conversation with its classification (the transcript row)."""

    key: str
    text: str
    at: datetime
    sender: str | None
    kind: str  # visitor | greeting | auto | bot | human
    reasons: list[str]
    source: str
    resolution: str
    sender_type: str | None = None
    greeting: bool = False
    buttons: int = 0
    promise_seconds: int | None = None
    at_bounds: tuple[str, str] | None = None  # when only known to lie in a window
    stored: bool = False

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["at"] = self.at.isoformat(timespec="milliseconds")
        return d


def core_text(text: str, sender: str | None = None) -> str:
    """Message text without the sender line and the displayed clock: what keys and merges use."""
    t = " ".join(text.split())
    if sender and t.startswith(sender) and len(t) > len(sender) + 1:
        t = t[len(sender) :].strip()
    # the widget's time label sits at the start or the end of a bubble (sometimes glued to the text);
    # times inside the message ("open 10:00-18:00") are content and stay
    t = re.sub(r"(?:^|(?<=[^\d:]))[0-2]?\d:[0-5]\d(?::[0-5]\d)?$", "", t)
    t = re.sub(r"^[0-2]?\d:[0-5]\d(?::[0-5]\d)?(?=\s)", "", t)
    return " ".join(t.split())


def _hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.lower().split()).encode("utf-8")).hexdigest()[:16]


def displayed_time(hint: dict[str, Any], seen: datetime, tz_offset_min: int) -> tuple[datetime, str] | None:
    """The time a widget shows next to a message (attribute or HH:MM[:SS]), with its resolution."""
    raw = hint.get("datetime")
    if not raw and hint.get("title"):  # a tooltip with the full time ("2026-03-01 14:05:09", ISO)
        m = re.search(
            r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?", str(hint["title"])
        )
        raw = m.group(0).replace(" ", "T") if m else None
    if raw:
        try:
            if re.fullmatch(r"\d{10,13}(\.\d+)?", str(raw)):
                v = float(raw)
                return datetime.fromtimestamp(v / 1000 if v > 1e11 else v, UTC), "displayed-exact"
            dt = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
            if dt.tzinfo is None:
                dt = dt.replace(tzinfo=UTC) + timedelta(minutes=tz_offset_min)
            return dt.astimezone(UTC), "displayed-exact"
        except ValueError:
            pass
    clock = hint.get("clock")
    if clock:
        m = CLOCK_RE.search(" " + clock + " ")
        if m:
            local_seen = seen - timedelta(minutes=tz_offset_min)
            h, mi, sec = int(m.group(1)), int(m.group(2)), m.group(3)
            if h > 23:
                return None
            local = local_seen.replace(hour=h, minute=mi, second=int(sec or 0), microsecond=0)
            if local > local_seen + timedelta(minutes=1):
                local -= timedelta(days=1)
            return local + timedelta(
                minutes=tz_offset_min
            ), "displayed-seconds" if sec else "displayed-minutes"
    return None


@dataclass
class LiveChat:
    """A chat page kept open (or reopened) for one probe."""

    probe_id: int
    vendor: str
    url: str
    question: str
    context: BrowserContext | None
    page: Page | None
    sink: capture.CaptureSink
    question_at: datetime | None = None
    question_resolution: str = "exact"
    agent_joined: bool = False
    records: list[Record] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    offline_text: bool = False

    @property
    def adapter(self) -> ChatAdapter:
        return get_adapter(self.vendor)

    # ------------------------------------------------------------------ ingesting
    def ingest(self) -> list[Record]:
        """Turn newly captured events into records; returns the new incoming ones."""
        new: list[Record] = []
        ad = self.adapter
        for ev in self.sink.drain():
            d = ev.data
            if ev.kind == "api":
                sig = ad.parse(str(d.get("event", "")), d.get("payload"))
                if sig is None:
                    continue
                if sig.joined:
                    self.agent_joined = True
                    self.details.setdefault("agent_joined_at", ev.at.isoformat(timespec="milliseconds"))
                if sig.status:
                    self.details["status"] = sig.status
                if sig.text:
                    if sig.sender_type == "customer":
                        if self.question_at is None and self.question[:30] in sig.text:
                            self.question_at = ev.at
                        continue
                    rec = self._merge(
                        sig.text,
                        ev.at,
                        sender=sig.sender,
                        source="api",
                        sender_type=sig.sender_type,
                        greeting=sig.greeting,
                    )
                    if rec is not None:
                        new.append(rec)
                continue
            text = str(d.get("text") or "")
            if d.get("mine"):
                if self.question_at is None or ev.at < self.question_at:
                    self.question_at = ev.at
                    self.question_resolution = "exact"
                continue
            if d.get("inList") is False and self._container_known():
                self.offline_text = self.offline_text or is_offline_text(text)
                continue
            if is_noise(core_text(text, d.get("sender"))):
                continue
            if self.question[:40] in text:
                continue
            rec = self._merge(
                text, ev.at, sender=d.get("sender"), source="dom", buttons=int(d.get("buttons") or 0)
            )
            if rec is not None:
                new.append(rec)
        return [r for r in new if r.kind != "visitor"]

    def _container_known(self) -> bool:
        return self.question_at is not None

    def _merge(
        self,
        text: str,
        at: datetime,
        *,
        sender: str | None,
        source: str,
        sender_type: str | None = None,
        greeting: bool = False,
        buttons: int = 0,
        resolution: str = "exact",
        bounds: tuple[str, str] | None = None,
    ) -> Record | None:
        core = core_text(text, sender)
        if not core:
            return None
        for r in self.records:  # the same message seen through the other source (or a re-render)
            if (
                r.source != source
                and (core in r.text or r.text in core)
                and abs((r.at - at).total_seconds()) < 5
            ):
                r.source = "dom+api"
                if source == "api":
                    r.text = core
                    r.sender_type = sender_type or r.sender_type
                    r.greeting = r.greeting or greeting
                    r.sender = sender or r.sender
                else:
                    r.buttons = max(r.buttons, buttons)
                    r.sender = r.sender or sender
                if at < r.at:
                    r.at = at
                self._classify(r)
                return None
            if r.text == core and source in ("dom", "history"):
                return None  # a widget re-rendering its list shows old bubbles again: not new messages
        occurrence = sum(1 for r in self.records if _hash(r.text) == _hash(core))
        rec = Record(
            key=f"chat:{self.probe_id}:{_hash(core)}:{occurrence}",
            text=core,
            at=at,
            sender=sender,
            kind="?",
            reasons=[],
            source=source,
            resolution=resolution,
            sender_type=sender_type,
            greeting=greeting,
            buttons=buttons,
            at_bounds=bounds,
        )
        self._classify(rec)
        if len(self.records) >= MAX_MESSAGES:
            self.records.pop(0)
        self.records.append(rec)
        return rec

    def _classify(self, r: Record) -> None:
        earlier = {" ".join(x.text.lower().split()) for x in self.records if x is not r and x.at < r.at}
        ctx = Context(question_at=self.question_at, agent_joined=self.agent_joined, seen_texts=earlier)
        v = classify(
            ChatMessage(
                text=r.text,
                at=r.at,
                sender=r.sender,
                sender_type=r.sender_type,
                greeting=r.greeting,
                buttons=r.buttons,
                source=r.source,
                resolution=r.resolution,
            ),
            ctx,
        )
        if r.stored and v.kind != r.kind:
            return  # a stored verdict is not rewritten silently; the evidence keeps both sources
        r.kind, r.reasons, r.promise_seconds = (
            v.kind,
            list(v.reasons),
            v.promise_seconds or promised_seconds(r.text),
        )

    # ------------------------------------------------------------------ reopened pages
    def ingest_snapshot(
        self, messages: list[dict[str, Any]], *, parked_at: datetime | None, now: datetime, live: bool = False
    ) -> list[Record]:
        """Messages read from the list around our bubble.

        On a live page each node's appearance time is exact (the capture script saw
        it being added); on a reopened page the time is what the widget displays,
        else the park window bounds it.
        """
        new: list[Record] = []
        for m in messages:
            text = str(m.get("text") or "")
            if m.get("mine") or self.question[:40] in text or is_noise(core_text(text, m.get("sender"))):
                continue
            seen = capture.ms_to_dt(float(m["t"])) if isinstance(m.get("t"), int | float) else now
            shown = displayed_time(m.get("time") or {}, seen, int(m.get("tz") or 0))
            bounds = None
            if live:
                at, res = seen, "exact"
                if int(m.get("order") or 0) < 0 and self.question_at is not None and at >= self.question_at:
                    at, res = (
                        self.question_at - timedelta(milliseconds=1),
                        "order",
                    )  # above our bubble: shown before it
            elif shown is not None:
                at, res = shown
                if res == "displayed-minutes":  # narrow the shown minute by the park window and the question
                    lo = max(x for x in (at, parked_at, self.question_at) if x is not None)
                    hi = min(at + timedelta(seconds=60), seen)
                    if lo <= hi:
                        at = lo + (hi - lo) / 2
                        bounds = (
                            lo.isoformat(timespec="milliseconds"),
                            hi.isoformat(timespec="milliseconds"),
                        )
            elif int(m.get("order") or 0) < 0:
                at, res = (self.question_at or seen) - timedelta(milliseconds=1), "order"
            else:
                at, res = seen, "window"
                lo = parked_at or self.question_at or seen
                bounds = (lo.isoformat(timespec="milliseconds"), seen.isoformat(timespec="milliseconds"))
            if int(m.get("order") or 0) > 0 and self.question_at is not None and at < self.question_at:
                at = (
                    self.question_at
                )  # below our bubble means after it; a shown time earlier than that is skew
            core = core_text(text, m.get("sender"))
            if any(r.text == core or core in r.text for r in self.records):
                continue
            rec = self._merge(
                text,
                at,
                sender=m.get("sender"),
                source="dom" if live else "history",
                buttons=int(m.get("buttons") or 0),
                resolution=res,
                bounds=bounds,
            )
            if rec is not None and rec.kind != "visitor":
                new.append(rec)
        return new

    # ------------------------------------------------------------------ evidence
    def transcript(self) -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        if self.question_at is not None:
            rows.append(
                {
                    "kind": "visitor",
                    "text": self.question,
                    "at": self.question_at.isoformat(timespec="milliseconds"),
                    "sender": "visitor",
                    "resolution": self.question_resolution,
                }
            )
        rows.extend(r.to_json() for r in self.records)
        rows.sort(key=lambda r: r["at"])
        return {
            "probe_id": self.probe_id,
            "vendor": self.vendor,
            "url": self.url,
            "details": self.details,
            "messages": rows,
        }

    def save_transcript(self, directory: Path) -> Path:
        path = directory / "chat-transcript.json"
        text = json.dumps(self.transcript(), ensure_ascii=False, indent=1)
        tmp = write_private(path.with_suffix(".tmp"), text.encode("utf-8"))
        tmp.replace(path)
        return path

    async def close(self) -> None:
        if self.context is not None:
            with contextlib.suppress(Exception):
                await self.context.close()
        self.context = None
        self.page = None

    async def park(self, directory: Path) -> Path:
        """Save cookies + localStorage so the page can be reopened later, then free the page."""
        path = private_dir(directory) / "chat-storage-state.json"
        if self.context is not None:
            write_private(path, json.dumps(await self.context.storage_state()).encode())
        await self.close()
        return path

    async def screenshot(self, directory: Path, name: str) -> Path | None:
        if self.page is None:
            return None
        path = directory / name
        try:
            await self.page.screenshot(path=str(path))
            return path
        except Exception:
            return None


def transcript_html(transcript: dict[str, Any]) -> str:
    """The transcript as an HTML table for the dashboard: chat text is untrusted, so escaped and nh3-cleaned."""
    rows = []
    for m in transcript.get("messages") or []:
        cells = [
            m.get("at", ""),
            m.get("kind", ""),
            m.get("sender") or "",
            m.get("text", ""),
            "; ".join(m.get("reasons") or []),
            m.get("resolution", ""),
        ]
        rows.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    table = (
        "<table class=chat-transcript><tr><th>time (UTC)</th><th>kind</th><th>sender</th><th>text</th>"
        "<th>why</th><th>timing</th></tr>" + "".join(rows) + "</table>"
    )
    return nh3.clean(table, tags={"table", "tr", "th", "td"}, attributes={"table": {"class"}})


def records_from_json(rows: list[dict[str, Any]]) -> list[Record]:
    """Transcript rows back into records (a probe that ran without a watcher hands them over this way)."""
    out = []
    for r in rows:
        if r.get("kind") == "visitor" or "key" not in r:
            continue
        out.append(
            Record(
                key=r["key"],
                text=r["text"],
                at=datetime.fromisoformat(r["at"]),
                sender=r.get("sender"),
                kind=r["kind"],
                reasons=list(r.get("reasons") or []),
                source=r.get("source", "dom"),
                resolution=r.get("resolution", "exact"),
                sender_type=r.get("sender_type"),
                greeting=bool(r.get("greeting")),
                buttons=int(r.get("buttons") or 0),
                promise_seconds=r.get("promise_seconds"),
                stored=bool(r.get("stored")),
            )
        )
    return out
