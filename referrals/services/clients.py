"""Clients: the children and youth of the case record, and who carries their case."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from kernel.county_time import county_today
from kernel.errors import FieldErrors, check_choice, check_text, raise_if, refuse_unknown
from kernel.history import save_with_history
from kernel.instants import check_day
from kernel.roles import CASE_CARRYING_ROLES, require_writer

from .. import events
from ..models import Client, FosterCareStatus, Sex

OLDEST_CLIENT_YEARS = 30  # children and youth served up to 21; older dates of birth are typing errors

# What a worker may change of a client, in the order the edit form asks.
CLIENT_EDITABLE = (
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "foster_care_status",
    "title_iv_e_assistance",
    "chafee_services",
    "assigned_worker",
)


def worker_for_assignment(user: User, worker: User | None) -> User:
    if worker is None:
        return user
    if worker.county_id != user.county_id or not worker.is_active:
        raise ValidationError({"assigned_worker": ["Choose an active worker of your county."]})
    if worker.role not in CASE_CARRYING_ROLES:
        raise ValidationError(
            {"assigned_worker": ["Cases are assigned to social workers, probation officers or supervisors."]}
        )
    return worker


def validate_client_facts(errors: FieldErrors, data: dict[str, Any], today: date) -> None:
    if data.get("date_of_birth") is not None:
        oldest = today.replace(year=today.year - OLDEST_CLIENT_YEARS, day=min(today.day, 28))
        check_day(
            errors,
            "date_of_birth",
            data["date_of_birth"],
            today,
            after=(oldest, f"Must be within the last {OLDEST_CLIENT_YEARS} years."),
        )
    if "foster_care_status" in data:
        check_choice(errors, "foster_care_status", data["foster_care_status"], FosterCareStatus)
    if "sex" in data:
        check_choice(errors, "sex", data["sex"], Sex)
    for name in ("first_name", "last_name"):
        if name in data:
            check_text(errors, name, data[name])


@transaction.atomic
def client_create(
    *,
    user: User,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    foster_care_status: str,
    title_iv_e_assistance: bool = False,
    chafee_services: bool = False,
    sex: str = Sex.UNKNOWN,
    assigned_worker: User | None = None,
) -> Client:
    require_writer(user)
    data = {
        "first_name": first_name,
        "last_name": last_name,
        "date_of_birth": date_of_birth,
        "foster_care_status": foster_care_status,
        "sex": sex,
    }
    errors: FieldErrors = {}
    validate_client_facts(errors, data, county_today(user))
    raise_if(errors)
    client = Client(
        county_id=user.home_county_id,
        created_by=user,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        sex=sex,
        foster_care_status=foster_care_status,
        title_iv_e_assistance=title_iv_e_assistance,
        chafee_services=chafee_services,
        assigned_worker=worker_for_assignment(user, assigned_worker),
    )
    save_with_history(client, user, "client recorded")
    return client


@transaction.atomic
def client_update(*, user: User, client: Client, reason: str = "client updated", **changes: Any) -> Client:
    require_writer(user)
    refuse_unknown(changes, CLIENT_EDITABLE)
    client = Client.objects.select_for_update().get(pk=client.pk)
    errors: FieldErrors = {}
    validate_client_facts(errors, changes, county_today(user))
    raise_if(errors)
    reassigned = False
    if "assigned_worker" in changes:
        worker = worker_for_assignment(user, changes.pop("assigned_worker"))
        reassigned = worker.pk != client.assigned_worker_id
        client.assigned_worker = worker
    for name, value in changes.items():
        setattr(client, name, value.strip() if isinstance(value, str) else value)
    save_with_history(client, user, reason)
    if reassigned:
        events.client_reassigned.publish(client, user)
    return client
