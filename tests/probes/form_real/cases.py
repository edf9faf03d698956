"""What each real-markup shop must end with: the status a person would give, and what the shop got.

Written with the pages, before the probe first ran on them. ``want`` lists, per request the shop
received, the fields that must hold exactly these values (or pass a check); the last one must be
accepted when the probe says "submitted". Shared by the test and by bench/bench_forms_real.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.fixtures.forms_env import PERSONA, QUESTION, SUBJECT

FULL = PERSONA.full_name
MAIL = PERSONA.email
Want = dict[str, "str | Callable[[str], bool]"]


def phone(v: str) -> bool:
    """Any shape of the persona's number the shop's field accepted."""
    return "".join(c for c in v if c.isdigit()).endswith("9123456701")


def some(v: str) -> bool:
    return bool(v.strip())


def name(v: str) -> bool:
    return v in (FULL, PERSONA.first_name)


@dataclass(frozen=True)
class Case:
    site: str
    start: str
    want: list[Want] = field(default_factory=list)  # per received request, in order
    kind: str = "form"
    status: str = "submitted"
    reason: str = ""  # must appear in the error reason (failed/blocked)
    promise: str = ""  # must appear in details["promise_text"]
    max_seconds: float = 0.0  # the probe must end within this (0: no limit asserted)
    builder: str = ""


FILE = "the form requires a file"
CASES = [
    Case(
        "cf7_basic",
        "/kontakty/",
        [{"your-name": FULL, "your-email": MAIL, "your-subject": SUBJECT, "your-message": QUESTION}],
        builder="Contact Form 7",
    ),
    Case(
        "cf7_accept",
        "/vopros/",
        [
            {
                "client-name": FULL,
                "client-tel": phone,
                "client-email": MAIL,
                "client-question": QUESTION,
                "acceptance-152": "1",
            }
        ],
        builder="Contact Form 7",
    ),
    Case("cf7_file", "/garantiya/", [], status="failed", reason=FILE, builder="Contact Form 7"),
    Case(
        "wpf_split",
        "/contact/",
        [
            {
                "wpforms[fields][0][first]": PERSONA.first_name,
                "wpforms[fields][0][last]": PERSONA.last_name,
                "wpforms[fields][1]": MAIL,
                "wpforms[fields][2]": QUESTION,
                "wpforms[hp]": "",
            }
        ],
        builder="WPForms",
    ),
    Case(
        "wpf_pages",
        "/kontakty/",
        [
            {
                "wpforms[fields][1]": FULL,
                "wpforms[fields][2]": phone,
                "wpforms[fields][3]": MAIL,
                "wpforms[fields][4]": QUESTION,
            }
        ],
        builder="WPForms",
    ),
    Case(
        "gf_ajax",
        "/contact/",
        [{"input_1": FULL, "input_3": MAIL, "input_4": phone, "input_5": QUESTION, "input_6": ""}],
        builder="Gravity Forms",
    ),
    Case(
        "gf_multi",
        "/contacts/",
        [{"input_1": FULL, "input_2": phone}, {"input_1": FULL, "input_3": MAIL, "input_4": QUESTION}],
        builder="Gravity Forms",
    ),
    Case(
        "gf_select",
        "/support/",
        [
            {
                "input_1.3": PERSONA.first_name,
                "input_1.6": PERSONA.last_name,
                "input_2": MAIL,
                "input_7": some,
                "input_5": QUESTION,
            }
        ],
        builder="Gravity Forms",
    ),
    Case(
        "elementor_inline",
        "/",
        [{"form_fields[name]": FULL, "form_fields[email]": MAIL, "form_fields[message]": QUESTION}],
        builder="Elementor Pro",
    ),
    Case(
        "elementor_popup",
        "/",
        [{"form_fields[name]": FULL, "form_fields[email]": MAIL, "form_fields[message]": QUESTION}],
        builder="Elementor Pro",
    ),
    Case(
        "tilda_inline",
        "/",
        [{"Name": FULL, "Email": MAIL, "Phone": phone, "Textarea": QUESTION}],
        builder="Tilda",
        promise="в течение 2 часов",
    ),
    Case("tilda_popup", "/", [{"Name": FULL, "Email": MAIL, "Textarea": QUESTION}], builder="Tilda"),
    Case("tilda_callback", "/", [{"Name": FULL, "Phone": phone}], kind="callback", builder="Tilda"),
    Case(
        "bx_form",
        "/feedback/",
        [{"form_text_1": FULL, "form_email_2": MAIL, "form_textarea_4": QUESTION}],
        builder="1C-Bitrix form.result.new",
    ),
    Case(
        "bx_feedback",
        "/contacts/",
        [{"user_name": FULL, "user_email": MAIL, "MESSAGE": QUESTION}],
        builder="1C-Bitrix main.feedback",
    ),
    Case(
        "b24_form",
        "/kontakty/",
        [{"NAME": name, "PHONE": phone, "EMAIL": MAIL, "COMMENTS": QUESTION, "consent": "Y"}],
        builder="Bitrix24 CRM form",
        promise="в течение 15 минут",
    ),
    Case(
        "amo_iframe",
        "/",
        [
            {
                "fields[name_1]": FULL,
                "fields[372001_1][493001]": phone,
                "fields[372003_1][493011]": MAIL,
                "fields[note_2]": QUESTION,
            }
        ],
        builder="amoCRM",
    ),
    Case(
        "amo_overlay",
        "/",
        [
            {
                "fields[name_1]": FULL,
                "fields[372001_1][493001]": phone,
                "fields[372003_1][493011]": MAIL,
                "fields[note_2]": QUESTION,
            }
        ],
        builder="amoCRM",
    ),
    Case(
        "hs_inline",
        "/contact",
        [
            {
                "firstname": PERSONA.first_name,
                "lastname": PERSONA.last_name,
                "email": MAIL,
                "message": QUESTION,
            }
        ],
        builder="HubSpot",
    ),
    Case(
        "hs_iframe",
        "/contact",
        [
            {
                "firstname": PERSONA.first_name,
                "lastname": PERSONA.last_name,
                "email": MAIL,
                "message": QUESTION,
            }
        ],
        builder="HubSpot",
    ),
    Case(
        "quiz_form", "/", [{"email": MAIL, "answers": "2", "comment": QUESTION}], builder="Marquiz-style quiz"
    ),
    Case(
        "quiz_callback",
        "/",
        [{"phone": phone, "answers": "2"}],
        kind="callback",
        builder="Marquiz-style quiz",
    ),
    Case(
        "ya_select",
        "/support",
        [
            {
                "answer_short_text_1": FULL,
                "answer_short_text_2": MAIL,
                "answer_choices_3": some,
                "answer_long_text_4": QUESTION,
            }
        ],
        builder="Yandex Forms",
    ),
    Case("ya_file", "/vozvrat", [], status="failed", reason=FILE, builder="Yandex Forms"),
    Case(
        "wf_plain",
        "/contact",
        [{"fields[Name]": FULL, "fields[Email]": MAIL, "fields[Field]": QUESTION}],
        builder="Webflow",
    ),
    Case(
        "wf_tabs",
        "/product/yirgacheffe",
        [{"fields[Name]": FULL, "fields[Email]": MAIL, "fields[Field]": QUESTION}],
        builder="Webflow",
    ),
    Case("wix_inline", "/contact", [{"first": FULL, "email": MAIL, "msg": QUESTION}], builder="Wix"),
    Case("wix_lightbox", "/", [{"first": FULL, "email": MAIL, "msg": QUESTION}], builder="Wix"),
    Case("rhf", "/vopros", [{"name": FULL, "email": MAIL, "question": QUESTION}], builder="React Hook Form"),
    Case(
        "keys_app", "/", [{"name": FULL, "email": MAIL, "text": QUESTION}], builder="React, key events only"
    ),
    Case(
        "formik",
        "/feedback",
        [{"name": FULL, "email": MAIL, "topic": some, "message": QUESTION}],
        builder="Formik-style React + react-select",
    ),
    Case(
        "vue_form",
        "/",
        [{"name": FULL, "mail": MAIL, "text": QUESTION}],
        builder="Vue 3",
        promise="в течение 15 минут",
    ),
    Case(
        "vue_select",
        "/podbor",
        [{"brand": some, "email": MAIL, "question": QUESTION}],
        builder="Vue 3 + vue-select",
    ),
    Case(
        "wizard_pages",
        "/zayavka",
        [{"lead_name": FULL, "lead_phone": phone}, {"lead_email": MAIL, "lead_question": QUESTION}],
        builder="wizard across pages",
    ),
    Case(
        "wizard_dies",
        "/zayavka",
        [{"lead_name": FULL, "lead_phone": phone}, {"lead_email": MAIL, "lead_question": QUESTION}],
        status="failed",
        reason="step 2",
        builder="wizard across pages",
    ),
    Case("late_form", "/", [{"n": FULL, "m": MAIL, "t": QUESTION}], builder="late form"),
    Case(
        "ajax_button",
        "/catalog/smesitel-grohe/",
        [{"NAME": FULL, "EMAIL": MAIL, "QUESTION": QUESTION}],
        builder="AJAX-loaded modal",
    ),
    Case(
        "consent_gate",
        "/kontakty",
        [{"who": FULL, "addr": MAIL, "what": QUESTION}],
        builder="consent-gated embed",
    ),
    Case("beacon", "/", [{"name": FULL, "email": MAIL, "question": QUESTION}], builder="sendBeacon"),
    Case(
        "accordion", "/faq", [{"name": FULL, "email": MAIL, "text": QUESTION}], builder="Bootstrap accordion"
    ),
    Case("tabs", "/katalog/gortenziya", [{"qa_mail": MAIL, "qa_text": QUESTION}], builder="ARIA tabs"),
    Case(
        "stuck",
        "/",
        [],
        status="failed",
        reason="send",
        max_seconds=45.0,
        builder="send button never enables",
    ),
    Case(
        "iframe_overlay",
        "/kontakty",
        [{"fio": FULL, "email": MAIL, "msg": QUESTION}],
        builder="overlay over an iframe form",
    ),
    Case("file_hidden", "/diagnostika", [], status="failed", reason=FILE, builder="required file input"),
]
