"""The sweep: no clock passes unnoticed (DESIGN.md "Clocks").

PostgreSQL is the only source of truth, and every phase is safe with any number of sweeps at once:
- extend: each open episode whose latest period has ended is taken with SKIP LOCKED, and its new periods are
  added under that row lock, so two sweeps never insert one period twice;
- alert and remind: due clocks are claimed in batches by one statement (FOR UPDATE SKIP LOCKED LIMIT n, widened
  to the other due clocks of the same children that nobody else holds). Each batch, in one short transaction,
  reads whom to tell of its clocks (one query) and what they were told already in this round (one query), then
  writes everything in one statement: one notification per person per child naming all of that child's clocks,
  their NotificationClock rows (inserted skipping any the unique constraint already holds), the e-mail rows, the
  stamp on every clock of the batch and the clocks' history rows. A handful of statements per batch, whatever
  its size. A clock tells each person once per round of its alerts: a reopened clock is in a new round, and is
  told of again. A batch that fails is retried clock by clock; a clock that still fails backs off instead of
  crash-looping the worker;
- e-mail (`mail.py`) leaves after commit, with no transaction open.
A worker killed mid-batch loses only that batch's uncommitted transaction: the next sweep claims it again.
"""

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from uuid import UUID, uuid4

from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection, transaction
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
    noted: str  # the reason the clock's history row gives for the stamp
    candidates: Callable[[datetime], QuerySet[Deadline]]


OVERDUE = Phase(NotificationKind.OVERDUE, "alert_sent_at", "overdue alert sent", _overdue)
DUE_SOON = Phase(NotificationKind.DUE_SOON, "reminder_sent_at", "reminder sent", _due_soon)

# What a batch reads of each clock it claims: whom it concerns, and the round its alerts are in.
CLAIMED = ("county", "client", "assigned_to", "due_at", "alert_round")


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
    """In one statement, lock up to `limit` due clocks nobody else holds, widened to every other due clock of the
    same children that nobody else holds, so that each child's clocks go out in one notice. Call inside a
    transaction."""
    locking = candidates.select_for_update(skip_locked=True, of=("self",))
    children = locking.order_by("due_at", "id").values("client_id")[:limit]
    return list(locking.filter(client_id__in=children).order_by("client_id", "due_at", "id").only(*CLAIMED))


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


@dataclass
class Batch:
    """What one batch writes, column by column: its notices, the clocks each names, their e-mail rows."""

    clocks: list[UUID]
    notice: list[UUID] = field(default_factory=list)
    notice_county: list[UUID] = field(default_factory=list)
    notice_user: list[UUID] = field(default_factory=list)
    notice_clock: list[UUID] = field(default_factory=list)
    named_notice: list[UUID] = field(default_factory=list)
    named_clock: list[UUID] = field(default_factory=list)
    named_user: list[UUID] = field(default_factory=list)
    named_round: list[int] = field(default_factory=list)
    mail_notice: list[UUID] = field(default_factory=list)
    mail_to: list[str] = field(default_factory=list)


def _batch(clocks: list[Deadline], groups: dict[tuple[User, UUID], list[Deadline]]) -> Batch:
    """One notice per (person, child), `deadline` the first of the child's clocks to fall due (the claim's
    order), naming each of them; an e-mail row for each notice whose person has an address."""
    batch = Batch(clocks=[clock.pk for clock in clocks])
    for (person, _child), group in groups.items():
        notice = uuid4()
        batch.notice.append(notice)
        batch.notice_county.append(group[0].county_id)
        batch.notice_user.append(person.pk)
        batch.notice_clock.append(group[0].pk)
        for clock in group:
            batch.named_notice.append(notice)
            batch.named_clock.append(clock.pk)
            batch.named_user.append(person.pk)
            batch.named_round.append(clock.alert_round)
        if person.email:
            batch.mail_notice.append(notice)
            batch.mail_to.append(person.email)
    return batch


@cache
def _batch_statement(stamp: str) -> str:
    """PostgreSQL: a batch's whole write in one statement. Its parts run together on one snapshot, and the
    foreign keys between the new rows are checked at commit (they are deferred). The notices and the stamp bear
    the sweep's `now`; the history rows, like every history row, the time they are written."""
    history = Deadline.history.model
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in history.tracked_fields)
    user = quote(history._meta.get_field("history_user").column)
    return f"""
        WITH notices AS (
            INSERT INTO reporting_notification (id, county_id, user_id, deadline_id, kind, created_at)
            SELECT notice.id, notice.county_id, notice.user_id, notice.deadline_id, %(kind)s, %(now)s
            FROM unnest(%(notice)s::uuid[], %(notice_county)s::uuid[], %(notice_user)s::uuid[],
                %(notice_clock)s::uuid[]) AS notice (id, county_id, user_id, deadline_id)
        ), named AS (
            INSERT INTO reporting_notificationclock (notification_id, deadline_id, user_id, kind, alert_round)
            SELECT named.notification_id, named.deadline_id, named.user_id, %(kind)s, named.alert_round
            FROM unnest(%(named_notice)s::uuid[], %(named_clock)s::uuid[], %(named_user)s::uuid[],
                %(named_round)s::integer[]) AS named (notification_id, deadline_id, user_id, alert_round)
            ON CONFLICT ON CONSTRAINT one_alert_per_clock_person_round DO NOTHING
        ), mails AS (
            INSERT INTO reporting_emaildelivery (notification_id, to_address, attempts, last_error, created_at)
            SELECT mail.notification_id, mail.to_address, 0, '', %(now)s
            FROM unnest(%(mail_notice)s::uuid[], %(mail_to)s::text[]) AS mail (notification_id, to_address)
        ), stamped AS (
            UPDATE reporting_deadline SET {quote(stamp)} = %(now)s, sweep_failures = 0, sweep_retry_at = NULL
            WHERE id = ANY(%(clocks)s::uuid[])
            RETURNING *
        )
        INSERT INTO {quote(history._meta.db_table)}
            ({columns}, history_date, history_change_reason, history_type, {user})
        SELECT {columns}, %(written)s, %(noted)s, '~', NULL FROM stamped
    """  # noqa: S608 - names from the models' metadata, values bound


def _write_in_one_statement(batch: Batch, phase: Phase, now: datetime) -> None:
    params = {**vars(batch), "kind": phase.kind, "now": now, "noted": phase.noted, "written": timezone.now()}
    with connection.cursor() as cursor:
        cursor.execute(_batch_statement(phase.stamp), params)


def _write_with_the_orm(batch: Batch, phase: Phase, now: datetime) -> None:
    """The same rows, statement by statement, for a database without data-modifying WITH (SQLite, which the
    embedded default runs on)."""
    Notification.objects.bulk_create(
        Notification(
            county_id=county, user_id=user, deadline_id=clock, kind=phase.kind, created_at=now, pk=pk
        )
        for pk, county, user, clock in zip(
            batch.notice, batch.notice_county, batch.notice_user, batch.notice_clock, strict=True
        )
    )
    NotificationClock.objects.bulk_create(
        (
            NotificationClock(
                notification_id=notice, deadline_id=clock, user_id=user, kind=phase.kind, alert_round=round_
            )
            for notice, clock, user, round_ in zip(
                batch.named_notice, batch.named_clock, batch.named_user, batch.named_round, strict=True
            )
        ),
        ignore_conflicts=True,
    )
    EmailDelivery.objects.bulk_create(
        EmailDelivery(notification_id=notice, to_address=to, created_at=now)
        for notice, to in zip(batch.mail_notice, batch.mail_to, strict=True)
    )
    stamped = Deadline.objects.filter(pk__in=batch.clocks)
    stamped.update(**{phase.stamp: now, "sweep_failures": 0, "sweep_retry_at": None})
    Deadline.history.bulk_history_create(
        list(stamped), update=True, default_change_reason=phase.noted, default_date=timezone.now()
    )


def _alert(clocks: list[Deadline], phase: Phase, now: datetime) -> None:
    """One notification per person per child naming its clocks, their e-mail rows, the stamp and the clocks'
    history rows: a few statements whatever the batch's size."""
    batch = _batch(clocks, _groups(clocks, phase.kind))
    if connection.vendor == "postgresql":
        _write_in_one_statement(batch, phase, now)
    else:
        _write_with_the_orm(batch, phase, now)


ALERTED, SKIPPED, FAILED = "alerted", "skipped", "failed"


def _alert_alone(pk: UUID, phase: Phase, now: datetime) -> str:
    """Alert one clock of a failed batch on its own (SKIPPED if another sweep has it, or had it); if it fails
    again it backs off."""
    try:
        with transaction.atomic():
            locking = phase.candidates(now).filter(pk=pk).select_for_update(skip_locked=True, of=("self",))
            clocks = list(locking.only(*CLAIMED))
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
