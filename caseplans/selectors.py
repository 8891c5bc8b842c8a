"""Reads of case plans and the plan flag, scoped to the user's county."""

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import County, User
from accounts.selectors import RecordId, scoped, scoped_get
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
            return f"No case plan: one was due by {self.due_on:%m/%d/%Y}."
        kind = "victim service" if self.victim else "CSE service (at-risk or victim)"
        return (
            f"The case plan has no {kind} from the catalogue that is neither declined nor entered in error: "
            f"due by {self.due_on:%m/%d/%Y}."
        )

    @property
    def reason_label(self) -> str:
        return "No case plan" if self.reason == "no_plan" else "No CSE service in the plan"


def open_rows(rows: list[CsecRow], today: date) -> list[CsecRow]:
    return [row for row in rows if row.is_open_on(today)]


def identified_on(rows: list[CsecRow], zone: ZoneInfo) -> date:
    """The day the current identification began: the earliest open row, counted from when the agency could act on
    it (its start date, or the day its information was received when that came later)."""
    return min(
        max(row.start_date, timezone.localtime(row.information_received_at, zone).date()) for row in rows
    )


def has_cse_service(plan: CasePlan, *, victim: bool) -> bool:
    """A service of the catalogue for the child's identification, not declined and not entered in error."""
    wanted = cse_services_for(victim=victim)
    return any(
        s.service_code in wanted and s.status != ServiceStatus.DECLINED and not s.entered_in_error
        for s in plan.services.all()
    )


def plan_flag(client: Client, today: date | None = None, due_days: int | None = None) -> PlanFlag | None:
    """The flag on an identified child whose plan (or CSE service in it) is missing after the county's days."""
    zone = client.county.zone
    if today is None:
        today = timezone.localdate(timezone=zone)
    rows = open_rows(list(client.csec_rows.all()), today)
    if not rows:
        return None
    victim = any(row.csec_type in VICTIM_TYPES for row in rows)
    start = identified_on(rows, zone)
    due_on = start + timedelta(days=due_days if due_days is not None else plan_due_days(client.county))
    if today <= due_on:
        return None
    # A missing reverse one-to-one is None; a plan entered in error counts as none.
    plan = live_plan(getattr(client, "case_plan", None))
    if plan is None:
        return PlanFlag(client, "no_plan", victim, start, due_on, today)
    if not has_cse_service(plan, victim=victim):
        return PlanFlag(client, "no_cse_service", victim, start, due_on, today)
    return None


def identified_clients(user: User, today: date) -> QuerySet[Client]:
    open_today = Q(csec_rows__start_date__lte=today, csec_rows__entered_in_error_at__isnull=True) & (
        Q(csec_rows__end_date__isnull=True) | Q(csec_rows__end_date__gte=today)
    )
    return (
        clients_visible(user)
        .filter(open_today)
        .distinct()
        .select_related("case_plan")
        .prefetch_related("csec_rows", "case_plan__services")
        .order_by("last_name", "first_name")
    )


def in_view_of(user: User, clients: QuerySet[Client]) -> QuerySet[Client]:
    """A county admin sees the county; a supervisor their unit and their own cases; a worker their caseload."""
    if user.role == Role.COUNTY_ADMIN:
        return clients
    if user.role == Role.SUPERVISOR:
        return clients.filter(Q(assigned_worker=user) | Q(assigned_worker__supervisor=user))
    return clients.filter(assigned_worker=user)


def flagged_clients(user: User, today: date | None = None) -> list[PlanFlag]:
    if user.county is None:
        return []
    if today is None:
        today = timezone.localdate(timezone=user.county.zone)
    due_days = plan_due_days(user.county)
    flags = []
    for client in in_view_of(user, identified_clients(user, today)):
        flag = plan_flag(client, today, due_days)
        if flag is not None:
            flags.append(flag)
    return flags


def user_due_days(user: User) -> int | None:
    return plan_due_days(user.county) if user.county_id else None
