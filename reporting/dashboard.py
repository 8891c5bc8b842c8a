"""The supervisor dashboard, as the API's JSON and as a page: what is overdue and about to be, by kind and by
worker, and how often on time. The numbers are read by `oversight`; this module only answers them.

A supervisor sees their unit (the workers they supervise, and their own cases); a county admin the county.
"""

from datetime import datetime
from typing import TypedDict

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import access_record_many
from accounts.models import User
from caseplans.selectors import PlanFlag, flagged_clients
from caseplans.serializers import PlanFlagSerializer
from kernel.acting import acting
from kernel.roles import Role

from .models import Deadline
from .oversight import (
    DUE_SOON_WINDOW,
    ON_TIME_WINDOW,
    Dashboard,
    clients_named,
    dashboard_for,
    require_dashboard_reader,
)

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


def _as_json(
    user: User, board: Dashboard, flags: list[PlanFlag], listed_flags: list[PlanFlag]
) -> dict[str, object]:
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
        "case_plan_flags_count": len(flags),
        "case_plan_flags": PlanFlagSerializer(listed_flags, many=True).data,
    }


class DashboardView(APIView):
    """Overdue and due-soon counts by kind and worker, and on-time rates (supervisors and county admins)."""

    @extend_schema(
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
        }
    )
    def get(self, request: Request) -> Response:
        user = acting(request)
        require_dashboard_reader(user)
        board = dashboard_for(user, timezone.now(), listed=LISTED)
        flags = flagged_clients(user)
        listed_flags = flags[:LISTED]
        access_record_many(request, clients_named(board) + [flag.client for flag in listed_flags], via="api")
        return Response(_as_json(user, board, flags, listed_flags))


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    require_dashboard_reader(user)
    board = dashboard_for(user, timezone.now(), listed=LISTED)
    access_record_many(request, clients_named(board), via="page")
    return render(
        request,
        "reporting/dashboard.html",
        {"board": board, "due_soon_hours": DUE_SOON_HOURS, "on_time_days": ON_TIME_WINDOW.days},
    )
