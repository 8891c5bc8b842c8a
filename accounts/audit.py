"""The county audit export: every recorded change (django-simple-history) and every read (access events), in
time order, as CSV.

PostgreSQL writes each line. For each history table, a window over the record's versions (LAG over history_id,
partitioned by the record's id) gives every field's value before the change, so a change row names the fields it
changed with their old and new values without a query per row and without keeping any record's values in memory
here; the reads come from the access events. One statement merges them all in time order, and the export only
streams its lines through a server-side cursor. Its query count is the same for ten rows or ten million.

The columns and their meaning are those of the export since v1: `timestamp` (UTC, ISO 8601), `user`, `action`
(create, update, delete, view), `record_type` (app.model), `record_id`, `changes` (JSON: for a change, each field
changed with `[before, after]`, keys sorted; for a read, `via` and `path`), `reason`, `source_address`. The last
line is a trailer saying the export is complete and how many rows it holds: a file without it was cut short.
"""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db import models
from django.db.backends.utils import CursorWrapper
from simple_history.models import registered_models
from simple_history.utils import get_history_model_for_model

from .models import County

HEADER = ["timestamp", "user", "action", "record_type", "record_id", "changes", "reason", "source_address"]
ACTIONS = {"+": "create", "~": "update", "-": "delete"}
VIEW = "view"
ACTION_CHOICES = (*ACTIONS.values(), VIEW)
HISTORY_TYPES = {action: code for code, action in ACTIONS.items()}
TRAILER_MARK = "# complete"
# The bookkeeping columns of a history row: the export shows them as its own columns, never as changes.
HISTORY_COLUMNS = frozenset(
    {"history_id", "history_date", "history_change_reason", "history_type", "history_user_id"}
)
FETCH_ROWS = 10_000  # lines per round trip from the server-side cursor (a few MB)

# simple-history builds each history model at run time, so neither the model nor its rows have a static type.
HistoryModel = Any


@dataclass(frozen=True)
class AuditQuery:
    """What one export covers: whole days of the county (in its zone, both included), optionally narrowed to one
    user, one record type (`app.model`) or one action."""

    county: County
    since: date
    until: date
    user_id: UUID | None = None
    record_type: str = ""
    action: str = ""

    @property
    def window(self) -> tuple[datetime, datetime]:
        return window(self.since, self.until, self.county.zone)


def window(since: date, until: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """`since` and `until` are whole days in the county's zone, both included."""
    start = datetime.combine(since, time.min, tzinfo=zone)
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def tracked_models() -> list[type[models.Model]]:
    return sorted(registered_models.values(), key=lambda m: m._meta.label)


def record_types() -> list[str]:
    """Every record type an export may be narrowed to: the tracked models (reads name them too)."""
    return [m._meta.label_lower for m in tracked_models()]


def county_lookup(model: type[models.Model]) -> str | None:
    """The lookup that filters `model`'s history rows by county id, or None if it reaches no county: its own
    `county`, or the county of a record it belongs to (a privilege's user, a code's referral, a service's plan)."""
    if model is County:
        return "id"
    history = get_history_model_for_model(model)
    fields = {f.name: f for f in history._meta.get_fields()}
    if "county" in fields and fields["county"].is_relation:
        return "county_id"
    for name, field in fields.items():
        if name == "history_user" or not field.is_relation or not field.many_to_one:
            continue
        related = field.related_model
        if related is County:
            return f"{name}__id"
        if (
            isinstance(related, type)
            and issubclass(related, models.Model)
            and any(f.name == "county" for f in related._meta.get_fields())
        ):
            return f"{name}__county__id"
    return None


# --- SQL -------------------------------------------------------------------------------------------------------


def quoted(column: str | None) -> str:
    assert column, "a concrete column"
    return '"' + column.replace('"', '""') + '"'


def column_of(field: "models.Field[Any, Any]") -> str:
    assert field.column, "a concrete column"
    return field.column


def csv_field(expr: str) -> str:
    """A text expression as a CSV field the way Python's csv module writes it: quoted (with quotes doubled) when
    it holds a comma, a quote or a line break."""
    return (
        f"(CASE WHEN strpos({expr}, '\"') > 0 OR strpos({expr}, ',') > 0 OR strpos({expr}, E'\\n') > 0 "
        f"OR strpos({expr}, E'\\r') > 0 THEN '\"' || replace({expr}, '\"', '\"\"') || '\"' ELSE {expr} END)"
    )


def csv_literal(text: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([text])
    return "'" + buffer.getvalue().replace("'", "''") + "'"


def iso_instant(expr: str) -> str:
    """An instant as Python's `isoformat()` writes it in UTC: microseconds only when there are any, all six."""
    utc = f"({expr} AT TIME ZONE 'UTC')"
    return (
        f"(to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN date_part('microseconds', {utc})::int "
        f"%% 1000000 <> 0 THEN to_char({utc}, '.US') ELSE '' END || '+00:00')"
    )


def json_text(field: "models.Field[Any, Any]", expr: str) -> str:
    """A field's value as the JSON the export writes: dates and instants in ISO 8601 (UTC), ids as strings."""
    internal = field.get_internal_type()
    if internal == "DateTimeField":
        return f"to_json({iso_instant(expr)})::text"
    if internal == "GenericIPAddressField":
        return f"to_json(host({expr}))::text"
    if internal in ("DecimalField", "DurationField", "BinaryField"):
        return f"to_json({expr}::text)::text"
    return f"to_json({expr})::text"


def changed_fields(history: HistoryModel) -> "list[models.Field[Any, Any]]":
    fields = [f for f in history._meta.concrete_fields if f.column not in HISTORY_COLUMNS]
    return sorted(fields, key=lambda f: f.attname)


def changes_expr(fields: "list[models.Field[Any, Any]]") -> str:
    """The `changes` JSON of a history row `x`: each field whose value differs from the version before (`p_`
    columns, null for a creation), as `"field": [before, after]`, in key order; `{}` for a deletion."""
    items = []
    for field in fields:
        now, before = f"x.{quoted(field.column)}", f"x.{quoted('p_' + column_of(field))}"
        key = json.dumps(field.attname).replace("'", "''")
        items.append(
            f"CASE WHEN {before} IS DISTINCT FROM {now} THEN '{key}: [' || "
            f"coalesce({json_text(field, before)}, 'null') || ', ' || coalesce({json_text(field, now)}, 'null') "
            f"|| ']' END"
        )
    return (
        "CASE WHEN x.history_type = '-' THEN '{}' "
        f"ELSE '{{' || array_to_string(ARRAY[{', '.join(items)}], ', ') || '}}' END"
    )


def window_rows(model: type[models.Model], query: AuditQuery) -> tuple[str, list[Any]]:
    """The history rows of `model` the export lists: the county's, in the window, narrowed as asked."""
    history = get_history_model_for_model(model)
    lookup = county_lookup(model)
    assert lookup is not None, model
    start, end = query.window
    rows = history.objects.filter(**{lookup: query.county.pk}, history_date__gte=start, history_date__lt=end)
    if query.user_id is not None:
        rows = rows.filter(history_user_id=query.user_id)
    if query.action in HISTORY_TYPES:
        rows = rows.filter(history_type=HISTORY_TYPES[query.action])
    pk = model._meta.pk.attname
    sql, params = rows.order_by().values_list("history_id", pk).query.sql_with_params()
    return sql, list(params)


def change_stream(model: type[models.Model], ordinal: int, query: AuditQuery) -> tuple[str, list[Any]]:
    """(SELECT, params) of the lines for `model`'s changes. The window runs over every version of the records
    listed, up to the last row listed, so the version before each row is at hand; the rows listed are filtered
    inline, so the planner sizes each step from the table's statistics (an index for a day, a scan for a month)."""
    history = get_history_model_for_model(model)
    fields = changed_fields(history)
    pk = quoted(model._meta.pk.column)
    rows_sql, rows_params = window_rows(model, query)
    listed = f"({rows_sql}) AS listed(history_id, record_id)"
    columns = ", ".join(f"h.{quoted(f.column)}" for f in fields)
    previous = ", ".join(
        f"CASE WHEN h.history_type = '+' THEN NULL ELSE lag(h.{quoted(f.column)}) OVER versions END "
        f"AS {quoted('p_' + column_of(f))}"
        for f in fields
    )
    label = csv_literal(model._meta.label_lower)
    select = f"""
        SELECT y.history_date AS ts, {ordinal} AS ord, y.history_id AS hid, NULL::uuid AS aid,
               {iso_instant("y.history_date")} || ',' || {csv_field("y.username")} || ',' || y.action || ','
               || {label} || ',' || {csv_field("y.record_id")} || ',' || {csv_field("y.changes")} || ','
               || {csv_field("y.reason")} || E',\\r\\n' AS line
        FROM (
            SELECT x.history_date, x.history_id, coalesce(u.username, '') AS username,
                   CASE x.history_type WHEN '+' THEN 'create' WHEN '~' THEN 'update' WHEN '-' THEN 'delete'
                        ELSE x.history_type END AS action,
                   x.{pk}::text AS record_id, {changes_expr(fields)} AS changes,
                   coalesce(x.history_change_reason, '') AS reason
            FROM (
                SELECT h.history_id, h.history_date, h.history_type, h.history_change_reason, h.history_user_id,
                       {columns}, {previous}
                FROM {quoted(history._meta.db_table)} h
                WHERE h.{pk} IN (SELECT record_id FROM {listed})
                  AND h.history_id <= (SELECT max(history_id) FROM {listed})
                WINDOW versions AS (PARTITION BY h.{pk} ORDER BY h.history_id)
            ) x
            LEFT JOIN accounts_user u ON u.id = x.history_user_id
            WHERE x.history_id IN (SELECT history_id FROM {listed})
            OFFSET 0  -- computed once per row: each line names `changes` several times
        ) y"""  # noqa: S608 - identifiers and literals from the models' own metadata; values are parameters
    return select, rows_params * 3


def access_stream(ordinal: int, query: AuditQuery) -> tuple[str, list[Any]]:
    """(SELECT, params) of the lines for the reads."""
    start, end = query.window
    where = ["e.county_id = %s", "e.at >= %s", "e.at < %s"]
    params: list[Any] = [query.county.pk, start, end]
    if query.user_id is not None:
        where.append("e.user_id = %s")
        params.append(query.user_id)
    if query.record_type:
        where.append("e.record_type = %s")
        params.append(query.record_type)
    changes = "'{\"path\": ' || to_json(e.path)::text || ', \"via\": ' || to_json(e.via)::text || '}'"
    select = f"""
        SELECT e.at AS ts, {ordinal} AS ord, NULL::bigint AS hid, e.id AS aid,
               {iso_instant("e.at")} || ',' || {csv_field("u.username")} || ',view,'
               || {csv_field("e.record_type")} || ',' || {csv_field("e.record_id")} || ',' || {csv_field(changes)}
               || ',,' || coalesce(host(e.source_address), '') || E'\\r\\n' AS line
        FROM accounts_accessevent e JOIN accounts_user u ON u.id = e.user_id
        WHERE {" AND ".join(where)}"""  # noqa: S608 - fixed conditions; values are parameters
    return select, params


def streams(query: AuditQuery) -> tuple[list[str], list[Any]]:
    """The SELECTs and params of every stream the query asks for, in the order ties are broken."""
    selects: list[str] = []
    params: list[Any] = []
    models_ = tracked_models()
    if query.action != VIEW:
        for ordinal, model in enumerate(models_):
            if query.record_type and model._meta.label_lower != query.record_type:
                continue
            if county_lookup(model) is None:
                continue
            select, stream_params = change_stream(model, ordinal, query)
            selects.append(select)
            params.extend(stream_params)
    if query.action in ("", VIEW):
        select, access_params = access_stream(len(models_), query)
        selects.append(select)
        params.extend(access_params)
    return selects, params


def export_sql(query: AuditQuery) -> tuple[str, list[Any]]:
    """One statement: every line of the export, in time order (ties: the stream's order, then the row's)."""
    selects, params = streams(query)
    if not selects:
        return "SELECT NULL::text AS line WHERE false", []
    union = " UNION ALL ".join(selects)
    return f"SELECT line FROM ({union}) lines ORDER BY ts, ord, hid, aid", params  # noqa: S608


def count_sql(query: AuditQuery, limit: int | None = None) -> tuple[str, list[Any]]:
    """How many rows the export holds (at most `limit` + 1 when a limit is given: enough to say it is over)."""
    parts: list[str] = []
    params: list[Any] = []
    if query.action != VIEW:
        for model in tracked_models():
            if query.record_type and model._meta.label_lower != query.record_type:
                continue
            if county_lookup(model) is None:
                continue
            sql, rows_params = window_rows(model, query)
            parts.append(f"SELECT 1 FROM ({sql}) r")  # noqa: S608 - the ORM's SQL, values are parameters
            params.extend(rows_params)
    if query.action in ("", VIEW):
        start, end = query.window
        where = "county_id = %s AND at >= %s AND at < %s"
        params.extend([query.county.pk, start, end])
        if query.user_id is not None:
            where += " AND user_id = %s"
            params.append(query.user_id)
        if query.record_type:
            where += " AND record_type = %s"
            params.append(query.record_type)
        parts.append(f"SELECT 1 FROM accounts_accessevent WHERE {where}")  # noqa: S608
    if not parts:
        return "SELECT 0", []
    rows = " UNION ALL ".join(parts)
    if limit is not None:
        return f"SELECT count(*) FROM ({rows} LIMIT {int(limit) + 1}) counted", params  # noqa: S608
    return f"SELECT count(*) FROM ({rows}) counted", params  # noqa: S608


# --- Running it ------------------------------------------------------------------------------------------------


def session_for_export(cur: CursorWrapper) -> None:
    """Inside the export's transaction: instants in UTC, as the export writes them, room to sort, and no JIT (it
    spends seconds compiling this statement's many expressions before the first row, and gains nothing back)."""
    cur.execute("SET LOCAL TIME ZONE 'UTC'")
    cur.execute("SET LOCAL work_mem = '128MB'")
    cur.execute("SET LOCAL jit = off")


def rows_counted(cur: CursorWrapper, query: AuditQuery, limit: int | None = None) -> int:
    sql, params = count_sql(query, limit)
    cur.execute(sql, params)
    return int(cur.fetchone()[0])


def header_line() -> str:
    return csv_line(HEADER)


def trailer_line(rows: int) -> str:
    """The last line of a complete export: without it, a file was cut short."""
    return csv_line([TRAILER_MARK, f"{rows} rows", "", "", "", "", "", ""])


def csv_line(fields: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(fields)
    return buffer.getvalue()


def line_batches(cursor: CursorWrapper, query: AuditQuery) -> Iterator[list[str]]:
    """The export's lines (without header and trailer), a batch per round trip. `cursor` is a server-side
    cursor (`connection.chunked_cursor()`) inside a transaction, so nothing but one batch is held here."""
    sql, params = export_sql(query)
    cursor.execute(sql, params)
    while batch := cursor.fetchmany(FETCH_ROWS):
        yield [row[0] for row in batch]


def trailer_rows(last_line: str) -> int | None:
    """The row count a trailer line states, or None when the line is no trailer (the file was cut short)."""
    fields = next(csv.reader([last_line]), [])
    if len(fields) < 2 or fields[0] != TRAILER_MARK or not fields[1].endswith(" rows"):
        return None
    count = fields[1].removesuffix(" rows")
    return int(count) if count.isdigit() else None
