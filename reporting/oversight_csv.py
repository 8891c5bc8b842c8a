"""The oversight pages as CSV files: the rows each page shows, under the same filters, section by section.

Each row names its `section` (the page's table it comes from) and fills the columns that section has; instants
are written in the county's zone with their offset, days as YYYY-MM-DD, rates as fractions from 0 to 1.
"""

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import County
from caseplans.selectors import PlanFlag

from .models import Deadline
from .oversight import KIND_LABELS, Dashboard, MissingList, Scope, WeekOnTime

DASHBOARD_COLUMNS = [
    "section",
    "kind",
    "label",
    "worker",
    "child_id",
    "child",
    "due_at",
    "week_of",
    "overdue",
    "due_soon",
    "met",
    "on_time",
    "on_time_rate",
    "missing_since",
    "days_missing",
    "next_reconfirmation_due",
    "identified_on",
    "plan_due_on",
]
Row = dict[str, object]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text(value: str) -> str:
    """Text a person typed, kept from being read as a formula by a spreadsheet."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def instant(value: datetime | None, zone: ZoneInfo) -> str:
    return timezone.localtime(value, zone).isoformat() if value else ""


def day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _clock_rows(section: str, clocks: Sequence[Deadline], zone: ZoneInfo) -> Iterable[Row]:
    for clock in clocks:
        yield {
            "section": section,
            "kind": clock.kind,
            "label": KIND_LABELS.get(clock.kind, clock.kind),
            "worker": text(str(clock.assigned_to)),
            "child_id": clock.client_id,
            "child": text(clock.client.full_name),
            "due_at": instant(clock.due_at, zone),
        }


def dashboard_rows(
    scope: Scope,
    board: Dashboard,
    trend: Sequence[WeekOnTime],
    missing: MissingList,
    flags: Sequence[PlanFlag],
    zone: ZoneInfo,
    listed: int,
) -> Iterable[Row]:
    """The dashboard's rows in the order the page shows them (the first `listed` workers, as it does)."""
    yield {
        "section": "view",
        "kind": scope.kind,
        "label": f"As of {instant(board.now, zone)}",
        "worker": text(str(scope.worker)) if scope.worker else "",
    }
    yield {"section": "totals", "overdue": board.overdue_count, "due_soon": board.due_soon_count}
    for rated in board.on_time:
        yield {
            "section": "on_time",
            "kind": rated["kind"],
            "label": rated["label"],
            "met": rated["met"],
            "on_time": rated["on_time"],
            "on_time_rate": "" if rated["on_time_rate"] is None else rated["on_time_rate"],
        }
    for week in trend:
        yield {
            "section": "on_time_by_week",
            "week_of": day(week["week"]),
            "met": week["met"],
            "on_time": week["on_time"],
            "on_time_rate": "" if week["on_time_rate"] is None else week["on_time_rate"],
        }
    yield from _clock_rows("overdue", board.overdue, zone)
    yield from _clock_rows("due_soon", board.due_soon, zone)
    for child in missing.children:
        episode = child.episode
        yield {
            "section": "missing",
            "worker": text(str(episode.client.assigned_worker)),
            "child_id": episode.client_id,
            "child": text(episode.client.full_name),
            "missing_since": instant(episode.discovered_at, zone),
            "days_missing": child.days_missing,
            "next_reconfirmation_due": instant(child.next_reconfirmation, zone),
        }
    for kind in board.by_kind:
        yield {
            "section": "by_kind",
            "kind": kind["kind"],
            "label": kind["label"],
            "overdue": kind["overdue"],
            "due_soon": kind["due_soon"],
        }
    for worker in board.by_worker[:listed]:
        yield {
            "section": "by_worker",
            "worker": text(worker["name"] or worker["username"]),
            "overdue": worker["overdue"],
            "due_soon": worker["due_soon"],
        }
    for flag in flags:
        yield {
            "section": "case_plan_overdue",
            "label": flag.reason_label,
            "worker": text(str(flag.client.assigned_worker)),
            "child_id": flag.client.pk,
            "child": text(flag.client.full_name),
            "identified_on": day(flag.identified_on),
            "plan_due_on": day(flag.due_on),
        }


def csv_response(filename: str, columns: Sequence[str], rows: Iterable[Row]) -> HttpResponse:
    """A CSV download of `rows` under a header of `columns` (a row leaves empty what it does not have)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.DictWriter(response, fieldnames=list(columns), restval="")
    writer.writeheader()
    writer.writerows(rows)
    return response


def download_name(what: str, county: County, *days: date) -> str:
    """`what-county-day[-to-day].csv`: the file says whose numbers and of when."""
    period = "-to-".join(f"{d:%Y-%m-%d}" for d in days)
    return f"{what}-{slugify(county.name)}-{period}.csv"
