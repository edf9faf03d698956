"""Text and JSON made storable on every backend, for whatever a shop, a chat or a phone sends.

PostgreSQL refuses NUL in text (``psycopg.DataError``) and ``\\u0000`` in jsonb,
and no driver can encode a lone surrogate (what undecodable mail bytes become
after ``surrogateescape``) as UTF-8. One hostile message must not be able to
stop storage, so every text and JSON value a reply brings passes through here
before it reaches the database: NUL and the other C0 controls except tab,
newline and carriage return are dropped, lone surrogates become U+FFFD.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_REPLACEMENT = "\ufffd"

T = TypeVar("T")


def _replace(match: re.Match[str]) -> str:
    return _REPLACEMENT if match.group(0) >= "\ud800" else ""


def clean_text(value: str) -> str:
    """``value`` without the characters a database or UTF-8 encoder rejects."""
    return _UNSTORABLE.sub(_replace, value) if _UNSTORABLE.search(value) else value


def clean_json(value: Any) -> Any:
    """A JSON-able value (dicts, lists, tuples, strings, numbers) with every string cleaned, keys too."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(v) for v in value]
    return value


def clean_fields(obj: T) -> T:
    """A copy of a dataclass whose str, dict, list and tuple fields are cleaned (other fields untouched)."""
    assert dataclasses.is_dataclass(obj) and not isinstance(obj, type)
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, str):
            cleaned: Any = clean_text(value)
        elif isinstance(value, dict | list):
            cleaned = clean_json(value)
        elif isinstance(value, tuple):
            cleaned = tuple(clean_json(list(value)))
        else:
            continue
        if cleaned != value:
            changes[f.name] = cleaned
    return dataclasses.replace(obj, **changes) if changes else obj
