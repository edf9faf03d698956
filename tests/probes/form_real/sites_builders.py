"""Blind corpus, part 1: forms as real form builders and CMS plugins render them.

Written and committed before the probe first ran on any of them. Each page reconstructs
(never pastes) the markup a builder emits, from its own templates or documented output;
the source is noted on each case. Endpoints behave like the builder's server side: the
same URLs' shapes, the same JSON answers, the same post/redirect/get or iframe tricks.
Every endpoint records what arrived, with the receipt time, before it answers.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from monitor.demo.formsites import Fields
from monitor.demo.formsites_extra import RawSite
from tests.probes.form_real.kit import doc, has, html_reply, json_reply, vendor

# ================================================================ Contact Form 7
# Source: contact-form-7 (rocklobster-in/contact-form-7) form-tag handlers: modules/text.php,
# textarea.php, acceptance.php, file.php, submit.php; includes/contact-form.php form_elements();
# REST answer shape from includes/rest-api.php (status mail_sent / validation_failed, message).

CF7_HIDDEN = """<div style="display: none;">
<input type="hidden" name="_wpcf7" value="{fid}" /><input type="hidden" name="_wpcf7_version" value="5.9.5" />
<input type="hidden" name="_wpcf7_locale" value="ru_RU" /><input type="hidden" name="_wpcf7_unit_tag" value="wpcf7-f{fid}-p12-o1" />
<input type="hidden" name="_wpcf7_container_post" value="12" /><input type="hidden" name="_wpcf7_posted_data_hash" value="" />
</div>"""

CF7_JS = """<script>
document.querySelectorAll('form.wpcf7-form').forEach(form => {
  const out = form.querySelector('.wpcf7-response-output');
  const accept = form.querySelector('.wpcf7-acceptance input');
  const submit = form.querySelector('.wpcf7-submit');
  if (accept) { const sync = () => { submit.disabled = !accept.checked; }; accept.addEventListener('change', sync); sync(); }
  form.addEventListener('submit', async e => {
    e.preventDefault();
    form.querySelectorAll('.wpcf7-not-valid-tip').forEach(t => t.remove());
    form.setAttribute('data-status', 'submitting');
    const id = form.querySelector('[name=_wpcf7]').value;
    const r = await fetch('/wp-json/contact-form-7/v1/contact-forms/' + id + '/feedback', {method: 'POST', body: new FormData(form)});
    const j = await r.json();
    out.textContent = j.message;
    form.setAttribute('data-status', j.status === 'mail_sent' ? 'sent' : 'invalid');
    (j.invalid_fields || []).forEach(f => { const w = form.querySelector(f.into);
      if (w) w.insertAdjacentHTML('beforeend', '<span class="wpcf7-not-valid-tip" aria-hidden="true">' + f.message + '</span>'); });
    if (j.status === 'mail_sent') form.reset();
  });
});
</script>"""


def _cf7_answer(ok: bool) -> dict[str, Any]:
    if ok:
        return {
            "contact_form_id": 123,
            "status": "mail_sent",
            "into": "#wpcf7-f123-p12-o1",
            "message": "Спасибо за Ваше сообщение. Оно успешно отправлено.",
            "invalid_fields": [],
        }
    return {
        "status": "validation_failed",
        "message": "Одно или несколько полей содержат ошибочные данные. "
        "Пожалуйста, проверьте их и попробуйте ещё раз.",
        "invalid_fields": [],
    }


def _cf7_page(fid: str, fields: str, title: str, heading: str, intro: str) -> str:
    return doc(
        title,
        f"""
<header><a href="/">{title}</a><a href="/catalog/">Каталог</a><a href="/kontakty/">Контакты</a></header>
<main><article class="page type-page"><h1 class="entry-title">{heading}</h1><div class="entry-content"><p>{intro}</p>
<div class="wpcf7 no-js" id="wpcf7-f{fid}-p12-o1" lang="ru-RU" dir="ltr"><div class="screen-reader-response"><p role="status" aria-live="polite" aria-atomic="true"></p></div>
<form action="/kontakty/#wpcf7-f{fid}-p12-o1" method="post" class="wpcf7-form init" aria-label="Контактная форма" novalidate="novalidate" data-status="init">
{CF7_HIDDEN.format(fid=fid)}
{fields}
<div class="wpcf7-response-output" aria-hidden="true"></div>
</form></div></div></article></main>{CF7_JS}""",
    )


CF7_BASIC = _cf7_page(
    "123",
    """
<p><label> Ваше имя<br /><span class="wpcf7-form-control-wrap" data-name="your-name"><input size="40" maxlength="400" class="wpcf7-form-control wpcf7-text wpcf7-validates-as-required" autocomplete="name" aria-required="true" aria-invalid="false" value="" type="text" name="your-name" /></span> </label></p>
<p><label> Ваш e-mail<br /><span class="wpcf7-form-control-wrap" data-name="your-email"><input size="40" maxlength="400" class="wpcf7-form-control wpcf7-email wpcf7-validates-as-required wpcf7-text wpcf7-validates-as-email" autocomplete="email" aria-required="true" aria-invalid="false" value="" type="email" name="your-email" /></span> </label></p>
<p><label> Тема<br /><span class="wpcf7-form-control-wrap" data-name="your-subject"><input size="40" maxlength="400" class="wpcf7-form-control wpcf7-text wpcf7-validates-as-required" aria-required="true" aria-invalid="false" value="" type="text" name="your-subject" /></span> </label></p>
<p><label> Ваше сообщение (необязательно)<br /><span class="wpcf7-form-control-wrap" data-name="your-message"><textarea cols="40" rows="10" maxlength="2000" class="wpcf7-form-control wpcf7-textarea" aria-invalid="false" name="your-message"></textarea></span> </label></p>
<p><input class="wpcf7-form-control wpcf7-submit has-spinner" type="submit" value="Отправить" /><span class="wpcf7-spinner"></span></p>
""",
    "Кофейная лавка",
    "Контакты",
    "Мы на связи с 9 до 21. Напишите нам — ответим в течение часа.",
)

CF7_ACCEPT = _cf7_page(
    "208",
    """
<div class="row"><div class="col"><span class="wpcf7-form-control-wrap" data-name="client-name"><input size="40" class="wpcf7-form-control wpcf7-text wpcf7-validates-as-required" aria-required="true" value="" type="text" name="client-name" placeholder="Имя*" /></span></div>
<div class="col"><span class="wpcf7-form-control-wrap" data-name="client-tel"><input size="40" class="wpcf7-form-control wpcf7-tel wpcf7-validates-as-required wpcf7-text wpcf7-validates-as-tel" aria-required="true" value="" type="tel" name="client-tel" placeholder="Телефон*" /></span></div>
<div class="col"><span class="wpcf7-form-control-wrap" data-name="client-email"><input size="40" class="wpcf7-form-control wpcf7-email wpcf7-validates-as-required wpcf7-text wpcf7-validates-as-email" aria-required="true" value="" type="email" name="client-email" placeholder="E-mail*" /></span></div></div>
<span class="wpcf7-form-control-wrap" data-name="client-question"><textarea cols="40" rows="6" class="wpcf7-form-control wpcf7-textarea" name="client-question" placeholder="Ваш вопрос"></textarea></span>
<span class="wpcf7-form-control-wrap" data-name="acceptance-152"><span class="wpcf7-form-control wpcf7-acceptance"><span class="wpcf7-list-item"><label><input type="checkbox" name="acceptance-152" value="1" aria-invalid="false" /><span class="wpcf7-list-item-label">Я даю согласие на обработку персональных данных</span></label></span></span></span>
<input class="wpcf7-form-control wpcf7-submit has-spinner" type="submit" value="Задать вопрос" />
""",
    "Стройдвор",
    "Вопрос специалисту",
    "Консультация по материалам и доставке.",
)

CF7_FILE = _cf7_page(
    "311",
    """
<p><label> Имя и фамилия<br /><span class="wpcf7-form-control-wrap" data-name="fio"><input size="40" class="wpcf7-form-control wpcf7-text wpcf7-validates-as-required" aria-required="true" value="" type="text" name="fio" /></span></label></p>
<p><label> Email<br /><span class="wpcf7-form-control-wrap" data-name="mail"><input size="40" class="wpcf7-form-control wpcf7-email wpcf7-validates-as-required wpcf7-text wpcf7-validates-as-email" aria-required="true" value="" type="email" name="mail" /></span></label></p>
<p><label> Опишите проблему<br /><span class="wpcf7-form-control-wrap" data-name="problem"><textarea cols="40" rows="6" class="wpcf7-form-control wpcf7-textarea wpcf7-validates-as-required" aria-required="true" name="problem"></textarea></span></label></p>
<p><label> Фото чека (обязательно)<br /><span class="wpcf7-form-control-wrap" data-name="receipt"><input size="40" class="wpcf7-form-control wpcf7-file wpcf7-validates-as-required" accept=".jpg,.jpeg,.png,.pdf" aria-required="true" aria-invalid="false" type="file" name="receipt" /></span></label></p>
<p><input class="wpcf7-form-control wpcf7-submit has-spinner" type="submit" value="Отправить" /></p>
""",
    "ГарантСервис",
    "Вопрос по гарантии",
    "Для вопроса по гарантии приложите фото чека.",
)


def _cf7_ok(*names: str) -> Any:
    return json_reply(_cf7_answer, accept=has(*names))


# ================================================================ WPForms
# Source: wpforms-lite templates as rendered (BeAPI/beapi-frontend-framework
# src/_readymade/wpforms/wpforms.php), field classes from wpforms-lite includes/fields/;
# AJAX answer from wpforms' process.php ajax_submit(): {"success":true,"data":{"confirmation":...}}.

WPF_JS = """<script>
document.querySelectorAll('form.wpforms-form').forEach(form => {
  const pages = [...form.querySelectorAll('.wpforms-page')];
  let page = 0;
  const show = () => pages.forEach((p, i) => { p.style.display = i === page ? '' : 'none'; });
  if (pages.length) show();
  const valid = (box) => { let ok = true;
    box.querySelectorAll('.wpforms-error').forEach(e => e.remove());
    box.querySelectorAll('.wpforms-field-required').forEach(el => {
      const bad = el.type === 'email' ? !/.+@.+\\..+/.test(el.value) : !el.value.trim();
      if (bad) { ok = false; el.insertAdjacentHTML('afterend', '<em class="wpforms-error" role="alert">Это поле обязательно для заполнения.</em>'); }
    }); return ok; };
  form.querySelectorAll('.wpforms-page-next').forEach(b => b.addEventListener('click', () => {
    if (valid(pages[page])) { page++; show(); } }));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (!valid(form)) return;
    const fd = new FormData(form); fd.append('action', 'wpforms_submit');
    const r = await fetch('/wp-admin/admin-ajax.php', {method: 'POST', body: fd});
    const j = await r.json();
    if (j.success) form.closest('.wpforms-container').innerHTML = j.data.confirmation;
  });
});
</script>"""

WPF_HEAD = """<input type="hidden" name="wpforms[id]" value="{fid}"><input type="hidden" name="page_title" value="Contact">
<input type="hidden" name="page_url" value="/contact/"><input type="hidden" name="wpforms[post_id]" value="9">"""


def _wpf_confirm(ok: bool) -> dict[str, Any]:
    text = (
        "<div class='wpforms-confirmation-container-full wpforms-confirmation-scroll' id='wpforms-confirmation-{0}'>"
        "<p>Thanks for contacting us! We will be in touch with you shortly.</p></div>"
    )
    return (
        {"success": True, "data": {"confirmation": text}}
        if ok
        else {
            "success": False,
            "data": {
                "errors": {"general": {"header": "Form has not been submitted, please see the errors below."}}
            },
        }
    )


WPF_SPLIT = doc(
    "Oak & Linen",
    """
<header><a href="/">Oak &amp; Linen</a><a href="/shop/">Shop</a><a href="/contact/">Contact</a></header>
<main><h1>Contact Us</h1><p>Questions about an order or a product? We usually reply within one business day.</p>
<div class="wpforms-container wpforms-container-full" id="wpforms-88">
<form id="wpforms-form-88" class="wpforms-validate wpforms-form wpforms-ajax-form" data-formid="88" method="post" enctype="multipart/form-data" action="/contact/" novalidate="novalidate">
<noscript class="wpforms-error-noscript">Please enable JavaScript in your browser to complete this form.</noscript>
<div class="wpforms-field-container">
<div id="wpforms-88-field_0-container" class="wpforms-field wpforms-field-name" data-field-id="0"><label class="wpforms-field-label" for="wpforms-88-field_0">Name <span class="wpforms-required-label">*</span></label>
<div class="wpforms-field-row wpforms-field-medium"><div class="wpforms-field-row-block wpforms-first wpforms-one-half"><input type="text" id="wpforms-88-field_0" class="wpforms-field-name-first wpforms-field-required" name="wpforms[fields][0][first]" required><label for="wpforms-88-field_0" class="wpforms-field-sublabel after">First</label></div>
<div class="wpforms-field-row-block wpforms-one-half"><input type="text" id="wpforms-88-field_0-last" class="wpforms-field-name-last wpforms-field-required" name="wpforms[fields][0][last]" required><label for="wpforms-88-field_0-last" class="wpforms-field-sublabel after">Last</label></div></div></div>
<div id="wpforms-88-field_1-container" class="wpforms-field wpforms-field-email" data-field-id="1"><label class="wpforms-field-label" for="wpforms-88-field_1">Email <span class="wpforms-required-label">*</span></label><input type="email" id="wpforms-88-field_1" class="wpforms-field-medium wpforms-field-required" name="wpforms[fields][1]" spellcheck="false" required></div>
<div id="wpforms-88-field_2-container" class="wpforms-field wpforms-field-textarea" data-field-id="2"><label class="wpforms-field-label" for="wpforms-88-field_2">Comment or Message <span class="wpforms-required-label">*</span></label><textarea id="wpforms-88-field_2" class="wpforms-field-medium wpforms-field-required" name="wpforms[fields][2]" required></textarea></div>
</div>
<div class="wpforms-field wpforms-field-hp"><label for="wpforms-88-field-hp" class="wpforms-field-label">Message</label><input type="text" name="wpforms[hp]" id="wpforms-88-field-hp" class="wpforms-field-medium"></div>
"""
    + WPF_HEAD.format(fid=88)
    + """
<div class="wpforms-submit-container"><button type="submit" name="wpforms[submit]" id="wpforms-submit-88" class="wpforms-submit" data-alt-text="Sending..." data-submit-text="Submit" aria-live="assertive" value="wpforms-submit">Submit</button></div>
</form></div></main>
<style>.wpforms-field-hp{display:none!important;position:absolute!important;left:-9000px!important}</style>"""
    + WPF_JS,
    lang="en",
)

WPF_PAGES = doc(
    "Velo Garage",
    """
<header><a href="/">Velo Garage</a><a href="/kontakty/">Контакты</a></header>
<main><h1>Запись на консультацию</h1>
<div class="wpforms-container wpforms-container-full" id="wpforms-41">
<form id="wpforms-form-41" class="wpforms-validate wpforms-form" data-formid="41" method="post" action="/kontakty/" novalidate="novalidate">
<div class="wpforms-page-indicator progress"><span class="wpforms-page-indicator-page-title">Контакты</span> <span class="wpforms-page-indicator-steps">Шаг <span class="wpforms-page-indicator-steps-current">1</span> из 2</span></div>
<div class="wpforms-field-container">
<div class="wpforms-page wpforms-page-1">
<div class="wpforms-field wpforms-field-name"><label class="wpforms-field-label" for="wpforms-41-field_1">Имя <span class="wpforms-required-label">*</span></label><input type="text" id="wpforms-41-field_1" class="wpforms-field-large wpforms-field-required" name="wpforms[fields][1]" required></div>
<div class="wpforms-field wpforms-field-phone"><label class="wpforms-field-label" for="wpforms-41-field_2">Телефон <span class="wpforms-required-label">*</span></label><input type="tel" id="wpforms-41-field_2" class="wpforms-field-large wpforms-field-required" name="wpforms[fields][2]" required></div>
<div class="wpforms-field wpforms-field-pagebreak"><div class="wpforms-clear wpforms-pagebreak-left"><button class="wpforms-page-button wpforms-page-next" data-action="next" data-page="1" data-formid="41" type="button">Далее</button></div></div>
</div>
<div class="wpforms-page wpforms-page-2">
<div class="wpforms-field wpforms-field-email"><label class="wpforms-field-label" for="wpforms-41-field_3">E-mail <span class="wpforms-required-label">*</span></label><input type="email" id="wpforms-41-field_3" class="wpforms-field-large wpforms-field-required" name="wpforms[fields][3]" required></div>
<div class="wpforms-field wpforms-field-textarea"><label class="wpforms-field-label" for="wpforms-41-field_4">Ваш вопрос <span class="wpforms-required-label">*</span></label><textarea id="wpforms-41-field_4" class="wpforms-field-medium wpforms-field-required" name="wpforms[fields][4]" required></textarea></div>
</div></div>
"""
    + WPF_HEAD.format(fid=41)
    + """
<div class="wpforms-submit-container" style="display:none"><button type="submit" name="wpforms[submit]" class="wpforms-submit">Отправить</button></div>
</form></div></main>
<script>document.querySelector('.wpforms-page-next').addEventListener('click', () => setTimeout(() => {
  document.querySelector('.wpforms-submit-container').style.display = ''; }, 0));</script>"""
    + WPF_JS,
)


# ================================================================ Gravity Forms
# Source: gravityforms form_display.php (mozilla/testpilotweb wp-content/plugins/gravityforms/form_display.php),
# rendered samples (baytek-team/starter-wordpress templates/tests/form-gravity.php, drewross/boilerplate):
# gform_wrapper / gfield / ginput_container, AJAX via target="gform_ajax_frame_N", multi-page via
# gform_target_page_number_N and gform_next_button, the honeypot in .gform_validation_container.

GF_AJAX_PAGE = doc(
    "Harbour Pets",
    """
<header><a href="/">Harbour Pets</a><a href="/contact/">Contact</a></header>
<main><h1>Get in touch</h1><p>Our vets answer product questions by e-mail, Monday to Saturday.</p>
<div class="gf_browser_chrome gform_wrapper gform-theme--foundation" id="gform_wrapper_1">
<div class="gform_heading"><h2 class="gform_title">Ask our team</h2><p class="gform_required_legend">"<span class="gfield_required gfield_required_asterisk">*</span>" indicates required fields</p></div>
<form method="post" enctype="multipart/form-data" target="gform_ajax_frame_1" id="gform_1" action="/contact/#gf_1" novalidate>
<div class="gform-body gform_body"><div id="gform_fields_1" class="gform_fields top_label form_sublabel_below description_below">
<div id="field_1_1" class="gfield gfield--type-text gfield_contains_required field_sublabel_below gfield_visibility_visible"><label class="gfield_label gform-field-label" for="input_1_1">Full Name<span class="gfield_required"><span class="gfield_required gfield_required_asterisk">*</span></span></label><div class="ginput_container ginput_container_text"><input name="input_1" id="input_1_1" type="text" value="" class="large" aria-required="true" aria-invalid="false"></div></div>
<div id="field_1_3" class="gfield gfield--type-email gfield_contains_required"><label class="gfield_label gform-field-label" for="input_1_3">Email<span class="gfield_required"><span class="gfield_required gfield_required_asterisk">*</span></span></label><div class="ginput_container ginput_container_email"><input name="input_3" id="input_1_3" type="email" value="" class="large" aria-required="true" aria-invalid="false"></div></div>
<div id="field_1_4" class="gfield gfield--type-phone"><label class="gfield_label gform-field-label" for="input_1_4">Phone</label><div class="ginput_container ginput_container_phone"><input name="input_4" id="input_1_4" type="tel" value="" class="large" aria-invalid="false"></div></div>
<div id="field_1_5" class="gfield gfield--type-textarea gfield_contains_required"><label class="gfield_label gform-field-label" for="input_1_5">How can we help?<span class="gfield_required"><span class="gfield_required gfield_required_asterisk">*</span></span></label><div class="ginput_container ginput_container_textarea"><textarea name="input_5" id="input_1_5" class="textarea medium" aria-required="true" aria-invalid="false" rows="10" cols="50"></textarea></div></div>
<div id="field_1_6" class="gfield gfield--type-honeypot gform_validation_container field_sublabel_below"><label class="gfield_label gform-field-label" for="input_1_6">Comments</label><div class="ginput_container"><input name="input_6" id="input_1_6" type="text" value="" autocomplete="new-password"></div><div class="gfield_description" id="gfield_description_1_6">This field is for validation purposes and should be left unchanged.</div></div>
</div></div>
<div class="gform_footer top_label"><input type="submit" id="gform_submit_button_1" class="gform_button button" value="Submit">
<input type="hidden" name="gform_ajax" value="form_id=1&amp;title=1&amp;description=1&amp;tabindex=0">
<input type="hidden" class="gform_hidden" name="is_submit_1" value="1"><input type="hidden" class="gform_hidden" name="gform_submit" value="1">
<input type="hidden" class="gform_hidden" name="gform_unique_id" value=""><input type="hidden" name="gform_target_page_number_1" id="gform_target_page_number_1" value="0">
<input type="hidden" name="gform_source_page_number_1" id="gform_source_page_number_1" value="1"></div>
</form></div>
<iframe style="display:none;width:0;height:0" name="gform_ajax_frame_1" id="gform_ajax_frame_1" title="This iframe contains the logic required to handle Ajax powered Gravity Forms."></iframe>
<script>
document.getElementById('gform_ajax_frame_1').addEventListener('load', function () {
  let doc; try { doc = this.contentDocument; } catch (e) { return; }
  if (!doc || !doc.body) return;
  const conf = doc.getElementById('gform_confirmation_wrapper_1');
  if (conf) document.getElementById('gform_wrapper_1').outerHTML = conf.outerHTML;
  else { const w = doc.getElementById('gform_wrapper_1'); if (w) document.getElementById('gform_wrapper_1').innerHTML = w.innerHTML; }
});
</script></main>""",
    lang="en",
    css=".gform_validation_container{display:none!important;position:absolute!important;left:-9000px}",
)

GF_AJAX_OK = (
    "<!doctype html><html><body><div id='gform_confirmation_wrapper_1' class='gform_confirmation_wrapper'>"
    "<div id='gform_confirmation_message_1' class='gform_confirmation_message_1 gform_confirmation_message'>"
    "Thanks for contacting us! We will get in touch with you shortly.</div></div></body></html>"
)


def _gf_ajax(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = bool(f.get("input_1") and "@" in f.get("input_3", "") and f.get("input_5") and not f.get("input_6"))
    site.record(request.path, f, ok)
    body = (
        GF_AJAX_OK
        if ok
        else "<html><body><div id='gform_wrapper_1'><h2 class='gform_submission_error'>"
        "There was a problem with your submission. Please review the fields below.</h2></div></body></html>"
    )
    return web.Response(text=body, content_type="text/html")


GF_PAGE_FIELDS_1 = """
<div id="gform_page_2_1" class="gform_page"><div class="gform_page_fields"><div id="gform_fields_2" class="gform_fields top_label">
<div id="field_2_1" class="gfield gfield_contains_required"><label class="gfield_label" for="input_2_1">Ваше имя<span class="gfield_required gfield_required_asterisk">*</span></label><div class="ginput_container ginput_container_text"><input name="input_1" id="input_2_1" type="text" value="" class="large" aria-required="true"></div></div>
<div id="field_2_2" class="gfield gfield_contains_required"><label class="gfield_label" for="input_2_2">Телефон<span class="gfield_required gfield_required_asterisk">*</span></label><div class="ginput_container ginput_container_phone"><input name="input_2" id="input_2_2" type="tel" value="" class="large" aria-required="true"></div></div>
</div></div>
<div class="gform_page_footer top_label"><input type="button" id="gform_next_button_2_5" class="gform_next_button gform-theme-button button" value="Далее" onclick="document.getElementById('gform_target_page_number_2').value='2'; document.getElementById('gform_2').submit();"></div></div>"""

GF_PAGE_FIELDS_2 = """
<input type="hidden" name="input_1" value="{name}"><input type="hidden" name="input_2" value="{phone}">
<div id="gform_page_2_2" class="gform_page"><div class="gform_page_fields"><div class="gform_fields top_label">
<div id="field_2_3" class="gfield gfield_contains_required"><label class="gfield_label" for="input_2_3">E-mail<span class="gfield_required gfield_required_asterisk">*</span></label><div class="ginput_container ginput_container_email"><input name="input_3" id="input_2_3" type="email" value="" class="large" aria-required="true"></div></div>
<div id="field_2_4" class="gfield gfield_contains_required"><label class="gfield_label" for="input_2_4">Сообщение<span class="gfield_required gfield_required_asterisk">*</span></label><div class="ginput_container ginput_container_textarea"><textarea name="input_4" id="input_2_4" class="textarea medium" rows="10" cols="50" aria-required="true"></textarea></div></div>
</div></div>
<div class="gform_page_footer top_label"><input type="button" id="gform_previous_button_2" class="gform_previous_button button" value="Назад" onclick="document.getElementById('gform_target_page_number_2').value='1'; document.getElementById('gform_2').submit();">
<input type="submit" id="gform_submit_button_2" class="gform_button button" value="Отправить" onclick="document.getElementById('gform_target_page_number_2').value='0';"></div></div>"""


def _gf_multi_page(step: int, fields: str) -> str:
    return doc(
        "Автошкола Старт",
        f"""
<header><a href="/">Автошкола Старт</a><a href="/contacts/">Контакты</a></header>
<main><h1>Задать вопрос</h1>
<div class="gform_wrapper" id="gform_wrapper_2"><form method="post" enctype="multipart/form-data" id="gform_2" action="/contacts/">
<div id="gf_page_steps_2" class="gf_page_steps"><div class="gf_step {"gf_step_active" if step == 1 else "gf_step_completed"}"><span class="gf_step_number">1</span><span class="gf_step_label">Контакты</span></div>
<div class="gf_step {"gf_step_active" if step == 2 else "gf_step_pending"}"><span class="gf_step_number">2</span><span class="gf_step_label">Вопрос</span></div></div>
<div class="gform_body">{fields}</div>
<input type="hidden" class="gform_hidden" name="is_submit_2" value="1"><input type="hidden" class="gform_hidden" name="gform_submit" value="2">
<input type="hidden" name="gform_target_page_number_2" id="gform_target_page_number_2" value="0">
<input type="hidden" name="gform_source_page_number_2" id="gform_source_page_number_2" value="{step}">
</form></div></main>""",
    )


GF_MULTI_DONE = doc(
    "Автошкола Старт",
    """<main><div id="gform_confirmation_wrapper_2" class="gform_confirmation_wrapper">
<div id="gform_confirmation_message_2" class="gform_confirmation_message_2 gform_confirmation_message">Спасибо! Ваш вопрос получен,
мы ответим на указанный e-mail в течение рабочего дня.</div></div></main>""",
)


def _gf_multi(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    target = f.get("gform_target_page_number_2", "0")
    if target == "2":
        ok = bool(f.get("input_1") and f.get("input_2"))
        site.record(request.path + "#page1", f, ok)
        page = _gf_multi_page(
            2, GF_PAGE_FIELDS_2.format(name=f.get("input_1", ""), phone=f.get("input_2", ""))
        )
        return web.Response(
            text=page if ok else _gf_multi_page(1, GF_PAGE_FIELDS_1), content_type="text/html"
        )
    ok = bool(f.get("input_1") and f.get("input_2") and "@" in f.get("input_3", "") and f.get("input_4"))
    site.record(request.path, f, ok)
    return web.Response(
        text=GF_MULTI_DONE if ok else _gf_multi_page(2, GF_PAGE_FIELDS_2), content_type="text/html"
    )


GF_SELECT = doc(
    "Sunny Garden Supply",
    """
<header><a href="/">Sunny Garden Supply</a><a href="/support/">Support</a></header>
<main><h1>Support</h1>
<div class="gform_wrapper gravity-theme" id="gform_wrapper_4"><form method="post" enctype="multipart/form-data" id="gform_4" action="/support/">
<div class="gform_body"><div id="gform_fields_4" class="gform_fields top_label form_sublabel_below description_below">
<fieldset id="field_4_1" class="gfield gfield--type-name gfield_contains_required"><legend class="gfield_label gform-field-label gfield_label_before_complex">Name<span class="gfield_required gfield_required_asterisk">*</span></legend>
<div class="ginput_complex ginput_container ginput_container--name gform-grid-row" id="input_4_1"><span id="input_4_1_3_container" class="name_first gform-grid-col"><input type="text" name="input_1.3" id="input_4_1_3" value="" aria-required="true"><label for="input_4_1_3" class="gform-field-label--type-sub">First</label></span>
<span id="input_4_1_6_container" class="name_last gform-grid-col"><input type="text" name="input_1.6" id="input_4_1_6" value="" aria-required="true"><label for="input_4_1_6" class="gform-field-label--type-sub">Last</label></span></div></fieldset>
<div id="field_4_2" class="gfield gfield--type-email gfield_contains_required"><label class="gfield_label" for="input_4_2">Email<span class="gfield_required gfield_required_asterisk">*</span></label><div class="ginput_container ginput_container_email"><input name="input_2" id="input_4_2" type="email" value="" class="large" aria-required="true"></div></div>
<div id="field_4_7" class="gfield gfield--type-select gfield_contains_required"><label class="gfield_label" for="input_4_7">Inquiry Type<span class="gfield_required gfield_required_asterisk">*</span></label><div class="ginput_container ginput_container_select"><select name="input_7" id="input_4_7" class="large gfield_select" aria-required="true"><option value="" selected="selected" class="gf_placeholder">Select an option</option><option value="Order status">Order status</option><option value="Product question">Product question</option><option value="Wholesale">Wholesale</option></select></div></div>
<div id="field_4_5" class="gfield gfield--type-textarea gfield_contains_required"><label class="gfield_label" for="input_4_5">Message<span class="gfield_required gfield_required_asterisk">*</span></label><div class="ginput_container ginput_container_textarea"><textarea name="input_5" id="input_4_5" class="textarea medium" aria-required="true" rows="10" cols="50"></textarea></div></div>
<div id="field_4_8" class="gfield gfield--type-fileupload"><label class="gfield_label" for="input_4_8">Attach a photo (optional)</label><div class="ginput_container ginput_container_fileupload"><input type="hidden" name="MAX_FILE_SIZE" value="8388608"><input name="input_8" id="input_4_8" type="file" class="large" accept=".jpg,.png"><span class="gform_fileupload_rules">Accepted file types: jpg, png, Max. file size: 8 MB.</span></div></div>
</div></div>
<div class="gform_footer top_label"><input type="submit" id="gform_submit_button_4" class="gform_button button" value="Send message">
<input type="hidden" class="gform_hidden" name="is_submit_4" value="1"><input type="hidden" class="gform_hidden" name="gform_submit" value="4"></div>
</form></div></main>""",
    lang="en",
)

GF_SELECT_DONE = doc(
    "Sunny Garden Supply",
    """<main><div id="gform_confirmation_wrapper_4" class="gform_confirmation_wrapper">
<div class="gform_confirmation_message">Thank you! Your message has been sent. Our team replies within 24 hours.</div></div></main>""",
    lang="en",
)


# ================================================================ Elementor Pro forms
# Source: elementor-pro modules/forms/widgets/form.php render() output as seen on sites and in
# theme kits: .elementor-form, form_fields[...] names, .elementor-screen-only labels, hidden post_id/
# form_id/referer_title/queried_id; AJAX action elementor_pro_forms_send_form, answer
# {"success":true,"data":{"message":...}} shown in .elementor-message-success.

ELEMENTOR_JS = """<script>
document.querySelectorAll('form.elementor-form').forEach(form => form.addEventListener('submit', async e => {
  e.preventDefault();
  form.querySelectorAll('.elementor-message').forEach(m => m.remove());
  const fd = new FormData(form); fd.append('action', 'elementor_pro_forms_send_form'); fd.append('referrer', location.href);
  const btn = form.querySelector('button[type=submit]'); btn.classList.add('elementor-form-waiting'); btn.disabled = true;
  const r = await fetch('/wp-admin/admin-ajax.php', {method: 'POST', body: fd});
  const j = await r.json(); btn.disabled = false; btn.classList.remove('elementor-form-waiting');
  const cls = j.success ? 'elementor-message-success' : 'elementor-message-danger';
  form.insertAdjacentHTML('beforeend', '<div class="elementor-message ' + cls + '" role="alert">' + j.data.message + '</div>');
  if (j.success) form.reset();
}));
</script>"""

ELEMENTOR_FORM = """
<form class="elementor-form" method="post" name="{name}" aria-label="{name}">
<input type="hidden" name="post_id" value="37"/><input type="hidden" name="form_id" value="{fid}"/><input type="hidden" name="referer_title" value="{title}" /><input type="hidden" name="queried_id" value="37"/>
<div class="elementor-form-fields-wrapper elementor-labels-">
<div class="elementor-field-type-text elementor-field-group elementor-column elementor-field-group-name elementor-col-50"><label for="form-field-name" class="elementor-field-label elementor-screen-only">Имя</label><input size="1" type="text" name="form_fields[name]" id="form-field-name" class="elementor-field elementor-size-md elementor-field-textual" placeholder="Имя"></div>
<div class="elementor-field-type-email elementor-field-group elementor-column elementor-field-group-email elementor-col-50 elementor-field-required"><label for="form-field-email" class="elementor-field-label elementor-screen-only">Email</label><input size="1" type="email" name="form_fields[email]" id="form-field-email" class="elementor-field elementor-size-md elementor-field-textual" placeholder="Email" required="required" aria-required="true"></div>
<div class="elementor-field-type-textarea elementor-field-group elementor-column elementor-field-group-message elementor-col-100"><label for="form-field-message" class="elementor-field-label elementor-screen-only">Сообщение</label><textarea class="elementor-field-textual elementor-field elementor-size-md" name="form_fields[message]" id="form-field-message" rows="4" placeholder="Сообщение"></textarea></div>
<div class="elementor-field-group elementor-column elementor-field-type-submit elementor-col-100 e-form__buttons"><button type="submit" class="elementor-button elementor-size-md"><span><span class="elementor-button-icon"></span><span class="elementor-button-text">{button}</span></span></button></div>
</div></form>"""

ELEMENTOR_INLINE = doc(
    "Студия ремонта Уют",
    f"""
<header><a href="/">Уют</a><a href="/portfolio/">Портфолио</a></header>
<main><div class="elementor elementor-37"><section class="elementor-section"><div class="elementor-container">
<div class="elementor-widget elementor-widget-heading"><h2 class="elementor-heading-title elementor-size-default">Остались вопросы?</h2></div>
<div class="elementor-widget elementor-widget-text-editor"><p>Напишите нам, дизайнер ответит в течение 30 минут в рабочее время.</p></div>
<div class="elementor-widget elementor-widget-form"><div class="elementor-widget-container">
{ELEMENTOR_FORM.format(name="Вопрос", fid="5c1f0a2", title="Главная", button="Отправить")}
</div></div></div></section></div></main>{ELEMENTOR_JS}""",
)

ELEMENTOR_POPUP = doc(
    "Пекарня Колос",
    f"""
<header><a href="/">Колос</a><a href="/menu/">Меню</a></header>
<main><h1>Свежий хлеб каждый день</h1><p>Доставка по городу от 1000 ₽.</p>
<div class="elementor-widget elementor-widget-button"><a href="#elementor-action%3Aaction%3Dpopup%3Aopen%26settings%3DeyJpZCI6IjMxMiJ9" class="elementor-button elementor-button-link elementor-size-sm" role="button"><span class="elementor-button-content-wrapper"><span class="elementor-button-text">Задать вопрос</span></span></a></div>
</main>
<div id="elementor-popup-modal-312" class="dialog-widget dialog-lightbox-widget dialog-type-buttons dialog-type-lightbox elementor-popup-modal" style="display:none;position:fixed;inset:0;background:rgba(0,0,0,.6);z-index:9999">
<div class="dialog-widget-content dialog-lightbox-widget-content" style="background:#fff;width:480px;margin:80px auto;padding:20px;position:relative">
<a role="button" tabindex="0" aria-label="Close" href="#" class="dialog-close-button dialog-lightbox-close-button" style="position:absolute;right:8px;top:4px">&times;</a>
<div class="dialog-message dialog-lightbox-message"><div class="elementor elementor-312 elementor-location-popup">
<h3 class="elementor-heading-title">Ваш вопрос пекарю</h3>
{ELEMENTOR_FORM.format(name="Popup", fid="a7e93b1", title="Главная", button="Спросить")}
</div></div></div></div>
<script>
document.querySelector('a[href^="#elementor-action"]').addEventListener('click', e => {{ e.preventDefault();
  setTimeout(() => {{ document.getElementById('elementor-popup-modal-312').style.display = 'block'; }}, 400); }});
document.querySelector('.dialog-close-button').addEventListener('click', e => {{ e.preventDefault();
  document.getElementById('elementor-popup-modal-312').style.display = 'none'; }});
</script>{ELEMENTOR_JS}""",
)


def _elementor(ok: bool) -> dict[str, Any]:
    if ok:
        return {"success": True, "data": {"message": "Ваше сообщение успешно отправлено.", "data": []}}
    return {"success": False, "data": {"message": "Произошла ошибка.", "errors": {}, "data": []}}


# ================================================================ Tilda
# Source: Tilda's published block markup (gusarovf/payginetech.uz form.php: t-form js-form-proccess,
# t-input-group_nm/_em/_ph, data-tilda-req/rule, js-successbox t-form__successbox, t-form__inputsbox,
# t-submit) and tilda-forms JS behaviour (imwalson/tilda-html-blocks js/tilda-forms-1.0.js); popups
# opened by links to "#popup:NAME" (t702/t390 blocks).

TILDA_JS = """<script>
document.querySelectorAll('form.js-form-proccess').forEach(form => form.addEventListener('submit', e => {
  e.preventDefault();
  let bad = false;
  form.querySelectorAll('.js-tilda-rule').forEach(el => {
    const err = el.parentElement.querySelector('.t-input-error');
    let msg = '';
    if (el.getAttribute('data-tilda-req') === '1' && !el.value.trim()) msg = 'Обязательное поле';
    else if (el.getAttribute('data-tilda-rule') === 'email' && el.value && !/^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/.test(el.value)) msg = 'Укажите, пожалуйста, корректный email';
    else if (el.getAttribute('data-tilda-rule') === 'phone' && el.value && el.value.replace(/\\D/g, '').length < 10) msg = 'Укажите, пожалуйста, корректный номер телефона';
    if (err) err.textContent = msg; if (msg) bad = true;
  });
  if (bad) return;
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/procces/');
  xhr.onload = () => { const j = JSON.parse(xhr.responseText);
    if (j.message === 'OK') { form.querySelector('.t-form__inputsbox').style.display = 'none';
      form.querySelector('.js-successbox').style.display = 'block'; } };
  const fd = new FormData(form); fd.append('formid', form.id);
  xhr.send(new URLSearchParams(fd));
}));
document.querySelectorAll('a[href^="#popup:"]').forEach(a => a.addEventListener('click', e => {
  e.preventDefault(); const p = document.querySelector('[data-tooltip-hook="' + a.getAttribute('href') + '"]');
  p.style.display = 'block'; setTimeout(() => p.classList.add('t-popup_show'), 50); }));
document.querySelectorAll('.t-popup__close').forEach(c => c.addEventListener('click', () => {
  c.closest('.t-popup').style.display = 'none'; }));
</script>"""

TILDA_FIELD = {
    "nm": '<div class="t-input-group t-input-group_nm" data-input-lid="1495630353482"><div class="t-input-title t-descr t-descr_md" id="field-title_1495630353482">{label}</div><div class="t-input-block"><input type="text" autocomplete="name" name="Name" class="t-input js-tilda-rule" value="" placeholder="{ph}" data-tilda-req="1" data-tilda-rule="name"><div class="t-input-error"></div></div></div>',
    "em": '<div class="t-input-group t-input-group_em" data-input-lid="1495629963726"><div class="t-input-title t-descr t-descr_md">{label}</div><div class="t-input-block"><input type="text" autocomplete="email" name="Email" class="t-input js-tilda-rule" value="" placeholder="{ph}" data-tilda-req="1" data-tilda-rule="email"><div class="t-input-error"></div></div></div>',
    "ph": '<div class="t-input-group t-input-group_ph" data-input-lid="1649890699323"><div class="t-input-title t-descr t-descr_md">{label}</div><div class="t-input-block"><input type="tel" autocomplete="tel" name="Phone" class="t-input js-tilda-rule" value="" placeholder="{ph}" data-tilda-req="1" data-tilda-rule="phone" pattern="[0-9]*"><div class="t-input-error"></div></div></div>',
    "ta": '<div class="t-input-group t-input-group_ta" data-input-lid="1531306243545"><div class="t-input-title t-descr t-descr_md">{label}</div><div class="t-input-block"><textarea name="Textarea" class="t-input js-tilda-rule" placeholder="{ph}" style="height:102px" rows="3"></textarea><div class="t-input-error"></div></div></div>',
}


def _tilda_form(fid: str, parts: list[tuple[str, str, str]], button: str, success: str) -> str:
    inputs = "".join(TILDA_FIELD[k].format(label=label, ph=ph) for k, label, ph in parts)
    return f"""<form id="form{fid}" name="form{fid}" role="form" action="" method="POST" data-formactiontype="2"
 data-inputbox=".t-input-group" class="t-form js-form-proccess t-form_inputs-total_{len(parts)}" data-success-callback="t678_onSuccess">
<input type="hidden" name="formservices[]" value="a3b1c5d7e9f1a3b5c7d9e1f3a5b7c9d1" class="js-formaction-services">
<input type="hidden" name="tildaspec-formname" tabindex="-1" value="Cart">
<div class="js-successbox t-form__successbox t-text t-text_md" aria-live="polite" style="display:none">{success}</div>
<div class="t-form__inputsbox">{inputs}
<div class="t-form__errorbox-middle"><div class="js-errorbox-all t-form__errorbox-wrapper" style="display:none"></div></div>
<div class="t-form__submit"><button type="submit" class="t-submit" style="color:#fff;background-color:#000">{button}</button></div></div>
<div class="t-form__errorbox-bottom"></div></form>"""


TILDA_INLINE = doc(
    "Свечная мастерская",
    f"""
<div id="allrecords" class="t-records" data-tilda-project-id="4521">
<div id="rec512" class="r t-rec" data-record-type="215"><div class="t228"><a href="/">Свечи ручной работы</a></div></div>
<div id="rec513" class="r t-rec t-rec_pt_60" data-record-type="678"><div class="t678"><div class="t-section__container t-container">
<div class="t-col t-col_12"><div class="t-section__title t-title t-title_xs">Напишите нам</div>
<div class="t-section__descr t-descr t-descr_xl">Ответим на почту в течение 2 часов, каждый день с 10 до 22.</div></div></div>
<div class="t-container"><div class="t-col t-col_8 t-prefix_2">
{
        _tilda_form(
            "513",
            [
                ("nm", "", "Ваше имя"),
                ("em", "", "Ваш e-mail"),
                ("ph", "", "+7 (999) 999-99-99"),
                ("ta", "", "Ваш вопрос"),
            ],
            "Отправить",
            "Спасибо! Данные успешно отправлены.",
        )
    }
</div></div></div></div></div>{TILDA_JS}""",
)

TILDA_POPUP = doc(
    "Фитнес-клуб Пульс",
    f"""
<div id="allrecords" class="t-records">
<div class="r t-rec"><div class="t396"><h1 style="padding:40px">Первая тренировка бесплатно</h1>
<a href="#popup:question" class="t-btn" style="display:inline-block;margin:0 40px;padding:12px 24px;background:#f60;color:#fff"><table role="presentation" style="width:100%;height:100%"><tr><td>Задать вопрос тренеру</td></tr></table></a></div></div>
<div class="r t-rec"><div class="t702"><div class="t-popup" data-tooltip-hook="#popup:question" role="dialog" aria-modal="true" tabindex="-1" style="display:none;position:fixed;inset:0;background:rgba(0,0,0,.8);z-index:99">
<div class="t-popup__close t-popup__block-close" role="button" aria-label="Закрыть диалоговое окно" style="position:absolute;right:20px;top:20px;color:#fff;cursor:pointer">✕</div>
<div class="t-popup__container t-width t-width_6" style="background:#fff;width:520px;margin:60px auto;padding:30px">
<div class="t702__text-wrapper t-align_center"><div class="t702__title t-title t-title_xxs">Вопрос тренеру</div>
<div class="t702__descr t-descr t-descr_xs">Тренер ответит письмом сегодня же.</div></div>
{
        _tilda_form(
            "701",
            [("nm", "Имя", ""), ("em", "E-mail", ""), ("ta", "Вопрос", "")],
            "Отправить вопрос",
            "Спасибо! Тренер скоро ответит.",
        )
    }
</div></div></div></div></div>{TILDA_JS}""",
)

TILDA_CALLBACK = doc(
    "Окна Комфорт",
    f"""
<div id="allrecords" class="t-records">
<div class="r t-rec"><div class="t396" style="padding:20px"><b>Окна Комфорт</b> · замер бесплатно
<a href="#popup:callback" class="t-btn t-btnflex" style="margin-left:40px;padding:10px;border:1px solid #333"><span class="t-btnflex__text">Заказать звонок</span></a></div></div>
<div class="r t-rec"><div class="t-cover" style="height:400px;background:#eef"><h1>Пластиковые окна от производителя</h1></div></div>
<div class="r t-rec"><div class="t390"><div class="t-popup" data-tooltip-hook="#popup:callback" style="display:none;position:fixed;inset:0;background:rgba(0,0,0,.7)">
<div class="t-popup__container" style="background:#fff;width:420px;margin:100px auto;padding:24px">
<div class="t390__title t-heading t-heading_lg">Перезвоним за 5 минут</div>
{_tilda_form("390", [("nm", "", "Имя"), ("ph", "", "Телефон")], "Жду звонка", "Спасибо! Мы скоро перезвоним.")}
<div class="t-popup__close" role="button" aria-label="Закрыть">✕</div></div></div></div></div></div>{TILDA_JS}""",
)


def _tilda(ok: bool) -> dict[str, Any]:
    return {"message": "OK", "results": ["4521:8812034"]} if ok else {"error": "Bad request"}


# ================================================================ 1C-Bitrix: form.result.new, main.feedback
# Source: bitrix:form.result.new .default template (sukhikh18/bitrix.newproject.template
# local/templates/.../form.result.new/.default/template.php; the core template's table layout,
# form_text_N / form_email_N / form_textarea_N names, web_form_submit, formresult=addok redirect),
# bitrix:main.feedback template (mfeedback / mf-name / mf-text / user_name / user_email / MESSAGE,
# PARAMS_HASH, ?success= redirect and mf-ok-text).

BX_FRN_FORM = doc(
    "Мир Инструмента",
    """
<header><a href="/">Мир Инструмента</a><a href="/catalog/">Каталог</a><a href="/feedback/">Обратная связь</a></header>
<main><h1>Обратная связь</h1>
<form name="SIMPLE_FORM_1" action="/feedback/" method="POST" enctype="multipart/form-data"><input type="hidden" name="sessid" id="sessid" value="4f1c0b7d2e9a6c3b5a8d7e6f1c2b3a4d" /><input type="hidden" name="WEB_FORM_ID" value="1" />
<table><tr><td><h3>Задать вопрос</h3><p>Специалист ответит на ваш вопрос по электронной почте.</p></td></tr></table><br />
<table class="form-table data-table"><thead><tr><th colspan="2">&nbsp;</th></tr></thead><tbody>
<tr><td>Ваше имя<font color='red'><span class='form-required starrequired'>*</span></font></td><td><input type="text"  class="inputtext"  name="form_text_1" value="" size="0" /></td></tr>
<tr><td>E-mail<font color='red'><span class='form-required starrequired'>*</span></font></td><td><input type="text"  class="inputtext"  name="form_email_2" value="" size="0" /></td></tr>
<tr><td>Телефон</td><td><input type="text"  class="inputtext"  name="form_text_3" value="" size="0" /></td></tr>
<tr><td>Вопрос<font color='red'><span class='form-required starrequired'>*</span></font></td><td><textarea name="form_textarea_4" cols="40" rows="5" class="inputtextarea" ></textarea></td></tr>
</tbody><tfoot><tr><th colspan="2"><input type="submit" name="web_form_submit" value="Отправить" />&nbsp;<input type="reset" value="Сбросить" /></th></tr></tfoot></table>
<p><font color='red'><span class='form-required starrequired'>*</span></font> - обязательные поля</p></form></main>""",
)


def _bx_frn_page(request: web.Request) -> web.StreamResponse:
    if request.query.get("formresult") == "addok":
        n = request.query.get("RESULT_ID", "")
        text = doc(
            "Мир Инструмента",
            f"""<header><a href="/">Мир Инструмента</a></header><main><h1>Обратная связь</h1>
<div class="form-note">Спасибо!<br>Ваша заявка №{n} принята к рассмотрению.</div></main>""",
        )
        return web.Response(text=text, content_type="text/html")
    return web.Response(text=BX_FRN_FORM, content_type="text/html")


def _bx_frn(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = bool(
        f.get("form_text_1")
        and "@" in f.get("form_email_2", "")
        and f.get("form_textarea_4")
        and f.get("web_form_submit")
    )
    site.record(request.path, f, ok)
    if ok:
        raise web.HTTPFound(f"/feedback/?WEB_FORM_ID=1&RESULT_ID={40 + len(site.received)}&formresult=addok")
    err = '<font class="errortext">Не заполнены следующие обязательные поля: "Ваше имя", "E-mail", "Вопрос"</font>'
    return web.Response(
        text=BX_FRN_FORM.replace("<h1>Обратная связь</h1>", "<h1>Обратная связь</h1>" + err),
        content_type="text/html",
    )


BX_FEEDBACK_FORM = doc(
    "Чайный дом",
    """
<header><a href="/">Чайный дом</a><a href="/contacts/">Контакты</a></header>
<main><h1>Контакты</h1><p>г. Казань, ул. Баумана, 12. Тел. +7 (843) 000-00-00</p>
<div class="mfeedback">
<form action="/contacts/" method="POST">
<input type="hidden" name="sessid" id="sessid_1" value="a93b0c1d2e3f4a5b6c7d8e9f0a1b2c3d" />
<div class="mf-name"><div class="mf-text">Ваше имя<span class="mf-req">*</span></div><input type="text" name="user_name" value=""></div>
<div class="mf-email"><div class="mf-text">Ваш E-mail<span class="mf-req">*</span></div><input type="text" name="user_email" value=""></div>
<div class="mf-message"><div class="mf-text">Сообщение<span class="mf-req">*</span></div><textarea name="MESSAGE" rows="5" cols="40"></textarea></div>
<input type="hidden" name="PARAMS_HASH" value="9c1e3b5d7f">
<input type="submit" name="submit" value="Отправить">
</form></div></main>""",
)


def _bx_feedback_page(request: web.Request) -> web.StreamResponse:
    if request.query.get("success"):
        text = BX_FEEDBACK_FORM.replace(
            '<div class="mfeedback">',
            '<div class="mfeedback"><div class="mf-ok-text">Спасибо, ваше сообщение принято.</div>',
        )
        return web.Response(text=text, content_type="text/html")
    return web.Response(text=BX_FEEDBACK_FORM, content_type="text/html")


def _bx_feedback(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    ok = bool(
        f.get("user_name") and "@" in f.get("user_email", "") and f.get("MESSAGE") and f.get("PARAMS_HASH")
    )
    site.record(request.path, f, ok)
    if ok:
        raise web.HTTPFound("/contacts/?success=9c1e3b5d7f")
    return web.Response(
        text=BX_FEEDBACK_FORM.replace(
            '<div class="mfeedback">',
            '<div class="mfeedback">'
            '<div class="mf-req">Укажите E-mail, на который хотите получить ответ.</div>',
        ),
        content_type="text/html",
    )


# ================================================================ Bitrix24 CRM site form (b24-form)
# Source: the embed code Bitrix24 gives (<script data-b24-form="inline/ID/CODE" data-skip-moving="true">
# loading loader_ID.js), the rendered b24-form markup (b24-form-wrapper, b24-form-field,
# b24-form-control with a b24-form-control-label drawn over it, b24-form-btn, b24-form-state-text)
# and its submission to /bitrix/services/main/ajax.php?action=crm.site.form.fill with a JSON "values".
# Rendered here by Vue, as the real loader renders it by Vue too.

B24_PAGE = doc(
    "Мебельная фабрика Дуб",
    f"""
<header><a href="/">Фабрика Дуб</a><a href="/catalog/">Каталог</a></header>
<main><h1>Связаться с нами</h1><p>Менеджер ответит на вашу заявку в течение 15 минут в рабочее время.</p>
<script data-b24-form="inline/12/8kq1zx" data-skip-moving="true">
(function (w, d) {{ setTimeout(function () {{ w.b24formLoad && w.b24formLoad(d.currentScript); }}, 0); }})(window, document);
</script><div id="b24-slot"></div></main>
{vendor("vue.global.prod.js")}
<script>
window.addEventListener('load', () => setTimeout(() => {{
  const {{ createApp }} = Vue;
  createApp({{
    data: () => ({{ name: '', phone: '', email: '', comment: '', agree: false, state: 'form', error: '' }}),
    methods: {{
      async send() {{
        if (!this.name || !this.phone || !this.agree) {{ this.error = 'Заполните обязательные поля'; return; }}
        const fd = new FormData();
        fd.append('values', JSON.stringify({{ NAME: [this.name], PHONE: [this.phone], EMAIL: [this.email], COMMENTS: [this.comment] }}));
        fd.append('properties', '{{}}'); fd.append('consents', JSON.stringify({{ AGREEMENT_3: this.agree ? 'Y' : 'N' }}));
        fd.append('id', '12'); fd.append('sec', '8kq1zx');
        const r = await fetch('/bitrix/services/main/ajax.php?action=crm.site.form.fill', {{ method: 'POST', body: fd }});
        const j = await r.json();
        if (j.status === 'success') this.state = 'success'; else this.error = j.errors[0].message;
      }}
    }},
    template: `<div class="b24-form"><div class="b24-form-wrapper b24-form-shadow b24-form-border-bottom">
<div class="b24-form-header b24-form-padding-side"><div class="b24-form-header-title">Оставьте заявку</div></div>
<div v-if="state === 'form'" class="b24-form-content b24-form-padding-side"><form method="post" novalidate @submit.prevent="send">
<div class="b24-form-field b24-form-field-name b24-form-control-string"><div class="b24-form-control-container b24-form-control-icon-after">
<input class="b24-form-control" type="string" autocomplete="given-name" v-model="name"><div class="b24-form-control-label">Имя<span class="b24-form-control-required">*</span></div></div></div>
<div class="b24-form-field b24-form-field-phone b24-form-control-phone"><div class="b24-form-control-container b24-form-control-icon-after">
<input class="b24-form-control" type="tel" autocomplete="tel" v-model="phone"><div class="b24-form-control-label">Телефон<span class="b24-form-control-required">*</span></div></div></div>
<div class="b24-form-field b24-form-field-email b24-form-control-email"><div class="b24-form-control-container b24-form-control-icon-after">
<input class="b24-form-control" type="email" autocomplete="email" v-model="email"><div class="b24-form-control-label">E-mail</div></div></div>
<div class="b24-form-field b24-form-field-text b24-form-control-text"><div class="b24-form-control-container">
<textarea class="b24-form-control" v-model="comment"></textarea><div class="b24-form-control-label">Комментарий</div></div></div>
<div class="b24-form-field b24-form-field-agreement"><div class="b24-form-field-agreement"><label class="b24-form-control-container">
<input type="checkbox" v-model="agree"><span class="b24-form-field-agreement-link">Я согласен с условиями обработки персональных данных</span></label></div></div>
<div class="b24-form-control-alert-message" v-if="error">{{{{ error }}}}</div>
<div class="b24-form-btn-container"><div class="b24-form-btn-block"><button type="submit" class="b24-form-btn">Отправить</button></div></div>
</form></div>
<div v-else class="b24-form-state-container"><div class="b24-form-success"><div class="b24-form-state-inner"><div class="b24-form-state-icon b24-form-success-icon"></div>
<div class="b24-form-state-text"><p>Спасибо!</p><p>Заявка отправлена. Мы свяжемся с вами в ближайшее время.</p></div></div></div></div>
</div></div>`
  }}).mount('#b24-slot');
}}, 1200));
</script>""",
    css=".b24-form-control-container{position:relative;margin:10px 0}.b24-form-control{width:100%;padding:18px 8px 6px}"
    ".b24-form-control-label{position:absolute;left:9px;top:2px;font-size:11px;color:#888}",
)


async def _b24(site: RawSite, request: web.Request, f: Fields) -> web.StreamResponse:
    values = json.loads(f.get("values", "{}") or "{}")
    flat = {k: (v[0] if v else "") for k, v in values.items()}
    flat["consent"] = json.loads(f.get("consents", "{}") or "{}").get("AGREEMENT_3", "")
    ok = bool(flat.get("NAME") and flat.get("PHONE") and flat["consent"] == "Y")
    site.record(request.path, flat, ok)
    if ok:
        return web.json_response(
            {"status": "success", "data": {"resultId": 911, "message": "", "pay": False}}
        )
    return web.json_response({"status": "error", "errors": [{"message": "Не заполнены обязательные поля"}]})


# ================================================================ amoCRM site forms (iframe)
# Source: amoCRM's embed code (a script adding an iframe "amoforms_iframe_ID" from forms.amocrm.ru)
# and the form it renders (amoforms__form, amoforms__fields__container, fields[name_1],
# fields[FIELD_ID_1][ENUM_ID], amoforms__submit-button, amoforms__form-success).

AMO_FORM = doc(
    "amoForms",
    """
<form id="amoforms_form" class="amoforms__form" method="POST" action="/queue/add" enctype="multipart/form-data">
<input type="hidden" name="form_id" value="778120"><input type="hidden" name="hash" value="c1a7d2e5f9">
<div class="amoforms__fields__container amoforms__fields__container_text amoforms__fields__container_required"><div class="amoforms__field__name"><label class="amoforms__field__name-label"><div>Имя</div></label></div><div class="amoforms__field__control amoforms__field__control_text"><input type="text" name="fields[name_1]" class="amoforms_placeholder amoforms__text-input" placeholder="" required></div></div>
<div class="amoforms__fields__container amoforms__fields__container_multitext amoforms__fields__container_required"><div class="amoforms__field__name"><label class="amoforms__field__name-label"><div>Телефон</div></label></div><div class="amoforms__field__control amoforms__field__control_multitext"><input type="text" name="fields[372001_1][493001]" class="amoforms_placeholder amoforms__text-input" required></div></div>
<div class="amoforms__fields__container amoforms__fields__container_multitext"><div class="amoforms__field__name"><label class="amoforms__field__name-label"><div>Email</div></label></div><div class="amoforms__field__control amoforms__field__control_multitext"><input type="text" name="fields[372003_1][493011]" class="amoforms_placeholder amoforms__text-input"></div></div>
<div class="amoforms__fields__container amoforms__fields__container_textarea"><div class="amoforms__field__name"><label class="amoforms__field__name-label"><div>Ваш вопрос</div></label></div><div class="amoforms__field__control amoforms__field__control_textarea"><textarea name="fields[note_2]" class="amoforms_placeholder amoforms__textarea"></textarea></div></div>
<div class="amoforms__fields__submit"><div class="amoforms__field__control amoforms__field__control_submit"><button type="submit" id="button_submit" class="amoforms__submit-button amoforms__submit-button_rounded"><span class="amoforms__spinner-icon"></span><span class="amoforms__submit-button-text">Отправить</span></button></div></div>
</form>
<div class="amoforms__form-success" style="display:none">Спасибо! Ваша заявка отправлена.</div>
<script>
document.getElementById('amoforms_form').addEventListener('submit', async e => {
  e.preventDefault();
  const r = await fetch('/queue/add', {method: 'POST', body: new FormData(e.target)});
  const j = await r.json();
  if (j.result === 'success') { e.target.style.display = 'none'; document.querySelector('.amoforms__form-success').style.display = 'block'; }
});
</script>""",
)

AMO_EMBED = """<script>!function(a,m,o,c,r,m2){a[o+c]=a[o+c]||{setMeta:function(p){this.params=(this.params||[]).concat([p])}},
a[o+r]=a[o+r]||function(f){a[o+r].f=(a[o+r].f||[]).concat([f])},a[o+r]({id:"778120",hash:"c1a7d2e5f9",locale:"ru"}),
a[o+m2]=a[o+m2]||function(f,k){a[o+m2].f=(a[o+m2].f||[]).concat([[f,k]])}}(window,0,"amo_forms_","params","load","loaded");</script>
<script id="amoforms_script_778120">
(function () { const s = document.getElementById('amoforms_script_778120');
  const f = document.createElement('iframe'); f.id = 'amoforms_iframe_778120'; f.name = 'amoforms_iframe_778120';
  f.src = '/forms/amo/778120?date=1718000000'; f.style.cssText = 'width:100%;max-width:520px;height:560px;border:0';
  f.setAttribute('frameborder', '0'); s.parentNode.insertBefore(f, s.nextSibling); })();
</script>"""

AMO_PAGE = doc(
    "Школа английского Big Ben",
    f"""
<header><a href="/">Big Ben School</a><a href="/courses/">Курсы</a></header>
<main><h1>Запишитесь на пробный урок или задайте вопрос</h1><p>Администратор ответит в течение часа.</p>
{AMO_EMBED}</main>""",
)

AMO_OVERLAY_PAGE = doc(
    "Детский центр Радуга",
    f"""
<header><a href="/">Радуга</a><a href="/schedule/">Расписание</a></header>
<main><h1>Вопросы администратору</h1><p>Напишите нам — ответим на почту.</p>{AMO_EMBED}</main>
<div class="promo-popup" style="position:fixed;inset:0;background:rgba(20,20,20,.55);z-index:1000">
<div style="background:#fff;width:440px;margin:140px auto;padding:24px;position:relative;text-align:center">
<button class="promo-popup__close" aria-label="Закрыть" style="position:absolute;right:8px;top:6px;border:0;background:none;font-size:22px">×</button>
<h3>Скидка 15% на первый месяц!</h3><p>Только до конца недели.</p><a href="/courses/" class="btn">Выбрать курс</a></div></div>
<script>document.querySelector('.promo-popup__close').addEventListener('click', () =>
  document.querySelector('.promo-popup').remove());</script>""",
)


def _amo(ok: bool) -> dict[str, Any]:
    return (
        {"result": "success", "status": "ok", "lead_id": 3311}
        if ok
        else {"result": "error", "errors": ["name"]}
    )


# ================================================================ HubSpot embedded forms
# Source: HubSpot's rendered form markup (uriahninelabs/designsystem forms.md sample, kieranja/hubspot-docs
# static/tags/form.md): hs-form stacked, hs_FIELD hs-form-field, hs-input, legal consent block,
# hs_submit / hs-button primary large, submitted-message; submission JSON to
# /submissions/v3/integration/submit/PORTAL/FORM with fields[{name,value}] and an inlineMessage answer.

HS_RENDER = """<script>
function hsRender(target, inIframe) {
  target.innerHTML = `<form novalidate accept-charset="UTF-8" action="/submissions/v3/integration/submit/6084182/a3076071" enctype="multipart/form-data" id="hsForm_a3076071_3075" method="POST" class="hs-form stacked hs-custom-form hs-form-private hsForm_a3076071" data-form-id="a3076071" data-portal-id="6084182">
<div class="hs_firstname hs-firstname hs-fieldtype-text field hs-form-field"><label id="label-firstname-a3076071_3075" for="firstname-a3076071_3075"><span>First name</span><span class="hs-form-required">*</span></label><legend class="hs-field-desc" style="display:none"></legend><div class="input"><input id="firstname-a3076071_3075" name="firstname" required placeholder="" type="text" class="hs-input" inputmode="text" autocomplete="given-name" value=""></div></div>
<div class="hs_lastname hs-lastname hs-fieldtype-text field hs-form-field"><label for="lastname-a3076071_3075"><span>Last name</span></label><div class="input"><input id="lastname-a3076071_3075" name="lastname" placeholder="" type="text" class="hs-input" autocomplete="family-name" value=""></div></div>
<div class="hs_email hs-email hs-fieldtype-text field hs-form-field"><label for="email-a3076071_3075"><span>Email</span><span class="hs-form-required">*</span></label><div class="input"><input id="email-a3076071_3075" name="email" required placeholder="" type="email" class="hs-input" inputmode="email" autocomplete="email" value=""></div></div>
<div class="hs_message hs-message hs-fieldtype-textarea field hs-form-field"><label for="message-a3076071_3075"><span>Message</span><span class="hs-form-required">*</span></label><div class="input"><textarea id="message-a3076071_3075" class="hs-input hs-fieldtype-textarea" name="message" required></textarea></div></div>
<div class="legal-consent-container"><div class="hs-richtext"><p>We're committed to your privacy. We use the information you provide to contact you about our products and services.</p></div></div>
<div class="hs_error_rollup"></div>
<div class="hs_submit hs-submit"><div class="hs-field-desc" style="display:none"></div><div class="actions"><input type="submit" class="hs-button primary large" value="Submit"></div></div></form>`;
  const form = target.querySelector('form');
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const miss = [...form.querySelectorAll('[required]')].filter(x => !x.value.trim());
    const roll = form.querySelector('.hs_error_rollup');
    if (miss.length) { roll.innerHTML = '<ul class="hs-error-msgs inputs-list" role="alert"><li><label class="hs-main-font-element">Please complete all required fields.</label></li></ul>'; return; }
    const fields = [...form.querySelectorAll('.hs-input')].map(x => ({objectTypeId: '0-1', name: x.name, value: x.value}));
    const r = await fetch('/submissions/v3/integration/submit/6084182/a3076071', {method: 'POST',
      headers: {'Content-Type': 'application/json'}, body: JSON.stringify({fields, context: {pageUri: location.href, pageName: document.title}})});
    const j = await r.json();
    if (r.ok) form.outerHTML = '<div class="submitted-message hs-main-font-element hs-form-a3076071" role="status">' + j.inlineMessage + '</div>';
  });
}
</script>"""

HS_PAGE = doc(
    "Northwind Outdoor",
    f"""
<header><a href="/">Northwind Outdoor</a><a href="/gear/">Gear</a></header>
<main><h1>Talk to a gear expert</h1><p>Tell us about your trip; an expert replies by e-mail within 4 hours.</p>
<div id="hubspot-form-slot" class="hbspt-form"></div></main>{HS_RENDER}
<script>setTimeout(() => hsRender(document.getElementById('hubspot-form-slot'), false), 900);</script>""",
    lang="en",
)

HS_FRAME = doc(
    "HubSpot form",
    f"<div class='hbspt-form' id='slot'></div>{HS_RENDER}"
    "<script>hsRender(document.getElementById('slot'), true);</script>",
    lang="en",
)

HS_IFRAME_PAGE = doc(
    "Bluebird Print Co.",
    """
<header><a href="/">Bluebird Print Co.</a><a href="/products/">Products</a></header>
<main><h1>Questions about custom printing?</h1><p>Send us your question and we'll get back to you today.</p>
<div class="hs-form-frame" data-region="na1" data-form-id="a3076071" data-portal-id="6084182"></div></main>
<script>
setTimeout(() => { const slot = document.querySelector('.hs-form-frame');
  const f = document.createElement('iframe'); f.className = 'hs-form-iframe'; f.title = 'Form 0';
  f.src = '/_hcms/forms/embed/a3076071'; f.style.cssText = 'width:100%;height:640px;border:0'; slot.append(f); }, 2500);
</script>""",
    lang="en",
)


def _hs_flat(data: Any) -> Fields:
    if not isinstance(data, dict):
        return {}
    return {str(x.get("name")): str(x.get("value")) for x in data.get("fields", []) if isinstance(x, dict)}


def _hs(ok: bool) -> dict[str, Any]:
    return (
        {"inlineMessage": "<p>Thanks for submitting the form.</p>"}
        if ok
        else {
            "status": "error",
            "message": "The request is not valid",
            "errors": [{"message": "Required field missing"}],
        }
    )


# ================================================================ Marquiz-style quizzes
# Source: Marquiz's documented embed (a div with data-marquiz-id or an inline container plus the
# marquiz script) and the quiz flow it shows: one question per screen with picture tiles or ticks,
# a progress bar, "Далее", and a last screen asking for contacts ("Куда прислать расчёт?").
# Only the current screen is in the DOM, as Marquiz renders it.

QUIZ_JS = """<script>
function quiz(el, steps, final, post) {
  const answers = {}; let i = 0;
  function render() {
    const pct = Math.round(100 * i / (steps.length + 1));
    if (i < steps.length) {
      const s = steps[i];
      el.innerHTML = `<div class="mq-progress"><div class="mq-progress__text">Готово: ${pct}%</div><div class="mq-progress__bar" style="width:${pct}%"></div></div>
        <div class="mq-question"><div class="mq-question__title">${s.q}</div><div class="mq-answers">` +
        s.a.map((a, k) => `<label class="mq-answer mq-answer--${s.multi ? 'checkbox' : 'radio'}"><input type="${s.multi ? 'checkbox' : 'radio'}" name="q${i}" value="${a}" class="mq-answer__input"><span class="mq-answer__img"></span><span class="mq-answer__text">${a}</span></label>`).join('') +
        `</div></div><div class="mq-nav"><button type="button" class="mq-btn mq-btn--next" disabled>Далее</button></div>`;
      const next = el.querySelector('.mq-btn--next');
      el.querySelectorAll('input').forEach(x => x.addEventListener('change', () => { next.disabled = !el.querySelector('input:checked'); }));
      next.addEventListener('click', () => { answers[s.q] = [...el.querySelectorAll('input:checked')].map(x => x.value).join(', '); i++; render(); });
    } else if (i === steps.length) {
      el.innerHTML = `<div class="mq-progress"><div class="mq-progress__text">Готово: ${pct}%</div></div><div class="mq-final"><div class="mq-final__title">${final.title}</div>
        <div class="mq-final__descr">${final.descr}</div>` + final.fields.map(f => f.area
          ? `<div class="mq-field"><textarea name="${f.n}" placeholder="${f.p}" class="mq-input"></textarea></div>`
          : `<div class="mq-field"><input name="${f.n}" type="${f.t}" placeholder="${f.p}" class="mq-input"></div>`).join('') +
        `<label class="mq-policy"><input type="checkbox" name="policy" checked> Я согласен на обработку персональных данных</label>
        <button type="button" class="mq-btn mq-btn--submit">${final.button}</button><div class="mq-error"></div></div>`;
      el.querySelector('.mq-btn--submit').addEventListener('click', async () => {
        const contacts = {}; el.querySelectorAll('.mq-input').forEach(x => { contacts[x.name] = x.value; });
        if (final.fields.some(f => f.req && !contacts[f.n].trim())) { el.querySelector('.mq-error').textContent = 'Заполните контактные данные'; return; }
        const r = await fetch(post, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({answers, contacts})});
        if (r.ok) { i++; render(); }
      });
    } else {
      el.innerHTML = `<div class="mq-thanks"><div class="mq-thanks__title">Спасибо!</div><div class="mq-thanks__text">${final.thanks}</div></div>`;
    }
  }
  render();
}
</script>"""

QUIZ_FORM = doc(
    "Кухни Мастер",
    f"""
<header><a href="/">Кухни Мастер</a><a href="/portfolio/">Наши работы</a></header>
<main><h1>Рассчитайте стоимость кухни за 1 минуту</h1><p>Ответьте на 2 вопроса — дизайнер пришлёт расчёт и ответит на вопросы по почте.</p>
<div class="marquiz__container marquiz__container_inline" data-marquiz-id="65f1a2b3c4d5e6f7a8b9c0d1"><div id="mq"></div></div></main>
{QUIZ_JS}<script>quiz(document.getElementById('mq'), [
  {{q: 'Какая форма кухни вам нужна?', a: ['Прямая', 'Угловая', 'П-образная', 'С островом']}},
  {{q: 'Из какого материала фасады?', a: ['МДФ эмаль', 'Массив', 'Пластик', 'Пока не знаю'], multi: true}}],
  {{title: 'Куда прислать расчёт?', descr: 'Оставьте e-mail — пришлём расчёт и ответим на вопросы.', button: 'Получить расчёт',
    thanks: 'Расчёт и ответы на ваши вопросы придут на почту в течение часа.',
    fields: [{{n: 'name', t: 'text', p: 'Ваше имя'}}, {{n: 'email', t: 'email', p: 'Ваш e-mail', req: true}},
             {{n: 'comment', p: 'Ваш вопрос дизайнеру', area: true}}]}}, '/api/quiz/lead');</script>""",
    css=".mq-answer{display:inline-block;margin:6px;padding:10px;border:1px solid #ccc;cursor:pointer}"
    ".mq-answer__input{position:absolute;opacity:0}.mq-answer:has(input:checked){border-color:#f60}"
    ".mq-progress__bar{height:4px;background:#f60}",
)

QUIZ_CALLBACK = doc(
    "Натяжные потолки Люкс",
    f"""
<header><a href="/">Потолки Люкс</a></header>
<main><h1>Узнайте цену потолка и получите подарок</h1>
<div class="marquiz__container marquiz__container_inline" data-marquiz-id="66a0b1c2d3e4f5a6b7c8d9e0"><div id="mq"></div></div></main>
{QUIZ_JS}<script>quiz(document.getElementById('mq'), [
  {{q: 'Какая площадь помещения?', a: ['до 10 м²', '10–20 м²', '20–40 м²', 'больше 40 м²']}},
  {{q: 'Какой потолок нужен?', a: ['Матовый', 'Глянцевый', 'Сатиновый', 'Нужна консультация']}}],
  {{title: 'Куда отправить расчёт?', descr: 'Мастер перезвонит в течение 10 минут и назовёт точную цену.', button: 'Получить расчёт',
    thanks: 'Мастер перезвонит вам в течение 10 минут.',
    fields: [{{n: 'phone', t: 'tel', p: '+7 (___) ___-__-__', req: true}}]}}, '/api/quiz/lead');</script>""",
    css=".mq-answer{display:inline-block;margin:6px;padding:10px;border:1px solid #ccc;cursor:pointer}"
    ".mq-answer__input{position:absolute;opacity:0}",
)


def _quiz_flat(data: Any) -> Fields:
    if not isinstance(data, dict):
        return {}
    out = {str(k): str(v) for k, v in (data.get("contacts") or {}).items()}
    out["answers"] = str(len(data.get("answers") or {}))
    return out


# ================================================================ Yandex Forms (iframe embed)
# Source: the embed code Yandex Forms gives (<script src=".../_static/embed.js"> plus an iframe
# "/u/FORM_ID/?iframe=1" named ya-form-FORM_ID) and the form it shows: a React app without <form>,
# question blocks with their own label divs, Textinput/Textarea controls, a custom Select built from
# divs (a button opening a popup listbox), file questions with an "Attach file" button over a hidden
# input, and a "Отправить" button.

YA_APP = """<script>
function yaForm(cfg) {
  const root = document.getElementById('root');
  const values = {}; let selected = '';
  root.innerHTML = '<div class="SurveyPage"><h1 class="SurveyPage-Title">' + cfg.title + '</h1><div class="SurveyPage-Questions">' +
    cfg.questions.map((q, i) => {
      const lab = '<div class="QuestionLabel" id="ql' + i + '">' + q.label + (q.req ? '<span class="QuestionLabel-Required">*</span>' : '') + '</div>';
      if (q.kind === 'select') return '<div class="Question Question_type_choices" data-q="' + q.id + '">' + lab +
        '<div class="Select2"><button type="button" class="Button2 Button2_view_default Select2-Button" role="listbox" aria-haspopup="true" aria-expanded="false" aria-labelledby="ql' + i + '"><span class="Button2-Text">Выберите вариант</span></button>' +
        '<div class="Popup2 Select2-Popup" style="display:none"><div class="Menu" role="menu">' + q.options.map(o => '<div class="Menu-Item" role="option" aria-selected="false" data-v="' + o + '">' + o + '</div>').join('') + '</div></div></div></div>';
      if (q.kind === 'file') return '<div class="Question Question_type_files" data-q="' + q.id + '">' + lab +
        '<div class="Attach"><label class="Button2 Button2_view_default Attach-Button"><input type="file" class="Attach-Control" ' + (q.req ? 'required' : '') + ' style="position:absolute;opacity:0;width:1px;height:1px"><span class="Button2-Text">Прикрепить файл</span></label></div></div>';
      const ctl = q.kind === 'area' ? '<textarea class="Textarea-Control" aria-labelledby="ql' + i + '"></textarea>'
        : '<input class="Textinput-Control" type="' + (q.type || 'text') + '" aria-labelledby="ql' + i + '">';
      return '<div class="Question" data-q="' + q.id + '">' + lab + '<span class="Textinput">' + ctl + '</span></div>';
    }).join('') + '</div><div class="SurveyPage-Error" role="alert"></div><div class="SurveyPage-Submit"><button type="submit" class="Button2 Button2_view_action Button2_size_l"><span class="Button2-Text">Отправить</span></button></div></div>';
  root.querySelectorAll('.Select2').forEach(s => {
    const b = s.querySelector('.Select2-Button'), pop = s.querySelector('.Select2-Popup');
    b.addEventListener('click', () => { const open = pop.style.display === 'none'; pop.style.display = open ? 'block' : 'none'; b.setAttribute('aria-expanded', String(open)); });
    s.querySelectorAll('.Menu-Item').forEach(it => it.addEventListener('click', () => { selected = it.dataset.v;
      b.querySelector('.Button2-Text').textContent = selected; pop.style.display = 'none'; b.setAttribute('aria-expanded', 'false'); }));
  });
  root.querySelector('button[type=submit]').addEventListener('click', async () => {
    const out = {};
    cfg.questions.forEach(q => { const box = root.querySelector('[data-q="' + q.id + '"]');
      out[q.id] = q.kind === 'select' ? selected : q.kind === 'file' ? (box.querySelector('input').files.length ? 'file' : '') : box.querySelector('input,textarea').value; });
    const miss = cfg.questions.filter(q => q.req && !out[q.id]);
    if (miss.length) { root.querySelector('.SurveyPage-Error').textContent = 'Ответьте на обязательные вопросы: ' + miss.map(q => q.label).join(', '); return; }
    const r = await fetch('/u/' + cfg.id + '/submit', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(out)});
    if (r.ok) root.innerHTML = '<div class="SurveySuccess"><h2 class="SurveySuccess-Title">Спасибо!</h2><div class="SurveySuccess-Text">Ваш ответ отправлен. ' + cfg.thanks + '</div></div>';
  });
}
</script>"""


def _ya_inner(cfg: dict[str, Any]) -> str:
    return doc(
        "Яндекс Формы",
        '<div id="root"></div>'
        + YA_APP
        + "<script>yaForm("
        + json.dumps(cfg, ensure_ascii=False)
        + ");</script>",
        css=".Question{margin:14px 0}.QuestionLabel{font-weight:bold}"
        ".Menu-Item{padding:6px;cursor:pointer}.Popup2{border:1px solid #ccc;background:#fff}",
    )


YA_CFG = {
    "id": "6650c2",
    "title": "Вопрос в службу заботы",
    "thanks": "Ответим на почту в течение суток.",
    "questions": [
        {"id": "answer_short_text_1", "label": "Как вас зовут?", "req": True},
        {"id": "answer_short_text_2", "label": "Электронная почта", "type": "email", "req": True},
        {
            "id": "answer_choices_3",
            "label": "Тема обращения",
            "kind": "select",
            "req": True,
            "options": ["Доставка", "Оплата", "Вопрос о товаре", "Другое"],
        },
        {"id": "answer_long_text_4", "label": "Ваш вопрос", "kind": "area", "req": True},
    ],
}
YA_FILE_CFG = {
    "id": "7731de",
    "title": "Возврат и обмен",
    "thanks": "Ответим в течение 3 дней.",
    "questions": [
        {"id": "answer_short_text_1", "label": "Имя", "req": True},
        {"id": "answer_short_text_2", "label": "E-mail для ответа", "type": "email", "req": True},
        {"id": "answer_long_text_3", "label": "Опишите вопрос", "kind": "area", "req": True},
        {"id": "answer_files_4", "label": "Фото товара и чека", "kind": "file", "req": True},
    ],
}


def _ya_host(title: str, form_id: str, intro: str) -> str:
    return doc(
        title,
        f"""<header><a href="/">{title}</a></header><main><h1>{intro}</h1>
<script src="/_static/embed.js"></script>
<iframe src="/u/{form_id}/?iframe=1" frameborder="0" name="ya-form-{form_id}" width="650" height="720"></iframe></main>""",
    )


def _ya_flat(data: Any) -> Fields:
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


# ================================================================ Webflow forms
# Source: Webflow's published form markup (w-form / form with data-name and method="get" / w-input /
# w-button with data-wait / w-form-done / w-form-fail) and webflow.js, which posts the fields to
# /api/v1/form/SITE_ID as fields[Name]=... and answers {"msg":"ok","code":200}; Tabs component
# markup (w-tabs, w-tab-menu with role=tablist, w-tab-link, w-tab-pane, w--current, w--tab-active).

WF_JS = """<script>
document.querySelectorAll('.w-form form').forEach(form => form.addEventListener('submit', async e => {
  e.preventDefault();
  const btn = form.querySelector('.w-button'); const old = btn.value; btn.value = btn.dataset.wait;
  const p = new URLSearchParams(); p.append('name', form.dataset.name); p.append('pageId', '64f0c0ffee'); p.append('source', location.href);
  form.querySelectorAll('input:not([type=submit]),textarea,select').forEach(x => p.append('fields[' + (x.dataset.name || x.name) + ']', x.value));
  p.append('dolphin', 'false'); p.append('test', 'false');
  const r = await fetch('/api/v1/form/64f0aa11bb22cc33dd44ee55', {method: 'POST', body: p});
  btn.value = old;
  const box = form.closest('.w-form');
  if (r.ok) { form.style.display = 'none'; box.querySelector('.w-form-done').style.display = 'block'; }
  else box.querySelector('.w-form-fail').style.display = 'block';
}));
document.querySelectorAll('.w-tab-link').forEach(a => a.addEventListener('click', e => {
  e.preventDefault(); const tabs = a.closest('.w-tabs');
  tabs.querySelectorAll('.w-tab-link').forEach(x => { x.classList.remove('w--current'); x.setAttribute('aria-selected', 'false'); });
  tabs.querySelectorAll('.w-tab-pane').forEach(x => x.classList.remove('w--tab-active'));
  a.classList.add('w--current'); a.setAttribute('aria-selected', 'true');
  tabs.querySelector('#' + a.getAttribute('aria-controls')).classList.add('w--tab-active');
}));
</script>"""

WF_CSS = (
    ".w-form-done,.w-form-fail{display:none}.w-input{display:block;width:100%;padding:8px;margin-bottom:10px}"
    ".w-tab-pane{display:none}.w--tab-active{display:block}.w-tab-link{display:inline-block;padding:9px 30px;"
    "background:#ddd;cursor:pointer}.w-tab-link.w--current{background:#c8e7ff}"
)

WF_FORM = """<div class="w-form"><form id="email-form" name="email-form" data-name="{dn}" method="get" class="form" aria-label="{dn}">
<label for="name">{l_name}</label><input class="w-input" maxlength="256" name="name" data-name="Name" placeholder="" type="text" id="name">
<label for="email">{l_email}</label><input class="w-input" maxlength="256" name="email" data-name="Email" placeholder="" type="email" id="email" required="">
<label for="field">{l_msg}</label><textarea placeholder="{ph_msg}" maxlength="5000" id="field" name="field" data-name="Field" class="w-input"></textarea>
<input type="submit" data-wait="Please wait..." class="w-button" value="{button}"></form>
<div class="w-form-done" tabindex="-1" role="region" aria-label="{dn} success"><div>{done}</div></div>
<div class="w-form-fail" tabindex="-1" role="region" aria-label="{dn} failure"><div>Oops! Something went wrong while submitting the form.</div></div></div>"""

WF_PLAIN = doc(
    "Atelier Nord",
    f"""
<div class="navbar w-nav"><a href="/" class="brand w-nav-brand">Atelier Nord</a><nav class="w-nav-menu"><a href="/work" class="w-nav-link">Work</a><a href="/contact" class="w-nav-link w--current">Contact</a></nav></div>
<main><div class="section"><div class="container w-container"><h1>Let's talk</h1><p>Questions about a commission? We answer every message within a day.</p>
{
        WF_FORM.format(
            dn="Contact Form",
            l_name="Name",
            l_email="Email Address",
            l_msg="Message",
            ph_msg="Example Text",
            button="Submit",
            done="Thank you! Your submission has been received!",
        )
    }
</div></div></main>{WF_JS}""",
    lang="en",
    css=WF_CSS,
)

WF_TABS = doc(
    "Koffie Roasters",
    f"""
<div class="navbar w-nav"><a href="/" class="w-nav-brand">Koffie Roasters</a></div>
<main><h1>Ethiopia Yirgacheffe, 250 g</h1><p class="price">€14.90</p>
<div data-current="Tab 1" data-easing="ease" data-duration-in="300" data-duration-out="100" class="w-tabs">
<div class="w-tab-menu" role="tablist">
<a data-w-tab="Tab 1" class="w-inline-block w-tab-link w--current" id="w-tabs-0-data-w-tab-0" href="#w-tabs-0-data-w-pane-0" role="tab" aria-controls="w-tabs-0-data-w-pane-0" aria-selected="true"><div>Description</div></a>
<a data-w-tab="Tab 2" class="w-inline-block w-tab-link" tabindex="-1" id="w-tabs-0-data-w-tab-1" href="#w-tabs-0-data-w-pane-1" role="tab" aria-controls="w-tabs-0-data-w-pane-1" aria-selected="false"><div>Shipping</div></a>
<a data-w-tab="Tab 3" class="w-inline-block w-tab-link" tabindex="-1" id="w-tabs-0-data-w-tab-2" href="#w-tabs-0-data-w-pane-2" role="tab" aria-controls="w-tabs-0-data-w-pane-2" aria-selected="false"><div>Questions</div></a></div>
<div class="w-tab-content">
<div data-w-tab="Tab 1" class="w-tab-pane w--tab-active" id="w-tabs-0-data-w-pane-0" role="tabpanel" aria-labelledby="w-tabs-0-data-w-tab-0"><p>Floral, bergamot, honey. Washed process.</p></div>
<div data-w-tab="Tab 2" class="w-tab-pane" id="w-tabs-0-data-w-pane-1" role="tabpanel"><p>Free shipping in the EU from €40.</p></div>
<div data-w-tab="Tab 3" class="w-tab-pane" id="w-tabs-0-data-w-pane-2" role="tabpanel" aria-labelledby="w-tabs-0-data-w-tab-2"><h3>Ask about this coffee</h3>
{
        WF_FORM.format(
            dn="Product Question",
            l_name="Your name",
            l_email="Email",
            l_msg="Your question",
            ph_msg="",
            button="Send question",
            done="Thanks! Our roaster will reply by e-mail.",
        )
    }
</div></div></div></main>{WF_JS}""",
    lang="en",
    css=WF_CSS,
)


# ================================================================ Wix forms
# Source: Wix sites' rendered form app (React, no <form> element in the classic contact form:
# inputs with aria-label and placeholder inside data-testid wrappers, a "buttonElement" submit
# with an inner span, a success text rendered after the POST) and Wix lightboxes
# (a fixed overlay with role="dialog" opened by a button, with a close "X" button).

WIX_APP = """<script>
const e = React.createElement;
function WixForm(props) {
  const [v, setV] = React.useState({first: '', email: '', msg: ''});
  const [state, setState] = React.useState('idle');
  const set = (k) => (ev) => setV({...v, [k]: ev.target.value});
  const field = (k, label, type, area) => e('div', {className: '_2dBhC', 'data-testid': 'wix-form-field'},
    e('label', {className: '_3VR5B', htmlFor: 'input_comp-' + k}, label),
    e(area ? 'textarea' : 'input', {id: 'input_comp-' + k, className: 'KvoMHf', type: area ? undefined : type,
      'aria-label': label, value: v[k], onChange: set(k), 'aria-required': 'true'}));
  async function send() {
    if (!v.first || !v.email.includes('@') || !v.msg) { setState('invalid'); return; }
    setState('sending');
    const r = await fetch('/_api/wix-forms/v1/submit-form', {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({formProperties: {formName: 'Contact'}, submissions: v})});
    setState(r.ok ? 'done' : 'error');
  }
  return e('div', {className: 'comp-contact', 'data-testid': 'form-app'},
    e('h2', {className: 'wixui-rich-text__text'}, props.title),
    field('first', 'Name', 'text'), field('email', 'Email', 'email'), field('msg', 'Message', 'text', true),
    e('div', {'data-testid': 'buttonElement', role: 'button', tabIndex: 0, className: 'StylableButton2545352419__root',
      'aria-disabled': state === 'sending' ? 'true' : 'false', onClick: send},
      e('span', {className: 'StylableButton2545352419__label'}, 'Submit')),
    state === 'invalid' ? e('p', {className: 'err'}, 'Please fill in all required fields.') : null,
    state === 'done' ? e('p', {className: 'wixui-rich-text__text', role: 'status'}, props.thanks) : null);
}
</script>"""

WIX_INLINE = doc(
    "Maison Verte Florist",
    f"""
<div id="SITE_HEADER"><a href="/">Maison Verte</a> · <a href="/shop">Shop</a></div>
<main id="PAGES_CONTAINER"><h1>Contact</h1><p>Same-day bouquets in Lyon. Write to us, we reply within 2 hours.</p><div id="comp-form"></div></main>
{vendor("react.production.min.js")}{vendor("react-dom.production.min.js")}{WIX_APP}
<script>ReactDOM.createRoot(document.getElementById('comp-form')).render(React.createElement(WixForm,
  {{title: 'Send us a message', thanks: 'Thanks for submitting!'}}));</script>""",
    lang="en",
)

WIX_LIGHTBOX = doc(
    "Studio Kettlebell",
    f"""
<div id="SITE_HEADER"><a href="/">Studio Kettlebell</a></div>
<main id="PAGES_CONTAINER"><h1>Personal training in Berlin</h1><p>First session free.</p>
<div data-testid="buttonElement" role="button" tabindex="0" class="StylableButton2545352419__root" id="open-lb"><span class="StylableButton2545352419__label">Contact Us</span></div></main>
<div id="POPUPS_ROOT"></div>
{vendor("react.production.min.js")}{vendor("react-dom.production.min.js")}{WIX_APP}
<script>
document.getElementById('open-lb').addEventListener('click', () => {{
  const root = document.getElementById('POPUPS_ROOT');
  root.innerHTML = '<div role="dialog" aria-modal="true" class="lightbox" style="position:fixed;inset:0;background:rgba(0,0,0,.5);z-index:50">' +
    '<div style="background:#fff;width:460px;margin:60px auto;padding:20px;position:relative"><button aria-label="close" class="lb-close" style="position:absolute;right:6px;top:6px">X</button><div id="lb-form"></div></div></div>';
  root.querySelector('.lb-close').addEventListener('click', () => {{ root.innerHTML = ''; }});
  setTimeout(() => ReactDOM.createRoot(document.getElementById('lb-form')).render(React.createElement(WixForm,
    {{title: 'Ask a trainer', thanks: 'Thank you! A trainer will email you shortly.'}})), 500);
}});
</script>""",
    lang="en",
)


def _wix_flat(data: Any) -> Fields:
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in (data.get("submissions") or {}).items()}


# ================================================================ the table


def build() -> list[RawSite]:
    cf7 = "/wp-json/contact-form-7/v1/contact-forms/{}/feedback"
    wpf = "/wp-admin/admin-ajax.php"
    return [
        RawSite(
            "cf7_basic",
            {"/kontakty/": CF7_BASIC},
            {cf7.format(123): _cf7_ok("your-name", "your-email", "your-subject")},
        ),
        RawSite(
            "cf7_accept",
            {"/vopros/": CF7_ACCEPT},
            {cf7.format(208): _cf7_ok("client-name", "client-tel", "client-email", "acceptance-152")},
        ),
        RawSite("cf7_file", {"/garantiya/": CF7_FILE}, {cf7.format(311): _cf7_ok("fio", "mail", "problem")}),
        RawSite(
            "wpf_split",
            {"/contact/": WPF_SPLIT},
            {
                wpf: json_reply(
                    _wpf_confirm,
                    accept=has("wpforms[fields][0][first]", "wpforms[fields][1]", "wpforms[fields][2]"),
                )
            },
        ),
        RawSite(
            "wpf_pages",
            {"/kontakty/": WPF_PAGES},
            {
                wpf: json_reply(
                    _wpf_confirm,
                    accept=has(
                        "wpforms[fields][1]", "wpforms[fields][2]", "wpforms[fields][3]", "wpforms[fields][4]"
                    ),
                )
            },
        ),
        RawSite("gf_ajax", {"/contact/": GF_AJAX_PAGE}, {"/contact/": _gf_ajax}),
        RawSite("gf_multi", {"/contacts/": _gf_multi_page(1, GF_PAGE_FIELDS_1)}, {"/contacts/": _gf_multi}),
        RawSite(
            "gf_select",
            {"/support/": GF_SELECT},
            {
                "/support/": html_reply(
                    GF_SELECT_DONE, accept=has("input_1.3", "input_2", "input_7", "input_5")
                )
            },
        ),
        RawSite(
            "elementor_inline",
            {"/": ELEMENTOR_INLINE},
            {wpf: json_reply(_elementor, accept=has("form_fields[email]"))},
        ),
        RawSite(
            "elementor_popup",
            {"/": ELEMENTOR_POPUP},
            {wpf: json_reply(_elementor, accept=has("form_fields[email]"))},
        ),
        RawSite(
            "tilda_inline",
            {"/": TILDA_INLINE},
            {"/procces/": json_reply(_tilda, accept=has("Name", "Email", "Phone"))},
        ),
        RawSite(
            "tilda_popup", {"/": TILDA_POPUP}, {"/procces/": json_reply(_tilda, accept=has("Name", "Email"))}
        ),
        RawSite(
            "tilda_callback",
            {"/": TILDA_CALLBACK},
            {"/procces/": json_reply(_tilda, accept=has("Name", "Phone"))},
        ),
        RawSite("bx_form", {"/feedback/": _bx_frn_page}, {"/feedback/": _bx_frn}),
        RawSite("bx_feedback", {"/contacts/": _bx_feedback_page}, {"/contacts/": _bx_feedback}),
        RawSite("b24_form", {"/kontakty/": B24_PAGE}, {"/bitrix/services/main/ajax.php": _b24}),
        RawSite(
            "amo_iframe",
            {"/": AMO_PAGE, "/forms/amo/778120": AMO_FORM},
            {"/queue/add": json_reply(_amo, accept=has("fields[name_1]", "fields[372001_1][493001]"))},
        ),
        RawSite(
            "amo_overlay",
            {"/": AMO_OVERLAY_PAGE, "/forms/amo/778120": AMO_FORM},
            {"/queue/add": json_reply(_amo, accept=has("fields[name_1]", "fields[372001_1][493001]"))},
        ),
        RawSite(
            "hs_inline",
            {"/contact": HS_PAGE},
            {
                "/submissions/v3/integration/submit/6084182/a3076071": json_reply(
                    _hs, flatten=_hs_flat, accept=has("email", "message")
                )
            },
        ),
        RawSite(
            "hs_iframe",
            {"/contact": HS_IFRAME_PAGE, "/_hcms/forms/embed/a3076071": HS_FRAME},
            {
                "/submissions/v3/integration/submit/6084182/a3076071": json_reply(
                    _hs, flatten=_hs_flat, accept=has("firstname", "email", "message")
                )
            },
        ),
        RawSite(
            "quiz_form",
            {"/": QUIZ_FORM},
            {"/api/quiz/lead": json_reply({"ok": True}, flatten=_quiz_flat, accept=has("email"))},
        ),
        RawSite(
            "quiz_callback",
            {"/": QUIZ_CALLBACK},
            {"/api/quiz/lead": json_reply({"ok": True}, flatten=_quiz_flat, accept=has("phone"))},
        ),
        RawSite(
            "ya_select",
            {
                "/support": _ya_host("Сервис Заботы", "6650c2", "Служба заботы о клиентах"),
                "/u/6650c2/": _ya_inner(YA_CFG),
            },
            {
                "/u/6650c2/submit": json_reply(
                    {"status": "ok"},
                    flatten=_ya_flat,
                    accept=has(
                        "answer_short_text_1", "answer_short_text_2", "answer_choices_3", "answer_long_text_4"
                    ),
                )
            },
        ),
        RawSite(
            "ya_file",
            {
                "/vozvrat": _ya_host("Обувь Топ", "7731de", "Возврат и обмен"),
                "/u/7731de/": _ya_inner(YA_FILE_CFG),
            },
            {"/u/7731de/submit": json_reply({"status": "ok"}, flatten=_ya_flat)},
        ),
        RawSite(
            "wf_plain",
            {"/contact": WF_PLAIN},
            {
                "/api/v1/form/64f0aa11bb22cc33dd44ee55": json_reply(
                    {"msg": "ok", "code": 200}, accept=has("fields[Email]")
                )
            },
        ),
        RawSite(
            "wf_tabs",
            {"/product/yirgacheffe": WF_TABS},
            {
                "/api/v1/form/64f0aa11bb22cc33dd44ee55": json_reply(
                    {"msg": "ok", "code": 200}, accept=has("fields[Email]", "fields[Field]")
                )
            },
        ),
        RawSite(
            "wix_inline",
            {"/contact": WIX_INLINE},
            {
                "/_api/wix-forms/v1/submit-form": json_reply(
                    {"submissionId": "c0ffee"}, flatten=_wix_flat, accept=has("first", "email", "msg")
                )
            },
        ),
        RawSite(
            "wix_lightbox",
            {"/": WIX_LIGHTBOX},
            {
                "/_api/wix-forms/v1/submit-form": json_reply(
                    {"submissionId": "beef"}, flatten=_wix_flat, accept=has("first", "email", "msg")
                )
            },
        ),
    ]
