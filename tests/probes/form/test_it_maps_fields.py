"""Field roles from labels, placeholders, names and types in RU/UK/EN; traps are never filled."""

from __future__ import annotations

from pathlib import Path

import pytest

from probes.form.fields import is_trap, pick_option, plan, role_of
from probes.form.snapshot import FieldInfo, Group, Option
from tests.fixtures.forms_env import PERSONA, QUESTION, make_task


def fld(fid: str = "f", **kw: object) -> FieldInfo:
    base: dict[str, object] = {"fid": fid, "tag": "input", "type": "text"}
    base.update(kw)
    return FieldInfo(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kw", "role"),
    [
        ({"label": "Ваше имя"}, "first_name"),
        ({"label": "Ім'я"}, "first_name"),
        ({"placeholder": "Your name"}, "first_name"),
        ({"label": "Фамилия"}, "last_name"),
        ({"label": "Прізвище"}, "last_name"),
        ({"label": "ФИО"}, "full_name"),
        ({"label": "Имя и фамилия"}, "full_name"),
        ({"name": "x1", "autocomplete": "given-name"}, "first_name"),
        ({"name": "contact", "type": "email"}, "email"),
        ({"placeholder": "Электронная почта"}, "email"),
        ({"label": "Ваш email (обов'язково)"}, "email"),
        ({"placeholder": "Номер телефона"}, "phone"),
        ({"name": "field7", "placeholder": "+7 (___) ___-__-__"}, "phone"),
        ({"name": "tel"}, "phone"),
        ({"label": "Телефон для зв'язку"}, "phone"),
        ({"tag": "textarea", "type": "textarea", "placeholder": "Ваш вопрос"}, "message"),
        ({"tag": "textarea", "type": "textarea", "name": "m55aa"}, "message"),
        ({"placeholder": "Повідомлення"}, "message"),
        ({"label": "Тема обращения"}, "subject"),
        ({"label": "Город"}, "city"),
        ({"type": "search", "name": "q"}, "search"),
        ({"name": "s", "placeholder": "Поиск по сайту"}, "search"),
        ({"type": "password"}, "password"),
        ({"label": "Введите код с картинки"}, "captcha"),
        ({"type": "checkbox", "label": "Я согласен на обработку персональных данных"}, "consent"),
        ({"type": "checkbox", "label": "I agree to the privacy policy"}, "consent"),
        ({"type": "checkbox", "label": "Подписаться на рассылку"}, "newsletter"),
        ({"tag": "select", "type": "select", "label": "Topic", "options": (Option("a", "Sales"),)}, "topic"),
    ],
)
def test_it_knows_the_role(kw: dict[str, object], role: str) -> None:
    assert role_of(fld(**kw)) == role


def test_it_treats_hidden_and_trap_fields_as_traps() -> None:
    assert is_trap(fld(name="email", visible=False))
    assert is_trap(fld(name="website", tabindex="-1", autocomplete="off"))
    assert is_trap(fld(label="Оставьте это поле пустым"))
    assert is_trap(fld(name="hp_field"))
    assert not is_trap(fld(label="Имя"))


def test_it_plans_a_person_s_answers(tmp_path: Path) -> None:
    group = Group(
        gid="g",
        kind="form",
        fields=(
            fld("1", label="Имя"),
            fld("2", label="Фамилия"),
            fld("3", type="email", name="email"),
            fld("4", name="email", visible=False),
            fld("5", name="phone", type="tel", placeholder="+7 (___) ___-__-__"),
            fld("6", tag="textarea", type="textarea", label="Сообщение"),
            fld("7", type="checkbox", label="Согласен с политикой конфиденциальности", required=True),
            fld("8", type="checkbox", label="Хочу получать новости"),
            fld("9", type="hidden", name="token"),
        ),
    )
    acts = {a.field.fid: (a.role, a.op, a.value) for a in plan(group, make_task("http://x/", tmp_path))}
    assert acts == {
        "1": ("first_name", "fill", PERSONA.first_name),
        "2": ("last_name", "fill", PERSONA.last_name),
        "3": ("email", "fill", PERSONA.email),
        "5": ("phone", "type", "+7 (912) 345-67-01"),
        "6": ("message", "fill", QUESTION),
        "7": ("consent", "check", ""),
    }


def test_it_gives_the_full_name_to_a_single_name_box(tmp_path: Path) -> None:
    group = Group(gid="g", kind="form", fields=(fld("1", placeholder="Как к вам обращаться?"),))
    (act,) = plan(group, make_task("http://x/", tmp_path))
    assert act.value == PERSONA.full_name


def test_it_prefers_a_general_question_topic() -> None:
    f = fld(
        tag="select",
        options=(
            Option("", "-- Выберите тему --"),
            Option("1", "Жалоба"),
            Option("2", "Вопрос о товаре"),
            Option("3", "Другое"),
        ),
    )
    assert pick_option(f) == "2"
    assert pick_option(f, "Другое") == "3"
    assert pick_option(fld(tag="select", options=(Option("", "Choose"), Option("z", "Zeta")))) == "z"
