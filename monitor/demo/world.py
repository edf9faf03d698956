"""The demo's little world on loopback: a shopper mailbox, shops' mail, form sites, chat sites.

Six shops, one client and five competitors, each with a form, an e-mail address
and a chat widget (two also with a callback form), behaving as real shops do:
fast people, slow people, auto-replies only, bots before people, captchas, and
silence. Everything the product touches is real (a private Dovecot over IMAP,
SMTP, HTTP and WebSocket servers, Chromium); only the shops' staff are scripts.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import textwrap
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import httpx

from monitor.demo.chatsites import ChatSites
from monitor.demo.dovecot import PrivateDovecot, free_port
from monitor.demo.formsites import FormSites, address_in, build_shops
from monitor.demo.mailshop import Behaviour, MailShop, ReceivedMail
from monitor.telephony.generic import sign as sign_generic

log = logging.getLogger("replywatch.demo")

SHOP_PHONE_PREFIX = "+7 343 555-00-"


@dataclass(frozen=True)
class DemoShop:
    """One target: which demo site plays its form, how its staff answer each channel."""

    name: str
    group: str
    form_site: str
    form_answer: Behaviour  # how the shop answers a form submission (by e-mail)
    email_answer: Behaviour  # how it answers a question e-mail
    chat_widget: str
    chat_scenario: str
    chat_delay: float
    callback_site: str | None = None
    callback_after: float | None = None  # seconds until the shop calls back; None = never


SHOPS: tuple[DemoShop, ...] = (
    DemoShop(
        "our-shop",
        "client",
        "labelled",
        Behaviour("human-reply", delay=6),
        Behaviour("human-reply", delay=5),
        "jivo",
        "greet_human",
        8,
        "callback",
        12,
    ),
    DemoShop(
        "tehnopark",
        "competitor",
        "ajax",
        Behaviour("auto-then-human", delay=1, human_delay=25),
        Behaviour("auto-then-human", delay=1, human_delay=20),
        "tawk",
        "bot_human",
        14,
    ),
    DemoShop(
        "domotekhnika",
        "competitor",
        "modal",
        Behaviour("auto-wording", delay=2),
        Behaviour("auto-headers", delay=1),
        "livechat",
        "auto_nobody",
        5,
    ),
    DemoShop(
        "electron", "competitor", "captcha", Behaviour("silent"), Behaviour("silent"), "crisp", "nobody", 5
    ),
    DemoShop(
        "citylink",
        "competitor",
        "cf7",
        Behaviour("human-fresh", delay=35),
        Behaviour("human-freemail", delay=30),
        "generic-shadow",
        "greet_human",
        25,
    ),
    DemoShop(
        "mebelgrad",
        "competitor",
        "bitrix",
        Behaviour("silent"),
        Behaviour("cp1251", delay=15),
        "tidio",
        "nobody",
        5,
        "masked",
        None,
    ),
)


class DemoWorld:
    """Start with ``await start()``; ``config_text()`` is a config pointing at all of it."""

    def __init__(self, workdir: Path, *, web_port: int | None = None) -> None:
        self.workdir = workdir
        # REPLYWATCH_DEMO_SECRET_MARK prefixes every secret, so a leak test can grep for them all.
        mark = os.environ.get("REPLYWATCH_DEMO_SECRET_MARK", "")
        self.imap_password = mark + secrets.token_urlsafe(12)
        self.smtp_password = mark + secrets.token_urlsafe(12)
        self.web_password = mark + secrets.token_urlsafe(9)
        self.hook_token = mark + secrets.token_urlsafe(16)
        self.web_secret_key = mark + secrets.token_urlsafe(24)
        self.web_port = web_port or _free_or(8080)
        self.dovecot = PrivateDovecot({"shopper": self.imap_password}, root=workdir / "dovecot")
        behaviours = {self.email_of(s): s.email_answer for s in SHOPS}
        behaviours.update({self.form_mail_of(s): s.form_answer for s in SHOPS})
        self.mailshop = MailShop(self.dovecot, behaviours, username="shopper", password=self.smtp_password)
        site_names = sorted(
            {s.form_site for s in SHOPS} | {s.callback_site for s in SHOPS if s.callback_site}
        )
        self.forms = FormSites(build_shops(site_names), base="127.0.61")
        self.chats = ChatSites()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    # ------------------------------------------------------------------ addresses

    @staticmethod
    def email_of(shop: DemoShop) -> str:
        return f"info@{shop.name}.shop.test"

    @staticmethod
    def form_mail_of(shop: DemoShop) -> str:
        return f"forms@{shop.name}.shop.test"

    @staticmethod
    def phone_of(i: int) -> str:
        return f"{SHOP_PHONE_PREFIX}{i:02d}"

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.workdir.mkdir(parents=True, exist_ok=True)
        await asyncio.to_thread(self.dovecot.start)
        await asyncio.to_thread(self.mailshop.start)
        self.forms.on_submission(self._on_form_submission)
        await asyncio.to_thread(self.forms.start)
        await self.chats.start()

    async def stop(self) -> None:
        for t in list(self._tasks):
            t.cancel()
        await self.chats.stop()
        await asyncio.to_thread(self.forms.stop)
        await asyncio.to_thread(self.mailshop.stop)
        await asyncio.to_thread(self.dovecot.close)

    # ------------------------------------------------------------------ the shops' staff

    def _on_form_submission(self, site: str, fields: dict[str, str]) -> None:
        """Runs in the form servers' thread: hand the work to the demo's loop."""
        if self._loop is None:
            return
        self._loop.call_soon_threadsafe(self._answer_form, site, dict(fields))

    def _answer_form(self, site: str, fields: dict[str, str]) -> None:
        for i, shop in enumerate(SHOPS, start=1):
            if site == shop.callback_site and shop.callback_after is not None:
                phone = _phone_in(fields)
                if phone:
                    self._spawn(self._call_back(shop, i, phone, shop.callback_after))
            if site == shop.form_site:
                customer = address_in(fields)
                if customer:
                    self._mail_from_form(shop, customer, fields)

    def _mail_from_form(self, shop: DemoShop, customer: str, fields: dict[str, str]) -> None:
        """The form's notification reaches the shop's inbox; its staff answer the customer."""
        msg = EmailMessage()
        msg["From"] = customer
        msg["To"] = self.form_mail_of(shop)
        msg["Subject"] = "Заявка с сайта"
        msg["Message-ID"] = make_msgid(domain=f"{shop.name}.shop.test")
        msg.set_content("\n".join(f"{k}: {v}" for k, v in fields.items()), charset="utf-8")
        mail = ReceivedMail(customer, (self.form_mail_of(shop),), msg.as_bytes(), datetime.now(UTC))
        controller = self.mailshop._controller
        if controller is not None:
            controller.loop.call_soon_threadsafe(self.mailshop.schedule, mail)

    async def _call_back(self, shop: DemoShop, i: int, phone: str, delay: float) -> None:
        """The shop's manager calls the number from the form; the telephony hook reports it."""
        await asyncio.sleep(delay)
        event = {
            "channel": "call",
            "id": f"demo-{shop.name}-{secrets.token_hex(4)}",
            "from": self.phone_of(i),
            "to": phone,
            "duration": 42,
        }
        body = json.dumps(event).encode()
        url = f"http://127.0.0.1:{self.web_port}/hooks/calls"
        for _ in range(20):
            try:
                stamp = int(time.time())  # signed with the body: the generic hook's scheme
                headers = {
                    "Content-Type": "application/json",
                    "X-Replywatch-Timestamp": str(stamp),
                    "X-Replywatch-Signature": sign_generic(self.hook_token, stamp, body),
                }
                async with httpx.AsyncClient(timeout=5) as client:
                    r = await client.post(url, content=body, headers=headers)
                if r.status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(1)
        log.warning("demo: could not report the call back from %s", shop.name)

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ------------------------------------------------------------------ config

    def env(self) -> dict[str, str]:
        return {
            "DEMO_IMAP_PASSWORD": self.imap_password,
            "DEMO_SMTP_PASSWORD": self.smtp_password,
            "REPLYWATCH_WEB_PASSWORD": self.web_password,
            "REPLYWATCH_HOOK_SECRET": self.hook_token,
            "DEMO_WEB_SECRET_KEY": self.web_secret_key,
        }

    def config_text(self) -> str:
        targets = []
        for i, shop in enumerate(SHOPS, start=1):
            site = self.forms[shop.form_site]
            tps = [
                f"{{kind: form, url: {site.url_for(site.start_path)}}}",
                f"{{kind: email, to: {self.email_of(shop)}}}",
                f'{{kind: chat, url: "{self.chats.url(shop.chat_widget, shop.chat_scenario, run=shop.name, delay=shop.chat_delay)}"}}',
            ]
            if shop.callback_site:
                cb = self.forms[shop.callback_site]
                tps.append(f"{{kind: callback, url: {cb.url_for(cb.start_path)}}}")
            lines = [
                f"  - name: {shop.name}",
                f"    group: {shop.group}",
                f"    url: {site.url}",
                '    business_hours: {days: mon-fri, from: "09:00", to: "18:00"}',
                f"    email_domains: [{shop.name}.shop.test]",
                f'    phones: ["{self.phone_of(i)}"]',
                "    touchpoints:",
                *(f"      - {t}" for t in tps),
            ]
            targets.append("\n".join(lines))
        head = textwrap.dedent(f"""\
            # Generated by `replywatch demo`: every address below is on loopback.
            database: sqlite:///replywatch.db
            timezone: Europe/Moscow
            data_dir: data
            shopper:
              mailbox:
                imap: {{host: 127.0.0.1, port: {self.dovecot.imap_port}, tls: false, username: shopper,
                       password_env: DEMO_IMAP_PASSWORD, folders: [INBOX, Junk], idle: true, poll_interval: 5s}}
                smtp: {{host: 127.0.0.1, port: {self.mailshop.port}, starttls: false, username: shopper,
                       password_env: DEMO_SMTP_PASSWORD}}
                address_template: "{{first}}.{{token}}@shopper.test"
              personas:
                - {{first_name: Анна, last_name: Кузнецова, phone: "+7 912 345-67-01", city: Екатеринбург}}
                - {{first_name: Игорь, last_name: Смирнов, phone: "+7 912 345-67-02"}}
              questions:
                - "Здравствуйте! Есть ли доставка в Екатеринбург и сколько она займёт?"
                - "Добрый день. Подскажите, есть ли {{product}} в наличии?"
              products: ["кофемашина DeLonghi Magnifica"]
            browser: {{headless: true, concurrency: 3, probe_timeout: 60s, allow_networks: ["127.0.0.0/8"]}}
            web: {{host: 127.0.0.1, port: {self.web_port}, secret_key_env: DEMO_WEB_SECRET_KEY}}
            campaigns:
              - name: demo-round
                targets: all
                touchpoints: [form, email, chat, callback]
                schedule: {{interval: 7d}}
                reply_deadline: 75s
                sla: [30s, 10m, 1h]
                min_gap: 1s
            targets:
            """)
        return head + "\n".join(targets) + "\n"


def _phone_in(fields: dict[str, str]) -> str | None:
    for value in fields.values():
        digits = "".join(ch for ch in value if ch.isdigit())
        if 10 <= len(digits) <= 12 and "@" not in value:
            return value
    return None


def _free_or(port: int) -> int:
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return port
        except OSError:
            return free_port()
