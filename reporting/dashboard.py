"""The supervisor dashboard, as the API's JSON, as a page and as a CSV of the page: what is overdue and about to
be, by kind and by worker, how often on time (by kind, and week by week), and who is missing. The numbers are
read by `oversight`; this module only answers them.

A supervisor sees their unit (the workers they supervise, and their own cases); a county admin the county. Either
may narrow it to one worker of theirs (`worker`, an id) and one kind of clock (`kind`).
"""

from datetime import datetime
from typing import TypedDict
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import access_record_many
from accounts.models import User
from caseplans.selectors import FlagList, PlanFlag, flagged
from caseplans.serializers import PlanFlagSerializer
from kernel.acting import acting
from kernel.county_time import county_today
from kernel.roles import Role

from .charts import BarChart, ColumnChart, Point, bar_chart, percent, rate_columns
from .models import Deadline, DeadlineKind
from .oversight import (
    DUE_SOON_WINDOW,
    ON_TIME_WINDOW,
    TREND_WEEKS,
    Dashboard,
    MissingList,
    OnTime,
    Scope,
    WeekOnTime,
    clients_named,
    dashboard_for,
    missing_children,
    on_time_trend,
    require_dashboard_reader,
)
from .oversight_csv import DASHBOARD_COLUMNS, csv_response, dashboard_rows, download_name
from .oversight_forms import DashboardFilterForm, refusal_text, refusals

LISTED = 200  # rows per list on the dashboard; the counts cover them all, the full lists are a link away
DUE_SOON_HOURS = int(DUE_SOON_WINDOW.total_seconds() // 3600)


class DeadlineRow(TypedDict):
    id: str
    kind: str
    client: str
    client_name: str
    assigned_to: str
    due_at: datetime
    status: str


def deadline_row(clock: Deadline, now: datetime) -> DeadlineRow:
    return {
        "id": str(clock.id),
        "kind": clock.kind,
        "client": str(clock.client_id),
        "client_name": clock.client.full_name,
        "assigned_to": str(clock.assigned_to_id),
        "due_at": clock.due_at,
        "status": clock.status_at(now),
    }


def flag_row(flag: PlanFlag) -> dict[str, object]:
    """A flag as `PlanFlagSerializer` answers it, written out: a county's first 200 cost a serializer's pass each
    (a test holds the two to the same answer)."""
    return {
        "client": str(flag.client.pk),
        "client_name": flag.client.full_name,
        "assigned_worker": str(flag.client.assigned_worker_id),
        "reason": flag.reason,
        "reason_label": flag.reason_label,
        "message": flag.message,
        "victim": flag.victim,
        "identified_on": flag.identified_on.isoformat(),
        "days_since": flag.days_since,
        "due_days": flag.due_days,
        "due_on": flag.due_on.isoformat(),
    }


def _as_json(user: User, board: Dashboard, flags: FlagList) -> dict[str, object]:
    return {
        "generated_at": board.now,
        "scope": "county" if user.role == Role.COUNTY_ADMIN else "unit",
        "overdue": board.overdue_count,
        "due_soon": board.due_soon_count,
        "due_soon_window_hours": DUE_SOON_HOURS,
        "by_kind": board.by_kind,
        "by_worker": board.by_worker,
        "on_time": board.on_time,
        "on_time_window_days": ON_TIME_WINDOW.days,
        "overdue_deadlines": [deadline_row(c, board.now) for c in board.overdue],
        "due_soon_deadlines": [deadline_row(c, board.now) for c in board.due_soon],
        "case_plan_flags_count": flags.count,
        "case_plan_flags": [flag_row(flag) for flag in flags.flags],
    }


class DashboardQuery(serializers.Serializer):
    """What the dashboard may be narrowed to (the answer's fields stay the same)."""

    worker = serializers.CharField(
        required=False,
        help_text="One worker of the caller's unit (a county admin's: of the county), by id or by username.",
    )
    kind = serializers.ChoiceField(choices=DeadlineKind.choices, required=False)


class DashboardView(APIView):
    """Overdue and due-soon counts by kind and worker, and on-time rates (supervisors and county admins)."""

    @extend_schema(
        parameters=[DashboardQuery],
        responses={
            200: inline_serializer(
                "Dashboard",
                {
                    "generated_at": serializers.DateTimeField(),
                    "scope": serializers.CharField(),
                    "overdue": serializers.IntegerField(),
                    "due_soon": serializers.IntegerField(),
                    "due_soon_window_hours": serializers.IntegerField(),
                    "by_kind": serializers.ListField(child=serializers.DictField()),
                    "by_worker": serializers.ListField(child=serializers.DictField()),
                    "on_time": serializers.ListField(child=serializers.DictField()),
                    "on_time_window_days": serializers.IntegerField(),
                    "overdue_deadlines": serializers.ListField(child=serializers.DictField()),
                    "due_soon_deadlines": serializers.ListField(child=serializers.DictField()),
                    "case_plan_flags_count": serializers.IntegerField(
                        help_text="All flagged children of the unit (or county), however many are listed."
                    ),
                    "case_plan_flags": PlanFlagSerializer(
                        many=True, help_text=f"The first {LISTED} flagged children, by name."
                    ),
                },
            )
        },
    )
    def get(self, request: Request) -> Response:
        user = acting(request)
        require_dashboard_reader(user)
        form = DashboardFilterForm(request.query_params, reader=user)
        if not form.is_valid():
            raise ValidationError(refusals(form))
        scope = form.scope()
        board = dashboard_for(scope, timezone.now(), listed=LISTED)
        flags = flagged(user, listed=LISTED, worker=scope.worker)
        access_record_many(request, clients_named(board) + [flag.client for flag in flags.flags], via="api")
        return Response(_as_json(user, board, flags))


def on_time_chart(on_time: list[OnTime]) -> BarChart:
    return bar_chart(
        [
            Point(
                row["label"],
                row["on_time_rate"],
                f"{percent(row['on_time_rate'])} ({row['on_time']} of {row['met']})",
            )
            for row in on_time
        ],
        maximum=1,
    )


def trend_chart(trend: list[WeekOnTime]) -> ColumnChart:
    return rate_columns(
        [
            Point(
                f"{week['week'].month}/{week['week'].day}",
                week["on_time_rate"],
                percent(week["on_time_rate"]),
            )
            for week in trend
        ]
    )


def filters_query(scope: Scope) -> str:
    """The query string of the filters in force, for the links that keep them (the CSV's)."""
    filters = {"worker": str(scope.worker.pk) if scope.worker else "", "kind": scope.kind}
    return urlencode({name: value for name, value in filters.items() if value})


def _page_reads(scope: Scope) -> tuple[Dashboard, list[WeekOnTime], MissingList]:
    """What the page shows beside the API's answer: the weeks' on-time rates and the children missing now."""
    now = timezone.now()
    board = dashboard_for(scope, now, listed=LISTED)
    return board, on_time_trend(scope, now), missing_children(scope, now, listed=LISTED)


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    require_dashboard_reader(user)
    form = DashboardFilterForm(request.GET, reader=user)
    scope = form.scope()
    board, trend, missing = _page_reads(scope)
    named = clients_named(board) + [child.episode.client for child in missing.children]
    access_record_many(request, named, via="page")
    context = {
        "form": form,
        "scope": scope,
        "board": board,
        "trend": trend,
        "missing": missing,
        "on_time_chart": on_time_chart(board.on_time),
        "trend_chart": trend_chart(trend),
        "due_soon_hours": DUE_SOON_HOURS,
        "on_time_days": ON_TIME_WINDOW.days,
        "trend_weeks": TREND_WEEKS,
        "listed": LISTED,
        "csv_query": filters_query(scope),
    }
    return render(request, "reporting/dashboard.html", context, status=400 if form.errors else 200)


@login_required
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    """The dashboard as shown under the same filters, as a CSV file named for the county and the day."""
    user = acting(request)
    require_dashboard_reader(user)
    form = DashboardFilterForm(request.GET, reader=user)
    if not form.is_valid():
        return HttpResponse(refusal_text(form), status=400, content_type="text/plain; charset=utf-8")
    scope = form.scope()
    board, trend, missing = _page_reads(scope)
    flags = flagged(user, listed=LISTED, worker=scope.worker)
    named = (
        clients_named(board)
        + [child.episode.client for child in missing.children]
        + [flag.client for flag in flags.flags]
    )
    access_record_many(request, named, via="export")
    county = user.home_county
    rows = dashboard_rows(scope, board, trend, missing, flags.flags, county.zone, LISTED)
    return csv_response(download_name("dashboard", county, county_today(county)), DASHBOARD_COLUMNS, rows)
