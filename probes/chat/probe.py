"""ChatProbe: open the shop's chat, ask as a visitor, hand the live page to the chat watcher.

A chat touchpoint is only ``{kind: chat, url}``: the vendor is detected on the
page, its official JS API is used where it exists, the widget's own UI
everywhere else. ``submit`` returns when the question is visibly in the chat
(``submitted_at`` = when our bubble appeared, browser clock); answers are timed
by the watcher (``env.extras["chat_watcher"]``, see monitor/watch/chat.py).
Without a watcher the probe watches the first window itself and hands the
messages and the saved storage state over in ``Submission.details``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime
from typing import Any, ClassVar

from playwright.async_api import Error as PlaywrightError

from probes.base import (
    Evidence,
    ProbeBlocked,
    ProbeEnv,
    ProbeFailed,
    ProbeTask,
    Submission,
    TemporaryFailure,
)
from probes.chat import capture, dom
from probes.chat.classify import is_offline_text
from probes.chat.detect import UNKNOWN, detect_vendor
from probes.chat.session import LiveChat

log = logging.getLogger("replywatch.chat")

PROMISE_TEXT_MAX = 1500  # header/status/greeting text kept for the promise parser (issue 13)


class ChatProbe:
    kind: ClassVar[str] = "chat"

    async def submit(self, task: ProbeTask, env: ProbeEnv) -> Submission:
        if env.browser is None or not task.url:
            raise ProbeFailed("chat probe needs a browser and a url", submission_possible=False)
        opts = dict(task.options or {})
        # Live chats keep their pages streaming: no top-level fetch for redirect checks (README: Security).
        ctx = await env.browser.new_context(proxy=task.proxy, allow_url=task.url, check_redirects=False)
        guard = env.browser.guard_state(ctx) if hasattr(env.browser, "guard_state") else None
        handed_off = False
        try:
            sink = await capture.install(ctx)
            page = await ctx.new_page()
            try:
                await page.goto(task.url, wait_until="load", timeout=30000)
            except Exception as exc:
                if guard is not None and guard.blocked_navigation:
                    raise ProbeBlocked(
                        f"navigation to a private address blocked: {guard.blocked_navigation[:200]}",
                        submission_possible=False,
                    ) from None
                raise TemporaryFailure(f"page did not load: {type(exc).__name__}") from exc
            vendor = await detect_vendor(page, wait=float(opts.get("detect_wait", 15)))
            if vendor is None:
                raise ProbeFailed("no chat widget found on the page", submission_possible=False)
            live = LiveChat(
                probe_id=task.probe_id,
                vendor=vendor,
                url=task.url,
                question=task.question,
                context=ctx,
                page=page,
                sink=sink,
            )
            await self._prepare(live, task)
            sub = await self._ask(live, task, env)
            watcher = env.extras.get("chat_watcher")
            if watcher is not None and not sub.details.get("continues_by"):
                await watcher.hold(task.probe_id, live, evidence_dir=task.evidence_dir)
                handed_off = True
                transcript = Evidence(
                    "transcript",
                    str(task.evidence_dir / "chat-transcript.json"),
                    "chat transcript (kept up to date by the chat watcher)",
                )
                return Submission(
                    submitted_at=sub.submitted_at, evidence=(*sub.evidence, transcript), details=sub.details
                )
            window = float(opts.get("chat_first_window", 20))
            if not sub.details.get("continues_by"):
                await self._watch_briefly(live, window)
            shot = await live.screenshot(task.evidence_dir, "chat-after.png")
            state = await live.park(task.evidence_dir)
            path = live.save_transcript(task.evidence_dir)
            evidence = [*sub.evidence, Evidence("transcript", str(path), "chat transcript")]
            if shot:
                evidence.append(Evidence("screenshot", str(shot), "chat after the first window"))
            details = {
                **sub.details,
                "chat_storage_state": str(state),
                "chat_messages": live.transcript()["messages"],
                "chat_parked_at": env.now().isoformat(timespec="milliseconds"),
            }
            return Submission(submitted_at=sub.submitted_at, evidence=tuple(evidence), details=details)
        finally:
            if not handed_off:
                with contextlib.suppress(Exception):
                    await ctx.close()

    async def _prepare(self, live: LiveChat, task: ProbeTask) -> None:
        assert live.page is not None
        ad = live.adapter
        page = live.page
        if live.vendor != UNKNOWN and await ad.ready(page, timeout=10):
            await ad.subscribe(page)
            await ad.identify(page, task.persona)
        opened = await ad.open(page)
        await asyncio.sleep(0.6)
        status = await ad.status(page)
        text = await dom.widget_text(page)
        if not opened and live.vendor == UNKNOWN and not is_offline_text(text):
            raise ProbeFailed("chat launcher or input not found", submission_possible=False)
        live.details.update(
            {
                "vendor": live.vendor,
                "api": ad.has_js_api,
                "status": status,
                "promise_text": text[:PROMISE_TEXT_MAX],
            }
        )
        live.offline_text = is_offline_text(text)
        if status == "offline" or (status is None and live.offline_text):
            live.details["offline"] = True

    async def _ask(self, live: LiveChat, task: ProbeTask, env: ProbeEnv) -> Submission:
        assert live.page is not None
        page = live.page
        evidence: list[Evidence] = []
        shot = await live.screenshot(task.evidence_dir, "chat-before.png")
        if shot:
            evidence.append(Evidence("screenshot", str(shot), "chat widget before the question"))
        has_input = await dom.locate(page, "input") is not None
        if (
            live.details.get("offline")
            and not has_input
            or (live.details.get("offline") and await dom.locate(page, "email"))
        ):
            return await self._leave_email(live, task, env, evidence)
        await capture.arm(page, task.question)
        prechat = live.vendor == UNKNOWN and (await dom.panel_state(page)).personal >= 2
        await env.submit_started()
        sent_call = env.now()
        try:
            how = await self._send(live, task, prechat)
        except LookupError as exc:
            raise ProbeFailed(f"could not type the question: {exc}", submission_possible=False) from exc
        except (
            PlaywrightError
        ) as exc:  # the page was too slow or changed under us; the text may have gone out
            live.ingest()
            if live.question_at is None:
                raise ProbeFailed(
                    f"sending the question failed: {str(exc).splitlines()[0][:200]}", evidence=tuple(evidence)
                ) from exc
            how = "ui"
        loop = asyncio.get_running_loop()
        end = loop.time() + 8
        while live.question_at is None and loop.time() < end:
            await live.sink.wait(0.3)
            live.ingest()
        if live.question_at is None:
            frame, _, _ = await capture.snapshot(page, task.question)
            if frame is None:
                raise ProbeFailed("the question never appeared in the chat", evidence=tuple(evidence))
            live.question_at, live.question_resolution = sent_call, "send-call"
        _, shown, depth = await capture.snapshot(
            page, task.question
        )  # what the widget showed before our question
        live.details["bubble_depth"] = depth
        live.ingest_snapshot(
            [m for m in shown if int(m.get("order") or 0) < 0], parked_at=None, now=env.now(), live=True
        )
        live.details.update(
            {
                "sent_by": how,
                "timing_resolution": live.question_resolution,
                "question_at": live.question_at.isoformat(timespec="milliseconds"),
            }
        )
        await self._maybe_switch_to_email(live, task)
        shot = await live.screenshot(task.evidence_dir, "chat-sent.png")
        if shot:
            evidence.append(Evidence("screenshot", str(shot), "question sent"))
        return Submission(submitted_at=live.question_at, evidence=tuple(evidence), details=dict(live.details))

    async def _send(self, live: LiveChat, task: ProbeTask, prechat: bool) -> str:
        """Fill a pre-chat form first when the widget shows one; then type the question unless the form took it."""
        assert live.page is not None
        if prechat:
            res = await dom.fill_prechat(live.page, task.persona, task.question)
            live.details["prechat_fields"] = res["filled"]
            if res["asked"]:
                return "prechat"
            loop = asyncio.get_running_loop()
            end = loop.time() + 10
            while (await dom.panel_state(live.page)).input < dom.OPEN_INPUT and loop.time() < end:
                await asyncio.sleep(0.4)
        return await live.adapter.send(live.page, task.question)

    async def _maybe_switch_to_email(self, live: LiveChat, task: ProbeTask, wait: float = 1.8) -> None:
        """An offline chat that takes the question then asks for an e-mail: give the probe's reply address."""
        assert live.page is not None
        loop = asyncio.get_running_loop()
        end = loop.time() + wait
        while loop.time() < end:
            await live.sink.wait(0.3)
            live.ingest()
        asks = live.offline_text or any(
            r.kind in ("auto", "bot") and is_offline_text(r.text) for r in live.records
        )
        if asks and await dom.locate(live.page, "email") is not None:
            if await dom.leave_email(live.page, task.persona, task.question):
                live.details.update({"continues_by": "email", "left_email": task.persona.email})

    async def _leave_email(
        self, live: LiveChat, task: ProbeTask, env: ProbeEnv, evidence: list[Evidence]
    ) -> Submission:
        assert live.page is not None
        if await dom.locate(live.page, "email") is None:
            raise ProbeFailed(
                "nobody online: the chat is offline and offers no way to leave a message",
                details={**live.details, "chat_result": "nobody online"},
                submission_possible=False,
                evidence=tuple(evidence),
            )
        await env.submit_started()
        if not await dom.leave_email(live.page, task.persona, task.question):
            raise ProbeFailed(
                "offline form could not be sent", details=live.details, evidence=tuple(evidence)
            )
        at: datetime = env.now()
        await asyncio.sleep(0.8)
        shot = await live.screenshot(task.evidence_dir, "chat-offline-form.png")
        if shot:
            evidence.append(Evidence("screenshot", str(shot), "offline form sent with the reply address"))
        live.details.update(
            {
                "continues_by": "email",
                "left_email": task.persona.email,
                "timing_resolution": "send-call",
                "chat_result": "offline: left the reply address",
            }
        )
        return Submission(submitted_at=at, evidence=tuple(evidence), details=dict(live.details))

    async def _watch_briefly(self, live: LiveChat, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while loop.time() < end:
            await live.sink.wait(min(0.5, max(0.0, end - loop.time())))
            live.ingest()
            if any(r.kind == "human" for r in live.records):
                break


def describe(details: dict[str, Any]) -> str:
    """One line for logs and the CLI: vendor and how the probe ended up."""
    return (
        f"{details.get('vendor', '?')}: {details.get('chat_result') or details.get('continues_by') or 'chat'}"
    )
