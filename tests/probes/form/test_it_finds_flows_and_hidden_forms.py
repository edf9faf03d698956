"""Pure choices of the locator: the first screen of a flow, forms in closed tabs, who carries our details."""

from __future__ import annotations

from dataclasses import dataclass

from probes.base import Persona
from probes.form.locate import flow_start, hidden_candidates
from probes.form.netlog import carries, persona_marks
from probes.form.snapshot import ButtonInfo, FieldInfo, Group, Snapshot


def _f(fid: str, label: str, type_: str = "text", tag: str = "input", visible: bool = True) -> FieldInfo:
    return FieldInfo(fid=fid, tag=tag, type=type_, label=label, visible=visible)


STEP1 = Group(
    "g1",
    "form",
    fields=(_f("a", "Ваше имя"), _f("b", "Телефон", "tel")),
    buttons=(ButtonInfo("b1", "Далее →", "submit", True),),
)
SEARCH = Group(
    "g2",
    "form",
    method="get",
    fields=(_f("q", "Поиск", "search"),),
    buttons=(ButtonInfo("b2", "Найти", "submit", True),),
)
QUIZ = Group(
    "g3",
    "group",
    fields=(_f("r1", "Прямая", "radio"), _f("r2", "Угловая", "radio")),
    buttons=(ButtonInfo("b3", "Далее", "button", True),),
)
TAB = Group(
    "g4",
    "form",
    visible=False,
    reveal="t9",
    fields=(
        _f("n", "Name", visible=False),
        _f("e", "Email", "email", visible=False),
        _f("m", "Your question", "textarea", "textarea", visible=False),
    ),
    buttons=(ButtonInfo("b4", "Send question", "submit", False),),
)


def test_it_starts_a_flow_at_a_next_button_and_prefers_a_marked_one() -> None:
    page = Snapshot("u", groups=(SEARCH, QUIZ, STEP1), text="Заявка. Шаг 1 из 2")
    found = flow_start([(None, page)], "form")  # type: ignore[list-item]
    assert found is not None and found.how == "flow" and found.group.gid in ("g1", "g3")
    assert flow_start([(None, Snapshot("u", groups=(SEARCH,)))], "form") is None  # type: ignore[list-item]


def test_it_scores_a_form_in_a_closed_tab_as_if_it_were_open() -> None:
    got = hidden_candidates([(None, Snapshot("u", groups=(TAB,)))], "form")  # type: ignore[list-item]
    assert [g.gid for _, _, g in got] == ["g4"]
    no_control = Group("g5", "form", visible=False, fields=TAB.fields, buttons=TAB.buttons)
    assert hidden_candidates([(None, Snapshot("u", groups=(no_control,)))], "form") == []  # type: ignore[list-item]


@dataclass
class Req:
    url: str
    post_data_buffer: bytes | None


def test_it_knows_which_requests_carry_the_personas_details() -> None:
    marks = persona_marks(Persona("Анна", "Кузнецова", "+7 912 345-67-01", "anna.k7q2m@shopper.test"))
    assert carries(Req("http://s/lead", b"email=anna.k7q2m%40shopper.test"), marks)  # type: ignore[arg-type]
    assert carries(Req("http://s/lead", '{"name":"Анна"}'.encode()), marks)  # type: ignore[arg-type]
    assert carries(Req("http://s/lead", b'{"name":"\\u0410\\u043d\\u043d\\u0430"}'), marks)  # type: ignore[arg-type]
    assert carries(Req("http://s/lead", b"tel=%2B7+(912)+345-67-01"), marks)  # type: ignore[arg-type]
    assert carries(Req("http://s/x?mail=anna.k7q2m@shopper.test", None), marks)  # type: ignore[arg-type]
    assert not carries(Req("http://s/stats", b"page=/contacts&w=1280"), marks)  # type: ignore[arg-type]
