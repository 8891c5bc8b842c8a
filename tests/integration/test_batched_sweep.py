"""The batched sweep on real Celery workers against real Redis and PostgreSQL: four sweeps at once, and a worker
killed (SIGKILL) in the middle of a batch, still alert each clock exactly once to each person."""

import re
import signal
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from cse_casework.celery import app
from referrals.models import Client
from reporting.models import Deadline, EmailDelivery, Notification, NotificationClock

from .conftest import ROOT, WorkerProcess, wait_for

# Thousands of clocks and their e-mail on two shared cores: longer than the suite's default limit per test.
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), pytest.mark.timeout(600)]

KINDS = ("ncmec_report", "in_person_response")


def clocks_overdue(cast, children: int) -> int:
    """Two overdue clocks for each of `children` children; how many clocks."""
    now = timezone.now()
    made = Client.objects.bulk_create(
        Client(
            county=cast.sw.county,
            assigned_worker=cast.sw,
            first_name=f"Kid{n}",
            last_name="Batch",
            date_of_birth=date(2012, 1, 1),
            foster_care_status="in_foster_care",
        )
        for n in range(children)
    )
    clocks = Deadline.objects.bulk_create(
        Deadline(
            county=child.county,
            client=child,
            kind=kind,
            assigned_to=cast.sw,
            started_at=now - timedelta(hours=30),
            due_at=now - timedelta(hours=6, seconds=n + k),
            remind_at=now - timedelta(hours=10),
        )
        for n, child in enumerate(made)
        for k, kind in enumerate(KINDS)
    )
    return len(clocks)


def alerts() -> int:
    return NotificationClock.objects.filter(kind="overdue").count()


def assert_exactly_once(clocks: int) -> None:
    """Each clock named once to the worker and once to the supervisor, stamped once, with one history row for
    its stamp; one e-mail row per notice, no notice naming nothing."""
    per_person = NotificationClock.objects.values("deadline", "user").annotate(n=Count("id"))
    assert {row["n"] for row in per_person} == {1}
    assert per_person.count() == 2 * clocks
    assert not Deadline.objects.filter(alert_sent_at__isnull=True).exists()
    stamps = Deadline.history.filter(history_change_reason="overdue alert sent")  # type: ignore[attr-defined]
    assert stamps.count() == clocks and stamps.values("id").distinct().count() == clocks
    assert not Notification.objects.filter(clocks__isnull=True).exists()
    assert EmailDelivery.objects.count() == Notification.objects.count()


class WorkerPool(WorkerProcess):
    """A worker as production runs it: a prefork pool of four processes, no beat (the test sends the sweeps)."""

    def start(self) -> None:
        command = [sys.executable, "-m", "celery", "-A", "cse_casework", "worker", "--concurrency=4"]
        command += ["--loglevel=INFO", "--without-gossip", "--without-mingle", "--prefetch-multiplier=1"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )


@pytest.fixture
def pool(require_services, transactional_db, tmp_path):
    process = WorkerPool(tmp_path, tick_seconds=3600)
    process.start()
    yield process
    process.stop()


def test_four_sweeps_at_once_on_a_worker_pool_alert_each_clock_exactly_once(cast, pool: WorkerPool) -> None:
    clocks = clocks_overdue(cast, 2_000)
    assert wait_for(lambda: "ready." in pool.output(), timeout=120), pool.output()[-3000:]
    for _ in range(4):
        app.send_task("reporting.tasks.sweep")
    assert wait_for(lambda: alerts() == 2 * clocks, timeout=300), pool.output()[-3000:]

    def shares() -> list[int]:
        """How many clocks each finished sweep alerted (a sweep that alerted none logs no line)."""
        return sorted(map(int, re.findall(r"sweep: (\d+) overdue alerts", pool.output())), reverse=True)

    assert wait_for(lambda: sum(shares()) == clocks, timeout=300), pool.output()[-3000:]
    time.sleep(1)
    split = shares()
    print(f"\n{clocks} clocks alerted by four sweeps at once, shared {split}")
    assert len(split) >= 2  # the sweeps did share the work, each batch to one of them
    assert_exactly_once(clocks)
    assert wait_for(lambda: not EmailDelivery.objects.filter(sent_at__isnull=True).exists(), timeout=300)


def batch_in_flight() -> str | None:
    """The transaction id of a sweep's batch under way in another session (it holds its claim's row locks)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT backend_xid::text FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL
                AND (query ILIKE '%%reporting_deadline%%' OR query ILIKE '%%reporting_notification%%')
            """
        )
        row = cursor.fetchone()
    return row[0] if row else None


def transaction_status(xid: str) -> str:
    """'in progress', 'committed' or 'aborted' (the 32-bit id widened by the current epoch)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_xact_status(((txid_current() >> 32 << 32) | %s::bigint)::text::xid8)", [xid]
        )
        return str(cursor.fetchone()[0])


def test_a_worker_killed_mid_batch_has_its_batch_rolled_back_and_alerted_once_by_the_next(
    cast, worker: WorkerProcess
) -> None:
    clocks = clocks_overdue(cast, 3_000)
    assert wait_for(lambda: alerts() > 0, timeout=120, step=0.02), worker.output()[-3000:]
    xid = str(wait_for(batch_in_flight, timeout=60, step=0.005) or "")
    assert xid, "no batch seen under way"
    worker.kill(signal.SIGKILL)
    # The killed batch never commits: PostgreSQL rolls it back once its session is found gone.
    assert wait_for(lambda: transaction_status(xid) != "in progress", timeout=60)
    assert transaction_status(xid) == "aborted"
    partial = alerts()
    assert 0 < partial < 2 * clocks
    print(f"\nalerts committed when the worker was killed mid-batch: {partial} of {2 * clocks}")
    worker.start()
    assert wait_for(lambda: alerts() == 2 * clocks, timeout=300), worker.output()[-3000:]
    time.sleep(3 * worker.tick_seconds)  # further sweeps find nothing more
    assert alerts() == 2 * clocks
    assert_exactly_once(clocks)
    assert wait_for(lambda: not EmailDelivery.objects.filter(sent_at__isnull=True).exists(), timeout=300)
