"""The batched sweep writes a batch's alerts in a few statements and e-mails them in batches on one connection:
what it records is what the clock-by-clock sweep recorded (one notice per person per child naming its clocks, an
e-mail row per notice, the stamp), plus the clocks' history rows, so the audit names the sweep for the stamp."""

from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.mail.backends.locmem import EmailBackend
from django.template import loader

from accounts.models import User
from referrals.models import Client
from reporting import enforcement, mail
from reporting.amendments import clock_reopen
from reporting.models import Deadline, EmailDelivery, Notification, NotificationClock

from .conftest import at

NOW = at(2026, 6, 15, 18, 0)


def clock(child: Client, kind: str, due_at, remind_at=None) -> Deadline:
    return Deadline.objects.create(
        county=child.county,
        client=child,
        kind=kind,
        assigned_to=child.assigned_worker,
        started_at=due_at - timedelta(hours=24),
        due_at=due_at,
        remind_at=remind_at or due_at - timedelta(hours=4),
    )


def notices(user: User, kind: str) -> list[tuple[str, list[str]]]:
    """Each of `user`'s notices of `kind`: its child and the kinds of the clocks it names, first due first."""
    found = Notification.objects.filter(user=user, kind=kind).select_related("deadline__client")
    return sorted(
        (n.deadline.client.first_name, list(n.deadlines.order_by("due_at").values_list("kind", flat=True)))
        for n in found
    )


@pytest.fixture(params=["one statement", "statement by statement"])
def writer(request, monkeypatch) -> str:
    """The sweep's writes as PostgreSQL runs them (one statement a batch), and as SQLite runs them (the ORM)."""
    if request.param == "statement by statement":
        monkeypatch.setattr(enforcement, "_write_in_one_statement", enforcement._write_with_the_orm)
    return request.param


@pytest.mark.django_db
def test_a_batch_records_notices_e_mail_rows_stamps_and_history(cast, make_client, writer) -> None:
    ana, ben, cal = (make_client(first_name=name) for name in ("Ana", "Ben", "Cal"))
    first = clock(ana, "ncmec_report", NOW - timedelta(hours=3))
    second = clock(ana, "law_enforcement_report", NOW - timedelta(hours=1))
    third = clock(ben, "ncmec_report", NOW - timedelta(minutes=1))
    soon = clock(cal, "ncmec_report", NOW + timedelta(hours=2), remind_at=NOW - timedelta(minutes=5))

    result = enforcement.sweep(NOW, send_email=False)

    assert (result.overdue_alerts, result.reminders, result.failures) == (3, 1, 0)
    for user in (cast.sw, cast.supervisor):
        assert notices(user, "overdue") == [
            ("Ana", ["ncmec_report", "law_enforcement_report"]),
            ("Ben", ["ncmec_report"]),
        ]
        assert notices(user, "due_soon") == [("Cal", ["ncmec_report"])]
    assert Notification.objects.get(user=cast.sw, deadline__client=ana).deadline == first  # the first due
    assert set(Notification.objects.values_list("created_at", "county_id")) == {(NOW, cast.sw.county_id)}
    assert sorted(NotificationClock.objects.values_list("alert_round", flat=True)) == [1] * 8
    mails = EmailDelivery.objects.order_by("to_address")
    assert (
        sorted(mails.values_list("to_address", flat=True)) == ["sup_a@x.invalid"] * 3 + ["sw_a@x.invalid"] * 3
    )
    assert {(m.created_at, m.sent_at, m.attempts, m.notification.user.email) for m in mails} == {
        (NOW, None, 0, "sup_a@x.invalid"),
        (NOW, None, 0, "sw_a@x.invalid"),
    }
    for alerted in (first, second, third):
        alerted.refresh_from_db()
        assert (alerted.alert_sent_at, alerted.reminder_sent_at) == (NOW, None)
        row = alerted.history.first()  # the latest
        assert (row.history_type, row.history_change_reason, row.history_user) == (
            "~",
            "overdue alert sent",
            None,
        )
        assert (row.alert_sent_at, row.sweep_failures, row.due_at) == (NOW, 0, alerted.due_at)
    soon.refresh_from_db()
    assert (soon.reminder_sent_at, soon.alert_sent_at) == (NOW, None)
    assert soon.history.first().history_change_reason == "reminder sent"

    again = enforcement.sweep(NOW + timedelta(minutes=1), send_email=False)
    assert (again.overdue_alerts, again.reminders) == (0, 0)
    assert Notification.objects.count() == EmailDelivery.objects.count() == 6
    assert first.history.count() == 2  # its start, and the stamp


@pytest.mark.django_db
def test_a_notice_skips_the_clocks_a_person_was_already_told_of_in_this_round(cast, child, writer) -> None:
    """Insert-or-skip: a clock already named to a person in its round is not named again, nor its notice made."""
    told = clock(child, "ncmec_report", NOW - timedelta(hours=2))
    untold = clock(child, "law_enforcement_report", NOW - timedelta(hours=1))
    earlier = Notification.objects.create(
        county=child.county, user=cast.sw, deadline=told, kind="overdue", created_at=NOW - timedelta(hours=1)
    )
    NotificationClock.objects.create(notification=earlier, deadline=told, user=cast.sw, kind="overdue")
    assert enforcement.sweep(NOW, send_email=False).overdue_alerts == 2
    assert notices(cast.sw, "overdue") == [("Dana", ["law_enforcement_report"]), ("Dana", ["ncmec_report"])]
    assert notices(cast.supervisor, "overdue") == [("Dana", ["ncmec_report", "law_enforcement_report"])]
    assert NotificationClock.objects.filter(deadline=untold).count() == 2


@pytest.mark.django_db
def test_the_history_names_the_sweep_for_the_stamp_and_the_person_for_what_they_did(cast, child) -> None:
    """The stamp has a history row of its own, so the next person's change is not read as having made it."""
    overdue = clock(child, "ncmec_report", NOW - timedelta(hours=1))
    enforcement.sweep(NOW, send_email=False)
    overdue.refresh_from_db()
    clock_reopen(overdue, cast.sw, "the report was about another child")
    rows = list(overdue.history.order_by("history_date", "history_id"))
    assert [((r.history_change_reason or "")[:8], r.history_user) for r in rows] == [
        ("", None),  # started
        ("overdue ", None),
        ("reopened", cast.sw),
    ]
    assert [(r.alert_sent_at, r.alert_round) for r in rows] == [(None, 1), (NOW, 1), (None, 2)]


class Counting(EmailBackend):
    """A mail server that counts the connections made to it; it refuses addresses listed in `refused`."""

    connections = 0
    refused: frozenset[str] = frozenset()
    cut_after: int | None = None  # the task's time runs out after this many messages have left

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        type(self).connections += 1

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        from django.core import mail as outbox

        if self.cut_after is not None and len(outbox.outbox) >= self.cut_after:
            raise SoftTimeLimitExceeded()
        if any(to in self.refused for m in messages for to in m.to):
            raise OSError("550 mailbox unavailable")
        return super().send_messages(messages)


@pytest.fixture
def counting(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.reporting.test_batched_sweep.Counting"}}
    Counting.connections, Counting.refused, Counting.cut_after = 0, frozenset(), None
    return Counting


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The name of each template the e-mail renders."""
    seen: list[str] = []
    real = loader.render_to_string

    def render(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(mail, "render_to_string", render)
    return seen


def overdue_children(make_client, count: int) -> None:
    for n in range(count):
        clock(make_client(first_name=f"C{n}"), "ncmec_report", NOW - timedelta(minutes=1 + n))


@pytest.mark.django_db
def test_a_batch_of_e_mail_leaves_on_one_connection_each_text_rendered_once(
    cast, make_client, counting, renders, mailoutbox
) -> None:
    overdue_children(make_client, 3)
    enforcement.sweep(NOW, send_email=False)
    sent = mail.deliveries_send(NOW)
    assert (sent.sent, sent.failed) == (6, 0)
    assert counting.connections == 1
    assert len(renders) == 3 * 3  # three children, three templates each: the worker and supervisor share them
    assert sorted(m.to[0] for m in mailoutbox) == ["sup_a@x.invalid"] * 3 + ["sw_a@x.invalid"] * 3
    by_child: dict[str, set[tuple[str, object]]] = {}
    for message in mailoutbox:
        by_child.setdefault(message.subject, set()).add((message.body, message.alternatives[0].content))
    assert len(by_child) == 3 and all(len(texts) == 1 for texts in by_child.values())
    assert not EmailDelivery.objects.filter(sent_at__isnull=True).exists()
    assert set(EmailDelivery.objects.values_list("sent_at", "attempts", "retry_at")) == {(NOW, 1, None)}


@pytest.mark.django_db
def test_each_batch_of_e_mail_has_a_connection_of_its_own(cast, make_client, counting, monkeypatch) -> None:
    monkeypatch.setattr(mail, "BATCH_SIZE", 4)
    overdue_children(make_client, 5)
    result = enforcement.sweep(NOW)
    assert (result.emails_sent, result.failures) == (10, 0)
    assert counting.connections == 3  # 4 + 4 + 2


@pytest.mark.django_db
def test_a_message_the_server_refuses_backs_off_and_the_rest_of_the_batch_leaves(
    cast, make_client, counting, mailoutbox
) -> None:
    counting.refused = frozenset({"sw_a@x.invalid"})
    overdue_children(make_client, 3)
    result = enforcement.sweep(NOW)
    assert (result.emails_sent, result.failures) == (3, 3)
    assert [m.to for m in mailoutbox] == [["sup_a@x.invalid"]] * 3
    refused = EmailDelivery.objects.filter(to_address="sw_a@x.invalid")
    assert all(d.sent_at is None and d.retry_at == NOW + timedelta(minutes=2) for d in refused)
    assert all("550" in d.last_error for d in refused)
    counting.refused = frozenset()
    assert enforcement.sweep(NOW + timedelta(minutes=1)).emails_sent == 0  # backing off
    assert enforcement.sweep(NOW + timedelta(minutes=2)).emails_sent == 3
    assert len(mailoutbox) == 6


@pytest.mark.django_db(transaction=True)
def test_what_left_before_the_time_ran_out_is_marked_sent_and_never_sent_again(
    cast, make_client, counting, mailoutbox
) -> None:
    counting.cut_after = 2
    overdue_children(make_client, 3)
    enforcement.sweep(NOW, send_email=False)
    with pytest.raises(SoftTimeLimitExceeded):
        mail.deliveries_send(NOW)
    assert EmailDelivery.objects.filter(sent_at=NOW).count() == 2
    back = EmailDelivery.objects.filter(sent_at__isnull=True)  # given back to the outbox, claim undone
    assert set(back.values_list("attempts", "retry_at")) == {(0, None)} and back.count() == 4
    counting.cut_after = None
    assert mail.deliveries_send(NOW + timedelta(minutes=1)).sent == 4
    assert len(mailoutbox) == 6 and len({(m.to[0], m.subject) for m in mailoutbox}) == 6


@pytest.mark.django_db
def test_sending_stops_between_messages_when_the_sweep_s_time_is_up(
    cast, make_client, mailoutbox, monkeypatch
) -> None:
    overdue_children(make_client, 3)
    enforcement.sweep(NOW, send_email=False)
    # Asked before the batch, then before each message: the time is up before the third.
    answers = iter([False, False, False])
    monkeypatch.setattr(mail, "_time_up", lambda stop_at: next(answers, True))
    sent = mail.deliveries_send(NOW, stop_at=1.0)
    assert (sent.sent, sent.failed) == (2, 0) and len(mailoutbox) == 2
    back = EmailDelivery.objects.filter(sent_at__isnull=True)
    assert set(back.values_list("attempts", "retry_at")) == {(0, None)} and back.count() == 4
