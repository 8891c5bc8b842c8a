"""The county audit export: every recorded change (django-simple-history) and every read (access events),
in time order, as CSV rows streamed to the county admin.
"""

import csv
import heapq
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Field
from simple_history.models import registered_models
from simple_history.utils import get_history_model_for_model

from .models import AccessEvent, County

HEADER = ["timestamp", "user", "action", "record_type", "record_id", "changes", "reason", "source_address"]
ACTIONS = {"+": "create", "~": "update", "-": "delete"}
# How a tracked model without its own `county` reaches one, tried in order.
COUNTY_PATHS = (
    "county",
    "user__county",
    "referral__county",
    "episode__county",
    "client__county",
    "plan__county",
)

JsonScalar = str | int | float | bool | None
# One line of the export, in the order of HEADER.
AuditRow = tuple[datetime, str, str, str, str, str, str, str]
# simple-history builds each history model at run time, so neither the model nor its rows have a static type.
HistoryModel = Any


class HistoryRow(Protocol):
    """What the export reads of a history row."""

    id: object
    history_date: datetime


def county_lookup(model: type[models.Model]) -> str | None:
    """The lookup that filters `model`'s history rows by county id, or None if it has no county."""
    if model is County:
        return "id"
    history = get_history_model_for_model(model)
    for path in COUNTY_PATHS:
        head = path.split("__", 1)[0]
        try:
            field = history._meta.get_field(head)
        except Exception:  # noqa: S112 - absent field: try the next path
            continue
        if field.is_relation:
            return f"{path}_id" if path == "county" else f"{path}__id"
    return None


def tracked_models() -> list[type[models.Model]]:
    return sorted(registered_models.values(), key=lambda m: m._meta.label)


def window(since: date, until: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """`since` and `until` are whole days in the county's zone, both included."""
    start = datetime.combine(since, time.min, tzinfo=zone)
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def json_value(value: object) -> JsonScalar:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def change_rows(
    model: type[models.Model], county: County, start: datetime, end: datetime
) -> Iterator[AuditRow]:
    lookup = county_lookup(model)
    if lookup is None:
        return
    history = get_history_model_for_model(model)
    excluded = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}
    fields = [f for f in history._meta.fields if f.name not in excluded]
    rows = (
        history.objects.filter(**{lookup: county.pk}, history_date__gte=start, history_date__lt=end)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    previous: dict[object, dict[str, JsonScalar]] = {}
    for row in rows.iterator(chunk_size=500):
        values = {f.attname: json_value(getattr(row, f.attname)) for f in fields}
        before = previous.get(row.id) or (
            earlier_values(history, row, fields) if row.history_type == "~" else {}
        )
        changes = {k: [before.get(k), v] for k, v in values.items() if before.get(k) != v}
        previous[row.id] = values
        yield (
            row.history_date,
            row.history_user.username if row.history_user else "",
            ACTIONS.get(row.history_type, row.history_type),
            model._meta.label_lower,
            str(row.id),
            json.dumps(changes if row.history_type != "-" else {}, sort_keys=True),
            row.history_change_reason or "",
            "",
        )


def earlier_values(history: HistoryModel, row: HistoryRow, fields: list[Field]) -> dict[str, JsonScalar]:
    """The record as it stood before `row`, when that version lies before the export's window."""
    earlier = (
        history.objects.filter(id=row.id, history_date__lt=row.history_date).order_by("-history_date").first()
    )
    if earlier is None:
        return {}
    return {f.attname: json_value(getattr(earlier, f.attname)) for f in fields}


def access_rows(county: County, start: datetime, end: datetime) -> Iterator[AuditRow]:
    events = (
        AccessEvent.objects.filter(county=county, at__gte=start, at__lt=end)
        .select_related("user")
        .order_by("at", "id")
    )
    for event in events.iterator(chunk_size=500):
        yield (
            event.at,
            event.user.username,
            "view",
            event.record_type,
            event.record_id,
            json.dumps({"via": event.via, "path": event.path}, sort_keys=True),
            "",
            event.source_address or "",
        )


def audit_rows(county: County, since: date, until: date) -> Iterator[AuditRow]:
    start, end = window(since, until, county.zone)
    streams: list[Iterable[AuditRow]] = [change_rows(m, county, start, end) for m in tracked_models()]
    streams.append(access_rows(county, start, end))
    return heapq.merge(*streams, key=lambda row: row[0])


def csv_lines(rows: Iterable[AuditRow]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([row[0].isoformat(), *row[1:]])
        yield buffer.getvalue()
