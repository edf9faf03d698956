"""`replywatch targets import`: CSV (; or , / UTF-8, BOM, cp1251) and XLSX, Russian headers, all or nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner, Result

from monitor.cli import app
from monitor.config import load_config
from monitor.store.models import Target
from tests.conftest import MINIMAL_CONFIG, write_config

SMTP = "  mailbox:\n    smtp: {host: 127.0.0.1, port: 2525, starttls: false, username: shopper, password_env: RW_TEST_SMTP_PW}\n"
CONFIG = MINIMAL_CONFIG.replace("  mailbox:\n", SMTP, 1).replace(
    "targets: []\n",
    """targets:
  # our client: keep this comment
  - name: shop-a
    group: client
    url: https://shop-a.example/
    touchpoints:
      - {kind: form, url: https://shop-a.example/contacts}
""",
)
RU_HEADER = "Название;Группа;Сайт;Почта;Телефоны;Часовой пояс;Страна\n"
RU_ROWS = (
    "Магазин-Б;конкурент;shop-b.ru;sales@shop-b.ru, info@shop-b.ru;8 (912) 345-67-89;Asia/Yekaterinburg;Россия\n"
    "shop-a;клиент;https://shop-a.example/new;;+7 495 123-45-67;;RU\n"
)


@pytest.fixture(autouse=True)
def _smtp_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RW_TEST_SMTP_PW", "x")


@pytest.fixture
def cfg_path(tmp_path: Path) -> Path:
    return write_config(tmp_path, CONFIG)


def _run(cfg_path: Path, *args: str) -> Result:
    return CliRunner().invoke(
        app, ["--config", str(cfg_path), "targets", "import", *args], env={"COLUMNS": "200"}
    )


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_it_reads_russian_csv_in_any_excel_encoding(cfg_path: Path, tmp_path: Path, encoding: str) -> None:
    f = tmp_path / "конкуренты.csv"
    f.write_bytes((RU_HEADER + RU_ROWS).encode(encoding))
    res = _run(cfg_path, str(f))
    assert res.exit_code == 0, res.output
    assert "added 1, updated 1" in res.stdout
    cfg = load_config(cfg_path)
    b = cfg.target("Магазин-Б")
    assert (b.group, b.url, b.timezone, b.country) == (
        "competitor",
        "https://shop-b.ru",
        "Asia/Yekaterinburg",
        "RU",
    )
    assert b.phones == ["+79123456789"] and b.email_domains == ["shop-b.ru"]
    assert [(tp.kind, tp.to) for tp in b.touchpoints] == [
        ("email", "sales@shop-b.ru"),
        ("email", "info@shop-b.ru"),
    ]
    a = cfg.target("shop-a")
    assert a.url == "https://shop-a.example/new" and a.phones == ["+74951234567"] and len(a.touchpoints) == 1
    assert "# our client: keep this comment" in cfg_path.read_text("utf-8")


def test_it_reads_comma_csv_and_xlsx_with_english_headers(
    cfg_path: Path, tmp_path: Path, factory: sessionmaker[Session]
) -> None:
    f = tmp_path / "t.csv"
    f.write_text(
        "name,group,url,phones,timezone,country\n"
        'shop-c,competitor,https://shop-c.kz/,"+7 701 123 4567, +7 727 355 0000",Asia/Almaty,KZ\n',
        "utf-8",
    )
    assert _run(cfg_path, str(f)).exit_code == 0
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", "E-mail", "Time zone", "Country"])
    ws.append(["shop-d", "d@shop-d.ua", "Europe/Kyiv", "Украина"])
    ws.append([None, None, None, None])
    ws.append(["shop-e", None, None, "Беларусь"])
    ws["A5"], ws["B5"] = None, None
    wb.save(tmp_path / "t.xlsx")
    res = _run(cfg_path, str(tmp_path / "t.xlsx"))
    assert res.exit_code == 1  # shop-d and shop-e are new and have no url
    assert "row 2: a new target needs a url" in res.output and "row 4: a new target needs a url" in res.output
    ws["E1"] = "Сайт"
    ws["E2"], ws["E4"] = "https://shop-d.ua", "https://shop-e.by"
    wb.save(tmp_path / "t.xlsx")
    res = _run(cfg_path, str(tmp_path / "t.xlsx"))
    assert res.exit_code == 0, res.output
    cfg = load_config(cfg_path)
    assert cfg.target("shop-c").phones == ["+77011234567", "+77273550000"]
    assert (cfg.target("shop-d").country, cfg.target("shop-e").country) == ("UA", "BY")
    with factory() as s:  # the command mirrored the config into the database
        assert {t.name for t in s.scalars(select(Target))} >= {"shop-a", "shop-c", "shop-d", "shop-e"}


def test_it_reports_every_bad_row_and_changes_nothing(cfg_path: Path, tmp_path: Path) -> None:
    before = _digest(cfg_path)
    f = tmp_path / "bad.csv"
    f.write_text(
        "название;группа;сайт;почта;телефоны;часовой пояс;страна\n"
        "good;конкурент;https://good.ru;;;;\n"
        "bad/name;партнёр;ftp://x;не-почта;12;Moscow/Europe;Атлантида\n"
        "good;конкурент;https://good.ru;;;;\n",
        "utf-8",
    )
    res = _run(cfg_path, str(f))
    assert res.exit_code == 1 and "nothing was changed" in res.output
    out = " ".join(res.output.split())
    for reason in (
        "row 3: name 'bad/name'",
        "row 3: group 'партнёр'",
        "row 3: url 'ftp://x'",
        "row 3: time zone 'Moscow/Europe'",
        "row 3: country 'Атлантида'",
        "row 3: phone '12'",
        "row 3: e-mail 'не-почта'",
        "row 4: target 'good' is already in row 2",
    ):
        assert reason in out, reason
    assert "row 2:" not in out
    assert _digest(cfg_path) == before


def test_it_refuses_unknown_columns(cfg_path: Path, tmp_path: Path) -> None:
    f = tmp_path / "x.csv"
    f.write_text("name,url,fax\nshop-x,https://x.ru,123\n", "utf-8")
    res = _run(cfg_path, str(f))
    assert res.exit_code == 1 and "row 1: unknown column(s) 'fax'" in " ".join(res.output.split())


def test_it_puts_new_targets_into_an_include_file(cfg_path: Path, tmp_path: Path) -> None:
    f = tmp_path / "x.csv"
    f.write_text("name;url;country\nshop-f;https://f.example;RU\n", "utf-8")
    into = tmp_path / "conf.d" / "imported.yaml"
    into.parent.mkdir()
    res = _run(cfg_path, str(f), "--into", str(into))
    assert res.exit_code == 0, res.output
    assert "conf.d/imported.yaml" in cfg_path.read_text("utf-8") and "shop-f" in into.read_text("utf-8")
    assert load_config(cfg_path).target("shop-f").country == "RU"


def test_it_restores_the_config_when_it_would_not_load(tmp_path: Path) -> None:
    cfg_path = write_config(
        tmp_path, MINIMAL_CONFIG
    )  # no SMTP: an e-mail touchpoint makes the config invalid
    before = _digest(cfg_path)
    f = tmp_path / "x.csv"
    f.write_text("name;url;email\nshop-g;https://g.example;g@g.example\n", "utf-8")
    res = _run(cfg_path, str(f))
    assert res.exit_code == 2 and "nothing was changed" in res.output and "smtp" in res.output
    assert _digest(cfg_path) == before
