"""Write paths of case plans: validate, write with history and the acting user, all or nothing."""

from collections.abc import Mapping
from datetime import date
from typing import Any, TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.models import County, User
from accounts.services import county_settings_lock
from kernel.county_time import county_today
from kernel.errors import FieldErrors, check_choice, check_text, raise_if, refuse_unknown
from kernel.history import save_with_history
from kernel.instants import BEFORE_BIRTH, check_day
from kernel.roles import Role, may_write, require_writer
from referrals.models import Client
from referrals.selectors import csec_rows_open_on

from .catalogue import ServiceCode
from .models import CasePlan, CaseplanSettings, CftMeeting, PlannedService, ServiceStatus

MAX_PLAN_DUE_DAYS = 365
PROTOCOL_ADMIN_ONLY = "Only the county admin sets the county's protocol."


def check_child_day(
    errors: FieldErrors, field: str, day: date | None, client: Client, *, required: bool = True
) -> None:
    """A day of the child's plan: a real day, not in the future, not before the child was born."""
    born = client.date_of_birth
    check_day(errors, field, day, county_today(client.county), required=required, after=(born, BEFORE_BIRTH))


def require_plan_writer(user: User) -> None:
    """Who may open the forms of a case plan: the roles that write the case record."""
    if not may_write(user):
        raise PermissionDenied("Only social workers, probation officers and supervisors write case plans.")


def check_same_county(user: User, client: Client) -> None:
    if client.county_id != user.county_id:
        # Another county's child is unknown to the caller, never "forbidden".
        raise ValidationError({"client": ["Unknown client."]})


# --- The plan ---------------------------------------------------------------------------------------------------


def validate_plan(client: Client, assessment_date: date | None, goal: object, addresses_cse: object) -> None:
    errors: FieldErrors = {}
    check_child_day(errors, "assessment_date", assessment_date, client)
    check_text(errors, "goal", goal)
    if addresses_cse is not True:
        errors["addresses_cse"] = [
            "State that the plan addresses the child's commercial sexual exploitation."
        ]
    raise_if(errors)


@transaction.atomic
def case_plan_save(
    *, user: User, client: Client, assessment_date: date | None, goal: str, addresses_cse: bool
) -> CasePlan:
    """Create the child's plan, or change its assessment, goal and statement. A new plan needs an identified
    child (a CSEC row open today); an existing one stays editable after the row closes."""
    require_writer(user)
    check_same_county(user, client)
    validate_plan(client, assessment_date, goal, addresses_cse)
    plan = CasePlan.objects.select_for_update().filter(client=client).first()
    if plan is None:
        if not csec_rows_open_on(client, county_today(client.county)).exists():
            raise ValidationError(
                {
                    "client": [
                        "A case plan is for an identified child: document a CSEC type (victim or at risk) first."
                    ]
                }
            )
        plan = CasePlan(client=client, county_id=client.county_id, created_by=user)
        reason = "Case plan created"
    else:
        reason = "Case plan changed"
    assert assessment_date is not None  # checked above
    plan.assessment_date = assessment_date
    plan.goal = goal.strip()
    plan.addresses_cse = True
    try:
        with transaction.atomic():
            save_with_history(plan, user, reason)
    except IntegrityError as exc:
        # Two people created the child's plan at the same moment: the other one won; nothing is half-saved.
        raise ValidationError(
            {"client": ["A case plan was just created for this child: reload and edit it."]}
        ) from exc
    return plan


# --- Services ---------------------------------------------------------------------------------------------------


def validate_service_dates(
    errors: FieldErrors,
    client: Client,
    status: str,
    referred_on: date | None,
    started_on: date | None,
    ended_on: date | None,
) -> None:
    today = county_today(client.county)
    check_child_day(errors, "referred_on", referred_on, client)
    check_day(errors, "started_on", started_on, today, required=False)
    check_day(errors, "ended_on", ended_on, today, required=False)
    if (
        isinstance(referred_on, date)
        and isinstance(started_on, date)
        and "started_on" not in errors
        and started_on < referred_on
    ):
        errors.setdefault("started_on", []).append("Cannot be before the referral date.")
    first = started_on if isinstance(started_on, date) else referred_on
    if (
        isinstance(first, date)
        and isinstance(ended_on, date)
        and "ended_on" not in errors
        and ended_on < first
    ):
        errors.setdefault("ended_on", []).append("Cannot be before the service started (or was referred).")
    if status == ServiceStatus.ACTIVE and started_on is None:
        errors.setdefault("started_on", []).append("An active service needs the date it started.")
    if status == ServiceStatus.COMPLETED and ended_on is None:
        errors.setdefault("ended_on", []).append("A completed service needs the date it ended.")


class ServiceFields(TypedDict):
    """The fields of a planned service a worker gives, the code and description normalised."""

    service_code: str
    description: str
    provider: str
    status: str
    referred_on: date | None
    started_on: date | None
    ended_on: date | None


def validate_service(client: Client, fields: ServiceFields) -> None:
    errors: FieldErrors = {}
    code = fields["service_code"]
    if code and code not in ServiceCode.values:
        errors["service_code"] = [
            f"{code!r} is not in the catalogue; describe the service in free text instead."
        ]
    if not code and not fields["description"].strip():
        errors["description"] = ["Choose a service from the catalogue or describe it."]
    check_text(errors, "provider", fields["provider"])
    check_choice(errors, "status", fields["status"], ServiceStatus)
    validate_service_dates(
        errors, client, fields["status"], fields["referred_on"], fields["started_on"], fields["ended_on"]
    )
    raise_if(errors)


@transaction.atomic
def service_add(
    *,
    user: User,
    plan: CasePlan,
    service_code: str = "",
    description: str = "",
    provider: str,
    status: str = ServiceStatus.REFERRED,
    referred_on: date | None,
    started_on: date | None = None,
    ended_on: date | None = None,
) -> PlannedService:
    require_writer(user)
    check_same_county(user, plan.client)
    fields = ServiceFields(
        service_code=service_code or "",
        description=(description or "").strip(),
        provider=provider.strip() if isinstance(provider, str) else provider,
        status=status,
        referred_on=referred_on,
        started_on=started_on,
        ended_on=ended_on,
    )
    validate_service(plan.client, fields)
    service = PlannedService(case_plan=plan, county_id=plan.county_id, created_by=user, **fields)
    save_with_history(service, user, "Service added to the case plan")
    return service


SERVICE_CHANGEABLE = (
    "service_code",
    "description",
    "provider",
    "status",
    "referred_on",
    "started_on",
    "ended_on",
)


def fields_changed(service: PlannedService, changes: Mapping[str, Any]) -> ServiceFields:
    """The service's fields with `changes` applied, the code and description normalised."""
    fields = {name: getattr(service, name) for name in SERVICE_CHANGEABLE} | dict(changes)
    return ServiceFields(
        service_code=fields["service_code"] or "",
        description=(fields["description"] or "").strip(),
        provider=fields["provider"],
        status=fields["status"],
        referred_on=fields["referred_on"],
        started_on=fields["started_on"],
        ended_on=fields["ended_on"],
    )


@transaction.atomic
def service_update(*, user: User, service: PlannedService, **changes: Any) -> PlannedService:
    """Change a planned service, typically its status and dates as it moves from referred to completed."""
    require_writer(user)
    check_same_county(user, service.case_plan.client)
    refuse_unknown(changes, SERVICE_CHANGEABLE)
    service = PlannedService.objects.select_for_update().get(pk=service.pk)
    fields = fields_changed(service, changes)
    validate_service(service.case_plan.client, fields)
    before = service.status
    for name, value in fields.items():
        setattr(service, name, value)
    reason = f"Service status {before} → {service.status}" if before != service.status else "Service changed"
    save_with_history(service, user, reason)
    return service


class StatusChange(TypedDict, total=False):
    status: str
    started_on: date | None
    ended_on: date | None


def status_change_dates(
    service: PlannedService, status: str, started_on: date | None, ended_on: date | None
) -> StatusChange:
    """A new status with its dates; a date not given means "as of today" (the county's) where the status needs
    one, and a service referred or active again has no end."""
    changes = StatusChange(status=status)
    if started_on is not None:
        changes["started_on"] = started_on
    if ended_on is not None:
        changes["ended_on"] = ended_on
    today = county_today(service.county)
    if status == ServiceStatus.ACTIVE and not (started_on or service.started_on):
        changes["started_on"] = today
    if status in (ServiceStatus.COMPLETED, ServiceStatus.DECLINED) and not (ended_on or service.ended_on):
        changes["ended_on"] = today
    if status in (ServiceStatus.REFERRED, ServiceStatus.ACTIVE) and "ended_on" not in changes:
        changes["ended_on"] = None
    return changes


def service_status_set(
    *,
    user: User,
    service: PlannedService,
    status: str,
    started_on: date | None = None,
    ended_on: date | None = None,
) -> PlannedService:
    """The plan page's one-click status change."""
    changes = status_change_dates(service, status, started_on, ended_on)
    return service_update(user=user, service=service, **changes)


# --- Child and Family Team meetings ----------------------------------------------------------------------------


@transaction.atomic
def cft_meeting_add(
    *,
    user: User,
    plan: CasePlan,
    held_on: date | None,
    child_participated: bool = False,
    caregiver_participated: bool = False,
    participants: str,
    decisions: str,
) -> CftMeeting:
    require_writer(user)
    client = plan.client
    check_same_county(user, client)
    errors: FieldErrors = {}
    check_child_day(errors, "held_on", held_on, client)
    check_text(errors, "participants", participants)
    check_text(errors, "decisions", decisions)
    for name, value in (
        ("child_participated", child_participated),
        ("caregiver_participated", caregiver_participated),
    ):
        if not isinstance(value, bool):
            errors[name] = ["Give true or false."]
    raise_if(errors)
    assert held_on is not None  # checked above
    meeting = CftMeeting(
        case_plan=plan,
        county_id=plan.county_id,
        created_by=user,
        held_on=held_on,
        child_participated=child_participated,
        caregiver_participated=caregiver_participated,
        participants=participants.strip(),
        decisions=decisions.strip(),
    )
    save_with_history(meeting, user, "Child and Family Team meeting recorded")
    return meeting


# --- The county's protocol ---------------------------------------------------------------------------------------


def protocol_county(user: User) -> County:
    """The county whose protocol `user` sets: only a county admin sets it, for their own county."""
    if user.role != Role.COUNTY_ADMIN or user.county is None:
        raise PermissionDenied(PROTOCOL_ADMIN_ONLY)
    return user.county


@transaction.atomic
def plan_due_days_set(*, user: User, county: County, days: int) -> CaseplanSettings:
    """How many days after identification a child must have a plan with a CSE service: the county admin's call."""
    if user.role != Role.COUNTY_ADMIN or user.county_id != county.pk:
        raise PermissionDenied(PROTOCOL_ADMIN_ONLY)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_PLAN_DUE_DAYS:
        raise ValidationError(
            {"plan_due_days": [f"Give a whole number of days from 1 to {MAX_PLAN_DUE_DAYS}."]}
        )
    county_settings_lock(county)
    settings = CaseplanSettings.objects.select_for_update().filter(county=county).first()
    if settings is None:
        settings = CaseplanSettings(county=county)
    settings.plan_due_days = days
    save_with_history(settings, user, f"Case plans due {days} days after identification")
    return settings
