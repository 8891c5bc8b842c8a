"""Two sweeps at once on PostgreSQL, and a sweep run twice: each overdue clock alerted once to each recipient."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count

from reporting import enforcement, triggers
from reporting.enforcement import SweepResult, sweep
from reporting.episodes import episode_record
from reporting.models import Deadline, EmailDelivery, Notification, NotificationClock

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


def _episodes_and_clocks_due(cast, make_client, make_victim_row) -> None:
    """Ten children missing since the day before START (half of concern), ten with a law-enforcement clock."""
    for n in range(10):
        episode_record(
            user=cast.sw,
            client=make_client(first_name=f"M{n}"),
            discovered_at=START - timedelta(days=1),
            circumstance="runaway",
            reasonably_believed_cse=n % 2 == 0,
            now=START,
        )
        triggers.csec_row_documented(make_victim_row(make_client(first_name=f"V{n}"), START), cast.sw)


def _sweeps_at_once(count: int, now) -> tuple[list[SweepResult], list[BaseException]]:
    barrier = threading.Barrier(count)
    results: list[SweepResult] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(sweep(now, send_email=False))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_four_sweeps_at_once_extend_periods_and_alert_each_clock_once_per_recipient(
    cast, make_client, make_victim_row
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED need PostgreSQL")
    _episodes_and_clocks_due(cast, make_client, make_victim_row)
    # 70 days on, every episode has begun periods 2 and 3 (period 2 already over: missed) while period 1 and
    # the 24-hour clocks are overdue.
    now = START + timedelta(days=70)
    results, errors = _sweeps_at_once(4, now)
    assert errors == []
    assert sum(r.failures for r in results) == 0
    assert sum(r.clocks_started for r in results) == 20
    assert sweep(now, send_email=False).overdue_alerts == 0
    periods = Deadline.objects.filter(kind="whereabouts_reconfirmation")
    assert sorted(periods.values_list("period", flat=True)) == [1] * 10 + [2] * 10 + [3] * 10
    due = Deadline.objects.filter(due_at__lte=now)
    assert due.count() == 10 + 5 * 2 + 10 + 10  # LE reports, missing reports (5 of concern), periods 1 and 2
    assert not due.filter(alert_sent_at__isnull=True).exists()
    per_recipient = NotificationClock.objects.values("deadline", "user", "kind").annotate(n=Count("id"))
    assert {row["n"] for row in per_recipient} == {1}
    assert per_recipient.count() == due.count() * 2  # the worker and the supervisor
    for deadline in due:
        assert sorted(deadline.notifications.values_list("user__username", flat=True)) == ["sup_a", "sw_a"]


@pytest.mark.django_db(transaction=True)
def test_four_sweeps_at_once_in_small_batches_alert_each_clock_once_and_stamp_it_once(
    cast, make_client, monkeypatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED need PostgreSQL")
    monkeypatch.setattr(enforcement, "BATCH_SIZE", 7)  # many batches, each widened to its children's clocks
    now = START + timedelta(hours=25)
    kinds = ("ncmec_report", "in_person_response", "child_welfare_agency_report")
    clocks = Deadline.objects.bulk_create(
        Deadline(
            county=child.county,
            client=child,
            kind=kind,
            assigned_to=cast.sw,
            started_at=START,
            due_at=now - timedelta(minutes=n + k),
            remind_at=START,
        )
        for n, child in enumerate(make_client(first_name=f"C{n}") for n in range(60))
        for k, kind in enumerate(kinds)
    )
    results, errors = _sweeps_at_once(4, now)
    assert errors == []
    assert sum(r.overdue_alerts for r in results) == len(clocks) == 180
    assert sum(r.failures for r in results) == 0
    assert sweep(now, send_email=False).overdue_alerts == 0
    per_person = NotificationClock.objects.values("deadline", "user").annotate(n=Count("id"))
    assert per_person.count() == 2 * len(clocks) and {row["n"] for row in per_person} == {1}
    stamps = Deadline.history.filter(history_change_reason="overdue alert sent")  # type: ignore[attr-defined]
    assert stamps.count() == len(clocks) and stamps.values("id").distinct().count() == len(clocks)
    assert not Notification.objects.filter(clocks__isnull=True).exists()  # no notice names nothing
    assert EmailDelivery.objects.count() == Notification.objects.count()
