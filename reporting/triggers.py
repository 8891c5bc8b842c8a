"""What the clocks do when the case record tells them of an event (`referrals.events`, `screening.events`).

`subscribe()`, called once at start-up from this app's `ready()`, attaches each handler to its event. The case
record's services publish inside their own transaction; each handler receives the object just written and the
acting user, starts, meets or cancels the clocks the rules of DOMAIN.md §5 attach to it, and returns nothing.
This is the only door from the case record into the clocks: `referrals` and `screening` never import
`reporting`.

A corrected entry (`record_corrected`) and one entered in error (`record_voided`) move the clocks as
`reporting.amendments` describes: an entry entered in error has every clock it started set aside
(`entered_in_error`); a corrected one only those that no longer match it (`corrected`), and its trigger below fires
again on it. The clocks entries meet are then settled again from the entries that still stand. Entries entered in
error start, meet and cover nothing.
"""

from collections.abc import Callable
from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from accounts.models import User
from kernel.county_time import county_zone
from referrals import events as case_events
from referrals.events import CaseEntry
from referrals.models import VICTIM_TYPES, Allegation, Client, Contact, CsecRow, Referral
from screening import events as screening_events
from screening.models import Screening

from . import rules
from .amendments import (
    CORRECTED,
    ENTERED_IN_ERROR,
    clocks_set_aside,
    in_person_settle,
    live_clock_ids,
    meet_from_reports,
    return_assessment_settle,
)
from .clocks import SET_ASIDE, clock_start, clocks_cancel, clocks_meet, clocks_reassign, open_clocks
from .models import Deadline, DeadlineKind

EXPLOITATION = "sexual_exploitation"
SUBSTANTIATED = "substantiated"
PROBATION = "probation"
RETURN_FROM_MISSING = "return_from_missing"


def owes_child_welfare_report(referral: Referral) -> bool:
    """Probation received a report of exploitation: it tells the child welfare agency, whether or not the child
    already receives child welfare services (ACL 16-85, "Intake & Investigation", A)."""
    return referral.receiving_agency == PROBATION and referral.alleges_cse


def referral_recorded(referral: Referral, user: User) -> None:
    """A referral was created (a probation referral alleging CSE starts `child_welfare_agency_report`, once)."""
    if not owes_child_welfare_report(referral):
        return
    standing = Deadline.objects.filter(
        referral=referral, kind=DeadlineKind.CHILD_WELFARE_AGENCY_REPORT
    ).exclude(cancelled_reason__in=SET_ASIDE)
    if not standing.exists():  # one report received owes one report on, however often its event is heard
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
        referral.contacts.filter(in_person=True, made_at__gte=received_at, entered_in_error_at__isnull=True)
        .order_by("made_at")
        .first()
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


def started_by(entry: CaseEntry, *, whole: bool) -> QuerySet[Deadline]:
    """The clocks `entry` started (see `reporting.amendments`); `whole` takes a referral's findings' clocks too."""
    match entry:
        case Referral() if whole:
            return Deadline.objects.filter(referral=entry)
        case Referral():
            return Deadline.objects.filter(referral=entry, allegation__isnull=True, csec_row__isnull=True)
        case Allegation():
            return Deadline.objects.filter(allegation=entry)
        case CsecRow():
            return Deadline.objects.filter(csec_row=entry)
    return Deadline.objects.none()  # a contact starts no clock; it meets one


type Restart = Callable[[], object]


def clocks_owed(entry: CaseEntry, user: User) -> list[tuple[str, datetime | None, Restart]]:
    """Each kind of clock `entry` may start, when the entry as it now reads starts it (None: it starts none),
    and its trigger, to fire again on the entry."""
    match entry:
        case Referral():
            probation = owes_child_welfare_report(entry)
            decided = entry.response_decision in ("immediate", "ten_day")
            return [
                (
                    DeadlineKind.CHILD_WELFARE_AGENCY_REPORT,
                    entry.received_at if probation else None,
                    lambda: referral_recorded(entry, user),
                ),
                (
                    DeadlineKind.IN_PERSON_RESPONSE,
                    entry.received_at if decided else None,
                    lambda: response_decided(entry, user),
                ),
            ]
        case Allegation():
            found = entry.allegation_type == EXPLOITATION and entry.disposition == SUBSTANTIATED
            start = entry.disposition_at if found else None
            return [(DeadlineKind.LAW_ENFORCEMENT_REPORT, start, lambda: allegation_disposed(entry, user))]
        case CsecRow():
            start = entry.information_received_at if entry.is_victim_type else None
            return [(DeadlineKind.LAW_ENFORCEMENT_REPORT, start, lambda: csec_row_documented(entry, user))]
    return []  # a contact starts no clock


def clocks_refresh(entry: CaseEntry, user: User) -> list[Deadline]:
    """A corrected entry's clocks: one still started when the entry now says is kept (met or not); the others
    are set aside (`corrected`) and the trigger fires again on the corrected entry. Returns those set aside."""
    set_aside: list[Deadline] = []
    for kind, start, restart in clocks_owed(entry, user):
        live = started_by(entry, whole=False).filter(kind=kind, cancelled_at__isnull=True)
        if start is not None and live.exists() and not live.exclude(started_at=start).exists():
            continue
        set_aside += clocks_set_aside(live, reason=CORRECTED, user=user)
        if start is not None:
            restart()
    return set_aside


def client_of(entry: CaseEntry) -> Client:
    if isinstance(entry, Contact):
        return entry.referral.client
    if isinstance(entry, Allegation):
        return entry.victim
    return entry.client


def referral_of(entry: CaseEntry) -> Referral | None:
    if isinstance(entry, Referral):
        return entry
    if isinstance(entry, Contact | Allegation):
        return entry.referral
    return None


def uncovered_victim_entries(client: Client, since: datetime) -> list[CsecRow | Allegation]:
    """The child's standing victim entries since `since` that have no law-enforcement clock of their own (one
    open clock per child: another entry's clock covered them while it ran), earliest first."""
    own = Deadline.objects.filter(kind=DeadlineKind.LAW_ENFORCEMENT_REPORT, cancelled_at__isnull=True)
    rows = CsecRow.objects.filter(
        client=client,
        csec_type__in=VICTIM_TYPES,
        entered_in_error_at__isnull=True,
        information_received_at__gte=since,
    ).exclude(Exists(own.filter(csec_row=OuterRef("pk"))))
    findings = Allegation.objects.filter(
        victim=client,
        allegation_type=EXPLOITATION,
        disposition=SUBSTANTIATED,
        entered_in_error_at__isnull=True,
        referral__entered_in_error_at__isnull=True,
        disposition_at__gte=since,
    ).exclude(Exists(own.filter(allegation=OuterRef("pk"))))
    entries: list[CsecRow | Allegation] = [*rows.select_related("client"), *findings.select_related("victim")]
    return sorted(
        entries,
        key=lambda e: e.information_received_at if isinstance(e, CsecRow) else e.disposition_at or since,
    )


def law_enforcement_settle(client: Client, set_aside: list[Deadline], user: User) -> None:
    """A law-enforcement clock set aside no longer covers the victim entries it covered while it ran: the first of
    them that stands starts its own clock (met by any report since), and so on while none is left open."""
    covering = [d.started_at for d in set_aside if d.kind == DeadlineKind.LAW_ENFORCEMENT_REPORT]
    if not covering:
        return
    for entry in uncovered_victim_entries(client, min(covering)):
        if open_clocks(client, DeadlineKind.LAW_ENFORCEMENT_REPORT).exists():
            return
        before = live_clock_ids(client)
        if isinstance(entry, CsecRow):
            csec_row_documented(entry, user)
        else:
            allegation_disposed(entry, user)
        meet_from_reports(live_clock_ids(client) - before, user)


def clocks_follow(entry: CaseEntry, user: User, *, reason: str) -> None:
    """Set aside the clocks `entry` started (a corrected entry's only where they no longer match it, and they
    start again), meet them again from standing reports and entries, and settle the rest."""
    client = client_of(entry)
    before = live_clock_ids(client)
    if reason == CORRECTED:
        set_aside = clocks_refresh(entry, user)
    else:
        set_aside = clocks_set_aside(started_by(entry, whole=True), reason=reason, user=user)
    meet_from_reports(live_clock_ids(client) - before, user)
    referral = referral_of(entry)
    if referral is not None:
        in_person_settle(referral, user)
    law_enforcement_settle(client, set_aside, user)


def record_corrected(entry: CaseEntry, user: User) -> None:
    """A case-record entry was corrected where a clock depends on it: the clocks follow the corrected entry."""
    clocks_follow(entry, user, reason=CORRECTED)


def record_voided(entry: CaseEntry, user: User) -> None:
    """A case-record entry was marked entered in error: its clocks are cancelled, those it met reopen."""
    clocks_follow(entry, user, reason=ENTERED_IN_ERROR)


def screening_amended(screening: Screening, user: User) -> None:
    """A screening was corrected or marked entered in error: the return screenings' clocks are settled again."""
    return_assessment_settle(screening.client, screening.missing_episode_id, user)


def subscribe() -> None:
    case_events.referral_recorded.subscribe(referral_recorded)
    case_events.response_decided.subscribe(response_decided)
    case_events.contact_recorded.subscribe(contact_recorded)
    case_events.allegation_disposed.subscribe(allegation_disposed)
    case_events.csec_row_documented.subscribe(csec_row_documented)
    case_events.client_reassigned.subscribe(client_reassigned)
    screening_events.screening_recorded.subscribe(screening_recorded)
    case_events.record_corrected.subscribe(record_corrected)
    case_events.record_voided.subscribe(record_voided)
    screening_events.record_corrected.subscribe(screening_amended)
    screening_events.record_voided.subscribe(screening_amended)
