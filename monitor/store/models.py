"""The data model every probe and reply lands in (SQLAlchemy 2 typed mappings).

Times are stored in UTC with millisecond precision. Columns that reports
filter and group by are denormalised onto ``probe`` (target, kind, group) so a
report over a million probes is one indexed scan, not a chain of joins.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from monitor.clock import as_utc

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite (naive storage) and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        value = as_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else as_utc(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


# Probe lifecycle. ``scheduled -> running -> submitted -> answered | unanswered``;
# ``failed`` / ``blocked`` end a probe that did not reach the shop (with a reason).
PROBE_STATUSES = ("scheduled", "running", "submitted", "answered", "unanswered", "failed", "blocked")
OPEN_STATUSES = ("scheduled", "running")
WAITING_STATUSES = ("submitted",)
# What came back. Only "human" answers a probe; "bounce" (a permanent delivery failure) fails a waiting one;
# "unparsed" (mail that could not be read) is kept with its raw file; the rest are stored with their reasons and evidence and never answer (monitor/mail/classify.py).
REPLY_KINDS = (
    "human",
    "auto",
    "bot",
    "greeting",
    "bounce",
    "delivery",
    "receipt",
    "ooo",
    "ack",
    "newsletter",
    "unparsed",
)
AUTO_REPLY_KINDS = ("auto", "bot", "ack", "ooo")  # a shop's machine answering: kept as ``auto_reply_at``


class Target(Base):
    __tablename__ = "target"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    group: Mapped[str] = mapped_column(String(20), default="competitor")
    url: Mapped[str] = mapped_column(String(2000))
    timezone: Mapped[str | None] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166 alpha-2: holidays, phone region
    business_hours: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    email_domains: Mapped[list[Any]] = mapped_column(JSON, default=list)
    phones: Mapped[list[Any]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    touchpoints: Mapped[list[Touchpoint]] = relationship(back_populates="target")


class Touchpoint(Base):
    __tablename__ = "touchpoint"
    __table_args__ = (UniqueConstraint("target_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(100))  # kind or kind:name, unique per target
    url: Mapped[str | None] = mapped_column(String(2000))
    address: Mapped[str | None] = mapped_column(String(320))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    target: Mapped[Target] = relationship(back_populates="touchpoints")


class Campaign(Base):
    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_round_at: Mapped[datetime | None]


class Probe(Base):
    """One attempt at one touchpoint, as one persona, with one unique identity."""

    __tablename__ = "probe"
    __table_args__ = (
        Index("ix_probe_status_deadline", "status", "deadline_at"),
        Index("ix_probe_target_kind_scheduled", "target_id", "kind", "scheduled_at"),
        Index("ix_probe_campaign_scheduled", "campaign_id", "scheduled_at"),
        Index("ix_probe_group_kind_scheduled", "group", "kind", "scheduled_at"),
        Index("ix_probe_scheduled_at", "scheduled_at"),
        Index("ix_probe_phone", "phone"),  # a call or SMS finds its probes by the number dialled (E.164)
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="SET NULL"))
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoint.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    group: Mapped[str] = mapped_column(String(20))
    token: Mapped[str] = mapped_column(String(32), unique=True)
    persona: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reply_address: Mapped[str] = mapped_column(String(320), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    question: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(String(500))
    message_id: Mapped[str | None] = mapped_column(String(500), index=True)  # our outgoing Message-ID
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    reason: Mapped[str | None] = mapped_column(Text)
    worker_tag: Mapped[str | None] = mapped_column(String(64))
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    scheduled_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    submit_started_at: Mapped[datetime | None]  # the irreversible step began
    submitted_at: Mapped[datetime | None]
    deadline_at: Mapped[datetime | None]
    first_human_reply_at: Mapped[datetime | None]
    auto_reply_at: Mapped[datetime | None]
    latency_ms: Mapped[int | None] = mapped_column(BigInteger)  # first human reply - submitted
    finished_at: Mapped[datetime | None]
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The reply time the shop promises and where it said so (monitor/promises.py): page, auto-reply, chat.
    promise: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    promised_s: Mapped[int | None] = mapped_column(BigInteger)

    replies: Mapped[list[Reply]] = relationship(back_populates="probe", order_by="Reply.received_at")


class Reply(Base):
    """Anything that came back: a mail, a chat message, a call or SMS event.

    ``probe_id`` is NULL for unmatched messages kept for review.
    """

    __tablename__ = "reply"
    __table_args__ = (
        UniqueConstraint("channel", "message_key"),
        Index("ix_reply_probe_received", "probe_id", "received_at"),
        Index("ix_reply_unmatched", "match_method", "received_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    probe_id: Mapped[int | None] = mapped_column(ForeignKey("probe.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(16))  # email | chat | call | sms
    kind: Mapped[str] = mapped_column(String(16))  # one of REPLY_KINDS
    message_key: Mapped[str] = mapped_column(String(500))  # Message-ID or a content hash: stored once
    received_at: Mapped[datetime]  # by our server's clock (INTERNALDATE), never the sender's Date
    detected_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]  # the sender's Date header, for reference only
    sender: Mapped[str | None] = mapped_column(String(500))
    subject: Mapped[str | None] = mapped_column(String(1000))
    excerpt: Mapped[str | None] = mapped_column(Text)
    match_method: Mapped[str] = mapped_column(String(32), default="unmatched")
    match_confidence: Mapped[str | None] = mapped_column(String(16))  # exact | probable | manual
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    raw_path: Mapped[str | None] = mapped_column(String(1000))
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # A person's reply: the checklist with the text proving each item (monitor/quality.py), and whether
    # it repeats a template sent to another probe (canned_of = the first reply of that template).
    quality: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    quality_score: Mapped[int | None] = mapped_column(Integer)
    canned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    canned_of: Mapped[int | None] = mapped_column(BigInteger)

    probe: Mapped[Probe | None] = relationship(back_populates="replies")


class MailCheckpoint(Base):
    """Last processed UID per mailbox folder: every message is processed exactly once."""

    __tablename__ = "mail_checkpoint"
    __table_args__ = (UniqueConstraint("account", "folder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(320))
    folder: Mapped[str] = mapped_column(String(200))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime]


class WatcherStatus(Base):
    """Health of each watcher, for `replywatch status` and /healthz."""

    __tablename__ = "watcher_status"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    state: Mapped[str] = mapped_column(String(32))
    last_ok_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime]
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ChatSession(Base):
    """A chat probe being watched: open page or saved storage state to reopen later."""

    __tablename__ = "chat_session"

    probe_id: Mapped[int] = mapped_column(ForeignKey("probe.id", ondelete="CASCADE"), primary_key=True)
    vendor: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(32))  # held | parked | closed
    storage_state_path: Mapped[str | None] = mapped_column(String(1000))
    transcript_path: Mapped[str | None] = mapped_column(String(1000))
    last_checked_at: Mapped[datetime | None]
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AlertEvent(Base):
    """A rule that broke for one scope: open until it clears (``resolved_at``)."""

    __tablename__ = "alert_event"
    __table_args__ = (Index("ix_alert_event_rule_fired", "rule", "fired_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(300))  # target/touchpoint the rule fired for
    fired_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    value: Mapped[float | None]
    message: Mapped[str] = mapped_column(Text)
    delivered: Mapped[bool] = mapped_column(
        Boolean, default=False
    )  # the first message reached every destination
    delivery_error: Mapped[str | None] = mapped_column(Text)
    reference: Mapped[
        float | None
    ]  # the threshold, or the baseline / competitors' value it was compared with
    resolved_value: Mapped[float | None]
    resolution: Mapped[str | None] = mapped_column(Text)  # how it cleared, in words
    reminded_at: Mapped[datetime | None]  # the last reminder while it stayed open


class AlertNotification(Base):
    """The outbox: one message to one destination. Each event is notified once per destination.

    ``destination`` names the destination without any secret (the rule or
    notification name, the URL's scheme and masked host, an ordinal); the URL
    itself is read from the config at send time.
    """

    __tablename__ = "alert_notification"
    __table_args__ = (
        UniqueConstraint("key", "destination"),
        Index("ix_alert_notification_state_due", "state", "due_at"),
        Index("ix_alert_notification_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200))  # alert:12:fired, probe.answered:345, test:...
    destination: Mapped[str] = mapped_column(String(400))
    label: Mapped[str] = mapped_column(String(300))  # scheme://host, secrets masked
    channel: Mapped[str] = mapped_column(String(200))  # the alert rule or notification name
    kind: Mapped[str] = mapped_column(
        String(40)
    )  # alert.fired | alert.reminder | alert.resolved | probe.* | target.* | test
    alert_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("alert_event.id", ondelete="CASCADE"), index=True
    )
    target: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the webhook's JSON body
    state: Mapped[str] = mapped_column(
        String(16), default="pending"
    )  # pending | delivered | failed | muted | dropped
    hold: Mapped[str | None] = mapped_column(String(32))  # why a pending message waits: quiet hours | muted
    created_at: Mapped[datetime]
    due_at: Mapped[datetime]  # not before: quiet hours' end, or the next retry
    delivered_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class AlertDeliveryAttempt(Base):
    """Every try at sending a notification: when, where (no secret), and what happened."""

    __tablename__ = "alert_delivery_attempt"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    notification_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("alert_notification.id", ondelete="CASCADE"),
        index=True,
    )
    at: Mapped[datetime]
    label: Mapped[str] = mapped_column(String(300))
    ok: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)


class AlertMute(Base):
    """A mute window set from the CLI or the dashboard (config mutes live in the config)."""

    __tablename__ = "alert_mute"
    __table_args__ = (Index("ix_alert_mute_ends_at", "ends_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule: Mapped[str | None] = mapped_column(String(200))  # None: every rule and notification
    target: Mapped[str | None] = mapped_column(String(200))  # None: every target
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(40))  # cli | dashboard
    created_at: Mapped[datetime]
    lifted_at: Mapped[datetime | None]  # unmuted early


class ApiKey(Base):
    """A named token for the JSON API; only its SHA-256 is stored, the token is shown once."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(
        String(16)
    )  # the token's first characters, to tell keys apart in lists
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class ShareLink(Base):
    """A read-only link to one client's report; the URL carries this id signed with the web secret."""

    __tablename__ = "share_link"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    client: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class Rollup(Base):
    """Report figures of one campaign x target x touchpoint kind x probe group x day (UTC, of scheduled_at).

    ``day`` is days since 1970-01-01; ``day = -1`` holds the all-time row of the cell (the merge of
    its days), which unfiltered reports read. ``campaign_id`` 0 stands for ad-hoc probes. Latencies
    are exact (sorted little-endian int64 milliseconds / float64 business seconds), so medians and
    p90 equal the raw computation. Maintained by monitor/store/rollups.py; never edited by hand.
    """

    __tablename__ = "rollup"
    __table_args__ = (
        UniqueConstraint("campaign_id", "target_id", "kind", "grp", "day"),
        Index("ix_rollup_day", "day"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    campaign_id: Mapped[int] = mapped_column(Integer)
    target_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    grp: Mapped[str] = mapped_column(String(20))
    day: Mapped[int] = mapped_column(Integer)
    counts: Mapped[list[Any]] = mapped_column(
        JSON
    )  # probes, reached, answered, ... (monitor/store/rollagg.py)
    lat: Mapped[bytes] = mapped_column(LargeBinary)
    biz: Mapped[bytes] = mapped_column(LargeBinary)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)  # reply kinds, checklist sums, promises
    timing: Mapped[bytes] = mapped_column(LargeBinary)  # heat map, weekly trend and Kaplan-Meier columns


class RollupDirty(Base):
    """Rollup day cells to recompute: filled by database triggers on probe, reply and target writes.

    Triggers catch every write path (ORM, bulk UPDATEs, raw SQL); the session's commit hook
    recomputes and clears them in the same transaction. Reports fall back to raw rows while any
    are left (a write made outside a replywatch session). Not unique: a trigger must never wait
    for another transaction's mark of the same cell (monitor/store/rolltriggers.py).
    """

    __tablename__ = "rollup_dirty"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    campaign_id: Mapped[int] = mapped_column(Integer)
    target_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    grp: Mapped[str] = mapped_column(String(20))
    day: Mapped[int] = mapped_column(Integer)
