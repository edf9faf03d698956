"""One pass through a form, screen by screen: a small state object with one method per step.

A form may be one screen or a flow: an in-page wizard, a quiz, a wizard across pages whose
step 1 already posts the name and phone. ``Flow.run`` fills the current screen, decides whether
this press sends the form or only moves on, presses like a person (after the anti-time-trap
dwell, for the final press), observes the page and judges it, until the shop confirms or the
flow ends. ``submitted_at`` is when the shop's server answered the request that carried the
form; the thank-you decides the verdict, not the time.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from probes.base import ProbeBlocked, ProbeEnv, ProbeFailed, ProbeTask, Submission
from probes.form.buttons import choose_button, is_next_button
from probes.form.captcha import captcha_in, challenge_in_text
from probes.form.classify import IGNORED, classify
from probes.form.evidence import EvidenceKit
from probes.form.fields import Action, is_trap, plan
from probes.form.fill import apply, fill_extra
from probes.form.locate import Found, best, snapshots
from probes.form.netlog import NetLog
from probes.form.outcome import Outcome, Seen, decide, new_lines
from probes.form.overlay import uncover
from probes.form.snapshot import DEEP_TEXT, ButtonInfo, Group, scan
from probes.form.steps import StepFailed, StepTimer

CONTEXT_JS = resources.files("probes.form").joinpath("context.js").read_text(encoding="utf-8")
MAX_STEPS = 6  # screens in one flow (quizzes have a few questions before the contacts)
LATE_CONFIRM_S = 4.0  # how long a sent form may take to show its thank-you
MIN_DWELL_S = 3.0  # nobody sends a form within seconds of opening the page; time traps drop such posts
TRAP_DWELL_S = 6.0  # when the form visibly carries its own start time, take the time a careful person takes
ENABLE_WAIT_S = 3.0  # a send button disabled while the form validates gets this long to enable
LATE_REQUEST_S = 3.0  # after a send click with no request yet, how long a slow page gets to send it
CLICK_TIMEOUT_MS = 5000  # a covered or re-rendering button gets this long per try
PROMISE_CHARS = 1500
TIME_FIELD = re.compile(
    r"(^|[_\-\[])(ts|time|timestamp|stamp|started|start_?time|form_?time|rendered|loaded|timer)"
    r"($|[_\-\]])",
    re.I,
)
STEP_MARK = re.compile(r"(шаг|step|крок)\s*\d+\s*(из|of|з|/)\s*\d+|готово:?\s*\d+\s*%", re.I)
ENABLED_JS = "el => !el.disabled && el.getAttribute('aria-disabled') !== 'true'"
INVALID_JS = (
    "g => [...g.querySelectorAll('input,textarea,select')].filter(x => x.willValidate && !x.checkValidity())"
    ".map(x => (x.labels && x.labels[0] ? x.labels[0].innerText.trim() + ': ' : '') + x.validationMessage)"
)


def dwell_for(group: Group, configured: object = None) -> float:
    """Seconds the page should have been open before the send click."""
    if configured is not None:
        return float(str(configured))
    if any(f.type == "hidden" and TIME_FIELD.search(f.name) for f in group.fields):
        return TRAP_DWELL_S
    return MIN_DWELL_S


@dataclass
class Announcer:
    """Tells the runner, once, that the shop may now hold the persona's details (``submit_started``)."""

    env: ProbeEnv
    started: bool = False

    async def __call__(self) -> None:
        if not self.started:
            self.started = True
            await self.env.submit_started()


@dataclass
class Flow:
    page: Page
    task: ProbeTask
    env: ProbeEnv
    kit: EvidenceKit
    net: NetLog
    timer: StepTimer
    start: Announcer
    found: Found
    needs: tuple[str, ...]
    frame: Frame = field(init=False)
    group: Group = field(init=False)
    filled: dict[str, str] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)
    hint: str = ""
    avoid: tuple[str, ...] = ()
    corrected: bool = False
    step_no: int = 0
    uncovered: list[str] = field(default_factory=list)
    promise: str = ""
    before: str = ""
    url_before: str = ""
    multi: bool = False  # a press has already moved on to a next screen: reasons name the step
    pending_next: tuple[Frame, Group] | None = None
    history: list[dict[str, Any]] = field(
        default_factory=list
    )  # requests of earlier screens (a wizard's step 1)

    def __post_init__(self) -> None:
        self.frame, self.group = self.found.frame, self.found.group

    async def run(self) -> Submission:
        try:
            return await self.screens()
        except StepFailed as exc:  # "failed: <step>: <what did not happen>", naming the screen of a flow
            raise self.failure(str(exc), submission_possible=self.start.started or exc.sent) from None

    async def screens(self) -> Submission:
        while True:
            self.require_no_file()
            actions = await self.fill()
            button = choose_button(self.group)
            moving_on = self.moving_on(button)
            self.multi = self.multi or moving_on
            self.require_channel(moving_on)
            await self.press(button, actions, moving_on)
            seen, regroup = await self.observe(actions)
            out = await self.judge(moving_on, seen, actions)
            if out.status == "next_step":
                await self.advance(regroup)
                continue
            if out.status == "invalid" and await self.retry_phone(out):
                continue
            return await self.finish(out, seen)

    # ---------------------------------------------------------------- checks before acting

    def require_no_file(self) -> None:
        """A required attachment is something only the customer has: never upload, end honestly."""
        if any(f.type == "file" and f.required for f in self.group.fields):
            raise self.failure("the form requires a file")

    def moving_on(self, button: ButtonInfo | None) -> bool:
        """Does this press only open the next screen (wizard, quiz), rather than send the form?"""
        if button is None or not is_next_button(button):
            return False
        has_channel = self.has_channel()
        hidden_later = any(not f.visible and f.type not in ("hidden", "file") for f in self.group.fields)
        return hidden_later or not has_channel or self.found.how == "flow"

    def has_channel(self) -> bool:
        """A way for the shop to answer is in the form: our address (or phone) really is in its field."""
        return any(self.filled.get(n) and not self.filled[n].startswith("<error") for n in self.needs)

    def require_channel(self, moving_on: bool) -> None:
        if moving_on or self.has_channel():
            return
        raise self.failure(f"the form has no {'/'.join(self.needs)} field the shop could answer")

    def failure(self, reason: str, **kw: Any) -> ProbeFailed:
        kw.setdefault("submission_possible", self.start.started)
        return ProbeFailed(
            self.named(reason),
            evidence=self.kit.all(),
            details={"filled": self.filled, **kw.pop("details", {})},
            **kw,
        )

    def named(self, reason: str) -> str:
        return f"step {self.step_no + 1}: {reason}" if self.step_no or self.multi else reason

    # ---------------------------------------------------------------- fill

    async def fill(self) -> list[Action]:
        async with self.timer.step("fill", "the fields could not be filled"):
            self.uncovered += await uncover(self.page, self.frame, self.group.selector)
            actions = [
                a
                for a in plan(self.group, self.task, phone_hint=self.hint, avoid_phone=self.avoid)
                if a.field.fid not in self.done
            ]
            actions += self.choices_for_a_question_screen(actions)
            pacing = bool(self.task.options.get("pacing") or self.task.options.get("human_pacing"))
            self.filled.update(await apply(self.page, self.frame, actions, pacing=pacing))
            if self.task.field_selectors and not self.done:
                self.filled.update(
                    await fill_extra(self.frame, dict(self.task.field_selectors), _values(self.task))
                )
            self.done |= {a.field.fid for a in actions}
        return actions

    def choices_for_a_question_screen(self, planned: list[Action]) -> list[Action]:
        """A quiz screen (only options and "Next"): pick the first option, as a person who just wants on."""
        if planned or not any(is_next_button(b) for b in self.group.buttons if b.visible):
            return []
        picked: dict[str, Action] = {}
        for f in self.group.fields:
            if f.fillable and f.type in ("radio", "checkbox") and not is_trap(f) and f.name not in picked:
                picked[f.name] = Action(f, "choice", "check")
        return list(picked.values())

    # ---------------------------------------------------------------- press

    async def press(self, button: ButtonInfo | None, actions: list[Action], moving_on: bool) -> None:
        self.before, self.url_before = await _text(self.page, self.frame), self.frame.url
        self.promise = self.promise or await self.context_text()
        shot = self.kit.screenshot(
            self.page, f"filled-{self.step_no}{'-retry' if self.corrected else ''}", "the form as filled"
        )
        if moving_on:
            await shot
        else:
            async with self.timer.step("dwell"):
                await asyncio.gather(
                    shot, _dwell(self.page, dwell_for(self.group, self.task.options.get("min_dwell")))
                )
        async with self.timer.step("submit", "the send button could not be pressed"):
            await self.wait_enabled(button)
            if not moving_on:
                await self.start()
            self.uncovered += await uncover(self.page, self.frame, self.group.selector)
            self.history += [{**x, "screen": self.step_no} for x in self.net.to_json()]
            self.net.arm()
            await self.click(button, actions)
            await self.net.settle(first=0.8 if moving_on else 1.5)
            with contextlib.suppress(PlaywrightError):
                await self.page.wait_for_load_state("domcontentloaded", timeout=5000)

    async def wait_enabled(self, button: ButtonInfo | None) -> None:
        if button is None:
            return
        loc = self.frame.locator(button.selector).first
        deadline = time.monotonic() + ENABLE_WAIT_S
        while True:
            try:
                if await loc.evaluate(ENABLED_JS, timeout=2000):
                    return
            except PlaywrightError:
                return  # gone or re-rendered: the click below will tell
            if time.monotonic() > deadline:
                raise StepFailed("send", "the send button stayed disabled", sent=self.start.started)
            await self.page.wait_for_timeout(200)

    async def click(self, button: ButtonInfo | None, actions: list[Action]) -> None:
        """Click the send button; if something covers it, clear that once; else Enter in a text field."""
        if button is not None:
            loc = self.frame.locator(button.selector).first
            for attempt in range(2):
                try:
                    await loc.click(timeout=CLICK_TIMEOUT_MS, no_wait_after=True)
                    return
                except PlaywrightError:
                    if attempt == 0:
                        self.uncovered += await uncover(self.page, self.frame, button.selector)
        inputs = [a for a in actions if a.op == "fill" and a.field.tag == "input"]
        if not inputs:
            raise StepFailed("send", "the send button could not be clicked", sent=self.start.started)
        try:
            await self.frame.locator(inputs[-1].field.selector).first.press(
                "Enter", timeout=CLICK_TIMEOUT_MS, no_wait_after=True
            )
        except PlaywrightError:
            raise StepFailed(
                "send", "neither the send button nor Enter could be pressed", sent=self.start.started
            ) from None

    async def context_text(self) -> str:
        try:
            return str(await self.frame.evaluate(CONTEXT_JS, [self.group.selector, PROMISE_CHARS]))
        except PlaywrightError:
            return ""

    # ---------------------------------------------------------------- observe and judge

    async def observe(self, actions: list[Action]) -> tuple[Seen, Group | None]:
        if self.frame.is_detached():
            self.frame = self.page.main_frame
        after = await _text(self.page, self.frame) + "\n" + "\n".join(self.net.dialogs)
        snap = await scan(self.frame)
        present = next((g for g in snap.groups if g.gid == self.group.gid), None)
        invalid: tuple[str, ...] = ()
        kept = False
        if present is not None:
            with contextlib.suppress(PlaywrightError):
                invalid = tuple(
                    await self.frame.locator(self.group.selector).first.evaluate(INVALID_JS, timeout=2000)
                )
            values = {f.fid: f.value for f in present.fields}
            kept = any(
                values.get(a.field.fid) == a.value
                for a in actions
                if a.op in ("fill", "type") and len(a.value) > 3
            )
        new_fields = present is not None and any(
            f.fillable and f.fid not in self.done for f in present.fields
        )
        sign = captcha_in(snap, present) or captcha_in(snap)
        fresh = new_lines(self.before, after)
        visible_captcha = sign if sign and any(c.visible for c in snap.captcha) else None
        seen = Seen(
            new_text=fresh,
            form_present=present is not None and present.visible,
            form_values_kept=kept,
            navigated=self.frame.url != self.url_before,
            invalid_fields=invalid,
            new_fields=new_fields,
            captcha=visible_captcha or ("challenge" if challenge_in_text(fresh) else None),
        )
        return seen, present

    async def judge(self, moving_on: bool, seen: Seen, actions: list[Action]) -> Outcome:
        async with self.timer.step("confirm", "the page did not settle"):
            if moving_on:
                nxt = await self.next_screen(seen)
                if nxt is not None:
                    self.pending_next = nxt
                    return Outcome("next_step", "next step", submission_possible=self.start.started)
                if not self.net.submissions:
                    return _no_next(seen)
                await self.start()  # the "next" button sent the form after all: judged as a submission
            elif not self.net.submissions and not seen.invalid_fields:
                seen = await self.await_late_request(seen, actions)
            out = decide(self.net.submissions, seen)
            waited = 0.0
            while out.unsure and waited < LATE_CONFIRM_S:
                # the request went through; thank-you modals often fade in a second or two later
                await self.page.wait_for_timeout(400)
                waited += 0.4
                seen, _ = await self.observe(actions)
                out = decide(self.net.submissions, seen)
            return out

    async def await_late_request(self, seen: Seen, actions: list[Action]) -> Seen:
        """A slow page may send a moment after the click: never call that 'nothing was sent' too early."""
        deadline = time.monotonic() + LATE_REQUEST_S
        while not self.net.items and time.monotonic() < deadline:
            await self.page.wait_for_timeout(250)
        if not self.net.items:
            return seen
        await self.net.settle()
        return (await self.observe(actions))[0]

    async def next_screen(self, seen: Seen) -> tuple[Frame, Group] | None:
        """The next screen of the flow: new fields in this form, or a new form (new page, re-rendered app)."""
        snaps = await snapshots(self.page)
        for frame, snap in snaps:
            for g in snap.groups:
                if g.gid == self.group.gid and any(f.fillable and f.fid not in self.done for f in g.fields):
                    return frame, g
        found = best(snaps, self.found.want)
        if found is not None and found.group.gid != self.group.gid and found.group.visible_fields:
            return found.frame, found.group
        fresh = [
            (f, g)
            for f, s in snaps
            for g in s.groups
            if g.gid != self.group.gid and g.visible_fields and classify(g).kind not in IGNORED
        ]
        if seen.navigated or self.net.submissions or not seen.form_present:
            fresh.sort(key=lambda fg: -len(fg[1].visible_fields))
            return fresh[0] if fresh else None
        return None

    async def advance(self, _regroup: Group | None) -> None:
        assert self.pending_next is not None
        frame, group = self.pending_next
        if group.gid != self.group.gid:
            self.done = set()  # a new document numbers its fields afresh
        self.frame, self.group = frame, group
        self.step_no += 1
        if self.step_no >= MAX_STEPS:
            raise self.failure("the flow did not end")

    async def retry_phone(self, out: Outcome) -> bool:
        """One correction a person makes: the shop said the phone format is wrong, so retype it its way."""
        if self.corrected or not out.phone_problem or "phone" not in self.filled:
            return False
        self.corrected = True
        self.hint, self.avoid = out.hint, (self.filled["phone"],)
        again = await _find_again(self.page, self.group, self.found.want)
        if again is None:
            return False
        self.frame, self.group = again
        self.done = set()
        return True

    # ---------------------------------------------------------------- the end

    async def finish(self, out: Outcome, seen: Seen) -> Submission:
        details = self.details(out, seen)
        await self.kit.screenshot(self.page, "result", "after submit")
        if out.status == "submitted":
            ex = self.net.the_submission()
            now_mono, now = time.monotonic(), self.env.now()
            sent = _wall(now, now_mono, ex.started if ex else now_mono)
            answered = _wall(
                now, now_mono, ex.answered if ex and ex.answered else (ex.started if ex else now_mono)
            )
            details["submission"] = {
                "request": {"method": ex.method, "url": ex.url, "status": ex.status} if ex else None,
                "sent_at": sent.isoformat(),
                "answered_at": answered.isoformat(),
                "confirmed_at": now.isoformat(),
            }
            self.kit.url(self.page.url, "result page")
            self.kit.write_json(
                "network",
                {"submission": details["submission"], "requests": details["network"]},
                "request",
                f"HTTP {out.http_status}",
            )
            return Submission(submitted_at=answered, evidence=self.kit.all(), details=details)
        self.kit.write_json("network", details["network"], "request", out.reason)
        if out.status == "blocked":
            raise ProbeBlocked(
                "captcha",
                evidence=self.kit.all(),
                details=details,
                submission_possible=out.submission_possible or self.start.started,
            )
        raise ProbeFailed(
            self.named(out.reason),
            evidence=self.kit.all(),
            details=details,
            submission_possible=out.submission_possible or self.start.started,
        )

    def details(self, out: Outcome, seen: Seen) -> dict[str, Any]:
        promise = "\n".join(x for x in (self.promise, seen.new_text) if x)[:PROMISE_CHARS]
        return {
            "url": self.page.url,
            "form": {
                "how": self.found.how,
                "score": self.found.score,
                "action": self.group.action,
                "gid": self.group.gid,
            },
            "filled": self.filled,
            "outcome": out.reason,
            "uncovered": self.uncovered,
            "steps": self.step_no + 1,
            "http_status": out.http_status,
            "network": self.history + self.net.to_json(),
            "timings": dict(self.timer.spent),
            "promise_text": promise,
        }


def _wall(now: datetime, now_mono: float, mono: float) -> datetime:
    """A monotonic moment as the injected clock's time."""
    return now - timedelta(seconds=max(0.0, now_mono - mono))


def _no_next(seen: Seen) -> Outcome:
    if seen.invalid_fields:
        return Outcome("failed", "validation: " + "; ".join(seen.invalid_fields), submission_possible=False)
    err = next((ln for ln in seen.new_text.splitlines() if ln.strip()), "")
    return Outcome(
        "failed", "the next step did not open" + (f": {err[:160]}" if err else ""), submission_possible=False
    )


def _values(task: ProbeTask) -> dict[str, str]:
    p = task.persona
    return {
        "first_name": p.first_name,
        "last_name": p.last_name,
        "full_name": p.full_name,
        "name": p.full_name,
        "email": p.email,
        "phone": p.phone,
        "message": task.question,
        "subject": task.subject,
        "city": p.city or "",
        "consent": "on",
    }


async def _dwell(page: Page, seconds: float) -> None:
    """Wait until the page has been open ``seconds``, like a person reading and typing would."""
    try:
        age = float(await page.evaluate("() => performance.now() / 1000"))
    except PlaywrightError:
        return
    if age < seconds:
        await page.wait_for_timeout((seconds - age) * 1000)


async def _text(page: Page, frame: Frame) -> str:
    texts = []
    for fr in {page.main_frame, frame}:
        with contextlib.suppress(PlaywrightError):
            texts.append(await fr.evaluate(DEEP_TEXT))
    return "\n".join(texts)


async def _find_again(page: Page, group: Group, want: str) -> tuple[Frame, Group] | None:
    """After a server-side rejection the form may be re-rendered: same gid, or the best one again."""
    snaps = await snapshots(page)
    for frame, snap in snaps:
        for g in snap.groups:
            if g.gid == group.gid and g.visible_fields:
                return frame, g
    found = best(snaps, want)
    return (found.frame, found.group) if found else None
