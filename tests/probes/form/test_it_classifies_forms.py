"""Form kinds from words, fields and buttons: the probe must pick the question form, not the newsletter."""

from __future__ import annotations

import pytest

from probes.form.classify import classify, fitness
from probes.form.snapshot import ButtonInfo, FieldInfo, Group


def g(
    *fields: dict[str, str],
    heading: str = "",
    button: str = "Отправить",
    method: str = "post",
    text: str = "",
) -> Group:
    fs = tuple(
        FieldInfo(
            fid=f"f{i}",
            tag=f.get("tag", "input"),
            type=f.get("type", "text"),
            name=f.get("name", ""),
            label=f.get("label", ""),
            placeholder=f.get("placeholder", ""),
            visible=f.get("visible", "1") == "1",
        )
        for i, f in enumerate(fields)
    )
    return Group(
        gid="g",
        kind="form",
        heading=heading,
        method=method,
        text=text,
        fields=fs,
        buttons=(ButtonInfo("b", button, "submit", True),),
    )


TEXTAREA = {"tag": "textarea", "type": "textarea", "name": "msg"}
EMAIL = {"type": "email", "name": "email"}
PHONE = {"type": "tel", "name": "phone"}
NAME = {"label": "Имя"}


@pytest.mark.parametrize(
    ("group", "kind"),
    [
        (g(NAME, EMAIL, TEXTAREA, heading="Обратная связь"), "question"),
        (
            g({"placeholder": "Your name"}, EMAIL, TEXTAREA, heading="Contact us", button="Send message"),
            "question",
        ),
        (
            g(
                NAME,
                EMAIL,
                {"tag": "textarea", "type": "textarea", "placeholder": "Повідомлення"},
                heading="Зворотній зв'язок",
                button="Надіслати",
            ),
            "question",
        ),
        (g(NAME, PHONE, heading="Заказать обратный звонок", button="Перезвоните мне"), "callback"),
        (g({"placeholder": "Ваш телефон"}, button="Жду звонка"), "callback"),
        (g(EMAIL, heading="Подпишитесь на рассылку", button="Подписаться"), "subscribe"),
        (
            g(
                {"name": "company", "label": "Компания"},
                EMAIL,
                heading="Получить прайс-лист",
                button="Получить прайс",
            ),
            "pricelist",
        ),
        (g({"type": "search", "name": "q"}, button="Найти", method="get"), "search"),
        (
            g({"name": "login", "label": "Логин"}, {"type": "password", "name": "pass"}, button="Войти"),
            "login",
        ),
        (g({"name": "qty", "label": "Количество"}, button="В корзину"), "cart"),
    ],
)
def test_it_names_the_kind(group: Group, kind: str) -> None:
    assert classify(group).kind == kind


def test_it_counts_the_hidden_steps_of_a_wizard() -> None:
    wizard = g(NAME, PHONE, {**EMAIL, "visible": "0"}, {**TEXTAREA, "visible": "0"}, button="Далее")
    assert classify(wizard).kind == "question"


def test_it_refuses_unfit_forms_for_a_touchpoint() -> None:
    newsletter = g(EMAIL, heading="Новости и скидки", button="Подписаться")
    question = g(NAME, EMAIL, TEXTAREA, heading="Задать вопрос")
    callback = g(NAME, PHONE, heading="Обратный звонок", button="Перезвоните")
    assert fitness(newsletter, "form") <= 0
    assert fitness(question, "form") > fitness(callback, "form")
    assert fitness(callback, "callback") > fitness(question, "callback")
