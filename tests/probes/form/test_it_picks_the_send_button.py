"""The button a person presses: never reset/close/back, even when 'back' is part of 'call back'."""

from __future__ import annotations

from probes.form.probe import choose_button
from probes.form.snapshot import ButtonInfo, Group


def pick(*buttons: tuple[str, str, bool]) -> str | None:
    g = Group(
        gid="g",
        kind="form",
        buttons=tuple(ButtonInfo(f"b{i}", t, ty, v) for i, (t, ty, v) in enumerate(buttons)),
    )
    b = choose_button(g)
    return b.text if b else None


def test_it_prefers_the_send_button() -> None:
    assert pick(("Сбросить", "reset", True), ("Отправить", "submit", True)) == "Отправить"
    assert pick(("×", "button", True), ("Надіслати", "submit", True)) == "Надіслати"
    assert pick(("Close", "button", True), ("Request a call back", "button", True)) == "Request a call back"


def test_it_ignores_invisible_and_cancel_buttons() -> None:
    assert pick(("Отправить", "submit", False), ("Отмена", "button", True)) is None
    assert pick(("Далее", "button", True), ("Отправить заявку", "submit", False)) == "Далее"
