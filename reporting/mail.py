"""Alert e-mail: a step of its own after the alerts are committed, sent with no transaction open.

The e-mail rows are an outbox, drained batch by batch. A batch is claimed in a short transaction (each row's
attempt counted, its `retry_at` pushed out by a lease so no other sender takes it meanwhile), committed, and only
then sent: a slow mail server holds no row lock and no open transaction. The batch is read in two queries, each
distinct text rendered once (a worker and their supervisor are told the same of a child), and its messages leave
one after another on one connection to the mail server; then the rows sent are marked in one update. A sender
whose time is up stops between messages, marks what has left and gives the rest back; one killed mid-batch leaves
its rows to be claimed again once their lease ends: an e-mail may repeat, never vanish. A row that fails backs
off; the others still leave.
"""

import contextlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone

from kernel.county_time import county_zone
from kernel.display import zone_label

from .models import MISSED, Deadline, EmailDelivery, Notification, NotificationKind
from .rules import backoff

log = logging.getLogger(__name__)

# Longer than any batch is sent for: the sweep task stops sending at its budget and is killed at its hard time
# limit (`tasks.SWEEP_HARD_LIMIT`), both well within it.
LEASE = timedelta(minutes=10)
BATCH_SIZE = 100


@dataclass
class Sent:
    sent: int = 0
    failed: int = 0


def _claim(now: datetime) -> list[int]:
    """Take up to BATCH_SIZE unsent rows nobody else holds, and commit the claim before anything is sent."""
    with transaction.atomic():
        due = (
            EmailDelivery.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True)
            .filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now))
            .order_by("created_at", "id")
        )
        ids = list(due.values_list("pk", flat=True)[:BATCH_SIZE])
        EmailDelivery.objects.filter(pk__in=ids).update(attempts=F("attempts") + 1, retry_at=now + LEASE)
    return ids


def _claimed(ids: list[int]) -> list[EmailDelivery]:
    clocks = Deadline.objects.select_related("assigned_to").order_by("due_at", "id")
    return list(
        EmailDelivery.objects.filter(pk__in=ids)
        .select_related("notification__deadline__client__county")
        .prefetch_related(Prefetch("notification__deadlines", queryset=clocks))
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class Texts:
    subject: str
    text: str
    html: str


def texts_for(notification: Notification) -> Texts:
    """What a notification says: every clock it names, its due time in the child's county's zone. It names no
    one it is sent to, so the worker's and the supervisor's copies of one child's notice read the same."""
    child = notification.deadline.client
    zone = county_zone(child)
    context = {
        "overdue": notification.kind == NotificationKind.OVERDUE,
        "child": child,
        "deadlines": list(notification.deadlines.all()),
        "missed": MISSED,
        "zone_name": zone_label(zone),
        "link": f"{settings.PUBLIC_BASE_URL}/clients/{child.pk}/clocks/",
    }
    # The `date` filter shows an instant in the active zone: make that the county's, the zone the text names.
    with timezone.override(zone):
        subject = render_to_string("reporting/email/alert_subject.txt", context).strip()
        text = render_to_string("reporting/email/alert.txt", context)
        html = render_to_string("reporting/email/alert.html", context)
    return Texts(subject, text, html)


def _same_text(notification: Notification) -> tuple[str, tuple[object, ...]]:
    """Notifications with this key read the same: the same kind, about the same clocks (so the same child)."""
    return notification.kind, tuple(clock.pk for clock in notification.deadlines.all())


class Renderer:
    """Renders each distinct text of a batch once."""

    def __init__(self) -> None:
        self.rendered: dict[tuple[str, tuple[object, ...]], Texts] = {}

    def __call__(self, notification: Notification) -> Texts:
        key = _same_text(notification)
        if key not in self.rendered:
            self.rendered[key] = texts_for(notification)
        return self.rendered[key]


def message_for(delivery: EmailDelivery, render: Renderer | None = None) -> EmailMultiAlternatives:
    """The e-mail of one delivery row: its notification's texts, to the row's address."""
    texts = (render or texts_for)(delivery.notification)
    message = EmailMultiAlternatives(
        texts.subject, texts.text, settings.DEFAULT_FROM_EMAIL, [delivery.to_address]
    )
    message.attach_alternative(texts.html, "text/html")
    return message


@dataclass
class Outcome:
    """What became of a batch: the rows sent, the rows that failed with their error; the others of the batch
    were not tried (time ran out) and go back to the outbox."""

    claimed: list[int]
    sent: list[int] = field(default_factory=list)
    failed: list[tuple[EmailDelivery, Exception]] = field(default_factory=list)

    def untried(self) -> list[int]:
        done = set(self.sent) | {delivery.pk for delivery, _error in self.failed}
        return [pk for pk in self.claimed if pk not in done]


def _send(connection: BaseEmailBackend, message: EmailMultiAlternatives) -> None:
    try:
        connection.open()  # open already: nothing; closed after a failure: a fresh connection
        connection.send_messages([message])
    except SoftTimeLimitExceeded:
        raise
    except Exception:
        with contextlib.suppress(Exception):
            connection.close()  # a server that refused one message may have dropped the connection
        raise


@contextlib.contextmanager
def _mail_connection() -> Iterator[BaseEmailBackend]:
    connection = mailers.default
    try:
        yield connection
    finally:
        with contextlib.suppress(Exception):
            connection.close()


def _send_batch(deliveries: list[EmailDelivery], outcome: Outcome, stop_at: float | None) -> None:
    """Each message of the batch, one after another on one connection; one failing leaves the others to go.
    Once `stop_at` has passed, the rest are left untried."""
    render = Renderer()
    with _mail_connection() as connection:
        for delivery in deliveries:
            if _time_up(stop_at):
                return
            try:
                _send(connection, message_for(delivery, render))
            except SoftTimeLimitExceeded:
                raise
            except Exception as error:
                log.exception("e-mail %s not sent; it will be retried", delivery.pk)
                outcome.failed.append((delivery, error))
            else:
                outcome.sent.append(delivery.pk)


def _record(outcome: Outcome, now: datetime) -> None:
    """Mark the rows sent in one update; each failed row backs off by its own count of attempts; the untried
    go back to the outbox at once, their claim undone."""
    EmailDelivery.objects.filter(pk__in=outcome.sent).update(sent_at=now, retry_at=None, last_error="")
    for delivery, error in outcome.failed:
        delivery.retry_at = now + backoff(delivery.attempts)
        delivery.last_error = str(error)[:2000]
    EmailDelivery.objects.bulk_update([d for d, _ in outcome.failed], ["retry_at", "last_error"])
    if untried := outcome.untried():
        EmailDelivery.objects.filter(pk__in=untried).update(attempts=F("attempts") - 1, retry_at=None)


def deliveries_send(now: datetime, stop_at: float | None = None) -> Sent:
    """Send every e-mail due, batch by batch. Call it outside any transaction (the sweep does), so that each
    claim commits before its sends; stop early at `stop_at` (`time.monotonic()`), leaving the rest for later."""
    total = Sent()
    while not _time_up(stop_at) and (ids := _claim(now)):
        outcome = Outcome(claimed=ids)
        try:
            _send_batch(_claimed(ids), outcome, stop_at)
        finally:
            # Even when the task's time is up mid-batch, what has left is marked (it is not sent again), and
            # what has not goes back to the outbox (the one cut off mid-send may repeat, never vanish).
            _record(outcome, now)
        total.sent += len(outcome.sent)
        total.failed += len(outcome.failed)
    return total


def _time_up(stop_at: float | None) -> bool:
    return stop_at is not None and time.monotonic() >= stop_at
