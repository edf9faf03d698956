"""The whole import: read, check every row, then write all of it or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from monitor.config import Config
from monitor.country import country_for_timezone
from monitor.targets.apply import Applied, apply_updates
from monitor.targets.table import TableError, read_rows
from monitor.targets.validate import TargetUpdate, check_row


@dataclass(frozen=True)
class Problem:
    row: int  # 1 is the header
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


class ImportRefused(Exception):
    """Nothing was changed; `problems` lists every row that could not be taken and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def check_file(path: Path, cfg: Config) -> list[TargetUpdate]:
    """Every row as an update, or ImportRefused with every problem in the file."""
    try:
        rows = read_rows(path)
    except TableError as exc:
        msg = str(exc)
        at = 1 if msg.startswith("row 1") else 0
        raise ImportRefused([Problem(at, msg.removeprefix("row 1: "))]) from None
    known = {t.name: t.country or country_for_timezone(t.timezone or cfg.timezone) for t in cfg.targets}
    updates: list[TargetUpdate] = []
    problems: list[Problem] = []
    first_row: dict[str, int] = {}
    for row in rows:
        update, reasons = check_row(row, known=known)
        name = row.values.get("name", "")
        if name and name in first_row:
            reasons.append(f"target {name!r} is already in row {first_row[name]}")
        first_row.setdefault(name, row.number)
        problems += [Problem(row.number, r) for r in reasons]
        if update is not None and not reasons:
            updates.append(update)
    if problems:
        raise ImportRefused(problems)
    if not updates:
        raise ImportRefused([Problem(0, "no target rows below the header")])
    return updates


def import_targets(path: Path, cfg: Config, config_path: Path, *, into: Path | None = None) -> Applied:
    """Check the file, then write every target to the config (or raise, having changed nothing)."""
    return apply_updates(config_path, check_file(path, cfg), into=into)
