"""The language helper: which language to speak, complete catalogs, and Russian units for numbers and times."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from monitor import i18n
from monitor.report import fmt

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)s")


@pytest.mark.parametrize(
    ("header", "setting", "expected"),
    [
        ("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "auto", "ru"),
        ("en-US,en;q=0.9,ru;q=0.8", "auto", "en"),
        ("de-DE,de;q=0.9", "auto", "en"),
        ("de-DE,ru;q=0.5", "auto", "ru"),
        ("en;q=0.2,ru;q=0.7", "auto", "ru"),
        (None, "auto", "en"),
        ("ru-RU", "en", "en"),
        ("en-US", "ru", "ru"),
    ],
)
def test_it_picks_the_language(header: str | None, setting: str, expected: str) -> None:
    assert i18n.pick(header, setting) == expected


def test_it_follows_lang_on_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert i18n.from_environment("auto") == "ru"
    assert i18n.from_environment("en") == "en"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.from_environment("auto") == "en"


def test_it_has_every_message_translated_with_the_same_placeholders() -> None:
    with (ROOT / "monitor/locale/ru/LC_MESSAGES/messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="ru")
    messages = [m for m in catalog if m.id]
    assert len(messages) > 100
    for m in messages:
        assert m.string, f"untranslated: {m.id!r}"
        assert sorted(PLACEHOLDER.findall(str(m.id))) == sorted(PLACEHOLDER.findall(str(m.string))), m.id


def test_it_keeps_the_catalog_in_step_with_the_code(tmp_path: Path) -> None:
    """A new `_()` in a template or `N_()` in code must reach the .po: extraction finds nothing missing."""
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [
            str(pybabel),
            "-q",
            "extract",
            "-F",
            "monitor/locale/babel.cfg",
            "-k",
            "N_",
            "--omit-header",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with pot.open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    with (ROOT / "monitor/locale/ru/LC_MESSAGES/messages.po").open("rb") as fh:
        have = {m.id for m in read_po(fh, locale="ru") if m.id}
    assert wanted - have == set()


def test_it_writes_durations_numbers_and_dates_in_russian() -> None:
    ru = i18n.get("ru")
    assert [ru.duration(s) for s in (12, 190, 3600, 7500, 90000)] == [
        "12 с",
        "3 мин 10 с",
        "1 ч",
        "2 ч 5 мин",
        "1 д. 1 ч",
    ]
    assert ru.duration(None) == "—"
    assert ru.sla_label(600) == "10 мин"
    assert [ru.tick(s) for s in (10, 60, 3600, 86400)] == ["10 с", "1 мин", "1 ч", "1 дн."]
    assert ru.number(1234.5) == "1\xa0234,5"
    assert ru.percent(0.667) == "67%"
    assert ru.gettext("Answered") == "Ответили"
    from datetime import datetime

    assert ru.date(datetime(2026, 1, 12)) == "12 янв. 2026\u202fг."


def test_it_keeps_english_as_the_reports_always_wrote_it() -> None:
    en = i18n.get("en")
    for s in (12, 190, 3600, 7500, 90000):
        assert en.duration(s) == fmt.duration(s)
    assert en.sla_label(600) == "10 min"
    assert [en.tick(s) for s in (10, 60, 600, 3600, 86400)] == ["10 sec", "1 min", "10 min", "1 hr", "1 day"]
    assert en.gettext("Answered") == "Answered"
    assert i18n.get("xx").code == "en"


def test_it_words_the_reports_figures_in_russian() -> None:
    from monitor.report.figures import Figures
    from monitor.report.model import LatencyStats, Metrics, PromiseStats, ReplyQuality

    m = Metrics(
        reached=4,
        answered=3,
        latency=LatencyStats(3, 190.0),
        reply_kinds=(("ack", 2), ("human", 3)),
        quality=ReplyQuality(scored=2, score_sum=5, canned=1),
        promise=PromiseStats(promised="15 min", checked=3, kept=2),
    )
    ru, en = Figures(i18n.get("ru")), Figures(i18n.get("en"))
    assert ru.answered(m) == "3 из 4 (75%)" and en.answered(m) == "3 of 4 (75%)"
    assert ru.quality(m) == "2,5/5 (2)" and en.quality(m) == "2.5/5 (2)"
    assert ru.canned(m) == "1 из 2 (50%)"
    assert ru.promise(m) == "обещали 15 мин; медиана 3 мин 10 с; выполнено 2 из 3"
    assert en.promise(m) == fmt.promise(m)
    assert ru.machine_kinds(m) == "подтверждение 2"


@pytest.mark.parametrize(
    ("promise", "english", "russian"),
    [
        ((30, False, None), "30 s", "30 с"),
        ((900, False, None), "15 min", "15 мин"),
        ((900, True, None), "15 min (working time)", "15 мин рабочего времени"),
        ((5400, False, None), "1.5 h", "1 ч 30 мин"),
        ((86400, False, 1), "1 day", "1 день"),
        ((172800, False, 2), "2 days", "2 дня"),
        ((432000, False, 5), "5 days", "5 дней"),
        ((86400, True, 1), "1 business day", "рабочих дней: 1"),
        ((None, True, None), "in working hours", "в рабочее время"),
    ],
)
def test_it_words_every_kind_of_promise_in_russian(
    promise: tuple[int | None, bool, int | None], english: str, russian: str
) -> None:
    """Reports keep a promise as describe()'s English words (rollups too); Russian rewords them, English keeps them."""
    from monitor.promises import Promise, describe, read_described
    from monitor.report.figures import Figures

    seconds, business, days = promise
    described = describe(Promise(seconds, business, "", days=days))
    assert described == english
    back = read_described(described)
    assert back is not None and (back.days, back.business) == (days, business)
    assert Figures(i18n.get("ru")).promised(described) == russian
    assert Figures(i18n.get("en")).promised(described) == english
    assert (
        Figures(i18n.get("ru")).promised("по договорённости") == "по договорённости"
    )  # not describe()'s: kept
