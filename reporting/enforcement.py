"""The sweep: no clock passes unnoticed (DESIGN.md "Clocks").

PostgreSQL is the only source of truth, and every phase is safe with any number of sweeps at once:
- extend: each open episode whose latest period has ended is taken with SKIP LOCKED, and its new periods are
  added under that row lock, so two sweeps never insert one period twice;
- alert and remind: due clocks are claimed in batches (FOR UPDATE SKIP LOCKED LIMIT n, widened to the other
  due clocks of the same children). Each batch, in one short transaction, tells each person once per child in
  one notification naming all of that child's clocks (their NotificationClock rows inserted skipping any the
  unique constraint already holds), writes the e-mail rows, and stamps the batch in one update. A clock tells
  each person once per round of its alerts: a reopened clock is in a new round, and is told of again. A
  batch that fails is retried clock by clock; a clock that still fails backs off instead of crash-looping the
  worker;
- e-mail (`mail.py`) leaves after commit, with no transaction open.
A worker killed mid-batch loses only that batch's uncommitted transaction: the next sweep claims it again.
"""

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from kernel.roles import Role
from referrals.models import MissingEpisode

from .clocks import reconfirmation_clocks_ensure
from .mail import deliveries_send
from .models import (
    MISSED,
    Deadline,
    DeadlineKind,
    EmailDelivery,
    Notification,
    NotificationClock,
    NotificationKind,
)
from .rules import backoff

log = logging.getLogger(__name__)

BATCH_SIZE = 500


@dataclass
class SweepResult:
    overdue_alerts: int = 0
    reminders: int = 0
    emails_sent: int = 0
    failures: int = 0
    clocks_started: int = 0


def _retryable(now: datetime) -> Q:
    return Q(sweep_retry_at__isnull=True) | Q(sweep_retry_at__lte=now)


def _overdue(now: datetime) -> QuerySet[Deadline]:
    """Unmet clocks due by `now` and not yet alerted; a period recorded as missed is still alerted, once."""
    return Deadline.objects.filter(
        _retryable(now), met_at__isnull=True, alert_sent_at__isnull=True, due_at__lte=now
    ).filter(Q(cancelled_at__isnull=True) | Q(cancelled_reason=MISSED))


def _due_soon(now: datetime) -> QuerySet[Deadline]:
    return Deadline.objects.filter(
        _retryable(now),
        met_at__isnull=True,
        cancelled_at__isnull=True,
        reminder_sent_at__isnull=True,
        alert_sent_at__isnull=True,
        remind_at__lte=now,
        due_at__gt=now,
    )


@dataclass(frozen=True)
class Phase:
    kind: str  # the NotificationKind it sends
    stamp: str  # the clock's field marking it sent
    candidates: Callable[[datetime], QuerySet[Deadline]]


OVERDUE = Phase(NotificationKind.OVERDUE, "alert_sent_at", _overdue)
DUE_SOON = Phase(NotificationKind.DUE_SOON, "reminder_sent_at", _due_soon)


def _unit_of(worker: User) -> list[User]:
    """The worker and their supervisor, those of them still active: the supervisor alone once the worker left."""
    people = [worker] if worker.is_active else []
    supervisor = worker.supervisor
    if supervisor is not None and supervisor.is_active and supervisor.pk != worker.pk:
        people.append(supervisor)
    return people


def recipients_of(clocks: list[Deadline]) -> dict[UUID, list[User]]:
    """Whom to tell of each clock: its worker and their supervisor, failing both the county's admins."""
    workers = User.objects.select_related("supervisor").in_bulk({c.assigned_to_id for c in clocks})
    units = {pk: _unit_of(worker) for pk, worker in workers.items()}
    orphaned = {c.county_id for c in clocks if not units[c.assigned_to_id]}
    admins: dict[UUID | None, list[User]] = defaultdict(list)
    if orphaned:
        found = User.objects.filter(county_id__in=orphaned, role=Role.COUNTY_ADMIN, is_active=True)
        for admin in found.order_by("username"):
            admins[admin.county_id].append(admin)
    return {c.pk: units[c.assigned_to_id] or admins[c.county_id] for c in clocks}


def _claim(candidates: QuerySet[Deadline], limit: int) -> list[Deadline]:
    """Lock up to `limit` due clocks nobody else holds, with every other due clock of the same children that
    nobody else holds, so that each child's clocks go out in one notice. Call inside a transaction."""
    locking = candidates.select_for_update(skip_locked=True, of=("self",))
    children = set(locking.order_by("due_at", "id").values_list("client_id", flat=True)[:limit])
    if not children:
        return []
    return list(locking.filter(client_id__in=children).order_by("client_id", "due_at", "id"))


def _groups(clocks: list[Deadline], kind: str) -> dict[tuple[User, UUID], list[Deadline]]:
    """(person, child) -> the clocks of that child to tell that person of, those not told already in the
    clock's current round of alerts (an earlier round's notice is no answer to a reopened clock)."""
    told = set(
        NotificationClock.objects.filter(deadline__in=clocks, kind=kind).values_list(
            "deadline_id", "user_id", "alert_round"
        )
    )
    people = recipients_of(clocks)
    groups: dict[tuple[User, UUID], list[Deadline]] = defaultdict(list)
    for clock in clocks:
        if not people[clock.pk]:
            raise LookupError(f"clock {clock.pk} has nobody to tell: no active worker, supervisor or admin")
        for person in people[clock.pk]:
            if (clock.pk, person.pk, clock.alert_round) not in told:
                groups[(person, clock.client_id)].append(clock)
    return groups


def _alert(clocks: list[Deadline], phase: Phase, now: datetime) -> None:
    """One notification per person per child naming its clocks, their e-mail rows, and the stamp: a few
    statements whatever the batch's size."""
    groups = _groups(clocks, phase.kind)
    notices = [
        Notification(
            county_id=group[0].county_id, user=person, deadline=group[0], kind=phase.kind, created_at=now
        )
        for (person, _child), group in groups.items()
    ]
    Notification.objects.bulk_create(notices)
    named = [
        NotificationClock(
            notification=notice,
            deadline=clock,
            user=notice.user,
            kind=phase.kind,
            alert_round=clock.alert_round,
        )
        for notice, group in zip(notices, groups.values(), strict=True)
        for clock in group
    ]
    NotificationClock.objects.bulk_create(named, ignore_conflicts=True)
    EmailDelivery.objects.bulk_create(
        EmailDelivery(notification=notice, to_address=notice.user.email, created_at=now)
        for notice in notices
        if notice.user.email
    )
    stamp = {phase.stamp: now, "sweep_failures": 0, "sweep_retry_at": None}
    Deadline.objects.filter(pk__in=[clock.pk for clock in clocks]).update(**stamp)


ALERTED, SKIPPED, FAILED = "alerted", "skipped", "failed"


def _alert_alone(pk: UUID, phase: Phase, now: datetime) -> str:
    """Alert one clock of a failed batch on its own (SKIPPED if another sweep has it, or had it); if it fails
    again it backs off."""
    try:
        with transaction.atomic():
            clocks = list(
                phase.candidates(now).filter(pk=pk).select_for_update(skip_locked=True, of=("self",))
            )
            if clocks:
                _alert(clocks, phase, now)
            return ALERTED if clocks else SKIPPED
    except SoftTimeLimitExceeded:
        raise
    except Exception:
        log.exception("clock %s could not be alerted; it will be tried again later", pk)
    with transaction.atomic():  # bookkeeping of the sweep, not a change to the clock: no history row
        failures = (
            Deadline.objects.select_for_update().values_list("sweep_failures", flat=True).get(pk=pk) + 1
        )
        Deadline.objects.filter(pk=pk).update(sweep_failures=failures, sweep_retry_at=now + backoff(failures))
    return FAILED


def _run(phase: Phase, now: datetime, stop_at: float | None) -> tuple[int, int]:
    """Claim and alert batch after batch until none is left (or time is up): (clocks alerted, failures)."""
    alerted = failures = 0
    while not _time_up(stop_at):
        claimed: list[UUID] = []
        try:
            with transaction.atomic():
                clocks = _claim(phase.candidates(now), BATCH_SIZE)
                claimed = [clock.pk for clock in clocks]
                if clocks:
                    _alert(clocks, phase, now)
        except SoftTimeLimitExceeded:
            raise
        except Exception:
            if not claimed:
                raise  # the claim itself failed: the database is unwell, and the next sweep tries again
            log.exception("a batch of %s clocks failed; alerting them one at a time", len(claimed))
            outcomes = [_alert_alone(pk, phase, now) for pk in claimed]
            alerted, failures = alerted + outcomes.count(ALERTED), failures + outcomes.count(FAILED)
            continue
        if not claimed:
            break
        alerted += len(claimed)
    return alerted, failures


def reconfirmation_periods_extend(now: datetime, stop_at: float | None = None) -> tuple[int, int]:
    """Open episodes enter a new 30-day period as time passes; each begun period gets its clock. Returns
    (clocks started, episodes that failed)."""
    # Only episodes whose latest standing period has ended need a look; the others already have their current
    # clock. A period set aside by a correction does not count, and an episode entered in error needs none.
    current_period = Deadline.objects.filter(
        missing_episode=OuterRef("pk"),
        kind=DeadlineKind.WHEREABOUTS_RECONFIRMATION,
        due_at__gt=now,
        cancelled_at__isnull=True,
    )
    needing = MissingEpisode.objects.filter(
        returned_at__isnull=True, discovered_at__lte=now, entered_in_error_at__isnull=True
    ).exclude(Exists(current_period))
    started = failures = 0
    for pk in needing.values_list("pk", flat=True).iterator():
        if _time_up(stop_at):
            break
        try:
            started += _extend_one(pk, now)
        except SoftTimeLimitExceeded:
            raise
        except Exception:
            log.exception("episode %s: its reconfirmation periods could not be added", pk)
            failures += 1
    return started, failures


def _extend_one(pk: UUID, now: datetime) -> int:
    with transaction.atomic():
        # Another sweep extending this episode right now holds its row: leave the episode to it.
        episode = (
            MissingEpisode.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("client__county")
            .filter(pk=pk, returned_at__isnull=True, entered_in_error_at__isnull=True)
            .first()
        )
        return len(reconfirmation_clocks_ensure(episode, None, now)) if episode else 0


def _time_up(stop_at: float | None) -> bool:
    return stop_at is not None and time.monotonic() >= stop_at


def sweep(
    now: datetime | None = None, *, send_email: bool = True, budget: float | None = None
) -> SweepResult:
    """One pass: extend reconfirmation periods, alert what is overdue, remind what is due soon, send e-mail.
    `budget` (seconds) stops it early between batches; whatever is left waits for the next sweep."""
    now = now or timezone.now()
    stop_at = None if budget is None else time.monotonic() + budget
    result = SweepResult()
    result.clocks_started, result.failures = reconfirmation_periods_extend(now, stop_at)
    result.overdue_alerts, failed = _run(OVERDUE, now, stop_at)
    result.failures += failed
    result.reminders, failed = _run(DUE_SOON, now, stop_at)
    result.failures += failed
    if send_email:
        sent = deliveries_send(now, stop_at)
        result.emails_sent, result.failures = sent.sent, result.failures + sent.failed
    return result
