"""Captcha signatures of reCAPTCHA, hCaptcha, Turnstile and Yandex SmartCaptcha, in a real page."""

from __future__ import annotations

import pytest

from probes.browser import BrowserPool
from probes.form.captcha import captcha_in, challenge_in_text
from probes.form.snapshot import scan

FORM = "<form id='f' method=post><input name=email type=email><textarea name=m></textarea>{cap}<button>Send</button></form>"
CASES = [
    ("<div class='g-recaptcha' data-sitekey='x'></div>", "recaptcha"),
    ("<div class='h-captcha' data-sitekey='x'></div>", "hcaptcha"),
    ("<div class='cf-turnstile' data-sitekey='x'></div>", "turnstile"),
    (
        "<div class='smart-captcha' data-sitekey='x'></div><input type=hidden name=smart-token>",
        "yandex-smartcaptcha",
    ),
    ("<img src='data:,'><input name='captcha_word' placeholder='Код с картинки'>", "captcha"),
    ("", None),
]


@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.browser
async def test_it_recognises_each_vendor_in_the_form(pool: BrowserPool) -> None:
    async with pool.context() as ctx:
        page = await ctx.new_page()
        for markup, vendor in CASES:
            await page.set_content(FORM.format(cap=markup) + "<form action=/s><input name=q></form>")
            snap = await scan(page.main_frame)
            form = next(g for g in snap.groups if g.id == "f")
            assert captcha_in(snap, form) == vendor, markup


def test_it_recognises_challenge_wording() -> None:
    assert challenge_in_text("Подтвердите, что вы не робот")
    assert challenge_in_text("Verify you are human by completing the action below")
    assert challenge_in_text("Підтвердіть, що ви не робот")
    assert not challenge_in_text("Спасибо! Мы ответим в течение часа.")
