"""Pure rules behind the blind-test fixes: short-text limits, reply-by radios, time traps, JSON errors."""

from __future__ import annotations

from pathlib import Path

from probes.form.captcha import is_math_question
from probes.form.fields import long_enough, pick_radios, plan, short_enough
from probes.form.outcome import Exchange, Seen, decide, json_verdict
from probes.form.phone import choose
from probes.form.probe import MIN_DWELL_S, TRAP_DWELL_S, dwell_for
from probes.form.snapshot import FieldInfo, Group
from tests.fixtures.forms_env import make_task


def test_it_keeps_a_long_enough_question_unchanged() -> None:
    assert long_enough("Есть ли доставка в Казань?", 0) == "Есть ли доставка в Казань?"
    assert long_enough("Есть ли доставка в Казань?", 10) == "Есть ли доставка в Казань?"


def test_it_adds_a_closing_in_the_questions_language_to_reach_minlength() -> None:
    ru = long_enough("Есть линзы?", 30)
    assert ru.startswith("Есть линзы? ") and len(ru) >= 30 and "спасибо" in ru.lower()
    uk = long_enough("Чи є лінзи?", 30)
    assert uk.startswith("Чи є лінзи? ") and "дякую" in uk.lower()
    en = long_enough("Any lenses?", 200)
    assert en.startswith("Any lenses? ") and len(en) >= 200 and "Thank you" in en


def test_it_shortens_a_question_to_maxlength_at_a_word_boundary() -> None:
    q = "Здравствуйте! Есть ли доставка в Екатеринбург и сколько она займёт?"
    assert short_enough(q, 0) == q and short_enough(q, 200) == q
    cut = short_enough(q, 40)
    assert len(cut) <= 40 and cut.endswith("?") and q.startswith(cut[:-1]) and q[len(cut) - 1] == " "
    assert short_enough("Hello, is it in stock", 12) == "Hello, is it"


def _radio(
    fid: str, name: str, value: str, label: str, *, required: bool = False, checked: bool = False
) -> FieldInfo:
    return FieldInfo(
        fid=fid,
        tag="input",
        type="radio",
        name=name,
        value=value,
        label=label,
        required=required,
        checked=checked,
    )


def test_it_asks_for_the_answer_by_email_in_a_question_form_and_by_phone_for_a_callback() -> None:
    radios = [
        _radio("a", "via", "1", "Позвонить", required=True),
        _radio("b", "via", "2", "Написать на почту"),
    ]
    assert pick_radios(radios, "form")["via"] == radios[1]
    assert pick_radios(radios, "callback")["via"] == radios[0]


def test_it_leaves_optional_or_preselected_radio_groups_alone() -> None:
    optional = [_radio("a", "g", "m", "Мужской"), _radio("b", "g", "f", "Женский")]
    preset = [_radio("c", "t", "1", "Телефон", required=True), _radio("d", "t", "2", "E-mail", checked=True)]
    picked = pick_radios(optional + preset, "form")
    assert picked == {"g": None, "t": None}


def test_it_plans_the_email_radio_and_a_name_from_how_to_address_you(tmp_path: Path) -> None:
    group = Group(
        gid="g",
        kind="form",
        fields=(
            FieldInfo(fid="n", tag="input", type="text", name="author", placeholder="Как вас зовут"),
            _radio("r1", "reply_via", "phone", "Позвонить", required=True),
            _radio("r2", "reply_via", "email", "Написать на почту"),
            FieldInfo(fid="t", tag="textarea", type="textarea", name="q", minlength=40),
        ),
    )
    task = make_task("http://127.0.71.250/", tmp_path, question="Есть в наличии?")
    acts = {a.field.fid: a for a in plan(group, task)}
    assert acts["n"].value == task.persona.full_name
    assert "r2" in acts and "r1" not in acts
    assert acts["t"].value.startswith("Есть в наличии?") and len(acts["t"].value) >= 40


def test_it_waits_longer_when_the_form_carries_its_start_time() -> None:
    plain = Group(gid="g", kind="form", fields=(FieldInfo(fid="e", tag="input", type="email", name="email"),))
    timed = Group(
        gid="h",
        kind="form",
        fields=(*plain.fields, FieldInfo(fid="t", tag="input", type="hidden", name="form_time")),
    )
    assert dwell_for(plain) == MIN_DWELL_S
    assert dwell_for(timed) == TRAP_DWELL_S > MIN_DWELL_S
    assert dwell_for(timed, 0) == 0.0


def test_it_reads_nested_json_errors_after_a_generic_message() -> None:
    ok, msg = json_verdict(
        '{"message": "The given data was invalid.", "errors": {"phone": ["Bad phone format."]}}'
    )
    assert ok is False and "Bad phone format." in msg and "given data" in msg
    assert json_verdict('{"success": false, "errors": {"email": "Домен не принимается"}}') == (
        False,
        "Домен не принимается",
    )


def test_it_tells_an_arithmetic_check_from_ordinary_fields() -> None:
    for words in ("сколько будет 3 + 4?", "2+2=", "скільки буде п'ять плюс два", "what is 5 plus 3"):
        assert is_math_question(words), words
    for words in ("+7 (999) 999-99-99", "describe what we should solve", "телефон", "размер 1920x1080"):
        assert not is_math_question(words), words


def test_it_never_reads_an_error_that_mentions_sending_as_a_thank_you() -> None:
    sent = [Exchange("POST", "http://127.0.71.9/contact/submit", "document", status=200, done=True)]
    for text in (
        "Ошибка: форма отправлена слишком быстро.",
        "Помилка: повідомлення не надіслано",
        "Error: your message was sent too quickly",
    ):
        seen = Seen(new_text=text, form_present=False, form_values_kept=False, navigated=True)
        out = decide(sent, seen)
        assert out.status != "submitted", text
    ok = Seen(
        new_text="Спасибо! Сообщение отправлено.", form_present=False, form_values_kept=False, navigated=True
    )
    assert decide(sent, ok).status == "submitted"


def test_it_gives_a_number_input_digits_only() -> None:
    assert choose("+7 912 345-67-01", digits_only=True) == "79123456701"
    assert choose("+380 67 123 45 67", digits_only=True) == "380671234567"
    assert choose("+7 912 345-67-01", digits_only=True, maxlength=10) == "9123456701"


def test_it_reads_a_template_value_as_the_phone_mask(tmp_path: Path) -> None:
    f = FieldInfo(fid="p", tag="input", type="text", name="ph", value="+7 (___) ___-__-__")
    group = Group(gid="g", kind="form", fields=(f,))
    (act,) = plan(group, make_task("http://127.0.71.250/", tmp_path, "callback"))
    assert (act.role, act.op, act.value) == ("phone", "type", "+7 (912) 345-67-01")
