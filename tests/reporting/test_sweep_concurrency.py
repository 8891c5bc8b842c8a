"""Two sweeps at once on PostgreSQL, and a sweep run twice: each overdue clock alerted once to each recipient."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from reporting import triggers
from reporting.enforcement import sweep
from reporting.models import Deadline, EmailDelivery, Notification

from .conftest import at

START = at(2026, 6, 15, 0, 0)


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_alert_each_clock_exactly_once(cast, make_client, make_victim_row) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED need PostgreSQL")
    for n in range(40):
        child = make_client(first_name=f"C{n}")
        triggers.csec_row_documented(make_victim_row(child, START), cast.sw)
    now = START + timedelta(hours=25)
    barrier = threading.Barrier(4)
    results = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(sweep(now, send_email=False))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.overdue_alerts for r in results) == 40
    assert sum(r.failures for r in results) == 0
    assert sweep(now, send_email=False).overdue_alerts == 0  # and once more, after
    assert Notification.objects.filter(kind="overdue").count() == 80
    assert Deadline.objects.filter(alert_sent_at__isnull=True).count() == 0
    for deadline in Deadline.objects.all():
        assert sorted(deadline.notifications.values_list("user__username", flat=True)) == ["sup_a", "sw_a"]
    assert EmailDelivery.objects.count() == 80
