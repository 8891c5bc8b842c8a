"""Write paths of case plans. Each validates, writes in one transaction and records history with the acting user."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import County, Role, User
from referrals.models import Client
from referrals.selectors import csec_rows_open_on
from referrals.services import county_today, raise_if, require_writer, save_with_history

from .catalogue import ServiceCode
from .models import CasePlan, CaseplanSettings, CftMeeting, PlannedService, ServiceStatus

Errors = dict[str, list[str]]


def add_error(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def check_day(errors: Errors, field: str, day: Any, today: date, *, required: bool = True) -> None:
    if day is None:
        if required:
            add_error(errors, field, "This field is required.")
    elif not isinstance(day, date):
        add_error(errors, field, "Give a date as YYYY-MM-DD.")
    elif day > today:
        add_error(errors, field, "Cannot be in the future.")


def check_text(errors: Errors, field: str, value: Any, *, max_length: int | None = None) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if not text:
        add_error(errors, field, "This field is required.")
    elif max_length is not None and len(text) > max_length:
        add_error(errors, field, f"Use at most {max_length} characters.")
    return text


def require_same_county(user: User, obj: Any) -> None:
    if obj.county_id != user.county_id:
        # Callers read through scoped selectors; this guards a service called with someone else's object.
        raise PermissionDenied("This record belongs to another county.")


# --- The plan --------------------------------------------------------------------------------------------------


@transaction.atomic
def case_plan_save(
    *,
    user: User,
    client: Client,
    assessment_date: date | None,
    goal: str,
    addresses_cse: bool = False,
    reason: str = "",
) -> CasePlan:
    """Create the child's case plan, or update it when it exists (one plan per child)."""
    require_writer(user)
    require_same_county(user, client)
    client = Client.objects.select_for_update().get(pk=client.pk)
    today = county_today(client.county)
    errors: Errors = {}
    check_day(errors, "assessment_date", assessment_date, today)
    if isinstance(assessment_date, date) and assessment_date < client.date_of_birth:
        add_error(errors, "assessment_date", "Cannot be before the child's date of birth.")
    goal = check_text(errors, "goal", goal)
    plan = CasePlan.objects.filter(client=client).first()
    if plan is None and not csec_rows_open_on(client, today).exists():
        add_error(
            errors,
            "client",
            "A case plan for CSE services needs an identified child: document the child as a victim or at risk first.",
        )
    raise_if(errors)
    if plan is None:
        plan = CasePlan(county_id=client.county_id, client=client, created_by=user)
        reason = reason or "case plan created"
    plan.assessment_date = assessment_date  # type: ignore[assignment]
    plan.goal = goal
    plan.addresses_cse = bool(addresses_cse)
    save_with_history(plan, user, reason or "case plan updated")
    return plan


# --- Services --------------------------------------------------------------------------------------------------


def validate_service(errors: Errors, values: dict[str, Any], today: date) -> None:
    code = values.get("service_code") or ""
    if code and code not in ServiceCode.values:
        add_error(errors, "service_code", f"{code!r} is not a service of the catalogue.")
    if not code and not (values.get("description") or "").strip():
        add_error(errors, "description", "Choose a service from the catalogue or describe it.")
    if len(values.get("description") or "") > 300:
        add_error(errors, "description", "Use at most 300 characters.")
    check_text(errors, "provider", values.get("provider"), max_length=200)
    status = values.get("status")
    if status not in ServiceStatus.values:
        add_error(errors, "status", f"{status!r} is not one of: {', '.join(ServiceStatus.values)}.")
    check_day(errors, "referred_on", values.get("referred_on"), today)
    check_day(errors, "started_on", values.get("started_on"), today, required=status == ServiceStatus.ACTIVE)
    check_day(errors, "ended_on", values.get("ended_on"), today, required=status == ServiceStatus.COMPLETED)
    if errors:
        return
    referred, started, ended = values["referred_on"], values.get("started_on"), values.get("ended_on")
    if started and started < referred:
        add_error(errors, "started_on", "Cannot be before the referral to the service.")
    if ended and ended < (started or referred):
        add_error(errors, "ended_on", "Cannot be before the service was referred or started.")
    if ended and status in (ServiceStatus.REFERRED, ServiceStatus.ACTIVE):
        add_error(errors, "ended_on", "A referred or active service has no end date yet.")


SERVICE_FIELDS = (
    "service_code",
    "description",
    "provider",
    "status",
    "referred_on",
    "started_on",
    "ended_on",
)


@transaction.atomic
def service_add(
    *,
    user: User,
    case_plan: CasePlan,
    provider: str,
    referred_on: date | None,
    service_code: str = "",
    description: str = "",
    status: str = ServiceStatus.REFERRED,
    started_on: date | None = None,
    ended_on: date | None = None,
) -> PlannedService:
    require_writer(user)
    require_same_county(user, case_plan)
    values = {
        "service_code": service_code or "",
        "description": (description or "").strip(),
        "provider": (provider or "").strip(),
        "status": status,
        "referred_on": referred_on,
        "started_on": started_on,
        "ended_on": ended_on,
    }
    errors: Errors = {}
    validate_service(errors, values, county_today(case_plan.county))
    raise_if(errors)
    service = PlannedService(county_id=case_plan.county_id, case_plan=case_plan, created_by=user, **values)
    save_with_history(service, user, "service added to the case plan")
    return service


@transaction.atomic
def service_update(*, user: User, service: PlannedService, **changes: Any) -> PlannedService:
    """Change a service's status, dates or provider. Moving to active or to an end fills today's date when none
    is given, so recording "completed" on the day is one step."""
    require_writer(user)
    require_same_county(user, service)
    service = PlannedService.objects.select_for_update().select_related("county").get(pk=service.pk)
    unknown = set(changes) - set(SERVICE_FIELDS)
    if unknown:
        raise ValidationError({field: ["This field cannot be changed."] for field in sorted(unknown)})
    today = county_today(service.county)
    values = {field: getattr(service, field) for field in SERVICE_FIELDS} | changes
    status = values["status"]
    if status == ServiceStatus.ACTIVE and values["started_on"] is None:
        values["started_on"] = today
    if status in (ServiceStatus.COMPLETED, ServiceStatus.DECLINED) and "ended_on" not in changes:
        values["ended_on"] = values["ended_on"] or today
    if status in (ServiceStatus.REFERRED, ServiceStatus.ACTIVE) and "ended_on" not in changes:
        values["ended_on"] = None
    values["description"] = (values["description"] or "").strip()
    values["provider"] = (values["provider"] or "").strip() if isinstance(values["provider"], str) else ""
    errors: Errors = {}
    validate_service(errors, values, today)
    raise_if(errors)
    for field, value in values.items():
        setattr(service, field, value)
    save_with_history(service, user, f"service {status}")
    return service


# --- Child and Family Team meetings ----------------------------------------------------------------------------


@transaction.atomic
def cft_meeting_record(
    *,
    user: User,
    case_plan: CasePlan,
    held_on: date | None,
    participants: str,
    decisions: str,
    child_participated: bool = False,
    caregiver_participated: bool = False,
) -> CftMeeting:
    require_writer(user)
    require_same_county(user, case_plan)
    errors: Errors = {}
    check_day(errors, "held_on", held_on, county_today(case_plan.county))
    participants = (participants or "").strip()
    if not participants and not (child_participated or caregiver_participated):
        add_error(errors, "participants", "Name who took part in the meeting.")
    decisions = check_text(errors, "decisions", decisions)
    raise_if(errors)
    assert held_on is not None  # checked above
    meeting = CftMeeting(
        county_id=case_plan.county_id,
        case_plan=case_plan,
        created_by=user,
        held_on=held_on,
        participants=participants,
        decisions=decisions,
        child_participated=bool(child_participated),
        caregiver_participated=bool(caregiver_participated),
    )
    save_with_history(meeting, user, "Child and Family Team meeting recorded")
    return meeting


# --- County settings -------------------------------------------------------------------------------------------


@transaction.atomic
def plan_due_days_set(*, user: User, county: County, days: int) -> CaseplanSettings:
    if user.role != Role.COUNTY_ADMIN or user.county_id != county.pk:
        raise PermissionDenied("Only the county admin sets the county's protocol.")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 365:
        raise ValidationError({"plan_due_days": ["Give a number of days from 1 to 365."]})
    settings, _ = CaseplanSettings.objects.get_or_create(county=county)
    settings.plan_due_days = days
    save_with_history(settings, user, "case plan days set")
    return settings
