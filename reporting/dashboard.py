"""The supervisor dashboard: what is overdue and about to be, by kind and by worker, and how often on time.

A supervisor sees their unit (the workers they supervise, and their own cases); a county admin the county.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import access_record_many
from accounts.models import User
from caseplans.selectors import flagged_clients
from caseplans.serializers import PlanFlagSerializer
from kernel.roles import Role
from referrals.models import Client

from .models import Deadline, DeadlineKind

DUE_SOON_WINDOW = timedelta(hours=24)
ON_TIME_WINDOW = timedelta(days=90)
LISTED = 200  # rows per list on the dashboard; the counts cover them all, the full lists are a link away
DASHBOARD_ROLES = {Role.SUPERVISOR, Role.COUNTY_ADMIN}


def may_see_dashboard(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.county_id and user.role in DASHBOARD_ROLES)


def unit_deadlines(user: User) -> QuerySet[Deadline]:
    clocks = Deadline.objects.visible_to(user)
    if user.role == Role.SUPERVISOR:
        clocks = clocks.filter(Q(assigned_to__supervisor=user) | Q(assigned_to=user))
    return clocks


@dataclass
class Dashboard:
    now: datetime
    overdue_count: int
    due_soon_count: int
    overdue: list[Deadline]
    due_soon: list[Deadline]
    by_kind: list[dict[str, Any]] = field(default_factory=list)
    by_worker: list[dict[str, Any]] = field(default_factory=list)
    on_time: list[dict[str, Any]] = field(default_factory=list)


def rate(on_time: int, met: int) -> float | None:
    return round(on_time / met, 3) if met else None


def dashboard_for(user: User, now: datetime) -> Dashboard:
    clocks = unit_deadlines(user)
    unmet = clocks.filter(met_at__isnull=True, cancelled_at__isnull=True)
    overdue = unmet.filter(due_at__lte=now)
    due_soon = unmet.filter(due_at__gt=now, due_at__lte=now + DUE_SOON_WINDOW)
    related = ("client", "assigned_to")
    board = Dashboard(
        now=now,
        overdue_count=overdue.count(),
        due_soon_count=due_soon.count(),
        overdue=list(overdue.select_related(*related).order_by("due_at")[:LISTED]),
        due_soon=list(due_soon.select_related(*related).order_by("due_at")[:LISTED]),
    )
    overdue_n = Count("id", filter=Q(due_at__lte=now))
    due_soon_n = Count("id", filter=Q(due_at__gt=now))
    window = unmet.filter(due_at__lte=now + DUE_SOON_WINDOW)
    labels = dict(DeadlineKind.choices)
    board.by_kind = [
        {
            "kind": row["kind"],
            "label": labels.get(row["kind"], row["kind"]),
            "overdue": row["overdue"],
            "due_soon": row["due_soon"],
        }
        for row in window.values("kind").annotate(overdue=overdue_n, due_soon=due_soon_n).order_by("kind")
    ]
    board.by_worker = [
        {
            "worker": str(row["assigned_to"]),
            "username": row["assigned_to__username"],
            "name": f"{row['assigned_to__first_name']} {row['assigned_to__last_name']}".strip(),
            "overdue": row["overdue"],
            "due_soon": row["due_soon"],
        }
        for row in window.values(
            "assigned_to", "assigned_to__username", "assigned_to__first_name", "assigned_to__last_name"
        )
        .annotate(overdue=overdue_n, due_soon=due_soon_n)
        .order_by("-overdue", "assigned_to__username")
    ]
    met = clocks.filter(met_at__gte=now - ON_TIME_WINDOW)
    board.on_time = [
        {
            "kind": row["kind"],
            "label": labels.get(row["kind"], row["kind"]),
            "met": row["met"],
            "on_time": row["on_time"],
            "on_time_rate": rate(row["on_time"], row["met"]),
        }
        for row in met.values("kind")
        .annotate(met=Count("id"), on_time=Count("id", filter=Q(met_late=False)))
        .order_by("kind")
    ]
    return board


def clients_named(board: Dashboard) -> list[Client]:
    """The children the dashboard's lists name, each once."""
    return list({clock.client_id: clock.client for clock in board.overdue + board.due_soon}.values())


def deadline_row(clock: Deadline, now: datetime) -> dict[str, Any]:
    return {
        "id": str(clock.id),
        "kind": clock.kind,
        "client": str(clock.client_id),
        "client_name": clock.client.full_name,
        "assigned_to": str(clock.assigned_to_id),
        "due_at": clock.due_at,
        "status": clock.status_at(now),
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
        if not may_see_dashboard(request.user):
            raise exceptions.PermissionDenied("The dashboard is for supervisors and county admins.")
        now = timezone.now()
        board = dashboard_for(request.user, now)  # type: ignore[arg-type]
        flags = flagged_clients(request.user)
        listed_flags = flags[:LISTED]
        access_record_many(request, clients_named(board) + [flag.client for flag in listed_flags], via="api")
        return Response(
            {
                "generated_at": now,
                "scope": "county" if request.user.role == Role.COUNTY_ADMIN else "unit",  # type: ignore[union-attr]
                "overdue": board.overdue_count,
                "due_soon": board.due_soon_count,
                "due_soon_window_hours": int(DUE_SOON_WINDOW.total_seconds() // 3600),
                "by_kind": board.by_kind,
                "by_worker": board.by_worker,
                "on_time": board.on_time,
                "on_time_window_days": ON_TIME_WINDOW.days,
                "overdue_deadlines": [deadline_row(c, now) for c in board.overdue],
                "due_soon_deadlines": [deadline_row(c, now) for c in board.due_soon],
                "case_plan_flags_count": len(flags),
                "case_plan_flags": PlanFlagSerializer(listed_flags, many=True).data,
            }
        )


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    if not may_see_dashboard(request.user):
        raise PermissionDenied
    board = dashboard_for(request.user, timezone.now())  # type: ignore[arg-type]
    access_record_many(request, clients_named(board), via="page")
    return render(
        request,
        "reporting/dashboard.html",
        {
            "board": board,
            "due_soon_hours": int(DUE_SOON_WINDOW.total_seconds() // 3600),
            "on_time_days": ON_TIME_WINDOW.days,
        },
    )
