"""What the clocks do when the case record tells them of an event (`referrals.events`, `screening.events`).

`subscribe()`, called once at start-up from this app's `ready()`, attaches each handler to its event. The case
record's services publish inside their own transaction; each handler receives the object just written and the
acting user, starts, meets or cancels the clocks the rules of DOMAIN.md §5 attach to it, and returns nothing.
This is the only door from the case record into the clocks: `referrals` and `screening` never import
`reporting`.
"""

from django.utils import timezone

from accounts.models import User
from kernel.county_time import county_zone
from referrals import events as case_events
from referrals.models import Allegation, Client, Contact, CsecRow, Referral
from screening import events as screening_events
from screening.models import Screening

from . import rules
from .clocks import clock_start, clocks_cancel, clocks_meet, clocks_reassign, open_clocks
from .models import Deadline, DeadlineKind

EXPLOITATION = "sexual_exploitation"
SUBSTANTIATED = "substantiated"
PROBATION = "probation"
RETURN_FROM_MISSING = "return_from_missing"


def referral_recorded(referral: Referral, user: User) -> None:
    """A referral was created (a probation referral alleging CSE starts `child_welfare_agency_report`)."""
    if referral.receiving_agency == PROBATION and referral.alleges_cse:
        clock_start(
            client=referral.client,
            kind=DeadlineKind.CHILD_WELFARE_AGENCY_REPORT,
            started_at=referral.received_at,
            due_at=rules.within_24_hours(referral.received_at),
            user=user,
            referral=referral,
        )


def response_decided(referral: Referral, user: User) -> None:
    """An emergency response decision was recorded (starts `in_person_response`, unless evaluated out)."""
    # A changed decision replaces the clock the earlier one started.
    earlier = Deadline.objects.filter(
        referral=referral,
        kind=DeadlineKind.IN_PERSON_RESPONSE,
        met_at__isnull=True,
        cancelled_at__isnull=True,
    )
    reason = "evaluated_out" if referral.response_decision == "evaluated_out" else "decision_changed"
    clocks_cancel(earlier, reason=reason, user=user)
    received_at = referral.received_at
    if referral.response_decision == "immediate":
        due_at = rules.within_24_hours(received_at)
    elif referral.response_decision == "ten_day":
        due_at = rules.ten_day_response_due(received_at, county_zone(referral.client))
    else:
        return
    deadline = clock_start(
        client=referral.client,
        kind=DeadlineKind.IN_PERSON_RESPONSE,
        started_at=received_at,
        due_at=due_at,
        user=user,
        referral=referral,
    )
    first_visit = (
        referral.contacts.filter(in_person=True, made_at__gte=received_at).order_by("made_at").first()
    )
    if deadline is not None and first_visit is not None:
        clocks_meet(
            Deadline.objects.filter(pk=deadline.pk),
            met_at=first_visit.made_at,
            met_by=f"In-person contact: {first_visit.get_contact_type_display()}",
            user=user,
        )


def contact_recorded(contact: Contact, user: User) -> None:
    """An investigation contact was recorded (an in-person contact meets `in_person_response`)."""
    if contact.in_person:
        clocks_meet(
            Deadline.objects.filter(referral_id=contact.referral_id, kind=DeadlineKind.IN_PERSON_RESPONSE),
            met_at=contact.made_at,
            met_by=f"In-person contact: {contact.get_contact_type_display()}",
            user=user,
        )


def allegation_disposed(allegation: Allegation, user: User) -> None:
    """A finding was recorded (a substantiated exploitation allegation starts `law_enforcement_report`)."""
    if allegation.allegation_type == EXPLOITATION and allegation.disposition == SUBSTANTIATED:
        started_at = allegation.disposition_at or timezone.now()
        clock_start(
            client=allegation.victim,
            kind=DeadlineKind.LAW_ENFORCEMENT_REPORT,
            started_at=started_at,
            due_at=rules.within_24_hours(started_at),
            user=user,
            allegation=allegation,
            referral_id=allegation.referral_id,
        )


def csec_row_documented(row: CsecRow, user: User) -> None:
    """A CSEC row was documented (a victim type starts `law_enforcement_report`)."""
    if row.is_victim_type:
        started_at = row.information_received_at
        clock_start(
            client=row.client,
            kind=DeadlineKind.LAW_ENFORCEMENT_REPORT,
            started_at=started_at,
            due_at=rules.within_24_hours(started_at),
            user=user,
            csec_row=row,
        )


def screening_recorded(screening: Screening, user: User) -> None:
    """A screening was recorded (a `return_from_missing` one meets `return_assessment`)."""
    if screening.context != RETURN_FROM_MISSING:
        return
    clocks = open_clocks(screening.client, DeadlineKind.RETURN_ASSESSMENT)
    if screening.missing_episode_id:
        clocks = clocks.filter(missing_episode_id=screening.missing_episode_id)
    clocks_meet(clocks, met_at=screening.performed_at, met_by="Screening on return", user=user)


def client_reassigned(client: Client, user: User) -> None:
    """The client's assigned worker changed (open clocks follow the client)."""
    clocks_reassign(client, user)


def subscribe() -> None:
    case_events.referral_recorded.subscribe(referral_recorded)
    case_events.response_decided.subscribe(response_decided)
    case_events.contact_recorded.subscribe(contact_recorded)
    case_events.allegation_disposed.subscribe(allegation_disposed)
    case_events.csec_row_documented.subscribe(csec_row_documented)
    case_events.client_reassigned.subscribe(client_reassigned)
    screening_events.screening_recorded.subscribe(screening_recorded)
