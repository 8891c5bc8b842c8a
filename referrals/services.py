"""Write paths of the case record. Each validates, writes, records history with the acting user and a reason,
and tells the clocks (`reporting.triggers`) in the same transaction.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Privilege, Role, User
from reporting import triggers

from .models import (
    S_CSEC_REFERRAL,
    Allegation,
    AllegationType,
    Client,
    Contact,
    ContactType,
    CsecRow,
    CsecType,
    Disposition,
    FosterCareStatus,
    PerpetratorRelationship,
    ReceivingAgency,
    Referral,
    ReferralCode,
    ReferralSource,
    ResponseDecision,
    Sex,
    Wic300Subdivision,
)

WRITER_ROLES = {Role.SOCIAL_WORKER, Role.PROBATION_OFFICER, Role.SUPERVISOR}
CASE_CARRYING_ROLES = {Role.SOCIAL_WORKER, Role.PROBATION_OFFICER, Role.SUPERVISOR}
OLDEST_CLIENT_YEARS = 30  # children and youth served up to 21; older dates of birth are typing errors


def require_writer(user: User) -> None:
    if user.role not in WRITER_ROLES or not user.county_id:
        raise PermissionDenied(
            "Only social workers, probation officers and supervisors may change case records."
        )


def county_today(user_or_county: Any) -> date:
    county = getattr(user_or_county, "county", user_or_county)
    return timezone.localdate(timezone=county.zone)


def save_with_history(obj: Any, user: User, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.full_clean()
    obj.save()


def check_choice(errors: dict[str, list[str]], field: str, value: Any, choices: Any) -> None:
    if value not in choices.values:
        errors.setdefault(field, []).append(f"{value!r} is not one of: {', '.join(choices.values)}.")


def check_not_future(
    errors: dict[str, list[str]], field: str, instant: datetime | None, now: datetime
) -> None:
    if instant is None:
        errors.setdefault(field, []).append("This field is required.")
    elif timezone.is_naive(instant):
        errors.setdefault(field, []).append("Give the time with its UTC offset.")
    elif instant > now + timedelta(seconds=5):  # a few seconds of clock skew between a client and the server
        errors.setdefault(field, []).append("Cannot be in the future.")


def raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


# --- Clients ---------------------------------------------------------------------------------------------------


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


def validate_client_facts(errors: dict[str, list[str]], data: dict[str, Any], today: date) -> None:
    dob = data.get("date_of_birth")
    if dob is not None:
        if dob > today:
            errors.setdefault("date_of_birth", []).append("Cannot be in the future.")
        elif dob < today.replace(year=today.year - OLDEST_CLIENT_YEARS, day=min(today.day, 28)):
            errors.setdefault("date_of_birth", []).append(
                f"Must be within the last {OLDEST_CLIENT_YEARS} years."
            )
    if "foster_care_status" in data:
        check_choice(errors, "foster_care_status", data["foster_care_status"], FosterCareStatus)
    if "sex" in data:
        check_choice(errors, "sex", data["sex"], Sex)
    for name in ("first_name", "last_name"):
        if name in data and not str(data[name] or "").strip():
            errors.setdefault(name, []).append("This field is required.")


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
    errors: dict[str, list[str]] = {}
    validate_client_facts(errors, data, county_today(user))
    raise_if(errors)
    client = Client(
        county_id=user.county_id,  # type: ignore[misc]  # require_writer guarantees a county
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


CLIENT_EDITABLE = {
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "foster_care_status",
    "title_iv_e_assistance",
    "chafee_services",
    "assigned_worker",
}


@transaction.atomic
def client_update(*, user: User, client: Client, reason: str = "client updated", **changes: Any) -> Client:
    require_writer(user)
    unknown = set(changes) - CLIENT_EDITABLE
    if unknown:
        raise ValidationError({name: ["This field cannot be changed."] for name in sorted(unknown)})
    client = Client.objects.select_for_update().get(pk=client.pk)
    errors: dict[str, list[str]] = {}
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
        triggers.client_reassigned(client, user)
    return client


# --- Referrals ------------------------------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    user: User,
    client: Client,
    received_at: datetime,
    receiving_agency: str | None = None,
    source: str,
    alleges_cse: bool,
    narrative: str = "",
    reporter_name: str = "",
    reporter_contact: str = "",
) -> Referral:
    require_writer(user)
    if receiving_agency is None:
        receiving_agency = (
            ReceivingAgency.PROBATION
            if user.role == Role.PROBATION_OFFICER
            else ReceivingAgency.CHILD_WELFARE
        )
    errors: dict[str, list[str]] = {}
    check_not_future(errors, "received_at", received_at, timezone.now())
    check_choice(errors, "receiving_agency", receiving_agency, ReceivingAgency)
    check_choice(errors, "source", source, ReferralSource)
    if client.county_id != user.county_id:
        errors.setdefault("client", []).append("Unknown client.")
    raise_if(errors)
    referral = Referral(
        county_id=user.county_id,  # type: ignore[misc]  # require_writer guarantees a county
        created_by=user,
        client=client,
        received_at=received_at,
        receiving_agency=receiving_agency,
        source=source,
        alleges_cse=alleges_cse,
        narrative=narrative,
        reporter_name=reporter_name,
        reporter_contact=reporter_contact,
    )
    save_with_history(referral, user, "referral received")
    if alleges_cse:
        code_apply(referral, S_CSEC_REFERRAL, user)
    triggers.referral_recorded(referral, user)
    return referral


def code_apply(referral: Referral, code: str, user: User) -> ReferralCode:
    """Add a special project code; codes are never removed (ACL 16-85: tracked regardless of disposition)."""
    existing = ReferralCode.objects.filter(referral=referral, code=code).first()
    if existing is not None:
        return existing
    tag = ReferralCode(referral=referral, code=code, applied_by=user)
    tag._history_user = user  # type: ignore[attr-defined]
    tag._change_reason = "referral alleges commercial sexual exploitation"  # type: ignore[attr-defined]
    tag.save()
    return tag


REFERRAL_EDITABLE = {"narrative", "reporter_name", "reporter_contact", "source", "alleges_cse"}


@transaction.atomic
def referral_update(
    *, user: User, referral: Referral, reason: str = "referral updated", **changes: Any
) -> Referral:
    require_writer(user)
    unknown = set(changes) - REFERRAL_EDITABLE
    if unknown:
        raise ValidationError({name: ["This field cannot be changed."] for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    if "source" in changes:
        check_choice(errors, "source", changes["source"], ReferralSource)
    raise_if(errors)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    for name, value in changes.items():
        setattr(referral, name, value)
    save_with_history(referral, user, reason)
    if referral.alleges_cse:
        code_apply(referral, S_CSEC_REFERRAL, user)
    return referral


@transaction.atomic
def response_decision_record(*, user: User, referral: Referral, decision: str, reason: str = "") -> Referral:
    require_writer(user)
    errors: dict[str, list[str]] = {}
    check_choice(errors, "decision", decision, ResponseDecision)
    if decision == ResponseDecision.EVALUATED_OUT and not reason.strip():
        errors.setdefault("reason", []).append("Say why the referral is evaluated out.")
    raise_if(errors)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    referral.response_decision = decision
    referral.response_decision_reason = reason.strip()
    referral.response_decided_at = timezone.now()
    referral.response_decided_by = user
    save_with_history(referral, user, f"emergency response decision: {decision}")
    triggers.response_decided(referral, user)
    return referral


@transaction.atomic
def contact_record(
    *,
    user: User,
    referral: Referral,
    contact_type: str,
    made_at: datetime,
    in_person: bool,
    name: str = "",
    notes: str = "",
) -> Contact:
    require_writer(user)
    errors: dict[str, list[str]] = {}
    check_choice(errors, "contact_type", contact_type, ContactType)
    check_not_future(errors, "made_at", made_at, timezone.now())
    if "made_at" not in errors and made_at < referral.received_at:
        errors.setdefault("made_at", []).append("Cannot be before the referral was received.")
    raise_if(errors)
    contact = Contact(
        county_id=referral.county_id,
        created_by=user,
        referral=referral,
        contact_type=contact_type,
        made_at=made_at,
        in_person=in_person,
        name=name,
        notes=notes,
    )
    save_with_history(contact, user, "investigation contact")
    triggers.contact_recorded(contact, user)
    return contact


@transaction.atomic
def allegation_create(
    *,
    user: User,
    referral: Referral,
    victim: Client,
    allegation_type: str,
    perpetrator_relationship: str,
    wic_300_subdivision: str = "",
) -> Allegation:
    require_writer(user)
    errors: dict[str, list[str]] = {}
    check_choice(errors, "allegation_type", allegation_type, AllegationType)
    check_choice(errors, "perpetrator_relationship", perpetrator_relationship, PerpetratorRelationship)
    if wic_300_subdivision:
        check_choice(errors, "wic_300_subdivision", wic_300_subdivision, Wic300Subdivision)
    if victim.county_id != referral.county_id:
        errors.setdefault("victim", []).append("Unknown client.")
    raise_if(errors)
    allegation = Allegation(
        county_id=referral.county_id,
        created_by=user,
        referral=referral,
        victim=victim,
        allegation_type=allegation_type,
        perpetrator_relationship=perpetrator_relationship,
        wic_300_subdivision=wic_300_subdivision,
    )
    save_with_history(allegation, user, "allegation recorded")
    return allegation


@transaction.atomic
def allegation_dispose(*, user: User, allegation: Allegation, disposition: str) -> Allegation:
    require_writer(user)
    errors: dict[str, list[str]] = {}
    check_choice(errors, "disposition", disposition, Disposition)
    raise_if(errors)
    allegation = Allegation.objects.select_for_update().get(pk=allegation.pk)
    allegation.disposition = disposition
    allegation.disposition_at = timezone.now()
    save_with_history(allegation, user, f"finding: {disposition}")
    triggers.allegation_disposed(allegation, user)
    return allegation


# --- CSEC rows -----------------------------------------------------------------------------------------------


def require_csec_privilege(user: User, csec_type: str) -> None:
    if csec_type == CsecType.VICTIM_CLOSED_CASE_ILP and not user.has_privilege(Privilege.CLOSED_CASE_UPDATE):
        raise PermissionDenied(
            "Documenting a victim with a closed case receiving ILP services needs the "
            "Closed Case/Referral Update privilege."
        )


def validate_csec_dates(
    errors: dict[str, list[str]],
    client: Client,
    csec_type: str,
    start: date | None,
    end: date | None,
    today: date,
) -> None:
    if start is None:
        errors.setdefault("start_date", []).append("This field is required.")
    else:
        if start < client.date_of_birth:
            errors.setdefault("start_date", []).append("Cannot be before the child's date of birth.")
        if start > today:
            errors.setdefault("start_date", []).append("Cannot be in the future.")
    if end is not None:
        if end > today:
            errors.setdefault("end_date", []).append("Cannot be in the future.")
        if start is not None and end < start:
            errors.setdefault("end_date", []).append("Cannot be before the start date.")
    elif csec_type == CsecType.VICTIM_WHILE_ABSENT_FROM_PLACEMENT:
        errors.setdefault("end_date", []).append(
            "Required for Victim While Absent From Placement: the return date."
        )


def overlapping_row(
    client: Client, csec_type: str, start: date, end: date | None, exclude: Any = None
) -> CsecRow | None:
    """Another row of the same type whose dates share a day with [start, end] (open ends run on for ever)."""
    rows = CsecRow.objects.filter(client=client, csec_type=csec_type).exclude(pk=exclude)
    for row in rows:
        row_end = row.end_date or date.max
        if row.start_date <= (end or date.max) and start <= row_end:
            return row
    return None


@transaction.atomic
def csec_row_document(
    *,
    user: User,
    client: Client,
    csec_type: str,
    start_date: date,
    end_date: date | None = None,
    information_received_at: datetime | None = None,
    reason: str = "CSEC type documented",
) -> CsecRow:
    require_writer(user)
    errors: dict[str, list[str]] = {}
    check_choice(errors, "csec_type", csec_type, CsecType)
    raise_if(errors)
    require_csec_privilege(user, csec_type)
    now = timezone.now()
    if information_received_at is None:
        information_received_at = now
    check_not_future(errors, "information_received_at", information_received_at, now)
    # Lock the child so two rows of one type cannot slip in side by side.
    client = Client.objects.select_for_update().get(pk=client.pk)
    validate_csec_dates(errors, client, csec_type, start_date, end_date, county_today(client.county))
    if not errors:
        clash = overlapping_row(client, csec_type, start_date, end_date)
        if clash is not None:
            errors["start_date"] = [
                f"Overlaps the {clash.label} row from {clash.start_date:%Y-%m-%d}"
                f"{f' to {clash.end_date:%Y-%m-%d}' if clash.end_date else ' (still open)'}: end that row first."
            ]
    raise_if(errors)
    row = CsecRow(
        county_id=client.county_id,
        created_by=user,
        client=client,
        csec_type=csec_type,
        start_date=start_date,
        end_date=end_date,
        information_received_at=information_received_at,
    )
    save_with_history(row, user, reason)
    triggers.csec_row_documented(row, user)
    return row


@transaction.atomic
def csec_row_end(
    *, user: User, row: CsecRow, end_date: date | None, reason: str = "CSEC row end date"
) -> CsecRow:
    require_writer(user)
    require_csec_privilege(user, row.csec_type)
    client = Client.objects.select_for_update().get(pk=row.client_id)
    row = CsecRow.objects.select_for_update().get(pk=row.pk)
    errors: dict[str, list[str]] = {}
    validate_csec_dates(errors, client, row.csec_type, row.start_date, end_date, county_today(client.county))
    if not errors and overlapping_row(client, row.csec_type, row.start_date, end_date, exclude=row.pk):
        errors["end_date"] = ["Would overlap another row of the same type."]
    raise_if(errors)
    row.end_date = end_date
    save_with_history(row, user, reason)
    return row
