"""Pure parts of a chat session: message keys, displayed times on reopened pages, merging DOM and API views."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from probes.chat.capture import CaptureSink
from probes.chat.session import LiveChat, core_text, displayed_time

SEEN = datetime(2026, 3, 2, 10, 30, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("hint", "tz", "expected", "resolution"),
    [
        (
            {"datetime": "2026-03-02T10:21:07.250Z"},
            0,
            datetime(2026, 3, 2, 10, 21, 7, 250000, tzinfo=UTC),
            "displayed-exact",
        ),
        ({"datetime": "1772446867250"}, 0, datetime.fromtimestamp(1772446867.25, UTC), "displayed-exact"),
        ({"clock": "10:21:07"}, 0, datetime(2026, 3, 2, 10, 21, 7, tzinfo=UTC), "displayed-seconds"),
        (
            {"clock": "13:21"},
            -180,
            datetime(2026, 3, 2, 10, 21, tzinfo=UTC),
            "displayed-minutes",
        ),  # Moscow page
        ({"clock": "23:59"}, 0, datetime(2026, 3, 1, 23, 59, tzinfo=UTC), "displayed-minutes"),  # yesterday
    ],
)
def test_it_reads_the_time_a_widget_displays(
    hint: dict, tz: int, expected: datetime, resolution: str
) -> None:
    assert displayed_time(hint, SEEN, tz) == (expected, resolution)


def test_it_has_no_time_when_the_widget_shows_none() -> None:
    assert displayed_time({}, SEEN, 0) is None


@pytest.mark.parametrize(
    ("text", "sender", "core"),
    [
        ("Мария Да, доставка есть 12:31", "Мария", "Да, доставка есть"),
        ("МарияДа, доставка есть.12:31", "Мария", "Да, доставка есть."),
        ("Самовывоз с 10:00 до 18:00 14:02", None, "Самовывоз с 10:00 до 18:00"),
    ],
)
def test_it_keys_messages_by_their_text_without_sender_and_clock(
    text: str, sender: str | None, core: str
) -> None:
    assert core_text(text, sender) == core


def _live() -> LiveChat:
    return LiveChat(
        probe_id=5,
        vendor="tawk",
        url="http://127.0.0.1/",
        question="Есть ли доставка?",
        context=None,
        page=None,
        sink=CaptureSink(),
        question_at=SEEN,
    )


def test_it_merges_the_dom_bubble_and_the_api_event_of_one_message() -> None:
    live = _live()
    at = SEEN + timedelta(seconds=30)
    live.sink.push(
        {},
        {
            "kind": "dom",
            "t": at.timestamp() * 1000 + 20,
            "text": "Ольга Да, доставка есть 10:30",
            "sender": "Ольга",
            "inList": True,
        },
    )
    live.sink.push(
        {},
        {
            "kind": "api",
            "t": at.timestamp() * 1000,
            "event": "onChatMessageAgent",
            "payload": {"message": "Да, доставка есть", "name": "Ольга"},
        },
    )
    new = live.ingest()
    assert len(live.records) == 1 and len(new) == 1
    r = live.records[0]
    assert r.source == "dom+api" and r.sender_type == "agent" and r.kind == "human"
    assert r.at == at  # the earlier of the two views
    assert r.key.startswith("chat:5:") and r.key.endswith(":0")


def test_it_stores_a_reopened_message_once_with_the_same_key() -> None:
    live = _live()
    at = SEEN + timedelta(seconds=40)
    live.sink.push(
        {},
        {
            "kind": "dom",
            "t": at.timestamp() * 1000,
            "text": "Ольга Да, доставка есть",
            "sender": "Ольга",
            "inList": True,
        },
    )
    live.ingest()
    again = live.ingest_snapshot(
        [
            {
                "text": "Ольга Да, доставка есть",
                "sender": "Ольга",
                "order": 1,
                "t": 0,
                "time": {"clock": "10:30:55"},
            }
        ],
        parked_at=None,
        now=SEEN + timedelta(minutes=5),
    )
    assert again == [] and len(live.records) == 1


def test_it_renders_untrusted_chat_text_inert() -> None:
    from probes.chat.session import transcript_html

    out = transcript_html(
        {
            "messages": [
                {
                    "at": "t",
                    "kind": "human",
                    "sender": "<img src=x onerror=alert(1)>",
                    "text": "<script>alert(1)</script>Да",
                }
            ]
        }
    )
    assert "<script" not in out and "<img" not in out
    assert "Да" in out and "&lt;script&gt;" in out


def test_it_keeps_a_minute_resolution_answer_after_the_question() -> None:
    live = _live()  # question at 10:30:15; the widget shows only "10:30"
    new = live.ingest_snapshot(
        [
            {
                "text": "Сергей Да, доставляем 10:30",
                "sender": "Сергей",
                "order": 1,
                "t": (SEEN + timedelta(seconds=30)).timestamp() * 1000,
                "time": {"clock": "10:30"},
            }
        ],
        parked_at=None,
        now=SEEN + timedelta(seconds=40),
    )
    assert len(new) == 1 and new[0].kind == "human" and new[0].resolution == "displayed-minutes"
    assert SEEN <= new[0].at <= SEEN + timedelta(seconds=30) and new[0].at_bounds is not None
