"""Blind corpus, part 2: framework apps and the page shapes that hide or delay a form.

Written and committed before the probe first ran on any of them. React apps run on React 18's
own UMD build with React Hook Form's UMD build; Vue apps on Vue 3's global build (vendor/).
Shapes: a wizard across pages (step 1 posts name and phone, step 2 on a new page asks for the
e-mail), one whose second step dies, a form that appears seconds after load, a form loaded by
AJAX behind "Задать вопрос", a form rendered only after the cookie consent, tabs, accordions,
sendBeacon, a required file input, an overlay over an iframe form, a send button that never
enables, controlled inputs that only listen to real key events, custom dropdowns built of divs.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from monitor.demo.formsites import Fields
from monitor.demo.formsites_extra import RawSite
from tests.probes.form_real.kit import doc, has, json_reply, react, vendor

# ================================================================ React Hook Form (register, mode onBlur)
# Source: react-hook-form docs' basic example (useForm, register with validation rules, handleSubmit,
# formState.errors and isSubmitSuccessful), UMD global ReactHookForm.

RHF = doc(
    "Лаборатория Чистоты",
    f"""
<header><a href="/">Лаборатория Чистоты</a><a href="/uslugi">Услуги</a></header>
<main><h1>Задайте вопрос технологу</h1><p>Ответим на почту в течение 3 часов в рабочее время.</p><div id="root"></div></main>
{react()}{vendor("react-hook-form.umd.js")}
<script>
const h = React.createElement;
function App() {{
  const {{ register, handleSubmit, formState: {{ errors, isSubmitSuccessful, isSubmitting }} }} = ReactHookForm.useForm({{ mode: 'onBlur' }});
  const onSubmit = async (data) => {{
    const r = await fetch('/api/questions', {{ method: 'POST', headers: {{ 'Content-Type': 'application/json' }}, body: JSON.stringify(data) }});
    if (!r.ok) throw new Error('HTTP ' + r.status);
  }};
  if (isSubmitSuccessful) return h('div', {{ className: 'alert alert-success', role: 'status' }}, 'Спасибо! Вопрос отправлен технологу.');
  const err = (k) => errors[k] ? h('p', {{ className: 'field-error' }}, errors[k].message) : null;
  return h('form', {{ onSubmit: handleSubmit(onSubmit), noValidate: true, className: 'question-form' }},
    h('div', {{ className: 'field' }}, h('label', {{ htmlFor: 'name' }}, 'Имя'), h('input', {{ id: 'name', ...register('name', {{ required: 'Укажите имя' }}) }}), err('name')),
    h('div', {{ className: 'field' }}, h('label', {{ htmlFor: 'email' }}, 'E-mail'), h('input', {{ id: 'email', type: 'email',
      ...register('email', {{ required: 'Укажите e-mail', pattern: {{ value: /^\\S+@\\S+\\.\\S+$/, message: 'Неверный e-mail' }} }}) }}), err('email')),
    h('div', {{ className: 'field' }}, h('label', {{ htmlFor: 'question' }}, 'Вопрос'), h('textarea', {{ id: 'question', rows: 4,
      ...register('question', {{ required: 'Напишите вопрос', minLength: {{ value: 10, message: 'Слишком коротко' }} }}) }}), err('question')),
    h('button', {{ type: 'submit', disabled: isSubmitting, className: 'btn' }}, isSubmitting ? 'Отправляем…' : 'Отправить вопрос'));
}}
ReactDOM.createRoot(document.getElementById('root')).render(h(App));
</script>""",
)

# ================================================================ React app: no <form>, inputs driven by key events only
# The miss shape: a design-system input that edits its own state on keydown (as masked and
# rich inputs do) and ignores changes that arrive without key events; the "form" is a div with a
# div button. Source of the pattern: react-input-mask-style components handling onKeyDown/onPaste.

KEYS_APP = doc(
    "Ветклиника Айболит",
    f"""
<header><a href="/">Айболит</a><a href="/vrachi">Врачи</a></header>
<main><div id="app"></div></main>
{react()}
<script>
const h = React.createElement;
function KeyInput({{ label, value, onValue, multiline, digits }}) {{
  const onKeyDown = (e) => {{
    if (e.ctrlKey || e.metaKey || e.key === 'Tab') return;
    e.preventDefault();
    if (e.key === 'Backspace') onValue(value.slice(0, -1));
    else if (e.key === 'Enter' && multiline) onValue(value + '\\n');
    else if (e.key.length === 1 && (!digits || /[0-9+]/.test(e.key))) onValue(value + e.key);
  }};
  const props = {{ className: 'ds-input__control', 'aria-label': label, value, onKeyDown, onChange: () => {{}} }};
  return h('div', {{ className: 'ds-input' }}, h('span', {{ className: 'ds-input__label' }}, label), h(multiline ? 'textarea' : 'input', props));
}}
function App() {{
  const [v, setV] = React.useState({{ name: '', email: '', phone: '', text: '' }});
  const [sent, setSent] = React.useState(false);
  const [err, setErr] = React.useState('');
  const set = (k) => (x) => setV((o) => ({{ ...o, [k]: x }}));
  async function send() {{
    if (!v.name || !v.email.includes('@') || !v.text) {{ setErr('Заполните имя, e-mail и вопрос'); return; }}
    const r = await fetch('/api/appeal', {{ method: 'POST', headers: {{ 'Content-Type': 'application/json' }}, body: JSON.stringify(v) }});
    if (r.ok) setSent(true); else setErr('Ошибка, попробуйте позже');
  }}
  if (sent) return h('div', {{ className: 'ds-notice ds-notice_success' }}, 'Обращение принято! Врач ответит на e-mail.');
  return h('section', {{ className: 'ds-card' }}, h('h2', null, 'Вопрос ветеринару онлайн'),
    h(KeyInput, {{ label: 'Ваше имя', value: v.name, onValue: set('name') }}),
    h(KeyInput, {{ label: 'E-mail', value: v.email, onValue: set('email') }}),
    h(KeyInput, {{ label: 'Телефон (необязательно)', value: v.phone, onValue: set('phone'), digits: true }}),
    h(KeyInput, {{ label: 'Опишите вопрос', value: v.text, onValue: set('text'), multiline: true }}),
    err ? h('div', {{ className: 'ds-error' }}, err) : null,
    h('div', {{ className: 'ds-button ds-button_primary', role: 'button', tabIndex: 0, onClick: send }}, 'Отправить'));
}}
ReactDOM.createRoot(document.getElementById('app')).render(h(App));
</script>""",
    css=".ds-input{margin:10px 0}.ds-input__control{display:block;width:360px;padding:6px}"
    ".ds-button{display:inline-block;padding:8px 18px;background:#2a7;color:#fff;cursor:pointer}",
)

# ================================================================ Formik-style React form with a react-select-like dropdown
# Source: Formik's documented model (values/touched/errors, validate, handleBlur, isValid && dirty gating
# the submit button) and react-select's rendered markup (select__control, select__value-container,
# select__placeholder, a hidden input, select__menu with select__option[role=option]).

FORMIK = doc(
    "Электроника Вольт",
    f"""
<header><a href="/">Вольт</a><a href="/catalog">Каталог</a></header>
<main><h1>Обратная связь</h1><div id="root"></div></main>
{react()}
<script>
const h = React.createElement;
const TOPICS = ['Статус заказа', 'Вопрос о товаре', 'Гарантия и ремонт', 'Другое'];
function Select({{ value, onChange, onBlur, label }}) {{
  const [open, setOpen] = React.useState(false);
  return h('div', {{ className: 'select css-b62m3t-container' }},
    h('span', {{ id: 'topic-label', className: 'select-label' }}, label),
    h('div', {{ className: 'select__control css-13cymwt-control', onMouseDown: () => setOpen(!open) }},
      h('div', {{ className: 'select__value-container' }}, value ? h('div', {{ className: 'select__single-value' }}, value)
        : h('div', {{ className: 'select__placeholder' }}, 'Выберите...'),
        h('input', {{ className: 'select__input', 'aria-labelledby': 'topic-label', role: 'combobox', 'aria-expanded': open, 'aria-autocomplete': 'list',
          readOnly: true, tabIndex: 0, value: '', onBlur, style: {{ width: 2, opacity: 0 }} }})),
      h('div', {{ className: 'select__indicators' }}, h('span', {{ className: 'select__indicator' }}, '▾'))),
    open ? h('div', {{ className: 'select__menu', role: 'listbox' }}, TOPICS.map(t => h('div', {{ key: t, role: 'option',
      className: 'select__option', onClick: () => {{ onChange(t); setOpen(false); }} }}, t))) : null,
    h('input', {{ type: 'hidden', name: 'topic', value }}));
}}
function validate(v) {{
  const e = {{}};
  if (!v.name) e.name = 'Обязательное поле';
  if (!/^\\S+@\\S+\\.\\S+$/.test(v.email)) e.email = 'Некорректный e-mail';
  if (!v.topic) e.topic = 'Выберите тему';
  if (v.message.length < 10) e.message = 'Минимум 10 символов';
  return e;
}}
function App() {{
  const [values, setValues] = React.useState({{ name: '', email: '', topic: '', message: '' }});
  const [touched, setTouched] = React.useState({{}});
  const [status, setStatus] = React.useState('');
  const errors = validate(values);
  const isValid = Object.keys(errors).length === 0;
  const handleChange = (e) => setValues({{ ...values, [e.target.name]: e.target.value }});
  const handleBlur = (e) => setTouched({{ ...touched, [e.target.name || 'topic']: true }});
  const row = (name, label, el) => h('div', {{ className: 'form-row' }}, h('label', {{ htmlFor: name }}, label), el,
    touched[name] && errors[name] ? h('div', {{ className: 'invalid-feedback' }}, errors[name]) : null);
  async function onSubmit(e) {{
    e.preventDefault();
    if (!isValid) return;
    const r = await fetch('/api/feedback', {{ method: 'POST', headers: {{ 'Content-Type': 'application/json' }}, body: JSON.stringify(values) }});
    setStatus(r.ok ? 'ok' : 'fail');
  }}
  if (status === 'ok') return h('div', {{ className: 'alert-success' }}, 'Ваше обращение зарегистрировано. Ответим по e-mail в течение суток.');
  return h('form', {{ onSubmit, noValidate: true }},
    row('name', 'Имя', h('input', {{ id: 'name', name: 'name', value: values.name, onChange: handleChange, onBlur: handleBlur }})),
    row('email', 'Email', h('input', {{ id: 'email', name: 'email', type: 'email', value: values.email, onChange: handleChange, onBlur: handleBlur }})),
    row('topic', '', h(Select, {{ label: 'Тема обращения', value: values.topic, onChange: (t) => setValues({{ ...values, topic: t }}), onBlur: handleBlur }})),
    row('message', 'Сообщение', h('textarea', {{ id: 'message', name: 'message', value: values.message, onChange: handleChange, onBlur: handleBlur }})),
    h('button', {{ type: 'submit', disabled: !isValid, className: 'btn btn-primary' }}, 'Отправить'),
    status === 'fail' ? h('div', {{ className: 'alert-danger' }}, 'Не удалось отправить') : null);
}}
ReactDOM.createRoot(document.getElementById('root')).render(h(App));
</script>""",
    css=".select__control{border:1px solid #aaa;width:300px;padding:6px;cursor:pointer}.select__menu{border:1px solid #aaa;"
    "width:300px;background:#fff}.select__option{padding:6px;cursor:pointer}.form-row{margin:10px 0}",
)

# ================================================================ Vue 3 apps
# Source: Vue 3 guide's form bindings (v-model, @submit.prevent) and vue-select's rendered markup
# (v-select vs--single, vs__dropdown-toggle, vs__selected-options, vs__search input, vs__dropdown-menu
# with vs__dropdown-option[role=option]).

VUE_FORM = doc(
    "Зоомагазин Лапа",
    f"""
<header><a href="/">Лапа</a><a href="/dostavka">Доставка</a></header>
<main><div id="app">
<section class="feedback"><h2>Есть вопрос по корму?</h2><p class="feedback__note">Ответим в течение 15 минут в рабочее время (9:00–21:00).</p>
<form v-if="!sent" @submit.prevent="send" class="feedback__form">
<div class="field"><label for="fb-name">Имя</label><input id="fb-name" v-model.trim="name"></div>
<div class="field"><label for="fb-mail">Почта</label><input id="fb-mail" type="email" v-model.trim="mail"></div>
<div class="field"><label for="fb-text">Вопрос</label><textarea id="fb-text" v-model="text"></textarea></div>
<p class="error" v-if="error">{{{{ error }}}}</p>
<button type="submit" :disabled="busy">{{{{ busy ? 'Отправка…' : 'Отправить' }}}}</button></form>
<div v-else class="feedback__done">Спасибо, {{{{ name }}}}! Вопрос получен.</div></section></div></main>
{vendor("vue.global.prod.js")}
<script>
Vue.createApp({{
  data: () => ({{ name: '', mail: '', text: '', sent: false, busy: false, error: '' }}),
  methods: {{ async send() {{
    if (!this.name || !this.mail.includes('@') || !this.text) {{ this.error = 'Заполните все поля'; return; }}
    this.busy = true;
    const r = await fetch('/api/feedback', {{ method: 'POST', headers: {{ 'Content-Type': 'application/json' }},
      body: JSON.stringify({{ name: this.name, mail: this.mail, text: this.text }}) }});
    this.busy = false; if (r.ok) this.sent = true; else this.error = 'Ошибка отправки';
  }} }}
}}).mount('#app');
</script>""",
)

VUE_SELECT = doc(
    "Автозапчасти Драйв",
    f"""
<header><a href="/">Драйв</a><a href="/katalog">Каталог</a></header>
<main><div id="app"><div class="support-card"><h2>Подбор запчасти</h2>
<template v-if="!done">
<div class="field"><label>Марка автомобиля</label>
<div class="v-select vs--single" :class="{{ 'vs--open': open }}">
<div class="vs__dropdown-toggle" role="combobox" :aria-expanded="String(open)" aria-label="Марка автомобиля" @mousedown.prevent="open = !open">
<div class="vs__selected-options"><span class="vs__selected" v-if="brand">{{{{ brand }}}}</span>
<input class="vs__search" type="search" autocomplete="off" :placeholder="brand ? '' : 'Выберите марку'" readonly aria-autocomplete="list"></div>
<div class="vs__actions"><span class="vs__open-indicator">▾</span></div></div>
<ul class="vs__dropdown-menu" role="listbox" v-if="open"><li v-for="b in brands" class="vs__dropdown-option" role="option" @mousedown.prevent="brand = b; open = false">{{{{ b }}}}</li></ul>
</div></div>
<div class="field"><label for="vin">VIN (если знаете)</label><input id="vin" v-model="vin"></div>
<div class="field"><label for="nm">Ваше имя</label><input id="nm" v-model="name"></div>
<div class="field"><label for="em">E-mail для ответа</label><input id="em" type="email" v-model="email"></div>
<div class="field"><label for="q">Какая деталь нужна?</label><textarea id="q" v-model="question"></textarea></div>
<div class="err" v-if="error">{{{{ error }}}}</div>
<a href="#" class="btn btn--primary" @click.prevent="send">Отправить запрос</a>
</template>
<div v-else class="done">Запрос принят! Менеджер подберёт деталь и ответит на почту.</div></div></div></main>
{vendor("vue.global.prod.js")}
<script>
Vue.createApp({{
  data: () => ({{ open: false, brand: '', brands: ['Lada', 'Kia', 'Hyundai', 'Toyota', 'Volkswagen'], vin: '', name: '', email: '', question: '', done: false, error: '' }}),
  methods: {{ async send() {{
    if (!this.brand) {{ this.error = 'Выберите марку автомобиля'; return; }}
    if (!this.email.includes('@') || !this.question) {{ this.error = 'Укажите e-mail и вопрос'; return; }}
    const r = await fetch('/api/parts-request', {{ method: 'POST', headers: {{ 'Content-Type': 'application/json' }},
      body: JSON.stringify({{ brand: this.brand, vin: this.vin, name: this.name, email: this.email, question: this.question }}) }});
    if (r.ok) this.done = true; else this.error = 'Ошибка';
  }} }}
}}).mount('#app');
</script>""",
    css=".v-select{width:300px;position:relative}.vs__dropdown-toggle{border:1px solid #999;padding:4px;display:flex;cursor:pointer}"
    ".vs__dropdown-menu{list-style:none;margin:0;padding:0;border:1px solid #999;background:#fff;position:absolute;width:100%;z-index:2}"
    ".vs__dropdown-option{padding:5px;cursor:pointer}.field{margin:10px 0}",
)

# ================================================================ a wizard across pages (the miss shape) and one that dies

WIZ_CSS = ".steps{color:#777}.f{margin:8px 0}"


def _wiz_step1(title: str) -> str:
    return doc(
        title,
        f"""<header><a href="/">{title}</a><a href="/kontakty">Контакты</a></header>
<main><h1>Заявка на консультацию</h1><div class="steps">Шаг 1 из 2: контактные данные</div>
<form action="/zayavka/step1" method="post" class="lead-form">
<div class="f"><label for="n">Ваше имя</label><br><input id="n" name="lead_name" required></div>
<div class="f"><label for="p">Телефон</label><br><input id="p" name="lead_phone" type="tel" required></div>
<button type="submit">Далее →</button></form></main>""",
        css=WIZ_CSS,
    )


def _wiz_step2(title: str) -> str:
    return doc(
        title,
        f"""<header><a href="/">{title}</a></header>
<main><h1>Заявка на консультацию</h1><div class="steps">Шаг 2 из 2: ваш вопрос</div>
<form action="/zayavka/step2" method="post" class="lead-form">
<div class="f"><label for="e">E-mail для ответа</label><br><input id="e" name="lead_email" type="email" required></div>
<div class="f"><label for="q">Ваш вопрос</label><br><textarea id="q" name="lead_question" required></textarea></div>
<button type="submit">Отправить заявку</button></form></main>""",
        css=WIZ_CSS,
    )


def _wiz1(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = bool(f.get("lead_name") and f.get("lead_phone"))
    site.record(request.path, f, ok)
    if not ok:
        return web.Response(text=_wiz_step1(site.name), content_type="text/html")
    resp = web.HTTPSeeOther("/zayavka/shag-2")
    resp.set_cookie("lead", "L-5521", path="/")
    raise resp


def _wiz2_ok(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = bool(request.cookies.get("lead") and "@" in f.get("lead_email", "") and f.get("lead_question"))
    site.record(request.path, f, ok)
    if ok:
        raise web.HTTPSeeOther("/zayavka/gotovo")
    return web.Response(text=_wiz_step2(site.name), content_type="text/html")


def _wiz2_dies(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    site.record(request.path, f, False)
    return web.Response(
        text="<html><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>",
        status=502,
        content_type="text/html",
    )


WIZ_DONE = doc(
    "Юридическая помощь",
    """<main><h1>Спасибо!</h1><p>Заявка №5521 принята. Юрист ответит на ваш
e-mail в течение часа.</p></main>""",
)

# ================================================================ late form, AJAX form, consent-gated form, beacon

LATE = doc(
    "Багетная мастерская",
    """
<header><a href="/">Багет</a><a href="/kontakty">Контакты</a><a href="/raboty">Работы</a></header>
<main><h1>Оформление картин и вышивок</h1><p>Подберём багет под ваш интерьер.</p>
<section id="ask"><div class="spinner">Загрузка…</div></section></main>
<script>
setTimeout(() => {
  document.querySelector('#ask').innerHTML = `<h2>Спросите мастера</h2>
  <form class="ask-form"><p><input name="n" placeholder="Имя"></p><p><input name="m" type="email" placeholder="E-mail"></p>
  <p><textarea name="t" placeholder="Ваш вопрос"></textarea></p><button>Отправить</button></form>`;
  document.querySelector('.ask-form').addEventListener('submit', async e => { e.preventDefault();
    const r = await fetch('/api/ask', {method: 'POST', body: new FormData(e.target)});
    if (r.ok) e.target.outerHTML = '<p class="ok">Спасибо! Мастер ответит вам на почту.</p>'; });
}, 3500);
</script>""",
)

LATE_CONTACTS = doc(
    "Багетная мастерская",
    """<header><a href="/">Багет</a></header>
<main><h1>Контакты</h1><p>Москва, Садовая, 3. Тел. +7 (495) 000-00-00. Пн–Сб 10–20.</p></main>""",
)

AJAX_BUTTON = doc(
    "Сантехника Аква",
    """
<header><a href="/">Аква</a><a href="/catalog/">Каталог</a></header>
<main><h1>Смеситель Grohe Eurosmart 33265</h1><p class="price">8 990 ₽</p>
<div class="product-actions"><a href="javascript:void(0)" class="btn btn-default animate-load" data-event="jqm" data-param-form_id="ASK" data-name="question">Задать вопрос</a>
<button class="btn btn-primary to-cart">В корзину</button></div></main>
<div class="jqmWindow" id="popup_ask" style="display:none;position:fixed;top:60px;left:50%;margin-left:-240px;width:480px;background:#fff;border:1px solid #ccc;padding:20px;z-index:20"></div>
<script>
document.querySelector('[data-event=jqm]').addEventListener('click', async () => {
  const r = await fetch('/ajax/form.php?form_id=ASK&type=question');
  const box = document.getElementById('popup_ask');
  box.innerHTML = await r.text(); box.style.display = 'block';
  box.querySelector('form').addEventListener('submit', async e => { e.preventDefault();
    const res = await fetch('/ajax/form.php?form_id=ASK&action=send', {method: 'POST', body: new FormData(e.target)});
    const j = await res.json();
    box.innerHTML = j.success ? '<div class="form_result success">' + j.message + '</div>' : '<div class="form_result error">' + j.message + '</div>'; });
});
</script>""",
)

AJAX_FORM_FRAGMENT = """<a href="#" class="jqmClose close"></a><div class="form ASK"><div class="form_head"><h2>Задать вопрос</h2>
<div class="form_desc">Наш специалист ответит вам по электронной почте</div></div>
<form name="ASK" action="/ajax/form.php" method="POST"><div class="form_body">
<div class="form-control"><label for="ASK_NAME"><span>Ваше имя&nbsp;<span class="star">*</span></span></label><input type="text" id="ASK_NAME" name="NAME" class="inputtext" required value=""></div>
<div class="form-control"><label for="ASK_EMAIL"><span>E-mail&nbsp;<span class="star">*</span></span></label><input type="email" id="ASK_EMAIL" name="EMAIL" class="inputtext" required value=""></div>
<div class="form-control"><label for="ASK_QUESTION"><span>Вопрос&nbsp;<span class="star">*</span></span></label><textarea id="ASK_QUESTION" name="QUESTION" required></textarea></div>
</div><div class="form_footer"><input type="submit" class="btn btn-default" value="Отправить" name="web_form_submit"></div></form></div>"""


async def _ajax_fragment(request: web.Request) -> web.StreamResponse:
    await asyncio.sleep(0.9)
    return web.Response(text=AJAX_FORM_FRAGMENT, content_type="text/html")


CONSENT = doc(
    "Книжный Фолиант",
    """
<header><a href="/">Фолиант</a><a href="/novinki">Новинки</a></header>
<main><h1>Обратная связь</h1><p>Поможем найти редкую книгу. Форма обратной связи работает через наш сервис обращений.</p>
<div id="feedback-embed" class="embed-placeholder">Форма загрузится после согласия с использованием cookies.</div></main>
<div class="cmp-wall" role="dialog" aria-modal="true" aria-label="Настройки cookies" style="position:fixed;inset:0;background:rgba(0,0,0,.65);z-index:100">
<div class="cmp-box" style="background:#fff;max-width:560px;margin:120px auto;padding:24px">
<h3>Мы используем файлы cookie</h3><p>Мы используем cookie для работы сайта, аналитики и сервиса обращений. Вы можете принять все или настроить.</p>
<button class="cmp-accept" type="button">Принять все</button> <button class="cmp-settings" type="button">Настроить</button></div></div>
<script>
function loadEmbed() {
  const slot = document.getElementById('feedback-embed');
  slot.innerHTML = `<form class="fb"><label>Имя <input name="who"></label><br><label>Почта <input name="addr" type="email"></label><br>
  <label>Что ищете? <textarea name="what"></textarea></label><br><button type="submit">Отправить</button></form>`;
  slot.querySelector('form').addEventListener('submit', async e => { e.preventDefault();
    const r = await fetch('/api/feedback', {method: 'POST', body: new URLSearchParams(new FormData(e.target))});
    if (r.ok) slot.innerHTML = '<p>Спасибо! Библиограф ответит вам в течение дня.</p>'; });
}
document.querySelector('.cmp-accept').addEventListener('click', () => { document.querySelector('.cmp-wall').remove(); setTimeout(loadEmbed, 300); });
</script>""",
)

BEACON = doc(
    "Цветы Флора",
    """
<header><a href="/">Флора</a><a href="/bukety">Букеты</a></header>
<main><h1>Вопрос флористу</h1><p>Флорист ответит на почту в течение 30 минут.</p>
<form id="lead" class="lead"><p><input name="name" placeholder="Как вас зовут"></p><p><input name="email" type="email" placeholder="E-mail"></p>
<p><textarea name="question" placeholder="Ваш вопрос"></textarea></p><p><button type="submit">Спросить флориста</button></p></form>
<div id="thanks" hidden>Спасибо! Ваш вопрос у флориста.</div></main>
<script>
document.getElementById('lead').addEventListener('submit', e => {
  e.preventDefault();
  const fd = new FormData(e.target);
  if (navigator.sendBeacon('/collect/lead', fd)) { e.target.hidden = true; document.getElementById('thanks').hidden = false; }
});
</script>""",
)

# ================================================================ tabs, accordions

ACCORDION = doc(
    "Мастерская ключей",
    """
<header><a href="/">Ключи</a></header>
<main><h1>Частые вопросы</h1>
<div class="accordion" id="faq">
<div class="accordion-item"><h2 class="accordion-header"><button class="accordion-button collapsed" type="button" data-bs-toggle="collapse" data-bs-target="#c1" aria-expanded="false" aria-controls="c1">Сколько стоит дубликат?</button></h2>
<div id="c1" class="accordion-collapse collapse" data-bs-parent="#faq"><div class="accordion-body">От 150 ₽.</div></div></div>
<div class="accordion-item"><h2 class="accordion-header"><button class="accordion-button collapsed" type="button" data-bs-toggle="collapse" data-bs-target="#c2" aria-expanded="false" aria-controls="c2">Делаете ли чип-ключи?</button></h2>
<div id="c2" class="accordion-collapse collapse" data-bs-parent="#faq"><div class="accordion-body">Да, для большинства домофонов.</div></div></div>
<div class="accordion-item"><h2 class="accordion-header"><button class="accordion-button collapsed" type="button" data-bs-toggle="collapse" data-bs-target="#c3" aria-expanded="false" aria-controls="c3">Не нашли ответ? Написать нам</button></h2>
<div id="c3" class="accordion-collapse collapse" data-bs-parent="#faq"><div class="accordion-body">
<form class="needs-validation" novalidate method="post" action="/vopros">
<div class="mb-3"><label for="qName" class="form-label">Имя</label><input type="text" class="form-control" id="qName" name="name" required></div>
<div class="mb-3"><label for="qEmail" class="form-label">Email</label><input type="email" class="form-control" id="qEmail" name="email" required></div>
<div class="mb-3"><label for="qText" class="form-label">Вопрос</label><textarea class="form-control" id="qText" name="text" rows="3" required></textarea></div>
<button type="submit" class="btn btn-primary">Отправить</button></form></div></div></div>
</div></main>
<script>
document.querySelectorAll('[data-bs-toggle=collapse]').forEach(b => b.addEventListener('click', () => {
  const t = document.querySelector(b.dataset.bsTarget); const open = !t.classList.contains('show');
  document.querySelectorAll('#faq .accordion-collapse').forEach(x => x.classList.remove('show'));
  document.querySelectorAll('#faq .accordion-button').forEach(x => { x.classList.add('collapsed'); x.setAttribute('aria-expanded', 'false'); });
  if (open) { t.classList.add('show'); b.classList.remove('collapsed'); b.setAttribute('aria-expanded', 'true'); }
}));
</script>""",
    css=".collapse:not(.show){display:none}",
)

ACCORDION_DONE = doc(
    "Мастерская ключей", "<main><div class='alert alert-success'>Спасибо! Мы ответим на e-mail.</div></main>"
)

TABS = doc(
    "Садовый центр Зелень",
    """
<header><a href="/">Зелень</a><a href="/katalog">Каталог</a></header>
<main><h1>Гортензия метельчатая «Ванилла Фрейз»</h1><p>Саженец в горшке 3 л — 890 ₽</p>
<div class="product-tabs"><div role="tablist" aria-label="О товаре">
<button role="tab" aria-selected="true" aria-controls="p-desc" id="t-desc">Описание</button>
<button role="tab" aria-selected="false" aria-controls="p-care" id="t-care" tabindex="-1">Уход</button>
<button role="tab" aria-selected="false" aria-controls="p-qa" id="t-qa" tabindex="-1">Вопросы и ответы (2)</button></div>
<div role="tabpanel" id="p-desc" aria-labelledby="t-desc"><p>Цветёт с июля по сентябрь.</p></div>
<div role="tabpanel" id="p-care" aria-labelledby="t-care" hidden><p>Полив 2 раза в неделю.</p></div>
<div role="tabpanel" id="p-qa" aria-labelledby="t-qa" hidden><div class="qa-item"><b>Выдержит -30?</b> Да.</div>
<h3>Задайте свой вопрос о растении</h3>
<form class="qa-form"><input name="qa_name" placeholder="Имя"><input name="qa_mail" type="email" placeholder="Email для ответа">
<textarea name="qa_text" placeholder="Вопрос"></textarea><button type="submit">Задать вопрос</button></form></div></div></main>
<script>
document.querySelectorAll('[role=tab]').forEach(t => t.addEventListener('click', () => {
  document.querySelectorAll('[role=tab]').forEach(x => x.setAttribute('aria-selected', String(x === t)));
  document.querySelectorAll('[role=tabpanel]').forEach(p => { p.hidden = p.id !== t.getAttribute('aria-controls'); });
}));
document.querySelector('.qa-form').addEventListener('submit', async e => { e.preventDefault();
  const r = await fetch('/qa/ask', {method: 'POST', body: new FormData(e.target)});
  if (r.ok) e.target.outerHTML = '<p>Вопрос отправлен, ответ придёт на почту.</p>'; });
</script>""",
)

# ================================================================ a send button that never enables; overlay over an iframe; file

STUCK = doc(
    "Бюро переводов Лингва",
    """
<header><a href="/">Лингва</a></header>
<main><h1>Рассчитать перевод</h1>
<form id="calc" action="/calc/send" method="post"><p><label>Имя <input name="name"></label></p>
<p><label>E-mail <input name="email" type="email"></label></p><p><label>Что перевести? <textarea name="text"></textarea></label></p>
<p><button type="submit" id="send" disabled>Отправить</button> <span class="hint">Проверка формы…</span></p></form></main>
<script>
// the button waits for an anti-spam score from a script that never answers (blocked, down, slow CDN)
window.addEventListener('antispam:ready', () => { document.getElementById('send').disabled = false; });
</script>""",
)

IFRAME_HOST = doc(
    "Типография Оттиск",
    """
<header><a href="/">Оттиск</a><a href="/uslugi">Услуги</a></header>
<main><h1>Контакты</h1><p>Рассчитаем тираж и ответим на вопросы.</p>
<iframe src="/embed/feedback" title="Обратная связь" style="width:560px;height:460px;border:1px solid #ddd"></iframe></main>
<div class="age-gate" style="position:fixed;inset:0;background:rgba(255,255,255,.92);z-index:500;display:flex;align-items:center;justify-content:center">
<div style="border:1px solid #333;padding:24px;background:#fff"><p>Выберите ваш город: <b>Москва</b>?</p>
<button type="button" class="city-yes">Да, верно</button> <button type="button" class="city-no">Выбрать другой</button></div></div>
<script>document.querySelector('.city-yes').addEventListener('click', () => document.querySelector('.age-gate').remove());</script>""",
)

IFRAME_FORM = doc(
    "feedback",
    """
<form method="post" action="/embed/feedback/send" style="padding:12px">
<div><label>Имя<br><input name="fio"></label></div><div><label>E-mail<br><input name="email" type="email"></label></div>
<div><label>Сообщение<br><textarea name="msg"></textarea></label></div><button type="submit">Отправить</button></form>""",
)

IFRAME_DONE = doc("feedback", "<p style='padding:12px'>Сообщение отправлено. Спасибо!</p>")

FILE_HIDDEN = doc(
    "Ремонт техники Мастер",
    """
<header><a href="/">Мастер</a></header>
<main><h1>Онлайн-диагностика</h1><p>Пришлите фото неисправности — мастер ответит на почту.</p>
<form class="diag" action="/diag/send" method="post" enctype="multipart/form-data">
<p><input name="name" placeholder="Имя *" required></p><p><input name="email" type="email" placeholder="E-mail *" required></p>
<p><textarea name="problem" placeholder="Что случилось? *" required></textarea></p>
<p class="upload"><label class="upload__btn"><input type="file" name="photo" accept="image/*" required style="display:none">📎 Прикрепите фото неисправности *</label></p>
<p><button type="submit">Отправить на диагностику</button></p></form></main>""",
)


def _never(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    site.record(request.path, f, False)
    return web.Response(text="unexpected", status=400)


def _flat_json(data: Any) -> Fields:
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _html_ok(page: str, *names: str) -> Any:
    def endpoint(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
        ok = all(f.get(n) for n in names)
        site.record(request.path, f, ok)
        return web.Response(text=page if ok else "<p>Ошибка: заполните поля</p>", content_type="text/html")

    return endpoint


def build() -> list[RawSite]:
    ok_json = {"status": "ok"}
    return [
        RawSite(
            "rhf",
            {"/vopros": RHF},
            {
                "/api/questions": json_reply(
                    ok_json, flatten=_flat_json, accept=has("name", "email", "question")
                )
            },
        ),
        RawSite(
            "keys_app",
            {"/": KEYS_APP},
            {"/api/appeal": json_reply(ok_json, flatten=_flat_json, accept=has("name", "email", "text"))},
        ),
        RawSite(
            "formik",
            {"/feedback": FORMIK},
            {
                "/api/feedback": json_reply(
                    ok_json, flatten=_flat_json, accept=has("name", "email", "topic", "message")
                )
            },
        ),
        RawSite(
            "vue_form",
            {"/": VUE_FORM},
            {"/api/feedback": json_reply(ok_json, flatten=_flat_json, accept=has("name", "mail", "text"))},
        ),
        RawSite(
            "vue_select",
            {"/podbor": VUE_SELECT},
            {
                "/api/parts-request": json_reply(
                    ok_json, flatten=_flat_json, accept=has("brand", "email", "question")
                )
            },
        ),
        RawSite(
            "wizard_pages",
            {
                "/zayavka": _wiz_step1("Юридическая помощь"),
                "/zayavka/shag-2": _wiz_step2("Юридическая помощь"),
                "/zayavka/gotovo": WIZ_DONE,
            },
            {"/zayavka/step1": _wiz1, "/zayavka/step2": _wiz2_ok},
        ),
        RawSite(
            "wizard_dies",
            {"/zayavka": _wiz_step1("Кредитный брокер"), "/zayavka/shag-2": _wiz_step2("Кредитный брокер")},
            {"/zayavka/step1": _wiz1, "/zayavka/step2": _wiz2_dies},
        ),
        RawSite(
            "late_form",
            {"/": LATE, "/kontakty": LATE_CONTACTS},
            {"/api/ask": json_reply(ok_json, accept=has("n", "m", "t"))},
        ),
        RawSite(
            "ajax_button",
            {"/catalog/smesitel-grohe/": AJAX_BUTTON, "/ajax/form.php": _ajax_fragment},
            {
                "/ajax/form.php": json_reply(
                    {"success": True, "message": "Спасибо! Ваш вопрос отправлен."},
                    accept=has("NAME", "EMAIL", "QUESTION"),
                )
            },
        ),
        RawSite(
            "consent_gate",
            {"/kontakty": CONSENT},
            {"/api/feedback": json_reply(ok_json, accept=has("who", "addr", "what"))},
        ),
        RawSite(
            "beacon",
            {"/": BEACON},
            {"/collect/lead": json_reply(ok_json, accept=has("name", "email", "question"))},
        ),
        RawSite(
            "accordion", {"/faq": ACCORDION}, {"/vopros": _html_ok(ACCORDION_DONE, "name", "email", "text")}
        ),
        RawSite(
            "tabs",
            {"/katalog/gortenziya": TABS},
            {"/qa/ask": json_reply(ok_json, accept=has("qa_mail", "qa_text"))},
        ),
        RawSite("stuck", {"/": STUCK}, {"/calc/send": _never}),
        RawSite(
            "iframe_overlay",
            {"/kontakty": IFRAME_HOST, "/embed/feedback": IFRAME_FORM},
            {"/embed/feedback/send": _html_ok(IFRAME_DONE, "fio", "email", "msg")},
        ),
        RawSite("file_hidden", {"/diagnostika": FILE_HIDDEN}, {"/diag/send": _never}),
    ]
