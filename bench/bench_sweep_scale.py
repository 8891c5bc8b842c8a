"""The sweep at the scale of Los Angeles: 10,000 clocks fall due at once (a beat outage, a late import) among
a million, and one sweep alerts them all, e-mail rows included. Beside it, the same work done by one set-based
SQL statement (rolled back): the floor the batched sweep is measured against. Then the e-mail of those alerts,
drained in batches on one mail connection, and `manage.py enforce_deadlines` doing both. Only the alert pass has
a budget; the e-mail lines are shown for what they are (composing each MIME message is most of their time).

The clocks are seeded with set-based inserts (INSERT ... SELECT generate_series); `CSE_BENCH_SWEEP_CLOCKS` sets
how many (1,000,000 unless told). The benchmark commits, as production does: each batch of the sweep is a
transaction of its own.
"""

import io
import os
import time
from typing import Any

from django.core import mail as django_mail
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import County, User
from accounts.services import county_get_or_create, user_create
from bench.harness import Timer, benchmark
from reporting import mail
from reporting.enforcement import sweep
from reporting.models import Deadline, EmailDelivery, Notification, NotificationClock

CLOCKS = int(os.environ.get("CSE_BENCH_SWEEP_CLOCKS", "1000000"))
NEWLY_OVERDUE = min(10_000, CLOCKS)
CHILDREN = max(NEWLY_OVERDUE, CLOCKS // 4)
SUPERVISORS = 20
WORKERS_PER_SUPERVISOR = 10
REPEAT = 2  # after a warm-up run: each run alerts 10,000 clocks, then the county is put back as it was
# Kinds that may stand open side by side for one child (one open law-enforcement clock per child at most).
KINDS = ("ncmec_report", "in_person_response", "child_welfare_agency_report", "return_assessment")


def _staff(county_name: str) -> list[User]:
    """Supervisors with their workers, every one with an e-mail address: the workers, in a stable order."""
    workers = []
    for s in range(SUPERVISORS):
        supervisor = f"la_sup{s}"
        user_create(
            username=supervisor,
            password="bench-password-1",
            county_name=county_name,
            role="supervisor",
            email=f"{supervisor}@bench.invalid",
        )
        for w in range(WORKERS_PER_SUPERVISOR):
            name = f"la_sw{s}_{w}"
            workers.append(
                user_create(
                    username=name,
                    password="bench-password-1",
                    county_name=county_name,
                    role="social_worker",
                    supervisor_username=supervisor,
                    email=f"{name}@bench.invalid",
                )
            )
    return workers


def _seed_children(county: County, workers: list[User]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO referrals_client (id, county_id, created_at, created_by_id, first_name, last_name,
                date_of_birth, sex, assigned_worker_id, foster_care_status, title_iv_e_assistance,
                chafee_services, updated_at)
            SELECT gen_random_uuid(), %(county)s, now(), w, 'Child' || g, 'Scale', date '2010-01-01' + g %% 3000,
                'unknown', w, 'in_foster_care', false, false, now()
            FROM generate_series(1, %(children)s) AS g,
                LATERAL (SELECT (%(workers)s::uuid[])[1 + g %% %(count)s] AS w) AS worker
            """,
            {
                "county": county.pk,
                "children": CHILDREN,
                "workers": [w.pk for w in workers],
                "count": len(workers),
            },
        )


def _seed_clocks(county: County) -> None:
    """Clock g belongs to child 1 + (g - 1) % CHILDREN. The first NEWLY_OVERDUE (one per child) have just
    fallen due, unalerted; of the rest, most are met, some overdue and alerted long ago, some open and due
    later (not yet due for their reminder): what a quiet sweep leaves alone."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE TEMP TABLE scale_child ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY id) AS n, id, assigned_worker_id
            FROM referrals_client WHERE county_id = %s
            """,
            [county.pk],
        )
        cursor.execute("CREATE UNIQUE INDEX ON scale_child (n)")
        cursor.execute(
            """
            INSERT INTO reporting_deadline (id, county_id, client_id, kind, period, assigned_to_id, started_at,
                due_at, remind_at, met_at, met_late, met_by, cancelled_at, cancelled_reason, reminder_sent_at,
                alert_sent_at, alert_round, sweep_failures, sweep_retry_at, created_at)
            SELECT gen_random_uuid(), %(county)s, c.id, (%(kinds)s::text[])[1 + g %% 4], 0, c.assigned_worker_id,
                s.due - interval '24 hours', s.due, s.due - interval '4 hours',
                CASE WHEN s.state = 'met' THEN s.due - interval '1 hour' END,
                CASE WHEN s.state = 'met' THEN false END,
                CASE WHEN s.state = 'met' THEN 'Report recorded' ELSE '' END,
                NULL, '',
                CASE WHEN s.state IN ('alerted', 'met') THEN s.due - interval '4 hours' END,
                CASE WHEN s.state = 'alerted' THEN s.due END,
                1, 0, NULL, s.due - interval '24 hours'
            FROM generate_series(1, %(clocks)s) AS g
            JOIN scale_child AS c ON c.n = 1 + (g - 1) %% %(children)s
            CROSS JOIN LATERAL (
                SELECT CASE
                    WHEN g <= %(fresh)s THEN 'fresh'
                    WHEN g %% 10 = 0 THEN 'alerted'
                    WHEN g %% 10 = 1 THEN 'open'
                    ELSE 'met'
                END AS state
            ) AS k
            CROSS JOIN LATERAL (
                SELECT CASE k.state
                    WHEN 'fresh' THEN now() - make_interval(mins => 1 + g %% 600)
                    WHEN 'open' THEN now() + make_interval(hours => 5 + g %% 700)
                    ELSE now() - make_interval(hours => 1 + g %% 20000)
                END AS due, k.state
            ) AS s
            """,
            {
                "county": county.pk,
                "kinds": list(KINDS),
                "clocks": CLOCKS,
                "children": CHILDREN,
                "fresh": NEWLY_OVERDUE,
            },
        )


def seed_county() -> list[Any]:
    """The county, its staff, its children and clocks; the ids of the clocks newly overdue."""
    county = county_get_or_create("Los Angeles")
    workers = _staff(county.name)
    started = time.perf_counter()
    with transaction.atomic():
        _seed_children(county, workers)
        _seed_clocks(county)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE referrals_client")
        cursor.execute("VACUUM ANALYZE reporting_deadline")
    print(f"seeded {CHILDREN} children and {CLOCKS} clocks in {time.perf_counter() - started:.1f} s")
    now = timezone.now()
    return list(
        Deadline.objects.filter(alert_sent_at__isnull=True, met_at__isnull=True, due_at__lte=now).values_list(
            "pk", flat=True
        )
    )


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def newly_overdue_again(fresh: list[Any]) -> None:
    """Undo a sweep: no notification, e-mail or stamp history, the fresh clocks unalerted again."""
    history = Deadline.history.model  # type: ignore[attr-defined]  # simple-history's runtime attribute
    tables = [EmailDelivery, NotificationClock, Notification, history]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(_table(m) for m in tables)}")
    Deadline.objects.filter(pk__in=fresh).update(alert_sent_at=None, sweep_failures=0, sweep_retry_at=None)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reporting_deadline")


def _history_columns() -> tuple[str, str]:
    """The history table's columns copied from the clock, and the same names read off the stamped rows."""
    history = Deadline.history.model  # type: ignore[attr-defined]  # simple-history's runtime attribute
    names = [field.column for field in history.tracked_fields]
    return ", ".join(names), ", ".join(f"stamped.{name}" for name in names)


def set_based_alert() -> int:
    """The whole alert pass in one statement: claim, recipients (worker and supervisor), one notice per person
    per child, the clocks it names (skipping what the unique constraint holds), e-mail rows, the stamp and its
    history rows. Rolled back: a floor to measure the sweep against, not the product's code."""
    columns, stamped_columns = _history_columns()
    sql = f"""
        WITH due AS (
            SELECT id, client_id, county_id, assigned_to_id, alert_round, due_at
            FROM reporting_deadline
            WHERE met_at IS NULL AND alert_sent_at IS NULL AND due_at <= %(now)s
                AND (cancelled_at IS NULL OR cancelled_reason = 'missed')
                AND (sweep_retry_at IS NULL OR sweep_retry_at <= %(now)s)
            ORDER BY due_at, id
            LIMIT %(limit)s
            FOR UPDATE SKIP LOCKED
        ), told AS (
            SELECT due.*, person.user_id
            FROM due
            JOIN accounts_user AS worker ON worker.id = due.assigned_to_id
            CROSS JOIN LATERAL (VALUES (worker.id), (worker.supervisor_id)) AS person (user_id)
            WHERE person.user_id IS NOT NULL
        ), grouped AS (
            SELECT user_id, client_id, min(county_id::text)::uuid AS county_id,
                (array_agg(id ORDER BY due_at, id))[1] AS first_id, gen_random_uuid() AS notice_id
            FROM told GROUP BY user_id, client_id
        ), notices AS (
            INSERT INTO reporting_notification (id, kind, created_at, county_id, deadline_id, user_id)
            SELECT notice_id, 'overdue', %(now)s, county_id, first_id, user_id FROM grouped
            RETURNING id
        ), named AS (
            INSERT INTO reporting_notificationclock (kind, deadline_id, notification_id, user_id, alert_round)
            SELECT 'overdue', told.id, grouped.notice_id, told.user_id, told.alert_round
            FROM told JOIN grouped USING (user_id, client_id)
            ON CONFLICT DO NOTHING
        ), mails AS (
            INSERT INTO reporting_emaildelivery (to_address, attempts, last_error, created_at, notification_id)
            SELECT person.email, 0, '', %(now)s, grouped.notice_id
            FROM grouped JOIN accounts_user AS person ON person.id = grouped.user_id
            WHERE person.email <> ''
        ), stamped AS (
            UPDATE reporting_deadline AS clock
            SET alert_sent_at = %(now)s, sweep_failures = 0, sweep_retry_at = NULL
            FROM due WHERE clock.id = due.id
            RETURNING clock.*
        ), noted AS (
            INSERT INTO reporting_historicaldeadline ({columns}, history_date, history_change_reason,
                history_type)
            SELECT {stamped_columns}, %(now)s, 'overdue alert sent', '~' FROM stamped
        )
        SELECT count(*) FROM stamped
    """  # noqa: S608 - names from the models' metadata, values bound
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, {"now": timezone.now(), "limit": NEWLY_OVERDUE})
        (alerted,) = cursor.fetchone()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the foreign keys a commit would check, checked
        transaction.set_rollback(True)
    return int(alerted)


@benchmark(budget_ms=10_000, committed=True)
def sweep_at_scale(timer: Timer) -> None:
    fresh = seed_county()
    assert len(fresh) == NEWLY_OVERDUE, len(fresh)

    alerted = timer.measure(
        f"set-based SQL floor: alert {NEWLY_OVERDUE} among {CLOCKS} (one statement, rolled back)",
        set_based_alert,
        repeat=REPEAT,
        setup=lambda: newly_overdue_again(fresh),
    )
    assert alerted == NEWLY_OVERDUE, alerted
    timer.results[-1].note = "1 statement, its foreign keys checked; no Python per row"

    counted: list[int] = []

    def alert_pass() -> Any:
        connection.queries_log.clear()  # the log keeps 9,000: counted from empty, nothing is cut off
        with CaptureQueriesContext(connection) as captured:
            result = sweep(send_email=False)
        counted.append(len(captured))
        return result

    result = timer.measure(
        f"sweep alerting {NEWLY_OVERDUE} newly overdue clocks among {CLOCKS}, e-mail rows included",
        alert_pass,
        repeat=REPEAT,
        setup=lambda: newly_overdue_again(fresh),
    )
    assert result.overdue_alerts == NEWLY_OVERDUE and result.failures == 0, result
    notices = Notification.objects.count()
    assert EmailDelivery.objects.count() == notices == 2 * NEWLY_OVERDUE, notices
    timer.results[-1].note = f"{counted[-1]} queries, {notices} notices and e-mail rows"

    def drain() -> Any:
        connection.queries_log.clear()  # the log keeps 9,000: counted from empty, nothing is cut off
        with CaptureQueriesContext(connection) as captured:
            sent = mail.deliveries_send(timezone.now())
        counted.append(len(captured))
        return sent

    def unsent() -> None:
        EmailDelivery.objects.update(sent_at=None, attempts=0, retry_at=None)
        django_mail.outbox = []

    sent = timer.measure(
        f"e-mail of those alerts: {2 * NEWLY_OVERDUE} messages, {mail.BATCH_SIZE} a batch on one connection",
        drain,
        repeat=REPEAT,
        setup=unsent,
    )
    assert sent.sent == 2 * NEWLY_OVERDUE and sent.failed == 0, sent
    _unbudgeted(timer, f"{counted[-1]} queries; locmem backend (a mail server adds its round trips)")

    def enforce_deadlines() -> None:
        connection.queries_log.clear()  # the log keeps 9,000: counted from empty, nothing is cut off
        with CaptureQueriesContext(connection) as captured:
            call_command("enforce_deadlines", stdout=io.StringIO())
        counted.append(len(captured))

    timer.measure(
        "manage.py enforce_deadlines end to end: the same alerts and their e-mail",
        enforce_deadlines,
        repeat=REPEAT,
        setup=lambda: newly_overdue_again(fresh),
    )
    assert EmailDelivery.objects.filter(sent_at__isnull=False).count() == 2 * NEWLY_OVERDUE
    _unbudgeted(timer, f"{counted[-1]} queries")
    django_mail.outbox = []


def _unbudgeted(timer: Timer, note: str) -> None:
    """The last figure is shown for what it is: the budget holds the alert pass, not the e-mail after it."""
    timer.results[-1].budget_ms = float("inf")
    timer.results[-1].note = note
