"""A county's daily work at size: the caseload list with its access events, name search, the supervisor
dashboard over thousands of clocks, and the sweep beat runs every minute."""

from datetime import date, timedelta
from typing import Any

from django.test import Client as HttpClient
from django.utils import timezone

from accounts.services import user_create
from bench.harness import Timer, benchmark
from referrals.models import Client, CsecRow
from reporting.enforcement import sweep
from reporting.models import Deadline, Notification

CLIENTS = 5_000
CLOCKS = 10_000
IDENTIFIED = 1_000
ALERTS_PER_SWEEP = 100
LAST_NAMES = ("Lopez", "Nguyen", "Smith", "Garcia", "Kim", "Johnson", "Martinez", "Brown", "Lee", "Davis")


def county_at_size() -> tuple[Any, Any, list[Client]]:
    supervisor = user_create(
        username="bench_sup", password="bench-password-1", county_name="Bench", role="supervisor"
    )
    worker = user_create(
        username="bench_sw2",
        password="bench-password-1",
        county_name="Bench",
        role="social_worker",
        supervisor_username="bench_sup",
    )
    clients = Client.objects.bulk_create(
        Client(
            county=worker.county,
            created_by=worker,
            assigned_worker=worker,
            first_name=f"Child{i}",
            last_name=LAST_NAMES[i % len(LAST_NAMES)],
            date_of_birth=date(2008 + i % 10, 1 + i % 12, 1 + i % 28),
            foster_care_status="in_foster_care",
        )
        for i in range(CLIENTS)
    )
    return supervisor, worker, clients


def clocks_for(worker: Any, clients: list[Client]) -> None:
    """Half overdue and already alerted, half due in the coming weeks and already reminded: a quiet minute."""
    now = timezone.now()
    rows = []
    for i in range(CLOCKS):
        overdue = i % 2 == 0
        due = now - timedelta(hours=1 + i % 500) if overdue else now + timedelta(hours=1 + i % 700)
        rows.append(
            Deadline(
                kind=("in_person_response", "child_welfare_agency_report")[i % 2],
                client=clients[i % len(clients)],
                county=worker.county,
                assigned_to=worker,
                started_at=due - timedelta(hours=24),
                due_at=due,
                remind_at=due - timedelta(hours=4),
                alert_sent_at=now if overdue else None,
                reminder_sent_at=now,
            )
        )
    Deadline.objects.bulk_create(rows)
    CsecRow.objects.bulk_create(
        CsecRow(
            county=worker.county,
            client=client,
            csec_type="at_risk",
            start_date=(now - timedelta(days=60)).date(),
            information_received_at=now - timedelta(days=60),
        )
        for client in clients[:IDENTIFIED]
    )


@benchmark(budget_ms=150)
def caseload(timer: Timer) -> None:
    _supervisor, worker, _clients = county_at_size()
    http = HttpClient()
    http.force_login(worker)
    timer.measure(
        f"GET /api/v1/clients/ 50 of {CLIENTS} (50 access events)",
        lambda: http.get("/api/v1/clients/", {"page_size": 50}),
        repeat=20,
    )
    timer.measure(
        f"GET /api/v1/clients/?q= name search among {CLIENTS}",
        lambda: http.get("/api/v1/clients/", {"q": "Child4321 Kim"}),
        repeat=20,
    )
    timer.measure("GET /clients/ search page", lambda: http.get("/clients/", {"q": "Nguyen"}), repeat=10)


@benchmark(budget_ms=800)
def dashboard(timer: Timer) -> None:
    supervisor, worker, clients = county_at_size()
    clocks_for(worker, clients)
    http = HttpClient()
    http.force_login(supervisor)
    timer.measure(
        f"GET /api/v1/dashboard/ over {CLOCKS} clocks, {IDENTIFIED} identified",
        lambda: http.get("/api/v1/dashboard/"),
        repeat=5,
    )


@benchmark(budget_ms=100)
def sweep_quiet(timer: Timer) -> None:
    _supervisor, worker, clients = county_at_size()
    clocks_for(worker, clients)
    timer.measure(f"sweep, nothing new due among {CLOCKS} clocks", lambda: sweep(send_email=False), repeat=20)


@benchmark(budget_ms=2_500)
def sweep_alerting(timer: Timer) -> None:
    _supervisor, worker, clients = county_at_size()
    clocks_for(worker, clients)
    fresh = list(
        Deadline.objects.filter(alert_sent_at__isnull=False)[:ALERTS_PER_SWEEP].values_list("pk", flat=True)
    )

    def newly_overdue() -> None:
        Notification.objects.filter(deadlines__in=fresh).delete()
        Deadline.objects.filter(pk__in=fresh).update(alert_sent_at=None)

    result = timer.measure(
        f"sweep alerting {ALERTS_PER_SWEEP} clocks to worker and supervisor",
        lambda: sweep(send_email=False),
        repeat=5,
        setup=newly_overdue,
    )
    assert result.overdue_alerts == ALERTS_PER_SWEEP, result
