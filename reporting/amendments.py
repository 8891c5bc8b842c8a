"""The clocks' side of a corrected entry, or one marked entered in error (DESIGN.md, "Records people can trust").

Which clocks an entry started: a clock names its source. A CSEC row's clocks carry `csec_row`, a finding's carry
`allegation` (and its referral), a referral's own carry `referral` and neither of the others (the in-person
response its decision started, probation's report to child welfare). A referral entered in error takes every
clock naming it, its findings' included; a corrected entry, those that no longer start when it now says. Those
are set aside: cancelled with the reason, and one already met loses its meeting first, so a clock that should
never have run counts nowhere (not as met, not as on time).

Which clocks an entry met: reports meet theirs through the `met_by_report` key and are not touched here. A clock
met without a report key was met by an entry, and its kind and source say which entries could have met it: an
`in_person_response` clock of a referral by the referral's first in-person contact at or after the clock
started; a `return_assessment` clock by the child's first return-from-missing screening at or after it started
(one naming an episode only meets that episode's clock). Matching `met_at` against the entry's instant fails
once a correction has moved that instant, so the clocks of the source are settled again from the entries that
still stand instead: a clock met at the wrong instant reopens and is met by the right entry, or stays open, with
its alert and reminder stamps cleared so that the sweep tells its worker and supervisor again.
"""

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from kernel.history import save_with_history
from referrals.models import Client, Referral
from screening.models import Screening

from .clocks import clocks_meet
from .models import Deadline, DeadlineKind, Report, ReportKind
from .reports import report_met_by

CORRECTED = "corrected"
ENTERED_IN_ERROR = "entered_in_error"
RETURN_FROM_MISSING = "return_from_missing"
SCREENING_ON_RETURN = "Screening on return"
# The reports that meet the clocks an entry starts (reporting.reports meets them when a report is recorded).
REPORT_OF_CLOCK = {
    DeadlineKind.LAW_ENFORCEMENT_REPORT: ReportKind.LAW_ENFORCEMENT,
    DeadlineKind.CHILD_WELFARE_AGENCY_REPORT: ReportKind.CHILD_WELFARE_AGENCY,
}


def live_clock_ids(client: Client) -> set[UUID]:
    return set(Deadline.objects.filter(client=client, cancelled_at__isnull=True).values_list("pk", flat=True))


def forget_meeting(deadline: Deadline) -> None:
    deadline.met_at = None
    deadline.met_late = None
    deadline.met_by = ""
    deadline.met_by_report = None


def clocks_set_aside(clocks: QuerySet[Deadline], *, reason: str, user: User) -> list[Deadline]:
    """Cancel every clock in `clocks` not cancelled yet; one already met loses its meeting first."""
    now = timezone.now()
    done = []
    with transaction.atomic():  # a savepoint inside the caller's transaction; the row locks need one
        for deadline in clocks.filter(cancelled_at__isnull=True).select_for_update().order_by("due_at"):
            forget_meeting(deadline)
            deadline.cancelled_at = now
            deadline.cancelled_reason = reason
            save_with_history(deadline, user, f"cancelled: {reason}", validate=False)
            done.append(deadline)
    return done


def clock_reopen(deadline: Deadline, user: User, why: str) -> None:
    """Unmeet a clock (locked by the caller); past due, the next sweep alerts its worker and supervisor again:
    its stamps are cleared and it enters a new round of alerts, which each person is told of once more."""
    forget_meeting(deadline)
    deadline.alert_round += 1
    deadline.alert_sent_at = None
    deadline.reminder_sent_at = None
    deadline.sweep_failures = 0
    deadline.sweep_retry_at = None
    save_with_history(deadline, user, f"reopened: {why}"[:100], validate=False)


def clock_settle(deadline: Deadline, met_at: datetime | None, met_by: str, user: User) -> None:
    """Make an entry-met clock met at `met_at` by `met_by`, or open when `met_at` is None; unchanged if it is."""
    if deadline.met_at == met_at and (met_at is None or deadline.met_by == met_by[:200]):
        return
    if deadline.met_at is not None:
        clock_reopen(deadline, user, "what met it was corrected or entered in error")
    if met_at is not None:
        clocks_meet(Deadline.objects.filter(pk=deadline.pk), met_at=met_at, met_by=met_by, user=user)


def in_person_settle(referral: Referral, user: User) -> None:
    """Each standing in-person clock of the referral met by its first standing in-person contact, if any."""
    contacts = referral.contacts.filter(in_person=True, entered_in_error_at__isnull=True).order_by("made_at")
    clocks = Deadline.objects.filter(
        referral=referral,
        kind=DeadlineKind.IN_PERSON_RESPONSE,
        cancelled_at__isnull=True,
        met_by_report__isnull=True,
    )
    for deadline in clocks.select_for_update():
        first = contacts.filter(made_at__gte=deadline.started_at).first()
        if first is None:
            clock_settle(deadline, None, "", user)
        else:
            met_by = f"In-person contact: {first.get_contact_type_display()}"
            clock_settle(deadline, first.made_at, met_by, user)


def return_assessment_settle(client: Client, episode_id: UUID | None, user: User) -> None:
    """Each standing return-screening clock of the child (of the episode, when given) met by the first standing
    return-from-missing screening since it started that may answer it, if any."""
    clocks = Deadline.objects.filter(
        client=client,
        kind=DeadlineKind.RETURN_ASSESSMENT,
        cancelled_at__isnull=True,
        met_by_report__isnull=True,
    )
    if episode_id is not None:
        clocks = clocks.filter(missing_episode_id=episode_id)
    standing = Screening.objects.filter(
        client=client, context=RETURN_FROM_MISSING, entered_in_error_at__isnull=True
    ).order_by("performed_at", "created_at")
    for deadline in clocks.select_for_update():
        answers = standing.filter(performed_at__gte=deadline.started_at)
        if deadline.missing_episode_id is not None:
            answers = answers.filter(
                Q(missing_episode__isnull=True) | Q(missing_episode=deadline.missing_episode_id)
            )
        first = answers.first()
        clock_settle(deadline, first.performed_at if first else None, SCREENING_ON_RETURN, user)


def meet_from_reports(clock_ids: Iterable[UUID], user: User) -> None:
    """Clocks an amendment started again, met by the earliest standing report of their kind made since they
    started (the report that, recorded now, would meet them)."""
    clocks = Deadline.objects.filter(
        pk__in=list(clock_ids), kind__in=list(REPORT_OF_CLOCK), met_at__isnull=True
    )
    for deadline in clocks.filter(cancelled_at__isnull=True).order_by("started_at"):
        report = (
            Report.objects.filter(
                client_id=deadline.client_id,
                kind=REPORT_OF_CLOCK[DeadlineKind(deadline.kind)],
                made_at__gte=deadline.started_at,
                entered_in_error_at__isnull=True,
            )
            .order_by("made_at", "created_at")
            .first()
        )
        if report is not None:
            one = Deadline.objects.filter(pk=deadline.pk)
            clocks_meet(one, met_at=report.made_at, met_by=report_met_by(report), user=user, report=report)
