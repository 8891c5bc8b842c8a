"""What the sweep tells whom: one notice per person per child per sweep naming every clock it concerns, to the
right people, with times in the county's zone; e-mail leaves outside any transaction; late entries never flood."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from referrals.models import Client
from reporting import enforcement, mail, tasks
from reporting.episodes import episode_record
from reporting.models import Deadline, EmailDelivery, Notification, NotificationClock
from reporting.oversight import Scope, dashboard_for

from .conftest import at

NOW = at(2026, 6, 15, 18, 0)


def clock(child: Client, kind: str, due_at, worker: User | None = None) -> Deadline:
    return Deadline.objects.create(
        county=child.county,
        client=child,
        kind=kind,
        assigned_to=worker or child.assigned_worker,
        started_at=due_at - timedelta(hours=24),
        due_at=due_at,
        remind_at=due_at - timedelta(hours=4),
    )


def alerted(user: User) -> list[list[str]]:
    """Each overdue notification of `user`: the kinds of the clocks it names, first due first."""
    return [
        list(n.deadlines.order_by("due_at", "id").values_list("kind", flat=True))
        for n in Notification.objects.filter(user=user, kind="overdue").order_by("created_at", "id")
    ]


@pytest.mark.django_db
def test_the_e_mail_states_the_due_time_in_the_county_zone(cast, child, mailoutbox) -> None:
    # 03:30 UTC on the 16th is 20:30 on the 15th in California (PDT): the days differ.
    clock(child, "law_enforcement_report", at(2026, 6, 16, 3, 30))
    enforcement.sweep(at(2026, 6, 16, 4, 0))
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        html = message.alternatives[0].content
        for body in (message.body, html):
            assert "Jun 15, 2026, 8:30 PM" in body and "Pacific Time" in body
            assert "Jun 16" not in body and "3:30" not in body


@pytest.mark.django_db
def test_an_alert_whose_worker_is_inactive_goes_to_the_supervisor(cast, child, mailoutbox) -> None:
    User.objects.filter(pk=cast.sw.pk).update(is_active=False)
    clock(child, "ncmec_report", NOW - timedelta(minutes=1))
    enforcement.sweep(NOW)
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == ["sup_a"]
    assert [m.to for m in mailoutbox] == [["sup_a@x.invalid"]]


@pytest.mark.django_db
def test_failing_the_supervisor_the_county_admins_are_told(cast, child) -> None:
    User.objects.filter(pk__in=[cast.sw.pk, cast.supervisor.pk]).update(is_active=False)
    clock(child, "ncmec_report", NOW - timedelta(minutes=1))
    enforcement.sweep(NOW, send_email=False)
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == ["admin_a"]


@pytest.mark.django_db
def test_one_notification_per_person_per_child_per_sweep_naming_every_clock(
    cast, child, make_client, mailoutbox
) -> None:
    other = make_client(first_name="Ola")
    for kind in ("ncmec_report", "law_enforcement_report", "law_enforcement_missing_report"):
        clock(child, kind, NOW - timedelta(hours=len(kind)))
    clock(other, "ncmec_report", NOW - timedelta(minutes=5))
    result = enforcement.sweep(NOW)
    assert result.overdue_alerts == 4
    for user in (cast.sw, cast.supervisor):
        notices = Notification.objects.filter(user=user, kind="overdue")
        assert notices.count() == 2
        mine = notices.get(deadline__client=child)
        assert mine.deadlines.count() == 3
        assert mine.deadline == mine.deadlines.order_by("due_at").first()  # `deadline` is the first due
    assert len(mailoutbox) == 4  # one e-mail per notice, naming every clock of the child
    three = next(m for m in mailoutbox if "Dana" in m.subject)
    assert all(label in three.body for label in ("NCMEC", "Report to law enforcement", "NCIC"))
    assert enforcement.sweep(NOW + timedelta(minutes=1)).overdue_alerts == 0  # a re-run adds nothing
    assert Notification.objects.count() == 4 and NotificationClock.objects.count() == 8


@pytest.mark.django_db
def test_a_late_entry_records_past_periods_as_missed_and_alerts_them_once(cast, child, mailoutbox) -> None:
    with time_machine.travel(NOW, tick=False):
        episode_record(
            user=cast.sw,
            client=child,
            discovered_at=NOW - timedelta(days=200),
            circumstance="runaway",
            late_entry_reason="Found in a paper file",
        )
    periods = list(Deadline.objects.filter(client=child).order_by("period"))
    assert [p.period for p in periods] == [1, 2, 3, 4, 5, 6, 7]
    assert [p.cancelled_reason for p in periods] == ["missed"] * 6 + [""]
    enforcement.sweep(NOW + timedelta(minutes=1))
    for user in (cast.sw, cast.supervisor):
        assert alerted(user) == [["whereabouts_reconfirmation"] * 6]
    assert len(mailoutbox) == 2
    assert enforcement.sweep(NOW + timedelta(minutes=2)).overdue_alerts == 0
    on_time = dashboard_for(Scope(cast.supervisor), NOW + timedelta(minutes=3), listed=5).on_time
    assert [(r["kind"], r["met"], r["on_time"]) for r in on_time] == [("whereabouts_reconfirmation", 6, 0)]


@pytest.mark.django_db
def test_a_row_that_fails_backs_off_and_the_rest_are_alerted(cast, child, make_client, monkeypatch) -> None:
    other = make_client(first_name="Ola")
    broken = clock(child, "ncmec_report", NOW - timedelta(hours=1))
    clock(other, "ncmec_report", NOW - timedelta(hours=1))
    real = enforcement.recipients_of

    def failing(deadlines: list[Deadline]) -> dict[object, list[User]]:
        if any(d.pk == broken.pk for d in deadlines):
            raise RuntimeError("boom")
        return real(deadlines)

    monkeypatch.setattr(enforcement, "recipients_of", failing)
    result = enforcement.sweep(NOW, send_email=False)
    assert (result.overdue_alerts, result.failures) == (1, 1)
    broken.refresh_from_db()
    assert broken.alert_sent_at is None and broken.sweep_retry_at is not None
    monkeypatch.setattr(enforcement, "recipients_of", real)
    assert enforcement.sweep(NOW, send_email=False).overdue_alerts == 0  # still backing off
    assert enforcement.sweep(NOW + timedelta(hours=1), send_email=False).overdue_alerts == 1


@pytest.mark.django_db
def test_a_sweep_costs_the_same_queries_however_many_clocks_fall_due(cast, make_client) -> None:
    def queries_to_alert(count: int, now) -> int:
        for n in range(count):
            clock(make_client(first_name=f"C{n}"), "ncmec_report", now - timedelta(minutes=1))
        with CaptureQueriesContext(connection) as captured:
            assert enforcement.sweep(now, send_email=False).overdue_alerts == count
        assert EmailDelivery.objects.filter(created_at=now).count() == 2 * count
        return len(captured)

    assert queries_to_alert(10, NOW) == queries_to_alert(200, NOW + timedelta(days=1))


@pytest.mark.django_db
def test_sending_a_batch_of_e_mail_costs_the_same_queries_however_many(
    cast, make_client, mailoutbox, monkeypatch
) -> None:
    monkeypatch.setattr(mail, "BATCH_SIZE", 500)

    def queries_to_send(count: int, now) -> int:
        for n in range(count):
            clock(make_client(first_name=f"C{n}"), "ncmec_report", now - timedelta(minutes=1))
        enforcement.sweep(now, send_email=False)
        with CaptureQueriesContext(connection) as captured:
            assert mail.deliveries_send(now).sent == 2 * count
        return len(captured)

    assert queries_to_send(10, NOW) == queries_to_send(200, NOW + timedelta(days=1))
    assert len(mailoutbox) == 420


@pytest.mark.django_db
def test_batches_of_a_small_size_alert_everything_once(cast, make_client, monkeypatch) -> None:
    monkeypatch.setattr(enforcement, "BATCH_SIZE", 3)
    for n in range(10):
        clock(make_client(first_name=f"C{n}"), "ncmec_report", NOW - timedelta(minutes=n))
    assert enforcement.sweep(NOW, send_email=False).overdue_alerts == 10
    assert NotificationClock.objects.count() == 20


class Watching(EmailBackend):
    """A mail server that notes, at the moment it sends, whether a transaction is open and what is committed."""

    seen: list[tuple[bool, int]] = []

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        committed: list[int] = []
        # Another connection sees only what is committed: the claim must be, before the send.
        reader = threading.Thread(
            target=lambda: (
                committed.append(EmailDelivery.objects.filter(attempts=1).count()),
                connection.close(),
            )
        )
        reader.start()
        reader.join()
        Watching.seen.append((connection.in_atomic_block, committed[0]))
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_e_mail_leaves_outside_any_transaction_after_its_claim_is_committed(
    cast, child, settings, mailoutbox
) -> None:
    settings.MAILERS = {"default": {"BACKEND": "tests.reporting.test_alerts.Watching"}}
    Watching.seen = []
    clock(child, "ncmec_report", NOW - timedelta(minutes=1))
    result = enforcement.sweep(NOW)
    assert result.emails_sent == 2
    assert Watching.seen == [(False, 2), (False, 2)]
    assert not EmailDelivery.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.django_db
def test_one_e_mail_failing_backs_off_and_the_others_leave(cast, child, mailoutbox, monkeypatch) -> None:
    clock(child, "ncmec_report", NOW - timedelta(minutes=1))
    real = mail.message_for

    def refusing(delivery: EmailDelivery, *args):  # type: ignore[no-untyped-def]
        if delivery.to_address == "sw_a@x.invalid":
            raise OSError("mail server refused")
        return real(delivery, *args)

    monkeypatch.setattr(mail, "message_for", refusing)
    result = enforcement.sweep(NOW)
    assert (result.emails_sent, result.failures) == (1, 1)
    failed = EmailDelivery.objects.get(to_address="sw_a@x.invalid")
    assert failed.sent_at is None and failed.retry_at is not None and "refused" in failed.last_error
    assert [m.to for m in mailoutbox] == [["sup_a@x.invalid"]]
    monkeypatch.setattr(mail, "message_for", real)
    assert enforcement.sweep(NOW + timedelta(hours=1)).emails_sent == 1


def test_tasks_have_time_limits_and_the_sweep_ticks_often_enough() -> None:
    from cse_casework.celery import app

    for task in (tasks.sweep, tasks.heartbeat):
        assert task.soft_time_limit and task.time_limit and task.soft_time_limit < task.time_limit
    schedule = app.conf.beat_schedule["sweep"]["schedule"]
    # Breach to alert within 60 s at p99: a tick, the sweep and the commit must fit well inside it.
    assert schedule <= 20
