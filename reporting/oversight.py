"""Reads for those who oversee the county's work: the dashboard's clocks, and the numbers the state asks for.

Each read takes a `Scope`: the reader, and what they narrowed the dashboard to. A supervisor oversees their unit
(the workers they supervise, and their own cases), a county admin the county; either may narrow it to one worker
of theirs and to one kind of clock. Every question reads only what it asks about: the open clocks (the counts and
lists) and the clocks closed in a window (the on-time rates), each on a partial index that holds no other clock
(`Deadline.Meta.indexes`), so a dashboard costs the same few queries however long the county's history.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypedDict

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Min, Q, QuerySet, Value
from django.db.models.functions import TruncWeek
from django.utils import timezone

from accounts.models import User
from accounts.selectors import scoped
from kernel.county_time import county_day, county_today
from kernel.roles import Role
from referrals.models import Client, CsecRow, CsecType, MissingEpisode

from .models import MISSED_CLOCK, OPEN_CLOCK, Deadline, DeadlineKind

DUE_SOON_WINDOW = timedelta(hours=24)
ON_TIME_WINDOW = timedelta(days=90)
TREND_WEEKS = 12
DASHBOARD_ROLES = {Role.SUPERVISOR, Role.COUNTY_ADMIN}
KIND_LABELS: dict[str, str] = dict(DeadlineKind.choices)
# The WIC 16501.45 categories, by the name each count has in the statistics answer.
CATEGORIES = {
    "victims_before_foster_care": CsecType.VICTIM_BEFORE_FOSTER_CARE,
    "victims_during_foster_care": CsecType.VICTIM_DURING_FOSTER_CARE,
    "victims_while_absent": CsecType.VICTIM_WHILE_ABSENT_FROM_PLACEMENT,
    "at_risk": CsecType.AT_RISK,
}
CATEGORY_LABELS = {name: CsecType(csec_type).label for name, csec_type in CATEGORIES.items()}


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


class Rated(TypedDict):
    met: int  # closed: met, or missed (counted late)
    on_time: int


class WeekOnTime(TypedDict):
    week: date  # the county's Monday the week began
    met: int  # closed that week: met, or missed (counted late)
    on_time: int
    on_time_rate: float | None  # None when no clock closed that week


@dataclass(frozen=True)
class Scope:
    """What a dashboard reader looks at: their unit or county, or one `worker` of it, and one `kind` of clock
    or every kind (""). The worker is one the reader oversees (`unit_members`): the filter form makes sure."""

    reader: User
    worker: User | None = None
    kind: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


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


@dataclass(frozen=True)
class MissingChild:
    episode: MissingEpisode  # with its child and the child's worker
    days_missing: int  # county days since the day the child was found missing
    next_reconfirmation: datetime | None  # when the earliest unmet reconfirmation falls due


@dataclass(frozen=True)
class MissingList:
    count: int
    children: list[MissingChild]  # the longest missing first


def require_dashboard_reader(user: User) -> None:
    if not (user.county_id and user.role in DASHBOARD_ROLES):
        raise PermissionDenied("The dashboard is for supervisors and county admins.")


def unit_members(user: User) -> QuerySet[User]:
    """The people whose cases a dashboard reader oversees: a supervisor's unit and the supervisor, a county
    admin's whole county. Closed accounts count: their clocks still run until their cases are reassigned."""
    members = scoped(User.objects.all(), user)
    if user.role == Role.SUPERVISOR:
        members = members.filter(Q(supervisor=user) | Q(pk=user.pk))
    return members


def unit_deadlines(scope: Scope) -> QuerySet[Deadline]:
    """The clocks in the scope: assigned to the one worker, or to the unit (a county admin's: the county)."""
    clocks = scoped(Deadline.objects.all(), scope.reader)
    if scope.worker is not None:
        clocks = clocks.filter(assigned_to=scope.worker)
    elif scope.reader.role == Role.SUPERVISOR:
        clocks = clocks.filter(assigned_to__in=unit_members(scope.reader).values("pk"))
    return clocks.filter(kind=scope.kind) if scope.kind else clocks


def _children_of(scope: Scope, path: str) -> Q:
    """The children in the scope, reached from a record by `path` ("client__"): assigned to the one worker, or
    to someone of the unit (a county admin's: anyone; the county itself is the caller's to scope)."""
    if scope.worker is not None:
        return Q(**{f"{path}assigned_worker": scope.worker})
    if scope.reader.role == Role.SUPERVISOR:
        return Q(**{f"{path}assigned_worker__in": unit_members(scope.reader).values("pk")})
    return Q()


def rate(on_time: int, met: int) -> float | None:
    return round(on_time / met, 3) if met else None


# What a listed clock shows (and the read of its child records): its columns, its child's, its worker's.
LISTED_COLUMNS = (
    "id",
    "kind",
    "due_at",
    "met_at",
    "cancelled_at",
    "client__id",
    "client__county",
    "client__first_name",
    "client__last_name",
    "assigned_to__id",
    "assigned_to__username",
    "assigned_to__first_name",
    "assigned_to__last_name",
)


def _first(clocks: QuerySet[Deadline], listed: int) -> list[Deadline]:
    """The first `listed` clocks to fall due, with the child and the worker each row names (what they show)."""
    named = clocks.select_related("client", "assigned_to").only(*LISTED_COLUMNS)
    return list(named.order_by("due_at", "pk")[:listed])


# What the counts count: a row, named by no column (a count of a column would make each index-only scan read the
# table for it).
ROW = Value(1)


def _overdue_and_due_soon(now: datetime) -> tuple[Count, Count]:
    """Of the open clocks due by the end of the due-soon window: those already overdue, and the others."""
    return Count(ROW, filter=Q(due_at__lte=now)), Count(ROW, filter=Q(due_at__gt=now))


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


ON_TIME = Q(met_late=False)  # a missed clock, never met, is never on time


def rated_counts(
    clocks: QuerySet[Deadline], since: datetime, group: Callable[[str], Any]
) -> dict[Any, Rated]:
    """Of `clocks`, those the on-time rates count that closed at or after `since`, in groups: met (on time or
    late) by `group` of when each was met, and missed (its period over before it was recorded, counted late)
    by `group` of when it was closed. One query, each half of it on the partial index of its clocks."""
    met = (
        clocks.filter(met_at__gte=since)
        .annotate(group=group("met_at"))
        .values("group")
        .annotate(met=Count(ROW), on_time=Count(ROW, filter=ON_TIME))
        .order_by()
    )
    missed = (
        clocks.filter(MISSED_CLOCK, cancelled_at__gte=since)
        .annotate(group=group("cancelled_at"))
        .values("group")
        .annotate(met=Count(ROW), on_time=Value(0))
        .order_by()
    )
    counts: dict[Any, Rated] = {}
    for row in met.union(missed, all=True).order_by():
        before = counts.get(row["group"], Rated(met=0, on_time=0))
        counts[row["group"]] = Rated(
            met=before["met"] + row["met"], on_time=before["on_time"] + row["on_time"]
        )
    return counts


def _on_time(clocks: QuerySet[Deadline], now: datetime) -> list[OnTime]:
    """Per kind, the clocks closed in the last `ON_TIME_WINDOW`, and how many on time."""
    counts = rated_counts(clocks, now - ON_TIME_WINDOW, lambda _closed_at: F("kind"))
    return [
        OnTime(
            kind=kind,
            label=KIND_LABELS.get(kind, kind),
            met=counts[kind]["met"],
            on_time=counts[kind]["on_time"],
            on_time_rate=rate(counts[kind]["on_time"], counts[kind]["met"]),
        )
        for kind in sorted(counts)
    ]


def dashboard_for(scope: Scope, now: datetime, *, listed: int) -> Dashboard:
    """The scope's clocks as of `now`. The counts cover them all; the lists name the first `listed`."""
    clocks = unit_deadlines(scope)
    unmet = clocks.filter(OPEN_CLOCK)
    window = unmet.filter(due_at__lte=now + DUE_SOON_WINDOW)
    by_kind = _by_kind(window, now)
    return Dashboard(
        now=now,
        overdue_count=sum(row["overdue"] for row in by_kind),
        due_soon_count=sum(row["due_soon"] for row in by_kind),
        overdue=_first(unmet.filter(due_at__lte=now), listed),
        due_soon=_first(window.filter(due_at__gt=now), listed),
        by_kind=by_kind,
        by_worker=_by_worker(window, now),
        on_time=_on_time(clocks, now),
    )


def trend_weeks(today: date) -> list[date]:
    """The Mondays that began the last `TREND_WEEKS` weeks of the county, this one last."""
    this_week = today - timedelta(days=today.weekday())
    return [this_week - timedelta(weeks=back) for back in range(TREND_WEEKS - 1, -1, -1)]


def on_time_trend(scope: Scope, now: datetime) -> list[WeekOnTime]:
    """The on-time rate of each of the last `TREND_WEEKS` county weeks (Monday to Sunday in the county's zone),
    by the week each clock closed, in one query; a week in which no clock closed reads None."""
    county = scope.reader.home_county
    zone = county.zone
    weeks = trend_weeks(county_day(now, county))
    since = datetime.combine(weeks[0], time.min, tzinfo=zone)
    counts = rated_counts(unit_deadlines(scope), since, lambda closed_at: TruncWeek(closed_at, tzinfo=zone))
    by_day = {timezone.localtime(week, zone).date(): counted for week, counted in counts.items()}
    trend = []
    for week in weeks:
        counted = by_day.get(week, Rated(met=0, on_time=0))
        trend.append(
            WeekOnTime(
                week=week,
                met=counted["met"],
                on_time=counted["on_time"],
                on_time_rate=rate(counted["on_time"], counted["met"]),
            )
        )
    return trend


def missing_children(scope: Scope, now: datetime, *, listed: int) -> MissingList:
    """The children of the scope missing now (an episode neither returned nor entered in error), the longest
    missing first: all counted, the first `listed` named with their next reconfirmation, in three queries (the
    count apart, so that only the children listed are joined to their records)."""
    episodes = scoped(MissingEpisode.objects.all(), scope.reader).filter(
        _children_of(scope, "client__"), returned_at__isnull=True, entered_in_error_at__isnull=True
    )
    count = episodes.count()
    shown = list(episodes.select_related("client__assigned_worker").order_by("discovered_at", "pk")[:listed])
    next_due = dict(
        Deadline.objects.filter(
            OPEN_CLOCK,
            missing_episode__in=[episode.pk for episode in shown],
            kind=DeadlineKind.WHEREABOUTS_RECONFIRMATION,
        )
        .values("missing_episode")
        .annotate(next_due=Min("due_at"))
        .values_list("missing_episode", "next_due")
    )
    county = scope.reader.home_county
    today = county_today(county)
    return MissingList(
        count=count,
        children=[
            MissingChild(
                episode=episode,
                days_missing=(today - county_day(episode.discovered_at, county)).days,
                next_reconfirmation=next_due.get(episode.pk),
            )
            for episode in shown
        ],
    )


def clients_named(board: Dashboard) -> list[Client]:
    """The children the dashboard's lists name, each once."""
    return list({clock.client_id: clock.client for clock in board.overdue + board.due_soon}.values())


def csec_statistics(user: User, start: date, end: date) -> dict[str, int]:
    """Distinct children of the reader's county per category whose row of that type overlaps [start, end] (both
    days included), in one query; a row entered in error counts for no one."""
    rows = CsecRow.objects.filter(start_date__lte=end, entered_in_error_at__isnull=True)
    overlapping = scoped(rows, user).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    counts = overlapping.aggregate(
        **{
            name: Count("client", distinct=True, filter=Q(csec_type=csec_type))
            for name, csec_type in CATEGORIES.items()
        }
    )
    return {name: counts[name] for name in CATEGORIES}
