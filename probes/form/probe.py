"""The `form` probe: open the page, find the right form, fill it, submit once, prove it.

Order matters for honesty: captchas are checked before anything is typed, the runner is
told right before the irreversible click (``env.submit_started``), ``submitted_at`` is
taken only once the outcome is confirmed, and one correction (e.g. the phone format the
shop's error asks for) is the most a person would try.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any, ClassVar

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from probes.base import ProbeBlocked, ProbeEnv, ProbeFailed, ProbeTask, Submission, TemporaryFailure
from probes.form.captcha import captcha_in, challenge_in_text
from probes.form.classify import NEXT_WORDS
from probes.form.evidence import EvidenceKit
from probes.form.fields import Action, plan
from probes.form.fill import apply, fill_extra
from probes.form.locate import Found, dismiss_banners, locate, rescan_group, snapshots
from probes.form.outcome import NetLog, Outcome, Seen, decide, new_lines
from probes.form.overlay import uncover
from probes.form.snapshot import DEEP_TEXT, ButtonInfo, Group, scan

SUBMIT_WORDS = re.compile(
    r"отправ|послать|send|submit|надісл|відправ|жду|перезвон|передзвон|получить|отримати|заказать|замовити|"
    r"задать|задати|спросить|request|get|оставить|залишити|call|далее|далі|next|продолж|continue|ok\b|готово", re.I)
NOT_SUBMIT = re.compile(r"^\W*(сброс\w*|очистить|очистити|reset|clear|закрыть|закрити|close|отмена|отменить|скасувати|"
                        r"cancel|назад|back|×|x|✕)\W*$", re.I)
MAX_STEPS = 4
LATE_CONFIRM_S = 4.0  # how long a sent form may take to show its thank-you
MIN_DWELL_S = 3.0  # nobody sends a form within seconds of opening the page; time traps drop such posts
TRAP_DWELL_S = 6.0  # when the form visibly carries its own start time, take the time a careful person takes
TIME_FIELD = re.compile(r"(^|[_\-\[])(ts|time|timestamp|stamp|started|start_?time|form_?time|rendered|loaded|timer)"
                        r"($|[_\-\]])", re.I)


def dwell_for(group: Group, configured: object = None) -> float:
    """Seconds the page should have been open before the send click."""
    if configured is not None:
        return float(str(configured))
    if any(f.type == "hidden" and TIME_FIELD.search(f.name) for f in group.fields):
        return TRAP_DWELL_S
    return MIN_DWELL_S


async def _dwell(page: Page, seconds: float) -> None:
    """Wait until the page has been open ``seconds``, like a person reading and typing would."""
    try:
        age = float(await page.evaluate("() => performance.now() / 1000"))
    except PlaywrightError:
        return
    if age < seconds:
        await page.wait_for_timeout((seconds - age) * 1000)


def choose_button(group: Group) -> ButtonInfo | None:
    """The button a person would press to send this form."""
    best: tuple[float, ButtonInfo] | None = None
    for b in group.buttons:
        if not b.visible or NOT_SUBMIT.search(b.text):
            continue
        score = 0.0
        if b.type in ("submit", "image"):
            score += 2
        if b.type == "button" and b.text == "":
            score -= 2
        if SUBMIT_WORDS.search(b.text):
            score += 3
        if best is None or score > best[0]:
            best = (score, b)
    return best[1] if best else None


class FormProbe:
    """Kind `form`: a question/feedback form, answered by e-mail to the persona's address."""

    kind: ClassVar[str] = "form"
    want: ClassVar[str] = "form"
    needs: ClassVar[tuple[str, ...]] = ("email",)  # a shop must be able to answer

    async def submit(self, task: ProbeTask, env: ProbeEnv) -> Submission:
        if not task.url:
            raise ProbeFailed("no url for a form touchpoint", submission_possible=False)
        kit = EvidenceKit(task.evidence_dir)
        state: dict[str, Any] = {"started": False}
        try:
            async with asyncio.timeout(task.time_budget):
                return await self._run(task, env, kit, state)
        except TimeoutError:
            if state["started"]:
                raise ProbeFailed("time budget exceeded after submit", evidence=kit.all(),
                                  submission_possible=True) from None
            raise TemporaryFailure("time budget exceeded before submit", evidence=kit.all()) from None
        except PlaywrightError as exc:
            reason = f"browser: {str(exc).splitlines()[0][:200]}"
            if state["started"]:
                raise ProbeFailed(reason, evidence=kit.all(), submission_possible=True) from None
            raise TemporaryFailure(reason, evidence=kit.all()) from None

    async def _run(self, task: ProbeTask, env: ProbeEnv, kit: EvidenceKit, state: dict[str, Any]) -> Submission:
        assert task.url is not None
        async with env.browser.context(proxy=task.proxy) as ctx:
            page = await ctx.new_page()
            net = NetLog()
            net.attach(page)
            try:
                resp = await page.goto(task.url, wait_until="domcontentloaded", timeout=30000)
            except PlaywrightError as exc:
                raise TemporaryFailure(f"page did not load: {str(exc).splitlines()[0][:200]}") from None
            if resp is not None and resp.status >= 400:
                raise TemporaryFailure(f"page answered HTTP {resp.status}")
            try:
                await page.wait_for_load_state("load", timeout=5000)
            except PlaywrightError:
                pass
            kit.url(page.url, "start page")
            await dismiss_banners(page)
            want = str(task.options.get("form_kind", self.want))
            found = await locate(page, want, selector=task.selector)
            if found is None:
                await kit.screenshot(page, "no-form")
                raise ProbeFailed(f"no {want} form found", evidence=kit.all(), submission_possible=False)
            vendor = captcha_in(found.snapshot, found.group)
            if vendor:
                await kit.screenshot(page, "captcha")
                raise ProbeBlocked("captcha", evidence=kit.all(), details={"vendor": vendor, "url": page.url},
                                   submission_possible=False)
            return await self._fill_and_submit(page, found, task, env, kit, net, state)

    async def _fill_and_submit(self, page: Page, found: Found, task: ProbeTask, env: ProbeEnv, kit: EvidenceKit,
                               net: NetLog, state: dict[str, Any]) -> Submission:
        frame, group = found.frame, found.group
        filled: dict[str, str] = {}
        done: set[str] = set()
        hint, corrected, steps = "", False, 0
        avoid: tuple[str, ...] = ()
        pacing = bool(task.options.get("pacing") or task.options.get("human_pacing"))
        uncovered: list[str] = []
        while True:
            uncovered += await uncover(page, frame, group.selector)
            actions = [a for a in plan(group, task, phone_hint=hint, avoid_phone=avoid) if a.field.fid not in done]
            filled.update(await apply(frame, actions, pacing=pacing))
            if task.field_selectors and not done:
                filled.update(await fill_extra(frame, dict(task.field_selectors), _values(task)))
            done |= {a.field.fid for a in actions}
            button = choose_button(group)
            is_next = bool(button and NEXT_WORDS.search(button.text) and _has_hidden_fields(group))
            if not is_next and not any(filled.get(n) for n in self.needs):
                raise ProbeFailed(f"the form has no {'/'.join(self.needs)} field the shop could answer",
                                  evidence=kit.all(), submission_possible=False, details={"filled": filled})
            await kit.screenshot(page, f"filled-{steps}{'-retry' if corrected else ''}", "the form as filled")
            before = await _text(page, frame)
            url_before = frame.url
            if not is_next:
                await _dwell(page, dwell_for(group, task.options.get("min_dwell")))
                await env.submit_started()
                state["started"] = True
            uncovered += await uncover(page, frame, group.selector)
            net.arm()
            await _press(frame, group, button, actions)
            await net.settle(first=0.8 if is_next else 2.0)
            try:
                await page.wait_for_load_state("domcontentloaded", timeout=5000)
            except PlaywrightError:
                pass
            await page.wait_for_timeout(300)
            seen, frame, regroup = await _observe(page, frame, group, before, url_before, actions, done, net.dialogs)
            if is_next and net.submissions:
                # the "next" button sent the form after all: it is a submission, judged as one
                await env.submit_started()
                state["started"] = True
                is_next = False
            out = _next(seen) if is_next else decide(net.submissions, seen)
            waited = 0.0
            while not is_next and out.unsure and waited < LATE_CONFIRM_S:
                # the request went through; thank-you modals often fade in a second or two later
                await page.wait_for_timeout(500)
                waited += 0.5
                seen, frame, regroup = await _observe(page, frame, group, before, url_before, actions, done,
                                                      net.dialogs)
                out = decide(net.submissions, seen)
            if out.status == "next_step" and steps < MAX_STEPS and regroup is not None:
                steps += 1
                group = regroup
                continue
            details = {"url": page.url, "form": {"how": found.how, "score": found.score, "action": group.action,
                                                 "gid": group.gid}, "filled": filled, "outcome": out.reason,
                       "uncovered": uncovered, "http_status": out.http_status, "network": net.to_json()}
            if out.status == "submitted":
                confirmed = env.now()
                await kit.screenshot(page, "result", "after submit")
                kit.url(page.url, "result page")
                kit.write_json("network", net.to_json(), "request", f"HTTP {out.http_status}")
                return Submission(submitted_at=confirmed, evidence=kit.all(), details=details)
            await kit.screenshot(page, "result", "after submit")
            kit.write_json("network", net.to_json(), "request", out.reason)
            if out.status == "blocked":
                raise ProbeBlocked("captcha", evidence=kit.all(), details=details,
                                   submission_possible=out.submission_possible)
            if out.status == "invalid" and not corrected and out.phone_problem and "phone" in filled:
                corrected = True
                hint, avoid = out.hint, (filled["phone"],)
                again = await _find_again(page, frame, group, self.want)
                if again is not None:
                    frame, group = again
                    done = set()
                    continue
            raise ProbeFailed(out.reason, evidence=kit.all(), details=details,
                              submission_possible=out.submission_possible)


def _next(seen: Seen) -> Outcome:
    if seen.new_fields:
        return Outcome("next_step", "next step", submission_possible=False)
    if seen.invalid_fields:
        return Outcome("failed", "validation: " + "; ".join(seen.invalid_fields), submission_possible=False)
    return Outcome("failed", "the next step did not open", submission_possible=False)


def _values(task: ProbeTask) -> dict[str, str]:
    p = task.persona
    return {"first_name": p.first_name, "last_name": p.last_name, "full_name": p.full_name, "name": p.full_name,
            "email": p.email, "phone": p.phone, "message": task.question, "subject": task.subject,
            "city": p.city or "", "consent": "on"}


def _has_hidden_fields(group: Group) -> bool:
    return any(not f.visible and f.type not in ("hidden",) for f in group.fields)


async def _text(page: Page, frame: Frame) -> str:
    texts = []
    for fr in {page.main_frame, frame}:
        try:
            texts.append(await fr.evaluate(DEEP_TEXT))
        except PlaywrightError:
            pass
    return "\n".join(texts)


async def _press(frame: Frame, group: Group, button: ButtonInfo | None, actions: list[Action]) -> None:
    """Click the send button; without one, press Enter in a text field like a person would."""
    if button is not None:
        try:
            await frame.locator(button.selector).first.click(timeout=5000, no_wait_after=True)
            return
        except PlaywrightError:
            pass
    inputs = [a for a in actions if a.op == "fill" and a.field.tag == "input"]
    if inputs:
        await frame.locator(inputs[-1].field.selector).first.press("Enter", no_wait_after=True)


async def _observe(page: Page, frame: Frame, group: Group, before: str, url_before: str, actions: list[Action],
                   done: set[str], dialogs: list[str]) -> tuple[Seen, Frame, Group | None]:
    if frame.is_detached():
        frame = page.main_frame
    after = await _text(page, frame) + "\n" + "\n".join(dialogs)
    snap = await scan(frame)
    present = next((g for g in snap.groups if g.gid == group.gid), None)
    invalid: tuple[str, ...] = ()
    kept = False
    if present is not None:
        try:
            invalid = tuple(await frame.locator(group.selector).first.evaluate(
                "g => [...g.querySelectorAll('input,textarea,select')].filter(x => x.willValidate && !x.checkValidity())"
                ".map(x => (x.labels && x.labels[0] ? x.labels[0].innerText.trim() + ': ' : '') + x.validationMessage)"))
        except PlaywrightError:
            pass
        values = {f.fid: f.value for f in present.fields}
        kept = any(values.get(a.field.fid) == a.value for a in actions if a.op in ("fill", "type") and len(a.value) > 3)
    new_fields = present is not None and any(f.fillable and f.fid not in done for f in present.fields)
    sign = captcha_in(snap) if not captcha_in(snap, present) else captcha_in(snap, present)
    fresh = new_lines(before, after)
    visible_captcha = sign if sign and any(c.visible for c in snap.captcha) else None
    seen = Seen(new_text=fresh, form_present=present is not None and present.visible, form_values_kept=kept,
                navigated=frame.url != url_before, invalid_fields=invalid, new_fields=new_fields,
                captcha=visible_captcha or ("challenge" if challenge_in_text(fresh) else None))
    return seen, frame, present


async def _find_again(page: Page, frame: Frame, group: Group, want: str) -> tuple[Frame, Group] | None:
    """After a server-side rejection the form may be re-rendered: same gid, or the best one again."""
    snaps = await snapshots(page)
    hit = rescan_group(snaps, group.gid)
    if hit is not None and hit[1].visible_fields:
        return hit
    found = await locate(page, want)
    return (found.frame, found.group) if found else None


class PricelistProbe(FormProbe):
    """Kind `pricelist`: a "send me the price list" form; the list arrives by e-mail."""

    kind: ClassVar[str] = "pricelist"
    want: ClassVar[str] = "pricelist"


class SubscriptionProbe(FormProbe):
    """Kind `subscription`: a newsletter box; the confirmation mail is what gets timed."""

    kind: ClassVar[str] = "subscription"
    want: ClassVar[str] = "subscribe"
