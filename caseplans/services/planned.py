"""Services in the plan: added, moved through their statuses or corrected (a reason optional), marked entered in
error. The service dates are not windowed (a referral is often recorded after the fact) but are real days of the
child's life, not in the future."""

from collections.abc import Mapping
from datetime import date
from typing import Any, TypedDict

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from kernel.amend import check_reason, mark_entered_in_error, refuse_if_in_error
from kernel.county_time import county_today
from kernel.errors import FieldErrors, check_choice, check_text, raise_if, refuse_unknown
from kernel.history import save_with_history
from kernel.instants import check_day
from kernel.roles import require_writer
from referrals.models import Client

from ..catalogue import ServiceCode
from ..models import CasePlan, PlannedService, ServiceStatus
from .common import change_reason, check_child_day, check_same_county, plan_locked_live


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


def validate_service(client: Client, fields: ServiceFields, reason: object = "") -> None:
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
    check_reason(errors, reason, required=False)
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
    plan = plan_locked_live(plan)
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


def service_locked(service: PlannedService) -> PlannedService:
    return (
        PlannedService.objects.select_for_update()
        .select_related("case_plan__client__county")
        .get(pk=service.pk)
    )


@transaction.atomic
def service_update(
    *, user: User, service: PlannedService, reason: str = "", **changes: Any
) -> PlannedService:
    """Change a planned service, typically its status and dates as it moves from referred to completed; with a
    `reason`, the change is a correction and history says why. A service entered in error takes no change."""
    require_writer(user)
    check_same_county(user, service.case_plan.client)
    refuse_unknown(changes, SERVICE_CHANGEABLE)
    service = service_locked(service)
    refuse_if_in_error(service, service.case_plan)
    fields = fields_changed(service, changes)
    validate_service(service.case_plan.client, fields, reason)
    before = service.status
    for name, value in fields.items():
        setattr(service, name, value)
    default = f"Service status {before} → {service.status}" if before != service.status else "Service changed"
    save_with_history(service, user, change_reason(default, reason))
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


@transaction.atomic
def service_void(*, user: User, service: PlannedService, reason: str) -> PlannedService:
    """Mark a service entered in error: it stays in the plan, struck through, and no longer counts as the plan's
    CSE service."""
    require_writer(user)
    check_same_county(user, service.case_plan.client)
    service = service_locked(service)
    mark_entered_in_error(service, user, reason, what="Service", at=timezone.now())
    return service
