"""Alert e-mail: a step of its own after the alerts are committed, sent with no transaction open.

A delivery row is claimed in a short transaction (its attempt counted, its `retry_at` pushed out by a lease so
no other sender takes it meanwhile), committed, and only then sent: a slow mail server holds no row lock and no
open transaction. Then the row is marked sent. A sender killed mid-send leaves the row to be claimed again once
its lease ends: an e-mail may repeat, never vanish. A row that fails backs off; the others still leave.
"""

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone

from kernel.county_time import county_zone

from .models import MISSED, Deadline, EmailDelivery, NotificationKind
from .rules import backoff

log = logging.getLogger(__name__)

# Longer than any one send may take (the SMTP connection times out well before).
LEASE = timedelta(minutes=10)
BATCH_SIZE = 50


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
        .select_related("notification__user", "notification__deadline__client__county")
        .prefetch_related(Prefetch("notification__deadlines", queryset=clocks))
        .order_by("created_at", "id")
    )


def message_for(delivery: EmailDelivery) -> EmailMultiAlternatives:
    """The e-mail of one notification: every clock it names, its due time in the child's county's zone."""
    notification = delivery.notification
    child = notification.deadline.client
    zone = county_zone(child)
    context = {
        "overdue": notification.kind == NotificationKind.OVERDUE,
        "child": child,
        "deadlines": list(notification.deadlines.all()),
        "missed": MISSED,
        "zone_name": child.county.time_zone,
        "link": f"{settings.PUBLIC_BASE_URL}/clients/{child.pk}/clocks/",
    }
    # The `date` filter shows an instant in the active zone: make that the county's, the zone the text names.
    with timezone.override(zone):
        subject = render_to_string("reporting/email/alert_subject.txt", context).strip()
        text = render_to_string("reporting/email/alert.txt", context)
        html = render_to_string("reporting/email/alert.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [delivery.to_address])
    message.attach_alternative(html, "text/html")
    return message


def _send_one(delivery: EmailDelivery, now: datetime) -> bool:
    try:
        message_for(delivery).send()
    except SoftTimeLimitExceeded:
        raise  # the task's time is up: the claimed rows go back to the queue when their lease ends
    except Exception as error:
        log.exception("e-mail %s not sent; it will be retried", delivery.pk)
        EmailDelivery.objects.filter(pk=delivery.pk).update(
            retry_at=now + backoff(delivery.attempts), last_error=str(error)[:2000]
        )
        return False
    EmailDelivery.objects.filter(pk=delivery.pk).update(sent_at=now, retry_at=None, last_error="")
    return True


def deliveries_send(now: datetime, stop_at: float | None = None) -> Sent:
    """Send every e-mail due, batch by batch. Call it outside any transaction (the sweep does), so that each
    claim commits before its sends; stop early at `stop_at` (`time.monotonic()`), leaving the rest for later."""
    outcome = Sent()
    while not _time_up(stop_at) and (ids := _claim(now)):
        for delivery in _claimed(ids):
            if _send_one(delivery, now):
                outcome.sent += 1
            else:
                outcome.failed += 1
    return outcome


def _time_up(stop_at: float | None) -> bool:
    return stop_at is not None and time.monotonic() >= stop_at
