"""Triggers that mark the rollup cells a write touches, for SQLite and PostgreSQL.

In the database, not in Python, so that every write path is caught: ORM
flushes, bulk UPDATEs (deadline expiry), manual assignment, raw SQL. A probe
update marks its old and new day cell (a probe moved to another group or day
leaves both; the same cell once), a reply marks its probe's day cell (an update
only when a column the figures read changes), a change of a target's time
zone, country or business hours marks all of its cells (business-hours
latency and promise checks depend on them). The all-time row of a cell moves
with its days, so it needs no mark of its own.

Marks are not unique: a trigger never waits for another transaction that
marked the same cell (that wait deadlocked two writers touching two cells in
opposite order). Each transaction refreshes and deletes the marks it can see
at commit (monitor/store/rollups.py); concurrent refreshes of one cell queue
on an advisory lock there instead (monitor/store/rolllocks.py). The conflict
clauses do nothing on this table; they keep the triggers valid on the older
table with unique marks (revision "rollups", which creates them too).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

PROBE_COLS = (
    "campaign_id",
    "target_id",
    "kind",
    '"group"',
    "status",
    "scheduled_at",
    "submitted_at",
    "deadline_at",
    "first_human_reply_at",
    "auto_reply_at",
    "latency_ms",
    "promise",
)
_COLS_SQL = ", ".join(PROBE_COLS)
REPLY_COLS = (
    "probe_id, kind, quality_score, canned, quality"  # what monitor/store/rollcalc.py reads of a reply
)
TARGET_COLS = "business_hours, timezone, country"
_MARK_COLS = "campaign_id, target_id, kind, grp, day"

SQLITE_DAY = "CAST(strftime('%s', {r}.scheduled_at) AS INTEGER) / 86400"


def _sqlite_cell(r: str) -> str:
    return f'coalesce({r}.campaign_id, 0), {r}.target_id, {r}.kind, {r}."group", {SQLITE_DAY.format(r=r)}'


def _sqlite_mark(r: str, unless_same_as: str | None = None) -> str:
    """An INSERT of the day cell of row ``r`` (NEW or OLD of probe); none if it is ``unless_same_as``'s cell."""
    where = ""
    if unless_same_as is not None:
        where = f" WHERE ({_sqlite_cell(r)}) IS NOT ({_sqlite_cell(unless_same_as)})"
    return f"INSERT OR IGNORE INTO rollup_dirty ({_MARK_COLS}) SELECT {_sqlite_cell(r)}{where};"


def _sqlite_mark_probe_of(col: str, unless: str = "") -> str:
    return (
        f"INSERT OR IGNORE INTO rollup_dirty ({_MARK_COLS}) "
        f"SELECT {_sqlite_cell('p')} FROM probe p WHERE p.id = {col}{unless};"
    )


SQLITE = [
    f"CREATE TRIGGER rollup_probe_ins AFTER INSERT ON probe BEGIN {_sqlite_mark('NEW')} END",
    f"CREATE TRIGGER rollup_probe_upd AFTER UPDATE OF {_COLS_SQL} ON probe BEGIN "
    f"{_sqlite_mark('OLD')} {_sqlite_mark('NEW', unless_same_as='OLD')} END",
    f"CREATE TRIGGER rollup_probe_del AFTER DELETE ON probe BEGIN {_sqlite_mark('OLD')} END",
    f"CREATE TRIGGER rollup_reply_ins AFTER INSERT ON reply WHEN NEW.probe_id IS NOT NULL BEGIN "
    f"{_sqlite_mark_probe_of('NEW.probe_id')} END",
    f"CREATE TRIGGER rollup_reply_upd AFTER UPDATE OF {REPLY_COLS} ON reply BEGIN "
    f"{_sqlite_mark_probe_of('OLD.probe_id')} "
    f"{_sqlite_mark_probe_of('NEW.probe_id', unless=' AND NEW.probe_id IS NOT OLD.probe_id')} END",
    f"CREATE TRIGGER rollup_reply_del AFTER DELETE ON reply WHEN OLD.probe_id IS NOT NULL BEGIN "
    f"{_sqlite_mark_probe_of('OLD.probe_id')} END",
    f"CREATE TRIGGER rollup_target_upd AFTER UPDATE OF {TARGET_COLS} ON target BEGIN "
    f"INSERT OR IGNORE INTO rollup_dirty ({_MARK_COLS}) "
    f"SELECT DISTINCT {_sqlite_cell('p')} FROM probe p WHERE p.target_id = NEW.id; END",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {n}"
    for n in (
        "rollup_probe_ins",
        "rollup_probe_upd",
        "rollup_probe_del",
        "rollup_reply_ins",
        "rollup_reply_upd",
        "rollup_reply_del",
        "rollup_target_upd",
    )
]

PG_DAY = "floor(extract(epoch from {r}) / 86400)::int"
PG = [
    f"""CREATE FUNCTION rollup_mark(c integer, t integer, k varchar, g varchar, s timestamptz) RETURNS void AS $$
BEGIN
  INSERT INTO rollup_dirty ({_MARK_COLS}) VALUES (coalesce(c, 0), t, k, g, {PG_DAY.format(r="s")})
  ON CONFLICT DO NOTHING;
END $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION rollup_probe_trg() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM rollup_mark(OLD.campaign_id, OLD.target_id, OLD.kind, OLD."group", OLD.scheduled_at);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (
      OLD.campaign_id, OLD.target_id, OLD.kind, OLD."group", OLD.scheduled_at
    ) IS DISTINCT FROM (NEW.campaign_id, NEW.target_id, NEW.kind, NEW."group", NEW.scheduled_at)) THEN
    PERFORM rollup_mark(NEW.campaign_id, NEW.target_id, NEW.kind, NEW."group", NEW.scheduled_at);
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION rollup_reply_trg() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.probe_id IS NOT NULL THEN
    PERFORM rollup_mark(p.campaign_id, p.target_id, p.kind, p."group", p.scheduled_at) FROM probe p
      WHERE p.id = OLD.probe_id;
  END IF;
  IF TG_OP = 'INSERT' AND NEW.probe_id IS NOT NULL
     OR TG_OP = 'UPDATE' AND NEW.probe_id IS DISTINCT FROM OLD.probe_id AND NEW.probe_id IS NOT NULL THEN
    PERFORM rollup_mark(p.campaign_id, p.target_id, p.kind, p."group", p.scheduled_at) FROM probe p
      WHERE p.id = NEW.probe_id;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql""",
    f"""CREATE FUNCTION rollup_target_trg() RETURNS trigger AS $$
BEGIN
  INSERT INTO rollup_dirty ({_MARK_COLS})
  SELECT DISTINCT coalesce(p.campaign_id, 0), p.target_id, p.kind, p."group", {PG_DAY.format(r="p.scheduled_at")}
    FROM probe p WHERE p.target_id = NEW.id
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$ LANGUAGE plpgsql""",
    f"CREATE TRIGGER rollup_probe AFTER INSERT OR DELETE OR UPDATE OF {_COLS_SQL} ON probe "
    "FOR EACH ROW EXECUTE FUNCTION rollup_probe_trg()",
    f"CREATE TRIGGER rollup_reply AFTER INSERT OR DELETE OR UPDATE OF {REPLY_COLS} ON reply "
    "FOR EACH ROW EXECUTE FUNCTION rollup_reply_trg()",
    f"CREATE TRIGGER rollup_target AFTER UPDATE OF {TARGET_COLS} ON target "
    "FOR EACH ROW EXECUTE FUNCTION rollup_target_trg()",
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS rollup_probe ON probe",
    "DROP TRIGGER IF EXISTS rollup_reply ON reply",
    "DROP TRIGGER IF EXISTS rollup_target ON target",
    "DROP FUNCTION IF EXISTS rollup_probe_trg()",
    "DROP FUNCTION IF EXISTS rollup_reply_trg()",
    "DROP FUNCTION IF EXISTS rollup_target_trg()",
    "DROP FUNCTION IF EXISTS rollup_mark(integer, integer, varchar, varchar, timestamptz)",
]


def create(conn: Connection) -> None:
    for stmt in PG if conn.dialect.name == "postgresql" else SQLITE:
        conn.execute(text(stmt))


def drop(conn: Connection) -> None:
    for stmt in PG_DROP if conn.dialect.name == "postgresql" else SQLITE_DROP:
        conn.execute(text(stmt))
