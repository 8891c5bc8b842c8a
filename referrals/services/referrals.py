"""Referrals: intake, the emergency response decision, investigation contacts, allegations and findings."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NotRequired, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from kernel.amend import refuse_if_in_error
from kernel.county_time import county_day_start
from kernel.errors import FieldErrors, add_error, check_choice, raise_if, refuse_unknown
from kernel.history import history_note, save_with_history
from kernel.instants import BEFORE_BIRTH, LateEntry, check_instant
from kernel.roles import Role, require_writer

from .. import events
from ..models import (
    S_CSEC_REFERRAL,
    Allegation,
    AllegationType,
    Client,
    Contact,
    ContactType,
    Disposition,
    PerpetratorRelationship,
    ReceivingAgency,
    Referral,
    ReferralCode,
    ReferralSource,
    ResponseDecision,
    Wic300Subdivision,
)
from .clients import client_create

REFERRAL_EDITABLE = frozenset({"narrative", "reporter_name", "reporter_contact", "source", "alleges_cse"})
CONTACT_BEFORE_REFERRAL = "Cannot be before the referral was received."
FINDING_CHANGE_NEEDS_REASON = "A finding is already recorded: changing it is a correction, so say why."


def default_receiving_agency(user: User) -> str:
    """A probation officer's referral is received by probation; everyone else's by child welfare."""
    if user.role == Role.PROBATION_OFFICER:
        return ReceivingAgency.PROBATION
    return ReceivingAgency.CHILD_WELFARE


def check_received_at(
    errors: FieldErrors, client: Client, received_at: datetime | None, late: LateEntry | None
) -> None:
    """When the agency received the referral: a plausible instant, not before the child was born, and beyond
    the county's late-entry window only with a reason (`late` is None where the instant is not newly entered)."""
    born = county_day_start(client.date_of_birth, client.county)
    check_instant(errors, "received_at", received_at, timezone.now(), after=(born, BEFORE_BIRTH), late=late)


def validate_referral(
    user: User,
    client: Client,
    received_at: datetime | None,
    receiving_agency: str,
    source: str,
    late_entry_reason: str = "",
) -> None:
    errors: FieldErrors = {}
    if client.county_id != user.county_id:
        add_error(errors, "client", "Unknown client.")
        raise_if(errors)
    check_received_at(errors, client, received_at, LateEntry.of(client.county, late_entry_reason))
    check_choice(errors, "receiving_agency", receiving_agency, ReceivingAgency)
    check_choice(errors, "source", source, ReferralSource)
    raise_if(errors)


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
    late_entry_reason: str = "",
) -> Referral:
    require_writer(user)
    agency = receiving_agency if receiving_agency is not None else default_receiving_agency(user)
    validate_referral(user, client, received_at, agency, source, late_entry_reason)
    referral = Referral(
        county_id=user.home_county_id,
        created_by=user,
        client=client,
        received_at=received_at,
        receiving_agency=agency,
        source=source,
        alleges_cse=alleges_cse,
        narrative=narrative,
        reporter_name=reporter_name,
        reporter_contact=reporter_contact,
        late_entry_reason=(late_entry_reason or "").strip(),
    )
    save_with_history(referral, user, "referral received")
    if alleges_cse:
        code_apply(referral, S_CSEC_REFERRAL, user)
    events.referral_recorded.publish(referral, user)
    return referral


class ReferralFacts(TypedDict):
    """What intake says of the referral itself (`referral_create`'s arguments but the user and the child)."""

    received_at: datetime
    receiving_agency: NotRequired[str | None]
    source: str
    alleges_cse: bool
    narrative: NotRequired[str]
    reporter_name: NotRequired[str]
    reporter_contact: NotRequired[str]
    late_entry_reason: NotRequired[str]


@dataclass(frozen=True)
class IntakeChild:
    """A child not yet known to the county, entered on the intake form."""

    first_name: str
    last_name: str
    date_of_birth: date
    foster_care_status: str
    sex: str = "unknown"
    title_iv_e_assistance: bool = False
    chafee_services: bool = False


@transaction.atomic
def intake_record(*, user: User, child: Client | IntakeChild, **referral: Unpack[ReferralFacts]) -> Referral:
    """A referral, for a child already known or a new one, all or nothing (the intake page)."""
    client = child if isinstance(child, Client) else client_create(user=user, **vars(child))
    return referral_create(user=user, client=client, **referral)


def code_apply(referral: Referral, code: str, user: User) -> ReferralCode:
    """Add a special project code; codes are never removed (ACL 16-85: tracked regardless of disposition)."""
    existing = ReferralCode.objects.filter(referral=referral, code=code).first()
    if existing is not None:
        return existing
    tag = ReferralCode(referral=referral, code=code, applied_by=user)
    history_note(tag, user, "referral alleges commercial sexual exploitation")
    tag.save()
    return tag


@transaction.atomic
def referral_update(
    *, user: User, referral: Referral, reason: str = "referral updated", **changes: Any
) -> Referral:
    require_writer(user)
    refuse_unknown(changes, REFERRAL_EDITABLE)
    errors: FieldErrors = {}
    if "source" in changes:
        check_choice(errors, "source", changes["source"], ReferralSource)
    raise_if(errors)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    refuse_if_in_error(referral)
    alleged = referral.alleges_cse
    for name, value in changes.items():
        setattr(referral, name, value)
    save_with_history(referral, user, reason)
    if referral.alleges_cse:
        code_apply(referral, S_CSEC_REFERRAL, user)
    if referral.alleges_cse != alleged:  # probation's clock to tell child welfare hangs on it
        events.record_corrected.publish(referral, user)
    return referral


@transaction.atomic
def response_decision_record(*, user: User, referral: Referral, decision: str, reason: str = "") -> Referral:
    require_writer(user)
    errors: FieldErrors = {}
    check_choice(errors, "decision", decision, ResponseDecision)
    if decision == ResponseDecision.EVALUATED_OUT and not reason.strip():
        add_error(errors, "reason", "Say why the referral is evaluated out.")
    raise_if(errors)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    refuse_if_in_error(referral)
    referral.response_decision = decision
    referral.response_decision_reason = reason.strip()
    referral.response_decided_at = timezone.now()
    referral.response_decided_by = user
    save_with_history(referral, user, f"emergency response decision: {decision}")
    events.response_decided.publish(referral, user)
    return referral


def check_made_at(
    errors: FieldErrors, referral: Referral, made_at: datetime | None, late: LateEntry | None
) -> None:
    """When a contact was made: a plausible instant, not before the referral was received, and beyond the
    county's late-entry window only with a reason (`late` is None where the instant is not newly entered)."""
    after = (referral.received_at, CONTACT_BEFORE_REFERRAL)
    check_instant(errors, "made_at", made_at, timezone.now(), after=after, late=late)


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
    late_entry_reason: str = "",
) -> Contact:
    require_writer(user)
    refuse_if_in_error(referral)
    errors: FieldErrors = {}
    check_choice(errors, "contact_type", contact_type, ContactType)
    check_made_at(errors, referral, made_at, LateEntry.of(referral.county, late_entry_reason))
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
        late_entry_reason=(late_entry_reason or "").strip(),
    )
    save_with_history(contact, user, "investigation contact")
    events.contact_recorded.publish(contact, user)
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
    refuse_if_in_error(referral)
    errors: FieldErrors = {}
    check_choice(errors, "allegation_type", allegation_type, AllegationType)
    check_choice(errors, "perpetrator_relationship", perpetrator_relationship, PerpetratorRelationship)
    if wic_300_subdivision:
        check_choice(errors, "wic_300_subdivision", wic_300_subdivision, Wic300Subdivision)
    if victim.county_id != referral.county_id:
        add_error(errors, "victim", "Unknown client.")
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
    errors: FieldErrors = {}
    check_choice(errors, "disposition", disposition, Disposition)
    raise_if(errors)
    allegation = Allegation.objects.select_for_update().select_related("referral").get(pk=allegation.pk)
    refuse_if_in_error(allegation, allegation.referral)
    if allegation.disposition and allegation.disposition != disposition:
        raise ValidationError({"reason": [FINDING_CHANGE_NEEDS_REASON]})
    allegation.disposition = disposition
    allegation.disposition_at = timezone.now()
    save_with_history(allegation, user, f"finding: {disposition}")
    events.allegation_disposed.publish(allegation, user)
    return allegation
