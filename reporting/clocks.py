"""Starting, meeting and cancelling clocks. Called inside the transaction of the write that triggers them."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TypedDict, Unpack
from uuid import UUID

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from accounts.models import User
from kernel.county_time import county_day
from kernel.history import save_with_history
from referrals.models import Allegation, Client, CsecRow, MissingEpisode, Referral

from . import rules
from .county_settings import clock_settings_of
from .models import MISSED, Deadline, DeadlineKind, Report

MISSING_REPORT_KINDS = (DeadlineKind.LAW_ENFORCEMENT_MISSING_REPORT, DeadlineKind.NCMEC_REPORT)
# The reasons `reporting.amendments` sets a clock aside with (a corrected entry, one entered in error): such a
# clock counts nowhere, and what it covered may be owed again by a clock of its own.
SET_ASIDE = ("corrected", "entered_in_error")
# Probation passes every report of exploitation it receives to the child welfare agency, whether or not the child
# already receives child welfare services (ACL 16-85, "Intake & Investigation", A; DOMAIN.md §5): the one clock
# that starts for a child outside them.
OWED_OUTSIDE_CWS = frozenset({DeadlineKind.CHILD_WELFARE_AGENCY_REPORT})


class ClockSource(TypedDict, total=False):
    """The record whose event started a clock, kept on the clock so its page can link back to it."""

    referral: Referral
    referral_id: UUID
    csec_row: CsecRow
    allegation: Allegation
    missing_episode: MissingEpisode


def receives_cws_on(client: Client, at: datetime) -> bool:
    """Statutory clocks start only for a child receiving child welfare services on that day (DOMAIN.md §1)."""
    return client.cws_category_on(county_day(at, client.county)).receiving_cws


def clock_applies(client: Client, kind: str, at: datetime) -> bool:
    """Whether a clock of `kind` is owed for the child at `at`: for a child receiving child welfare services that
    day, and probation's report to the child welfare agency for any child."""
    return kind in OWED_OUTSIDE_CWS or receives_cws_on(client, at)


def clock_start(
    *,
    client: Client,
    kind: str,
    started_at: datetime,
    due_at: datetime,
    user: User | None,
    period: int = 0,
    **source: Unpack[ClockSource],
) -> Deadline | None:
    """Start one clock the child is owed (`clock_applies`), assigned to the client's worker; None when no clock
    applies. `user` is None when the sweep starts it (a new reconfirmation period begun with the passing of time)."""
    if not clock_applies(client, kind, started_at):
        return None
    if kind == DeadlineKind.LAW_ENFORCEMENT_REPORT and open_clocks(client, kind).exists():
        return None  # at most one open law-enforcement clock per child: the report owed already covers it
    episode = source.get("missing_episode")
    if (
        episode is not None
        and Deadline.objects.filter(missing_episode=episode, kind=kind, period=period).exists()
    ):
        return None
    lead = timedelta(hours=clock_settings_of(client.county).reminder_lead_hours)
    deadline = Deadline(
        county_id=client.county_id,
        client=client,
        kind=kind,
        period=period,
        assigned_to_id=client.assigned_worker_id,
        started_at=started_at,
        due_at=due_at,
        remind_at=rules.reminder_at(started_at, due_at, lead),
        **source,
    )
    save_with_history(deadline, user, f"started: {kind}", validate=False)
    return deadline


def open_clocks(client: Client, kind: str) -> QuerySet[Deadline]:
    return Deadline.objects.filter(client=client, kind=kind, met_at__isnull=True, cancelled_at__isnull=True)


def clocks_meet(
    clocks: QuerySet[Deadline], *, met_at: datetime, met_by: str, user: User, report: Report | None = None
) -> list[Deadline]:
    """Meet every open clock in `clocks` that had started by `met_at`; a thing done earlier meets nothing."""
    met = []
    candidates = clocks.filter(met_at__isnull=True, cancelled_at__isnull=True, started_at__lte=met_at)
    with transaction.atomic():  # a savepoint inside the caller's transaction; the row locks need one
        for deadline in candidates.select_for_update().order_by("due_at"):
            deadline.met_at = met_at
            deadline.met_late = met_at > deadline.due_at
            deadline.met_by = met_by[:200]
            deadline.met_by_report = report
            save_with_history(deadline, user, f"met by {met_by}"[:100], validate=False)
            met.append(deadline)
    return met


def clocks_cancel(clocks: Iterable[Deadline], *, reason: str, user: User, at: datetime | None = None) -> int:
    count = 0
    for deadline in clocks:
        if deadline.met_at is None and deadline.cancelled_at is None:
            deadline.cancelled_at = at or timezone.now()
            deadline.cancelled_reason = reason
            save_with_history(deadline, user, f"cancelled: {reason}", validate=False)
            count += 1
    return count


def clocks_reassign(client: Client, user: User) -> None:
    for deadline in Deadline.objects.filter(client=client, met_at__isnull=True, cancelled_at__isnull=True):
        if deadline.assigned_to_id != client.assigned_worker_id:
            deadline.assigned_to_id = client.assigned_worker_id
            save_with_history(deadline, user, "reassigned with the client", validate=False)


def clock_missed(deadline: Deadline, user: User | None, now: datetime) -> None:
    """Close a clock whose time was over before it was recorded: nobody could meet it, so it counts as late."""
    deadline.cancelled_at = now
    deadline.cancelled_reason = MISSED
    save_with_history(deadline, user, "missed: its period was over when it was recorded", validate=False)


def next_period(episode: MissingEpisode, kind: str) -> int:
    """The number a new clock of `kind` for `episode` takes when one of its kind already exists (one set aside
    keeps its row and number: `one_clock_per_episode_kind_period` counts cancelled rows): one after the highest
    used, or 0 for the first."""
    used = Deadline.objects.filter(missing_episode=episode, kind=kind).aggregate(top=Max("period"))["top"]
    return 0 if used is None else used + 1


def reconfirmation_periods_add(episode: MissingEpisode, user: User | None, now: datetime) -> list[Deadline]:
    """Start a clock for each 30-day period of the episode begun by `now` that has none standing with its due
    time; the caller holds the episode's row. A period is numbered by its order from discovery (1, 2, 3...) when
    that number is free; once a corrected discovery has set periods aside (their rows keep their numbers), the
    periods of the new anchor take the numbers after the highest used. Periods are ordered by due time."""
    periods = Deadline.objects.filter(missing_episode=episode, kind=DeadlineKind.WHEREABOUTS_RECONFIRMATION)
    standing = set(periods.exclude(cancelled_reason__in=SET_ASIDE).values_list("due_at", flat=True))
    used = set(periods.values_list("period", flat=True))
    started = []
    for ordinal, due_at in enumerate(rules.reconfirmation_dues(episode.discovered_at, now), start=1):
        if due_at in standing:
            continue
        number = ordinal if ordinal not in used else max(used) + 1
        deadline = clock_start(
            client=episode.client,
            kind=DeadlineKind.WHEREABOUTS_RECONFIRMATION,
            started_at=max(due_at - rules.RECONFIRMATION_PERIOD, episode.discovered_at),
            due_at=due_at,
            user=user,
            period=number,
            missing_episode=episode,
        )
        if deadline is not None:
            used.add(number)
            started.append(deadline)
    return started


def reconfirmation_clocks_ensure(episode: MissingEpisode, user: User | None, now: datetime) -> list[Deadline]:
    """A reconfirmation clock for every 30-day period of an open episode begun by `now` (idempotent). A period
    already over when recorded (an episode entered late, a sweep after an outage) is recorded as missed: one
    overdue alert names them all, and they need no reconfirmation each. An episode entered in error owes none."""
    # Whoever adds an episode's periods (a sweep, a reconfirmation) takes its row first, so two at once take
    # turns and the second finds the first one's clocks instead of inserting them again.
    open_episode = MissingEpisode.objects.select_for_update().filter(
        pk=episode.pk, returned_at__isnull=True, entered_in_error_at__isnull=True
    )
    if episode.returned_at is not None or episode.entered_in_error:
        return []
    if open_episode.values_list("pk", flat=True).first() is None:
        return []
    started = reconfirmation_periods_add(episode, user, now)
    for deadline in started:
        if deadline.due_at <= now:
            clock_missed(deadline, user, now)
    return started
