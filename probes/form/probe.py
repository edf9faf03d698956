"""The `form` probe: open the page, find the right form, go through it once, prove what the shop got.

Order matters for honesty: captchas and required files are checked before anything is typed;
the runner is told (``env.submit_started``) before the first request that carries the persona's
details leaves the browser (a wizard's step 1 may already be a lead) and before the final
press; ``submitted_at`` is when the shop's server answered the submitting request; one
correction (the phone format the shop's error asks for) is the most a person would try.
The steps themselves live in ``flow.Flow``; here the page is opened, the form found, and
errors mapped to the probe contract.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from probes.base import (
    ProbeBlocked,
    ProbeEnv,
    ProbeError,
    ProbeFailed,
    ProbeTask,
    Submission,
    TemporaryFailure,
)
from probes.form.buttons import NOT_SUBMIT, SUBMIT_WORDS, choose_button
from probes.form.captcha import captcha_in
from probes.form.evidence import EvidenceKit
from probes.form.flow import MIN_DWELL_S, TRAP_DWELL_S, Announcer, Flow, dwell_for
from probes.form.locate import Found, dismiss_banners, locate
from probes.form.netlog import DetailsGate, NetLog, persona_marks
from probes.form.steps import StepFailed, StepTimer
from probes.netguard import GuardState

__all__ = [
    "FormProbe",
    "PricelistProbe",
    "SubscriptionProbe",
    "choose_button",
    "dwell_for",
    "MIN_DWELL_S",
    "TRAP_DWELL_S",
    "SUBMIT_WORDS",
    "NOT_SUBMIT",
]

ACTION_TIMEOUT_MS = 5000  # no single browser action may wait longer (Playwright's default is 30 s)
NAVIGATION_TIMEOUT_MS = 20000
NOUN = {
    "form": "question form",
    "callback": "callback form",
    "pricelist": "price-list form",
    "subscribe": "subscription form",
}


class FormProbe:
    """Kind `form`: a question/feedback form, answered by e-mail to the persona's address."""

    kind: ClassVar[str] = "form"
    want: ClassVar[str] = "form"
    needs: ClassVar[tuple[str, ...]] = ("email",)  # a shop must be able to answer

    async def submit(self, task: ProbeTask, env: ProbeEnv) -> Submission:
        if not task.url:
            raise ProbeFailed("no url for a form touchpoint", submission_possible=False)
        kit = EvidenceKit(task.evidence_dir)
        start = Announcer(env)
        try:
            async with asyncio.timeout(task.time_budget):
                return await self._run(task, env, kit, start)
        except TimeoutError:
            if start.started:
                raise ProbeFailed(
                    "time budget exceeded after submit", evidence=kit.all(), submission_possible=True
                ) from None
            raise TemporaryFailure("time budget exceeded before submit", evidence=kit.all()) from None
        except StepFailed as exc:
            raise ProbeFailed(
                str(exc), evidence=kit.all(), submission_possible=start.started or exc.sent
            ) from None
        except PlaywrightError as exc:
            reason = f"browser: {str(exc).splitlines()[0][:200]}"
            if start.started:
                raise ProbeFailed(reason, evidence=kit.all(), submission_possible=True) from None
            raise TemporaryFailure(reason, evidence=kit.all()) from None

    async def _run(self, task: ProbeTask, env: ProbeEnv, kit: EvidenceKit, start: Announcer) -> Submission:
        assert task.url is not None
        timer = StepTimer()
        async with env.browser.context(proxy=task.proxy, allow_url=task.url) as ctx:
            guard = env.browser.guard_state(ctx) if hasattr(env.browser, "guard_state") else None
            try:
                sub = await self._in_context(ctx, task, env, kit, start, timer)
            except (ProbeError, PlaywrightError, StepFailed, asyncio.CancelledError):  # cancelled: the budget
                refuse_private_navigation(guard, kit, started=start.started)
                raise
            refuse_private_navigation(guard, kit, started=True)
            return sub

    async def _in_context(
        self, ctx: Any, task: ProbeTask, env: ProbeEnv, kit: EvidenceKit, start: Announcer, timer: StepTimer
    ) -> Submission:
        assert task.url is not None
        page = await ctx.new_page()
        page.set_default_timeout(ACTION_TIMEOUT_MS)
        page.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        marks = persona_marks(task.persona)
        net = NetLog(marks=marks)
        net.attach(page)
        await DetailsGate(marks, start).attach(page)
        async with timer.step("load", "the page did not load"):
            await _open(page, task.url)
        kit.url(page.url, "start page")
        async with timer.step("find", "no form appeared"):
            await dismiss_banners(page)
            found = await locate(page, self.want, selector=task.selector)
        if found is None:
            await kit.screenshot(page, "no-form")
            raise ProbeFailed(
                f"no {NOUN.get(self.want, self.want + ' form')} found",
                evidence=kit.all(),
                submission_possible=False,
                details={"timings": dict(timer.spent)},
            )
        await self._refuse_captcha(found, page, kit)
        flow = Flow(page, task, env, kit, net, timer, start, found, self.needs)
        return await flow.run()

    async def _refuse_captcha(self, found: Found, page: Page, kit: EvidenceKit) -> None:
        vendor = captcha_in(found.snapshot, found.group)
        if vendor:
            await kit.screenshot(page, "captcha")
            raise ProbeBlocked(
                "captcha",
                evidence=kit.all(),
                details={"vendor": vendor, "url": page.url},
                submission_possible=False,
            )


def refuse_private_navigation(guard: GuardState | None, kit: EvidenceKit, *, started: bool) -> None:
    """A page that went for a private address ends the probe as `blocked`, never as submitted."""
    if guard is None or guard.blocked_navigation is None:
        return
    raise ProbeBlocked(
        f"navigation to a private address blocked: {guard.blocked_navigation[:200]}",
        evidence=kit.all(),
        details={"blocked": guard.blocked[:20]},
        submission_possible=started,
    )


async def _open(page: Page, url: str) -> None:
    try:
        resp = await page.goto(url, wait_until="domcontentloaded")
    except PlaywrightError as exc:
        raise TemporaryFailure(f"page did not load: {str(exc).splitlines()[0][:200]}") from None
    if resp is not None and resp.status >= 400:
        raise TemporaryFailure(f"page answered HTTP {resp.status}")
    # no wait for the "load" event: images and trackers must not hold the form back; the scan works on
    # what is there and looks again while the page settles, and the dwell gives scripts their time


class PricelistProbe(FormProbe):
    """Kind `pricelist`: a "send me the price list" form; the list arrives by e-mail."""

    kind: ClassVar[str] = "pricelist"
    want: ClassVar[str] = "pricelist"


class SubscriptionProbe(FormProbe):
    """Kind `subscription`: a newsletter box; the confirmation mail is what gets timed."""

    kind: ClassVar[str] = "subscription"
    want: ClassVar[str] = "subscribe"
