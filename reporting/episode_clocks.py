"""The clocks' side of a corrected missing episode, or of an episode, reconfirmation or return entered in error
(DESIGN.md, "Records people can trust"; `reporting.amendments` does the same for the case record).

What an episode started: every clock naming it (its reconfirmation periods, the missing-child reports to law
enforcement and NCMEC, the notices of return and the return screening). Set aside, a clock is cancelled with the
reason (`corrected`, `entered_in_error`) and one already met loses its meeting first; a period recorded as
missed takes the reason too, so it no longer counts late nor alerts (and, for an episode entered in error, so
does a period its return cancelled).

Numbering. `one_clock_per_episode_kind_period` counts cancelled rows, so a clock set aside keeps its row and its
number, and the clock owed instead takes the next number of its episode and kind (`clocks.next_period`). A
reconfirmation period is known by its due time: a corrected discovery keeps each period whose due time it still
gives (met or not), sets the others aside, and adds the new anchor's missing periods after the highest number
used (`clocks.reconfirmation_periods_add`); those already over are recorded as missed once the reconfirmations
on record have met what they can.

What met them: reconfirmations meet periods (the earliest owed period that had begun by the check, the checks
taken in the order they were made); reports meet the others (`reporting.report_clocks`); the return screening
meets the return screening's clock (`amendments.return_assessment_settle`).
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from kernel.history import save_with_history
from referrals.models import MissingEpisode, Reconfirmation

from . import rules
from .amendments import CORRECTED, ENTERED_IN_ERROR, clock_settle, clocks_set_aside, return_assessment_settle
from .clocks import (
    MISSING_REPORT_KINDS,
    clock_missed,
    clocks_cancel,
    reconfirmation_clocks_ensure,
    reconfirmation_periods_add,
)
from .episodes import RECONFIRMED, RETURNED, start_missing_report_clocks, start_return_clocks
from .models import MISSED, Deadline, DeadlineKind
from .report_clocks import report_clocks_settle

PERIOD = DeadlineKind.WHEREABOUTS_RECONFIRMATION
RETURN_NOTICE_KINDS = (DeadlineKind.RETURN_NOTICE_LAW_ENFORCEMENT, DeadlineKind.RETURN_NOTICE_NCMEC)
RETURN_KINDS = (*RETURN_NOTICE_KINDS, DeadlineKind.RETURN_ASSESSMENT)


@dataclass(frozen=True)
class EpisodeFacts:
    """What an episode's clocks hang on, as it read before a correction."""

    discovered_at: datetime
    cse_concern: bool
    returned_at: datetime | None

    @classmethod
    def of(cls, episode: MissingEpisode) -> "EpisodeFacts":
        return cls(episode.discovered_at, episode.cse_concern, episode.returned_at)


def episode_clocks(episode: MissingEpisode, *kinds: str) -> QuerySet[Deadline]:
    clocks = Deadline.objects.filter(missing_episode=episode)
    return clocks.filter(kind__in=kinds) if kinds else clocks


def clocks_set_aside_with_closed(
    clocks: QuerySet[Deadline], *, reason: str, user: User, closed: tuple[str, ...] = (MISSED,)
) -> None:
    """Set aside every clock in `clocks`: the standing ones, and those the episode's own course closed with a
    reason in `closed` (a period recorded as missed still counts late and alerts; one the return cancelled
    counts nowhere, but an episode entered in error owed it no more than the others)."""
    clocks_set_aside(clocks, reason=reason, user=user)
    now = timezone.now()
    for deadline in clocks.filter(cancelled_reason__in=closed).select_for_update():
        deadline.cancelled_at = now
        deadline.cancelled_reason = reason
        save_with_history(deadline, user, f"cancelled: {reason}", validate=False)


def reconfirmations_settle(episode: MissingEpisode, user: User, now: datetime) -> None:
    """Each standing period met by the standing reconfirmation that answers it, or open. Of a returned episode,
    a period left unmet is cancelled as the return cancels one (`returned`)."""
    periods = list(
        episode_clocks(episode, PERIOD)
        .filter(cancelled_at__isnull=True)
        .select_for_update()
        .order_by("due_at", "id")
    )
    checks = Reconfirmation.objects.filter(episode=episode, entered_in_error_at__isnull=True)
    meeting: dict[UUID, datetime | None] = {period.pk: None for period in periods}
    for check in checks.order_by("confirmed_at", "created_at"):
        owed = next((period for period in periods if meeting[period.pk] is None), None)
        if owed is not None and owed.started_at <= check.confirmed_at:
            meeting[owed.pk] = check.confirmed_at
    for period in periods:
        clock_settle(period, meeting[period.pk], RECONFIRMED, user)
    if episode.returned_at is not None:
        unmet = episode_clocks(episode, PERIOD).filter(met_at__isnull=True, cancelled_at__isnull=True)
        clocks_cancel(unmet.select_for_update(), reason=RETURNED, user=user, at=now)


def missed_since(clock_ids: list[UUID], user: User, now: datetime) -> None:
    """Of the periods `clock_ids` names, those over and unmet are recorded as missed (counted late, alerted once)."""
    over = Deadline.objects.filter(
        pk__in=clock_ids, met_at__isnull=True, cancelled_at__isnull=True, due_at__lte=now
    )
    for deadline in over.select_for_update().order_by("due_at"):
        clock_missed(deadline, user, now)


def periods_reanchor(episode: MissingEpisode, user: User, now: datetime) -> None:
    """An open episode's discovery was corrected (its row locked by the caller): the periods follow it."""
    dues = rules.reconfirmation_dues(episode.discovered_at, now)
    counting = episode_clocks(episode, PERIOD).filter(
        Q(cancelled_at__isnull=True) | Q(cancelled_reason=MISSED)
    )
    clocks_set_aside_with_closed(counting.exclude(due_at__in=dues), reason=CORRECTED, user=user)
    added = reconfirmation_periods_add(episode, user, now)
    reconfirmations_settle(episode, user, now)
    missed_since([deadline.pk for deadline in added], user, now)


def missing_reports_follow(episode: MissingEpisode, user: User) -> None:
    """The missing-child reports owed from the corrected discovery (none without an exploitation concern): a
    clock started then is kept, the others set aside and started again, met by any standing report since."""
    for kind in MISSING_REPORT_KINDS:
        live = episode_clocks(episode, kind).filter(cancelled_at__isnull=True)
        if episode.cse_concern and not live.exclude(started_at=episode.discovered_at).exists():
            continue
        clocks_set_aside(live, reason=CORRECTED, user=user)
    if episode.cse_concern:
        started = start_missing_report_clocks(episode, user)
        report_clocks_settle(Deadline.objects.filter(pk__in=[deadline.pk for deadline in started]), user)


def return_clocks_follow(episode: MissingEpisode, user: User) -> None:
    """The return was corrected: its clocks that started at another time are set aside and started again from
    the corrected return, then met by the standing reports and return screening that answer them."""
    assert episode.returned_at is not None
    live = episode_clocks(episode, *RETURN_KINDS).filter(cancelled_at__isnull=True)
    clocks_set_aside(live.exclude(started_at=episode.returned_at), reason=CORRECTED, user=user)
    start_return_clocks(episode, user, episode.returned_at)
    report_clocks_settle(episode_clocks(episode, *RETURN_NOTICE_KINDS), user)
    return_assessment_settle(episode.client, episode.pk, user)


def episode_clocks_follow(episode: MissingEpisode, before: EpisodeFacts, user: User, now: datetime) -> None:
    """A corrected episode's clocks follow what changed: the discovery or the concern moves the missing-child
    reports, the discovery of an open episode its periods, the time of the return its return clocks."""
    if (episode.discovered_at, episode.cse_concern) != (before.discovered_at, before.cse_concern):
        missing_reports_follow(episode, user)
    if episode.discovered_at != before.discovered_at and episode.returned_at is None:
        periods_reanchor(episode, user, now)
    if episode.returned_at is not None and episode.returned_at != before.returned_at:
        return_clocks_follow(episode, user)


def episode_clocks_void(episode: MissingEpisode, user: User) -> None:
    """The episode was entered in error: every clock naming it is set aside (`entered_in_error`)."""
    closed = (MISSED, RETURNED)
    clocks_set_aside_with_closed(episode_clocks(episode), reason=ENTERED_IN_ERROR, user=user, closed=closed)


def periods_resume(episode: MissingEpisode, user: User) -> list[UUID]:
    """The periods the return cancelled run again (the same rows, so no number is taken twice)."""
    resumed = []
    for deadline in episode_clocks(episode, PERIOD).filter(cancelled_reason=RETURNED).select_for_update():
        deadline.cancelled_at = None
        deadline.cancelled_reason = ""
        save_with_history(deadline, user, "resumed: the return was entered in error", validate=False)
        resumed.append(deadline.pk)
    return resumed


def return_clocks_void(episode: MissingEpisode, user: User, now: datetime) -> None:
    """The return was entered in error and the episode is open again (saved so by the caller): the return's
    clocks are set aside, the periods it cancelled resume (and those begun since are added), reconfirmations
    meet them again, and a period over by now is recorded as missed."""
    clocks_set_aside(episode_clocks(episode, *RETURN_KINDS), reason=ENTERED_IN_ERROR, user=user)
    resumed = periods_resume(episode, user)
    reconfirmation_clocks_ensure(episode, user, now)
    reconfirmations_settle(episode, user, now)
    missed_since(resumed, user, now)
