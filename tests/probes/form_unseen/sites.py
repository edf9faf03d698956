"""Shop pages the form probe has never seen, written before running it (blind tests).

Each differs from ``monitor.demo.formsites`` the way real shops differ: web components,
SPA-style controlled inputs, toasts, JSON errors with HTTP 200, Ukrainian masks, split
names, clipped honeypots with time traps, short-text limits, side tabs, timed popups,
redirect banners. Endpoints record what arrived and accept or reject it like the shop would.
"""

from __future__ import annotations

import re
import time

from aiohttp import web

from monitor.demo.formsites import Fields
from monitor.demo.formsites_extra import RawSite

HEAD = (
    "<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
    "<meta name='viewport' content='width=device-width'><style>body{{font-family:Arial;margin:0}}"
    "header{{background:#222;color:#fff;padding:10px}}header a{{color:#fff;margin-right:12px}}"
    "main{{padding:24px;min-height:500px}}{css}</style></head><body>"
)
FOOT = "</body></html>"


def doc(title: str, body: str, *, lang: str = "ru", css: str = "") -> str:
    return HEAD.format(lang=lang, title=title, css=css) + body + FOOT


def _ok_json(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    site.record(request.path, f, True)
    return web.json_response({"status": "ok"})


# ---------------------------------------------------------------- 1. web component, open shadow root

SHADOW = doc(
    "Мебель Вуд",
    """
<header><a href="/">Мебель Вуд</a><a href="/catalog">Каталог</a></header>
<main><h1>Контакты</h1><p>Москва, ул. Лесная, 5. Пн–Пт 9–18.</p>
<wood-contact></wood-contact></main>
<script>
class WoodContact extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({mode: 'open'});
    root.innerHTML = `<style>.f{border:1px solid #ccc;padding:16px;max-width:420px} input,textarea{display:block;width:100%;margin:6px 0}</style>
      <div class="f"><h3>Задайте нам вопрос</h3>
      <form>
        <label>Ваше имя <input name="who" required></label>
        <label>Электронная почта <input name="addr" type="email" required></label>
        <label>Вопрос <textarea name="q" rows="4" required></textarea></label>
        <button type="submit">Отправить вопрос</button>
      </form><div class="res"></div></div>`;
    const form = root.querySelector('form');
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const data = Object.fromEntries(new FormData(form));
      const r = await fetch('/api/question', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                               body: JSON.stringify(data)});
      const j = await r.json();
      if (j.status === 'ok') { form.remove(); root.querySelector('.res').textContent = 'Спасибо! Мы ответим на почту в течение дня.'; }
    });
  }
}
customElements.define('wood-contact', WoodContact);
</script>""",
)


# ---------------------------------------------------------------- 2. SPA controlled inputs, div button, toast

SPA = doc(
    "Дім Декор",
    """
<header><a href="/">Дім Декор</a></header>
<main><div id="app"></div></main>
<div id="toasts" style="position:fixed;right:16px;bottom:16px"></div>
<script>
const state = {n: '', m: '', t: ''};
function h(tag, attrs, kids) { const el = document.createElement(tag); Object.assign(el, attrs || {});
  (kids || []).forEach(k => el.append(k)); return el; }
function input(key, aria, type) {
  const el = h(type === 'area' ? 'textarea' : 'input', {className: 'inp-' + Math.random().toString(36).slice(2, 6)});
  if (type && type !== 'area') el.type = type;
  el.setAttribute('aria-label', aria);
  el.addEventListener('input', e => { state[key] = e.target.value; });
  // controlled: any change not made by an input event is reverted on blur, like React does
  el.addEventListener('blur', () => { el.value = state[key]; });
  return el;
}
function render() {
  const app = document.getElementById('app');
  app.innerHTML = '';
  const box = h('div', {className: 'card'}, [h('h2', {textContent: 'Маєте питання? Напишіть нам'})]);
  box.append(input('n', "Ваше ім'я"), input('m', 'Електронна пошта', 'email'), input('t', 'Ваше питання', 'area'));
  const btn = h('div', {className: 'btn-primary', textContent: 'Надіслати'});
  btn.setAttribute('role', 'button'); btn.tabIndex = 0;
  btn.style.cssText = 'display:inline-block;padding:8px 16px;background:#06c;color:#fff;cursor:pointer';
  btn.addEventListener('click', send);
  box.append(btn);
  app.append(box);
}
async function send() {
  if (!state.n || !state.m.includes('@') || !state.t) { toast('Заповніть усі поля'); return; }
  const r = await fetch('/api/v2/feedback', {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({name: state.n, email: state.m, text: state.t})});
  if (r.ok) { state.n = state.m = state.t = ''; render(); toast('Дякуємо! Ваше повідомлення надіслано.'); }
  else toast('Не вдалося надіслати, спробуйте пізніше');
}
function toast(msg) {
  const t = h('div', {textContent: msg}); t.style.cssText = 'background:#333;color:#fff;padding:10px;margin:4px';
  document.getElementById('toasts').append(t); setTimeout(() => t.remove(), 2000);
}
render();
</script>""",
    lang="uk",
)


def _spa(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    site.record(request.path, f, True)
    return web.json_response({"id": 1841}, status=201)


# ---------------------------------------------------------------- 3. fetch JSON, 200 with success:false

JSON_ERR = doc(
    "ТехноМаркет",
    """
<header><a href="/">ТехноМаркет</a></header>
<main><h1>Обратная связь</h1>
<form id="fb" novalidate>
  <p><label for="a1">Имя</label><br><input id="a1" name="name"></p>
  <p><label for="a2">E-mail</label><br><input id="a2" name="email"></p>
  <p><label for="a3">Сообщение</label><br><textarea id="a3" name="message"></textarea></p>
  <div class="form-error" style="color:#c00"></div>
  <button class="btn">Отправить</button>
</form></main>
<script>
document.getElementById('fb').addEventListener('submit', async e => {
  e.preventDefault();
  const fd = new FormData(e.target);
  const r = await fetch('/ajax/feedback.php', {method: 'POST', body: fd});
  const j = await r.json();
  const box = document.querySelector('.form-error');
  if (j.success) { e.target.innerHTML = '<p>Спасибо, сообщение отправлено</p>'; }
  else { box.textContent = Object.values(j.errors).join(' '); }
});
</script>""",
)


def _json_err(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    site.record(request.path, f, False)
    return web.json_response({"success": False, "errors": {"email": "Адрес с этого домена не принимается"}})


# ---------------------------------------------------------------- 4. Ukrainian phone mask, split name, file input

UA_MASK = doc(
    "Сантехніка UA",
    """
<header><a href="/">Сантехніка UA</a></header>
<main><h1>Зворотній зв'язок</h1>
<form action="/feedback" method="post" enctype="multipart/form-data" class="feedback-form">
  <div class="row"><span>Прізвище *</span><input name="f_last" required></div>
  <div class="row"><span>Ім'я *</span><input name="f_first" required></div>
  <div class="row"><span>По батькові</span><input name="f_middle"></div>
  <div class="row"><span>Телефон *</span><input name="f_tel" class="js-phone" placeholder="+38 (0__) ___-__-__" required></div>
  <div class="row"><span>E-mail *</span><input name="f_mail" required></div>
  <div class="row"><span>Ваше питання *</span><textarea name="f_text" required></textarea></div>
  <div class="row"><span>Прикріпити фото</span><input type="file" name="f_photo"></div>
  <input type="submit" value="Надіслати">
</form></main>
<script>
document.querySelectorAll('.js-phone').forEach(el => el.addEventListener('input', () => {
  let d = el.value.replace(/\\D/g, '');
  if (d.startsWith('380')) d = d.slice(3); else if (d.startsWith('38')) d = d.slice(2);
  if (d.startsWith('0')) d = d.slice(1);
  d = d.slice(0, 9);
  let out = '+38 (0';
  const slots = [[0, 2, ') '], [2, 5, '-'], [5, 7, '-'], [7, 9, '']];
  for (const [a, b, sep] of slots) { if (d.length > a) out += d.slice(a, b) + (d.length >= b ? sep : ''); }
  el.value = out;
}));
</script>""",
    lang="uk",
)

UA_PHONE = re.compile(r"^\+38 \(0\d{2}\) \d{3}-\d{2}-\d{2}$")
THANKS_UA = doc(
    "Дякуємо",
    "<main><h1>Дякуємо за звернення!</h1><p>Ми відповімо протягом робочого дня.</p></main>",
    lang="uk",
)


def _ua(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = bool(
        UA_PHONE.match(f.get("f_tel", ""))
        and f.get("f_last")
        and f.get("f_first")
        and "@" in f.get("f_mail", "")
    )
    site.record(request.path, f, ok)
    if not ok:
        return web.Response(
            text=doc("Помилка", "<main><p class='err'>Невірний формат телефону</p></main>", lang="uk"),
            status=200,
            content_type="text/html",
        )
    return web.Response(text=THANKS_UA, content_type="text/html")


# ---------------------------------------------------------------- 5. clipped honeypot + time trap + minlength

TRAP = doc(
    "Оптика Зрение",
    """
<header><a href="/">Оптика Зрение</a></header>
<main><h1>Напишите нам</h1>
<form method="post" action="/contact/submit" id="contact">
  <input type="hidden" name="ts" value="">
  <label>Как к вам обращаться <input type="text" name="contact_name"></label><br>
  <label>Почта для ответа <input type="email" name="contact_email" required></label><br>
  <div class="visually-hidden" style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap">
    <label>Ваш сайт <input type="text" name="url" tabindex="-1" autocomplete="off"></label>
  </div>
  <label>Текст обращения (не менее 30 символов)<br>
  <textarea name="body" minlength="30" required rows="5" cols="50"></textarea></label><br>
  <button type="submit">Отправить обращение</button>
</form></main>
<script>document.querySelector('[name=ts]').value = String(Date.now() / 1000);</script>""",
)

TRAP_THANKS = doc("Спасибо", "<main><p>Обращение принято. Ответ придёт на указанную почту.</p></main>")


def _trap(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    too_fast = time.time() - float(f.get("ts") or 0) < 5.0
    ok = not f.get("url") and not too_fast and len(f.get("body", "")) >= 30
    site.record(request.path, f, ok)
    if too_fast:
        return web.Response(
            text=doc("Ошибка", "<main><p>Ошибка: форма отправлена слишком быстро.</p></main>"),
            content_type="text/html",
        )
    return web.Response(text=TRAP_THANKS, content_type="text/html")


# ---------------------------------------------------------------- 6. newsletter first, question form in a side-tab panel

SIDETAB = doc(
    "Зоомир",
    """
<header><a href="/">Зоомир</a><a href="/catalog">Корма</a></header>
<main>
<section class="promo"><h2>Скидка 10% за подписку</h2>
<form action="/subscribe" method="post"><input type="email" name="email" placeholder="Ваш email">
<button>Подписаться</button></form></section>
<section><h1>О магазине</h1><p>Корма и аксессуары для животных с 2009 года.</p></section>
</main>
<div class="side-tab" onclick="document.querySelector('.panel').classList.add('in')">Обратная связь</div>
<aside class="panel"><div class="panel-title">Напишите нам</div>
<form action="/feedback" method="post">
  <input name="nm" placeholder="Имя">
  <input name="ml" type="email" placeholder="Email *" required>
  <textarea name="tx" placeholder="Ваш вопрос *" required></textarea>
  <button type="submit">Отправить</button>
</form></aside>""",
    css=".side-tab{position:fixed;right:0;top:40%;background:#e60;color:#fff;padding:8px;"
    "transform:rotate(-90deg);transform-origin:right bottom;cursor:pointer}"
    ".panel{position:fixed;top:0;right:0;height:100%;width:320px;background:#fff;"
    "box-shadow:0 0 8px #999;transform:translateX(100%);transition:transform .2s;padding:12px}"
    ".panel.in{transform:none}.panel input,.panel textarea{display:block;margin:6px 0}",
)

SIDETAB_THANKS = doc("Спасибо", "<main><h1>Спасибо за обращение!</h1></main>")


def _sidetab(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    site.record(request.path, f, True)
    raise web.HTTPFound("/thanks")


# ---------------------------------------------------------------- 7. English contact page: department select, optional order no.

CONTACT_EN = doc(
    "Northwind Outdoor",
    """
<header><a href="/">Northwind Outdoor</a> <a href="/contact">Contact</a></header>
<main><h1>Contact</h1><p>We usually reply within one business day.</p>
<form method="post" action="/contact" class="wpforms-form">
  <div><label for="dept">Department <span class="req">*</span></label>
  <select id="dept" name="department" required><option value="">Select department</option>
  <option value="sales">Sales</option><option value="support">Customer support</option>
  <option value="returns">Returns &amp; refunds</option></select></div>
  <div><label for="on">Order number (optional)</label><input id="on" name="order_no"></div>
  <div><label for="nm">Name <span class="req">*</span></label><input id="nm" name="nm" required></div>
  <div><label for="em">Email address <span class="req">*</span></label><input id="em" name="em" type="email" required></div>
  <div><label for="ms">How can we help? <span class="req">*</span></label><textarea id="ms" name="ms" required></textarea></div>
  <button type="submit" class="wpforms-submit">Send message</button>
</form></main>""",
    lang="en",
)


def _contact_en(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = bool(f.get("department") and f.get("nm") and "@" in f.get("em", "") and f.get("ms"))
    site.record(request.path, f, ok)
    raise web.HTTPSeeOther("/?sent=1" if ok else "/contact?error=1")


HOME_EN_SENT = doc(
    "Northwind Outdoor",
    """
<header><a href="/">Northwind Outdoor</a> <a href="/contact">Contact</a></header>
<div class="banner" id="b" style="display:none;background:#dfd;padding:10px"></div>
<main><h1>Gear for every trail</h1><p>Tents, packs and boots.</p></main>
<script>if (location.search.includes('sent=1')) { const b = document.getElementById('b');
b.textContent = 'Thanks for reaching out! Your message is on its way to our team.'; b.style.display = 'block'; }</script>
""",
    lang="en",
)


# ---------------------------------------------------------------- 8. callback popup opened by a timer

TIMED = doc(
    "Окна Профи",
    """
<header><a href="/">Окна Профи</a></header>
<main><h1>Пластиковые окна под ключ</h1><p>Замер бесплатно. Монтаж за 1 день.</p></main>
<div class="overlay" id="ov"><div class="popup">
  <div class="close" onclick="ov.style.display='none'">×</div>
  <div class="ttl">Перезвоним за 30 секунд!</div>
  <input class="tel" type="text" placeholder="Ваш номер телефона">
  <a href="#" class="go">Жду звонка</a>
  <div class="msg"></div>
</div></div>
<script>
setTimeout(() => { document.getElementById('ov').style.display = 'block'; }, 3000);
document.querySelector('.go').addEventListener('click', async e => {
  e.preventDefault();
  const v = document.querySelector('.tel').value;
  const r = await fetch('/lead?type=callback', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({phone: v, page: location.pathname})});
  if (r.ok) document.querySelector('.popup').innerHTML = '<p>Менеджер перезвонит вам в течение минуты</p>';
});
</script>""",
    css=".overlay{display:none;position:fixed;inset:0;background:rgba(0,0,0,.5)}"
    ".popup{background:#fff;width:320px;margin:120px auto;padding:16px}",
)


# ---------------------------------------------------------------- 9. AJAX + whole body replaced with the thanks

REPLACE = doc(
    "Книжный дом",
    """
<header><a href="/">Книжный дом</a></header>
<main><h2>Не нашли книгу? Спросите нас</h2>
<div class="ask">
  <input class="i1" placeholder="Ваше имя">
  <input class="i2" placeholder="Ваш e-mail">
  <textarea class="i3" placeholder="Какую книгу вы ищете?"></textarea>
  <button class="b">Спросить</button>
</div></main>
<script>
document.querySelector('.b').onclick = async () => {
  const body = JSON.stringify({name: document.querySelector('.i1').value, email: document.querySelector('.i2').value,
                               question: document.querySelector('.i3').value});
  const r = await fetch('/api/ask', {method: 'POST', headers: {'Content-Type': 'application/json'}, body});
  if (r.ok) document.body.innerHTML = '<div style="padding:40px"><h1>Запрос получен</h1>' +
                                      '<p>Мы поищем книгу и напишем вам.</p><a href="/">На главную</a></div>';
};
</script>""",
)


# ================================================================ batch 2 (also written before the first run)

# ---------------------------------------------------------------- 10. old windows-1251 shop, table layout

CP1251 = doc(
    "Электротовары",
    """
<table width="100%"><tr><td><a href="/">Электротовары оптом и в розницу</a></td></tr></table>
<table class="main"><tr><td>
<b>Форма обратной связи</b>
<form name="feedback" action="/feedback.php" method="POST">
<table>
<tr><td>Ваше имя:</td><td><input type="text" name="fname" size="40"></td></tr>
<tr><td>E-mail:<font color="red">*</font></td><td><input type="text" name="femail" size="40"></td></tr>
<tr><td>Вопрос:<font color="red">*</font></td><td><textarea name="ftext" cols="40" rows="6"></textarea></td></tr>
<tr><td></td><td><input type="submit" name="send" value="Отправить"></td></tr>
</table></form></td></tr></table>""",
).replace("charset='utf-8'", "charset='windows-1251'")


async def _cp1251(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    from urllib.parse import parse_qsl

    raw = (await request.read()).decode("ascii", errors="replace")
    fields = dict(parse_qsl(raw, keep_blank_values=True, encoding="cp1251"))
    ok = "@" in fields.get("femail", "") and bool(fields.get("ftext"))
    site.record(request.path, fields, ok)
    body = doc("Спасибо", "<p>Спасибо, ваше сообщение принято. Мы ответим в течение суток.</p>")
    return web.Response(
        body=body.replace("charset='utf-8'", "charset='windows-1251'").encode("cp1251"),
        content_type="text/html",
        charset="windows-1251",
    )


# ---------------------------------------------------------------- 11. floating labels after inputs, consent unlocks the button

FLOATING = doc(
    "Ювелир Плюс",
    """
<header><a href="/">Ювелир Плюс</a></header>
<main><h2>Остались вопросы?</h2><p>Оставьте сообщение, и ювелир ответит вам по почте.</p>
<form class="md-form" id="ask">
  <div class="fld"><input name="p1" id="p1"><span class="fl">Имя</span></div>
  <div class="fld"><input name="p2" id="p2"><span class="fl">Электронная почта</span></div>
  <div class="fld"><textarea name="p3" id="p3"></textarea><span class="fl">Ваше сообщение</span></div>
  <label class="chk"><input type="checkbox" name="agree" class="hidden-box">
    <i class="box"></i> Согласен на обработку персональных данных</label>
  <button type="submit" disabled>Отправить</button>
</form></main>
<script>
const f = document.getElementById('ask'), btn = f.querySelector('button');
f.agree.addEventListener('change', () => { btn.disabled = !f.agree.checked; });
f.addEventListener('submit', e => {
  e.preventDefault();
  const x = new XMLHttpRequest();
  x.open('POST', '/local/ajax/ask.php');
  x.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
  x.onload = () => { if (x.status === 200) { f.reset(); btn.textContent = 'Отправлено'; btn.disabled = true; } };
  x.send(new URLSearchParams(new FormData(f)).toString());
});
</script>""",
    css=".fld{position:relative;margin:14px 0}.fld .fl{position:absolute;left:6px;top:4px;color:#888;"
    "pointer-events:none}.hidden-box{position:absolute;opacity:0;width:0;height:0}"
    ".box{display:inline-block;width:14px;height:14px;border:1px solid #333}",
)


# ---------------------------------------------------------------- 12. Laravel-style 422 on the phone format, then accepted

LARAVEL = doc(
    "Велосклад",
    """
<header><a href="/">Велосклад</a> <a href="/contacts">Контакты</a></header>
<main><h1>Контакты</h1>
<form id="contact-form" action="/api/contact" method="post">
  <input type="hidden" name="_token" value="x9TqLw2">
  <label>Имя<input name="name" required></label>
  <label>Телефон<input name="phone" type="tel" required></label>
  <label>Email<input name="email" type="email" required></label>
  <label>Сообщение<textarea name="message" required></textarea></label>
  <div class="invalid-feedback" style="color:red"></div>
  <button type="submit">Отправить сообщение</button>
</form></main>
<script>
const form = document.getElementById('contact-form');
form.addEventListener('submit', async e => {
  e.preventDefault();
  const r = await fetch(form.action, {method: 'POST', body: new FormData(form), headers: {'Accept': 'application/json'}});
  const j = await r.json();
  if (r.status === 422) { form.querySelector('.invalid-feedback').textContent = Object.values(j.errors).flat().join(' '); return; }
  form.outerHTML = '<div class="alert alert-success">' + j.message + '</div>';
});
</script>""",
)

LARAVEL_PHONE = re.compile(r"^\+?\d{11,12}$")


def _laravel(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = bool(LARAVEL_PHONE.match(f.get("phone", "")))
    site.record(request.path, f, ok)
    if not ok:
        return web.json_response(
            {
                "message": "The given data was invalid.",
                "errors": {"phone": ["Поле телефон имеет ошибочный формат."]},
            },
            status=422,
        )
    return web.json_response({"message": "Сообщение отправлено. Мы свяжемся с вами!"})


# ---------------------------------------------------------------- 13. city question overlay + cookie bar over an AJAX block

OVERLAY = doc(
    "ХозМаг",
    """
<header><a href="/">ХозМаг</a></header>
<main><h1>Свяжитесь с нами</h1>
<div class="contact-block">
  <div class="r"><input class="c1" placeholder="Имя"></div>
  <div class="r"><input class="c2" placeholder="E-mail для ответа"></div>
  <div class="r"><textarea class="c3" placeholder="Ваш вопрос"></textarea></div>
  <button class="send">Отправить сообщение</button>
  <div class="out"></div>
</div></main>
<div class="city-back"><div class="city-box"><p>Ваш город — Москва?</p>
<button class="yes" onclick="document.querySelector('.city-back').remove()">Да, верно</button>
<button class="other">Выбрать другой</button></div></div>
<div class="cookies">Мы используем файлы cookie для работы сайта. <button onclick="this.parentElement.remove()">Принять все</button></div>
<script>
document.querySelector('.send').addEventListener('click', async () => {
  const q = s => document.querySelector(s).value;
  const r = await fetch('/ajax/contact', {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({name: q('.c1'), email: q('.c2'), text: q('.c3')})});
  const j = await r.json();
  document.querySelector('.out').textContent = j.ok ? 'Сообщение отправлено, ответим в течение часа' : 'Ошибка';
});
</script>""",
    css=".city-back{position:fixed;inset:0;background:rgba(0,0,0,.6);z-index:1000}"
    ".city-box{background:#fff;width:300px;margin:150px auto;padding:20px}"
    ".cookies{position:fixed;bottom:0;left:0;right:0;background:#eee;padding:12px;z-index:999}",
)


def _overlay(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    site.record(request.path, f, True)
    return web.json_response({"ok": True})


# ---------------------------------------------------------------- 14. product page, <dialog> with "reply by" radios, cart form first

DIALOG = doc(
    "Кофемашины.рф",
    """
<header><a href="/">Кофемашины.рф</a></header>
<main><h1>Кофемашина DeLonghi Magnifica S</h1><p class="price">34 990 ₽</p>
<form action="/cart/add" method="post" class="buy"><input type="number" name="qty" value="1" min="1">
<button>В корзину</button></form>
<button class="ask-btn" type="button">Задать вопрос о товаре</button>
<dialog id="ask"><form class="ask-form">
  <h3>Вопрос о товаре</h3>
  <input name="author" placeholder="Как вас зовут" required>
  <textarea name="question" placeholder="Ваш вопрос" required></textarea>
  <fieldset><legend>Как вам ответить?</legend>
    <label><input type="radio" name="reply_via" value="phone" required> Позвонить</label>
    <label><input type="radio" name="reply_via" value="email"> Написать на почту</label></fieldset>
  <input name="contact" placeholder="Телефон или e-mail" required>
  <button type="submit">Отправить вопрос</button> <button type="button" class="x">Отмена</button>
</form></dialog></main>
<script>
const dlg = document.getElementById('ask');
document.querySelector('.ask-btn').onclick = () => dlg.showModal();
dlg.querySelector('.x').onclick = () => dlg.close();
dlg.querySelector('form').addEventListener('submit', async e => {
  e.preventDefault();
  const r = await fetch('/product/ask', {method: 'POST', body: new FormData(e.target)});
  if (r.ok) e.target.innerHTML = '<p>Вопрос отправлен! Ответ придёт в течение дня.</p>';
});
</script>""",
)


# ================================================================ batch 3 (also written before the first run)

# ---------------------------------------------------------------- 15. icon-only callback button -> same-origin widget iframe

FAB = doc(
    "Кухни на заказ",
    """
<header><a href="/">Кухни на заказ</a></header>
<main><h1>Кухни по вашим размерам</h1><p>Бесплатный дизайн-проект.</p></main>
<button class="cb-fab" aria-label="Заказать обратный звонок"><svg width="24" height="24"><circle cx="12" cy="12" r="10"/></svg></button>
<div id="cb-holder"></div>
<script>
document.querySelector('.cb-fab').onclick = () => {
  document.getElementById('cb-holder').innerHTML =
    '<iframe src="/widget/callback" style="position:fixed;right:20px;bottom:90px;width:320px;height:260px;border:1px solid #999;background:#fff"></iframe>';
};
</script>""",
    css=".cb-fab{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;background:#0a0}",
)

FAB_WIDGET = """<!doctype html><html><head><meta charset="utf-8"></head><body style="font-family:Arial">
<div class="w"><div class="h">Перезвоним за 28 секунд</div>
<input class="ph" type="tel" placeholder="+7 (___) ___-__-__">
<button class="go">Позвоните мне</button><div class="st"></div></div>
<script>
document.querySelector('.go').onclick = async () => {
  const r = await fetch('/widget/api/call', {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({phone: document.querySelector('.ph').value, source: 'fab'})});
  document.querySelector('.st').textContent = r.ok ? 'Ждите звонка!' : 'Ошибка, попробуйте ещё раз';
};
</script></body></html>"""


# ---------------------------------------------------------------- 16. Ukrainian marketplace-style, +380 pattern, placeholders only

UA_PATTERN = doc(
    "Інструмент Маркет",
    """
<header><a href="/">Інструмент Маркет</a></header>
<main><h2>Напишіть продавцю</h2>
<form class="seller-msg" action="/seller/message" method="post">
  <input name="s_n" placeholder="Ваше ім'я та прізвище" required>
  <input name="s_p" type="tel" placeholder="Телефон" pattern="\\+380\\d{9}" title="+380XXXXXXXXX" required>
  <input name="s_e" type="email" placeholder="Ел. пошта" required>
  <textarea name="s_t" placeholder="Текст повідомлення" required></textarea>
  <button type="submit">Надіслати повідомлення</button>
</form></main>""",
    lang="uk",
)


def _ua_pattern(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = bool(re.fullmatch(r"\+380\d{9}", f.get("s_p", "")))
    site.record(request.path, f, ok)
    return web.Response(
        text=doc("Надіслано", "<main><p>Повідомлення надіслано продавцю.</p></main>", lang="uk"),
        content_type="text/html",
    )


# ---------------------------------------------------------------- 17. product review form first, question form second

REVIEWS = doc(
    "Спорттовары",
    """
<header><a href="/">Спорттовары</a></header>
<main><h1>Беговая дорожка Torneo Smarta</h1>
<section class="reviews"><h3>Оставить отзыв</h3>
<form action="/review/add" method="post">
  <div class="stars"><label><input type="radio" name="rating" value="5" required> 5</label>
  <label><input type="radio" name="rating" value="4"> 4</label></div>
  <input name="r_name" placeholder="Ваше имя">
  <input name="r_email" type="email" placeholder="E-mail (не публикуется)">
  <textarea name="r_text" placeholder="Достоинства, недостатки, впечатления"></textarea>
  <button>Опубликовать отзыв</button>
</form></section>
<section class="qa"><h3>Вопросы о товаре</h3>
<form action="/qa/add" method="post">
  <input name="q_name" placeholder="Ваше имя">
  <input name="q_email" type="email" placeholder="E-mail для ответа">
  <textarea name="q_text" placeholder="Ваш вопрос о товаре"></textarea>
  <button>Задать вопрос</button>
</form></section></main>""",
)


def _qa(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    site.record(request.path, f, True)
    return web.Response(
        text=doc("Вопрос принят", "<main><p>Ваш вопрос принят, ответ придёт на e-mail.</p></main>"),
        content_type="text/html",
    )


# ---------------------------------------------------------------- 18. javascript: link as the button, thanks in alert()

ALERT = doc(
    "Цветы Экспресс",
    """
<header><a href="/">Цветы Экспресс</a></header>
<main><div class="feedback"><div class="t">Напишите нам</div>
<div><input type="text" id="fb_name" placeholder="Ваше имя"></div>
<div><input type="text" id="fb_mail" placeholder="Ваш e-mail"></div>
<div><textarea id="fb_msg" placeholder="Сообщение"></textarea></div>
<a href="javascript:void(0)" class="fb-send" onclick="fbSend()">Отправить</a>
</div></main>
<script>
function fbSend() {
  const x = new XMLHttpRequest();
  x.open('POST', '/ajax/fb.php');
  x.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
  x.onload = () => { alert(x.responseText === '1' ? 'Спасибо! Ваше сообщение отправлено.' : 'Ошибка отправки'); };
  x.send('name=' + encodeURIComponent(fb_name.value) + '&mail=' + encodeURIComponent(fb_mail.value) +
         '&msg=' + encodeURIComponent(fb_msg.value));
}
</script>""",
)


def _alert(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    site.record(request.path, f, True)
    return web.Response(text="1")


# ---------------------------------------------------------------- 19. long page, form injected when scrolled into view, trap named "email"

LAZY = doc(
    "Шины и диски",
    """
<header><a href="/">Шины и диски</a></header>
<main><h1>Шины и диски с доставкой</h1><div style="height:2600px">Каталог, акции, отзывы...</div>
<div id="lazy-form" style="min-height:50px"></div></main>
<script>
new IntersectionObserver((entries, obs) => {
  if (!entries[0].isIntersecting) return;
  obs.disconnect();
  setTimeout(() => {
    document.getElementById('lazy-form').innerHTML = `<h3>Подбор шин: задайте вопрос специалисту</h3>
      <form method="post" action="/podbor">
      <p style="position:absolute;left:-5000px"><input type="text" name="email" tabindex="-1"></p>
      <p><label>Имя <input name="client"></label></p>
      <p><label>Ваш e-mail <input type="email" name="mail_real"></label></p>
      <p><label>Марка авто и вопрос <textarea name="q"></textarea></label></p>
      <p><button type="submit">Получить консультацию</button></p></form>`;
  }, 300);
}).observe(document.getElementById('lazy-form'));
</script>""",
)


def _lazy(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    site.record(request.path, f, not f.get("email"))
    raise web.HTTPSeeOther("/spasibo")


LAZY_THANKS = doc(
    "Спасибо", "<main><h1>Заявка отправлена</h1><p>Специалист ответит вам в течение часа.</p></main>"
)


# ================================================================ batch 4 (also written before the first run)

# ---------------------------------------------------------------- 20. jQuery-era validation on keyup/blur, button disabled until valid

KEYUP = doc(
    "АвтоСвет",
    """
<header><a href="/">АвтоСвет</a></header>
<main><h1>Обратная связь</h1>
<form id="cf" action="/cf/send" method="post">
  <div><label>Ваше имя</label><input name="cf_name" class="v"></div>
  <div><label>E-mail</label><input name="cf_email" class="v"></div>
  <div><label>Сообщение (до 60 символов)</label><textarea name="cf_msg" class="v" maxlength="60"></textarea></div>
  <button type="submit" id="cf-go" disabled>Отправить</button>
</form></main>
<script>
const cf = document.getElementById('cf');
const valid = () => cf.cf_name.value.trim().length > 1 && /^[^@]+@[^@]+\\.[a-z]+$/i.test(cf.cf_email.value)
                    && cf.cf_msg.value.trim().length > 5;
cf.querySelectorAll('.v').forEach(el => ['keyup', 'blur'].forEach(ev =>
  el.addEventListener(ev, () => { document.getElementById('cf-go').disabled = !valid(); })));
</script>""",
)


def _keyup(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = len(f.get("cf_msg", "")) <= 60
    site.record(request.path, f, ok)
    text = "Благодарим за обращение!" if ok else "Ошибка: сообщение слишком длинное"
    return web.Response(text=doc("Обратная связь", f"<main><p>{text}</p></main>"), content_type="text/html")


# ---------------------------------------------------------------- 21. post into a hidden iframe, thanks shown by its onload

IFRAME_TARGET = doc(
    "Стройбаза №1",
    """
<header><a href="/">Стройбаза №1</a></header>
<main><h1>Задать вопрос менеджеру</h1>
<iframe name="sender" style="display:none"></iframe>
<form action="/mail/send.php" method="post" target="sender" id="q">
  Имя: <input name="n"><br>
  Email: <input name="e"><br>
  Вопрос: <textarea name="t"></textarea><br>
  <input type="submit" value="Отправить">
</form><div id="done"></div></main>
<script>
let posted = false;
document.getElementById('q').addEventListener('submit', () => { posted = true; });
document.querySelector('iframe[name=sender]').addEventListener('load', () => {
  if (!posted) return;
  document.getElementById('q').style.display = 'none';
  document.getElementById('done').textContent = 'Ваш вопрос отправлен менеджеру.';
});
</script>""",
)


def _iframe_target(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    site.record(request.path, f, True)
    return web.Response(text="<html><body>OK</body></html>", content_type="text/html")


# ================================================================ batch 5 (also written before the first run)

# ---------------------------------------------------------------- 22. thanks modal fades in well after the response

DELAYED = doc(
    "Мир Чая",
    """
<header><a href="/">Мир Чая</a></header>
<main><h1>Вопрос чайному сомелье</h1>
<form id="tea" class="js-ajax-form" action="/tea/ask" method="post">
  <label>Имя <input name="name"></label>
  <label>Почта <input name="mail" type="email" required></label>
  <label>Ваш вопрос <textarea name="text" required></textarea></label>
  <button>Спросить сомелье</button>
</form></main>
<div class="modal" id="ok" style="display:none;position:fixed;top:30%;left:30%;background:#fff;border:1px solid;padding:20px">
Спасибо! Сомелье ответит вам на почту.</div>
<script>
document.getElementById('tea').addEventListener('submit', async e => {
  e.preventDefault();
  const btn = e.target.querySelector('button'); btn.disabled = true; btn.classList.add('loading');
  const r = await fetch('/tea/ask', {method: 'POST', body: new FormData(e.target)});
  await r.text();
  setTimeout(() => { if (r.ok) { document.getElementById('ok').style.display = 'block'; e.target.reset(); }
                     btn.disabled = false; }, 1800);
});
</script>""",
)


def _plain_ok(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    """An empty 200: only the page can tell the visitor it worked."""
    site.record(request.path, f, True)
    return web.Response(text="")


# ---------------------------------------------------------------- 23. confirm("Отправить сообщение?") before sending

CONFIRM = doc(
    "Ноты и струны",
    """
<header><a href="/">Ноты и струны</a></header>
<main><h1>Контакты</h1>
<form action="/contacts/send" method="post" onsubmit="return confirm('Отправить сообщение?')">
  <label>ФИО <input name="fio"></label>
  <label>E-mail <input name="mail"></label>
  <label>Сообщение <textarea name="msg"></textarea></label>
  <input type="submit" value="Отправить">
</form></main>""",
)

CONFIRM_THANKS = doc("Ноты и струны", "<main><p>Спасибо! Ваше сообщение отправлено.</p></main>")


def _confirm(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    site.record(request.path, f, True)
    return web.Response(text=CONFIRM_THANKS, content_type="text/html")


# ---------------------------------------------------------------- 24. callback: 10-digit numeric phone, name required

NUMERIC = doc(
    "Натяжные потолки",
    """
<header><a href="/">Натяжные потолки</a></header>
<main><h1>Потолки за 1 день</h1>
<div class="callback-box"><h3>Бесплатный замер — оставьте номер</h3>
<form action="/zamer" method="post">
  <input name="client_name" placeholder="Your name" required>
  <input name="phone_number" type="text" inputmode="numeric" maxlength="10" placeholder="9XXXXXXXXX" required>
  <button>Вызвать замерщика</button>
</form></div></main>""",
)


def _numeric(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = bool(re.fullmatch(r"\d{10}", f.get("phone_number", "")))
    site.record(request.path, f, ok)
    text = "Заявка принята, перезвоним в течение 15 минут" if ok else "Ошибка: неверный номер"
    return web.Response(text=doc("Замер", f"<main><p>{text}</p></main>"), content_type="text/html")


# ---------------------------------------------------------------- 25. a custom (div) topic dropdown the shop insists on

DROPDOWN = doc(
    "Детский мир игрушек",
    """
<header><a href="/">Детский мир игрушек</a></header>
<main><h1>Обратная связь</h1>
<form id="fb">
  <input type="hidden" name="topic" value="">
  <div class="dd"><div class="dd-cur">Тема обращения</div><ul class="dd-list" hidden>
    <li data-v="order">Заказ</li><li data-v="q">Вопрос о товаре</li></ul></div>
  <input name="name" placeholder="Имя">
  <input name="email" placeholder="E-mail">
  <textarea name="message" placeholder="Сообщение"></textarea>
  <button type="submit">Отправить</button>
  <p class="form-msg"></p>
</form></main>
<script>
const fb = document.getElementById('fb');
document.querySelector('.dd-cur').onclick = () => { document.querySelector('.dd-list').hidden = false; };
document.querySelectorAll('.dd-list li').forEach(li => li.onclick = () => {
  fb.topic.value = li.dataset.v; document.querySelector('.dd-cur').textContent = li.textContent;
  document.querySelector('.dd-list').hidden = true; });
fb.addEventListener('submit', async e => {
  e.preventDefault();
  const r = await fetch('/api/feedback', {method: 'POST', body: new FormData(fb)});
  const j = await r.json();
  document.querySelector('.form-msg').textContent = j.message;
});
</script>""",
)


def _dropdown(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = bool(f.get("topic"))
    site.record(request.path, f, ok)
    if not ok:
        return web.json_response({"status": "error", "message": "Выберите тему обращения"})
    return web.json_response({"status": "ok", "message": "Спасибо, сообщение отправлено"})


# ================================================================ batch 6 (also written before the first run)

# ---------------------------------------------------------------- 26. Ukrainian callback, inputmask-style data-mask with +380

UA_CALLBACK = doc(
    "Кондиціонери Київ",
    """
<header><a href="/">Кондиціонери Київ</a></header>
<main><h1>Монтаж кондиціонерів</h1>
<a href="#" class="btn-call" onclick="document.getElementById('cb').classList.add('open');return false">Передзвоніть мені</a>
<div id="cb" class="popup"><div class="ttl">Залиште номер — передзвонимо за 5 хвилин</div>
<form class="cb-form" action="/cb" method="post">
  <input name="tel" data-mask="+380 (99) 999-99-99" placeholder="Номер телефону" required>
  <button type="submit">Чекаю дзвінка</button>
</form></div></main>
<script>
document.querySelectorAll('[data-mask]').forEach(el => el.addEventListener('input', () => {
  let d = el.value.replace(/\\D/g, '');
  if (d.startsWith('380')) d = d.slice(3);
  d = d.slice(0, 9);
  const m = '+380 (__) ___-__-__';
  let out = '', k = 0;
  for (const ch of m) { if (ch === '_') { if (k >= d.length) break; out += d[k++]; } else out += ch; }
  el.value = d.length ? out : '';
}));
</script>""",
    lang="uk",
    css=".popup{display:none;position:fixed;top:20%;left:35%;background:#fff;padding:16px;"
    "border:1px solid #555}.popup.open{display:block}",
)


def _ua_callback(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = bool(re.fullmatch(r"\+380 \(\d{2}\) \d{3}-\d{2}-\d{2}", f.get("tel", "")))
    site.record(request.path, f, ok)
    text = "Дякуємо! Менеджер передзвонить." if ok else "Помилка: невірний номер"
    return web.Response(
        text=doc("Заявка", f"<main><p>{text}</p></main>", lang="uk"), content_type="text/html"
    )


# ---------------------------------------------------------------- 27. "where should we reply" instead of "e-mail"

REPLYTO = doc(
    "Бюро переводов Лингва",
    """
<header><a href="/">Бюро переводов Лингва</a></header>
<main><h1>Оценить стоимость перевода</h1>
<form action="/zapros" method="post">
  <p>Как к вам обращаться?<br><input name="f1"></p>
  <p>Куда вам ответить?<br><input name="f2" type="text"></p>
  <p>Что нужно перевести?<br><textarea name="f3"></textarea></p>
  <p><button>Узнать стоимость</button></p>
</form></main>""",
)


def _replyto(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    site.record(request.path, f, True)
    return web.Response(
        text=doc("Запрос", "<main><p>Спасибо! Менеджер ответит в течение 30 минут.</p></main>"),
        content_type="text/html",
    )


# ---------------------------------------------------------------- 28. arithmetic question as the anti-bot check

MATH = doc(
    "Рыболов-Спорт",
    """
<header><a href="/">Рыболов-Спорт</a></header>
<main><h1>Напишите нам</h1>
<form action="/msg" method="post">
  <label>Имя <input name="name"></label>
  <label>E-mail <input name="email" type="email"></label>
  <label>Сообщение <textarea name="message"></textarea></label>
  <label>Сколько будет 3 + 4? <input name="check" size="3"></label>
  <button>Отправить</button>
</form></main>""",
)


def _math(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = f.get("check", "").strip() == "7"
    site.record(request.path, f, ok)
    text = "Спасибо, сообщение отправлено" if ok else "Ошибка: неверный ответ на проверочный вопрос"
    return web.Response(text=doc("Сообщение", f"<main><p>{text}</p></main>"), content_type="text/html")


# ================================================================ batch 7 (also written before the first run)

# ---------------------------------------------------------------- 29. callback with a type=number phone

NUMBER = doc(
    "Грузоперевозки 24",
    """
<header><a href="/">Грузоперевозки 24</a></header>
<main><h1>Грузчики и машины от 1 часа</h1>
<form class="order-call" action="/call" method="post">
  <div class="hdr">Закажите обратный звонок</div>
  <input type="number" name="phone" placeholder="Телефон" required>
  <label><input type="checkbox" name="pd" checked> Согласен с политикой обработки данных</label>
  <button type="submit">Перезвоните мне</button>
</form></main>""",
)


def _number(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = len(re.sub(r"\D", "", f.get("phone", ""))) >= 10
    site.record(request.path, f, ok)
    return web.Response(
        text=doc(
            "Заявка",
            "<main><p>Спасибо! Перезвоним в течение 10 минут.</p></main>"
            if ok
            else "<main><p>Ошибка: укажите телефон</p></main>",
        ),
        content_type="text/html",
    )


# ---------------------------------------------------------------- 30. Bootstrap modal, submit in the footer via form=, Symfony names

BOOTSTRAP = doc(
    "Салон Штор",
    """
<header><a href="/">Салон Штор</a> <a href="#" class="btn btn-link" data-bs-toggle="modal" data-bs-target="#m">Написать нам</a></header>
<main><h1>Шторы на заказ</h1><p>Пошив от 3 дней.</p></main>
<div class="modal" id="m" tabindex="-1"><div class="modal-dialog"><div class="modal-content">
  <div class="modal-header"><h5>Сообщение дизайнеру</h5><button type="button" class="btn-close" aria-label="Закрыть"></button></div>
  <div class="modal-body"><form id="fbk" name="contact" method="post" action="/contact/new">
    <input type="hidden" name="contact[_token]" value="sf-tkn">
    <div class="mb-3"><label for="contact_name" class="form-label required">Имя</label>
      <input id="contact_name" name="contact[name]" class="form-control" required></div>
    <div class="mb-3"><label for="contact_email" class="form-label required">Email</label>
      <input id="contact_email" name="contact[email]" type="email" class="form-control" required></div>
    <div class="mb-3"><label for="contact_message" class="form-label required">Сообщение</label>
      <textarea id="contact_message" name="contact[message]" class="form-control" required></textarea></div>
  </form></div>
  <div class="modal-footer"><button type="button" class="btn btn-secondary">Закрыть</button>
    <button type="submit" form="fbk" class="btn btn-primary">Отправить</button></div>
</div></div></div>
<script>
const m = document.getElementById('m');
document.querySelector('[data-bs-target="#m"]').addEventListener('click', e => { e.preventDefault(); m.classList.add('show'); });
m.querySelectorAll('.btn-close,.btn-secondary').forEach(b => b.onclick = () => m.classList.remove('show'));
</script>""",
    css=".modal{display:none;position:fixed;inset:0;background:rgba(0,0,0,.5)}.modal.show{display:block}"
    ".modal-dialog{background:#fff;width:420px;margin:60px auto;padding:12px}",
)


def _bootstrap(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = f.get("contact[_token]") == "sf-tkn"
    site.record(request.path, f, ok)
    raise web.HTTPFound("/contact/sent")


BOOTSTRAP_HOME = BOOTSTRAP.replace(
    "<main><h1>Шторы на заказ</h1>",
    "<div class='alert alert-success'>Сообщение отправлено! Дизайнер ответит вам по e-mail.</div>"
    "<main><h1>Шторы на заказ</h1>",
)


# ================================================================ batch 8 (also written before the first run)

# ---------------------------------------------------------------- 31. GraphQL mutation: HTTP 200 with "errors"

GRAPHQL = doc(
    "Электроника Плюс",
    """
<header><a href="/">Электроника Плюс</a></header>
<main><h1>Поддержка</h1>
<form id="lead">
  <label>Имя<input name="name"></label>
  <label>E-mail<input name="email" type="email" required></label>
  <label>Опишите вопрос<textarea name="body" required></textarea></label>
  <button type="submit">Отправить</button><div class="msg" role="alert"></div>
</form></main>
<script>
document.getElementById('lead').addEventListener('submit', async e => {
  e.preventDefault();
  const v = Object.fromEntries(new FormData(e.target));
  const r = await fetch('/graphql', {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({query: 'mutation($i: LeadInput!) { createLead(input: $i) { id } }', variables: {i: v}})});
  const j = await r.json();
  e.target.querySelector('.msg').textContent = j.errors ? j.errors.map(x => x.message).join('; ') : 'Обращение создано';
});
</script>""",
)


async def _graphql(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    data = await request.json()
    site.record(request.path, {k: str(v) for k, v in data["variables"]["i"].items()}, False)
    return web.json_response(
        {
            "data": None,
            "errors": [{"message": "Сервис обращений временно недоступен", "path": ["createLead"]}],
        }
    )


# ---------------------------------------------------------------- 32. contacts link only inside a closed burger menu

BURGER = doc(
    "Пекарня Колосок",
    """
<header><a href="/">Пекарня Колосок</a> <button class="burger" aria-label="Меню">☰</button>
<nav class="menu" hidden><a href="/o-nas">О нас</a> <a href="/kontakty">Контакты</a></nav></header>
<main><h1>Хлеб на закваске каждый день</h1><p>Доставка по городу с 8 утра.</p></main>""",
)

BURGER_CONTACTS = doc(
    "Пекарня Колосок — контакты",
    """
<header><a href="/">Пекарня Колосок</a></header>
<main><h1>Контакты</h1><p>ул. Пекарская, 1</p>
<form method="post" action="/kontakty/send">
  <label>Имя <input name="imya"></label>
  <label>Электронная почта <input name="pochta" type="email"></label>
  <label>Ваш вопрос или пожелание <textarea name="vopros"></textarea></label>
  <button>Отправить</button>
</form></main>""",
)


def _burger(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    site.record(request.path, f, True)
    return web.Response(
        text=doc("Спасибо", "<main><p>Спасибо за сообщение! Ответим на почту.</p></main>"),
        content_type="text/html",
    )


# ---------------------------------------------------------------- 33. old keypress-only phone mask that ignores pasted values

KEYPRESS = doc(
    "Шиномонтаж Профи",
    """
<header><a href="/">Шиномонтаж Профи</a></header>
<main><div class="recall"><h2>Запишем на шиномонтаж — перезвоним</h2>
<form action="/recall" method="post">
  <input name="ph" id="ph" value="+7 (___) ___-__-__" autocomplete="off">
  <input type="submit" value="Перезвоните мне">
</form></div></main>
<script>
const ph = document.getElementById('ph');
let dg = '';
const draw = () => { let k = 0; ph.value = '+7 (___) ___-__-__'.replace(/_/g, () => k < dg.length ? dg[k++] : '_'); };
ph.addEventListener('keydown', e => {
  if (/^\\d$/.test(e.key)) { if (dg.length < 10) dg += e.key; }
  else if (e.key === 'Backspace') dg = dg.slice(0, -1);
  else if (e.key.length === 1) {}
  else return;
  e.preventDefault(); draw();
});
ph.addEventListener('input', draw);  // anything not typed (paste, autofill) is thrown away
</script>""",
)


def _keypress(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = bool(re.fullmatch(r"\+7 \(\d{3}\) \d{3}-\d{2}-\d{2}", f.get("ph", "")))
    site.record(request.path, f, ok)
    return web.Response(
        text=doc(
            "Заявка",
            "<main><p>Спасибо, перезвоним!</p></main>"
            if ok
            else "<main><p>Ошибка: введите номер телефона</p></main>",
        ),
        content_type="text/html",
    )


def build() -> list[RawSite]:
    return [
        RawSite("shadow", {"/contacts": SHADOW}, {"/api/question": _ok_json}),
        RawSite("spa", {"/": SPA}, {"/api/v2/feedback": _spa}),
        RawSite("jsonerr", {"/feedback": JSON_ERR}, {"/ajax/feedback.php": _json_err}),
        RawSite("uamask", {"/kontakty": UA_MASK}, {"/feedback": _ua}),
        RawSite("trap", {"/contacts": TRAP}, {"/contact/submit": _trap}),
        RawSite(
            "sidetab",
            {"/": SIDETAB, "/thanks": SIDETAB_THANKS},
            {"/feedback": _sidetab, "/subscribe": _ok_json},
        ),
        RawSite("english", {"/contact": CONTACT_EN, "/": HOME_EN_SENT}, {"/contact": _contact_en}),
        RawSite("timed", {"/": TIMED}, {"/lead": _ok_json}),
        RawSite("replace", {"/": REPLACE}, {"/api/ask": _ok_json}),
        RawSite("cp1251", {"/contacts.php": CP1251}, {"/feedback.php": _cp1251}, charset="cp1251"),
        RawSite("floating", {"/": FLOATING}, {"/local/ajax/ask.php": _ok_json}),
        RawSite("laravel", {"/contacts": LARAVEL}, {"/api/contact": _laravel}),
        RawSite("overlay", {"/contacts": OVERLAY}, {"/ajax/contact": _overlay}),
        RawSite(
            "dialog", {"/product/magnifica-s": DIALOG}, {"/product/ask": _ok_json, "/cart/add": _ok_json}
        ),
        RawSite("fab", {"/": FAB, "/widget/callback": FAB_WIDGET}, {"/widget/api/call": _ok_json}),
        RawSite("uapattern", {"/seller/42": UA_PATTERN}, {"/seller/message": _ua_pattern}),
        RawSite("reviews", {"/p/smarta": REVIEWS}, {"/qa/add": _qa, "/review/add": _qa}),
        RawSite("alert", {"/": ALERT}, {"/ajax/fb.php": _alert}),
        RawSite("lazy", {"/": LAZY, "/spasibo": LAZY_THANKS}, {"/podbor": _lazy}),
        RawSite("keyup", {"/feedback": KEYUP}, {"/cf/send": _keyup}),
        RawSite("iframetarget", {"/vopros": IFRAME_TARGET}, {"/mail/send.php": _iframe_target}),
        RawSite("delayed", {"/ask": DELAYED}, {"/tea/ask": _plain_ok}),
        RawSite("confirm", {"/contacts": CONFIRM}, {"/contacts/send": _confirm}),
        RawSite("numeric", {"/": NUMERIC}, {"/zamer": _numeric}),
        RawSite("dropdown", {"/feedback": DROPDOWN}, {"/api/feedback": _dropdown}),
        RawSite("uacallback", {"/": UA_CALLBACK}, {"/cb": _ua_callback}),
        RawSite("replyto", {"/kontakty": REPLYTO}, {"/zapros": _replyto}),
        RawSite("math", {"/contacts": MATH}, {"/msg": _math}),
        RawSite("number", {"/": NUMBER}, {"/call": _number}),
        RawSite("bootstrap", {"/": BOOTSTRAP, "/contact/sent": BOOTSTRAP_HOME}, {"/contact/new": _bootstrap}),
        RawSite("graphql", {"/support": GRAPHQL}, {"/graphql": _graphql}),
        RawSite("burger", {"/": BURGER, "/kontakty": BURGER_CONTACTS}, {"/kontakty/send": _burger}),
        RawSite("keypress", {"/": KEYPRESS}, {"/recall": _keypress}),
    ]
