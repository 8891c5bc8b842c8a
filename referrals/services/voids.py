"""Entries of the case record marked entered in error: kept, shown struck through, counted nowhere.

The entry is locked and marked (when, who, why) with a history row, and `record_voided` tells the clocks: those
it started are cancelled (`entered_in_error`), those it met reopen and are met again by any other entry that
stands. Every read that computes state from entries (the CWS grid's open rows, the overlap check, the contact
checklist, findings, the latest screening, case-plan flags, statistics) leaves a marked entry out.
"""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from kernel.amend import mark_entered_in_error, refuse_if_in_error
from kernel.roles import require_writer

from .. import events
from ..models import Allegation, Contact, CsecRow, Referral
from .csec_rows import require_csec_privilege


@transaction.atomic
def referral_void(*, user: User, referral: Referral, reason: str) -> Referral:
    """The whole referral was entered in error: the clocks it and its findings started are cancelled."""
    require_writer(user)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    mark_entered_in_error(referral, user, reason, what="referral", at=timezone.now())
    events.record_voided.publish(referral, user)
    return referral


@transaction.atomic
def contact_void(*, user: User, contact: Contact, reason: str) -> Contact:
    require_writer(user)
    contact = Contact.objects.select_for_update().select_related("referral").get(pk=contact.pk)
    refuse_if_in_error(contact.referral)
    mark_entered_in_error(contact, user, reason, what="contact", at=timezone.now())
    events.record_voided.publish(contact, user)
    return contact


@transaction.atomic
def allegation_void(*, user: User, allegation: Allegation, reason: str) -> Allegation:
    require_writer(user)
    allegation = Allegation.objects.select_for_update().select_related("referral").get(pk=allegation.pk)
    refuse_if_in_error(allegation.referral)
    mark_entered_in_error(allegation, user, reason, what="allegation", at=timezone.now())
    events.record_voided.publish(allegation, user)
    return allegation


@transaction.atomic
def csec_row_void(*, user: User, row: CsecRow, reason: str) -> CsecRow:
    require_writer(user)
    row = CsecRow.objects.select_for_update().get(pk=row.pk)
    require_csec_privilege(user, row.csec_type)
    mark_entered_in_error(row, user, reason, what="CSEC row", at=timezone.now())
    events.record_voided.publish(row, user)
    return row
