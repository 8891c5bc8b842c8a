"""Reads of case plans and the plan flag, scoped to the user's county."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import Greatest, TruncDate
from django.utils import timezone

from accounts.models import County, User
from accounts.selectors import RecordId, scoped, scoped_get
from kernel.display import day_text
from kernel.roles import Role
from referrals.models import VICTIM_TYPES, Client, CsecRow
from referrals.selectors import clients_visible

from .catalogue import cse_services_for
from .models import (
    DEFAULT_PLAN_DUE_DAYS,
    CasePlan,
    CaseplanSettings,
    CftMeeting,
    PlannedService,
    ServiceStatus,
)


def plan_due_days(county: County | None) -> int:
    """The county's days after identification by which a plan is due; the default where it set none (or for an
    account of no county)."""
    settings = CaseplanSettings.objects.filter(county=county).first()
    return settings.plan_due_days if settings else DEFAULT_PLAN_DUE_DAYS


def case_plans_visible(user: User) -> QuerySet[CasePlan]:
    return scoped(CasePlan.objects.select_related("client", "county"), user)


def case_plan_get(user: User, plan_id: RecordId) -> CasePlan:
    return scoped_get(CasePlan.objects.select_related("client", "county"), user, pk=plan_id)


def case_plan_of(client: Client) -> CasePlan | None:
    """The child's plan row with its services and meetings, entered in error or not: see `live_plan`."""
    return (
        CasePlan.objects.filter(client=client)
        # One call each: the stubs type a call's prefetches alike.
        .prefetch_related(
            Prefetch("services", queryset=PlannedService.objects.select_related("entered_in_error_by"))
        )
        .prefetch_related(
            Prefetch("cft_meetings", queryset=CftMeeting.objects.select_related("entered_in_error_by"))
        )
        .select_related("client", "county", "entered_in_error_by")
        .first()
    )


def live_plan(plan: CasePlan | None) -> CasePlan | None:
    """The plan the child has: none when its plan is entered in error (the row stays, marked, until a plan is
    created again on it)."""
    return None if plan is None or plan.entered_in_error else plan


def service_get(user: User, service_id: RecordId) -> PlannedService:
    return scoped_get(
        PlannedService.objects.select_related("case_plan__client", "county"), user, pk=service_id
    )


def cft_meeting_get(user: User, meeting_id: RecordId) -> CftMeeting:
    return scoped_get(CftMeeting.objects.select_related("case_plan__client", "county"), user, pk=meeting_id)


@dataclass(frozen=True)
class PlanFlag:
    """Why an identified child's plan is overdue (`no_plan` or `no_cse_service`), as of the county day `as_of`."""

    client: Client
    reason: str
    victim: bool
    identified_on: date
    due_on: date
    as_of: date

    @property
    def days_since(self) -> int:
        """Days since the current identification began, counted in the county's days."""
        return (self.as_of - self.identified_on).days

    @property
    def due_days(self) -> int:
        """The county's days after identification by which the plan was due (its setting when flagged)."""
        return (self.due_on - self.identified_on).days

    @property
    def message(self) -> str:
        if self.reason == "no_plan":
            return f"No case plan: one was due by {day_text(self.due_on)}."
        kind = "victim service" if self.victim else "CSE service (at-risk or victim)"
        return (
            f"The case plan has no {kind} from the catalogue that is neither declined nor entered in error: "
            f"due by {day_text(self.due_on)}."
        )

    @property
    def reason_label(self) -> str:
        return "No case plan" if self.reason == "no_plan" else "No CSE service in the plan"


def open_on(today: date, rows: str = "") -> Q:
    """A CSEC row open on the county day `today` and not entered in error; `rows` is the path to the rows
    ("csec_rows__" from a child)."""
    return Q(**{f"{rows}entered_in_error_at__isnull": True, f"{rows}start_date__lte": today}) & (
        Q(**{f"{rows}end_date__isnull": True}) | Q(**{f"{rows}end_date__gte": today})
    )


NOT_DECLINED = sorted(str(status) for status in ServiceStatus if status != ServiceStatus.DECLINED)


def served(*, victim: bool, county_id: UUID | None) -> Q:
    """The row's child (`client`) has a plan, not entered in error, holding a catalogue service fit for a victim
    (`victim`) or for a child at risk, neither declined nor entered in error. Asked of a whole county
    (`county_id`), as the county's served children read once into a set; of fewer children, child by child."""
    plans = CasePlan.objects.filter(
        entered_in_error_at__isnull=True,
        services__entered_in_error_at__isnull=True,
        services__service_code__in=sorted(cse_services_for(victim=victim)),
        services__status__in=NOT_DECLINED,
    )
    if county_id is not None:
        return Q(client__in=plans.filter(county_id=county_id).values("client"))
    return Q(Exists(plans.filter(client=OuterRef("client"))))


def identifications(rows: QuerySet[CsecRow], today: date, zone: ZoneInfo) -> QuerySet[CsecRow, Any]:
    """Of `rows`, those open on the county day `today`, one group per child (`client`): when the current
    identification began (`identified_on`: the earliest open row, counted from its start date or from the day,
    in the county's zone, its information was received when that came later) and how many of its open rows are
    of a victim type (`victim_rows`)."""
    groups: QuerySet[CsecRow, Any] = (
        rows.filter(open_on(today))
        .values("client")
        .annotate(
            identified_on=Min(Greatest("start_date", TruncDate("information_received_at", tzinfo=zone))),
            victim_rows=Count("pk", filter=Q(csec_type__in=sorted(VICTIM_TYPES))),
        )
        .order_by()
    )
    return groups


def flagged_groups(
    rows: QuerySet[CsecRow], today: date, zone: ZoneInfo, due_days: int, *, county_id: UUID | None = None
) -> QuerySet[CsecRow, Any]:
    """The children of `rows` flagged on the county day `today`, one group each: a plan with a CSE service was
    due `due_days` after the identification began, and they have none. A victim service serves every child; an
    at-risk service only a child identified at risk alone. Only the children's open rows are grouped; when they
    are a whole county's (`county_id`), its plans are read once (`served`)."""
    return (
        identifications(rows.exclude(served(victim=True, county_id=county_id)), today, zone)
        .filter(Q(identified_on__lt=today - timedelta(days=due_days)))
        .filter(Q(victim_rows__gt=0) | ~served(victim=False, county_id=county_id))
    )


# What a flag shows of its child (and the read of the child's record): the child, the worker, whether a plan.
FLAGGED_CHILD_COLUMNS = (
    "id",
    "county",
    "first_name",
    "last_name",
    "assigned_worker",
    "assigned_worker__id",
    "assigned_worker__username",
    "assigned_worker__first_name",
    "assigned_worker__last_name",
    "case_plan__id",
    "case_plan__entered_in_error_at",
)


def by_name(groups: QuerySet[CsecRow, Any]) -> QuerySet[CsecRow, Any]:
    """`groups` by their children's names, each counting them all (`total`). A name is looked up only for a
    group the filters kept (an index read each): no other child of the county is read."""
    child = Client.objects.filter(pk=OuterRef("client")).order_by()
    ordered: QuerySet[CsecRow, Any] = groups.annotate(
        child_last_name=Subquery(child.values("last_name")),
        child_first_name=Subquery(child.values("first_name")),
        total=Window(Count("client")),
    ).order_by("child_last_name", "child_first_name", "client")
    return ordered


def _flags(rows: Sequence[dict[str, Any]], today: date, due_days: int) -> list[PlanFlag]:
    """The flags of `rows` (groups of flagged children), in their order, each child read with what its flag
    shows (one query for all)."""
    children = (
        Client.objects.select_related("assigned_worker", "case_plan")
        .only(*FLAGGED_CHILD_COLUMNS)
        .in_bulk([row["client"] for row in rows])
    )
    return [_flag(children[row["client"]], row, today, due_days) for row in rows]


def _flag(client: Client, row: dict[str, Any], today: date, due_days: int) -> PlanFlag:
    # A missing reverse one-to-one is None; a plan entered in error counts as none.
    reason = "no_plan" if live_plan(getattr(client, "case_plan", None)) is None else "no_cse_service"
    start: date = row["identified_on"]
    return PlanFlag(client, reason, row["victim_rows"] > 0, start, start + timedelta(days=due_days), today)


def plan_flag(client: Client, today: date | None = None, due_days: int | None = None) -> PlanFlag | None:
    """The flag on an identified child whose plan (or CSE service in it) is missing after the county's days."""
    zone = client.county.zone
    if today is None:
        today = timezone.localdate(timezone=zone)
    if due_days is None:
        due_days = plan_due_days(client.county)
    rows = CsecRow.objects.filter(client=client)
    row = flagged_groups(rows, today, zone, due_days).first()
    return None if row is None else _flag(client, row, today, due_days)


def identified_clients(user: User, today: date) -> QuerySet[Client]:
    """The children of the user's county with a CSEC row open on `today`."""
    return (
        clients_visible(user)
        .filter(open_on(today, "csec_rows__"))
        .distinct()
        .order_by("last_name", "first_name")
    )


def in_view_of(user: User, clients: QuerySet[Client]) -> QuerySet[Client]:
    """A county admin sees the county; a supervisor their unit and their own cases; a worker their caseload."""
    if user.role == Role.COUNTY_ADMIN:
        return clients
    if user.role == Role.SUPERVISOR:
        unit = User.objects.filter(Q(supervisor=user) | Q(pk=user.pk)).values("pk")
        return clients.filter(assigned_worker__in=unit)  # the unit's few workers, each by the index of theirs
    return clients.filter(assigned_worker=user)


@dataclass(frozen=True)
class FlagList:
    """The flagged children in view: how many, and some of them by name."""

    count: int
    flags: list[PlanFlag]
    due_days: int | None


def _rows_in_view(user: User, worker: User | None) -> tuple[QuerySet[CsecRow], UUID | None]:
    """The CSEC rows of the children the user oversees (of one `worker` of them, when given), and the county
    when they are all of it (a county admin's, unnarrowed)."""
    rows = scoped(CsecRow.objects.all(), user)
    if worker is not None:
        return rows.filter(client__assigned_worker=worker), None
    if user.role == Role.COUNTY_ADMIN:
        return rows, user.county_id
    return rows.filter(client__in=in_view_of(user, Client.objects.all()).values("pk")), None


def flagged(
    user: User,
    *,
    listed: int | None = None,
    start: int = 0,
    worker: User | None = None,
    today: date | None = None,
) -> FlagList:
    """The flagged children the user oversees (of one `worker` of them, when given): all counted, and `listed`
    of them (all when None) by name from the `start`th, in three queries however many there are."""
    county = user.county
    if county is None:
        return FlagList(0, [], None)
    if today is None:
        today = timezone.localdate(timezone=county.zone)
    due_days = plan_due_days(county)
    rows, whole_county = _rows_in_view(user, worker)
    groups = by_name(flagged_groups(rows, today, county.zone, due_days, county_id=whole_county))
    shown = list(groups[start:] if listed is None else groups[start : start + listed])
    count = shown[0]["total"] if shown else 0  # the window's count, on every row
    return FlagList(count, _flags(shown, today, due_days), due_days)


def flagged_children(user: User, today: date) -> QuerySet[Client]:
    """The flagged children the user oversees, as children to page through (`flags_of` says why)."""
    county = user.county
    if county is None:
        return Client.objects.none()
    rows, whole_county = _rows_in_view(user, None)
    groups = flagged_groups(rows, today, county.zone, plan_due_days(county), county_id=whole_county)
    return Client.objects.filter(pk__in=groups.values("client"))


def flags_of(user: User, children: Sequence[Client], today: date) -> list[PlanFlag]:
    """The flags of `children` (read by `flagged_children`), in their order."""
    county = user.county
    if county is None or not children:
        return []
    rows, _ = _rows_in_view(user, None)
    listed = rows.filter(client__in=[child.pk for child in children])
    due_days = plan_due_days(county)
    found = {row["client"]: row for row in flagged_groups(listed, today, county.zone, due_days)}
    return _flags([found[child.pk] for child in children if child.pk in found], today, due_days)


def flagged_clients(user: User, today: date | None = None) -> list[PlanFlag]:
    """Every flagged child the user oversees, by name (a list as long as they are many: `flagged` pages it)."""
    return flagged(user, today=today).flags
