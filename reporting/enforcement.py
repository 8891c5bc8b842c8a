"""The sweep: no clock passes unnoticed (DESIGN.md "Clocks").

PostgreSQL is the only source of truth. Each step claims one due row with SELECT ... FOR UPDATE SKIP LOCKED,
re-checks it, records the alert and its notifications and marks the row in one transaction, so two sweeps at
once, a sweep run twice or a worker killed mid-sweep alert each clock exactly once. E-mail is a separate step
over delivery rows; a row that fails waits (backs off) instead of stopping the sweep.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from kernel.county_time import county_zone
from referrals.models import MissingEpisode

from .clocks import reconfirmation_clocks_ensure
from .models import Deadline, DeadlineKind, EmailDelivery, Notification, NotificationKind

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=1)


@dataclass
class SweepResult:
    overdue_alerts: int = 0
    reminders: int = 0
    emails_sent: int = 0
    failures: int = 0
    clocks_started: int = 0
    alerted_ids: list[str] = field(default_factory=list)


def backoff(failures: int) -> timedelta:
    return min(timedelta(minutes=2**failures), MAX_BACKOFF)


def recipients(deadline: Deadline) -> list[User]:
    """The assigned worker and the worker's supervisor, each once."""
    people = [deadline.assigned_to]
    supervisor = deadline.assigned_to.supervisor
    if supervisor is not None and supervisor.is_active and supervisor.pk != deadline.assigned_to_id:
        people.append(supervisor)
    return people


def _unmet(now: datetime) -> Q:
    return Q(met_at__isnull=True, cancelled_at__isnull=True) & (
        Q(sweep_retry_at__isnull=True) | Q(sweep_retry_at__lte=now)
    )


def _overdue(now: datetime) -> QuerySet[Deadline]:
    return Deadline.objects.filter(_unmet(now), alert_sent_at__isnull=True, due_at__lte=now)


def _due_soon(now: datetime) -> QuerySet[Deadline]:
    return Deadline.objects.filter(
        _unmet(now),
        reminder_sent_at__isnull=True,
        alert_sent_at__isnull=True,
        remind_at__lte=now,
        due_at__gt=now,
    )


def _notify(deadline: Deadline, kind: str, now: datetime) -> None:
    for person in recipients(deadline):
        notification, created = Notification.objects.get_or_create(
            deadline=deadline,
            user=person,
            kind=kind,
            defaults={"county_id": deadline.county_id, "created_at": now},
        )
        if created and person.email:
            EmailDelivery.objects.create(notification=notification, to_address=person.email, created_at=now)


def _claim_one(candidates: QuerySet[Deadline], kind: str, now: datetime, result: SweepResult) -> bool:
    """Alert the earliest row in `candidates` nobody else holds; False when none is left."""
    with transaction.atomic():
        # Lock the clock row only (not the people joined in): the recipients come in the same query.
        deadline = (
            candidates.select_related("assigned_to__supervisor")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("due_at")
            .first()
        )
        if deadline is None:
            return False
        try:
            with transaction.atomic():
                _notify(deadline, kind, now)
        except Exception:
            log.exception("clock %s could not be alerted; it will be tried again later", deadline.pk)
            failures = deadline.sweep_failures + 1
            Deadline.objects.filter(pk=deadline.pk).update(
                sweep_failures=failures, sweep_retry_at=now + backoff(failures)
            )
            result.failures += 1
            return True
        stamp = {"alert_sent_at": now} if kind == NotificationKind.OVERDUE else {"reminder_sent_at": now}
        Deadline.objects.filter(pk=deadline.pk).update(sweep_failures=0, sweep_retry_at=None, **stamp)
        if kind == NotificationKind.OVERDUE:
            result.overdue_alerts += 1
            result.alerted_ids.append(str(deadline.pk))
        else:
            result.reminders += 1
        return True


def reconfirmation_periods_extend(now: datetime) -> int:
    """Open episodes enter a new 30-day period as time passes; each begun period gets its clock."""
    started = 0
    # Only episodes whose latest period has ended need a look; the others already have their current clock.
    current_period = Deadline.objects.filter(
        missing_episode=OuterRef("pk"), kind=DeadlineKind.WHEREABOUTS_RECONFIRMATION, due_at__gt=now
    )
    open_episodes = MissingEpisode.objects.filter(returned_at__isnull=True, discovered_at__lte=now).exclude(
        Exists(current_period)
    )
    for episode in open_episodes.select_related("client__county").iterator():
        with transaction.atomic():
            started += len(reconfirmation_clocks_ensure(episode, None, now))
    return started


def _email_one(now: datetime, result: SweepResult) -> bool:
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True)
            .filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now))
            .select_related("notification__deadline__client__county", "notification__user")
            .order_by("created_at")
            .first()
        )
        if delivery is None:
            return False
        try:
            email_send(delivery)
        except Exception as exc:
            log.exception("e-mail %s not sent; it will be retried", delivery.pk)
            delivery.attempts += 1
            delivery.retry_at = now + backoff(delivery.attempts)
            delivery.last_error = str(exc)[:2000]
            delivery.save(update_fields=["attempts", "retry_at", "last_error"])
            result.failures += 1
            return True
        delivery.sent_at = now
        delivery.attempts += 1
        delivery.save(update_fields=["sent_at", "attempts"])
        result.emails_sent += 1
        return True


def email_send(delivery: EmailDelivery) -> None:
    notification = delivery.notification
    deadline = notification.deadline
    zone = county_zone(deadline.client)
    context = {
        "notification": notification,
        "deadline": deadline,
        "due_local": deadline.due_at.astimezone(zone),
        "zone_name": deadline.client.county.time_zone,
        "link": f"{settings.PUBLIC_BASE_URL}/clients/{deadline.client_id}/clocks/",
    }
    subject = render_to_string("reporting/email/alert_subject.txt", context).strip()
    text = render_to_string("reporting/email/alert.txt", context)
    html = render_to_string("reporting/email/alert.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [delivery.to_address])
    message.attach_alternative(html, "text/html")
    message.send()


def sweep(now: datetime | None = None, *, send_email: bool = True) -> SweepResult:
    """One pass: extend reconfirmation periods, alert what is overdue, remind what is due soon, send e-mail."""
    now = now or timezone.now()
    result = SweepResult()
    result.clocks_started = reconfirmation_periods_extend(now)
    while _claim_one(_overdue(now), NotificationKind.OVERDUE, now, result):
        pass
    while _claim_one(_due_soon(now), NotificationKind.DUE_SOON, now, result):
        pass
    if send_email:
        while _email_one(now, result):
            pass
    return result
