"""Read a spreadsheet of targets: CSV (delimiter and encoding sniffed) or XLSX, headers in Russian or English.

Agencies keep competitor lists in Excel; a CSV saved from a Russian-locale
Excel is cp1251 with ';', one saved from Google Sheets UTF-8 with ','. Both,
and a BOM, are read without options. Rows keep the number a spreadsheet shows
(the header is row 1), so every problem can point at its row.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIELDS = ("name", "group", "url", "emails", "phones", "timezone", "country")
# Normalised header (lowercase, ё->е, no spaces, dashes, dots or underscores) -> field.
ALIASES = {
    "name": ("name", "target", "shop", "company", "название", "имя", "магазин", "компания", "наименование"),
    "group": ("group", "role", "группа", "роль", "тип"),
    "url": ("url", "site", "website", "web", "сайт", "адрессайта", "ссылка", "вебсайт"),
    "emails": (
        "email",
        "emails",
        "mail",
        "mails",
        "почта",
        "электроннаяпочта",
        "адресапочты",
        "емейл",
        "имейл",
    ),
    "phones": ("phone", "phones", "tel", "telephone", "телефон", "телефоны", "тел"),
    "timezone": ("timezone", "tz", "zone", "часовойпояс", "таймзона", "пояс"),
    "country": ("country", "страна"),
}
_HEADER = {alias: field for field, aliases in ALIASES.items() for alias in aliases}
ENCODINGS = ("utf-8-sig", "cp1251")  # utf-8-sig also reads plain UTF-8


class TableError(ValueError):
    """The file as a whole cannot be read (no header, unknown columns, not a spreadsheet)."""


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet numbers it: the header is row 1
    values: dict[str, str]


def normalise_header(text: str) -> str:
    return re.sub(r"[\s\-_.()]+", "", str(text).strip().lower().replace("ё", "е"))


def read_rows(path: Path) -> list[Row]:
    """Every non-empty data row, by field name. Raises TableError for a file it cannot take at all."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        grid = _xlsx(path)
    elif suffix in (".csv", ".txt", ".tsv"):
        grid = _csv(path.read_bytes())
    else:
        raise TableError(f"{path.name}: expected a .csv or .xlsx file")
    if not grid:
        raise TableError(f"{path.name}: the file is empty")
    fields = _fields(grid[0])
    rows = []
    for i, cells in enumerate(grid[1:], start=2):
        values = {f: str(c).strip() for f, c in zip(fields, cells, strict=False) if f and c is not None}
        if any(values.values()):
            rows.append(Row(i, {k: v for k, v in values.items() if v}))
    return rows


def _fields(header: list[Any]) -> list[str | None]:
    fields: list[str | None] = []
    unknown = []
    for cell in header:
        text = "" if cell is None else str(cell)
        field = _HEADER.get(normalise_header(text))
        if field is None and text.strip():
            unknown.append(text.strip())
        fields.append(field)
    if unknown:
        raise TableError(
            f"row 1: unknown column(s) {', '.join(map(repr, unknown))}; expected "
            "name, group, url, emails, phones, timezone, country (or название, группа, сайт, "
            "почта, телефоны, часовой пояс, страна)"
        )
    dupes = sorted({f for f in fields if f and fields.count(f) > 1})
    if dupes:
        raise TableError(f"row 1: column(s) {', '.join(dupes)} appear twice")
    if "name" not in fields:
        raise TableError("row 1: no 'name' (название) column")
    return fields


def decode(data: bytes) -> str:
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise TableError("the file is neither UTF-8 nor cp1251 text")


def _csv(data: bytes) -> list[list[Any]]:
    text = decode(data)
    sample = "\n".join(text.splitlines()[:20])
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def _xlsx(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise TableError(f"{path.name}: not a readable .xlsx file ({exc})") from None
    try:
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()
