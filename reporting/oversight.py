"""Reads for those who oversee the county's work: the dashboard's clocks, and the numbers the state asks for.

Each read takes the reader and covers only what they oversee: a supervisor's unit (the workers they supervise,
and their own cases), a county admin's county. The views that answer them are `dashboard` and `statistics`.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypedDict

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet

from accounts.models import User
from accounts.selectors import scoped
from kernel.roles import Role
from referrals.models import Client, CsecRow, CsecType

from .models import MISSED, Deadline, DeadlineKind

DUE_SOON_WINDOW = timedelta(hours=24)
ON_TIME_WINDOW = timedelta(days=90)
DASHBOARD_ROLES = {Role.SUPERVISOR, Role.COUNTY_ADMIN}
KIND_LABELS: dict[str, str] = dict(DeadlineKind.choices)
# The WIC 16501.45 categories, by the name each count has in the statistics answer.
CATEGORIES = {
    "victims_before_foster_care": CsecType.VICTIM_BEFORE_FOSTER_CARE,
    "victims_during_foster_care": CsecType.VICTIM_DURING_FOSTER_CARE,
    "victims_while_absent": CsecType.VICTIM_WHILE_ABSENT_FROM_PLACEMENT,
    "at_risk": CsecType.AT_RISK,
}


class KindCounts(TypedDict):
    kind: str
    label: str
    overdue: int
    due_soon: int


class WorkerCounts(TypedDict):
    worker: str  # the worker's id
    username: str
    name: str
    overdue: int
    due_soon: int


class OnTime(TypedDict):
    kind: str
    label: str
    met: int  # closed in the window: met, or missed (counted late)
    on_time: int
    on_time_rate: float | None  # None when no clock of the kind was closed in the window


@dataclass
class Dashboard:
    now: datetime
    overdue_count: int
    due_soon_count: int
    overdue: list[Deadline]
    due_soon: list[Deadline]
    by_kind: list[KindCounts]
    by_worker: list[WorkerCounts]
    on_time: list[OnTime]


def require_dashboard_reader(user: User) -> None:
    if not (user.county_id and user.role in DASHBOARD_ROLES):
        raise PermissionDenied("The dashboard is for supervisors and county admins.")


def unit_deadlines(user: User) -> QuerySet[Deadline]:
    """The clocks a dashboard reader oversees: a supervisor's unit, a county admin's whole county."""
    clocks = scoped(Deadline.objects.all(), user)
    if user.role == Role.SUPERVISOR:
        clocks = clocks.filter(Q(assigned_to__supervisor=user) | Q(assigned_to=user))
    return clocks


def rate(on_time: int, met: int) -> float | None:
    return round(on_time / met, 3) if met else None


def _first(clocks: QuerySet[Deadline], listed: int) -> list[Deadline]:
    """The first `listed` clocks to fall due, with the child and the worker each row names."""
    return list(clocks.select_related("client", "assigned_to").order_by("due_at")[:listed])


def _overdue_and_due_soon(now: datetime) -> tuple[Count, Count]:
    """Of the unmet clocks due by the end of the due-soon window: those already overdue, and the others."""
    return Count("id", filter=Q(due_at__lte=now)), Count("id", filter=Q(due_at__gt=now))


def _by_kind(window: QuerySet[Deadline], now: datetime) -> list[KindCounts]:
    overdue, due_soon = _overdue_and_due_soon(now)
    rows = window.values("kind").annotate(overdue=overdue, due_soon=due_soon).order_by("kind")
    return [
        KindCounts(
            kind=row["kind"],
            label=KIND_LABELS.get(row["kind"], row["kind"]),
            overdue=row["overdue"],
            due_soon=row["due_soon"],
        )
        for row in rows
    ]


def _by_worker(window: QuerySet[Deadline], now: datetime) -> list[WorkerCounts]:
    overdue, due_soon = _overdue_and_due_soon(now)
    rows = (
        window.values(
            "assigned_to", "assigned_to__username", "assigned_to__first_name", "assigned_to__last_name"
        )
        .annotate(overdue=overdue, due_soon=due_soon)
        .order_by("-overdue", "assigned_to__username")
    )
    return [
        WorkerCounts(
            worker=str(row["assigned_to"]),
            username=row["assigned_to__username"],
            name=f"{row['assigned_to__first_name']} {row['assigned_to__last_name']}".strip(),
            overdue=row["overdue"],
            due_soon=row["due_soon"],
        )
        for row in rows
    ]


def _on_time(clocks: QuerySet[Deadline], now: datetime) -> list[OnTime]:
    """Clocks closed in the window: met (on time or late), or missed (their period over before they were
    recorded), which count as late."""
    since = now - ON_TIME_WINDOW
    met = clocks.filter(Q(met_at__gte=since) | Q(cancelled_reason=MISSED, cancelled_at__gte=since))
    rows = (
        met.values("kind")
        .annotate(met=Count("id"), on_time=Count("id", filter=Q(met_late=False)))
        .order_by("kind")
    )
    return [
        OnTime(
            kind=row["kind"],
            label=KIND_LABELS.get(row["kind"], row["kind"]),
            met=row["met"],
            on_time=row["on_time"],
            on_time_rate=rate(row["on_time"], row["met"]),
        )
        for row in rows
    ]


def dashboard_for(user: User, now: datetime, *, listed: int) -> Dashboard:
    """The reader's clocks as of `now`. The counts cover them all; the lists name the first `listed`."""
    clocks = unit_deadlines(user)
    unmet = clocks.filter(met_at__isnull=True, cancelled_at__isnull=True)
    overdue = unmet.filter(due_at__lte=now)
    due_soon = unmet.filter(due_at__gt=now, due_at__lte=now + DUE_SOON_WINDOW)
    window = unmet.filter(due_at__lte=now + DUE_SOON_WINDOW)
    return Dashboard(
        now=now,
        overdue_count=overdue.count(),
        due_soon_count=due_soon.count(),
        overdue=_first(overdue, listed),
        due_soon=_first(due_soon, listed),
        by_kind=_by_kind(window, now),
        by_worker=_by_worker(window, now),
        on_time=_on_time(clocks, now),
    )


def clients_named(board: Dashboard) -> list[Client]:
    """The children the dashboard's lists name, each once."""
    return list({clock.client_id: clock.client for clock in board.overdue + board.due_soon}.values())


def csec_statistics(user: User, start: date, end: date) -> dict[str, int]:
    """Distinct children of the reader's county per category whose row of that type overlaps [start, end] (both
    days included); a row entered in error counts for no one."""
    rows = CsecRow.objects.filter(start_date__lte=end, entered_in_error_at__isnull=True)
    overlapping = scoped(rows, user).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    return {
        name: overlapping.filter(csec_type=csec_type).values("client_id").distinct().count()
        for name, csec_type in CATEGORIES.items()
    }
