"""Corrections of the case record's entries: referrals, contacts, allegations with their findings, CSEC rows.

A correction names the fields it changes and why. The entry is locked, checked again by the rules it passed when
it was entered (an instant newly entered also by the county's late-entry window), and saved with a history row
that keeps the earlier version beside the new one, with who and why. When a field a clock depends on changes
(`CLOCK_FIELDS`), `record_corrected` tells the clocks, which set aside those the entry started and run its
trigger again on the corrected entry. An entry marked entered in error takes no correction.
"""

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from kernel.amend import (
    correction_errors,
    correction_write,
    late_window,
    merged,
    newly_entered,
    refuse_if_in_error,
)
from kernel.county_time import county_today
from kernel.errors import FieldErrors, add_error, check_choice, raise_if, refuse_unknown
from kernel.roles import require_writer

from .. import events, models
from ..events import CaseEntry
from ..models import Allegation, Client, Contact, CsecRow, Referral
from .csec_rows import (
    check_information_received,
    csec_row_end,
    overlap_error,
    overlapping_row,
    require_csec_privilege,
    validate_csec_dates,
)
from .referrals import (
    REFERRAL_EDITABLE,
    allegation_dispose,
    check_made_at,
    check_received_at,
    code_apply,
    referral_update,
)

REFERRAL_CORRECTABLE = REFERRAL_EDITABLE | {"received_at", "receiving_agency"}
CONTACT_CORRECTABLE = frozenset({"contact_type", "made_at", "in_person", "name", "notes"})
ALLEGATION_CORRECTABLE = frozenset(
    {"allegation_type", "perpetrator_relationship", "wic_300_subdivision", "disposition"}
)
CSEC_ROW_CORRECTABLE = frozenset({"csec_type", "start_date", "end_date", "information_received_at"})

# What each entry's clocks hang on (reporting.triggers): a correction changing one of these moves the clocks.
CLOCK_FIELDS: dict[type[CaseEntry], tuple[str, ...]] = {
    Referral: ("received_at", "receiving_agency", "alleges_cse"),
    Contact: ("made_at", "in_person", "contact_type"),  # the type names what met the in-person response
    Allegation: ("allegation_type", "disposition"),
    CsecRow: ("csec_type", "information_received_at"),
}
CONTACT_AFTER_RECEIPT = "A contact of this referral was made before this time: correct that contact first."


def clock_facts(entry: CaseEntry) -> tuple[object, ...]:
    return tuple(getattr(entry, name) for name in CLOCK_FIELDS[type(entry)])


def correction_save(
    entry: CaseEntry, user: User, *, what: str, reason: str, changes: dict[str, Any], late_reason: str | None
) -> None:
    """Write the corrected fields with the history row naming who and why, then tell the clocks if they hang on
    a changed field."""
    before = clock_facts(entry)
    correction_write(entry, user, what=what, reason=reason, changes=changes, late_reason=late_reason)
    if clock_facts(entry) != before:
        events.record_corrected.publish(entry, user)


@transaction.atomic
def referral_correct(
    *, user: User, referral: Referral, reason: str, late_entry_reason: str | None = None, **changes: Any
) -> Referral:
    require_writer(user)
    refuse_unknown(changes, REFERRAL_CORRECTABLE)
    referral = (
        Referral.objects.select_for_update().select_related("client__county", "county").get(pk=referral.pk)
    )
    errors = correction_errors(referral, reason, changes, late_entry_reason)
    received_at: datetime = merged(changes, "received_at", referral.received_at)
    late = late_window(
        referral.county, referral, "received_at", changes, (late_entry_reason, referral.late_entry_reason)
    )
    check_received_at(errors, referral.client, received_at, late)
    check_choice(
        errors,
        "receiving_agency",
        merged(changes, "receiving_agency", referral.receiving_agency),
        models.ReceivingAgency,
    )
    check_choice(errors, "source", merged(changes, "source", referral.source), models.ReferralSource)
    if not errors and newly_entered(referral, "received_at", changes):
        earlier = referral.contacts.filter(entered_in_error_at__isnull=True, made_at__lt=received_at)
        if earlier.exists():
            add_error(errors, "received_at", CONTACT_AFTER_RECEIPT)
    raise_if(errors)
    correction_save(
        referral, user, what="referral", reason=reason, changes=changes, late_reason=late_entry_reason
    )
    if referral.alleges_cse:
        code_apply(referral, models.S_CSEC_REFERRAL, user)
    return referral


@transaction.atomic
def contact_correct(
    *, user: User, contact: Contact, reason: str, late_entry_reason: str | None = None, **changes: Any
) -> Contact:
    require_writer(user)
    refuse_unknown(changes, CONTACT_CORRECTABLE)
    contact = Contact.objects.select_for_update().select_related("referral", "county").get(pk=contact.pk)
    refuse_if_in_error(contact.referral)
    errors = correction_errors(contact, reason, changes, late_entry_reason)
    check_choice(
        errors, "contact_type", merged(changes, "contact_type", contact.contact_type), models.ContactType
    )
    late = late_window(
        contact.county, contact, "made_at", changes, (late_entry_reason, contact.late_entry_reason)
    )
    check_made_at(errors, contact.referral, merged(changes, "made_at", contact.made_at), late)
    if not isinstance(merged(changes, "in_person", contact.in_person), bool):
        add_error(errors, "in_person", "Must be true or false.")
    raise_if(errors)
    correction_save(
        contact, user, what="contact", reason=reason, changes=changes, late_reason=late_entry_reason
    )
    return contact


def check_allegation_codes(errors: FieldErrors, allegation: Allegation, changes: dict[str, Any]) -> None:
    check_choice(
        errors,
        "allegation_type",
        merged(changes, "allegation_type", allegation.allegation_type),
        models.AllegationType,
    )
    relationship = merged(changes, "perpetrator_relationship", allegation.perpetrator_relationship)
    check_choice(errors, "perpetrator_relationship", relationship, models.PerpetratorRelationship)
    if changes.get("wic_300_subdivision"):
        check_choice(errors, "wic_300_subdivision", changes["wic_300_subdivision"], models.Wic300Subdivision)
    if "disposition" in changes:
        check_choice(errors, "disposition", changes["disposition"], models.Disposition)


@transaction.atomic
def allegation_correct(*, user: User, allegation: Allegation, reason: str, **changes: Any) -> Allegation:
    """Correct an allegation or its finding; a finding changed is dated now (what the clocks start from)."""
    require_writer(user)
    refuse_unknown(changes, ALLEGATION_CORRECTABLE)
    allegation = (
        Allegation.objects.select_for_update().select_related("referral", "victim").get(pk=allegation.pk)
    )
    refuse_if_in_error(allegation.referral)
    errors = correction_errors(allegation, reason, changes, None)
    check_allegation_codes(errors, allegation, changes)
    raise_if(errors)
    if newly_entered(allegation, "disposition", changes):
        allegation.disposition_at = timezone.now()
    correction_save(allegation, user, what="allegation", reason=reason, changes=changes, late_reason=None)
    return allegation


def check_row_correction(
    client: Client, row: CsecRow, changes: dict[str, Any], late_reason: str | None, errors: FieldErrors
) -> None:
    """The rules of a new row, on the row as corrected: its dates, when the information came, no overlap."""
    csec_type: str = merged(changes, "csec_type", row.csec_type)
    start: date | None = merged(changes, "start_date", row.start_date)
    end: date | None = merged(changes, "end_date", row.end_date)
    received = merged(changes, "information_received_at", row.information_received_at)
    check_information_received(
        errors,
        client,
        received,
        late_window(
            row.county, row, "information_received_at", changes, (late_reason, row.late_entry_reason)
        ),
    )
    validate_csec_dates(errors, client, csec_type, start, end, county_today(client.county))
    if not errors and start is not None:
        clash = overlapping_row(client, csec_type, start, end, exclude=row.pk)
        if clash is not None:
            add_error(errors, "start_date", overlap_error(clash))


@transaction.atomic
def csec_row_correct(
    *, user: User, row: CsecRow, reason: str, late_entry_reason: str | None = None, **changes: Any
) -> CsecRow:
    require_writer(user)
    refuse_unknown(changes, CSEC_ROW_CORRECTABLE)
    # Lock the child first, as documenting a row does, so no two rows of a type slip in side by side.
    client = Client.objects.select_for_update().select_related("county").get(pk=row.client_id)
    row = CsecRow.objects.select_for_update().select_related("county").get(pk=row.pk)
    errors = correction_errors(row, reason, changes, late_entry_reason)
    check_choice(errors, "csec_type", merged(changes, "csec_type", row.csec_type), models.CsecType)
    raise_if(errors)
    require_csec_privilege(user, row.csec_type)
    require_csec_privilege(user, merged(changes, "csec_type", row.csec_type))
    check_row_correction(client, row, changes, late_entry_reason, errors)
    raise_if(errors)
    correction_save(row, user, what="CSEC row", reason=reason, changes=changes, late_reason=late_entry_reason)
    return row


def referral_change(
    *,
    user: User,
    referral: Referral,
    reason: str | None = None,
    late_entry_reason: str | None = None,
    **changes: Any,
) -> Referral:
    """A referral's PATCH: v1's update of its editable facts when no reason is given, else a correction (which
    may also change when and by whom it was received)."""
    if reason is None and late_entry_reason is None and set(changes) <= REFERRAL_EDITABLE:
        return referral_update(user=user, referral=referral, **changes)
    return referral_correct(
        user=user, referral=referral, reason=reason or "", late_entry_reason=late_entry_reason, **changes
    )


def allegation_change(
    *, user: User, allegation: Allegation, reason: str | None = None, **changes: Any
) -> Allegation:
    """An allegation's PATCH: v1's first finding when only a disposition comes without a reason, else a correction."""
    if reason is None and set(changes) == {"disposition"}:
        return allegation_dispose(user=user, allegation=allegation, disposition=changes["disposition"])
    return allegation_correct(user=user, allegation=allegation, reason=reason or "", **changes)


def csec_row_change(
    *,
    user: User,
    row: CsecRow,
    reason: str | None = None,
    late_entry_reason: str | None = None,
    **changes: Any,
) -> CsecRow:
    """A CSEC row's PATCH: v1's end date when only that comes without a reason, else a correction."""
    if reason is None and late_entry_reason is None and set(changes) == {"end_date"}:
        return csec_row_end(user=user, row=row, end_date=changes["end_date"])
    return csec_row_correct(
        user=user, row=row, reason=reason or "", late_entry_reason=late_entry_reason, **changes
    )
