"""A clock reopened by a correction alerts again (DESIGN.md "Records people can trust"): each reopening
starts a new round of its alerts, told once to each person per round however many sweeps run, and the
notices of the earlier rounds stay as they were."""

import threading
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import User
from referrals import services
from referrals.models import Client, Contact, Referral
from reporting.enforcement import SweepResult, sweep
from reporting.models import Deadline, EmailDelivery, Notification, NotificationClock
from reporting.selectors import notifications_of

SW, SUP = "sw_a", "sup_a"


def hours_ago(hours: float) -> datetime:
    return timezone.now() - timedelta(hours=hours)


def immediate_referral(cast, child: Client, received_hours_ago: float) -> Referral:
    """A referral needing an in-person response within 24 hours of `received_hours_ago` hours ago."""
    referral = services.referral_create(
        user=cast.sw,
        client=child,
        received_at=hours_ago(received_hours_ago),
        source="hotline",
        alleges_cse=True,
    )
    return services.response_decision_record(user=cast.sw, referral=referral, decision="immediate")


def visit(cast, referral: Referral, made_hours_ago: float = 1) -> Contact:
    return services.contact_record(
        user=cast.sw,
        referral=referral,
        contact_type="child",
        made_at=hours_ago(made_hours_ago),
        in_person=True,
    )


def in_person(child: Client) -> Deadline:
    return Deadline.objects.get(client=child, kind="in_person_response")


def told(kind: str = "overdue") -> list[tuple[str, int]]:
    """(person, round) of each notice of `kind` naming a clock, in the order they were made."""
    rows = NotificationClock.objects.filter(kind=kind).order_by("notification__created_at", "user__username")
    return list(rows.values_list("user__username", "alert_round"))


def met_then_voided(cast, child: Client, referral: Referral) -> None:
    """An in-person visit meets the clock, then is marked entered in error: the clock reopens."""
    contact = visit(cast, referral)
    assert in_person(child).met_at == contact.made_at
    services.contact_void(user=cast.sw, contact=contact, reason="The visit was to another child")


@pytest.mark.django_db
def test_a_reopened_clock_past_due_alerts_worker_and_supervisor_once_more(cast, child, mailoutbox) -> None:
    referral = immediate_referral(cast, child, received_hours_ago=50)
    sweep()
    first = list(Notification.objects.filter(kind="overdue").order_by("user__username").values())
    assert told() == [(SUP, 1), (SW, 1)] and len(mailoutbox) == 2
    met_then_voided(cast, child, referral)
    assert sweep().overdue_alerts == 1
    assert Notification.objects.filter(kind="overdue").count() == 4  # one more each
    assert sorted(m.to[0] for m in mailoutbox[2:]) == ["sup_a@x.invalid", "sw_a@x.invalid"]
    assert told() == [(SUP, 1), (SW, 1), (SUP, 2), (SW, 2)] and in_person(child).alert_round == 2
    again = sweep()
    assert (again.overdue_alerts, again.reminders, again.emails_sent) == (0, 0, 0)
    assert len(told()) == 4 and len(mailoutbox) == 4 and EmailDelivery.objects.count() == 4
    round_one = Notification.objects.filter(pk__in=[n["id"] for n in first]).order_by("user__username")
    assert list(round_one.values()) == first  # the first round's notices, as they were


@pytest.mark.django_db
def test_a_clock_reopened_before_it_is_due_reminds_again_then_alerts_once(cast, child, mailoutbox) -> None:
    referral = immediate_referral(cast, child, received_hours_ago=21)  # due in 3 hours: reminders are due
    assert sweep().reminders == 1
    met_then_voided(cast, child, referral)
    assert (sweep().reminders, sweep().reminders) == (1, 0)
    assert told("due_soon") == [(SUP, 1), (SW, 1), (SUP, 2), (SW, 2)]
    later = timezone.now() + timedelta(hours=4)
    assert (sweep(later).overdue_alerts, sweep(later).overdue_alerts) == (1, 0)
    assert told("overdue") == [(SUP, 2), (SW, 2)]
    assert len(mailoutbox) == 6


@pytest.mark.django_db
def test_each_reopening_is_a_round_of_its_own(cast, child) -> None:
    referral = immediate_referral(cast, child, received_hours_ago=50)
    sweep(send_email=False)
    for _ in range(2):
        met_then_voided(cast, child, referral)
        sweep(send_email=False)
        sweep(send_email=False)
    assert sorted(told()) == [(SUP, 1), (SUP, 2), (SUP, 3), (SW, 1), (SW, 2), (SW, 3)]
    assert in_person(child).history.first().alert_round == 3


def resolved(user: User) -> list[tuple[int, bool]]:
    """(round, resolved) of each of the user's overdue notices, first made first."""
    notices = notifications_of(user, {"kind": "overdue"}).order_by("created_at", "id")
    return [(n.clocks.get().alert_round, n.resolved) for n in notices]


@pytest.mark.django_db
def test_a_notice_is_resolved_while_its_clock_stands_met_whatever_its_round(cast, child) -> None:
    referral = immediate_referral(cast, child, received_hours_ago=50)
    sweep(send_email=False)
    visit(cast, referral, made_hours_ago=2)
    assert resolved(cast.sw) == [(1, True)]
    contact = Contact.objects.get(referral=referral)
    services.contact_void(user=cast.sw, contact=contact, reason="Wrong child")
    assert resolved(cast.sw) == [(1, False)]  # met no longer: the first notice is open again
    sweep(send_email=False)
    assert resolved(cast.sw) == [(1, False), (2, False)]
    visit(cast, referral)
    assert resolved(cast.sw) == [(1, True), (2, True)]


def _sweeps_at_once(count: int) -> tuple[list[SweepResult], list[BaseException]]:
    barrier = threading.Barrier(count)
    results: list[SweepResult] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(sweep(send_email=False))
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
def test_four_sweeps_at_once_alert_a_reopened_clock_once_per_person(cast, child) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED need PostgreSQL")
    referral = immediate_referral(cast, child, received_hours_ago=50)
    sweep(send_email=False)
    met_then_voided(cast, child, referral)
    results, errors = _sweeps_at_once(4)
    assert errors == [] and sum(r.failures for r in results) == 0
    assert sum(r.overdue_alerts for r in results) == 1
    assert sweep(send_email=False).overdue_alerts == 0
    assert sorted(told()) == [(SUP, 1), (SUP, 2), (SW, 1), (SW, 2)]
    assert Notification.objects.count() == EmailDelivery.objects.count() == 4
