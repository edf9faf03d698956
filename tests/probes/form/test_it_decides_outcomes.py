"""The verdict after the click: strict, so that no failure is ever called "submitted"."""

from __future__ import annotations

from probes.form.outcome import Exchange, Seen, decide, is_submission, json_verdict, new_lines


def seen(new_text: str = "", **kw: object) -> Seen:
    base: dict[str, object] = {
        "new_text": new_text,
        "form_present": True,
        "form_values_kept": True,
        "navigated": False,
    }
    base.update(kw)
    return Seen(**base)  # type: ignore[arg-type]


def post(status: int | None, body: str = "", resource: str = "fetch") -> Exchange:
    return Exchange("POST", "http://shop/send", resource, status=status, body=body, done=True)


def test_it_confirms_a_thank_you_page() -> None:
    out = decide(
        [post(303, resource="document")], seen("Спасибо! Ваше сообщение отправлено.", form_present=False)
    )
    assert out.status == "submitted" and "Спасибо" in out.reason


def test_it_confirms_an_ajax_ok_with_the_form_replaced() -> None:
    assert decide([post(200, '{"ok": true}')], seen(form_present=False)).status == "submitted"
    assert decide([post(200, "")], seen(form_present=True, form_values_kept=False)).status == "submitted"


def test_it_does_not_confirm_a_silent_200() -> None:
    out = decide([post(200, "")], seen())
    assert out.status == "failed" and out.reason.startswith("unconfirmed")


def test_it_never_calls_a_server_error_submitted_even_with_a_thank_you() -> None:
    out = decide([post(500)], seen("Спасибо!"))
    assert out.status == "failed" and "500" in out.reason


def test_it_reads_json_rejections() -> None:
    out = decide(
        [post(200, '{"status": "validation_failed", "message": "Поле телефон заполнено неверно"}')],
        seen("Спасибо за интерес к нашему магазину"),
    )
    assert out.status == "invalid" and out.phone_problem
    assert decide([post(422, '{"ok": false, "errors": {"phone": "bad"}}')], seen()).status == "invalid"


def test_it_reads_visible_errors_and_native_validation() -> None:
    out = decide([post(200, resource="document")], seen("Ошибка: укажите номер заказа", form_present=False))
    assert out.status == "invalid" and "номер заказа" in out.reason and not out.phone_problem
    native = decide([], seen(invalid_fields=("Телефон: Please match the requested format.",)))
    assert native.status == "invalid" and native.phone_problem and not native.submission_possible


def test_it_blocks_on_a_captcha_that_appears_after_the_click() -> None:
    out = decide([post(200)], seen("Подтвердите, что вы не робот", captcha="challenge"))
    assert out.status == "blocked" and out.reason == "captcha"


def test_it_fails_when_nothing_was_sent() -> None:
    out = decide([], seen())
    assert out.status == "failed" and not out.submission_possible
    assert decide([], seen(new_fields=True)).status == "next_step"


def test_it_reads_json_verdicts() -> None:
    assert json_verdict('{"status": "mail_sent", "message": "ok"}') == (True, "ok")
    assert json_verdict('{"success": false, "error": "spam"}') == (False, "spam")
    assert json_verdict("<html>") == (None, "")


def test_it_diffs_page_text_by_line() -> None:
    assert new_lines("a\nb\nИмя (обязательно)", "a\nИмя (обязательно)\nСпасибо!") == "Спасибо!"


def test_it_ignores_background_polling() -> None:
    poll = Exchange("GET", "http://shop/chat/poll?since=5", "xhr", status=200, body='{"ok": true}', done=True)
    ajax_get = Exchange("GET", "http://shop/lead?email=a%40b.test", "xhr", status=200, done=True)
    assert not is_submission(poll) and is_submission(ajax_get)
    assert decide([e for e in [poll] if is_submission(e)], seen()).status == "failed"
