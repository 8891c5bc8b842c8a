"""A real Celery worker and beat against real Redis and PostgreSQL: no clock passes unnoticed, none twice."""

import time
from datetime import date, timedelta

import pytest
import redis
from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from referrals.models import Client
from reporting.models import Deadline, EmailDelivery, Notification, NotificationClock

from .conftest import WorkerProcess, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def clocks_due(cast, count: int, due_in: timedelta) -> list[Deadline]:
    """`count` clocks of as many children (a sweep tells each person once per child, so one child each keeps
    one notification and one e-mail per clock and person)."""
    now = timezone.now()
    children = Client.objects.bulk_create(
        Client(
            county=cast.sw.county,
            assigned_worker=cast.sw,
            first_name=f"Ria{n}",
            last_name="Test",
            date_of_birth=date(2012, 1, 1),
            foster_care_status="in_foster_care",
        )
        for n in range(count)
    )
    return Deadline.objects.bulk_create(
        Deadline(
            county=child.county,
            client=child,
            kind="ncmec_report",
            assigned_to=cast.sw,
            started_at=now - timedelta(hours=24),
            due_at=now + due_in,
            remind_at=now + due_in,
        )
        for child in children
    )


def overdue_alerts() -> int:
    """Alerts of a clock to a person: what the unique constraint keeps to one each."""
    return NotificationClock.objects.filter(kind="overdue").count()


def assert_each_alerted_exactly_once(clocks: list[Deadline]) -> None:
    per_clock = (
        NotificationClock.objects.filter(kind="overdue", deadline__in=clocks)
        .values("deadline")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    assert sorted(set(per_clock)) == [2]  # the worker and the supervisor, once each
    assert len(per_clock) == len(clocks)


def test_clocks_falling_due_are_alerted_within_two_minutes(cast, worker: WorkerProcess, capsys) -> None:
    clocks = clocks_due(cast, 3, timedelta(seconds=5))
    due_at = clocks[0].due_at
    assert wait_for(lambda: overdue_alerts() == 6, timeout=120, step=0.1), worker.output()[-3000:]
    # Wall-clock time from due to the alert being visible (at most one 0.1 s poll late).
    latency = timezone.now() - due_at
    assert latency < timedelta(minutes=2)
    with capsys.disabled():
        print(
            f"\nclock due -> overdue alert with a real worker (beat tick {worker.tick_seconds}s): {latency}"
        )
    assert_each_alerted_exactly_once(clocks)


def test_worker_killed_mid_sweep_and_restarted_misses_none_and_doubles_none(
    cast, worker: WorkerProcess
) -> None:
    clocks = clocks_due(cast, 600, timedelta(seconds=3))
    assert wait_for(lambda: overdue_alerts() > 0, timeout=60, step=0.05), worker.output()[-3000:]
    worker.kill()
    partial = overdue_alerts()
    worker.start()
    assert wait_for(lambda: overdue_alerts() == 1200, timeout=120), worker.output()[-3000:]
    assert 0 < partial <= 1200
    print(f"alerts recorded when the worker was killed: {partial} of 1200")
    time.sleep(3 * worker.tick_seconds)  # further sweeps find nothing more to send
    assert overdue_alerts() == 1200
    assert_each_alerted_exactly_once(clocks)
    # One e-mail row per notification; each is sent (a send cut off by the kill may repeat, never vanish).
    assert wait_for(lambda: not EmailDelivery.objects.filter(sent_at__isnull=True).exists(), timeout=60)
    assert EmailDelivery.objects.count() == Notification.objects.count() == 1200


def test_redis_emptied_loses_no_clock(cast, worker: WorkerProcess) -> None:
    first = clocks_due(cast, 2, timedelta(seconds=2))
    assert wait_for(lambda: overdue_alerts() == 4, timeout=120), worker.output()[-3000:]
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()  # the broker comes back with nothing queued
    second = clocks_due(cast, 2, timedelta(seconds=4))
    assert wait_for(lambda: overdue_alerts() == 8, timeout=120), worker.output()[-3000:]
    assert_each_alerted_exactly_once(first + second)
