"""Realistic little shop sites on loopback, for tests, benchmarks and `replywatch demo`.

Each shop runs on its own 127.0.x.y host with a free port, so the form probe meets the
variety real shops have (labelled server forms, AJAX groups with obfuscated names, modals,
iframes, honeypots, CSRF, consent boxes, captchas, masks, multi-step wizards, CMS markup,
broken servers) without ever leaving the machine. A recorder keeps exactly what each
shop's server received, field by field, which is what the tests assert on; the
``on_submission(site, fields)`` hook lets the demo answer a submission by e-mail.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from monitor.demo.serving import BackgroundServers, listen

Fields = dict[str, str]
SubmissionHook = Callable[[str, Fields], None]
Handler = Callable[["Shop", web.Request, Fields], web.StreamResponse]


@dataclass
class Received:
    """One submission as the shop's server got it."""

    site: str
    path: str
    fields: Fields
    accepted: bool
    at: float = field(default_factory=time.time, compare=False)  # the shop's own receipt time (epoch seconds)


@dataclass
class Shop:
    """One demo shop: pages, the form endpoint's behaviour and what it received."""

    name: str
    pages: dict[str, str]
    kind: str  # what the main form is: question | callback | captcha | ...
    expect: str  # the status a correct probe ends with: submitted | blocked | failed
    handler: Handler
    lang: str = "ru"
    form_paths: tuple[str, ...] = ("/send",)
    host: str = ""
    port: int = 0
    received: list[Received] = field(default_factory=list)
    hook: SubmissionHook | None = None
    embed_origin: str = ""  # a second origin for third-party style iframes (CRM forms)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def url_for(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    @property
    def start_path(self) -> str:
        """Where a config would point the touchpoint: the contacts page if the shop has one."""
        if self.name in ("modal", "callback", "pricelist"):
            return "/"
        return "/contacts" if "/contacts" in self.pages else "/"

    @property
    def accepted(self) -> list[Received]:
        return [r for r in self.received if r.accepted]

    def record(self, path: str, fields: Fields, accepted: bool) -> None:
        self.received.append(Received(self.name, path, dict(fields), accepted))
        if accepted and self.hook is not None:
            self.hook(self.name, dict(fields))


EMAIL_IN_FIELD = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def address_in(fields: Fields) -> str | None:
    """The e-mail address a customer typed into the form: where the demo sends the shop's answer."""
    return next((v.strip() for v in fields.values() if EMAIL_IN_FIELD.match(v.strip())), None)


# ---------------------------------------------------------------- page chrome

RU_CHROME = """
<header class="top"><a class="logo" href="/">{title}</a>
<nav><a href="/">Главная</a> <a href="/catalog">Каталог</a> <a href="/delivery">Доставка</a>
<a href="/contacts">Контакты</a></nav>
<form class="search-form" action="/search" method="get"><input type="search" name="q" placeholder="Поиск по каталогу">
<button type="submit">Найти</button></form>
<a class="cart" href="/cart">Корзина (0)</a></header>
<main>{body}</main>
<footer><p>Телефон: <a href="tel:+74951234567">+7 (495) 123-45-67</a>, e-mail:
<a href="mailto:info@{slug}.shop.test">info@{slug}.shop.test</a></p>
<p>Мы в мессенджерах: <a href="https://t.me/{slug}_shop">Telegram</a> <a href="https://wa.me/79161234567">WhatsApp</a>
<a href="viber://chat?number=%2B79161234567">Viber</a> <a href="https://vk.com/{slug}shop">ВКонтакте</a></p>
<form class="subscribe" action="/subscribe" method="post"><b>Подпишитесь на новости и скидки</b>
<input type="email" name="sub_email" placeholder="Ваш e-mail"><button type="submit">Подписаться</button></form>
</footer>
"""

EN_CHROME = """
<header><a href="/">{title}</a> <nav><a href="/">Home</a> <a href="/shop">Shop</a> <a href="/contact">Contact us</a>
<a href="/account">Sign in</a></nav></header>
<main>{body}</main>
<footer><p>Call us: <a href="tel:+442071234567">+44 20 7123 4567</a> or write to
<a href="mailto:hello@{slug}.shop.test">hello@{slug}.shop.test</a></p>
<form action="/newsletter" method="post"><label>Subscribe to our newsletter <input type="email" name="nl"></label>
<button>Subscribe</button></form></footer>
"""

STYLE = """<style>body{font-family:sans-serif;margin:0}main{padding:20px;min-height:600px}
.modal{display:none;position:fixed;top:60px;left:30%;width:40%;background:#fff;border:1px solid #888;padding:16px;z-index:10}
.modal.open{display:block}.err{color:#c00}.hp{position:absolute;left:-9999px;top:-9999px}
label{display:block;margin:6px 0}</style>"""


def page(title: str, body: str, *, slug: str, lang: str = "ru", head: str = "") -> str:
    chrome = RU_CHROME if lang in ("ru", "uk") else EN_CHROME
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>{STYLE}{head}"
        f"</head><body>{chrome.format(title=title, body=body, slug=slug)}</body></html>"
    )


THANKS_RU = "<h1>Спасибо!</h1><p>Ваше сообщение отправлено. Мы ответим вам в ближайшее время.</p>"


# ---------------------------------------------------------------- handlers


async def read_fields(request: web.Request) -> Fields:
    """Form-encoded, multipart or JSON bodies, flattened to str -> str."""
    if request.content_type == "application/json":
        data = await request.json()
        return {str(k): str(v) for k, v in data.items()}
    post = await request.post()
    return {k: str(v) for k, v in post.items()}


def html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")


def ok_json(**data: Any) -> web.Response:
    return web.json_response(data)


def ordinary(shop: Shop, request: web.Request, f: Fields) -> web.StreamResponse:
    """Server-rendered form: redirect to a thank-you page (post/redirect/get)."""
    shop.record(request.path, f, True)
    raise web.HTTPSeeOther("/thanks")


def ajax_ok(shop: Shop, request: web.Request, f: Fields) -> web.StreamResponse:
    shop.record(request.path, f, True)
    return ok_json(ok=True)


def honeypot(shop: Shop, request: web.Request, f: Fields) -> web.StreamResponse:
    """Like real shops, a filled trap is silently dropped while the visitor sees thanks."""
    trapped = bool(f.get("website") or f.get("email_confirm"))
    shop.record(request.path, f, not trapped)
    raise web.HTTPSeeOther("/thanks")


def csrf(shop: Shop, request: web.Request, f: Fields) -> web.StreamResponse:
    token = request.cookies.get("csrftoken")
    if not token or f.get("csrfmiddlewaretoken") != token:
        shop.record(request.path, f, False)
        return html("<h1>403 Forbidden</h1><p>CSRF verification failed.</p>", 403)
    if f.get("agree") != "on":
        shop.record(request.path, f, False)
        return html("<p class='err'>Необходимо согласие на обработку персональных данных</p>", 400)
    shop.record(request.path, f, True)
    raise web.HTTPSeeOther("/thanks")


def captcha(shop: Shop, request: web.Request, f: Fields) -> web.StreamResponse:
    if not f.get("g-recaptcha-response"):
        shop.record(request.path, f, False)
        return ok_json(ok=False, error="Подтвердите, что вы не робот")
    shop.record(request.path, f, True)
    return ok_json(ok=True)


PHONE_RE = re.compile(r"^\+7 \(\d{3}\) \d{3}-\d{2}-\d{2}$")


def masked_phone(shop: Shop, request: web.Request, f: Fields) -> web.StreamResponse:
    if not PHONE_RE.match(f.get("phone", "")):
        shop.record(request.path, f, False)
        return web.json_response({"ok": False, "errors": {"phone": "Неверный формат телефона"}}, status=422)
    shop.record(request.path, f, True)
    return ok_json(ok=True, message="Заявка принята! Менеджер свяжется с вами.")


def eight_phone(shop: Shop, request: web.Request, f: Fields) -> web.StreamResponse:
    """Server-only validation: the hint is in the error text, nowhere in the markup."""
    if not re.fullmatch(r"8\d{10}", f.get("tel", "")):
        shop.record(request.path, f, False)
        body = shop.pages["/contacts"].replace(
            "<!--errors-->",
            "<div class='err'>Телефон указан неверно. Укажите номер в формате 8XXXXXXXXXX</div>",
        )
        return html(body, 200)
    shop.record(request.path, f, True)
    raise web.HTTPSeeOther("/thanks")


def challenge(shop: Shop, request: web.Request, f: Fields) -> web.StreamResponse:
    """A WAF that answers the POST with a captcha page instead of taking the request."""
    shop.record(request.path, f, False)
    body = (
        "<h1>Проверка</h1><p>Подтвердите, что вы не робот</p>"
        "<div class='smart-captcha' data-sitekey='ysc1_test'></div><input type='hidden' name='smart-token'>"
    )
    return html(page("Проверка", body, slug=shop.name), 403)


def server_error(shop: Shop, request: web.Request, f: Fields) -> web.StreamResponse:
    shop.record(request.path, f, False)
    return html("<h1>500 Internal Server Error</h1>", 500)


def always_invalid(shop: Shop, request: web.Request, f: Fields) -> web.StreamResponse:
    """A required field the shopper cannot know: the shop's reason must reach the report."""
    shop.record(request.path, f, False)
    body = shop.pages["/contacts"].replace(
        "<!--errors-->",
        "<div class='alert alert-danger'>Ошибка: укажите номер заказа (например, 12-3456)</div>",
    )
    return html(body, 200)


def bitrix(shop: Shop, request: web.Request, f: Fields) -> web.StreamResponse:
    if f.get("sessid") != "b1t" or f.get("web_form_submit") is None:
        shop.record(request.path, f, False)
        return html("<font class='errortext'>Ваша сессия истекла</font>", 200)
    shop.record(request.path, f, True)
    raise web.HTTPFound("/contacts/?WEB_FORM_ID=1&formresult=addok")


def cf7(shop: Shop, request: web.Request, f: Fields) -> web.StreamResponse:
    if not f.get("your-email") or not f.get("your-message"):
        shop.record(request.path, f, False)
        return ok_json(status="validation_failed", message="Одне чи декілька полів містять помилку.")
    shop.record(request.path, f, True)
    return ok_json(status="mail_sent", message="Дякуємо за ваше повідомлення. Його надіслано.")


# ---------------------------------------------------------------- sites


def _labelled() -> dict[str, str]:
    form = """<h1>Контакты</h1><p>Москва, ул. Примерная, 1. Работаем с 9 до 18.</p>
<h2>Обратная связь</h2>
<form action="/send" method="post" class="feedback">
<label for="fb-name">Ваше имя</label><input id="fb-name" name="name" required>
<label for="fb-email">E-mail</label><input id="fb-email" name="email" type="email" required>
<label for="fb-phone">Телефон</label><input id="fb-phone" name="phone" type="tel">
<label for="fb-msg">Сообщение</label><textarea id="fb-msg" name="message" required></textarea>
<button type="submit">Отправить сообщение</button></form>
<h3>Вход для покупателей</h3><form action="/login" method="post"><input name="login" placeholder="Логин">
<input name="password" type="password" placeholder="Пароль"><button>Войти</button></form>"""
    return {"/": "<h1>Магазин посуды</h1><p>Лучшая посуда с доставкой.</p>", "/contacts": form}


def _ajax() -> dict[str, str]:
    body = """<h1>Контакты</h1><div class="ask-block"><div class="t">Есть вопрос? Напишите нам</div>
<div class="row"><input class="i1" name="x7f3a" placeholder="Как к вам обращаться?"></div>
<div class="row"><input class="i2" name="q91be" placeholder="Ваш email"></div>
<div class="row"><input class="i3" name="z0c4d" placeholder="Номер телефона"></div>
<div class="row"><textarea class="i4" name="m55aa" placeholder="Ваш вопрос"></textarea></div>
<div class="row"><div class="btn js-send" role="button">Отправить</div></div></div>
<script>
document.querySelector('.js-send').addEventListener('click', async () => {
  const box = document.querySelector('.ask-block');
  const data = {};
  box.querySelectorAll('input,textarea').forEach(el => data[el.name] = el.value);
  if (!data.q91be) { alert('email'); return; }
  const r = await fetch('/api/lead?t=' + Date.now(), {method: 'POST', headers: {'Content-Type': 'application/json'},
                                                      body: JSON.stringify(data)});
  const j = await r.json();
  if (j.ok) box.innerHTML = '<div class="ok">Спасибо, ваша заявка отправлена! Ответим в течение часа.</div>';
});
</script>"""
    return {"/": "<h1>Электроника</h1><a href='/contacts'>Напишите нам</a>", "/contacts": body}


def _modal() -> dict[str, str]:
    body = """<h1>Мебель на заказ</h1><p>Диваны, кресла, столы.</p>
<button class="btn" onclick="document.getElementById('ask').classList.add('open')">Задать вопрос</button>
<div class="modal" id="ask"><h3>Задайте нам вопрос</h3>
<form action="/send" method="post">
<div class="hp"><label>Website</label><input type="text" name="website" tabindex="-1" autocomplete="off"></div>
<input type="text" name="email_confirm" style="display:none">
<label>Имя <input type="text" name="fio"></label>
<label>Электронная почта <input type="text" name="mail"></label>
<label>Ваш вопрос <textarea name="text"></textarea></label>
<input type="submit" value="Отправить"></form></div>"""
    return {"/": body, "/contacts": "<h1>Контакты</h1><p>Пишите: info@modal.shop.test</p>"}


def _csrf() -> dict[str, str]:
    body = """<h1>Напишите нам</h1><form method="post" action="/send" id="contact">
<input type="hidden" name="csrfmiddlewaretoken" value="{TOKEN}">
<p><label for="n">Имя и фамилия</label><input id="n" name="full_name" required></p>
<p><label for="e">Email</label><input id="e" name="email" type="email" required></p>
<p><label for="m">Комментарий</label><textarea id="m" name="comment" required></textarea></p>
<p><input type="checkbox" id="agree" name="agree" required>
<label for="agree">Я согласен на обработку персональных данных</label></p>
<p><button type="submit">Отправить</button></p></form>"""
    return {"/": "<h1>Книжный магазин</h1>", "/contacts": body}


def _captcha() -> dict[str, str]:
    body = """<h1>Обратная связь</h1><form id="f" action="/send" method="post">
<label>Имя<input name="name"></label><label>E-mail<input name="email" type="email"></label>
<label>Сообщение<textarea name="message"></textarea></label>
<div class="g-recaptcha" data-sitekey="6LcTESTTESTTESTTESTTESTTESTTESTTESTTEST"></div>
<textarea name="g-recaptcha-response" style="display:none"></textarea>
<button type="submit">Отправить</button></form>"""
    return {"/": "<h1>Спорттовары</h1>", "/contacts": body}


MASK_JS = """<script>
document.querySelectorAll('input[data-mask]').forEach(el => {
  el.addEventListener('input', () => {
    let d = el.value.replace(/\\D/g, '');
    if (d.startsWith('7') || d.startsWith('8')) d = d.slice(1);
    d = d.slice(0, 10);
    const m = '+7 (___) ___-__-__'; let i = 0; let out = '';
    for (const ch of m) { if (ch === '_') { if (i >= d.length) break; out += d[i++]; } else out += ch; }
    el.value = d.length ? out : '';
  });
});
</script>"""


def _masked() -> dict[str, str]:
    body = (
        """<h1>Заказать звонок</h1><div id="cb"><form class="js-callback" action="/api/callback" method="post">
<input name="name" placeholder="Ваше имя*">
<input name="phone" type="tel" data-mask="+7 (999) 999-99-99" placeholder="+7 (___) ___-__-__">
<button type="submit">Перезвоните мне</button><p class="err"></p></form></div>
<script>
document.querySelector('.js-callback').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target; const r = await fetch(f.action, {method: 'POST', body: new FormData(f)});
  const j = await r.json();
  if (j.ok) document.getElementById('cb').innerHTML = '<p>' + j.message + '</p>';
  else f.querySelector('.err').textContent = Object.values(j.errors).join(' ');
});
</script>"""
        + MASK_JS
    )
    return {"/": "<h1>Окна ПВХ</h1><a href='/contacts'>Контакты</a>", "/contacts": body}


def _eight() -> dict[str, str]:
    body = """<h1>Контакты</h1><h2>Задать вопрос</h2><!--errors-->
<form action="/send" method="post"><table>
<tr><td>Имя</td><td><input name="nm"></td></tr>
<tr><td>Телефон</td><td><input name="tel"></td></tr>
<tr><td>E-mail</td><td><input name="em"></td></tr>
<tr><td>Вопрос</td><td><textarea name="vopros"></textarea></td></tr>
</table><input type="submit" value="Задать вопрос"></form>"""
    return {"/": "<h1>Шины и диски</h1>", "/contacts": body}


def _callback_widget() -> dict[str, str]:
    body = """<h1>Стройматериалы</h1><p>Цемент, кирпич, доставка по городу.</p>
<h2>Остались вопросы?</h2><form action="/send" method="post" class="question">
<input name="name" placeholder="Имя"><input name="email" type="email" placeholder="E-mail">
<textarea name="question" placeholder="Ваш вопрос"></textarea><button>Отправить вопрос</button></form>
<a href="#" class="cb-float" onclick="document.getElementById('cbw').classList.add('open');return false">
Заказать звонок</a>
<div class="modal" id="cbw"><div class="cb-title">Перезвоним за 30 секунд!</div>
<input name="cb_name" placeholder="Ваше имя"><input name="cb_phone" type="tel" placeholder="Ваш телефон">
<button class="cb-go">Жду звонка</button></div>
<script>
document.querySelector('.cb-go').addEventListener('click', async () => {
  const w = document.getElementById('cbw');
  const body = new URLSearchParams({name: w.querySelector('[name=cb_name]').value,
                                    phone: w.querySelector('[name=cb_phone]').value});
  const r = await fetch('/callback', {method: 'POST', body});
  if (r.ok) w.innerHTML = '<p>Спасибо! Мы перезвоним вам в течение 30 секунд.</p>';
});
window.jivo_api = {open: function () {}};
</script><jdiv class="chat-launcher" style="position:fixed;right:12px;bottom:12px">Чат</jdiv>"""
    return {"/": body, "/contacts": "<h1>Контакты</h1>"}


def _english() -> dict[str, str]:
    body = """<h1>Contact us</h1><p>Questions about an order? We usually reply within a day.</p>
<form method="post" action="/send" class="contact-form">
<label for="c-name">Your name</label><input id="c-name" name="your_name" autocomplete="name" required>
<label for="c-email">Email address</label><input id="c-email" name="your_email" type="email" required>
<label for="c-topic">Topic</label><select id="c-topic" name="topic" required>
<option value="">Please choose...</option><option value="order">Order status</option>
<option value="returns">Returns</option><option value="question">Product question</option>
<option value="other">Other</option></select>
<label for="c-msg">How can we help?</label><textarea id="c-msg" name="body" required></textarea>
<button type="submit">Send message</button></form>"""
    thanks = "<h1>Thank you!</h1><p>We've received your message and will get back to you soon.</p>"
    return {
        "/": "<h1>Tea &amp; Co</h1><a href='/contact'>Contact us</a>",
        "/contact": body,
        "/thanks": thanks,
    }


def _iframe() -> dict[str, str]:
    body = """<h1>Контакты</h1><p>Форма обратной связи:</p>
<iframe src="{EMBED}/embed/form" title="Обратная связь" width="520" height="420" style="border:0"></iframe>"""
    embed = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<form action="/send" method="post"><h3>Напишите нам</h3>
<p><input name="client_name" placeholder="Имя" required></p>
<p><input name="client_mail" type="email" placeholder="E-mail" required></p>
<p><textarea name="client_text" placeholder="Сообщение" required></textarea></p>
<button type="submit">Отправить</button></form></body></html>"""
    thanks = (
        "<!doctype html><html><head><meta charset='utf-8'></head><body>"
        "<p>Спасибо! Сообщение получено.</p></body></html>"
    )
    return {"/": "<h1>Игрушки</h1>", "/contacts": body, "/embed/form": embed, "/embed/thanks": thanks}


def _bitrix() -> dict[str, str]:
    body = """<h1>Обратная связь</h1><!--errors-->
<form name="SIMPLE_FORM_1" action="/contacts/" method="POST" enctype="multipart/form-data">
<input type="hidden" name="sessid" id="sessid" value="b1t"><input type="hidden" name="WEB_FORM_ID" value="1">
<table class="form-table data-table"><tbody>
<tr><td>Ваше имя<font color='red'><span class='form-required starrequired'>*</span></font></td>
<td><input type="text" class="inputtext" name="form_text_1" value="" size="0"></td></tr>
<tr><td>Контактный телефон</td><td><input type="text" class="inputtext" name="form_text_2" value=""></td></tr>
<tr><td>Ваш e-mail<font color='red'><span class='form-required starrequired'>*</span></font></td>
<td><input type="text" class="inputtext" name="form_email_3" value="" size="0"></td></tr>
<tr><td>Тема обращения</td><td><select class="inputselect" name="form_dropdown_TOPIC" id="form_dropdown_TOPIC">
<option value="4">Оплата и доставка</option><option value="5">Вопрос о товаре</option>
<option value="6">Жалоба</option></select></td></tr>
<tr><td>Сообщение<font color='red'><span class='form-required starrequired'>*</span></font></td>
<td><textarea name="form_textarea_4" cols="40" rows="5" class="inputtextarea"></textarea></td></tr>
</tbody><tfoot><tr><th colspan="2"><input type="submit" name="web_form_submit" value="Отправить">
&nbsp;<input type="reset" value="Сбросить"></th></tr></tfoot></table></form>"""
    return {"/": "<h1>Сантехника</h1>", "/contacts/": body, "/contacts": body}


def _cf7() -> dict[str, str]:
    body = """<h1>Зворотній зв'язок</h1>
<div class="wpcf7 no-js" id="wpcf7-f5-o1" lang="uk" dir="ltr">
<form action="/kontakty/#wpcf7-f5-o1" method="post" class="wpcf7-form init" novalidate="novalidate">
<div style="display: none;"><input type="hidden" name="_wpcf7" value="5"><input type="hidden" name="_wpcf7_version" value="5.8">
<input type="hidden" name="_wpcf7_unit_tag" value="wpcf7-f5-o1"></div>
<p><label> Ваше ім'я (обов'язково)<br><span class="wpcf7-form-control-wrap" data-name="your-name">
<input size="40" class="wpcf7-form-control wpcf7-text wpcf7-validates-as-required" aria-required="true" value="" type="text" name="your-name"></span></label></p>
<p><label> Ваш email (обов'язково)<br><span class="wpcf7-form-control-wrap" data-name="your-email">
<input size="40" class="wpcf7-form-control wpcf7-email wpcf7-validates-as-required wpcf7-text" aria-required="true" value="" type="email" name="your-email"></span></label></p>
<p><label> Тема<br><span class="wpcf7-form-control-wrap" data-name="your-subject">
<input size="40" class="wpcf7-form-control wpcf7-text" value="" type="text" name="your-subject"></span></label></p>
<p><label> Повідомлення<br><span class="wpcf7-form-control-wrap" data-name="your-message">
<textarea cols="40" rows="10" class="wpcf7-form-control wpcf7-textarea" name="your-message"></textarea></span></label></p>
<p><input class="wpcf7-form-control wpcf7-submit has-spinner" type="submit" value="Надіслати"></p>
<div class="wpcf7-response-output" aria-hidden="true"></div></form></div>
<script>
document.querySelector('.wpcf7-form').addEventListener('submit', async (e) => {
  e.preventDefault(); const f = e.target;
  const r = await fetch('/wp-json/contact-form-7/v1/contact-forms/5/feedback', {method: 'POST', body: new FormData(f)});
  const j = await r.json(); const out = f.querySelector('.wpcf7-response-output');
  out.textContent = j.message; out.setAttribute('aria-hidden', 'false');
  if (j.status === 'mail_sent') { f.reset(); f.classList.add('sent'); } else f.classList.add('invalid');
});
</script>"""
    return {"/": "<h1>Квіти з доставкою</h1><a href='/kontakty/'>Контакти</a>", "/kontakty/": body}


def _multistep() -> dict[str, str]:
    body = """<h1>Контакты</h1><h2>Получить консультацию</h2>
<form id="wiz" action="/send" method="post">
<div class="step" data-step="1"><label>Ваше имя <input name="s_name" required></label>
<label>Телефон <input name="s_phone" type="tel" required></label>
<button type="button" class="next">Далее</button></div>
<div class="step" data-step="2" style="display:none"><label>E-mail для ответа <input name="s_email" type="email" required></label>
<label>Ваш вопрос <textarea name="s_q" required></textarea></label>
<button type="submit">Отправить заявку</button></div></form>
<script>
document.querySelector('#wiz .next').addEventListener('click', () => {
  const s1 = document.querySelector('[data-step="1"]');
  if ([...s1.querySelectorAll('input')].some(i => !i.value)) return;
  s1.style.display = 'none'; document.querySelector('[data-step="2"]').style.display = 'block';
});
</script>"""
    return {"/": "<h1>Юридические услуги</h1>", "/contacts": body}


def _broken() -> dict[str, str]:
    body = """<h1>Обратная связь</h1><form action="/send" method="post">
<label>Имя <input name="name"></label><label>E-mail <input name="email" type="email"></label>
<label>Сообщение <textarea name="msg"></textarea></label><button>Отправить</button></form>"""
    return {"/": "<h1>Автозапчасти</h1>", "/contacts": body}


def _invalid() -> dict[str, str]:
    body = """<h1>Контакты</h1><h2>Написать нам</h2><!--errors-->
<form action="/send" method="post"><label>Имя <input name="name"></label>
<label>E-mail <input name="email" type="email"></label>
<label>Сообщение <textarea name="msg"></textarea></label><button>Отправить</button></form>"""
    return {"/": "<h1>Бытовая техника</h1>", "/contacts": body}


def _pricelist() -> dict[str, str]:
    body = """<h1>Оптовые поставки</h1>
<a class="button" href="#price" onclick="document.getElementById('price').classList.add('open');return false">
Получить прайс</a>
<div class="modal" id="price"><h3>Прайс-лист придёт на почту</h3><form action="/price" method="post">
<input name="company" placeholder="Компания"><input name="email" type="email" placeholder="E-mail">
<button>Получить прайс-лист</button></form></div>
<h2>Вопрос менеджеру</h2><form action="/send" method="post"><input name="name" placeholder="Ваше имя">
<input name="email" type="email" placeholder="Ваш e-mail"><textarea name="msg" placeholder="Текст сообщения"></textarea>
<button>Отправить</button></form>"""
    return {"/": body}


def _tilda() -> dict[str, str]:
    """Constructor-style markup: titles in divs, a custom consent box, a hidden success box."""
    body = """<div class="t-section__title">Остались вопросы? Оставьте заявку</div>
<form id="form123" action="" method="POST" class="t-form js-form-proccess">
<div class="t-input-group"><div class="t-input-title">Имя</div><input type="text" name="Name" class="t-input"></div>
<div class="t-input-group"><div class="t-input-title">Email</div><input type="text" name="Email" class="t-input"></div>
<div class="t-input-group"><div class="t-input-title">Комментарий</div><textarea name="Textarea" class="t-input"></textarea></div>
<div class="t-input-group"><label class="t-checkbox__control"><input type="checkbox" value="yes" name="Checkbox" required
style="opacity:0;position:absolute"><span class="t-checkbox__indicator"></span>Я согласен с политикой конфиденциальности</label></div>
<button type="submit" class="t-submit">Отправить</button>
<div class="js-successbox" style="display:none">Спасибо! Данные успешно отправлены.</div></form>
<script>document.getElementById('form123').addEventListener('submit', async e => { e.preventDefault();
 const f = e.target; const r = await fetch('/api/tilda', {method: 'POST', body: new FormData(f)});
 if (r.ok) { f.querySelector('.js-successbox').style.display = 'block';
   f.querySelectorAll('.t-input-group,.t-submit').forEach(x => x.style.display = 'none'); } });</script>"""
    return {"/": "<h1>Студия ремонта</h1>", "/contacts": body}


def _lazy() -> dict[str, str]:
    """The form is rendered only when scrolled into view."""
    body = """<h1>Контакты</h1><div style="height:2500px">Наш шоурум открыт ежедневно.</div><div id="lazy"></div>
<script>const io = new IntersectionObserver(es => { if (es[0].isIntersecting && !document.querySelector('#lazy form')) {
 document.getElementById('lazy').innerHTML = '<h3>Задать вопрос</h3><form action="/send" method="post">' +
  '<input name="n" placeholder="Имя"><input name="e" type="email" placeholder="Email">' +
  '<textarea name="t" placeholder="Вопрос"></textarea><button>Отправить</button></form>'; } });
io.observe(document.getElementById('lazy'));</script>"""
    return {"/": "<h1>Шоурум</h1>", "/contacts": body}


def _widgets() -> dict[str, str]:
    """A select replaced by a select2-like widget and a send button outside the <form> (form= attribute)."""
    body = """<h1>Contact</h1><form id="cf" action="/send" method="post">
<label>Name <input name="nm"></label><label>E-mail <input name="em" type="email"></label>
<label>Subject</label><select name="subj" class="select2-hidden-accessible" required
style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">
<option value="">--</option><option value="sales">Sales</option><option value="q">General question</option></select>
<span class="select2 select2-container" style="display:inline-block;width:200px;height:20px;border:1px solid">--</span>
<label>Message <textarea name="msg"></textarea></label></form>
<p>We answer within a day.</p><button form="cf" type="submit">Send message</button>"""
    return {"/": "<h1>Gadgets</h1>", "/contacts": body}


SiteSpec = tuple[str, Callable[[], dict[str, str]], str, str, Handler, str, tuple[str, ...]]

SPECS: list[SiteSpec] = [
    # name, pages, kind, expected status, handler, lang, form endpoints
    ("labelled", _labelled, "question", "submitted", ordinary, "ru", ("/send",)),
    ("ajax", _ajax, "question", "submitted", ajax_ok, "ru", ("/api/lead",)),
    ("modal", _modal, "question", "submitted", honeypot, "ru", ("/send",)),
    ("csrf", _csrf, "question", "submitted", csrf, "ru", ("/send",)),
    ("captcha", _captcha, "question", "blocked", captcha, "ru", ("/send",)),
    ("masked", _masked, "callback", "submitted", masked_phone, "ru", ("/api/callback",)),
    ("eight", _eight, "question", "submitted", eight_phone, "ru", ("/send",)),
    ("callback", _callback_widget, "question", "submitted", ordinary, "ru", ("/send", "/callback")),
    ("english", _english, "question", "submitted", ordinary, "en", ("/send",)),
    ("iframe", _iframe, "question", "submitted", ordinary, "ru", ("/send",)),
    ("bitrix", _bitrix, "question", "submitted", bitrix, "ru", ("/contacts/",)),
    (
        "cf7",
        _cf7,
        "question",
        "submitted",
        cf7,
        "uk",
        ("/wp-json/contact-form-7/v1/contact-forms/5/feedback",),
    ),
    ("multistep", _multistep, "question", "submitted", ordinary, "ru", ("/send",)),
    ("broken", _broken, "question", "failed", server_error, "ru", ("/send",)),
    ("invalid", _invalid, "question", "failed", always_invalid, "ru", ("/send",)),
    ("pricelist", _pricelist, "question", "submitted", ordinary, "ru", ("/send", "/price")),
    ("waf", _broken, "question", "blocked", challenge, "ru", ("/send",)),
    ("tilda", _tilda, "question", "submitted", ajax_ok, "ru", ("/api/tilda",)),
    ("widgets", _widgets, "question", "submitted", ordinary, "en", ("/send",)),
    ("lazy", _lazy, "question", "submitted", ordinary, "ru", ("/send",)),
]


def build_shops(names: list[str] | None = None) -> list[Shop]:
    shops = []
    for name, pages, kind, expect, handler, lang, paths in SPECS:
        if names is None or name in names:
            shops.append(
                Shop(
                    name=name,
                    pages=pages(),
                    kind=kind,
                    expect=expect,
                    handler=handler,
                    lang=lang,
                    form_paths=paths,
                )
            )
    return shops


def _app(shop: Shop) -> web.Application:
    app = web.Application()
    thanks_path = "/thanks"

    async def get_page(request: web.Request) -> web.StreamResponse:
        path = request.path
        if path == "/robots.txt":
            return web.Response(text="User-agent: *\nDisallow: /admin/\nDisallow: /cart\n")
        if path == thanks_path and path not in shop.pages:
            return html(page("Спасибо", THANKS_RU, slug=shop.name, lang=shop.lang))
        if path == "/contacts/" and request.query.get("formresult") == "addok":
            body = "<p>Спасибо, ваша заявка принята!</p>"
            return html(page("Обратная связь", body, slug=shop.name, lang=shop.lang))
        if path not in shop.pages:
            body = "<h1>Страница не найдена</h1>" if shop.lang != "en" else "<h1>Not found</h1>"
            return html(page("404", body, slug=shop.name, lang=shop.lang), 404)
        text = shop.pages[path].replace("{EMBED}", shop.embed_origin)
        resp: web.StreamResponse
        if path.startswith("/embed/"):
            return html(text)
        if "{TOKEN}" in text:
            token = secrets.token_hex(16)
            resp = html(page(shop.name, text.replace("{TOKEN}", token), slug=shop.name, lang=shop.lang))
            resp.set_cookie("csrftoken", token, httponly=False, samesite="Lax")
            return resp
        return html(page(shop.name.title(), text, slug=shop.name, lang=shop.lang))

    async def post(request: web.Request) -> web.StreamResponse:
        fields = await read_fields(request)
        if request.path in ("/subscribe", "/newsletter", "/login", "/price") or (
            shop.name == "callback" and request.path == "/callback"
        ):
            shop.record(request.path, fields, True)
            if request.path == "/callback":
                return ok_json(ok=True)
            raise web.HTTPSeeOther("/thanks")
        if shop.name == "iframe":
            shop.record(request.path, fields, True)
            raise web.HTTPSeeOther("/embed/thanks")
        result = shop.handler(shop, request, fields)
        return result

    app.router.add_get("/{tail:.*}", get_page)
    app.router.add_post("/{tail:.*}", post)
    return app


class FormSites:
    """All demo shops, served from one background thread with its own event loop.

    A thread keeps the servers independent of whatever loop the caller (pytest-asyncio,
    the demo's Typer command, a benchmark) runs, and Chromium talks to them over real TCP.
    """

    def __init__(
        self, shops: list[Shop] | None = None, *, base: str = "127.0.61", hook: SubmissionHook | None = None
    ) -> None:
        self.shops = {s.name: s for s in (shops or build_shops())}
        self.base = base
        self.hook = hook
        self._servers = BackgroundServers("formsites")

    def __getitem__(self, name: str) -> Shop:
        return self.shops[name]

    def __iter__(self) -> Iterator[Shop]:
        return iter(self.shops.values())

    def on_submission(self, hook: SubmissionHook | None) -> None:
        """Call ``hook(site, fields)`` for every accepted submission (the demo sends the reply mail).

        The hook runs in the servers' thread: keep it short (queue the mail, do not send inline).
        ``address_in(fields)`` finds the customer's address among the fields.
        """
        self.hook = hook
        for shop in self.shops.values():
            shop.hook = hook

    def start(self) -> FormSites:
        self._servers.start(self._serve)
        return self

    async def _serve(self, runners: list[web.AppRunner]) -> None:
        for i, shop in enumerate(self.shops.values(), start=1):
            shop.hook = self.hook
            shop.host = f"{self.base}.{i}"
            runner = web.AppRunner(_app(shop), access_log=None)
            await runner.setup()
            runners.append(runner)
            shop.port = await listen(runner, shop.host)
            if any("{EMBED}" in text for text in shop.pages.values()):
                # the embedded form lives on another origin, as CRM/constructor forms do
                alias = f"{self.base}.{200 + i}"
                shop.embed_origin = f"http://{alias}:{await listen(runner, alias)}"

    def stop(self) -> None:
        self._servers.stop()

    def reset(self) -> None:
        for shop in self.shops.values():
            shop.received.clear()

    def describe(self) -> str:
        return json.dumps({s.name: s.url for s in self}, ensure_ascii=False, indent=1)

    def targets_yaml(self, names: list[str] | None = None) -> str:
        """`targets:` entries for the running shops (no selectors: detection does the work)."""
        lines = ["targets:"]
        for shop in self:
            if names is not None and shop.name not in names:
                continue
            kind = "callback" if shop.kind == "callback" else "form"
            lines += [
                f"  - name: {shop.name}",
                f"    url: {shop.url}",
                "    touchpoints:",
                f"      - {{kind: {kind}, url: {shop.url_for(shop.start_path)}}}",
            ]
            if shop.name == "callback":
                lines.append(f"      - {{kind: callback, url: {shop.url}}}")
        return "\n".join(lines) + "\n"


@contextmanager
def serving(names: list[str] | None = None, **kw: Any) -> Iterator[FormSites]:
    sites = FormSites(build_shops(names), **kw).start()
    try:
        yield sites
    finally:
        sites.stop()
